import type { Annotation, ArchiveModel, ContainerConfig, ImageModel } from '../model/image-model';
import { type Hit, scrubRandomRuns, toHit, valueHit } from './redact';
import type { Scanner } from './rules/engine';
import { isPlaceholder } from './rules/entropy';

/** A hit outside layer files: history, config, annotations, attestations. */
export interface MetaHit {
  readonly source: 'history' | 'config' | 'annotation' | 'attestation';
  /** Stable across rebuilds (no history index): part of the fingerprint. */
  readonly location: string;
  readonly hit: Hit;
  /** Image refs the hit belongs to (empty: the archive as a whole). */
  readonly refs: readonly string[];
  /** The history instruction, for history hits. */
  readonly createdBy?: string;
}

const SENSITIVE_NAME =
  /secret|token|passw(?:or)?d|passwd|pwd|(?:^|[_-])pass(?:phrase)?(?:$|[_-])|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth(?!or)/i;
const NOT_SECRET_NAME =
  /(?:file|path|dir|url|uri|endpoint|host|type|name|id|version|ttl|timeout|length|header|method|mode|enabled|disabled|expires?|expiry|provider|algorithm|scopes?)$/i;

export const SECRET_NAMED_VALUE = {
  id: 'secret-named-value',
  description: 'Value of a variable, build arg or label whose name says it is a secret',
  severity: 'medium',
} as const;

/** A KEY=value whose key names a secret and whose value is not a placeholder
 * (`${TOKEN}`, empty, `changeme`), a path, a number or a flag. */
export function isSecretNamedValue(key: string, value: string): boolean {
  const name = key.replace(/^build-arg:/, '');
  if (!SENSITIVE_NAME.test(name) || NOT_SECRET_NAME.test(name.replace(/[^A-Za-z0-9]+$/, ''))) return false;
  const v = value.trim();
  if (v.length < 6 || isPlaceholder(v)) return false;
  if (/^\d+$/.test(v) || /^\.{0,2}\//.test(v) || v.toLowerCase() === name.toLowerCase()) return false;
  return true;
}

/** `KEY=value` pairs after `ARG`/`ENV` (`ENV A=1 B="two words"`). */
function assignments(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = match[2] ?? '';
    out.push([match[1] ?? '', raw.replace(/^(["'])(.*)\1$/s, '$2')]);
  }
  return out;
}

/** Build args the classic builder and BuildKit record in `created_by`:
 * `|2 NPM_TOKEN=… FOO=… /bin/sh -c …` gives its N pairs. */
export function buildArgsOf(createdBy: string): [string, string][] {
  const match = /(?:^|\bRUN\s+)\|(\d+)\s+(.*)$/s.exec(createdBy);
  if (!match) return [];
  const count = Number(match[1]);
  const pairs: [string, string][] = [];
  let rest = match[2] ?? '';
  for (let i = 0; i < count; i++) {
    const pair = /^([^=\s]+)=(\S*)\s*/.exec(rest);
    if (!pair) break;
    pairs.push([pair[1] ?? '', pair[2] ?? '']);
    rest = rest.slice(pair[0].length);
  }
  return pairs;
}

/** `ARG KEY=value` / `ENV KEY=value`, from BuildKit or `#(nop)` lines. */
export function declaredValuesOf(createdBy: string): [string, string][] {
  const match = /(?:^|#\(nop\)\s+|\s)(?:ARG|ENV)\s+(.*)$/s.exec(createdBy.trim());
  return match ? assignments(match[1] ?? '') : [];
}

/**
 * A history instruction fit to print: every detected secret, every value of
 * a build arg or ARG/ENV whose name says secret, and any long random-looking
 * run replaced. `created_by` is where build args leak, so it is never shown
 * raw.
 */
export function safeInstruction(createdBy: string, scanner: Scanner): string {
  let text = createdBy;
  for (const detection of scanner.scan(createdBy)) text = text.split(detection.secret).join('‹redacted›');
  for (const [key, value] of [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)]) {
    // The value alone, wherever it stands: `KEY="two words"` is parsed
    // without its quotes, so `KEY=value` would not match the text.
    if (value.length >= 4 && isSecretNamedValue(key, value)) text = text.split(value).join('‹redacted›');
  }
  return scrubRandomRuns(text);
}

export class MetadataChecker {
  private readonly scanner: Scanner;
  readonly hits: MetaHit[] = [];

  constructor(scanner: Scanner) {
    this.scanner = scanner;
  }

  /** Content rules over a string; key-name heuristics over its pairs, for
   * values the content rules did not already report. */
  private check(
    source: MetaHit['source'],
    location: string,
    text: string,
    pairs: [string, string][],
    refs: readonly string[],
    createdBy?: string,
  ): void {
    const detections = this.scanner.scan(text);
    const shown = createdBy === undefined ? undefined : safeInstruction(createdBy, this.scanner);
    const push = (hit: Hit) =>
      this.hits.push(
        shown === undefined ? { source, location, hit, refs } : { source, location, hit, refs, createdBy: shown },
      );
    for (const detection of detections) push(toHit(text, detection, detections));
    const found = new Set(detections.map((d) => d.secret));
    for (const [key, value] of pairs) {
      if ([...found].some((secret) => value.includes(secret))) continue;
      if (isSecretNamedValue(key, value)) {
        this.hits.push({
          source,
          location: `${location}:${key}`,
          hit: valueHit(SECRET_NAMED_VALUE, key, value),
          refs,
          ...(shown === undefined ? {} : { createdBy: shown }),
        });
      }
    }
  }

  checkModel(model: ArchiveModel): void {
    for (const image of model.images) this.checkImage(image);
    this.checkAnnotations(model.annotations, []);
    for (const attestation of model.attestations) {
      const type = isRecord(attestation.statement)
        ? String(attestation.statement.predicateType ?? 'statement')
        : 'statement';
      const short = type.replace(/^https?:\/\//, '').replace(/\/$/, '');
      const refs = model.images.flatMap((image) => image.refs);
      walkStrings(attestation.statement, [], (path, value) => {
        const key = path[path.length - 1] ?? '';
        this.check(
          'attestation',
          `attestation:${safeName(short, this.scanner) ? short : '*'}:${path.map((part) => (safeName(part, this.scanner) ? part : '*')).join('.')}`,
          value,
          [[key, value]],
          attestation.subject ? [attestation.subject] : refs,
        );
      });
    }
  }

  private checkImage(image: ImageModel): void {
    const config = image.config;
    for (const entry of config?.history ?? []) {
      const createdBy = entry.created_by ?? '';
      if (createdBy === '') continue;
      const pairs = [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)];
      this.check('history', 'history:created_by', createdBy, pairs, image.refs, createdBy);
    }
    for (const [label, container] of [
      ['config', config?.config],
      ['container_config', config?.container_config],
    ] as const) {
      if (container) this.checkContainer(label, container, image.refs);
    }
    this.checkAnnotations(image.annotations, image.refs);
  }

  private checkContainer(label: string, container: ContainerConfig, refs: readonly string[]): void {
    container.Env.forEach((env, index) => {
      const at = env.indexOf('=');
      const key = at === -1 ? env : env.slice(0, at);
      const where = safeName(key, this.scanner) ? `${label}:Env:${key}` : `${label}:Env[${index}]`;
      this.check('config', where, env, [[key, at === -1 ? '' : env.slice(at + 1)]], refs);
    });
    container.Labels.forEach(([key, value], index) => {
      const where = safeName(key, this.scanner) ? `${label}:Labels:${key}` : `${label}:Labels[${index}]`;
      this.check('config', where, `${key}=${value}`, [[key, value]], refs);
    });
    const commands: [string, readonly string[]][] = [
      ['Entrypoint', container.Entrypoint],
      ['Cmd', container.Cmd],
      ['Healthcheck', container.Healthcheck],
      ['OnBuild', container.OnBuild],
    ];
    for (const [field, value] of commands) {
      const text = value.join(' ');
      if (text === '') continue;
      const pairs = field === 'OnBuild' ? value.flatMap((line) => declaredValuesOf(line)) : assignments(text);
      this.check('config', `${label}:${field}`, text, pairs, refs);
    }
  }

  private checkAnnotations(annotations: readonly Annotation[], refs: readonly string[]): void {
    for (const [index, annotation] of annotations.entries()) {
      this.check(
        'annotation',
        safeName(annotation.key, this.scanner) ? `annotation:${annotation.key}` : `annotation[${index}]`,
        `${annotation.key}=${annotation.value}`,
        [[annotation.key, annotation.value]],
        refs,
      );
    }
  }
}

/** Whether a key from the image may name a location: a plain name that
 * holds no detected secret and nothing random-looking. A location is shown
 * everywhere (log, summary, SARIF, fingerprint input), so a key that is
 * itself a token (an `Env` entry without `=`, a label key) is named by its
 * position instead. */
export function safeName(key: string, scanner: Scanner): boolean {
  if (!/^[A-Za-z0-9_.:/@+-]{1,128}$/.test(key)) return false;
  if (key.split(/[/:@]/).some((part) => scrubRandomRuns(part) !== part)) return false;
  return scanner.scan(key).length === 0;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every string leaf of a JSON value with its key path. Array indexes are
 * left out of the path so a location stays stable when entries move. */
function walkStrings(value: unknown, path: string[], visit: (path: string[], value: string) => void, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, path, visit, depth + 1);
  else if (isRecord(value))
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit, depth + 1);
}
