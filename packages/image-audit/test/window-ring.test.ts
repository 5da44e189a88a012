import { describe, expect, it } from 'vitest';
import { type RingSlot, WindowRing } from '../src/scan/window-ring';

const bytes = (length: number, fill: number) => Buffer.alloc(length, fill);
const read = (ring: WindowRing, slot: RingSlot) => Buffer.from(ring.memory, slot.offset, slot.length);

describe('window ring', () => {
  it('copies a window made of parts into shared memory, whole', () => {
    const ring = new WindowRing(new SharedArrayBuffer(64));
    const slot = ring.put([Buffer.from('abc'), Buffer.from('de')], 5);
    expect(slot).toEqual({ offset: 0, length: 5 });
    if (slot) expect(read(ring, slot).toString()).toBe('abcde');
  });

  it('refuses what does not fit, and an empty window', () => {
    const ring = new WindowRing(new SharedArrayBuffer(10));
    expect(ring.put([bytes(11, 1)], 11)).toBeUndefined();
    expect(ring.put([], 0)).toBeUndefined();
    expect(ring.put([bytes(10, 1)], 10)).toEqual({ offset: 0, length: 10 });
    expect(ring.put([bytes(1, 2)], 1)).toBeUndefined();
  });

  it('wraps to the start once the oldest windows are released, never over a held one', () => {
    const ring = new WindowRing(new SharedArrayBuffer(10));
    const a = ring.put([bytes(4, 1)], 4);
    const b = ring.put([bytes(4, 2)], 4);
    expect(b?.offset).toBe(4);
    // 2 bytes left at the end, and nothing free at the start yet.
    expect(ring.put([bytes(3, 3)], 3)).toBeUndefined();
    if (a) ring.release(a);
    // Now [0, 4) is free: a 3-byte window wraps there; a 4-byte one would
    // meet the held window at 4 and does not.
    const c = ring.put([bytes(3, 3)], 3);
    expect(c?.offset).toBe(0);
    expect(ring.put([bytes(1, 4)], 1)).toBeUndefined();
    if (b && c) {
      expect([...read(ring, b)]).toEqual([2, 2, 2, 2]);
      expect([...read(ring, c)]).toEqual([3, 3, 3]);
    }
  });

  it('keeps a window released early held until the older ones are released (answers come in any order)', () => {
    const ring = new WindowRing(new SharedArrayBuffer(12));
    const a = ring.put([bytes(4, 1)], 4);
    const b = ring.put([bytes(4, 2)], 4);
    const c = ring.put([bytes(4, 3)], 4);
    if (!a || !b || !c) throw new Error('the ring should hold three windows');
    ring.release(b);
    // b's bytes sit between held windows: no room yet.
    expect(ring.put([bytes(4, 4)], 4)).toBeUndefined();
    ring.release(a);
    // a and b are free now; c, at 8, is still held.
    const d = ring.put([bytes(7, 5)], 7);
    expect(d?.offset).toBe(0);
    expect([...read(ring, c)]).toEqual([3, 3, 3, 3]);
    ring.release(c);
    if (d) ring.release(d);
    // Empty again: the next window starts at 0 with the whole ring free.
    expect(ring.put([bytes(12, 6)], 12)).toEqual({ offset: 0, length: 12 });
  });
});
