import { type SecretsManagerEmulator, startSecretsManager, useEmulatorAwsCredentials } from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, defaultDeps, runPropagate, startWorld, type World } from './helpers';

const deps = defaultDeps;
let world: World;
let sm: SecretsManagerEmulator;
let restoreEnv: () => void;

beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

beforeEach(async () => {
  world = await startWorld();
  sm = await startSecretsManager({ now: world.time.clock.now });
});

afterEach(async () => {
  expect(world.fly.emulator.violations).toEqual([]);
  expect(sm.emulator.violations).toEqual([]);
  await Promise.all([world.close(), sm.close()]);
});

const TARGETS = [
  'github:acme/api/JWT_SIGNING_KEY',
  'heroku:acme-api/JWT_SIGNING_KEY',
  'fly:cloudforge-api/JWT_SIGNING_KEY',
];

describe('propagate: Fly.io targets and a Secrets Manager source', () => {
  it('reads AWSCURRENT from Secrets Manager and stages it at Fly with GitHub and Heroku, printing no value', async () => {
    sm.seed('cloudforge/jwt-signing-key', 'kt-old-value-not-current', { stages: ['AWSCURRENT'] });
    sm.seed('cloudforge/jwt-signing-key', CANARY, { stages: ['AWSCURRENT'] });
    const run = await runPropagate(
      world,
      { source: 'secrets-manager:cloudforge/jwt-signing-key', targets: TARGETS.join('\n') },
      deps,
      { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
    );
    expect(run.runner.failed).toBeUndefined();
    expect(run.report.map((row) => row.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(world.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY')).toBe(CANARY);
    expect(world.fly.app('cloudforge-api')?.deployedVersion).toBe(1);
    expect(world.heroku.configVars('acme-api')?.JWT_SIGNING_KEY).toBe(CANARY);
    expect(world.github.repoSecret('acme/api', 'JWT_SIGNING_KEY')?.value).toBe(CANARY);
    expect(run.runner.everything()).toMatch(
      /warning: fly:cloudforge-api\/JWT_SIGNING_KEY: staged .* fly secrets deploy -a cloudforge-api/,
    );
    expect(JSON.parse(run.audit)).toMatchObject({
      store: 'secrets-manager',
      secret_name: 'cloudforge/jwt-signing-key',
    });
    expect(run.everything).not.toContain(CANARY);
    expect(sm.writes()).toEqual([]);
  });

  it('checks Fly access in a dry run and changes nothing', async () => {
    const run = await runPropagate(world, { value: CANARY, targets: TARGETS[2] ?? '', 'dry-run': 'true' });
    expect(run.report).toEqual([{ target: TARGETS[2], outcome: 'unchanged-in-dry-run' }]);
    expect(world.fly.emulator.requests.map((request) => request.method)).toEqual(['GET']);
    expect(world.fly.writes()).toEqual([]);
  });

  it.each([
    [
      { 'fly-api-token': '' },
      /input 'fly-api-token' is empty but fly:cloudforge-api\/JWT_SIGNING_KEY is a Fly.io target/,
    ],
    [{ targets: 'fly:cloudforge-api/../JWT_SIGNING_KEY' }, /must read fly:APP\/NAME/],
    [{ targets: 'fly:Cloudforge/JWT' }, /Fly app 'Cloudforge'/],
    [{ 'fly-api-url': 'api.machines.dev' }, /input 'fly-api-url' is 'api.machines.dev', not a URL/],
    [{ source: 'secrets-manager:bad name' }, /input 'source' names AWS Secrets Manager secret 'bad name'/],
  ])('refuses %j before any request', async (override, message) => {
    const run = await runPropagate(
      world,
      { value: '', source: 'secrets-manager:cloudforge/jwt', targets: TARGETS[2] ?? '', ...override },
      deps,
      { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
    );
    expect(run.runner.failed).toMatch(message);
    expect(world.fly.emulator.requests).toEqual([]);
    expect(sm.emulator.requests).toEqual([]);
  });

  it('a Fly failure fails only its row; the others are written', async () => {
    const run = await runPropagate(world, {
      value: CANARY,
      targets: `${TARGETS[0]}\nfly:someone-elses-app/JWT_SIGNING_KEY`,
    });
    expect(run.ok).toBe(false);
    expect(run.report).toEqual([
      { target: TARGETS[0], outcome: 'updated' },
      {
        target: 'fly:someone-elses-app/JWT_SIGNING_KEY',
        outcome: 'failed',
        reason:
          'Fly.io (HTTP 403): the API token may not change the secrets of app someone-elses-app; check fly-api-token',
      },
    ]);
    expect(run.everything).not.toContain(CANARY);
  });
});
