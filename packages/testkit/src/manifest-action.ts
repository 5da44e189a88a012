import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionContext, createFakeClock, runAction } from '@keyturn/core';
import { createRecordingRunner } from './recording-runner';

/** Writes the manifest to a temp dir and runs `main` (plan's, rotate's) in
 * the action wrapper with a recording runner and a fake clock. */
export async function runWithManifest(
  action: string,
  main: (context: ActionContext) => Promise<void>,
  manifest: string,
  inputs: Record<string, string> = {},
  /** `time`: a fake clock the test shares with its emulators (IAM's propagation delay); else one at `now`. */
  options: { env?: Record<string, string>; now?: number; time?: ReturnType<typeof createFakeClock> } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), `keyturn-${action}-`));
  const manifestPath = join(dir, 'rotation.yml');
  const auditPath = join(dir, 'audit.jsonl');
  await writeFile(manifestPath, manifest);
  const runner = createRecordingRunner(
    { manifest: manifestPath, 'audit-log': auditPath, ...inputs },
    { AWS_REGION: 'eu-west-1', ...options.env },
  );
  const time = options.time ?? createFakeClock(options.now);
  const ok = await runAction(action, { runner, clock: time.clock, sleep: time.sleep }, main);
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  return {
    ok,
    runner,
    sleeps: time.sleeps,
    manifestPath,
    audit,
    events: audit
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    report: runner.outputs.report === undefined ? [] : (JSON.parse(runner.outputs.report) as Record<string, unknown>[]),
  };
}
