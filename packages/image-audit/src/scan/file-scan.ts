import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import type { Budget } from '../read/limits';
import { MAX_NESTING, nestedKind, scanNested } from '../read/nested';
import { digestsWanted, type FileDigests, fileDigests } from '../read/packages';
import { type Hit, keepUnderCap, sha256Hex } from './redact';
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
  depth = 0,
  insideXz = false,
): Promise<PendingFile> {
  // The first chunk tells an archive (a jar, a .tgz…) from any other file;
  // the rest of the file is read from the same iterator.
  const iterator = content[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstChunk: Buffer | undefined = first.done ? undefined : first.value;
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => iterator };
  const kind = firstChunk && depth < MAX_NESTING ? nestedKind(firstChunk, insideXz) : undefined;
  if (kind && firstChunk) {
    // An archive a package installed (docs' .gz, a .jar in /usr/share/java)
    // is explained by its own hash: its members' hits carry it.
    const digests = fileDigests(digestsWanted(path));
    const whole = (async function* () {
      digests?.update(firstChunk);
      yield firstChunk;
      for await (const chunk of rest) {
        digests?.update(chunk);
        yield chunk;
      }
    })();
    const scanned = await scanNested(
      kind,
      path,
      whole,
      budget,
      (member, bytes, xz) => scanFile(member, bytes, scanner, budget, depth + 1, xz),
      insideXz,
    );
    const container = digests?.result();
    const members: PendingFile = container
      ? { hits: scanned.hits.then((hits) => hits.map((hit) => ({ ...hit, file: container }))) }
      : scanned;
    members.hits.catch(() => {});
    const pathRule = matchPathRule(path);
    if (!pathRule) return members;
    // A credential file by its name (a keystore.jks is a zip) is still one.
    const hits = members.hits.then((found) => [
      ...found,
      {
        ruleId: pathRule.id,
        description: pathRule.description,
        severity: pathRule.severity,
        secretHash: sha256Hex(`path:${path}`),
        excerpt: 'credential file by path (an archive; content not shown)',
      },
    ]);
    hits.catch(() => {});
    return { hits };
  }
  return scanPlain(path, firstChunk, rest, scanner, budget);
}

async function scanPlain(
  path: string,
  firstChunk: Buffer | undefined,
  content: AsyncIterable<Buffer>,
  scanner: WindowScanner,
  budget: Budget,
): Promise<PendingFile> {
  const pathRule = matchPathRule(path);
  const digest = pathRule ? createHash('sha256') : undefined;
  // The file's own hashes, for the third-party check, only where a package
  // record could explain it: a file up to KEEP_FOR_HASHING is kept until
  // its hits are known (hashed only when it has some); a larger one is
  // hashed as it streams.
  const wanted = digestsWanted(path);
  let kept: Buffer[] | undefined = wanted.md5 || wanted.sha1 || wanted.sha256 ? [] : undefined;
  let digests: FileDigests | undefined;
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

  let decoder: TextDecoder | undefined;
  let first = true;
  const add = (bytes: Buffer) => {
    pending.push(bytes);
    pendingLength += bytes.length;
  };
  const take = (chunk: Buffer) => {
    size += chunk.length;
    budget.addBytes(chunk.length);
    digest?.update(chunk);
    if (kept) {
      kept.push(chunk);
      if (size > KEEP_FOR_HASHING) {
        digests = fileDigests(wanted);
        for (const part of kept) digests?.update(part);
        kept = undefined;
      }
    } else {
      digests?.update(chunk);
    }
    if (pathRule && head.length < 65536) head += chunk.subarray(0, 65536).toString('latin1');
    if (first) {
      first = false;
      const encoding = utf16Of(chunk);
      if (encoding) decoder = new TextDecoder(encoding);
    }
    // UTF-16 text is scanned as UTF-8, as any other text file is read.
    add(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
    while (pendingLength >= WINDOW + OVERLAP) {
      // The window is handed over as the chunks it spans, not joined: the
      // ring copies them in place, and only a window scanned on this thread
      // is joined (a 1 MiB copy and allocation fewer per window, with
      // less garbage to collect on the reading thread).
      const [window, rest] = cut(pending, WINDOW + OVERLAP, WINDOW);
      scan(window, WINDOW + OVERLAP, false);
      pending = rest;
      pendingLength -= WINDOW;
    }
  };
  if (firstChunk) take(firstChunk);
  for await (const chunk of content) take(chunk);
  if (decoder) add(Buffer.from(decoder.decode(), 'utf8'));
  if (pendingLength > 0 || windows.length === 0) {
    scan(pending, pendingLength, true);
  }

  const hits = Promise.all(windows).then((results) => {
    let all: Hit[] = [];
    let linesBefore = 0;
    for (const result of results) {
      for (const hit of result.hits) all.push({ ...hit, line: linesBefore + (hit.line ?? 1) });
      linesBefore += result.newlines;
      if (all.length > 4 * MAX_HITS_PER_FILE) all = keepUnderCap(all, MAX_HITS_PER_FILE);
    }
    let found = keepUnderCap(all, MAX_HITS_PER_FILE);
    if (found.length > 0 && (kept || digests)) {
      if (kept) {
        digests = fileDigests(wanted);
        for (const part of kept) digests?.update(part);
      }
      const file = digests?.result();
      if (file) found = found.map((hit) => ({ ...hit, file }));
    }
    kept = undefined;
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

/** A package file up to this size is kept (the chunks it was read in,
 * until its hits are known) and hashed only when it has some; a larger one
 * is hashed as it streams. At 1 MiB, every shared library, archive and
 * binary past it was hashed on the reading thread (md5 and sha1 on system
 * paths, sha256 on Python's), nearly always for nothing: on the 1 GiB bench
 * image ~215 MB of them. What is kept is the files whose windows wait in
 * the ring (bounded by it) and the one being read. */
const KEEP_FOR_HASHING = 4 * 1024 * 1024;

/** The chunks holding the first `length` bytes of `parts`, and those from
 * byte `from` on (the next window, which overlaps this one): views into the
 * same chunks, nothing copied. */
export function cut(parts: readonly Buffer[], length: number, from: number): [Buffer[], Buffer[]] {
  const window: Buffer[] = [];
  const rest: Buffer[] = [];
  let at = 0;
  for (const part of parts) {
    const end = at + part.length;
    if (at < length) window.push(end <= length ? part : part.subarray(0, length - at));
    if (end > from) rest.push(at >= from ? part : part.subarray(from - at));
    at = end;
  }
  return [window, rest];
}

const printable = (byte: number | undefined) =>
  byte !== undefined && ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d);

/** UTF-16 by its byte-order mark, or without one by its shape: text whose
 * first characters are all ASCII has a zero in every other byte. */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(128, Math.floor(head.length / 2));
  if (pairs < 8) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i + 1] === 0 && printable(head[i])) le++;
    if (head[i] === 0 && printable(head[i + 1])) be++;
  }
  if (le === pairs) return 'utf-16le';
  if (be === pairs) return 'utf-16be';
  return undefined;
}
