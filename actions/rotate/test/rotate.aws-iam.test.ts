import { createFakeClock } from '@keyturn/core';
import { shortKey } from '@keyturn/core/issuers/aws-iam';
import {
  type GitHubEmulator,
  type IamAccessKey,
  type IamEmulator,
  runWithManifest,
  type SsmEmulator,
  startGitHub,
  startIam,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unpacedMain as main } from './unpaced';

// rotate with the registered aws-iam issuer, through the manifest: the IAM +
// STS emulator (sharing the run's fake clock, so IAM's propagation delay is
// waited out on it), SSM as the store and a GitHub secret as the consumer.
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const USER = 'ci-deployer';
const NAME = '/prod/ci/aws-key';
const GITHUB_TOKEN = 'ghp_writer_canary_1111111111111111111111';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('rotate: an aws-iam issuer entry end to end', () => {
  let iam: IamEmulator;
  let ssm: SsmEmulator;
  let github: GitHubEmulator;
  let time: ReturnType<typeof createFakeClock>;
  let old: IamAccessKey;

  const json = (key: IamAccessKey) =>
    JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey });
  const manifest = (extra = '') => `
version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: ci-key
    store: { name: ${NAME} }
    issuer: { kind: aws-iam, user: ${USER} }
    targets: [github:acme/api/AWS_CI_KEY]
${extra}`;
  const rotate = (inputs: Record<string, string> = {}, text = manifest()) =>
    runWithManifest(
      'rotate',
      main,
      text,
      { secret: 'ci-key', 'github-token': GITHUB_TOKEN, ...inputs },
      {
        env: {
          AWS_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL_SSM: ssm.url,
          AWS_ENDPOINT_URL_IAM: iam.url,
          AWS_ENDPOINT_URL_STS: iam.url,
          GITHUB_API_URL: github.url,
        },
        time,
      },
    );
  const storedValue = () => ssm.parameters.get(NAME)?.at(-1)?.value ?? '';
  const userKeys = () => [...iam.keys.values()].filter((key) => key.userName === USER);
  const writes = () => [...iam.writes(), ...ssm.writes(), ...github.mutatingRequests()];

  beforeEach(async () => {
    time = createFakeClock(START);
    iam = await startIam({ now: time.clock.now, propagationDelayMs: 3_000 });
    ssm = await startSsm({ now: time.clock.now });
    github = await startGitHub({ now: time.clock.now });
    github.addToken(GITHUB_TOKEN, { login: 'rotator' });
    github.addRepo('acme/api');
    old = iam.seedKey(USER, { ageMs: 100 * DAY });
    ssm.seed(NAME, json(old), { labels: ['current'], lastModified: START - 100 * DAY });
  });
  afterEach(async () => {
    expect(iam.emulator.violations).toEqual([]);
    await Promise.all([iam.close(), ssm.close(), github.close()]);
  });

  it('makes a new key, stores it, hands it out once STS accepts it, deactivates the old one and proves it refused', async () => {
    const run = await rotate();
    expect(run.runner.failed).toBeUndefined();
    const value = storedValue();
    const pair = JSON.parse(value) as { AccessKeyId: string; SecretAccessKey: string };
    expect(iam.keys.get(pair.AccessKeyId)?.secretAccessKey).toBe(pair.SecretAccessKey);
    expect(github.repoSecret('acme/api', 'AWS_CI_KEY')?.value).toBe(value);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
    expect(iam.stsAccepts(old.accessKeyId)).toBe(false);
    expect(iam.stsAccepts(pair.AccessKeyId)).toBe(true);
    expect(run.report).toEqual([
      { stage: 'issue', outcome: 'done', detail: `access key ${shortKey(pair.AccessKeyId)} of IAM user ${USER}` },
      { stage: 'store', outcome: 'done', detail: 'version 2 is current, 1 kept as previous' },
      { stage: 'verify-new', outcome: 'done', detail: 'accepted by aws-iam' },
      { stage: 'target', target: 'github:acme/api/AWS_CI_KEY', outcome: 'updated' },
      {
        stage: 'retire',
        outcome: 'done',
        detail: `access key ${shortKey(old.accessKeyId)} deactivated; the next rotation deletes it`,
      },
      { stage: 'verify-old', outcome: 'done', detail: 'refused by aws-iam' },
      { stage: 'audit', outcome: 'done', detail: 'rotation completed' },
    ]);
    // STS took the propagation delay to accept the new key, and again to refuse the old one.
    expect(time.clock.now() - START).toBeGreaterThanOrEqual(6_000);
    expect(ssm.describe(NAME).at(-1)?.labels).not.toContain('pending');
    for (const text of [run.runner.everything(), run.audit]) {
      expect(text).not.toContain(pair.SecretAccessKey);
      expect(text).not.toContain(old.secretAccessKey);
      expect(text).not.toContain(value);
    }
    expect(run.runner.masked).toEqual(expect.arrayContaining([pair.SecretAccessKey, value]));

    // The next rotation deletes the key the last one deactivated, to make room.
    time.advance(100 * DAY);
    const next = await rotate();
    expect(next.runner.failed).toBeUndefined();
    expect(iam.keys.has(old.accessKeyId)).toBe(false);
    expect(userKeys().map((key) => key.status)).toEqual(['Inactive', 'Active']);
  });

  it("is due by the key's own age, as plan decides, not the store version's", async () => {
    // Re-stored yesterday, but the key is 100 days old: rotated.
    ssm.seed(NAME, json(old), { labels: ['current'], lastModified: START - DAY });
    const due = await rotate();
    expect(due.runner.failed).toBeUndefined();
    expect(due.runner.outputs.rotated).toBe('true');
    // Now the key in use is new, whatever the store says: not due.
    time.advance(10 * DAY);
    const young = await rotate();
    expect(young.report).toEqual([
      {
        stage: 'store',
        outcome: 'skipped',
        // 10 days and the seconds STS took to see the new key.
        detail: expect.stringMatching(
          /^the aws-iam credential in use is 10d\d+s old, younger than max-age 90d: due on 2026-08-30$/,
        ),
      },
    ]);
  });

  it('with grace keeps the old key working for the window; the run after it deactivates, proves and deletes it', async () => {
    const graced = manifest().replace(
      '    targets: [github:acme/api/AWS_CI_KEY]',
      '    targets: [github:acme/api/AWS_CI_KEY]\n    grace: 24h',
    );
    const run = await rotate({}, graced);
    expect(run.runner.failed).toBeUndefined();
    expect(github.repoSecret('acme/api', 'AWS_CI_KEY_PREVIOUS')?.value).toBe(json(old));
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
    expect(iam.stsAccepts(old.accessKeyId)).toBe(true);

    time.advance(25 * 3_600_000);
    const after = await rotate({}, graced);
    expect(after.runner.failed).toBeUndefined();
    expect(iam.keys.has(old.accessKeyId)).toBe(false);
    expect(iam.stsAccepts(old.accessKeyId)).toBe(false);
    expect(github.repoSecret('acme/api', 'AWS_CI_KEY_PREVIOUS')).toBeUndefined();
    expect(after.report).toContainEqual({
      stage: 'retire',
      outcome: 'done',
      detail: `access key ${shortKey(old.accessKeyId)} deactivated, refused and deleted after its grace`,
    });
    expect(userKeys()).toHaveLength(1);
  });

  it('with revoke-old deletes the old key at once', async () => {
    const run = await rotate({ 'revoke-old': 'true' });
    expect(run.runner.failed).toBeUndefined();
    expect(iam.keys.has(old.accessKeyId)).toBe(false);
    expect(userKeys()).toHaveLength(1);
  });

  it('a dry run asks IAM and changes nothing', async () => {
    const run = await rotate({ 'dry-run': 'true' });
    expect(run.runner.failed).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(run.report).toContainEqual({
      stage: 'issue',
      outcome: 'would-do',
      detail: `create an access key for IAM user ${USER} and deactivate ${shortKey(old.accessKeyId)}`,
    });
    expect(run.report).toContainEqual({
      stage: 'retire',
      outcome: 'would-do',
      detail: 'retire the old credential at aws-iam',
    });
  });

  it('a user holding two active keys is refused before any change, saying why and what to do', async () => {
    const other = iam.seedKey(USER);
    const run = await rotate();
    expect(run.runner.failed).toMatch(/already holds two active access keys/);
    expect(run.runner.failed).toContain(`--access-key-id ${other.accessKeyId} --status Inactive`);
    expect(writes()).toEqual([]);
    expect(iam.stsAccepts(old.accessKeyId)).toBe(true);
  });

  it('a typo in the issuer is refused naming the nearest field, with nothing asked', async () => {
    const run = await rotate({}, manifest().replace(`user: ${USER}`, `usr: ${USER}`));
    expect(run.runner.failed).toMatch(/usr.*Did you mean 'user'/s);
    expect(iam.emulator.requests).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('a store write that fails after CreateAccessKey: the new key is deleted, the old one keeps working, a re-run converges', async () => {
    ssm.failNext({ operation: 'PutParameter', type: 'InternalServerError', times: 10 });
    const failed = await rotate();
    expect(failed.runner.failed).toBeDefined();
    expect(userKeys().map((key) => key.accessKeyId)).toEqual([old.accessKeyId]);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
    expect(storedValue()).toBe(json(old));
    expect(github.mutatingRequests()).toEqual([]);

    ssm.emulator.clearFaults();
    const rerun = await rotate();
    expect(rerun.runner.failed).toBeUndefined();
    expect(userKeys()).toHaveLength(2);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
  });

  it('STS refusing the new key past the bound: nothing handed out, the old key works; a re-run resumes with the stored key', async () => {
    iam.propagationDelayMs = 10 * 60_000;
    const failed = await rotate();
    expect(failed.runner.failed).toMatch(/STS still refuses the new access key/);
    const pending = storedValue();
    expect(ssm.describe(NAME).at(-1)?.labels).toContain('pending');
    expect(github.mutatingRequests()).toEqual([]);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');
    expect(iam.stsAccepts(old.accessKeyId)).toBe(true);

    // IAM caught up (and is quick again, so the old key's deactivation is seen within the bound).
    time.advance(10 * 60_000);
    iam.propagationDelayMs = 3_000;
    const rerun = await rotate();
    expect(rerun.runner.failed).toBeUndefined();
    expect(storedValue()).toBe(pending);
    expect(github.repoSecret('acme/api', 'AWS_CI_KEY')?.value).toBe(pending);
    // One key made in all: the resumed run recognised the stored one.
    expect(iam.actions().filter((action) => action === 'CreateAccessKey')).toHaveLength(1);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
  });

  it('IAM throttling past the retries at deactivation: the new key is everywhere, the run resumes and retires', async () => {
    iam.failNext({ action: 'UpdateAccessKey', code: 'Throttling', message: 'Rate exceeded', times: 50 });
    const failed = await rotate();
    expect(failed.runner.failed).toMatch(/Throttling/);
    const value = storedValue();
    expect(github.repoSecret('acme/api', 'AWS_CI_KEY')?.value).toBe(value);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Active');

    iam.clearFailures();
    time.advance(60_000);
    const rerun = await rotate();
    expect(rerun.runner.failed).toBeUndefined();
    expect(iam.actions().filter((action) => action === 'CreateAccessKey')).toHaveLength(1);
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
    expect(storedValue()).toBe(value);
  });
});
