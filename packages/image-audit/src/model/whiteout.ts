import type { LayerIndex } from '../read/layer';
import { hasPath } from '../read/path-set';

export type FileState = { present: true } | { present: false; by: number; how: 'deleted' | 'overwritten' | 'hidden' };

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) out.push(path.slice(0, at));
  return out;
}

/**
 * Whether the file at `path` in layer `layer` is what a container of the
 * image sees, applying the OCI layer rules of every later layer in order:
 * - the same path again replaces it (`overwritten`);
 * - a whiteout `.wh.<name>` of it or of a parent directory deletes it;
 * - an opaque whiteout in a parent directory hides all lower content there;
 * - a parent directory replaced by a non-directory takes it away.
 * Whichever later layer acts first decides. The bytes stay in the archive
 * either way: a removed secret is still a leaked secret ("removed but
 * recoverable"); the state tells the reader where to look.
 */
export function fileState(path: string, layer: number, layers: readonly (LayerIndex | undefined)[]): FileState {
  const parents = ancestors(path);
  for (let later = layer + 1; later < layers.length; later++) {
    const index = layers[later];
    if (!index) continue;
    if (hasPath(index.whiteouts, path)) return { present: false, by: later, how: 'deleted' };
    if (hasPath(index.entries, path)) return { present: false, by: later, how: 'overwritten' };
    for (const parent of parents) {
      if (hasPath(index.whiteouts, parent)) return { present: false, by: later, how: 'deleted' };
      if (hasPath(index.opaqueDirs, parent)) return { present: false, by: later, how: 'hidden' };
      if (hasPath(index.nonDirectories, parent)) return { present: false, by: later, how: 'overwritten' };
    }
  }
  return { present: true };
}
