import { describe, expect, it } from 'vitest';
import { CheckFailedError } from '../../src/errors';
import type { Store } from '../../src/ports';

/**
 * The Store port's contract, run against every store adapter with its
 * emulator (stores.test.ts). What a rotation relies on: a missing secret is
 * `undefined`, not an error; each write makes a new current version and keeps
 * the replaced one as previous; `head` and `previous` agree with `read`
 * without reading values; a rollback restores the previous value, and with
 * nothing to restore fails before writing; a refused write changes nothing
 * and names the secret, never the value.
 */
export interface StoreHarness {
  /** The adapter, against a fresh emulator. */
  store: Store;
  /** A valid name that does not exist yet. */
  name: string;
  /** Moves the adapter's and the emulator's clock. */
  advance(ms: number): void;
  now(): number;
  isMasked(value: string): boolean;
  /** The emulator refuses the next write to `name`, as the service would refuse one it may not take (4xx). */
  refuseNextWrite(): void;
  /** Requests that changed (or would have changed) state, so far. */
  writes(): number;
  close(): Promise<void>;
}

const ONE = 'kt-contract-value-one-5d1e';
const TWO = 'kt-contract-value-two-9a7c';
const THREE = 'kt-contract-value-three-2b4f';
const HOUR = 3_600_000;

export function storeContract(label: string, start: () => Promise<StoreHarness>): void {
  const withStore = (test: (harness: StoreHarness) => Promise<void>) => async () => {
    const harness = await start();
    try {
      await test(harness);
    } finally {
      await harness.close();
    }
  };

  describe(`Store contract: ${label}`, () => {
    it(
      'a grace mark (where the store keeps one) is on the current version only, survives a re-read, and closes',
      withStore(async ({ store, name }) => {
        if (!store.openGrace || !store.closeGrace) return;
        await store.write(name, ONE);
        const second = await store.write(name, TWO);
        const since = Date.parse('2026-06-01T10:20:30Z');
        await store.openGrace(name, second.version, since);
        await store.openGrace(name, second.version, since);
        expect(await store.head(name)).toMatchObject({ version: second.version, graceSince: since });
        expect((await store.readPrevious?.(name))?.value).toBe(ONE);
        // A later rotation's window replaces the first: one open at a time.
        const third = await store.write(name, THREE);
        await store.openGrace(name, third.version, since + HOUR);
        expect(await store.head(name)).toMatchObject({ version: third.version, graceSince: since + HOUR });
        await store.closeGrace(name);
        await store.closeGrace(name);
        const head = await store.head(name);
        expect(head?.version).toBe(third.version);
        expect(head?.graceSince).toBeUndefined();
        // Only the current version's mark is the window: a mark on an older one is not.
        await store.openGrace(name, second.version, since);
        expect((await store.head(name))?.graceSince).toBeUndefined();
        await store.closeGrace(name);
      }),
    );

    it(
      'a secret that does not exist reads as undefined everywhere, is writable, and nothing is written',
      withStore(async ({ store, name, writes }) => {
        expect(await store.read(name)).toBeUndefined();
        expect(await store.head(name)).toBeUndefined();
        expect(await store.previous(name)).toBeUndefined();
        await store.checkWritable(name);
        expect(writes()).toBe(0);
      }),
    );

    it(
      'the first write creates the current version, masked, with no previous',
      withStore(async ({ store, name, now, isMasked }) => {
        const written = await store.write(name, ONE);
        expect(written.version).not.toBe('');
        expect(written.previousVersion).toBeUndefined();
        const current = await store.read(name);
        expect(current).toMatchObject({ value: ONE, version: written.version, updatedAt: now() });
        expect(isMasked(ONE)).toBe(true);
        const head = await store.head(name);
        expect(head).toMatchObject({ version: written.version, updatedAt: now() });
        expect(head).not.toHaveProperty('value');
        expect(await store.previous(name)).toBeUndefined();
      }),
    );

    it(
      'each write makes a new current version and keeps the replaced one as previous',
      withStore(async ({ store, name, advance, now }) => {
        const first = await store.write(name, ONE);
        advance(HOUR);
        const second = await store.write(name, TWO);
        expect(second.previousVersion).toBe(first.version);
        expect(second.version).not.toBe(first.version);
        expect(await store.read(name)).toMatchObject({ value: TWO, version: second.version, updatedAt: now() });
        expect(await store.head(name)).toMatchObject({ version: second.version, updatedAt: now() });
        expect((await store.previous(name))?.version).toBe(first.version);
        advance(HOUR);
        const third = await store.write(name, THREE);
        expect(new Set([first.version, second.version, third.version]).size).toBe(3);
        expect(third.previousVersion).toBe(second.version);
        expect((await store.previous(name))?.version).toBe(second.version);
      }),
    );

    it(
      'a rollback makes the previous value current again and keeps the replaced version as previous',
      withStore(async ({ store, name, advance }) => {
        const first = await store.write(name, ONE);
        advance(HOUR);
        const second = await store.write(name, TWO);
        advance(HOUR);
        const rolled = await store.rollback(name);
        expect(rolled.value).toBe(ONE);
        expect(rolled.restoredVersion).toBe(first.version);
        expect(rolled.previousVersion).toBe(second.version);
        const current = await store.read(name);
        expect(current).toMatchObject({ value: ONE, version: rolled.version });
        expect((await store.head(name))?.version).toBe(rolled.version);
        expect((await store.previous(name))?.version).toBe(second.version);
      }),
    );

    it(
      'a rollback with nothing to restore fails before writing',
      withStore(async ({ store, name, writes }) => {
        await expect(store.rollback(name)).rejects.toThrow(CheckFailedError);
        expect(writes()).toBe(0);
        await store.write(name, ONE);
        const before = writes();
        await expect(store.rollback(name)).rejects.toThrow(CheckFailedError);
        expect(writes()).toBe(before);
        expect((await store.read(name))?.value).toBe(ONE);
      }),
    );

    it(
      'a write marked pending (where the store has settle) is unfinished until settled, previous the one it replaced',
      withStore(async ({ store, name }) => {
        if (!store.settle) return;
        const first = await store.write(name, ONE);
        const second = await store.write(name, TWO, { pending: true });
        expect(await store.head(name)).toMatchObject({ version: second.version, pending: true });
        expect((await store.previous(name))?.version).toBe(first.version);
        expect((await store.readPrevious?.(name))?.value).toBe(ONE);
        await store.settle(name, second.version);
        await store.settle(name, second.version);
        const head = await store.head(name);
        expect(head?.version).toBe(second.version);
        expect(head?.pending).toBeUndefined();
        expect((await store.previous(name))?.version).toBe(first.version);
      }),
    );

    it(
      'heads (where the store lists at once) agrees with head for every name asked, missing ones included',
      withStore(async ({ store, name }) => {
        if (!store.heads) return;
        const other = `${name}_OTHER`;
        await store.write(name, ONE);
        await store.write(other, TWO, { pending: true });
        const heads = await store.heads([name, other, `${name}_MISSING`]);
        expect(heads.get(name)).toEqual(await store.head(name));
        expect(heads.get(other)).toEqual(await store.head(other));
        expect(heads.get(other)?.pending).toBe(true);
        expect(heads.has(`${name}_MISSING`)).toBe(true);
        expect(heads.get(`${name}_MISSING`)).toBeUndefined();
      }),
    );

    it(
      'a refused write leaves the current version as it was, and its error names the secret, never the value',
      withStore(async ({ store, name, refuseNextWrite }) => {
        const first = await store.write(name, ONE);
        refuseNextWrite();
        const error = await store.write(name, TWO).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(error).toBeInstanceOf(Error);
        const message = (error as Error).message;
        expect(message).toContain(name);
        expect(message).not.toContain(TWO);
        expect(message).not.toContain(ONE);
        expect(await store.read(name)).toMatchObject({ value: ONE, version: first.version });
      }),
    );
  });
}
