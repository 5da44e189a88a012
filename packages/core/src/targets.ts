/**
 * The pieces every destination module's line parser is built from: the
 * error a bad line raises, the fields every target has, and the one place
 * where a name inside a line is checked so that the line names exactly one
 * place (SPEC: no `.` or `..` segments, no `/`, no control characters, no
 * look-alikes). The destination modules and their registry live in
 * ./adapters/destinations, which imports the service SDKs; this file does
 * not, so bundles that only need the types stay small.
 */
export type { Target, TargetKind } from './adapters/destinations';

export type OrgVisibility = 'all' | 'private' | 'selected';

export interface OrgVisibilityRequest {
  visibility: OrgVisibility;
  /** Repository names, for `selected`. */
  repos: readonly string[];
}

export interface TargetBase {
  /** The line as written, for reports. It holds names, never values. */
  readonly line: string;
  readonly name: string;
  /** For a grace period's `NAME_PREVIOUS` companion: the target it shadows
   * (a new GitHub org companion takes that secret's visibility). */
  readonly companionOf?: TargetBase;
}

/** A problem with one line; the caller turns it into an InputError. */
export class TargetSyntaxError extends Error {
  override name = 'TargetSyntaxError';
}

/** How a character the user cannot see is named in a message. */
function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Every character of a target line is printable ASCII: a control character
 * (a CR, a NUL, a tab) could end a log line or a path early, and a non-ASCII
 * look-alike (a Cyrillic а, a fullwidth ．or ／, a zero-width space) reads as
 * one place and names another. The services' own names are ASCII.
 */
export function checkLineCharacters(line: string): void {
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      throw new TargetSyntaxError(`a target line holds control character ${codePoint(char)}; remove it`);
    }
    if (code > 0x7e) {
      throw new TargetSyntaxError(
        `a target line holds non-ASCII character ${codePoint(char)}; service names are ASCII, and a look-alike names another place`,
      );
    }
  }
}

/**
 * The rule every name segment of every destination follows besides its
 * service's own: it names one path segment, so it is not empty, not `.` or
 * `..`, and holds no `/`, `\` or `%` (which URL normalisation or a
 * percent-decoding proxy would turn into another path: `%2e%2e` is `..`).
 */
export function placeSegmentProblem(segment: string): string | undefined {
  if (segment === '') return 'is empty';
  if (segment === '.' || segment === '..') return `is '${segment}', which names the level above, not a place`;
  if (/^\s|\s$/.test(segment)) return 'starts or ends with a space';
  const bad = /[/\\%?#]/.exec(segment);
  if (bad) return `holds '${bad[0]}', which would name another path`;
  return undefined;
}

/** Throws when `segment` breaks the shared rule; `what` names it ("environment 'x'"). */
export function checkPlaceSegment(segment: string, what: string): void {
  const problem = placeSegmentProblem(segment);
  if (problem) throw new TargetSyntaxError(`${what} ${problem}`);
}
