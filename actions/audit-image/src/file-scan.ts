import { createHash } from 'node:crypto';
import type { Budget } from './limits';
import { type Hit, toHit } from './redact';
import type { Scanner } from './rules/engine';
import { matchPathRule } from './rules/paths';
import type { Detection } from './rules/types';

/** Text is scanned in windows of this size; files up to it in one piece. */
const WINDOW = 1024 * 1024;
/** Windows overlap by this much so a secret across a boundary (a 4096-bit
 * RSA key in escaped JSON is ~3.4 KB) is still seen whole. */
const OVERLAP = 16 * 1024;
/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_FILE = 20;

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * Scans one file's bytes as they stream, in overlapping windows: memory holds
 * one window whatever the file's size. Each match is reported by exactly one
 * window (the one in whose non-overlap part it starts). Bytes are read as
 * latin1 so offsets are byte offsets and binaries cannot fail decoding.
 */
export async function scanFile(
  path: string,
  content: AsyncIterable<Buffer>,
  scanner: Scanner,
  budget: Budget,
): Promise<Hit[]> {
  const pathRule = matchPathRule(path);
  const digest = pathRule ? createHash('sha256') : undefined;
  let head = '';
  const hits: Hit[] = [];
  let size = 0;
  let linesBefore = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;

  const scanWindow = (window: Buffer, last: boolean) => {
    const text = window.toString('latin1');
    const reportBefore = last ? text.length : text.length - OVERLAP;
    const detections = scanner.scan(text, path);
    const mine = detections.filter((detection: Detection) => detection.start < reportBefore);
    for (const detection of mine) {
      if (hits.length >= MAX_HITS_PER_FILE) break;
      const line = linesBefore + countNewlines(text, detection.start) + 1;
      hits.push(toHit(text, detection, detections, line));
    }
    if (!last) linesBefore += countNewlines(text, reportBefore);
  };

  for await (const chunk of content) {
    size += chunk.length;
    budget.addBytes(chunk.length);
    digest?.update(chunk);
    if (pathRule && head.length < 65536) head += chunk.subarray(0, 65536).toString('latin1');
    pending.push(chunk);
    pendingLength += chunk.length;
    while (pendingLength >= WINDOW + OVERLAP) {
      const window = Buffer.concat(pending, pendingLength);
      scanWindow(window.subarray(0, WINDOW + OVERLAP), false);
      const rest = window.subarray(WINDOW);
      pending = [Buffer.from(rest)];
      pendingLength = rest.length;
    }
  }
  if (pendingLength > 0) scanWindow(Buffer.concat(pending, pendingLength), true);

  if (pathRule && digest && hits.length === 0 && !(pathRule.harmless?.(head) ?? false)) {
    hits.push({
      ruleId: pathRule.id,
      description: pathRule.description,
      severity: pathRule.severity,
      secretHash: digest.digest('hex'),
      excerpt: `credential file by path (${size} bytes; content not shown)`,
    });
  }
  return hits;
}
