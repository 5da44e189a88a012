import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type HerokuEmulator,
  type SsmEmulator,
  startHeroku,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseActionArgs } from '../src/args';
import { COMMANDS } from '../src/commands';
import { cli } from './helpers';

const HEROKU_KEY = 'heroku-key-cli-canary-93a1';
const OLD = 'old-value-cli-canary-7d20';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('keyturn plan and keyturn rotate ID', () => {
  let ssm: SsmEmulator;
  let heroku: HerokuEmulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let manifest: string;
  beforeEach(async () => {
    ssm = await startSsm();
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('acme-api', { API_TOKEN: OLD });
    dir = await mkdtemp(join(tmpdir(), 'keyturn-cli-manifest-'));
    await writeFile(
      join(dir, 'rotation.yml'),
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 30d }
secrets:
  - { id: api-token, store: { name: /prod/api }, generate: hex:24, targets: [heroku:acme-api/API_TOKEN] }
`,
    );
    ssm.seed('/prod/api', OLD, { labels: ['current'], lastModified: Date.now() - 45 * 86_400_000 });
    env = { AWS_ENDPOINT_URL_SSM: ssm.url };
    manifest = join(dir, 'rotation.yml');
  });
  afterEach(async () => {
    await Promise.all([ssm.close(), heroku.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('rotate takes the id as its first word', () => {
    const rotate = COMMANDS.find((command) => command.name === 'rotate');
    if (rotate?.kind !== 'action') throw new Error('no rotate command');
    expect(parseActionArgs(rotate, ['api-token', '--dry-run', '--reason', 'INC-7']).flags).toMatchObject({
      secret: 'api-token',
      'dry-run': 'true',
      reason: 'INC-7',
    });
    expect(() => parseActionArgs(rotate, ['a', 'b'])).toThrow();
  });

  it('plan prints the inventory; rotate ID --dry-run changes nothing; rotate ID rotates', async () => {
    const plan = await cli(['plan', '--manifest', manifest], env);
    expect(plan.code).toBe(0);
    expect(plan.text).toMatch(/api-token +AWS SSM \(eu-west-1\) \/prod\/api +45 /);
    expect(plan.text).toMatch(/due\W+1/);

    const withKey = { ...env, KEYTURN_HEROKU_API_KEY: HEROKU_KEY };
    const dry = await cli(
      ['rotate', 'api-token', '--manifest', manifest, '--heroku-api-url', heroku.url, '--dry-run', '--reason', 'INC-7'],
      withKey,
    );
    expect(dry.code).toBe(0);
    expect(dry.text).toContain('Dry run: every read and check passed; nothing was changed');
    expect(ssm.writes()).toEqual([]);
    expect(heroku.emulator.mutatingRequests()).toEqual([]);

    const real = await cli(
      ['rotate', 'api-token', '--manifest', manifest, '--heroku-api-url', heroku.url, '--reason', 'INC-7'],
      withKey,
    );
    expect(real.code).toBe(0);
    const value = ssm.parameters.get('/prod/api')?.at(-1)?.value ?? '';
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(value);
    expect(real.text).toMatch(/rotated\W+true/);
    for (const secret of [value, OLD, HEROKU_KEY]) expect(`${plan.text}${dry.text}${real.text}`).not.toContain(secret);
  });

  it('plan --previous-audit-log lists a dropped target; rotate ID --prune deletes it, only when asked', async () => {
    heroku.addApp('acme-old', { API_TOKEN: OLD, OTHER: 'kept' });
    const log = join(dir, 'keyturn-audit.jsonl');
    await writeFile(
      log,
      `${JSON.stringify({
        time: new Date(Date.now() - 45 * 86_400_000).toISOString(),
        event: 'secret.rotate.completed',
        outcome: 'success',
        secret_id: 'api-token',
        targets: ['heroku:acme-api/API_TOKEN', 'heroku:acme-old/API_TOKEN'],
      })}\n`,
    );
    const plan = await cli(['plan', '--manifest', manifest, '--previous-audit-log', log, '--json'], env);
    expect(plan.code).toBe(0);
    expect(plan.text).toContain('heroku:acme-old/API_TOKEN');

    const withKey = { ...env, KEYTURN_HEROKU_API_KEY: HEROKU_KEY };
    const args = ['rotate', 'api-token', '--manifest', manifest, '--heroku-api-url', heroku.url];
    const unasked = await cli([...args, '--previous-audit-log', log], withKey);
    expect(unasked.code).toBe(0);
    expect(heroku.configVars('acme-old')).toEqual({ API_TOKEN: OLD, OTHER: 'kept' });

    const noLog = await cli([...args, '--prune'], withKey);
    expect(noLog.code).toBe(2);
    expect(noLog.text).toContain('previous-audit-log');

    const pruned = await cli([...args, '--prune', '--previous-audit-log', log], withKey);
    expect(pruned.code).toBe(0);
    expect(heroku.configVars('acme-old')).toEqual({ OTHER: 'kept' });
    expect(pruned.text).toContain('heroku:acme-old/API_TOKEN');
    expect(`${plan.text}${unasked.text}${pruned.text}`).not.toContain(OLD);
  });

  it('rotate with an unknown id names the nearest and sends nothing', async () => {
    const run = await cli(['rotate', 'api-tokn', '--manifest', manifest], {
      ...env,
      KEYTURN_HEROKU_API_KEY: HEROKU_KEY,
    });
    expect(run.code).toBe(2);
    expect(run.text).toContain("'api-tokn', which is not an id in");
    expect(run.text).toContain("Did you mean 'api-token'?");
    expect(ssm.emulator.requests).toEqual([]);
  });
});
