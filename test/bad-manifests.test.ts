import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as plan } from '@keyturn/action-plan/main';
import { main as rotate } from '@keyturn/action-rotate/main';
import {
  type GitHubEmulator,
  type HerokuEmulator,
  runWithManifest,
  type SsmEmulator,
  startGitHub,
  startHeroku,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every invalid manifest of the corpus, given to plan and to rotate with
 * every credential they could want: each fails naming the problem, and no
 * emulator sees a single request. */
const fixtures = fileURLToPath(new URL('../packages/core/test/manifest/fixtures', import.meta.url));
const bad = readdirSync(fixtures)
  .filter((name) => name.startsWith('invalid-'))
  .sort()
  .map((name) => {
    const text = readFileSync(join(fixtures, name), 'utf8');
    return { name, text, expected: /^# expect: (.+)$/m.exec(text)?.[1] ?? '' };
  });

let ssm: SsmEmulator;
let github: GitHubEmulator;
let heroku: HerokuEmulator;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = useEmulatorAwsCredentials();
  [ssm, github, heroku] = await Promise.all([startSsm(), startGitHub(), startHeroku()]);
});
afterAll(async () => {
  restoreEnv();
  await Promise.all([ssm.close(), github.close(), heroku.close()]);
});

describe.each([
  ['plan', plan],
  ['rotate', rotate],
])('%s with a bad manifest', (action, main) => {
  it('has the whole corpus to try', () => {
    expect(bad.length).toBeGreaterThanOrEqual(30);
  });

  it.each(bad)('$name fails naming the problem, with no request sent', async ({ text, expected }) => {
    const run = await runWithManifest(
      action,
      main,
      text,
      {
        secret: 'a',
        'github-token': 'ghp_unused',
        'heroku-api-key': 'unused',
        'heroku-api-url': heroku.url,
        'infisical-token': 'unused',
        'new-token': 'unused',
      },
      { env: { AWS_ENDPOINT_URL_SSM: ssm.url, GITHUB_API_URL: github.url } },
    );
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(
      new RegExp(`^keyturn/${action}: manifest \\S+ has (a problem|\\d+ problems); nothing was changed:`),
    );
    expect(run.runner.failed).toContain(expected);
    expect([...ssm.emulator.requests, ...github.requests, ...heroku.emulator.requests]).toEqual([]);
  });
});
