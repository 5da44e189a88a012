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
 * (keeping only a documented, non-secret prefix such as `ghp_`), other
 * detections on the same line redacted too, and cut to a short window.
 */
export function redactedExcerpt(text: string, detection: Detection, others: readonly Detection[] = []): string {
  const lineStart = Math.max(text.lastIndexOf('\n', detection.start - 1) + 1, detection.start - CONTEXT_BEFORE);
  const newline = text.indexOf('\n', detection.end);
  const lineEnd = Math.min(newline === -1 ? text.length : newline, detection.end + CONTEXT_AFTER);
  const keep = detection.rule.visiblePrefix ?? 0;
  const shown = `${detection.secret.slice(0, keep)}‹redacted ${detection.secret.length - keep} chars›`;
  let before = text.slice(lineStart, detection.start);
  let after = text.slice(detection.end, lineEnd);
  for (const other of others) {
    if (other === detection) continue;
    before = before.split(other.secret).join('‹redacted›');
    after = after.split(other.secret).join('‹redacted›');
  }
  const clean = (part: string) =>
    scrubRandomRuns(part)
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[^\x20-\x7e…‹›]/g, '.');
  const prefix = lineStart > 0 && text[lineStart - 1] !== '\n' ? '…' : '';
  const suffix = lineEnd < text.length && text[lineEnd] !== '\n' ? '…' : '';
  return `${prefix}${clean(before)}${shown}${clean(after)}${suffix}`;
}

export function toHit(text: string, detection: Detection, others: readonly Detection[], line?: number): Hit {
  const base = {
    ruleId: detection.rule.id,
    description: detection.rule.description,
    severity: detection.rule.severity,
    secretHash: sha256Hex(detection.secret),
    excerpt: redactedExcerpt(text, detection, others),
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
