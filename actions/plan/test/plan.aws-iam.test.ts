import {
  type IamEmulator,
  runWithManifest,
  type SsmEmulator,
  startIam,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main';

// plan asks an aws-iam entry's issuer for its key's own age (CreateDate),
// with no stored value: an IAM key is due by its age at IAM, not by the age
// of the store version that holds it.
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const VALUE_CANARY = 'stored-value-canary-3a7f';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('plan: an aws-iam entry is aged by its key', () => {
  let ssm: SsmEmulator;
  let iam: IamEmulator;
  const manifest = `
version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: old-key
    store: { name: /ci/old-key }
    issuer: { kind: aws-iam, user: old-deployer }
  - id: young-key
    store: { name: /ci/young-key }
    issuer: { kind: aws-iam, user: young-deployer }
  - id: unfinished-key
    store: { name: /ci/unfinished-key }
    issuer: { kind: aws-iam, user: old-deployer }
`;
  const plan = (text = manifest) =>
    runWithManifest(
      'plan',
      main,
      text,
      {},
      {
        env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ENDPOINT_URL_IAM: iam.url },
        now: START,
      },
    );

  beforeEach(async () => {
    ssm = await startSsm({ now: () => START });
    iam = await startIam({ now: () => START });
    // Stored 10 days ago (re-stored by hand, say), but the key itself is 120 days old.
    iam.seedKey('old-deployer', { ageMs: 120 * DAY });
    iam.seedKey('young-deployer', { ageMs: 20 * DAY });
    iam.seedKey('young-deployer', { ageMs: 200 * DAY, status: 'Inactive' });
    ssm.seed('/ci/old-key', VALUE_CANARY, { labels: ['current'], lastModified: START - 10 * DAY });
    ssm.seed('/ci/young-key', VALUE_CANARY, { labels: ['current'], lastModified: START - 10 * DAY });
    ssm.seed('/ci/unfinished-key', VALUE_CANARY, { labels: ['current', 'pending'], lastModified: START - DAY });
  });
  afterEach(async () => {
    expect(iam.emulator.violations).toEqual([]);
    await Promise.all([ssm.close(), iam.close()]);
  });

  it("takes the oldest active key's CreateDate as the age, reading no stored value and changing nothing", async () => {
    const run = await plan();
    expect(run.runner.failed).toBeUndefined();
    const byId = Object.fromEntries(run.report.map((row) => [row.id, row]));
    expect(byId['old-key']).toMatchObject({
      decision: 'due',
      'age-days': 120,
      'due-date': '2026-05-02',
      issuer: 'aws-iam',
      reason: 'the aws-iam credential in use (created 2026-02-01) is 120d old, max-age 90d',
    });
    // The inactive key (the one the last rotation retired) does not count.
    expect(byId['young-key']).toMatchObject({ decision: 'not-due', 'age-days': 20, 'due-date': '2026-08-10' });
    // An unfinished rotation is resumed whatever the key's age, and IAM is not asked about it.
    expect(byId['unfinished-key']).toMatchObject({ decision: 'unfinished' });
    expect(iam.actions()).toEqual(['ListAccessKeys', 'ListAccessKeys']);
    expect(iam.writes()).toEqual([]);
    expect(ssm.operations()).toEqual(Array(3).fill('GetParameterHistory'));
    expect(run.runner.everything()).not.toContain(VALUE_CANARY);
  });

  it('an IAM user that does not exist makes that row unreadable (and the plan fail), the others planned', async () => {
    const run = await plan(manifest.replace('user: young-deployer', 'user: youngdeployer'));
    expect(run.runner.failed).toMatch(/1 of 3 secret\(s\) could not be read/);
    const byId = Object.fromEntries(run.report.map((row) => [row.id, row]));
    expect(byId['young-key']).toMatchObject({ decision: 'unreadable' });
    expect(String(byId['young-key']?.reason)).toMatch(/^aws-iam: .*'youngdeployer', and IAM has no user of that name/);
    expect(byId['old-key']).toMatchObject({ decision: 'due' });
  });
});
