import type { SSMClient } from '@aws-sdk/client-ssm';
import { failure, type SsmEmulator, startSsm, useEmulatorAwsCredentials } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSsmClient, SsmStore, type SsmStoreOptions, ssmParameterNameProblem } from '../../src/adapters/ssm';
import { createFakeClock } from '../../src/clock';
import { CheckFailedError, UpstreamError } from '../../src/errors';
import { SecretRegistry } from '../../src/secrets';

let ssm: SsmEmulator;
let client: SSMClient;
let fake: ReturnType<typeof createFakeClock>;
let secrets: SecretRegistry;
let masked: string[];

let restoreEnv: () => void;
beforeEach(async () => {
  restoreEnv = useEmulatorAwsCredentials();
  fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
  ssm = await startSsm({ now: () => fake.clock.now() });
  client = createSsmClient({ region: 'eu-west-1', endpoint: ssm.url });
  masked = [];
  secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
});

afterEach(async () => {
  client.destroy();
  await ssm.close();
  restoreEnv();
});

function store(extra: Partial<SsmStoreOptions> = {}): SsmStore {
  return new SsmStore({ client, secrets, clock: fake.clock, sleep: fake.sleep, random: () => 0.5, ...extra });
}

describe('SsmStore against the SSM emulator', () => {
  it('creates version 1 on the first rotation: ParameterNotFound is not an error', async () => {
    const ssmStore = store();
    expect(await ssmStore.read('/app/token')).toBeUndefined();
    expect(await ssmStore.write('/app/token', 'first-value')).toEqual({ version: '1' });
    expect(ssm.describe('/app/token')).toEqual([{ version: 1, labels: ['current'] }]);
    expect(ssm.parameters.get('/app/token')?.[0]?.type).toBe('SecureString');
  });

  it('rotating twice leaves exactly one current and one previous label', async () => {
    const ssmStore = store();
    await ssmStore.write('/app/token', 'one');
    expect(await ssmStore.write('/app/token', 'two')).toEqual({ version: '2', previousVersion: '1' });
    expect(await ssmStore.write('/app/token', 'three')).toEqual({ version: '3', previousVersion: '2' });
    const labels = ssm.describe('/app/token').flatMap((entry) => entry.labels);
    expect(labels.filter((label) => label === 'current')).toHaveLength(1);
    expect(labels.filter((label) => label === 'previous')).toHaveLength(1);
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: [] },
      { version: 2, labels: ['previous'] },
      { version: 3, labels: ['current'] },
    ]);
    const current = await ssmStore.read('/app/token');
    expect(current).toMatchObject({ value: 'three', version: '3' });
    expect(masked).toContain('three');
  });

  it('reads the age from LastModifiedDate, and head() reads no value', async () => {
    const ssmStore = store();
    await ssmStore.write('/app/token', 'one');
    const written = fake.clock.now();
    fake.advance(5 * 86_400_000);
    expect((await ssmStore.read('/app/token'))?.updatedAt).toBe(written);
    const before = ssm.operations().length;
    expect(await ssmStore.head('/app/token')).toEqual({ version: '1', updatedAt: written });
    expect(ssm.operations().slice(before)).toEqual(['GetParameterHistory']);
  });

  it('rolls back by writing the previous value as a new version and moving both labels, masking it', async () => {
    const ssmStore = store();
    await ssmStore.write('/app/token', 'old-value-1');
    await ssmStore.write('/app/token', 'new-value-2');
    const fresh = new SecretRegistry({ setSecret: () => {} });
    const rolled = await store({ secrets: fresh }).rollback('/app/token');
    expect(rolled).toMatchObject({ value: 'old-value-1', version: '3', previousVersion: '2', restoredVersion: '1' });
    expect(fresh.isMasked('old-value-1')).toBe(true);
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: [] },
      { version: 2, labels: ['previous'] },
      { version: 3, labels: ['current'] },
    ]);
    expect(ssm.parameters.get('/app/token')?.[2]?.value).toBe('old-value-1');
  });

  it('refuses a rollback with no previous label, before writing', async () => {
    ssm.seed('/app/outside', 'made-by-hand');
    const error = await failure(store().rollback('/app/outside'));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error.message).toContain("labelled 'previous'");
    expect(ssm.operations()).not.toContain('PutParameter');
  });

  it('explains a String parameter (HierarchyTypeMismatch) before writing', async () => {
    ssm.seed('/app/plain', 'text', { type: 'String' });
    const error = await failure(store().write('/app/plain', 'secret-value'));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error.message).toMatch(/is a String, not a SecureString.*aws ssm delete-parameter --name \/app\/plain/);
    expect(ssm.operations()).not.toContain('PutParameter');
  });

  it('maps HierarchyTypeMismatchException when the type changes between read and write', async () => {
    ssm.failNext({
      operation: 'PutParameter',
      type: 'HierarchyTypeMismatchException',
      message: 'Parameter Type cannot be changed',
    });
    const error = await failure(store().write('/app/x', 'secret-value'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toContain('cannot change a parameter');
  });

  it('retries ThrottlingException and TooManyUpdates with the injected sleep', async () => {
    ssm.failNext({ operation: 'PutParameter', type: 'ThrottlingException', message: 'Rate exceeded', times: 2 });
    ssm.failNext({ operation: 'LabelParameterVersion', type: 'TooManyUpdates' });
    const retries: string[] = [];
    expect(await store({ onRetry: (message) => retries.push(message) }).write('/app/t', 'value-x')).toEqual({
      version: '1',
    });
    expect(fake.sleeps).toHaveLength(3);
    expect(retries[0]).toContain('ThrottlingException');
    expect(ssm.operations().filter((operation) => operation === 'PutParameter')).toHaveLength(3);
  });

  it('gives up on throttling within the retry policy', async () => {
    ssm.failNext({ operation: 'GetParameterHistory', type: 'ThrottlingException', times: 99 });
    const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, totalTimeMs: 10_000 };
    const error = await failure(store({ retry: policy }).read('/app/t'));
    expect(error.message).toContain('gave up after 3 attempts');
    expect(fake.sleeps).toHaveLength(2);
  });

  it('names the missing IAM action on AccessDenied', async () => {
    ssm.deny('PutParameter', 'ssm:PutParameter');
    const put = await failure(store().write('/app/a', 'secret-value'));
    expect(put.message).toContain('lacks ssm:PutParameter');
    expect(put.message).toContain('kms:Encrypt');
    ssm.deny('PutParameter', 'kms:Encrypt');
    expect((await failure(store().write('/app/a', 'secret-value'))).message).toContain('lacks kms:Encrypt');
    ssm.deny('GetParameterHistory', 'ssm:GetParameterHistory');
    expect((await failure(store().read('/app/a'))).message).toContain('lacks ssm:GetParameterHistory');
    expect(fake.sleeps).toEqual([]);
  });

  it('refuses a write when the oldest of 100 versions is labelled, naming the fix', async () => {
    for (let i = 1; i <= 100; i++) ssm.seed('/app/full', `v${i}`, i === 1 ? { labels: ['pinned'] } : {});
    const error = await failure(store().write('/app/full', 'next-value'));
    expect(error.message).toContain(
      'aws ssm unlabel-parameter-version --name /app/full --parameter-version 1 --labels pinned',
    );
    expect(ssm.operations()).not.toContain('PutParameter');
  });

  it('rotates a parameter with 100 versions: labels move, so the oldest is free', async () => {
    for (let i = 1; i <= 99; i++) ssm.seed('/app/long', `v${i}`);
    const ssmStore = store();
    for (let i = 0; i < 5; i++) await ssmStore.write('/app/long', `rotation-${i}`);
    const kept = ssm.describe('/app/long');
    expect(kept).toHaveLength(100);
    expect(kept.at(-1)).toEqual({ version: 104, labels: ['current'] });
    expect(kept.at(-2)).toEqual({ version: 103, labels: ['previous'] });
  });

  it('a fault at the label step leaves the store consistent, and a rerun converges', async () => {
    const ssmStore = store();
    await ssmStore.write('/app/f', 'held-by-consumers');
    ssm.failNext({
      operation: 'LabelParameterVersion',
      type: 'AccessDeniedException',
      message: 'perform: ssm:LabelParameterVersion',
    });
    await ssmStore.write('/app/f', 'half-written').catch(() => undefined);
    // `current` still names the value consumers hold; the new version is unlabelled.
    expect(ssm.describe('/app/f')).toEqual([
      { version: 1, labels: ['current'] },
      { version: 2, labels: [] },
    ]);
    expect(await ssmStore.read('/app/f')).toMatchObject({ value: 'held-by-consumers', version: '1' });
    ssm.failNext({ operation: 'LabelParameterVersion', type: 'AccessDeniedException', times: 1 });
    await store({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalTimeMs: 1 } })
      .write('/app/f', 'again')
      .catch(() => undefined);
    expect(await ssmStore.read('/app/f')).toMatchObject({ value: 'held-by-consumers', version: '1' });
    const rerun = await ssmStore.write('/app/f', 'converged');
    expect(rerun).toEqual({ version: '4', previousVersion: '1' });
    expect(ssm.describe('/app/f')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: [] },
      { version: 3, labels: [] },
      { version: 4, labels: ['current'] },
    ]);
    expect(await ssmStore.previous('/app/f')).toMatchObject({ version: '1' });
  });

  it('a fault between the two label moves also converges', async () => {
    const ssmStore = store();
    await ssmStore.write('/app/g', 'one');
    await ssmStore.write('/app/g', 'two');
    // `previous` moves to version 2 (which still holds `current`), then `current` fails to move.
    let labelCalls = 0;
    const flaky = {
      send: (command: unknown) => {
        if ((command as { constructor: { name: string } }).constructor.name === 'LabelParameterVersionCommand') {
          labelCalls += 1;
          if (labelCalls === 2)
            return Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
        }
        return client.send(command as never);
      },
    } as unknown as SSMClient;
    await store({ client: flaky })
      .write('/app/g', 'three')
      .catch(() => undefined);
    expect(ssm.describe('/app/g')).toEqual([
      { version: 1, labels: [] },
      { version: 2, labels: ['current', 'previous'] },
      { version: 3, labels: [] },
    ]);
    expect(await ssmStore.read('/app/g')).toMatchObject({ value: 'two' });
    await ssmStore.write('/app/g', 'four');
    expect(ssm.describe('/app/g').at(-1)).toEqual({ version: 4, labels: ['current'] });
    expect(ssm.describe('/app/g')[1]).toEqual({ version: 2, labels: ['previous'] });
  });

  it.each([
    ['a body that is not JSON at all', 'kt9Xq2LmW7vR4tY8pZ3nB6'],
    ['a secret after a valid start', '{"Parameter":{"Value":kt9Xq2LmW7vR4tY8pZ3nB6}}'],
  ])('quotes no part of %s answered with 200', async (_, body) => {
    ssm.emulator.injectFault({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body });
    const error = await store()
      .head('/app/token')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    const message = (error as Error).message;
    // JSON.parse's own message quotes up to 10 characters around the fault.
    expect(message).not.toMatch(/kt9Xq|kt9X/);
    expect(message).toMatch(/not valid JSON \(not quoted\)/);
  });

  it('passes KeyId, Tier and Description through', async () => {
    await store({ keyId: 'alias/keyturn', tier: 'Advanced', description: 'rotated by keyturn' }).write(
      '/app/k',
      'v'.repeat(5000),
    );
    const kept = ssm.parameters.get('/app/k')?.[0];
    expect(kept).toMatchObject({ keyId: 'alias/keyturn', tier: 'Advanced', description: 'rotated by keyturn' });
  });

  it('retries a refused connection, then gives up within the limit', async () => {
    const deadClient = createSsmClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' });
    const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, totalTimeMs: 10_000 };
    const error = await failure(store({ client: deadClient, retry: policy }).read('/app/x'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toContain('gave up after 3 attempts');
    deadClient.destroy();
  });
});

describe('ssmParameterNameProblem', () => {
  it.each([
    ['/app/prod/db-password', undefined],
    ['plain_name.v2', undefined],
    ['', 'is empty'],
    ['app/db', "does not start with '/'"],
    ['/app//db', 'empty path segment'],
    ['/app/db password', 'character'],
    ['/aws/x', 'reserves'],
    ['SSMthing', 'reserves'],
    [`/${'a/'.repeat(15)}b`, 'levels'],
    [`/${'x'.repeat(1100)}`, 'characters long'],
  ])('%s', (name, problem) => {
    const found = ssmParameterNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('two staggered rotations (SSM has no compare-and-set)', () => {
  it('a run whose head was read before another rotation moved current writes nothing', async () => {
    ssm.seed('/app/token', 'original-value', { labels: ['current'] });
    const late = store();
    const decided = await late.head('/app/token');
    // The other rotation runs its write (labels moved) while this one was checking its targets.
    await store().write('/app/token', 'other-rotation-value', { pending: true, expectedVersion: '1' });
    const error = await failure(
      late.write('/app/token', 'late-value', { pending: true, expectedVersion: decided?.version ?? null }),
    );
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error.message).toMatch(
      /another rotation of \/app\/token made version 2 current since this run read version 1; this run wrote nothing/,
    );
    expect(ssm.describe('/app/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['pending', 'current'] },
    ]);
  });

  it('a version pending but not yet current is a rotation in flight, passed over once stale', async () => {
    ssm.seed('/app/token', 'original-value', { labels: ['current'] });
    // Another run: PutParameter and its pending label done, current not moved yet.
    ssm.seed('/app/token', 'in-flight-value', { labels: ['pending'] });
    const error = await failure(store().write('/app/token', 'late-value', { expectedVersion: '1' }));
    expect(error.message).toMatch(
      /wrote version 2 and has not made it current yet \(in flight since 2026-03-01T00:00:00/,
    );
    expect(ssm.parameters.get('/app/token')).toHaveLength(2);
    fake.advance(15 * 60_000);
    expect(await store().write('/app/token', 'later-value', { expectedVersion: '1' })).toEqual({
      version: '3',
      previousVersion: '1',
    });
  });

  it('a write that names no expected version (rotate-ssm) is not held to one', async () => {
    ssm.seed('/app/token', 'original-value', { labels: ['current'] });
    ssm.seed('/app/token', 'in-flight-value', { labels: ['pending'] });
    expect(await store().write('/app/token', 'value')).toMatchObject({ version: '3' });
  });
});
