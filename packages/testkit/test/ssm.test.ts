import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  HierarchyTypeMismatchException,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterMaxVersionLimitExceeded,
  ParameterNotFound,
  ParameterPatternMismatchException,
  ParameterVersionLabelLimitExceeded,
  ParameterVersionNotFound,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SsmEmulator, ssmLabelProblem, startSsm } from '../src/ssm';

let ssm: SsmEmulator;
let client: SSMClient;
let now = Date.parse('2026-03-01T00:00:00Z');

beforeEach(async () => {
  ssm = await startSsm({ now: () => now });
  client = new SSMClient({
    region: 'us-east-1',
    endpoint: ssm.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await ssm.close();
});

const put = (name: string, value: string, extra: Record<string, unknown> = {}) =>
  client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true, ...extra }));

async function errorOf(promise: Promise<unknown>): Promise<SSMServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SSMServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('SSM emulator through the unmodified SDK', () => {
  it('creates versions, reads with and without decryption, and by version selector', async () => {
    expect((await put('/app/db', 'one')).Version).toBe(1);
    now += 60_000;
    expect((await put('/app/db', 'two')).Version).toBe(2);
    const latest = await client.send(new GetParameterCommand({ Name: '/app/db', WithDecryption: true }));
    expect(latest.Parameter?.Value).toBe('two');
    expect(latest.Parameter?.LastModifiedDate?.getTime()).toBe(now);
    const encrypted = await client.send(new GetParameterCommand({ Name: '/app/db' }));
    expect(encrypted.Parameter?.Value).not.toContain('two');
    const first = await client.send(new GetParameterCommand({ Name: '/app/db:1', WithDecryption: true }));
    expect(first.Parameter?.Value).toBe('one');
    expect(ssm.writes()).toHaveLength(2);
    expect(ssm.operations()).toEqual(['PutParameter', 'PutParameter', 'GetParameter', 'GetParameter', 'GetParameter']);
    expect(ssm.emulator.violations).toEqual([]);
  });

  it('answers the real error types', async () => {
    expect(await errorOf(client.send(new GetParameterCommand({ Name: '/missing' })))).toBeInstanceOf(ParameterNotFound);
    await put('/app/x', 'v');
    expect(
      await errorOf(client.send(new PutParameterCommand({ Name: '/app/x', Value: 'w', Type: 'SecureString' }))),
    ).toBeInstanceOf(ParameterAlreadyExists);
    expect(await errorOf(client.send(new GetParameterCommand({ Name: '/app/x:9' })))).toBeInstanceOf(
      ParameterVersionNotFound,
    );
    ssm.seed('/app/plain', 'text', { type: 'String' });
    expect(await errorOf(put('/app/plain', 'secret'))).toBeInstanceOf(HierarchyTypeMismatchException);
    for (const bad of ['/aws/thing', 'ssm-x', '/a b', 'a/b', '/app/é']) {
      const error = await errorOf(put(bad, 'v'));
      expect([ParameterPatternMismatchException.name, 'ValidationException']).toContain(error.name);
    }
    const deep = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`;
    expect((await errorOf(put(deep, 'v'))).name).toBe('HierarchyLevelLimitExceededException');
  });

  it('holds Standard values to 4 KB and Advanced to 8 KB', async () => {
    expect((await errorOf(put('/big', 'x'.repeat(4097)))).message).toContain(
      'Standard tier parameters support a maximum',
    );
    expect((await put('/big', 'x'.repeat(4097), { Tier: 'Advanced' })).Tier).toBe('Advanced');
    expect((await errorOf(put('/big', 'x'.repeat(8193), { Tier: 'Advanced' }))).name).toBe('ValidationException');
    expect((await errorOf(put('/big', 'small', { Tier: 'Standard' }))).message).toContain("can't downgrade");
  });

  it('moves labels between versions and refuses bad labels and an 11th label', async () => {
    await put('/p', 'a');
    await put('/p', 'b');
    await client.send(new LabelParameterVersionCommand({ Name: '/p', ParameterVersion: 1, Labels: ['current'] }));
    await client.send(new LabelParameterVersionCommand({ Name: '/p', ParameterVersion: 2, Labels: ['current'] }));
    expect(ssm.describe('/p')).toEqual([
      { version: 1, labels: [] },
      { version: 2, labels: ['current'] },
    ]);
    const answer = await client.send(
      new LabelParameterVersionCommand({ Name: '/p', ParameterVersion: 1, Labels: ['1st', 'awsx', 'ok.label', 'a b'] }),
    );
    expect(answer.InvalidLabels).toEqual(['1st', 'awsx', 'a b']);
    expect(ssm.describe('/p')[0]?.labels).toEqual(['ok.label']);
    const ten = Array.from({ length: 9 }, (_, i) => `l${i}`);
    await client.send(new LabelParameterVersionCommand({ Name: '/p', ParameterVersion: 1, Labels: ten }));
    expect(
      await errorOf(
        client.send(new LabelParameterVersionCommand({ Name: '/p', ParameterVersion: 1, Labels: ['eleventh'] })),
      ),
    ).toBeInstanceOf(ParameterVersionLabelLimitExceeded);
    expect(ssmLabelProblem('SSM-x')).toBeDefined();
  });

  it('keeps 100 versions and refuses a write while the oldest is labelled', async () => {
    for (let i = 1; i <= 100; i++) ssm.seed('/full', `v${i}`);
    await client.send(new LabelParameterVersionCommand({ Name: '/full', ParameterVersion: 1, Labels: ['pinned'] }));
    expect(await errorOf(put('/full', 'next'))).toBeInstanceOf(ParameterMaxVersionLimitExceeded);
    await client.send(new LabelParameterVersionCommand({ Name: '/full', ParameterVersion: 50, Labels: ['pinned'] }));
    expect((await put('/full', 'next')).Version).toBe(101);
    expect(ssm.describe('/full')).toHaveLength(100);
    expect(ssm.describe('/full')[0]?.version).toBe(2);
  });

  it('pages the history 50 at a time, oldest first', async () => {
    for (let i = 1; i <= 60; i++) ssm.seed('/paged', `v${i}`);
    const first = await client.send(new GetParameterHistoryCommand({ Name: '/paged' }));
    expect(first.Parameters).toHaveLength(50);
    expect(first.Parameters?.[0]?.Version).toBe(1);
    const second = await client.send(new GetParameterHistoryCommand({ Name: '/paged', NextToken: first.NextToken }));
    expect(second.Parameters?.map((entry) => entry.Version)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(second.NextToken).toBeUndefined();
    expect(
      (await errorOf(client.send(new GetParameterHistoryCommand({ Name: '/paged', NextToken: 'junk' })))).name,
    ).toBe('InvalidNextToken');
  });

  it('injects throttling and access denial by operation', async () => {
    ssm.failNext({ operation: 'PutParameter', type: 'ThrottlingException', message: 'Rate exceeded' });
    expect((await errorOf(put('/t', 'v'))).name).toBe('ThrottlingException');
    expect((await put('/t', 'v')).Version).toBe(1);
    ssm.deny('LabelParameterVersion', 'ssm:LabelParameterVersion');
    const denied = await errorOf(client.send(new LabelParameterVersionCommand({ Name: '/t', Labels: ['current'] })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('ssm:LabelParameterVersion');
  });

  it('refuses a request without SigV4 authorization', async () => {
    const response = await fetch(ssm.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: '{"Name":"/x"}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnrecognizedClientException');
  });
});
