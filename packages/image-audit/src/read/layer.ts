import { type PendingFile, scanFile } from '../scan/file-scan';
import { type Hit, sha256Hex } from '../scan/redact';
import { matchPathRule } from '../scan/rules/paths';
import type { WindowScanner } from '../scan/scan-pool';
import type { Budget } from './limits';
import { addRecord, emptyPackages, type LayerPackages, MAX_RECORD_BYTES, recordKind } from './packages';
import { type PathSet, PathSetBuilder } from './path-set';
import { walkTar } from './tar-walk';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * What a layer changes, kept to tell later which files a later layer hides.
 * Hashed paths only (not content, not even the path strings): memory grows
 * by 16 bytes a file (in two sets), not with the size of the files.
 */
export interface LayerIndex {
  /** Every path the layer adds or replaces. */
  readonly entries: PathSet;
  /** Those that are not directories (a file there replaces a directory). */
  readonly nonDirectories: PathSet;
  /** Paths a whiteout deletes (`dir/.wh.name` deletes `dir/name`). */
  readonly whiteouts: PathSet;
  /** Directories whose lower-layer content an opaque whiteout hides. */
  readonly opaqueDirs: PathSet;
}

export interface FileHit {
  readonly path: string;
  readonly hit: Hit;
}

export interface LayerScan {
  readonly index: LayerIndex;
  readonly hits: FileHit[];
  readonly files: number;
  readonly bytes: number;
  /** The package records this layer writes (dpkg, Python RECORD, node_modules). */
  readonly packages: LayerPackages;
}

function split(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}

/** Walks one layer (an uncompressed tar stream): records its changes and
 * scans every regular file's content and path. Resolves when the layer is
 * read; `scanned` resolves when every file's hits are in `hits`. */
export async function scanLayer(
  tar: AsyncIterable<Buffer>,
  scanner: WindowScanner,
  budget: Budget,
): Promise<{ scan: LayerScan; scanned: Promise<void> }> {
  const entries = new PathSetBuilder();
  const nonDirectories = new PathSetBuilder();
  const whiteouts = new PathSetBuilder();
  const opaqueDirs = new PathSetBuilder();
  const hits: FileHit[] = [];
  let fileCount = 0;
  let bytes = 0;
  const files: { path: string; pending: PendingFile }[] = [];
  const packages = emptyPackages();
  await walkTar(tar, async (entry) => {
    budget.addEntry();
    if (entry.path === '') return;
    const { dir, base } = split(entry.path);
    if (base === OPAQUE_MARKER) {
      opaqueDirs.add(dir);
      return;
    }
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const removed = base.slice(WHITEOUT_PREFIX.length);
      whiteouts.add(dir === '' ? removed : `${dir}/${removed}`);
      return;
    }
    entries.add(entry.path);
    if (entry.type !== 'directory') nonDirectories.add(entry.path);
    if (entry.type === 'file' || entry.type === 'contiguous-file') {
      fileCount += 1;
      bytes += entry.size;
      if (recordKind(entry.path) && entry.size <= MAX_RECORD_BYTES) {
        // A package record is scanned like any file, and kept to explain others.
        const chunks: Buffer[] = [];
        const content = entry.content;
        const teed = (async function* () {
          for await (const chunk of content) {
            chunks.push(chunk);
            yield chunk;
          }
        })();
        files.push({ path: entry.path, pending: await scanFile(entry.path, teed, scanner, budget) });
        await addRecord(packages, entry.path, Buffer.concat(chunks));
      } else {
        files.push({ path: entry.path, pending: await scanFile(entry.path, entry.content, scanner, budget) });
      }
    } else if (entry.type === 'link') {
      // A hard link shares its target's bytes (scanned there); its name can
      // still make it a credential file.
      const rule = matchPathRule(entry.path);
      if (rule) {
        hits.push({
          path: entry.path,
          hit: {
            ruleId: rule.id,
            description: rule.description,
            severity: rule.severity,
            secretHash: sha256Hex(`link:${entry.linkname ?? ''}`),
            excerpt: `hard link to ${entry.linkname ?? '?'} (content reported there)`,
          },
        });
      }
    }
  });
  const index: LayerIndex = {
    entries: entries.build(),
    nonDirectories: nonDirectories.build(),
    whiteouts: whiteouts.build(),
    opaqueDirs: opaqueDirs.build(),
  };
  const scanned = (async () => {
    for (const file of files) {
      for (const hit of await file.pending.hits) hits.push({ path: hit.path ?? file.path, hit });
    }
  })();
  scanned.catch(() => {});
  return { scan: { index, hits, files: fileCount, bytes, packages }, scanned };
}
