import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock, runAction } from '@keyturn/core';
import { createRecordingRunner } from '@keyturn/testkit';
import { ACTION_SPEC } from '../src/action-spec.generated';
import { readVerifyConfig } from '../src/config';
import { verify } from '../src/verify';

/** Runs verify's logic in the action wrapper with a recording runner and a
 * fake clock: real HTTP, no real waiting between attempts. */
export async function runVerify(inputs: Record<string, string>, fetchImpl: typeof fetch = fetch) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-verify-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runner = createRecordingRunner({ 'audit-log': auditPath, ...inputs });
  const time = createFakeClock();
  const ok = await runAction('verify', { runner, spec: ACTION_SPEC, clock: time.clock, sleep: time.sleep }, (context) =>
    verify(context, readVerifyConfig(context.inputs), { fetch: fetchImpl }),
  );
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  return { ok, runner, sleeps: time.sleeps, audit };
}
