/** Where a window was put in the ring. */
export interface RingSlot {
  readonly offset: number;
  readonly length: number;
}

/**
 * Shared memory that file windows are copied into for the scan workers: one
 * copy per window and no allocation on either thread, where a window posted
 * to a worker was allocated, copied into a message and allocated again on
 * the other side. Windows are placed one after another and wrap to the start;
 * a slot is reused only once released (when its worker has answered), in
 * whatever order workers answer.
 */
export class WindowRing {
  readonly memory: SharedArrayBuffer;
  private readonly bytes: Uint8Array;
  /** Slots in placement order; `released` ones at the front are dropped. */
  private readonly slots: { offset: number; length: number; released: boolean }[] = [];
  private readonly byOffset = new Map<number, { released: boolean }>();
  /** Where the next window goes. */
  private head = 0;

  /** Only this ring's owner places windows in `memory`; workers read them. */
  constructor(memory: SharedArrayBuffer) {
    this.memory = memory;
    this.bytes = new Uint8Array(memory);
  }

  /** Copies `parts` (`length` bytes in all) into the ring, or returns
   * undefined when there is no room for them now. */
  put(parts: readonly Uint8Array[], length: number): RingSlot | undefined {
    const offset = this.place(length);
    if (offset === undefined) return undefined;
    let at = offset;
    for (const part of parts) {
      this.bytes.set(part, at);
      at += part.length;
    }
    const slot = { offset, length, released: false };
    this.slots.push(slot);
    this.byOffset.set(offset, slot);
    this.head = offset + length;
    return { offset, length };
  }

  release(slot: RingSlot): void {
    const held = this.byOffset.get(slot.offset);
    if (!held) return;
    held.released = true;
    this.byOffset.delete(slot.offset);
    while (this.slots[0]?.released) this.slots.shift();
    if (this.slots.length === 0) this.head = 0;
  }

  /** The free span for `length` bytes: after the newest slot, else (wrapping)
   * before the oldest one still held. */
  private place(length: number): number | undefined {
    const capacity = this.memory.byteLength;
    // An empty window has no place (its offset would equal the head's).
    if (length === 0) return undefined;
    const oldest = this.slots[0]?.offset;
    if (oldest === undefined) return length <= capacity ? 0 : undefined;
    if (this.head > oldest) {
      // Held: [oldest, head). Free: [head, capacity) then [0, oldest).
      if (capacity - this.head >= length) return this.head;
      return length < oldest ? 0 : undefined;
    }
    // Wrapped. Held: [oldest, capacity) and [0, head). Free: [head, oldest).
    return oldest - this.head > length ? this.head : undefined;
  }
}
