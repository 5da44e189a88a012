import { KeyturnError } from '@keyturn/core';
import { Unzip, type UnzipFile, UnzipInflate } from 'fflate';
import type { PendingFile } from '../scan/file-scan';
import type { Hit } from '../scan/redact';
import { decompress, looksLikeTar, peek } from './compression';
import type { Budget } from './limits';
import { walkTar } from './tar-walk';
import { isXz, xzStream } from './xz';

/** Archives inside archives are opened this many levels down (a jar in a
 * war in an image layer is 2); deeper ones are scanned as bytes. */
export const MAX_NESTING = 4;

export type NestedKind = 'zip' | 'gzip' | 'xz' | 'tar';

/** From magic bytes: zip (jar, war, ear, whl, apk…), gzip (.gz, .tgz), xz
 * (.xz, .txz, .tar.xz; not inside another xz: read/xz.ts), tar. bzip2 is
 * not opened (README "Nested archives"): its bytes are scanned as they are. */
export function nestedKind(head: Uint8Array, insideXz = false): NestedKind | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (isXz(head) && !insideXz) return 'xz';
  if (head.length >= 262 && looksLikeTar(head)) return 'tar';
  return undefined;
}

/** Scans one member: its full path (`app.jar!/BOOT-INF/x.properties`) and
 * bytes, and whether an xz decoder above it is open. */
export type ScanMember = (path: string, content: AsyncIterable<Buffer>, insideXz: boolean) => Promise<PendingFile>;

/**
 * Opens an archive found inside a layer and scans each member as a file of
 * its own, named `archive!/member`; members that are archives are opened in
 * turn (up to MAX_NESTING). Every member counts against max-entries and its
 * bytes against max-size; the ratio is counted over every level (Budget).
 * A member's hits carry its full path.
 */
export async function scanNested(
  kind: NestedKind,
  path: string,
  content: AsyncIterable<Buffer>,
  budget: Budget,
  scanMember: ScanMember,
  insideXz = false,
): Promise<PendingFile> {
  const members: Promise<Hit[]>[] = [];
  const add = (memberPath: string, file: PendingFile) => {
    const hits = file.hits.then((found) => found.map((hit) => (hit.path ? hit : { ...hit, path: memberPath })));
    hits.catch(() => {});
    members.push(hits);
  };
  try {
    if (kind === 'zip') await readZip(path, content, budget, (m, c) => scanMember(m, c, insideXz), add);
    else if (kind === 'tar') await readTar(path, content, budget, (m, c) => scanMember(m, c, insideXz), add);
    else if (kind === 'gzip') {
      await readCompressed(
        path,
        decompress(content, 'gzip', () => {}),
        /\.t?gz$/i,
        budget,
        (m, c) => scanMember(m, c, insideXz),
        add,
      );
    } else {
      const xz = xzStream(content);
      try {
        await readCompressed(path, xz.stream, /\.(txz|xz)$/i, budget, (m, c) => scanMember(m, c, true), add);
      } finally {
        await xz.close();
      }
    }
  } catch (error) {
    // A limit passed is the user's to raise; a corrupt member archive is not
    // the image's fault to fail on: what was read is reported.
    if (error instanceof KeyturnError) throw error;
    for await (const _ of content) {
      // drain what is left, so the layer walk goes on
    }
  }
  const hits = Promise.all(members).then((lists) => lists.flat());
  hits.catch(() => {});
  return { hits };
}

/** A compressed stream: a tar's members, or the one file it holds,
 * named after the archive without its suffix (`NEWS.gz!/NEWS`). */
async function readCompressed(
  path: string,
  inflated: AsyncIterable<Buffer>,
  suffix: RegExp,
  budget: Budget,
  scanMember: (path: string, content: AsyncIterable<Buffer>) => Promise<PendingFile>,
  add: (memberPath: string, file: PendingFile) => void,
): Promise<void> {
  const peeked = await peek(inflated, 512);
  if (looksLikeTar(peeked.head)) {
    await readTar(path, peeked.stream, budget, scanMember, add);
    return;
  }
  const stem = (path.split('!/').pop() ?? path).split('/').pop()?.replace(suffix, '') || 'content';
  const member = `${path}!/${stem}`;
  budget.addEntry();
  add(member, await scanMember(member, peeked.stream));
}

async function readTar(
  path: string,
  content: AsyncIterable<Buffer>,
  budget: Budget,
  scanMember: (path: string, content: AsyncIterable<Buffer>) => Promise<PendingFile>,
  add: (memberPath: string, file: PendingFile) => void,
): Promise<void> {
  await walkTar(content, async (entry) => {
    budget.addEntry();
    if (entry.path === '' || (entry.type !== 'file' && entry.type !== 'contiguous-file')) return;
    const member = `${path}!/${entry.path}`;
    add(member, await scanMember(member, entry.content));
  });
}

/** The bytes of one zip member as fflate inflates them, handed to its
 * scanner as they come. */
class MemberStream implements AsyncIterable<Buffer> {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private drainedWaiter: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Resolves once the reader has taken every chunk pushed so far. */
  drained(): Promise<void> {
    if (this.chunks.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainedWaiter = resolve;
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        if (this.chunks.length === 0) this.drainedWaiter?.();
        yield chunk;
        continue;
      }
      this.drainedWaiter?.();
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

/** A zip (jar, war, whl, apk…) read as a stream with fflate: local headers
 * in order, stored and deflated members; others are skipped. */
async function readZip(
  path: string,
  content: AsyncIterable<Buffer>,
  budget: Budget,
  scanMember: (path: string, content: AsyncIterable<Buffer>) => Promise<PendingFile>,
  add: (memberPath: string, file: PendingFile) => void,
): Promise<void> {
  const open = new Set<MemberStream>();
  const started: Promise<void>[] = [];
  let failure: unknown;
  const unzip = new Unzip((file: UnzipFile) => {
    try {
      budget.addEntry();
    } catch (error) {
      failure ??= error;
      return;
    }
    if (file.name.endsWith('/') || (file.compression !== 0 && file.compression !== 8)) return;
    const member = `${path}!/${file.name.replace(/^\/+/, '')}`;
    const stream = new MemberStream();
    open.add(stream);
    file.ondata = (error, data, final) => {
      if (error) {
        failure ??= error;
        stream.end();
        open.delete(stream);
        return;
      }
      if (data.length > 0) stream.push(data);
      if (final) {
        stream.end();
        open.delete(stream);
      }
    };
    const scanning = scanMember(member, stream).then((pending) => add(member, pending));
    scanning.catch((error: unknown) => {
      failure ??= error;
    });
    started.push(scanning);
    file.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of content) {
    unzip.push(chunk);
    if (failure !== undefined) throw failure;
    // Memory holds what one input chunk inflated to: each member's scanner
    // takes its bytes before the next chunk is pushed.
    await Promise.all([...open].map((stream) => stream.drained()));
  }
  unzip.push(new Uint8Array(0), true);
  for (const stream of open) stream.end();
  await Promise.all(started);
  if (failure !== undefined) throw failure;
}
