import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  LimitExceededException,
  LimitExceededException$,
  ListAccessKeysCommand,
  NoSuchEntityException,
  NoSuchEntityException$,
  ServiceFailureException,
  ServiceFailureException$,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_ADMIN_KEY, type IamEmulator, startIam } from '../src/iam';

// The IAM + STS emulator, through the unmodified AWS SDK clients: every
// answer is parsed by the SDK's own deserialisers, so an element name or an
// error shape that differs from the API reference shows up as a failure here.
const START = Date.parse('2026-06-01T00:00:00Z');
let now = START;
let iam: IamEmulator;
let admin: IAMClient;

const sts = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ region: 'us-east-1', endpoint: iam.url, credentials, maxAttempts: 1 });
const whoAmI = async (credentials: { accessKeyId: string; secretAccessKey: string }) => {
  const client = sts(credentials);
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
};
/** The HTTP status the SDK's model gives an error shape (its awsQueryError trait). */
const modelStatus = (schema: readonly unknown[]) => (schema[3] as { awsQueryError: [string, number] }).awsQueryError[1];
/** The error an SDK call rejects with, with its code and status. */
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { name: string; $metadata?: { httpStatusCode?: number }; message: string },
  );
  expect(error, 'the call was expected to fail').toBeDefined();
  return { name: error?.name, status: error?.$metadata?.httpStatusCode, message: error?.message, error };
};

beforeEach(async () => {
  now = START;
  iam = await startIam({ now: () => now });
  admin = new IAMClient({ region: 'us-east-1', endpoint: iam.url, credentials: EMULATOR_ADMIN_KEY, maxAttempts: 1 });
});

afterEach(async () => {
  expect(iam.emulator.violations).toEqual([]);
  admin.destroy();
  await iam.close();
});

describe('IAM emulator, through @aws-sdk/client-iam', () => {
  it('creates a key whose secret comes back once, and lists it without the secret', async () => {
    iam.addUser('ci-deployer');
    const created = await admin.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
    const key = created.AccessKey;
    expect(key?.UserName).toBe('ci-deployer');
    expect(key?.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key?.SecretAccessKey).toHaveLength(40);
    expect(key?.Status).toBe('Active');
    expect(key?.CreateDate?.getTime()).toBe(START);
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'ci-deployer' }));
    expect(listed.AccessKeyMetadata).toEqual([
      { UserName: 'ci-deployer', AccessKeyId: key?.AccessKeyId, Status: 'Active', CreateDate: new Date(START) },
    ]);
    expect(listed.IsTruncated).toBe(false);
    expect(iam.emulator.requests.at(-1)?.body).not.toContain(key?.SecretAccessKey);
  });

  it('pages ListAccessKeys with MaxItems and Marker', async () => {
    iam.seedKey('ci-deployer');
    iam.seedKey('ci-deployer');
    const first = await admin.send(new ListAccessKeysCommand({ UserName: 'ci-deployer', MaxItems: 1 }));
    expect(first.AccessKeyMetadata).toHaveLength(1);
    expect(first.IsTruncated).toBe(true);
    const second = await admin.send(
      new ListAccessKeysCommand({ UserName: 'ci-deployer', MaxItems: 1, Marker: first.Marker }),
    );
    expect(second.AccessKeyMetadata).toHaveLength(1);
    expect(second.IsTruncated).toBe(false);
    expect(second.AccessKeyMetadata?.[0]?.AccessKeyId).not.toBe(first.AccessKeyMetadata?.[0]?.AccessKeyId);
  });

  it('refuses a third key with LimitExceeded, 409 as the SDK model says', async () => {
    iam.seedKey('ci-deployer');
    iam.seedKey('ci-deployer', { status: 'Inactive' });
    const refused = await failure(admin.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' })));
    expect(refused.error).toBeInstanceOf(LimitExceededException);
    expect(refused.status).toBe(modelStatus(LimitExceededException$));
    expect(refused.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    expect(iam.keys.size).toBe(2);
  });

  it('answers an unknown user or key with NoSuchEntity, 404', async () => {
    iam.addUser('ci-deployer');
    const noUser = await failure(admin.send(new ListAccessKeysCommand({ UserName: 'ci-deploy' })));
    expect(noUser.error).toBeInstanceOf(NoSuchEntityException);
    expect(noUser.status).toBe(modelStatus(NoSuchEntityException$));
    expect(noUser.message).toBe('The user with name ci-deploy cannot be found.');
    const other = iam.seedKey('someone-else');
    for (const command of [
      new UpdateAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: other.accessKeyId, Status: 'Inactive' }),
      new DeleteAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: other.accessKeyId }),
    ]) {
      const refused = await failure(admin.send(command as DeleteAccessKeyCommand));
      expect(refused.error).toBeInstanceOf(NoSuchEntityException);
      expect(refused.message).toBe(`The Access Key with id ${other.accessKeyId} cannot be found.`);
    }
    expect(other.status).toBe('Active');
  });

  it('deactivates and deletes keys', async () => {
    const key = iam.seedKey('ci-deployer');
    await admin.send(
      new UpdateAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
    );
    expect(iam.keys.get(key.accessKeyId)?.status).toBe('Inactive');
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: key.accessKeyId }));
    expect(iam.keys.has(key.accessKeyId)).toBe(false);
    expect(iam.writes().map((request) => new URLSearchParams(request.body).get('Action'))).toEqual([
      'UpdateAccessKey',
      'DeleteAccessKey',
    ]);
  });

  it('needs UserName from a role caller (ValidationError)', async () => {
    const refused = await failure(admin.send(new CreateAccessKeyCommand({})));
    expect(refused.name).toBe('ValidationError');
    expect(refused.status).toBe(400);
  });

  it('answers injected failures as IAM does: ServiceFailure 500 (Receiver), Throttling 400', async () => {
    iam.addUser('ci-deployer');
    iam.failNext({ action: 'CreateAccessKey', code: 'ServiceFailure' });
    const broken = await failure(admin.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' })));
    expect(broken.error).toBeInstanceOf(ServiceFailureException);
    expect(broken.status).toBe(modelStatus(ServiceFailureException$));
    expect(iam.emulator.requests.length).toBe(1);
    iam.failNext({ action: 'ListAccessKeys', code: 'Throttling', message: 'Rate exceeded' });
    const throttled = await failure(admin.send(new ListAccessKeysCommand({ UserName: 'ci-deployer' })));
    expect(throttled).toMatchObject({ name: 'Throttling', status: 400, message: 'Rate exceeded' });
    expect(iam.keys.size).toBe(0);
    // Consumed: the next call works.
    await admin.send(new ListAccessKeysCommand({ UserName: 'ci-deployer' }));
  });

  it('refuses a request signed with a wrong secret (SignatureDoesNotMatch) or an unknown key', async () => {
    const wrong = new IAMClient({
      region: 'us-east-1',
      endpoint: iam.url,
      credentials: { accessKeyId: EMULATOR_ADMIN_KEY.accessKeyId, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    const unknown = new IAMClient({
      region: 'us-east-1',
      endpoint: iam.url,
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      expect(await failure(wrong.send(new ListAccessKeysCommand({ UserName: 'u' })))).toMatchObject({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
      expect(await failure(unknown.send(new ListAccessKeysCommand({ UserName: 'u' })))).toMatchObject({
        name: 'InvalidClientTokenId',
        status: 403,
      });
    } finally {
      wrong.destroy();
      unknown.destroy();
    }
  });

  it("refuses IAM calls signed with a user's own key (AccessDenied): only the rotator manages keys", async () => {
    const key = iam.seedKey('ci-deployer');
    const user = new IAMClient({
      region: 'us-east-1',
      endpoint: iam.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      expect(await failure(user.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' })))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
    } finally {
      user.destroy();
    }
    expect(iam.keys.size).toBe(1);
  });
});

describe('STS emulator, through @aws-sdk/client-sts', () => {
  it("answers GetCallerIdentity with the user's ARN for its key, and the rotator's role for the rotator", async () => {
    const key = iam.seedKey('ci-deployer');
    const user = iam.users.get('ci-deployer');
    expect(await whoAmI(key)).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/ci-deployer',
      UserId: user?.userId,
      Account: '123456789012',
    });
    expect((await whoAmI(EMULATOR_ADMIN_KEY)).Arn).toBe('arn:aws:sts::123456789012:assumed-role/keyturn-rotator/ci');
  });

  it('refuses a deactivated key with InvalidClientTokenId 403, and accepts it again once reactivated', async () => {
    const key = iam.seedKey('ci-deployer');
    key.status = 'Inactive';
    key.history.push({ at: now, state: 'Inactive' });
    expect(await failure(whoAmI(key))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    key.status = 'Active';
    key.history.push({ at: now, state: 'Active' });
    expect((await whoAmI(key)).Arn).toContain('user/ci-deployer');
  });

  it('sees creation, deactivation and deletion only after the propagation delay', async () => {
    iam.propagationDelayMs = 5_000;
    iam.addUser('ci-deployer');
    const created = (await admin.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }))).AccessKey;
    const key = { accessKeyId: created?.AccessKeyId ?? '', secretAccessKey: created?.SecretAccessKey ?? '' };
    expect((await failure(whoAmI(key))).name).toBe('InvalidClientTokenId');
    now += 4_999;
    expect(iam.stsAccepts(key.accessKeyId)).toBe(false);
    now += 1;
    expect((await whoAmI(key)).Arn).toContain('user/ci-deployer');

    await admin.send(
      new UpdateAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
    );
    expect((await whoAmI(key)).Arn).toContain('user/ci-deployer');
    now += 5_000;
    expect((await failure(whoAmI(key))).name).toBe('InvalidClientTokenId');

    const second = iam.seedKey('ci-deployer');
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: second.accessKeyId }));
    expect(iam.stsAccepts(second.accessKeyId)).toBe(true);
    now += 5_000;
    expect(iam.stsAccepts(second.accessKeyId)).toBe(false);
    expect((await failure(whoAmI(second))).name).toBe('InvalidClientTokenId');
  });

  it('refuses a wrong secret for a valid key with SignatureDoesNotMatch', async () => {
    const key = iam.seedKey('ci-deployer');
    expect(
      (await failure(whoAmI({ accessKeyId: key.accessKeyId, secretAccessKey: `${key.secretAccessKey}x` }))).name,
    ).toBe('SignatureDoesNotMatch');
  });
});
