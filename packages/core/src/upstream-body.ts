import { UpstreamError, withoutQuotedBody } from './errors';

/**
 * The one place where keyturn turns an upstream answer's body into data.
 *
 * An answer body may hold every config var of an app (Heroku), a secret's
 * value (SSM, Infisical) or a token; a proxy's HTML page may echo any of it.
 * So a body that is not what the service documents — not JSON, a UTF-8 BOM
 * ahead of the document, truncated, the wrong shape, too large — becomes an
 * `UpstreamError` that names the service, the status and what was wrong in
 * keyturn's own words. The body itself never reaches a message, a stack, a
 * log or an error property: the parser's own error (whose message quotes the
 * text around the fault) is dropped, not wrapped.
 */

/** Far above any answer keyturn reads (Heroku config ≤ 32 KB, a GitHub
 * page of 100 secrets ≈ 20 KB, an SSM history page of 50 versions). */
export const MAX_UPSTREAM_BODY_BYTES = 4 * 1024 * 1024;

export interface BodySource {
  /** The service, as a user knows it: "Heroku", "Infisical". */
  service: string;
  status: number;
  /** What was asked, in a few words ("the config vars of app acme-api"). */
  what?: string | undefined;
  /** The answer's Content-Type, when known: named in the message. */
  contentType?: string | undefined;
}

function describe(source: BodySource): string {
  return source.what ? `the answer to ${source.what}` : 'the answer';
}

function contentTypeNote(source: BodySource): string {
  const type = /^[\w.+-]+\/[\w.+-]+/.exec(source.contentType ?? '')?.[0];
  return type ? `, Content-Type ${type}` : '';
}

/** A 2xx answer keyturn cannot use: not retryable (the same proxy or the
 * same bug answers the same way), and never holding the body. */
export function malformedAnswer(source: BodySource, problem: string): UpstreamError {
  return new UpstreamError(`${describe(source)} ${problem}; its body is not shown`, {
    service: source.service,
    status: source.status,
    retryable: false,
  });
}

/** A success body as JSON, or an UpstreamError without the body. An empty
 * body is `undefined` (a 204, or a PATCH the service answers bare). */
export function parseUpstreamJson(text: string, source: BodySource): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_UPSTREAM_BODY_BYTES) {
    throw malformedAnswer(source, `is ${bytes} bytes, more than keyturn reads (${MAX_UPSTREAM_BODY_BYTES})`);
  }
  if (text.length === 0) return undefined;
  if (text.charCodeAt(0) === 0xfeff) {
    throw malformedAnswer(
      source,
      `starts with a byte-order mark, so it is not JSON (${bytes} bytes${contentTypeNote(source)})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    // The SyntaxError quotes the text around the fault: dropped on purpose.
    const kind = /^\s*</.test(text) ? 'an HTML or XML page' : 'malformed';
    throw malformedAnswer(source, `is not JSON: ${kind} (${bytes} bytes${contentTypeNote(source)})`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A success body that must be a JSON object. */
export function parseUpstreamObject(text: string, source: BodySource): Record<string, unknown> {
  const value = parseUpstreamJson(text, source);
  if (!isPlainObject(value)) {
    throw malformedAnswer(source, `is JSON but not an object (${value === undefined ? 'empty' : jsonKind(value)})`);
  }
  return value;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** An error answer's body, when it is a JSON object; otherwise undefined.
 * Error bodies are only ever read for a service's documented fields (an
 * error id, a message), never kept whole. */
export function parseErrorDocument(text: string): Record<string, unknown> | undefined {
  if (text.length === 0 || Buffer.byteLength(text, 'utf8') > MAX_UPSTREAM_BODY_BYTES) return undefined;
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Upstream text is never echoed beyond this many characters. */
export const UPSTREAM_TEXT_MAX = 200;

/**
 * A service's own words (an error message) in the short, sanitized form
 * keyturn repeats: one line (control and line-break characters become
 * spaces), at most UPSTREAM_TEXT_MAX characters. Known values, their
 * encodings and any 12-character slice of them are scrubbed later, on every
 * line keyturn writes (SecretRegistry.redact).
 */
export function upstreamText(text: string, max = UPSTREAM_TEXT_MAX): string {
  const unquoted = withoutQuotedBody(text);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const line = unquoted.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
