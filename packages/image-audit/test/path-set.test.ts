import { describe, expect, it } from 'vitest';
import { hasPath, PathSetBuilder, pathHash, pathSetOf } from '../src/read/path-set';

describe('path set', () => {
  it('holds what was added and nothing else, across threads (a structured clone)', () => {
    const paths = Array.from({ length: 20_000 }, (_, i) => `usr/lib/pkg${i % 97}/file-${i}.so`);
    const builder = new PathSetBuilder();
    for (const path of paths) builder.add(path);
    const set = structuredClone(builder.build());
    for (const path of paths) expect(hasPath(set, path)).toBe(true);
    for (const near of [
      'usr/lib/pkg0/file-0.s',
      'usr/lib/pkg0/file-0.so/',
      'sr/lib/pkg0/file-0.so',
      'usr/lib/pkg1/file-0.so',
    ]) {
      expect(hasPath(set, near), near).toBe(false);
    }
    expect(hasPath(pathSetOf([]), '')).toBe(false);
  });

  it('gives 200,000 real-looking paths 200,000 hashes, each an exact integer below 2^53', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 200_000; i++) {
      const hash = pathHash(`app/node_modules/pkg-${i % 1000}/lib/${i}/index.js`);
      expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
      hashes.add(hash);
    }
    expect(hashes.size).toBe(200_000);
  });
});
