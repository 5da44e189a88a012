import { createHash } from 'node:crypto';
import type { Budget } from './limits';
import type { Hit } from './redact';
import { matchPathRule } from './rules/paths';
import { OVERLAP, type WindowResult, type WindowScanner } from './scan-pool';

/** Text is scanned in windows of this size; files up to it in one piece. */
const WINDOW = 1024 * 1024;

/** Hits of one file, known once its windows are scanned. */
export interface PendingFile {
  readonly hits: Promise<Hit[]>;
}

/**
 * Reads one file's bytes as they stream and hands them, in overlapping
 * windows, to the window scanner: memory holds one window whatever the
 * file's size. Returns once the bytes are read; the hits follow when the
 * scanner (maybe a worker thread) is done, so reading never waits on regexes.
 */
export async function scanFile(
  path: string,
  content: AsyncIterable<Buffer>,
  scanner: WindowScanner,
  budget: Budget,
): Promise<PendingFile> {
  const pathRule = matchPathRule(path);
  const digest = pathRule ? createHash('sha256') : undefined;
  let head = '';
  let size = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const windows: Promise<WindowResult>[] = [];
  // A window may fail (its scan worker stopped) while the file is still
  // being read, before Promise.all below is attached: unhandled, that would
  // stop the reading thread with a less telling error.
  const scan = (parts: readonly Uint8Array[], length: number, last: boolean) => {
    const result = scanner.scan(parts, length, path, last);
    result.catch(() => {});
    windows.push(result);
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
      scan([window.subarray(0, WINDOW + OVERLAP)], WINDOW + OVERLAP, false);
      const rest = window.subarray(WINDOW);
      pending = [Buffer.from(rest)];
      pendingLength = rest.length;
    }
  }
  if (pendingLength > 0 || windows.length === 0) {
    scan(pending, pendingLength, true);
  }

  const hits = Promise.all(windows).then((results) => {
    const found: Hit[] = [];
    let linesBefore = 0;
    for (const result of results) {
      for (const hit of result.hits) {
        if (found.length < MAX_HITS_PER_FILE) found.push({ ...hit, line: linesBefore + (hit.line ?? 1) });
      }
      linesBefore += result.newlines;
    }
    if (pathRule && digest && found.length === 0 && !(pathRule.harmless?.(head) ?? false)) {
      found.push({
        ruleId: pathRule.id,
        description: pathRule.description,
        severity: pathRule.severity,
        secretHash: digest.digest('hex'),
        excerpt: `credential file by path (${size} bytes; content not shown)`,
      });
    }
    return found;
  });
  // Rejections surface when the layer awaits its files; avoid an unhandled
  // rejection before then.
  hits.catch(() => {});
  return { hits };
}

/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_FILE = 20;
