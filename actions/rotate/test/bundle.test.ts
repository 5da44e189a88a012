import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type HerokuEmulator,
  runBundle,
  type SsmEmulator,
  startHeroku,
  startSsm,
  withoutMaskCommands,
} from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const AWS_SECRET = 'aws-secret-canary-rotate-8d2c';
const HEROKU_KEY = 'heroku-key-canary-rotate-1b7e';
const OLD = 'old-value-canary-rotate-44f0';
const DAY = 86_400_000;

describe('rotate dist/index.js, run as the runner runs it', () => {
  let ssm: SsmEmulator;
  let heroku: HerokuEmulator;
  let cwd: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ssm = await startSsm();
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('acme-api', { API_TOKEN: OLD });
    cwd = await mkdtemp(join(tmpdir(), 'keyturn-rotate-repo-'));
    await mkdir(join(cwd, '.github'));
    await writeFile(
      join(cwd, '.github/rotation.yml'),
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 30d }
secrets:
  - { id: api-token, store: { name: /prod/api }, generate: hex:24, targets: [heroku:acme-api/API_TOKEN] }
`,
    );
    ssm.seed('/prod/api', OLD, { labels: ['current'], lastModified: Date.now() - 45 * DAY });
    env = { AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_SECRET };
  });
  afterEach(async () => {
    await Promise.all([ssm.close(), heroku.close()]);
    await rm(cwd, { recursive: true, force: true });
  });

  it('rotates the entry, masks the new value, and carries the reason into the audit log', async () => {
    const run = await runBundle(bundle, {
      env,
      cwd,
      inputs: { secret: 'api-token', reason: 'INC-1', 'heroku-api-key': HEROKU_KEY, 'heroku-api-url': heroku.url },
    });
    expect(run.stderr).not.toContain('keyturn');
    expect(run.code).toBe(0);
    const value = ssm.parameters.get('/prod/api')?.at(-1)?.value ?? '';
    expect(value).toMatch(/^[0-9a-f]{48}$/);
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(value);
    expect(run.stdout).toContain(`::add-mask::${value}`);
    expect(run.outputs).toMatchObject({
      rotated: 'true',
      version: '2',
      'previous-version': '1',
      updated: '1',
      failed: '0',
    });
    const events = run.audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => [event.event, event.reason])).toEqual([
      ['secret.propagate.completed', 'INC-1'],
      ['secret.rotate.completed', 'INC-1'],
    ]);
    const shown = withoutMaskCommands(run.everything);
    for (const secret of [value, OLD, AWS_SECRET, HEROKU_KEY]) expect(shown).not.toContain(secret);
  });

  it('fails before any request when the Heroku key is missing', async () => {
    const run = await runBundle(bundle, { env, cwd, inputs: { secret: 'api-token', 'heroku-api-url': heroku.url } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::keyturn/rotate: input 'heroku-api-key' is empty but secrets[0] (api-token) needs it: it has target heroku:acme-api/API_TOKEN.",
    );
    expect([...ssm.emulator.requests, ...heroku.emulator.requests]).toEqual([]);
  });
});
