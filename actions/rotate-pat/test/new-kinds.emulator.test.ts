import {
  type FlyEmulator,
  type SecretsManagerEmulator,
  startFly,
  startSecretsManager,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectNoSecret,
  NEW_TOKEN,
  OLD_TOKEN,
  rotation,
  runRotatePat,
  startWorld,
  userStatus,
  type World,
} from './helpers';

const FLY_TOKEN = 'fm2_kt-fly-token-rotate-pat-5e6f';
let restoreEnv: () => void;
let world: World;
let sm: SecretsManagerEmulator;
let fly: FlyEmulator;

beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

beforeEach(async () => {
  world = await startWorld({ requests: 2 });
  sm = await startSecretsManager({ now: world.time.clock.now });
  fly = await startFly({ now: world.time.clock.now });
  fly.addToken(FLY_TOKEN, ['cloudforge-api']);
  fly.addApp('cloudforge-api', { GITHUB_TOKEN: OLD_TOKEN });
  world.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
});

afterEach(async () => {
  expect(sm.emulator.violations).toEqual([]);
  expect(fly.emulator.violations).toEqual([]);
  await Promise.all([world.close(), sm.close(), fly.close()]);
});

const inputs = (extra: Record<string, string> = {}) =>
  rotation(world, {
    store: 'secrets-manager',
    name: 'ci/github-token',
    targets: 'fly:cloudforge-api/GITHUB_TOKEN\nheroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
    'fly-api-token': FLY_TOKEN,
    'fly-api-url': fly.url,
    ...extra,
  });

describe('rotate-pat with store: secrets-manager and a Fly.io target', () => {
  it('stores the new token as AWSCURRENT, stages it at Fly, revokes the old one', async () => {
    const old = sm.seed('ci/github-token', OLD_TOKEN);
    const run = await runRotatePat(world, inputs());
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs.revoked).toBe('true');
    const versions = sm.describe('ci/github-token');
    expect(versions).toEqual([
      { versionId: old, stages: ['AWSPREVIOUS'] },
      { versionId: expect.any(String), stages: ['AWSCURRENT'] },
    ]);
    expect(sm.secrets.get('ci/github-token')?.versions.at(-1)?.value).toBe(NEW_TOKEN);
    expect(fly.secretValue('cloudforge-api', 'GITHUB_TOKEN')).toBe(NEW_TOKEN);
    expect(world.heroku.configVars('acme-api')?.GITHUB_TOKEN_FOR_DEPLOY).toBe(NEW_TOKEN);
    expect(await userStatus(world, OLD_TOKEN)).toBe(401);
    expect(run.events.at(-1)).toMatchObject({ store: 'secrets-manager', secret_name: 'ci/github-token' });
    expectNoSecret(run.everything, expect);
    expect(run.everything).not.toContain(FLY_TOKEN);
  });

  it('a Fly target the token may not reach is found before the store is written or the old token revoked', async () => {
    sm.seed('ci/github-token', OLD_TOKEN);
    const run = await runRotatePat(world, inputs({ targets: 'fly:someone-elses-app/GITHUB_TOKEN' }));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/someone-elses-app/);
    expect(sm.writes()).toEqual([]);
    expect(fly.writes()).toEqual([]);
    expect(world.credentials.revokeRequests()).toEqual([]);
  });

  it('refuses fly-api-token with check-only, after masking it', async () => {
    const run = await runRotatePat(world, {
      'check-only': 'true',
      token: NEW_TOKEN,
      'github-api-url': world.github.url,
      'fly-api-token': FLY_TOKEN,
    });
    expect(run.runner.failed).toMatch(/input 'fly-api-token' is set with check-only: true/);
    expect(run.runner.masked).toContain(FLY_TOKEN);
    expect(fly.emulator.requests).toEqual([]);
  });
});
