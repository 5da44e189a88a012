import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  jsonBody,
  type SecretsManagerEmulator,
  startSecretsManager,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretsManagerClient,
  SecretsManagerStore,
  type SecretsManagerStoreOptions,
  secretsManagerNameProblem,
} from '../../src/adapters/secrets-manager';
import { createFakeClock } from '../../src/clock';
import { CheckFailedError, UpstreamError } from '../../src/errors';
import { SecretRegistry } from '../../src/secrets';

let sm: SecretsManagerEmulator;
let client: SecretsManagerClient;
let fake: ReturnType<typeof createFakeClock>;
let restoreEnv: () => void;
const NAME = 'prod/api/token';

beforeEach(async () => {
  restoreEnv = useEmulatorAwsCredentials();
  fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
  sm = await startSecretsManager({ now: () => fake.clock.now() });
  client = createSecretsManagerClient({ region: 'eu-west-1', endpoint: sm.url });
});

afterEach(async () => {
  expect(sm.emulator.violations).toEqual([]);
  client.destroy();
  await sm.close();
  restoreEnv();
});

function store(extra: Partial<SecretsManagerStoreOptions> = {}): SecretsManagerStore {
  const secrets = new SecretRegistry({ setSecret: () => {} });
  return new SecretsManagerStore({
    client,
    secrets,
    clock: fake.clock,
    sleep: fake.sleep,
    random: () => 0.5,
    ...extra,
  });
}

const stagesOf = (name = NAME) => sm.describe(name).map((entry) => entry.stages.sort());

describe('SecretsManagerStore against the Secrets Manager emulator', () => {
  it('stages a write as AWS rotation does: AWSPENDING, then AWSCURRENT moves, AWSPREVIOUS follows, AWSPENDING goes', async () => {
    const keyturn = store();
    await keyturn.write(NAME, 'one');
    expect(sm.operations()).toEqual(['DescribeSecret', 'CreateSecret']);
    const before = sm.operations().length;
    const second = await keyturn.write(NAME, 'two');
    expect(sm.operations().slice(before)).toEqual([
      'DescribeSecret',
      'PutSecretValue',
      'UpdateSecretVersionStage',
      'UpdateSecretVersionStage',
    ]);
    const [put, moveCurrent, dropPending] = sm.writes().slice(1).map(jsonBody) as Record<string, unknown>[];
    expect(put).toMatchObject({ VersionStages: ['AWSPENDING'], ClientRequestToken: second.version });
    expect(moveCurrent).toMatchObject({ VersionStage: 'AWSCURRENT', MoveToVersionId: second.version });
    expect(dropPending).toEqual({ SecretId: NAME, VersionStage: 'AWSPENDING', RemoveFromVersionId: second.version });
    await keyturn.write(NAME, 'three');
    expect(stagesOf()).toEqual([[], ['AWSPREVIOUS'], ['AWSCURRENT']]);
  });

  it('a run that stops before AWSCURRENT moves leaves consumers’ value current, and the next write converges', async () => {
    const keyturn = store();
    const first = await keyturn.write(NAME, 'one');
    sm.failNext({ operation: 'UpdateSecretVersionStage', type: 'AccessDeniedException' });
    await expect(keyturn.write(NAME, 'two')).rejects.toThrow(UpstreamError);
    expect(await keyturn.read(NAME)).toMatchObject({ value: 'one', version: first.version });
    expect(stagesOf()).toEqual([['AWSCURRENT'], ['AWSPENDING']]);
    const again = await keyturn.write(NAME, 'two');
    expect(await keyturn.read(NAME)).toMatchObject({ value: 'two', version: again.version });
    expect(stagesOf()).toEqual([['AWSPREVIOUS'], [], ['AWSCURRENT']]);
  });

  it('AWSCURRENT moved but no answer ever arrived (every attempt applied, then reset): the move is recognised as done', async () => {
    const keyturn = store();
    const first = await keyturn.write(NAME, 'one');
    sm.emulator.injectFault({
      match: (request) =>
        String(request.headers['x-amz-target']).endsWith('UpdateSecretVersionStage') &&
        (jsonBody(request) as { VersionStage?: string }).VersionStage === 'AWSCURRENT',
      applied: true,
      reset: true,
    });
    const second = await keyturn.write(NAME, 'two');
    expect(second.previousVersion).toBe(first.version);
    expect(await keyturn.read(NAME)).toMatchObject({ value: 'two', version: second.version });
    expect(stagesOf()).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
  });

  it('keeps AWSPENDING on the new current version while a rotation is unfinished, until settle', async () => {
    const keyturn = store();
    await keyturn.write(NAME, 'one');
    const written = await keyturn.write(NAME, 'two', { pending: true });
    expect(await keyturn.head(NAME)).toMatchObject({ version: written.version, pending: true });
    expect(stagesOf()).toEqual([['AWSPREVIOUS'], ['AWSCURRENT', 'AWSPENDING']]);
    await keyturn.settle(NAME, written.version);
    expect(await keyturn.head(NAME)).not.toHaveProperty('pending');
    // Settling again (a re-run) converges instead of failing.
    await keyturn.settle(NAME, written.version);
    expect(stagesOf()).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
  });

  it('retries a failed PutSecretValue with the same ClientRequestToken, so a retry never makes two versions', async () => {
    const keyturn = store();
    await keyturn.write(NAME, 'one');
    sm.failNext({ operation: 'PutSecretValue', type: 'InternalServiceError' });
    await keyturn.write(NAME, 'two');
    const puts = sm.emulator.requests.filter((request) =>
      String(request.headers['x-amz-target']).endsWith('PutSecretValue'),
    );
    expect(puts).toHaveLength(2);
    const tokens = puts.map((request) => (jsonBody(request) as { ClientRequestToken: string }).ClientRequestToken);
    expect(new Set(tokens).size).toBe(1);
    expect(sm.describe(NAME)).toHaveLength(2);
  });

  it('rolls back natively: AWSCURRENT moves back, no new version is written', async () => {
    const keyturn = store();
    const one = await keyturn.write(NAME, 'one');
    const two = await keyturn.write(NAME, 'two');
    const puts = sm.operations().filter((operation) => operation === 'PutSecretValue').length;
    const rolled = await keyturn.rollback(NAME);
    expect(rolled).toMatchObject({
      value: 'one',
      version: one.version,
      restoredVersion: one.version,
      previousVersion: two.version,
    });
    expect(sm.operations().filter((operation) => operation === 'PutSecretValue')).toHaveLength(puts);
    expect(stagesOf()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect((await keyturn.readPrevious(NAME))?.value).toBe('two');
  });

  it('refuses, before any write, a secret scheduled for deletion or rotated by a Lambda', async () => {
    sm.seed('deleted/secret', 'x');
    sm.scheduleDeletion('deleted/secret');
    sm.seed('lambda/secret', 'x', { rotationEnabled: true });
    const keyturn = store();
    await expect(keyturn.checkWritable('deleted/secret')).rejects.toThrow(/scheduled for deletion.*restore-secret/);
    await expect(keyturn.write('lambda/secret', 'y')).rejects.toThrow(CheckFailedError);
    await expect(keyturn.write('lambda/secret', 'y')).rejects.toThrow(/cancel-rotate-secret/);
    expect(sm.writes()).toEqual([]);
  });

  it('names the IAM action a denied role lacks, and does not retry it', async () => {
    sm.deny('PutSecretValue');
    sm.seed(NAME, 'one');
    const error = await store()
      .write(NAME, 'two')
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as Error).message).toContain(`secretsmanager:PutSecretValue on secret ${NAME}`);
    expect(sm.operations().filter((operation) => operation === 'PutSecretValue')).toHaveLength(1);
  });

  it.each([
    ['prod/api/token', undefined],
    ['a@b.c+d=e_f-g', undefined],
    ['', /is empty/],
    ['has space', /character Secrets Manager does not allow/],
    ['arn:aws:secretsmanager:eu-west-1:1:secret:x', /ARN/],
    ['prod/token-AbCdEf', /six characters/],
    ['x'.repeat(513), /512/],
  ])('checks the name %j', (name, problem) => {
    const found = secretsManagerNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
