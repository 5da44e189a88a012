import { describe, expect, it } from 'vitest';
import { normalizePath } from '../src/read/tar-walk';

/** The definition: drop empty and `.` parts, `..` removes the part before. */
function partByPart(name: string): string {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

describe('normalizePath', () => {
  it('gives what normalising part by part gives, for names its fast path passes through too', () => {
    const pieces = ['a', 'b', '.', '..', '', 'x.y', '.wh.q', '...', '.a', 'a.'];
    // xorshift32: integer steps (a multiply in doubles loses the low bits).
    let state = 7;
    const random = (n: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    for (let round = 0; round < 20000; round++) {
      const parts = Array.from({ length: random(6) }, () => pieces[random(pieces.length)] ?? '');
      const name = (random(4) === 0 ? '/' : '') + parts.join('/') + (random(4) === 0 ? '/' : '');
      expect(normalizePath(name), JSON.stringify(name)).toBe(partByPart(name));
    }
    expect(normalizePath('./usr/lib/')).toBe('usr/lib');
    expect(normalizePath('usr/lib/python3/x.py')).toBe('usr/lib/python3/x.py');
  });
});
