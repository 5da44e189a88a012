import { createHash } from 'node:crypto';
import type { Detection } from './rules/types';

/** What leaves the scanner about one match: never the secret itself. */
export interface Hit {
  readonly ruleId: string;
  readonly description: string;
  readonly severity: Detection['rule']['severity'];
  /** sha256 of the secret, hex: the fingerprint's ingredient. */
  readonly secretHash: string;
  readonly excerpt: string;
  /** 1-based line in the file, when the hit is in a file. */
  readonly line?: number;
  /** The allowlist names it (listed in the summary, never failing). */
  readonly allowlisted?: boolean;
  /** For a member of an archive inside the file: its full path
   * (`app/lib/app.jar!/BOOT-INF/classes/application.properties`). */
  readonly path?: string;
  /** The hashes of the file the hit is in, where a package record could
   * explain it (read/packages.ts digestsWanted). */
  readonly file?: { readonly md5?: string; readonly sha1?: string; readonly sha256?: string };
}

/** The hits a capped list keeps: reported ones first, most severe first
 * (then in text order), up to `max`; then up to `max` allowlisted ones. */
export function keepUnderCap<T extends { readonly severity: Hit['severity']; readonly allowlisted?: boolean }>(
  hits: readonly T[],
  max: number,
): T[] {
  const reported = hits.filter((hit) => !hit.allowlisted);
  const allowlisted = hits.filter((hit) => hit.allowlisted);
  if (reported.length <= max && allowlisted.length <= max) return [...hits];
  const rank = { high: 3, medium: 2, low: 1 } as const;
  const pick = (list: T[]) => {
    if (list.length <= max) return new Set(list);
    const order = list.map((hit, index) => ({ hit, index }));
    order.sort((a, b) => rank[b.hit.severity] - rank[a.hit.severity] || a.index - b.index);
    return new Set(order.slice(0, max).map(({ hit }) => hit));
  };
  const kept = new Set([...pick(reported), ...pick(allowlisted)]);
  return hits.filter((hit) => kept.has(hit));
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const CONTEXT_BEFORE = 32;
const CONTEXT_AFTER = 16;

/** A run of token characters long and mixed enough to be a credential that
 * no rule named; excerpts drop these too, as a last guard. */
const RANDOM_RUN = /[A-Za-z0-9+/=_~.-]{20,}/g;

export function scrubRandomRuns(text: string): string {
  return text.replace(RANDOM_RUN, (run) =>
    /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !/^[a-z._-]+$/i.test(run) ? '…' : run,
  );
}

/**
 * The line around a detection with the secret replaced by `‹redacted N›`
 * (keeping only a documented, non-secret prefix such as `ghp_`), every other
 * copy of it and every other detection on the line redacted too, and cut to
 * a short window. Copies are replaced before the text is cut, so a copy
 * that the cut would halve is never shown in part.
 */
export function redactedExcerpt(text: string, detection: Detection, others: readonly Detection[] = []): string {
  const secrets = [
    detection.secret,
    ...others.filter((other) => other !== detection && other.secret !== '').map((other) => other.secret),
  ].sort((a, b) => b.length - a.length);
  // Every copy that reaches into the shown window lies within this reach.
  const reach = Math.max(...secrets.map((secret) => secret.length));
  const lineStart = Math.max(text.lastIndexOf('\n', detection.start - 1) + 1, detection.start - CONTEXT_BEFORE - reach);
  const newline = text.indexOf('\n', detection.end);
  const lineEnd = Math.min(newline === -1 ? text.length : newline, detection.end + CONTEXT_AFTER + reach);
  const keep = detection.rule.visiblePrefix ?? 0;
  const shown = `${detection.secret.slice(0, keep)}‹redacted ${detection.secret.length - keep} chars›`;
  const redactAll = (part: string) => {
    let out = part;
    for (const secret of secrets) out = out.split(secret).join('‹redacted›');
    return out;
  };
  const beforeAll = redactAll(text.slice(lineStart, detection.start));
  const afterAll = redactAll(text.slice(detection.end, lineEnd));
  const before = cutAtMarker(beforeAll, CONTEXT_BEFORE, 'start');
  const after = cutAtMarker(afterAll, CONTEXT_AFTER, 'end');
  const clean = (part: string) =>
    scrubRandomRuns(part)
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[^\x20-\x7e…‹›]/g, '.');
  const prefix =
    before.length < beforeAll.length || (lineStart > 0 && text[lineStart - 1] !== '\n' && before === beforeAll)
      ? '…'
      : '';
  const suffix =
    after.length < afterAll.length || (lineEnd < text.length && text[lineEnd] !== '\n' && after === afterAll)
      ? '…'
      : '';
  return `${prefix}${clean(before)}${shown}${clean(after)}${suffix}`;
}

/** The last (`from: 'start'` cuts the start away) or first `size`
 * characters of `text`, never cutting a `‹redacted›` marker in two. */
function cutAtMarker(text: string, size: number, from: 'start' | 'end'): string {
  if (text.length <= size) return text;
  if (from === 'start') {
    let at = text.length - size;
    const open = text.lastIndexOf('‹', at);
    const close = text.lastIndexOf('›', at);
    if (open > close) at = open;
    return text.slice(at);
  }
  let at = size;
  const open = text.lastIndexOf('‹', at);
  const close = text.lastIndexOf('›', at - 1);
  if (open > close && open < at) {
    const end = text.indexOf('›', at);
    at = end === -1 ? open : end + 1;
  }
  return text.slice(0, at);
}

export function toHit(text: string, detection: Detection, others: readonly Detection[], line?: number): Hit {
  const base = {
    ruleId: detection.rule.id,
    description: detection.rule.description,
    severity: detection.rule.severity,
    secretHash: sha256Hex(detection.secret),
    excerpt: redactedExcerpt(text, detection, others),
    ...(detection.allowlisted ? { allowlisted: true } : {}),
  };
  return line === undefined ? base : { ...base, line };
}

/** A hit for a secret found as a structured value (an env var, a build arg),
 * shown as `KEY=‹redacted N chars›`. */
export function valueHit(
  rule: { id: string; description: string; severity: Hit['severity'] },
  key: string,
  secret: string,
): Hit {
  return {
    ruleId: rule.id,
    description: rule.description,
    severity: rule.severity,
    secretHash: sha256Hex(secret),
    excerpt: `${scrubRandomRuns(key).slice(0, 80)}=‹redacted ${secret.length} chars›`,
  };
}
