import { type InfisicalEmulator, type SsmEmulator, startInfisical, startSsm } from '@keyturn/testkit';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, defaultDeps, runPropagate, startWorld, type World } from './helpers';

const deps = defaultDeps;
let world: World;
let ssm: SsmEmulator;
let infisical: InfisicalEmulator;

beforeAll(() => {
  // The AWS SDK's default credential chain reads these from the process.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'example-secret-access-key';
});

beforeEach(async () => {
  world = await startWorld();
  ssm = await startSsm({ now: world.time.clock.now });
  infisical = await startInfisical({
    clients: { 'machine-id': 'machine-secret-value' },
    projects: { 'proj-1': ['prod'] },
    now: world.time.clock.now,
  });
});

afterEach(async () => {
  expect(world.github.violations).toEqual([]);
  await Promise.all([world.close(), ssm.close(), infisical.close()]);
});

describe('propagate with source: the value is read from a store', () => {
  it('reads the current SSM version and pushes it, never printing it', async () => {
    ssm.seed('/prod/api-token', CANARY);
    const run = await runPropagate(
      world,
      { source: 'ssm:/prod/api-token', targets: 'github:acme/api/API_TOKEN\nheroku:acme-api/API_TOKEN' },
      deps,
      { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url },
    );
    expect(run.runner.failed).toBeUndefined();
    expect(world.github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);
    expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(CANARY);
    expect(run.runner.masked).toContain(CANARY);
    expect(run.everything).not.toContain(CANARY);
    expect(JSON.parse(run.audit)).toMatchObject({ store: 'ssm', secret_name: '/prod/api-token', updated: 2 });
    expect(ssm.writes()).toEqual([]);
  });

  it('reads an Infisical secret with universal auth', async () => {
    infisical.seed({ projectId: 'proj-1', environment: 'prod', key: 'API_TOKEN' }, CANARY);
    const run = await runPropagate(
      world,
      {
        source: 'infisical:API_TOKEN',
        targets: 'github:acme/web/API_TOKEN',
        'infisical-url': infisical.url,
        'infisical-project-id': 'proj-1',
        'infisical-environment': 'prod',
        'infisical-client-id': 'machine-id',
        'infisical-client-secret': 'machine-secret-value',
      },
      deps,
    );
    expect(run.runner.failed).toBeUndefined();
    expect(world.github.repoSecret('acme/web', 'API_TOKEN')?.value).toBe(CANARY);
    expect(run.everything).not.toContain(CANARY);
    expect(run.everything).not.toContain('machine-secret-value');
    expect(infisical.secretWrites()).toEqual([]);
  });

  it('fails before any write when the source does not exist', async () => {
    const run = await runPropagate(world, { source: 'ssm:/prod/missing', targets: 'github:acme/api/API_TOKEN' }, deps, {
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SSM: ssm.url,
    });
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toBe(
      'keyturn/propagate: source ssm:/prod/missing does not exist; nothing was propagated',
    );
    expect(world.github.requests).toEqual([]);
  });

  it('checks a stored value against the targets’ size limits before any write', async () => {
    infisical.seed({ projectId: 'proj-1', environment: 'prod', key: 'BIG' }, 'x'.repeat(33 * 1024));
    const run = await runPropagate(
      world,
      {
        source: 'infisical:BIG',
        targets: 'heroku:acme-api/BIG',
        'infisical-url': infisical.url,
        'infisical-project-id': 'proj-1',
        'infisical-environment': 'prod',
        'infisical-client-id': 'machine-id',
        'infisical-client-secret': 'machine-secret-value',
      },
      deps,
    );
    expect(run.runner.failed).toMatch(/input 'source' is too large for heroku:acme-api\/BIG/);
    expect(world.heroku.emulator.requests).toEqual([]);
  });
});
