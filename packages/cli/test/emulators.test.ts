import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorld, useEmulatorAwsCredentials, WORLD } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

const bin = fileURLToPath(new URL('../bin/keyturn.mjs', import.meta.url));

describe('keyturn emulators', () => {
  it('seeds a world that the exported settings point keyturn at', async () => {
    const world = await startWorld();
    // The AWS SDK reads its credentials from the process environment.
    const restore = useEmulatorAwsCredentials();
    try {
      const [current] = world.ssm.parameters.get(WORLD.parameter) ?? [];
      const targets = [
        `github:${WORLD.repo}/API_TOKEN`,
        `github:${WORLD.repo}@${WORLD.environment}/API_TOKEN`,
        `heroku:${WORLD.app}/API_TOKEN`,
        `fly:${WORLD.flyApp}/API_TOKEN`,
      ];
      const run = await cli(
        ['propagate', '--source', `ssm:${WORLD.parameter}`, ...targets.flatMap((t) => ['--targets', t])],
        world.env,
      );
      expect(run.stderr).not.toContain('failed');
      expect(run.code).toBe(0);
      expect(world.github.repoSecret(WORLD.repo, 'API_TOKEN')?.value).toBe(current?.value);
      expect(world.heroku.configVars(WORLD.app)?.API_TOKEN).toBe(current?.value);
      expect(world.fly.secretValue(WORLD.flyApp, 'API_TOKEN')).toBe(current?.value);
      const secretsManager = await cli(
        ['rotate-ssm', '--store', 'secrets-manager', '--name', WORLD.secretsManagerName, '--dry-run'],
        world.env,
      );
      expect(secretsManager.code).toBe(0);
      // GET /user on the plain GitHub emulator, as rotate-pat's first call.
      // check-only takes no credential but the token it checks; the shell's
      // exported KEYTURN_GITHUB_TOKEN (printed by `keyturn emulators`) is
      // shared by every command and is left out, not refused.
      const check = await cli(['rotate-pat', '--check-only', '--min-days-left', '0'], {
        ...world.env,
        KEYTURN_TOKEN: world.env.KEYTURN_GITHUB_TOKEN,
      });
      expect(check.code).toBe(0);
      expect(check.stdout).toMatch(/^ {2}login +keyturn-demo$/m);
      // Handed to this run in the runner's own way, it is still a mistake.
      const handed = await cli(['rotate-pat', '--check-only', '--min-days-left', '0'], {
        ...world.env,
        KEYTURN_TOKEN: world.env.KEYTURN_GITHUB_TOKEN,
        'INPUT_GITHUB-TOKEN': world.env.KEYTURN_GITHUB_TOKEN,
      });
      expect(handed.code).toBe(2);
      expect(handed.stderr).toMatch(/github-token\) is set with check-only/);
      expect(world.github.violations).toEqual([]);
      expect(`${run.text}${check.text}`).not.toContain(world.env.KEYTURN_GITHUB_TOKEN);
    } finally {
      restore();
      await world.close();
    }
  });

  it("keyturn rotate ID rotates the world's IAM user's access key through the aws-iam issuer", async () => {
    const world = await startWorld();
    const dir = await mkdtemp(join(tmpdir(), 'keyturn-world-'));
    const manifest = join(dir, 'rotation.yml');
    await writeFile(
      manifest,
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: ci-key
    store: { name: ${WORLD.iamKeyParameter} }
    issuer: { kind: aws-iam, user: ${WORLD.iamUser} }
    targets: [github:${WORLD.repo}/AWS_CI_KEY]
`,
    );
    // The store's SDK client reads the process environment; the issuer takes the run's (world.env).
    const restore = useEmulatorAwsCredentials();
    try {
      const [old] = [...world.iam.keys.values()];
      const run = await cli(['rotate', 'ci-key', '--manifest', manifest, '--reason', 'INC-12'], world.env);
      expect(run.stderr).toContain('verify-old: done (refused by aws-iam)');
      expect(run.code).toBe(0);
      const stored = world.ssm.parameters.get(WORLD.iamKeyParameter)?.at(-1)?.value ?? '';
      const pair = JSON.parse(stored) as { AccessKeyId: string; SecretAccessKey: string };
      expect(world.iam.keys.get(pair.AccessKeyId)?.status).toBe('Active');
      expect(world.iam.keys.get(old?.accessKeyId ?? '')?.status).toBe('Inactive');
      expect(world.github.repoSecret(WORLD.repo, 'AWS_CI_KEY')?.value).toBe(stored);
      expect(run.text).not.toContain(pair.SecretAccessKey);
      expect(run.text).not.toContain(old?.secretAccessKey);
    } finally {
      restore();
      await world.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs from the bundle until Ctrl-C, printing the settings', async () => {
    const child = spawn(process.execPath, [bin, 'emulators', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const settings = await new Promise<{ env: Record<string, string> }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0] ?? ''));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      expect(settings.env.KEYTURN_GITHUB_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await fetch(`${settings.env.KEYTURN_GITHUB_API_URL}/user`, {
        headers: {
          authorization: `Bearer ${settings.env.KEYTURN_GITHUB_TOKEN}`,
          accept: 'application/vnd.github+json',
        },
      });
      expect(((await answer.json()) as { login: string }).login).toBe('keyturn-demo');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);

  it('refuses a flag it does not take', async () => {
    const run = await cli(['emulators', '--port', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port is not a flag of keyturn emulators/);
  });
});
