import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeClock,
  runAction,
  type Store,
  type StoredSecret,
  type StoredVersion,
  type StoreRollbackResult,
  type StoreWriteResult,
} from '@keyturn/core';
import { createRecordingRunner } from '@keyturn/testkit';
import { ACTION_SPEC } from '../src/action-spec.generated';
import { readRotateConfig } from '../src/config';
import { rotate, type StoreFactory } from '../src/rotate';

export const CANARY = 'kt-canary-5f0c9a7e3b214d86';
export const START = Date.parse('2026-03-01T00:00:00Z');
export const DAY = 86_400_000;

/** A store in memory, with the port's semantics, for the logic tests. */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly versions: { value: string; at: number }[] = [];
  current = 0;
  previousVersion = 0;
  writes = 0;

  constructor(private readonly now: () => number) {}

  private entry(version: number): StoredSecret | undefined {
    const found = this.versions[version - 1];
    return found && { value: found.value, version: String(version), updatedAt: found.at };
  }

  async read(): Promise<StoredSecret | undefined> {
    return this.entry(this.current);
  }

  async head(): Promise<StoredVersion | undefined> {
    return this.entry(this.current);
  }

  async previous(): Promise<StoredVersion | undefined> {
    return this.entry(this.previousVersion);
  }

  async checkWritable(): Promise<void> {}

  async write(_name: string, value: string): Promise<StoreWriteResult> {
    this.writes += 1;
    this.versions.push({ value, at: this.now() });
    const before = this.current;
    this.previousVersion = before;
    this.current = this.versions.length;
    return { version: String(this.current), ...(before ? { previousVersion: String(before) } : {}) };
  }

  async rollback(name: string): Promise<StoreRollbackResult> {
    const restored = this.entry(this.previousVersion);
    if (!restored) throw new Error('nothing to roll back');
    const written = await this.write(name, restored.value);
    return {
      ...restored,
      version: written.version,
      previousVersion: written.previousVersion ?? '',
      restoredVersion: restored.version,
    };
  }
}

/** Runs rotate-ssm's logic in the action wrapper with a recording runner and
 * a fake clock: inputs in, everything the action said out. */
export async function runRotate(
  inputs: Record<string, string>,
  openStore: StoreFactory,
  options: { env?: Record<string, string>; now?: number } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-rotate-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runner = createRecordingRunner(
    { 'audit-log': auditPath, ...inputs },
    { AWS_REGION: 'eu-west-1', ...options.env },
  );
  const time = createFakeClock(options.now ?? START);
  const ok = await runAction(
    'rotate-ssm',
    { runner, spec: ACTION_SPEC, clock: time.clock, sleep: time.sleep },
    (context) => rotate(context, readRotateConfig(context.inputs, context.runner.env), openStore),
  );
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  return {
    ok,
    runner,
    sleeps: time.sleeps,
    audit,
    events: audit
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    everything: `${runner.everything()}\n${audit}`,
  };
}

/** Everything the run showed, but the deliberately masked `value` output. */
export function shown(run: Awaited<ReturnType<typeof runRotate>>): string {
  const { value: _value, ...outputs } = run.runner.outputs;
  return [
    ...run.runner.logs,
    ...Object.values(outputs),
    ...run.runner.summary,
    run.runner.failed ?? '',
    run.audit,
  ].join('\n');
}
