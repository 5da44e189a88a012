/**
 * A set of paths kept as 53-bit hashes in a sorted Float64Array: 8 bytes a
 * path, where a Map of path strings held ~100, and plain data that crosses
 * threads as it is. A layer's paths are only ever asked "is this one there",
 * for the few paths that hold findings.
 *
 * Two paths share a hash with odds of about n² / 2^54: one in two million
 * for a layer of 100,000 paths. What a collision would change is a finding's
 * state (present, or removed by a later layer), never whether it is found.
 */
export interface PathSet {
  /** Sorted ascending. */
  readonly hashes: Float64Array;
}

/** Two 32-bit hashes of the UTF-16 code units (FNV-1a, and a multiply-xor
 * mix seeded apart), joined into the 53 bits a double holds exactly. */
export function pathHash(path: string): number {
  let fnv = 0x811c9dc5;
  let mix = 0x9e3779b9;
  for (let at = 0; at < path.length; at++) {
    const code = path.charCodeAt(at);
    fnv = Math.imul(fnv ^ code, 0x01000193);
    mix = Math.imul(mix ^ code, 0x5bd1e995);
    mix ^= mix >>> 15;
  }
  return (fnv >>> 0) * 2 ** 21 + (mix >>> 11);
}

export class PathSetBuilder {
  private readonly hashes: number[] = [];

  add(path: string): void {
    this.hashes.push(pathHash(path));
  }

  build(): PathSet {
    return { hashes: Float64Array.from(this.hashes).sort() };
  }
}

export function pathSetOf(paths: Iterable<string>): PathSet {
  const builder = new PathSetBuilder();
  for (const path of paths) builder.add(path);
  return builder.build();
}

export function hasPath(set: PathSet, path: string): boolean {
  const hash = pathHash(path);
  const { hashes } = set;
  let low = 0;
  let high = hashes.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = hashes[middle] ?? 0;
    if (value === hash) return true;
    if (value < hash) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
