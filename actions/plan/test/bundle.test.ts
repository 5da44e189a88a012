import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle, type SsmEmulator, startSsm } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const AWS_SECRET = 'aws-secret-canary-plan-3f1a';
const DAY = 86_400_000;

describe('plan dist/index.js, run as the runner runs it', () => {
  let ssm: SsmEmulator;
  let cwd: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ssm = await startSsm();
    cwd = await mkdtemp(join(tmpdir(), 'keyturn-plan-repo-'));
    await mkdir(join(cwd, '.github'));
    env = { AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: AWS_SECRET };
  });
  afterEach(async () => {
    await ssm.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('reads .github/rotation.yml by default and outputs the matrix', async () => {
    await writeFile(
      join(cwd, '.github/rotation.yml'),
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 30d }
secrets:
  - { id: due-one, store: { name: /a }, generate: hex:8, targets: [heroku:acme-api/A] }
  - { id: fresh, store: { name: /b }, generate: hex:8 }
`,
    );
    ssm.seed('/a', 'value-a', { labels: ['current'], lastModified: Date.now() - 45 * DAY });
    ssm.seed('/b', 'value-b', { labels: ['current'], lastModified: Date.now() - DAY });
    const run = await runBundle(bundle, { env, cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual({
      include: [{ secret: 'due-one', store: 'ssm', decision: 'due' }],
    });
    expect(run.outputs.due).toBe('1');
    expect(run.summary).toContain('| due-one | AWS SSM (eu-west-1) /a | 45 |');
    expect(run.everything).not.toContain(AWS_SECRET);
    expect(run.everything).not.toContain('value-a');
    expect(ssm.writes()).toEqual([]);
  });

  it('a typo in the manifest fails naming entry, field and fix, and asks no store', async () => {
    await writeFile(
      join(cwd, '.github/rotation.yml'),
      'version: 1\nsecrets:\n  - { id: a, store: { kind: ssm, name: /a, regin: eu-west-1 }, generate: hex:8, max-age: 1d }\n',
    );
    const run = await runBundle(bundle, { env, cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::keyturn/plan: manifest .github/rotation.yml has a problem; nothing was changed:',
    );
    expect(run.stdout).toContain(
      "secrets[0] (a): store.regin is not a field keyturn knows (line 3). Did you mean 'region'?",
    );
    expect(ssm.emulator.requests).toEqual([]);
  });
});
