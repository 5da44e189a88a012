import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type IamEmulator,
  runBundle,
  type SsmEmulator,
  startIam,
  startSsm,
  withoutMaskCommands,
} from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The bundled rotate loads the aws-iam issuer's chunk (and the IAM and STS
// clients in it) only when an entry names it: this runs that path as the
// runner would, with the OIDC-style keys in the environment.
const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const ROTATOR = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'aws-secret-canary-rotate-iam-51c9' };
const DAY = 86_400_000;

describe('rotate dist/index.js with an aws-iam entry', () => {
  let ssm: SsmEmulator;
  let iam: IamEmulator;
  let cwd: string;
  beforeEach(async () => {
    ssm = await startSsm();
    iam = await startIam({ callers: [ROTATOR] });
    cwd = await mkdtemp(join(tmpdir(), 'keyturn-rotate-iam-'));
    await mkdir(join(cwd, '.github'));
    await writeFile(
      join(cwd, '.github/rotation.yml'),
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - { id: ci-key, store: { name: /ci/key }, issuer: { kind: aws-iam, user: ci-deployer } }
`,
    );
  });
  afterEach(async () => {
    expect(iam.emulator.violations).toEqual([]);
    await Promise.all([ssm.close(), iam.close()]);
    await rm(cwd, { recursive: true, force: true });
  });

  it('makes the key, stores it masked, retires the old one', async () => {
    const old = iam.seedKey('ci-deployer', { ageMs: 100 * DAY });
    ssm.seed('/ci/key', JSON.stringify({ AccessKeyId: old.accessKeyId, SecretAccessKey: old.secretAccessKey }), {
      labels: ['current'],
      lastModified: Date.now() - 100 * DAY,
    });
    const run = await runBundle(bundle, {
      env: {
        AWS_ENDPOINT_URL_SSM: ssm.url,
        AWS_ENDPOINT_URL_IAM: iam.url,
        AWS_ENDPOINT_URL_STS: iam.url,
        AWS_ACCESS_KEY_ID: ROTATOR.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ROTATOR.secretAccessKey,
      },
      cwd,
      inputs: { secret: 'ci-key' },
    });
    expect(run.stderr).not.toContain('keyturn');
    expect(run.code).toBe(0);
    const value = ssm.parameters.get('/ci/key')?.at(-1)?.value ?? '';
    const pair = JSON.parse(value) as { AccessKeyId: string; SecretAccessKey: string };
    expect(iam.keys.get(pair.AccessKeyId)?.status).toBe('Active');
    expect(iam.keys.get(old.accessKeyId)?.status).toBe('Inactive');
    expect(run.stdout).toContain(`::add-mask::${pair.SecretAccessKey}`);
    expect(run.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1' });
    const shown = withoutMaskCommands(run.everything);
    for (const secret of [value, pair.SecretAccessKey, old.secretAccessKey, ROTATOR.secretAccessKey]) {
      expect(shown).not.toContain(secret);
    }
  });
});
