import { EMULATOR_ADMIN_KEY, type IamAccessKey, type IamEmulator, startIam } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock';
import { CheckFailedError, InputError, UpstreamError } from '../../src/errors';
import { type AwsIamIssuer, type AwsIamTuning, openAwsIamIssuer, shortKey } from '../../src/issuers/aws-iam';
import { ISSUER_MODULES, openIssuer } from '../../src/issuers/registry';
import type { StoredSecret } from '../../src/ports';
import { SecretRegistry } from '../../src/secrets';

// The aws-iam issuer against the IAM + STS emulator through the real SDK
// clients. The emulator shares the fake clock: the issuer's sleeps move
// time, so IAM's propagation delay is waited out without real waiting.
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const USER = 'ci-deployer';

let iam: IamEmulator;
let fake: ReturnType<typeof createFakeClock>;
let secrets: SecretRegistry;
let masked: string[];
let logged: string[];
const opened: AwsIamIssuer[] = [];

beforeEach(async () => {
  fake = createFakeClock(START);
  iam = await startIam({ now: fake.clock.now });
  iam.addUser(USER);
  masked = [];
  logged = [];
  secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
});
afterEach(async () => {
  for (const issuer of opened.splice(0)) issuer.close();
  expect(iam.emulator.violations).toEqual([]);
  await iam.close();
});

const env = (overrides: Record<string, string | undefined> = {}) => ({
  AWS_ENDPOINT_URL_IAM: iam.url,
  AWS_ENDPOINT_URL_STS: iam.url,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: EMULATOR_ADMIN_KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EMULATOR_ADMIN_KEY.secretAccessKey,
  ...overrides,
});
const context = (config: Record<string, unknown> = { kind: 'aws-iam', user: USER }, envOverrides = {}) => ({
  config,
  entry: 'secrets[0] (ci-key)',
  credentials: {},
  env: env(envOverrides),
  secrets,
  clock: fake.clock,
  sleep: fake.sleep,
  log: { info: (line: string) => logged.push(line), warning: (line: string) => logged.push(`warning: ${line}`) },
  dryRun: false,
});
const open = (tuning: AwsIamTuning = { proveWithinMs: 30_000 }, envOverrides = {}) => {
  const issuer = openAwsIamIssuer(context(undefined, envOverrides), tuning);
  opened.push(issuer);
  return issuer;
};
const json = (key: IamAccessKey) =>
  JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey });
const stored = (value: string, version = '1'): StoredSecret => ({ value, version, updatedAt: START - 100 * DAY });
const actions = () => iam.writes().map((request) => new URLSearchParams(request.body).get('Action'));
const keysOf = () => [...iam.keys.values()].filter((key) => key.userName === USER);

describe('aws-iam issuer: a rotation', () => {
  it('creates a key, stores it as JSON, proves it through STS, deactivates the old one and proves it refused', async () => {
    iam.propagationDelayMs = 4_000;
    const old = iam.seedKey(USER, { ageMs: 95 * DAY });
    const issuer = open();
    const current = stored(json(old));
    expect((await issuer.check(current))?.plan).toBe(
      `create an access key for IAM user ${USER} and deactivate ${shortKey(old.accessKeyId)}`,
    );
    expect(actions()).toEqual([]);

    const issued = await issuer.issue(current);
    const pair = JSON.parse(issued.value) as { AccessKeyId: string; SecretAccessKey: string };
    expect(Object.keys(pair)).toEqual(['AccessKeyId', 'SecretAccessKey']);
    const created = iam.keys.get(pair.AccessKeyId);
    expect(created?.secretAccessKey).toBe(pair.SecretAccessKey);
    expect(issued.detail).toBe(`access key ${shortKey(pair.AccessKeyId)} of IAM user ${USER}`);
    expect(masked).toEqual(expect.arrayContaining([pair.SecretAccessKey, issued.value]));

    await issuer.apply?.(issued, current);
    // STS refuses the new key until the change propagated: proveNew waits it out on the fake clock.
    const before = fake.clock.now();
    await issuer.proveNew(issued.value);
    expect(fake.clock.now() - before).toBeGreaterThanOrEqual(4_000);
    expect(fake.sleeps.every((ms) => ms === 1_000)).toBe(true);

    expect(await issuer.retire(current, { graceMs: undefined })).toEqual({
      outcome: 'deactivated',
      detail: `access key ${shortKey(old.accessKeyId)} deactivated; the next rotation deletes it`,
    });
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
    // Deactivated at IAM, still accepted by STS for the propagation delay: proveRetired waits for the refusal.
    expect(iam.stsAccepts(old.accessKeyId)).toBe(true);
    await issuer.proveRetired?.(current);
    expect(iam.stsAccepts(old.accessKeyId)).toBe(false);
    expect(actions()).toEqual(['CreateAccessKey', 'UpdateAccessKey']);
    // The key in use is the new one: its CreateDate is the issuer's age.
    expect(await issuer.createdAt()).toBe(created?.createDate);
    for (const line of logged) {
      expect(line).not.toContain(pair.SecretAccessKey);
      expect(line).not.toContain(old.secretAccessKey);
    }
  });

  it("a 2xx that is not an AWS answer (a proxy's HTML page) is no deactivation: retire fails, the key stays active", async () => {
    const old = iam.seedKey(USER, { ageMs: 95 * DAY });
    // An HTML page is well-formed XML too: the SDK parses it and finds nothing missing.
    iam.emulator.injectFault({
      match: (request) => new URLSearchParams(request.body).get('Action') === 'UpdateAccessKey',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><p>OK</p></body></html>',
    });
    const issuer = open();
    const failure = await issuer.retire(stored(json(old)), { graceMs: undefined }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(String(failure)).toMatch(/UpdateAccessKey answered 200 with text\/html, not AWS's XML/);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
  });

  it('CreateAccessKey applied but its answer lost: the key IAM made is deleted, so the next rotation finds a free slot', async () => {
    const old = iam.seedKey(USER, { ageMs: 95 * DAY });
    // IAM makes the key; the answer (its secret with it) never arrives, on every attempt.
    iam.emulator.injectFault({
      match: (request) => new URLSearchParams(request.body).get('Action') === 'CreateAccessKey',
      applied: true,
      reset: true,
    });
    const issuer = open();
    await expect(issuer.issue(stored(json(old)))).rejects.toThrow(/CreateAccessKey/);
    expect(keysOf().map((key) => key.accessKeyId)).toEqual([old.accessKeyId]);
    expect(logged.join('\n')).toMatch(/deleted AKIA…\w{4}, which IAM made though its answer was lost/);
    iam.emulator.clearFaults();
    const issued = await issuer.issue(stored(json(old)));
    expect(keysOf()).toHaveLength(2);
    expect(issued.value).toContain('AccessKeyId');
  });

  it("CreateAccessKey refused because another run's key took the slot: that key is left alone", async () => {
    const old = iam.seedKey(USER, { ageMs: 95 * DAY });
    // This run lists [old]; before its CreateAccessKey reaches IAM, another
    // rotation of the same user creates its key, so IAM answers LimitExceeded.
    const isCreate = (request: { body: string }) =>
      new URLSearchParams(request.body).get('Action') === 'CreateAccessKey';
    iam.emulator.injectFault({ match: isCreate, delayMs: 100, times: 1 });
    const issuing = open()
      .issue(stored(json(old)))
      .catch((error: unknown) => error);
    while (!iam.emulator.requests.some(isCreate)) await new Promise((resolve) => setTimeout(resolve, 5));
    const others = iam.seedKey(USER);
    expect(String(await issuing)).toMatch(/LimitExceeded/);
    expect(iam.keys.get(others.accessKeyId)?.status).toBe('Active');
    expect(logged.join('\n')).toMatch(new RegExp(`${shortKey(others.accessKeyId)}.*not deleted`));
  });

  it('makes the first key of a user that has none', async () => {
    const issuer = open();
    expect((await issuer.check(undefined))?.plan).toBe(`create an access key for IAM user ${USER}`);
    const issued = await issuer.issue(undefined);
    await issuer.proveNew(issued.value);
    expect(keysOf()).toHaveLength(1);
  });

  it('deletes an inactive second key first, and never the active one', async () => {
    const current = iam.seedKey(USER, { ageMs: 90 * DAY });
    const retired = iam.seedKey(USER, { ageMs: 180 * DAY, status: 'Inactive' });
    const issuer = open();
    expect((await issuer.check(stored(json(current))))?.plan).toMatch(
      new RegExp(`^delete the inactive key ${shortKey(retired.accessKeyId)}, then create`),
    );
    await issuer.issue(stored(json(current)));
    expect(actions()).toEqual(['DeleteAccessKey', 'CreateAccessKey']);
    expect(iam.keys.has(retired.accessKeyId)).toBe(false);
    expect(iam.keys.get(current.accessKeyId)?.status).toBe('Active');
  });

  it('with revoke-old deletes the old key at once, and it is refused', async () => {
    const old = iam.seedKey(USER);
    const issuer = open();
    const issued = await issuer.issue(stored(json(old)));
    await issuer.proveNew(issued.value);
    const result = await issuer.retire(stored(json(old)), { graceMs: undefined, revokeOld: true });
    expect(result.outcome).toBe('revoked');
    expect(iam.keys.has(old.accessKeyId)).toBe(false);
    await issuer.proveRetired?.(stored(json(old)));
    // Retiring again converges.
    expect((await issuer.retire(stored(json(old)), { graceMs: undefined, revokeOld: true })).outcome).toBe(
      'already-retired',
    );
  });

  it('after a grace, finishGrace deactivates the old key (kept working for the window), proves it refused, deletes it', async () => {
    iam.propagationDelayMs = 3_000;
    const old = iam.seedKey(USER);
    const issuer = open();
    expect(await issuer.finishGrace?.(stored(json(old)))).toMatchObject({ outcome: 'revoked' });
    expect(actions()).toEqual(['UpdateAccessKey', 'DeleteAccessKey']);
    expect(iam.keys.has(old.accessKeyId)).toBe(false);
    expect(iam.stsAccepts(old.accessKeyId)).toBe(false);
    expect(await issuer.finishGrace?.(stored(json(old)))).toMatchObject({ outcome: 'already-retired' });
    // One revoke-old already deactivated: deleted without another update.
    const deactivated = iam.seedKey(USER, { status: 'Inactive' });
    expect(await issuer.finishGrace?.(stored(json(deactivated)))).toMatchObject({ outcome: 'revoked' });
    expect(actions()).toEqual(['UpdateAccessKey', 'DeleteAccessKey', 'DeleteAccessKey']);
  });

  it("createdAt is the oldest active key's CreateDate, read without any stored value (the registry's plan hook)", async () => {
    iam.seedKey(USER, { ageMs: 120 * DAY, status: 'Inactive' });
    const active = iam.seedKey(USER, { ageMs: 30 * DAY });
    const module = ISSUER_MODULES['aws-iam'];
    expect(await module.createdAt?.(context())).toBe(active.createDate);
    expect(actions()).toEqual([]);
  });
});

describe('aws-iam issuer: bad input changes nothing', () => {
  const rows: {
    name: string;
    config?: Record<string, unknown>;
    env?: Record<string, string | undefined>;
    setup?: () => StoredSecret | undefined;
    at: 'open' | 'check';
    error: typeof InputError | typeof CheckFailedError;
    message: RegExp;
  }[] = [
    {
      name: 'no user',
      config: { kind: 'aws-iam' },
      at: 'open',
      error: InputError,
      message: /'secrets\[0\] \(ci-key\)\.issuer\.user' is required/,
    },
    {
      name: 'an unknown field, the nearest named',
      config: { kind: 'aws-iam', usr: USER },
      at: 'open',
      error: InputError,
      message: /issuer\.usr' is not a field of the aws-iam issuer.*Did you mean 'user'/s,
    },
    {
      name: 'a user ARN instead of a name',
      config: { kind: 'aws-iam', user: `arn:aws:iam::123456789012:user/${USER}` },
      at: 'open',
      error: InputError,
      message: /not an IAM user name/,
    },
    {
      name: 'an http:// IAM endpoint off this machine',
      env: { AWS_ENDPOINT_URL_IAM: 'http://iam.example.com' },
      at: 'open',
      error: InputError,
      message: /'AWS_ENDPOINT_URL_IAM' is http:\/\/ to iam\.example\.com/,
    },
    {
      name: 'a user that does not exist',
      config: { kind: 'aws-iam', user: 'ci-deploy' },
      at: 'check',
      error: InputError,
      message: /issuer\.user' is 'ci-deploy', and IAM has no user of that name/,
    },
    {
      name: 'a user holding two active keys',
      setup: () => {
        const current = iam.seedKey(USER);
        iam.seedKey(USER);
        return stored(json(current));
      },
      at: 'check',
      error: CheckFailedError,
      message: /already holds two active access keys.*deactivate or delete it \(aws iam update-access-key/s,
    },
    {
      name: 'a stored value that is not an access key JSON',
      setup: () => stored('AKIAEXAMPLE:secret'),
      at: 'check',
      error: CheckFailedError,
      message: /not an access key as the aws-iam issuer stores it/,
    },
    {
      name: 'no AWS credentials anywhere',
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
      at: 'check',
      error: InputError,
      message: /'AWS_ACCESS_KEY_ID' is not set, and the AWS SDK found no other credentials.*configure-aws-credentials/s,
    },
  ];

  for (const row of rows) {
    it(row.name, async () => {
      // The SDK's default chain reads the process environment too: keep it from finding keys or asking EC2.
      const saved = { ...process.env };
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
        delete process.env[name];
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
      process.env.AWS_CONFIG_FILE = '/nonexistent/config';
      try {
        const current = row.setup?.();
        const attempt = async () => {
          const issuer = await openIssuer(context(row.config, row.env));
          opened.push(issuer as AwsIamIssuer);
          if (row.at === 'open') return;
          await issuer.check(current);
        };
        const error = await attempt().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(row.error);
        expect((error as Error).message).toMatch(row.message);
      } finally {
        process.env = saved;
      }
      expect(iam.writes()).toEqual([]);
      if (row.at === 'open') expect(iam.emulator.requests).toEqual([]);
    });
  }
});

describe('aws-iam issuer: faults leave a consistent, re-runnable state', () => {
  it('a store write that failed after CreateAccessKey: discard deletes the new key, the old one untouched', async () => {
    const old = iam.seedKey(USER);
    const issuer = open();
    const issued = await issuer.issue(stored(json(old)));
    expect(keysOf()).toHaveLength(2);
    await issuer.discard?.(issued);
    expect(keysOf().map((key) => key.accessKeyId)).toEqual([old.accessKeyId]);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
    // Nothing left to undo: safe again.
    await issuer.discard?.(issued);
    // And the next run has its slot.
    await open().issue(stored(json(old)));
  });

  it('a discard that IAM refuses warns with the command to run, and does not hide the store failure', async () => {
    const issuer = open({ attempts: 2 });
    const issued = await issuer.issue(undefined);
    iam.failNext({ action: 'DeleteAccessKey', code: 'ServiceFailure', times: 2 });
    await issuer.discard?.(issued);
    expect(logged.at(-1)).toMatch(/^warning: could not delete the new access key AKIA…\w+ .*aws iam delete-access-key/);
    expect(keysOf()).toHaveLength(1);
  });

  it('STS refusing the new key past the bound: proveNew fails, the old key still works, a re-run proves it', async () => {
    iam.propagationDelayMs = 60_000;
    const old = iam.seedKey(USER);
    const issuer = open({ proveWithinMs: 10_000 });
    const issued = await issuer.issue(stored(json(old)));
    await expect(issuer.proveNew(issued.value)).rejects.toThrow(
      /STS still refuses the new access key AKIA…\w+ after 10s .*run rotate again to resume with it/,
    );
    expect(iam.stsAccepts(old.accessKeyId)).toBe(true);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
    // The resumed run: the stored key is recognised (apply), then proven once IAM caught up.
    fake.advance(60_000);
    const rerun = open({ proveWithinMs: 10_000 });
    await rerun.apply?.({ value: issued.value }, stored(json(old)));
    await rerun.proveNew(issued.value);
    expect(actions()).toEqual(['CreateAccessKey']);
  });

  it('a resumed run whose stored key was deleted meanwhile says so instead of handing it out', async () => {
    const gone = iam.seedKey(USER);
    iam.keys.delete(gone.accessKeyId);
    await expect(open().apply?.({ value: json(gone) }, undefined)).rejects.toThrow(
      /is no longer a key of IAM user ci-deployer/,
    );
  });

  it('proves the new key belongs to the user: a key of another user is refused', async () => {
    const other = iam.seedKey('someone-else');
    await expect(open().proveNew(json(other))).rejects.toThrow(
      /belongs to arn:aws:iam::123456789012:user\/someone-else, not IAM user ci-deployer/,
    );
  });

  it('STS still accepting the old key past the bound: proveRetired fails, a re-run proves it', async () => {
    iam.propagationDelayMs = 60_000;
    const old = iam.seedKey(USER);
    const issuer = open({ proveWithinMs: 10_000 });
    await issuer.retire(stored(json(old)), { graceMs: undefined });
    await expect(issuer.proveRetired?.(stored(json(old)))).rejects.toThrow(/STS still accepts the old access key/);
    fake.advance(60_000);
    await open().retire(stored(json(old)), { graceMs: undefined });
    await open().proveRetired?.(stored(json(old)));
  });

  const steps: { action: string; run: (issuer: AwsIamIssuer, old: IamAccessKey) => Promise<unknown> }[] = [
    { action: 'ListAccessKeys', run: (issuer, old) => issuer.check(stored(json(old))) },
    { action: 'CreateAccessKey', run: (issuer, old) => issuer.issue(stored(json(old))) },
    { action: 'UpdateAccessKey', run: (issuer, old) => issuer.retire(stored(json(old)), { graceMs: undefined }) },
    {
      action: 'DeleteAccessKey',
      run: (issuer, old) => issuer.retire(stored(json(old)), { graceMs: undefined, revokeOld: true }),
    },
    {
      action: 'GetCallerIdentity',
      run: async (issuer) => {
        const issued = await issuer.issue(undefined);
        await issuer.proveNew(issued.value);
      },
    },
  ];
  for (const { action, run } of steps) {
    for (const code of ['Throttling', 'ServiceFailure']) {
      it(`${action} ${code}: retried within the bound, then done; past the bound it fails with the old key working`, async () => {
        const old = iam.seedKey(USER);
        iam.failNext({ action, code, message: 'Rate exceeded', times: 2 });
        await run(open({ attempts: 3, proveWithinMs: 30_000 }), old);
        expect(iam.actions().filter((one) => one === action).length).toBeGreaterThanOrEqual(3);

        // A fault that outlasts the retries: the step fails, typed, and nothing past it happened.
        for (const key of keysOf()) if (key.accessKeyId !== old.accessKeyId) iam.keys.delete(key.accessKeyId);
        iam.keys.set(old.accessKeyId, { ...old, status: 'Active' });
        old.history.push({ at: fake.clock.now(), state: 'Active' });
        fake.advance(1);
        // As many failures as the attempts (STS's proof retries for its whole bound).
        iam.failNext({ action, code, times: action === 'GetCallerIdentity' ? 50 : 3 });
        const failed = await run(open({ attempts: 3, proveWithinMs: 5_000 }), old).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failed).toBeInstanceOf(action === 'GetCallerIdentity' ? CheckFailedError : UpstreamError);
        if (action === 'DeleteAccessKey') {
          // Retiring with revoke-old: deactivated (the step before), not deleted; retiring again converges.
          expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
          expect(await open().retire(stored(json(old)), { graceMs: undefined, revokeOld: true })).toMatchObject({
            outcome: 'revoked',
          });
          expect(iam.keys.has(old.accessKeyId)).toBe(false);
          return;
        }
        expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
        expect(iam.stsAccepts(old.accessKeyId)).toBe(true);
      });
    }
  }
});
