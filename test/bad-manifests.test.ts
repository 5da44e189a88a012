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
  startGitHubWithCredentials,
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

/** A github-pat entry with a bad new-token: each is refused by rotate before
 * the store or any target is written, and nothing is revoked. GitHub is
 * asked only GET /user and GET /repos (the checks themselves). */
describe('rotate with a github-pat entry and a bad new-token', () => {
  const STORED = 'ghp_storedPatBadInputCanary000000000000';
  const APP_TOKEN = 'ghs_storedAppTokenBadInputCanary0000000';
  const tokens = {
    other: 'ghp_otherAccountBadInputCanary000000000',
    soon: 'ghp_expiresSoonBadInputCanary0000000000',
    good: 'ghp_goodNewTokenBadInputCanary000000000',
  };
  let pat: Awaited<ReturnType<typeof startGitHubWithCredentials>>;
  let patSsm: SsmEmulator;
  let patHeroku: HerokuEmulator;
  const started = Date.now();
  beforeAll(async () => {
    [pat, patSsm, patHeroku] = await Promise.all([startGitHubWithCredentials(), startSsm(), startHeroku()]);
    pat.github.addToken(STORED, { login: 'raxx-bot' });
    pat.github.addToken(APP_TOKEN, { login: 'raxx-bot' });
    pat.github.addToken(tokens.other, { login: 'someone-else' });
    pat.github.addToken(tokens.soon, { login: 'raxx-bot' });
    pat.github.addToken(tokens.good, { login: 'raxx-bot', access: [] });
    pat.github.addRepo('raxx-app/api');
    const now = started;
    pat.credentials.profile(tokens.soon, { expiresAt: now + 3 * 86_400_000 });
    pat.credentials.profile(tokens.good, { expiresAt: now + 90 * 86_400_000 });
    patHeroku.addApiKey('heroku-bad-input-key');
    patHeroku.addApp('console', { GITHUB_TOKEN: STORED });
    patSsm.seed('/ci/pat', STORED, { labels: ['current'], lastModified: now - 100 * 86_400_000 });
    patSsm.seed('/ci/app-token', APP_TOKEN, { labels: ['current'], lastModified: now - 100 * 86_400_000 });
  });
  afterAll(async () => {
    await Promise.all([pat.github.close(), patSsm.close(), patHeroku.close()]);
  });
  const manifest = (issuer: string, name = '/ci/pat') => `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: pat
    store: { name: ${name} }
    issuer: { kind: github-pat, ${issuer} }
    targets: [heroku:console/GITHUB_TOKEN]
    revoke-old: true
`;

  it.each([
    ['no new-token', {}, 'expected-login: raxx-bot', /'new-token' is empty.*needs a person: create a token/],
    [
      'a token of another account',
      { 'new-token': tokens.other },
      'expected-login: raxx-bot',
      /belongs to someone-else, not raxx-bot/,
    ],
    [
      'another account than the stored token’s (no expected-login)',
      { 'new-token': tokens.other },
      'min-days-left: 7',
      /belongs to someone-else, not raxx-bot \(the account of the stored token\)/,
    ],
    [
      'a token expiring too soon',
      { 'new-token': tokens.soon },
      'expected-login: raxx-bot, min-days-left: 14',
      /expires in \d day\(s\).*fewer than min-days-left 14/,
    ],
    [
      'a token GitHub refuses',
      { 'new-token': 'ghp_neverIssuedBadInputCanary000000000' },
      'expected-login: raxx-bot',
      /refused by GitHub \(401\)/,
    ],
    [
      'the token already stored',
      { 'new-token': STORED },
      'expected-login: raxx-bot',
      /is the token the store already holds/,
    ],
    [
      'a required repository it cannot read',
      { 'new-token': tokens.good },
      'expected-login: raxx-bot, required-repos: [raxx-app/api]',
      /cannot read raxx-app\/api \(HTTP 404/,
    ],
  ])('%s is refused before any write', async (_name, inputs, issuer, message) => {
    const run = await runWithManifest(
      'rotate',
      rotate,
      manifest(issuer),
      {
        secret: 'pat',
        force: 'true',
        'heroku-api-key': 'heroku-bad-input-key',
        'heroku-api-url': patHeroku.url,
        ...inputs,
      },
      { env: { AWS_ENDPOINT_URL_SSM: patSsm.url, GITHUB_API_URL: pat.github.url }, now: started },
    );
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(message);
    expect([...pat.github.mutatingRequests(), ...patHeroku.emulator.mutatingRequests(), ...patSsm.writes()]).toEqual(
      [],
    );
    expect(pat.credentials.revokeRequests()).toEqual([]);
    for (const token of [STORED, ...Object.values(tokens)]) expect(run.runner.everything()).not.toContain(token);
  });

  it('revoke-old on a stored token GitHub cannot revoke by API (ghs_) is refused before any write', async () => {
    const run = await runWithManifest(
      'rotate',
      rotate,
      manifest('expected-login: raxx-bot', '/ci/app-token'),
      {
        secret: 'pat',
        force: 'true',
        'heroku-api-key': 'heroku-bad-input-key',
        'heroku-api-url': patHeroku.url,
        'new-token': tokens.good,
      },
      { env: { AWS_ENDPOINT_URL_SSM: patSsm.url, GITHUB_API_URL: pat.github.url }, now: started },
    );
    expect(run.runner.failed).toMatch(
      /'revoke-old' is true, but the stored token .* is not one GitHub can revoke by API/,
    );
    expect([...pat.github.mutatingRequests(), ...patHeroku.emulator.mutatingRequests(), ...patSsm.writes()]).toEqual(
      [],
    );
  });
});
