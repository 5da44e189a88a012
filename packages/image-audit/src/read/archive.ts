import { errorMessage, InputError, KeyturnError } from '@keyturn/core';
import { type PendingFile, scanFile } from '../scan/file-scan';
import type { WindowScanner } from '../scan/scan-pool';
import { type Compression, decompress, detectCompression, isZeroBlock, looksLikeTar, peek } from './compression';
import { type FileHit, type LayerScan, scanLayer } from './layer';
import type { Budget } from './limits';
import { normalizePath, type TarEntry, walkTar } from './tar-walk';

/** JSON documents (manifests, configs, indexes, attestations) are kept
 * whole; anything larger is not metadata and is scanned as a file. */
const MAX_JSON = 16 * 1024 * 1024;

/** Image metadata is a few levels deep; a document nested past this is not
 * metadata (and would cost a stack to copy between threads or walk). */
const MAX_JSON_DEPTH = 128;

/** Whether JSON text nests at most `max` levels (strings skipped). */
export function nestedAtMost(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return true;
}

export interface BlobLayer {
  readonly scan: LayerScan;
  readonly compression: Compression;
  readonly compressedBytes: number;
}

/** Everything one pass over the archive learned. */
export interface ArchiveContents {
  /** Parsed JSON entries by normalised name. */
  readonly json: Map<string, unknown>;
  /** Layer scans by entry name (a layer is found by content, not by name). */
  readonly layers: Map<string, BlobLayer>;
  /** Symlinks and hard links between entries: name -> target name. */
  readonly links: Map<string, string>;
  /** Hits in entries that are neither JSON nor a layer. */
  readonly otherHits: FileHit[];
  /** Hits in JSON entries, kept apart: an entry the image model reads
   * (config, manifest, index, attestation) is checked field by field, and
   * only the others (unreferenced blobs, artifacts) report these. */
  readonly jsonHits: Map<string, FileHit[]>;
  readonly names: Set<string>;
  /** What a reader should know about the archive itself (skipped entries). */
  readonly notes: string[];
  outerCompression: Compression;
}

export const ARCHIVE_FIX =
  'Give the output of `docker save IMAGE -o image.tar` (optionally gzip- or zstd-compressed) or an OCI image layout packed with tar.';

async function* single(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

function resolveLink(name: string, target: string, hard: boolean): string {
  if (hard || target.startsWith('/')) return normalizePath(target);
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
  return normalizePath(`${dir}/${target}`);
}

/**
 * Reads a `docker save` or OCI layout archive in ONE streaming pass. Entries
 * are classified by content (JSON, a tar layer plain/gzip/zstd, anything
 * else), because manifest.json may come last and blob names say nothing.
 * Layers are scanned as they stream by; which image and position each layer
 * has is worked out afterwards from the JSON (see image-model.ts).
 */
export async function readArchive(
  source: AsyncIterable<Buffer>,
  scanner: WindowScanner,
  budget: Budget,
): Promise<ArchiveContents> {
  const scanning: Promise<void>[] = [];
  const contents: ArchiveContents = {
    json: new Map(),
    layers: new Map(),
    links: new Map(),
    otherHits: [],
    jsonHits: new Map(),
    names: new Set(),
    notes: [],
    outerCompression: 'none',
  };
  const outer = await peek(source, 512);
  contents.outerCompression = detectCompression(outer.head);
  const tar = decompress(outer.stream, contents.outerCompression, (n) => budget.addArchiveBytes(n));

  try {
    await walkTar(tar, (entry) => readEntry(entry));
  } catch (error) {
    if (error instanceof KeyturnError) throw error;
    throw new InputError('archive', `is not a readable tar archive (${errorMessage(error)})`, ARCHIVE_FIX);
  }
  await Promise.all(scanning);
  return contents;

  function otherFile(path: string, file: PendingFile): void {
    scanning.push(
      file.hits.then((hits) => {
        for (const hit of hits) contents.otherHits.push({ path: hit.path ?? path, hit });
      }),
    );
  }

  async function readEntry(entry: TarEntry): Promise<void> {
    budget.addEntry();
    if (entry.path === '') return;
    contents.names.add(entry.path);
    if (entry.type === 'symlink' || entry.type === 'link') {
      if (entry.linkname)
        contents.links.set(entry.path, resolveLink(entry.path, entry.linkname, entry.type === 'link'));
      return;
    }
    if (entry.type !== 'file' && entry.type !== 'contiguous-file') return;

    const { head, stream } = await peek(entry.content, 512);
    const firstByte = head.toString('latin1').trimStart()[0];
    if ((firstByte === '{' || firstByte === '[') && entry.size <= MAX_JSON) {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      budget.addBytes(text.length);
      try {
        if (!nestedAtMost(text, MAX_JSON_DEPTH)) {
          contents.notes.push(
            `${entry.path} is JSON nested deeper than ${MAX_JSON_DEPTH} levels: it was scanned as a file, not read as image metadata`,
          );
          throw new Error('too deep');
        }
        contents.json.set(entry.path, JSON.parse(text));
        const path = entry.path;
        const file = await scanFile(path, single(Buffer.from(text)), scanner, budget);
        scanning.push(
          file.hits.then((hits) => {
            if (hits.length > 0)
              contents.jsonHits.set(
                path,
                hits.map((hit) => ({ path, hit })),
              );
          }),
        );
        return;
      } catch {
        otherFile(entry.path, await scanFile(entry.path, single(Buffer.from(text)), scanner, budget));
        return;
      }
    }
    const compression = detectCompression(head);
    let compressedBytes = 0;
    const inflated = await peek(
      decompress(stream, compression, (n) => {
        compressedBytes += n;
      }),
      512,
    );
    if (
      looksLikeTar(inflated.head) ||
      isZeroBlock(inflated.head) ||
      (compression !== 'none' && inflated.head.length === 0)
    ) {
      let uncompressed = 0;
      const ratioChecked = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of inflated.stream) {
          uncompressed += chunk.length;
          budget.checkRatio(entry.path, compressedBytes, uncompressed);
          yield chunk;
        }
      };
      let scan: LayerScan;
      try {
        const layer = await scanLayer(ratioChecked(), scanner, budget);
        scan = layer.scan;
        scanning.push(layer.scanned);
      } catch (error) {
        if (error instanceof KeyturnError) throw error;
        throw new InputError(
          'archive',
          `has a layer ${entry.path} that cannot be read (${errorMessage(error)})`,
          ARCHIVE_FIX,
        );
      }
      contents.layers.set(entry.path, { scan, compression, compressedBytes });
      return;
    }
    otherFile(entry.path, await scanFile(entry.path, inflated.stream, scanner, budget));
  }
}
