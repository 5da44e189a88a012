import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeClock,
  type Destination,
  runAction,
  type Store,
  type StoredSecret,
  type StoredVersion,
  type StoreWriteResult,
} from '@keyturn/core';
import type { DestinationSettings } from '@keyturn/core/adapters/destinations';
import type { Issuer, IssuerModule } from '@keyturn/core/issuer';
import { parseManifest } from '@keyturn/core/manifest';
import { createRecordingRunner } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import type { RotateConfig } from '../src/config';
import { rotateEntry } from '../src/rotate';

/** The issuer stages in order, with fakes that record every call: the
 * contract an issuer (helper 12's postgres, aws-iam, github-pat) plugs into. */
const calls: string[] = [];

class MemoryStore implements Store {
  readonly kind = 'memory';
  versions: { value: string; pending: boolean; at?: number }[] = [{ value: 'old-credential', pending: false }];
  failWrite = false;
  graceSince: number | undefined;
  now = () => 0;
  async read(): Promise<StoredSecret | undefined> {
    const last = this.versions.at(-1);
    return last && { value: last.value, version: String(this.versions.length), updatedAt: last.at ?? 0 };
  }
  async head(): Promise<StoredVersion | undefined> {
    const last = this.versions.at(-1);
    return (
      last && {
        version: String(this.versions.length),
        updatedAt: last.at ?? 0,
        ...(last.pending ? { pending: true } : {}),
        ...(this.graceSince === undefined ? {} : { graceSince: this.graceSince }),
      }
    );
  }
  async openGrace(_name: string, version: string, since: number): Promise<void> {
    calls.push(`store.openGrace(${version})`);
    this.graceSince = since;
  }
  async closeGrace(): Promise<void> {
    calls.push('store.closeGrace');
    this.graceSince = undefined;
  }
  async previous(): Promise<StoredVersion | undefined> {
    return undefined;
  }
  async readPrevious(): Promise<StoredSecret | undefined> {
    const prior = this.versions.at(-2);
    return prior && { value: prior.value, version: String(this.versions.length - 1), updatedAt: 0 };
  }
  async checkWritable(): Promise<void> {}
  async write(_name: string, value: string, options: { pending?: boolean } = {}): Promise<StoreWriteResult> {
    calls.push('store.write');
    if (this.failWrite) throw new Error('store refused');
    this.versions.push({ value, pending: options.pending === true, at: this.now() });
    return { version: String(this.versions.length), previousVersion: String(this.versions.length - 1) };
  }
  async rollback(): Promise<never> {
    throw new Error('not used');
  }
  async settle(): Promise<void> {
    calls.push('store.settle');
    const last = this.versions.at(-1);
    if (last) last.pending = false;
  }
}

const destination: Destination = {
  handles: () => true,
  prepare: async (target) => {
    calls.push(`prepare ${target.line}`);
  },
  write: async (target) => {
    calls.push(`write ${target.line}`);
  },
  delete: async (target) => {
    calls.push(`delete ${target.line}`);
    return 'deleted';
  },
};

const issuer = (failProve = false): Issuer => ({
  kind: 'fake',
  check: async (current) => {
    calls.push(`issuer.check(${current?.value})`);
    return { plan: 'mint a new credential' };
  },
  issue: async (current) => {
    calls.push(`issuer.issue(${current?.value})`);
    return { value: 'new-credential', detail: 'key 2' };
  },
  apply: async (issued, current) => {
    calls.push(`issuer.apply(${issued.value}, ${current?.value})`);
  },
  discard: async (issued) => {
    calls.push(`issuer.discard(${issued.value})`);
  },
  proveNew: async (value) => {
    calls.push(`issuer.proveNew(${value})`);
    if (failProve) throw new Error('not accepted yet');
  },
  retire: async (old) => {
    calls.push(`issuer.retire(${old.value})`);
    return { outcome: 'revoked' };
  },
  finishGrace: async (old) => {
    calls.push(`issuer.finishGrace(${old.value})`);
    return { outcome: 'revoked', detail: 'old key deleted' };
  },
  proveRetired: async (old) => {
    calls.push(`issuer.proveRetired(${old.value})`);
  },
});

async function run(
  store: MemoryStore,
  options: { failProve?: boolean; dryRun?: boolean; grace?: string; now?: number; force?: boolean } = {},
) {
  const grace = options.grace ? `, grace: ${options.grace}, max-age: 30d` : ', max-age: 1d';
  const manifest = parseManifest(
    `version: 1\nsecrets:\n  - { id: key, store: { kind: ssm, name: /key, region: eu-west-1 }, generate: hex:8${grace}, targets: [heroku:acme-api/KEY, github:acme/api/KEY] }\n`,
    'm.yml',
  );
  const parsed = manifest.entries[0];
  if (!parsed) throw new Error('no entry');
  const module: IssuerModule = {
    kind: 'fake',
    fields: [],
    credentialInputs: [],
    open: () => issuer(options.failProve),
  };
  const config: RotateConfig = {
    manifestPath: 'm.yml',
    entry: { ...parsed, source: { kind: 'issuer', issuerKind: 'fake', config: {} }, revokeOld: true },
    store: {
      kind: 'ssm',
      region: 'eu-west-1',
      endpoint: undefined,
      keyId: undefined,
      tier: undefined,
      description: undefined,
    },
    // openDestinations is faked below: the settings are never read.
    destinations: {} as DestinationSettings,
    issuer: { module, credentials: {} },
    reason: 'INC-9',
    force: options.force ?? true,
    revokeOld: true,
    concurrency: 1,
    dryRun: options.dryRun ?? false,
    checkExpiry: false,
    prune: false,
    removedTargets: [],
  };
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-rotate-unit-'));
  const runner = createRecordingRunner({ 'audit-log': join(dir, 'audit.jsonl') });
  const time = createFakeClock(options.now);
  store.now = () => time.clock.now();
  const ok = await runAction('rotate', { runner, clock: time.clock, sleep: time.sleep }, (context) =>
    rotateEntry(context, config, {
      openStore: () => store,
      openDestinations: () => [destination],
      fetch: async () => {
        throw new Error('no verify checks here');
      },
    }),
  );
  const audit = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return { ok, runner, audit };
}

describe('rotate with an issuer', () => {
  it('runs the stages in order: check, issue, store (pending), apply, prove, targets, retire, prove retired, settle', async () => {
    calls.length = 0;
    const store = new MemoryStore();
    const result = await run(store);
    expect(result.runner.failed).toBeUndefined();
    expect(calls).toEqual([
      'prepare heroku:acme-api/KEY',
      'prepare github:acme/api/KEY',
      'issuer.check(old-credential)',
      'issuer.issue(old-credential)',
      'store.write',
      'issuer.apply(new-credential, old-credential)',
      'issuer.proveNew(new-credential)',
      'prepare heroku:acme-api/KEY',
      'write heroku:acme-api/KEY',
      'prepare github:acme/api/KEY',
      'write github:acme/api/KEY',
      'issuer.retire(old-credential)',
      'issuer.proveRetired(old-credential)',
      'store.settle',
    ]);
    expect(store.versions.at(-1)).toMatchObject({ value: 'new-credential', pending: false });
    expect(result.runner.everything()).not.toContain('new-credential');
  });

  it('the source refusing the new value stops before any target, and a re-run resumes without issuing again', async () => {
    calls.length = 0;
    const store = new MemoryStore();
    const first = await run(store, { failProve: true });
    expect(first.ok).toBe(false);
    expect(calls.filter((call) => call.startsWith('write '))).toEqual([]);
    expect(calls).not.toContain('issuer.retire(old-credential)');
    expect(store.versions.at(-1)).toMatchObject({ value: 'new-credential', pending: true });
    calls.length = 0;
    const second = await run(store);
    expect(second.runner.failed).toBeUndefined();
    expect(calls.some((call) => call.startsWith('issuer.issue'))).toBe(false);
    expect(calls).toContain('issuer.apply(new-credential, old-credential)');
    expect(calls).toContain('issuer.retire(old-credential)');
    expect(store.versions).toHaveLength(2);
  });

  it('a store that refuses the value: the issued credential is discarded, nothing else happens', async () => {
    calls.length = 0;
    const store = new MemoryStore();
    store.failWrite = true;
    const result = await run(store);
    expect(result.ok).toBe(false);
    expect(calls.slice(-2)).toEqual(['store.write', 'issuer.discard(new-credential)']);
    expect(result.audit).toContain('"reason":"INC-9"');
  });

  it("a dry run stops after the checks and shows the issuer's plan", async () => {
    calls.length = 0;
    const result = await run(new MemoryStore(), { dryRun: true });
    expect(result.runner.failed).toBeUndefined();
    expect(calls.filter((call) => !call.startsWith('prepare'))).toEqual(['issuer.check(old-credential)']);
    expect(result.runner.summary.join('\n')).toContain('| issue |  | would-do | mint a new credential |');
  });

  it('with grace, revoke after the grace: companions first, nothing retired, then a later run retires and finishes', async () => {
    calls.length = 0;
    const store = new MemoryStore();
    const T0 = Date.parse('2026-06-01T00:00:00Z');
    const day0 = await run(store, { grace: '24h', now: T0 });
    expect(day0.runner.failed).toBeUndefined();
    expect(calls.filter((call) => !call.startsWith('prepare'))).toEqual([
      'issuer.check(old-credential)',
      'issuer.issue(old-credential)',
      'store.write',
      'issuer.apply(new-credential, old-credential)',
      'issuer.proveNew(new-credential)',
      'write heroku:acme-api/KEY_PREVIOUS',
      'write github:acme/api/KEY_PREVIOUS',
      'write heroku:acme-api/KEY',
      'write github:acme/api/KEY',
      'store.openGrace(2)',
      'store.settle',
    ]);
    expect(store.graceSince).toBe(T0);

    calls.length = 0;
    const halfDay = await run(store, { grace: '24h', now: T0 + 12 * 3_600_000, force: false });
    expect(halfDay.runner.failed).toBeUndefined();
    expect(calls).toEqual([]);

    calls.length = 0;
    const day1 = await run(store, { grace: '24h', now: T0 + 25 * 3_600_000, force: false });
    expect(day1.runner.failed).toBeUndefined();
    expect(calls.filter((call) => !call.startsWith('prepare'))).toEqual([
      'delete heroku:acme-api/KEY_PREVIOUS',
      'delete github:acme/api/KEY_PREVIOUS',
      'issuer.retire(old-credential)',
      'issuer.proveRetired(old-credential)',
      'issuer.finishGrace(old-credential)',
      'store.closeGrace',
    ]);
    expect(store.versions).toHaveLength(2);
    expect(store.graceSince).toBeUndefined();
    expect(day1.audit).toContain('"event":"secret.grace.finished"');
  });
});
