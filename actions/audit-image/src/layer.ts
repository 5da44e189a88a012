import { type PendingFile, scanFile } from './file-scan';
import type { Budget } from './limits';
import { type Hit, sha256Hex } from './redact';
import { matchPathRule } from './rules/paths';
import type { WindowScanner } from './scan-pool';
import { walkTar } from './tar-walk';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * What a layer changes, kept to tell later which files a later layer hides.
 * Paths only (not content), so memory grows with the number of files, not
 * their size.
 */
export interface LayerIndex {
  /** Every path the layer adds or replaces; true when a directory. */
  readonly entries: Map<string, boolean>;
  /** Paths a whiteout deletes (`dir/.wh.name` deletes `dir/name`). */
  readonly whiteouts: Set<string>;
  /** Directories whose lower-layer content an opaque whiteout hides. */
  readonly opaqueDirs: Set<string>;
}

export interface FileHit {
  readonly path: string;
  readonly hit: Hit;
}

export interface LayerScan {
  readonly index: LayerIndex;
  readonly hits: FileHit[];
  files: number;
  bytes: number;
}

export function emptyLayerScan(): LayerScan {
  return { index: { entries: new Map(), whiteouts: new Set(), opaqueDirs: new Set() }, hits: [], files: 0, bytes: 0 };
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
  const scan = emptyLayerScan();
  const files: { path: string; pending: PendingFile }[] = [];
  await walkTar(tar, async (entry) => {
    budget.addEntry();
    if (entry.path === '') return;
    const { dir, base } = split(entry.path);
    if (base === OPAQUE_MARKER) {
      scan.index.opaqueDirs.add(dir);
      return;
    }
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const removed = base.slice(WHITEOUT_PREFIX.length);
      scan.index.whiteouts.add(dir === '' ? removed : `${dir}/${removed}`);
      return;
    }
    scan.index.entries.set(entry.path, entry.type === 'directory');
    if (entry.type === 'file' || entry.type === 'contiguous-file') {
      scan.files += 1;
      scan.bytes += entry.size;
      files.push({ path: entry.path, pending: await scanFile(entry.path, entry.content, scanner, budget) });
    } else if (entry.type === 'link') {
      // A hard link shares its target's bytes (scanned there); its name can
      // still make it a credential file.
      const rule = matchPathRule(entry.path);
      if (rule) {
        scan.hits.push({
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
  const scanned = (async () => {
    for (const file of files) {
      for (const hit of await file.pending.hits) scan.hits.push({ path: file.path, hit });
    }
  })();
  scanned.catch(() => {});
  return { scan, scanned };
}
