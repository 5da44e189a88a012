import type { Destination, Store, StoredSecret, StoreWriteResult } from '@keyturn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { realDeps } from '../src/main';
import type { PatDeps } from '../src/rotate-pat';
import { NEW_TOKEN, OLD_TOKEN, rotation, runRotatePat, startWorld, type World } from './helpers';

/** Fakes for the store and the destinations that write down what happened,
 * in order; GitHub (validation, revocation, the poll) stays the emulator. */
function recordingDeps(events: string[], options: { failWrite?: string } = {}): PatDeps {
  const versions: string[] = [OLD_TOKEN];
  const store: Store = {
    kind: 'memory',
    async read(): Promise<StoredSecret | undefined> {
      events.push('store.read');
      const value = versions.at(-1);
      return value === undefined ? undefined : { value, version: String(versions.length), updatedAt: 0 };
    },
    async head() {
      return undefined;
    },
    async previous() {
      return undefined;
    },
    async checkWritable() {
      events.push('store.checkWritable');
    },
    async write(_name, value): Promise<StoreWriteResult> {
      events.push('store.write');
      versions.push(value);
      return { version: String(versions.length), previousVersion: String(versions.length - 1) };
    },
    async rollback() {
      throw new Error('not used');
    },
  };
  const destination: Destination = {
    handles: () => true,
    async prepare(target) {
      events.push(`prepare ${target.line}`);
    },
    async write(target, value) {
      events.push(`write ${target.line}`);
      if (value !== NEW_TOKEN) throw new Error('wrong value');
      if (target.line === options.failWrite) throw new Error('refused');
    },
  };
  return {
    ...realDeps,
    openStore: () => store,
    openDestinations: () => [destination],
    fetch: (input, init) => {
      events.push('poll');
      return realDeps.fetch(input, init);
    },
  };
}

let world: World;
afterEach(async () => {
  await world.close();
});

describe('rotate-pat: the order of the runbook', () => {
  it('checks every target, then stores, then writes the targets, then revokes and polls', async () => {
    world = await startWorld({ requests: 1 });
    const events: string[] = [];
    const run = await runRotatePat(world, rotation(world, { concurrency: '1' }), recordingDeps(events));
    expect(run.runner.failed).toBeUndefined();
    expect(events).toEqual([
      'prepare github:acme/api/DEPLOY_TOKEN',
      'prepare github:acme/api@production/DEPLOY_TOKEN',
      'prepare heroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
      'store.checkWritable',
      'store.read',
      'store.write',
      'prepare github:acme/api/DEPLOY_TOKEN',
      'write github:acme/api/DEPLOY_TOKEN',
      'prepare github:acme/api@production/DEPLOY_TOKEN',
      'write github:acme/api@production/DEPLOY_TOKEN',
      'prepare heroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
      'write heroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
      'poll',
      'poll',
    ]);
    expect(world.credentials.revokeRequests()).toHaveLength(1);
  });

  it('a write that fails stops the run before the revocation, after every target was attempted', async () => {
    world = await startWorld();
    const events: string[] = [];
    const run = await runRotatePat(
      world,
      rotation(world, { concurrency: '1' }),
      recordingDeps(events, { failWrite: 'github:acme/api/DEPLOY_TOKEN' }),
    );
    expect(run.ok).toBe(false);
    expect(events.filter((event) => event.startsWith('write'))).toHaveLength(3);
    expect(events).not.toContain('poll');
    expect(world.credentials.revokeRequests()).toEqual([]);
  });
});
