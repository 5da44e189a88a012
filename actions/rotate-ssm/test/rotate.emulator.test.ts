import {
  type InfisicalEmulator,
  type SecretsManagerEmulator,
  type SsmEmulator,
  startInfisical,
  startSecretsManager,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realStore as openStore } from '../src/main';
import { CANARY, DAY, runRotate, START, shown } from './helpers';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('rotate-ssm against the SSM emulator', () => {
  let ssm: SsmEmulator;
  let now = START;
  let env: Record<string, string>;
  const rotateSsm = (inputs: Record<string, string>) => runRotate(inputs, openStore, { env, now });

  beforeEach(async () => {
    now = START;
    ssm = await startSsm({ now: () => now });
    env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url };
  });
  afterEach(async () => {
    await ssm.close();
  });

  it('rotating twice leaves exactly one current and one previous; rollback restores the value', async () => {
    const first = await rotateSsm({ name: '/app/token', value: CANARY });
    expect(first.runner.outputs).toMatchObject({ rotated: 'true', version: '1', 'previous-version': '' });
    now += DAY;
    const second = await rotateSsm({ name: '/app/token' });
    expect(second.runner.outputs).toMatchObject({
      rotated: 'true',
      version: '2',
      'previous-version': '1',
      'age-days': '1',
    });
    const labels = ssm.describe('/app/token').flatMap((entry) => entry.labels);
    expect(labels.sort()).toEqual(['current', 'previous']);
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['current'] },
    ]);
    const back = await rotateSsm({ name: '/app/token', rollback: 'true' });
    expect(back.runner.outputs).toMatchObject({
      rotated: 'true',
      version: '3',
      'previous-version': '2',
      value: CANARY,
    });
    expect(ssm.parameters.get('/app/token')?.at(-1)?.value).toBe(CANARY);
    for (const run of [first, second, back]) {
      expect(run.ok).toBe(true);
      expect(shown(run)).not.toContain(CANARY);
      expect(ssm.emulator.violations).toEqual([]);
    }
  });

  it.each([
    [{ name: '/aws/reserved' }],
    [{ name: 'no/leading/slash' }],
    [{ name: '/x', generate: 'hex:0' }],
    [{ name: '/x', generate: 'nope:3' }],
    [{ name: '/x', 'max-age': '3 months' }],
    [{ name: '/x', value: 'v'.repeat(4097) }],
    [{ name: '/x', value: CANARY, generate: 'hex:8' }],
    [{ name: '/x', rollback: 'true', value: CANARY }],
    [{ name: '/x', 'infisical-project-id': 'p' }],
    [{ name: '/x', tier: 'Gold' }],
  ])('bad input %j fails before any request', async (inputs) => {
    ssm.seed('/x', 'existing-value');
    const run = await rotateSsm(inputs);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/^keyturn\/rotate-ssm: input '[a-z-]+' /);
    expect(ssm.emulator.requests).toEqual([]);
    expect(shown(run)).not.toContain(CANARY);
  });

  it('a dry run reads and plans but sends no write', async () => {
    ssm.seed('/app/token', 'older-value', { labels: ['previous'] });
    ssm.seed('/app/token', 'existing-value', { labels: ['current'] });
    const run = await rotateSsm({ name: '/app/token', 'dry-run': 'true' });
    expect(run.ok).toBe(true);
    expect(run.runner.outputs.rotated).toBe('false');
    expect(ssm.operations()).toContain('GetParameterHistory');
    expect(ssm.writes()).toEqual([]);
    const rollback = await rotateSsm({ name: '/app/token', 'dry-run': 'true', rollback: 'true' });
    expect(rollback.ok).toBe(true);
    expect(rollback.runner.logs.join('\n')).toContain("dry run: would write version 1's value as the version after 2");
    expect(ssm.writes()).toEqual([]);
    expect(ssm.operations()).not.toContain('GetParameter');
  });

  it('skips a parameter younger than max-age, and rotates an older one', async () => {
    ssm.seed('/app/token', 'existing-value', { lastModified: START - 10 * DAY });
    const young = await rotateSsm({ name: '/app/token', 'max-age': '30d' });
    expect(young.runner.outputs).toMatchObject({ rotated: 'false', version: '1', 'age-days': '10' });
    expect(ssm.writes()).toEqual([]);
    now = START + 25 * DAY;
    const old = await rotateSsm({ name: '/app/token', 'max-age': '30d' });
    expect(old.runner.outputs).toMatchObject({ rotated: 'true', version: '2', 'age-days': '35' });
  });

  it('with max-age, a rotation in flight (pending, not yet current) stops it; without, it writes now', async () => {
    ssm.seed('/app/token', 'existing-value', { labels: ['current'], lastModified: START - 40 * DAY });
    ssm.seed('/app/token', 'in-flight-value', { labels: ['pending'], lastModified: START });
    const scheduled = await rotateSsm({ name: '/app/token', 'max-age': '30d' });
    expect(scheduled.runner.failed).toMatch(
      /another rotation of \/app\/token wrote version 2 and has not made it current yet.*this run wrote nothing/,
    );
    expect(ssm.writes()).toEqual([]);
    const now_ = await rotateSsm({ name: '/app/token' });
    expect(now_.runner.outputs).toMatchObject({ rotated: 'true', version: '3' });
  });

  it('explains a String parameter, naming the fix, before writing', async () => {
    ssm.seed('/app/plain', 'existing-value', { type: 'String' });
    const run = await rotateSsm({ name: '/app/plain' });
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toContain('is a String, not a SecureString');
    expect(run.runner.failed).toContain('aws ssm delete-parameter --name /app/plain');
    expect(ssm.writes()).toEqual([]);
  });

  it('retries throttling with the injected sleep and names the IAM action on AccessDenied', async () => {
    ssm.failNext({ operation: 'PutParameter', type: 'ThrottlingException', message: 'Rate exceeded', times: 2 });
    const throttled = await rotateSsm({ name: '/app/token' });
    expect(throttled.ok).toBe(true);
    expect(throttled.sleeps).toHaveLength(2);
    expect(throttled.runner.logs.join('\n')).toContain(
      'retrying: AWS SSM (HTTP 400): PutParameter on /app/token was throttled',
    );
    ssm.deny('LabelParameterVersion', 'ssm:LabelParameterVersion');
    const denied = await rotateSsm({ name: '/app/token' });
    expect(denied.ok).toBe(false);
    expect(denied.runner.failed).toContain('the role lacks ssm:LabelParameterVersion on /app/token');
    expect(denied.events[0]).toMatchObject({ event: 'secret.rotate.failed', outcome: 'failure' });
  });

  it('a fault at the label step leaves current on the old value, and a rerun converges', async () => {
    await rotateSsm({ name: '/app/token', value: CANARY });
    ssm.failNext({ operation: 'LabelParameterVersion', type: 'AccessDeniedException', message: 'no' });
    const broken = await rotateSsm({ name: '/app/token' });
    expect(broken.ok).toBe(false);
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: ['current'] },
      { version: 2, labels: [] },
    ]);
    const rerun = await rotateSsm({ name: '/app/token' });
    expect(rerun.ok).toBe(true);
    expect(rerun.runner.outputs).toMatchObject({ version: '3', 'previous-version': '1' });
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: [] },
      { version: 3, labels: ['current'] },
    ]);
  });
});

describe('rotate-ssm against the Infisical emulator', () => {
  let infisical: InfisicalEmulator;
  let inputs: Record<string, string>;
  beforeEach(async () => {
    infisical = await startInfisical({
      clients: { 'machine-id': 'machine-secret-9b1f' },
      projects: { 'proj-1': ['prod'] },
      now: () => START,
    });
    inputs = {
      store: 'infisical',
      name: 'API_TOKEN',
      'infisical-url': infisical.url,
      'infisical-project-id': 'proj-1',
      'infisical-environment': 'prod',
      'infisical-client-id': 'machine-id',
      'infisical-client-secret': 'machine-secret-9b1f',
    };
  });
  afterEach(async () => {
    await infisical.close();
  });

  it('creates, updates and rolls back, never showing values or tokens', async () => {
    const first = await runRotate({ ...inputs, value: CANARY }, openStore);
    const second = await runRotate({ ...inputs, generate: 'password:24' }, openStore);
    const back = await runRotate({ ...inputs, rollback: 'true' }, openStore);
    expect(first.runner.outputs).toMatchObject({ rotated: 'true', version: '1', 'previous-version': '' });
    expect(second.runner.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1' });
    expect(back.runner.outputs).toMatchObject({
      rotated: 'true',
      version: '3',
      'previous-version': '2',
      value: CANARY,
    });
    expect(infisical.valueWrites().map((request) => request.method)).toEqual(['POST', 'PATCH', 'PATCH']);
    // Each write took the rotation marker first and deleted it after (the folder made once).
    expect(infisical.markerWrites().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN',
      'POST /api/v1/folders',
      'POST /api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN',
      'DELETE /api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN',
      ...Array(2)
        .fill([
          'POST /api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN',
          'DELETE /api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN',
        ])
        .flat(),
    ]);
    for (const run of [first, second, back]) {
      const text = shown(run);
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('machine-secret-9b1f');
      for (const token of infisical.issuedTokens) expect(text).not.toContain(token);
    }
  });

  it.each([
    [{ 'infisical-project-id': '' }],
    [{ 'infisical-environment': '' }],
    [{ 'infisical-client-secret': '' }],
    [{ name: 'HAS SPACE' }],
    [{ generate: 'hex' }],
    [{ 'kms-key-id': 'alias/x' }],
  ])('bad input %j fails before any request, login included', async (override) => {
    const run = await runRotate({ ...inputs, ...override }, openStore);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/input '/);
    expect(infisical.emulator.requests).toEqual([]);
  });

  it('a dry run writes nothing', async () => {
    infisical.seed({ projectId: 'proj-1', environment: 'prod', key: 'API_TOKEN' }, 'existing-value');
    const run = await runRotate({ ...inputs, 'dry-run': 'true' }, openStore);
    expect(run.ok).toBe(true);
    expect(run.runner.outputs).toMatchObject({ rotated: 'false', version: '1' });
    expect(infisical.secretWrites()).toEqual([]);
  });
});

describe('rotate-ssm against the Secrets Manager emulator (store: secrets-manager)', () => {
  let sm: SecretsManagerEmulator;
  let now = START;
  let env: Record<string, string>;
  const rotate = (inputs: Record<string, string>) =>
    runRotate({ store: 'secrets-manager', name: 'prod/api/token', ...inputs }, openStore, { env, now });

  beforeEach(async () => {
    now = START;
    sm = await startSecretsManager({ now: () => now });
    // Only the Secrets Manager variable: the SSM one must not be what routes it.
    env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url };
  });
  afterEach(async () => {
    expect(sm.emulator.violations).toEqual([]);
    await sm.close();
  });

  it('creates, rotates with AWS staging labels, and rolls back natively', async () => {
    const first = await rotate({ value: CANARY });
    expect(first.ok).toBe(true);
    const v1 = first.runner.outputs.version ?? '';
    expect(first.runner.outputs).toMatchObject({ rotated: 'true', 'previous-version': '' });
    now += DAY;
    const second = await rotate({ generate: 'base64:48' });
    const v2 = second.runner.outputs.version ?? '';
    expect(second.runner.outputs).toMatchObject({ rotated: 'true', 'previous-version': v1, 'age-days': '1' });
    expect(sm.describe('prod/api/token')).toEqual([
      { versionId: v1, stages: ['AWSPREVIOUS'] },
      { versionId: v2, stages: ['AWSCURRENT'] },
    ]);
    const back = await rotate({ rollback: 'true' });
    expect(back.runner.outputs).toMatchObject({ rotated: 'true', version: v1, 'previous-version': v2, value: CANARY });
    expect(back.runner.summary.join('\n')).toContain(`version ${v1} is current again`);
    expect(sm.describe('prod/api/token').map((entry) => entry.stages)).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    for (const run of [first, second, back]) expect(shown(run)).not.toContain(CANARY);
    expect(first.events.at(-1)).toMatchObject({ event: 'secret.rotate.completed', store: 'secrets-manager' });
  });

  it('skips a young secret and sends nothing in a dry run', async () => {
    await rotate({ value: CANARY });
    const writes = sm.writes().length;
    now += DAY;
    const young = await rotate({ 'max-age': '30d' });
    expect(young.runner.outputs.rotated).toBe('false');
    const dry = await rotate({ 'dry-run': 'true' });
    expect(dry.ok).toBe(true);
    expect(sm.writes()).toHaveLength(writes);
  });

  it('refuses bad input before any request', async () => {
    const runs = [
      await rotate({ name: 'prod/token-AbCdEf' }),
      await rotate({ tier: 'Advanced' }),
      await rotate({ value: 'x'.repeat(65_537) }),
      await rotate({ 'infisical-project-id': 'p' }),
    ];
    expect(runs.map((run) => run.runner.failed)).toEqual([
      expect.stringMatching(/input 'name' ends with a hyphen and six characters/),
      expect.stringMatching(/input 'tier' is set but store is secrets-manager. Remove it, or set store to ssm/),
      expect.stringMatching(/input 'value' is 65537 bytes. Secrets Manager holds at most 65536/),
      expect.stringMatching(/input 'infisical-project-id' is set but store is secrets-manager/),
    ]);
    expect(sm.emulator.requests).toEqual([]);
  });
});
