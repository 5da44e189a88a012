import {
  type GitHubCredentials,
  type GitHubEmulator,
  type HerokuEmulator,
  type InfisicalEmulator,
  runWithManifest,
  startGitHubWithCredentials,
  startHeroku,
  startInfisical,
} from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main';

/**
 * SPEC's readonly-pat entry through rotate: a github-pat issuer, the token in
 * Infisical, two Heroku apps, revoke-old. The GitHub emulator answers GET
 * /user per token (login, expiration header) and carries out an accepted
 * revocation only after a few more GET /user calls, so the poll is real; the
 * fake clock's sleep means no test waits.
 */
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const OLD_PAT = 'ghp_oldReadonlyPatCanary1111111111111111';
const NEW_PAT = 'github_pat_11NEWREADONLYcanary_2222222222222222222222';
const OTHER_PAT = 'ghp_someoneElsesPatCanary333333333333333';
const SHORT_PAT = 'ghp_expiresSoonPatCanary4444444444444444';
const HEROKU_KEY = 'heroku-key-pat-canary-8e1f';
const CLIENT_SECRET = 'infisical-secret-pat-canary-90ab';
const PROJECT = 'p-readonly';
const CANARIES = [OLD_PAT, NEW_PAT, OTHER_PAT, SHORT_PAT, HEROKU_KEY, CLIENT_SECRET];

describe('rotate: a github-pat entry (Infisical, two Heroku apps, revoke-old)', () => {
  let github: GitHubEmulator;
  let credentials: GitHubCredentials;
  let heroku: HerokuEmulator;
  let infisical: InfisicalEmulator;
  let now = START;

  const manifest = (
    issuer = 'expected-login: raxx-bot, min-days-left: 14, required-repos: [raxx-app/TradeMasterAPI]',
  ) => `
version: 1
defaults: { max-age: 90d }
secrets:
  - id: readonly-pat
    issuer: { kind: github-pat, ${issuer} }
    store: { kind: infisical, name: API_READONLY_TOKEN, project: ${PROJECT}, environment: prod, path: /, url: '${infisical.url}' }
    targets: [heroku:raxx-console-prod/GITHUB_API_READONLY_TOKEN, heroku:raxx-console-staging/GITHUB_API_READONLY_TOKEN]
    revoke-old: true
`;
  const rotate = (inputs: Record<string, string>, text = manifest()) =>
    runWithManifest(
      'rotate',
      main,
      text,
      {
        secret: 'readonly-pat',
        'heroku-api-key': HEROKU_KEY,
        'heroku-api-url': heroku.url,
        'infisical-client-id': 'ci',
        'infisical-client-secret': CLIENT_SECRET,
        'github-api-url': github.url,
        ...inputs,
      },
      { now },
    );
  const stored = () =>
    infisical.find({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' })?.versions.at(-1)?.value;
  const consumers = () => [
    heroku.configVars('raxx-console-prod')?.GITHUB_API_READONLY_TOKEN,
    heroku.configVars('raxx-console-staging')?.GITHUB_API_READONLY_TOKEN,
  ];
  const writes = () => [
    ...github.mutatingRequests(),
    ...heroku.emulator.mutatingRequests(),
    ...infisical.secretWrites(),
  ];
  const expectNoCanary = (text: string) => {
    for (const canary of CANARIES) expect(text).not.toContain(canary);
  };

  beforeEach(async () => {
    now = START;
    ({ github, credentials } = await startGitHubWithCredentials({ revokeAfter: { requests: 2 }, now: () => now }));
    github.addToken(OLD_PAT, { login: 'raxx-bot' });
    github.addToken(NEW_PAT, { login: 'raxx-bot', access: ['raxx-app/TradeMasterAPI'] });
    github.addToken(OTHER_PAT, { login: 'someone-else' });
    github.addToken(SHORT_PAT, { login: 'raxx-bot' });
    github.addRepo('raxx-app/TradeMasterAPI');
    github.addRepo('raxx-app/Private');
    credentials.profile(OLD_PAT, { expiresAt: START + 3 * DAY, scopes: ['repo'] });
    credentials.profile(NEW_PAT, { expiresAt: START + 90 * DAY });
    credentials.profile(SHORT_PAT, { expiresAt: START + 10 * DAY });
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('raxx-console-prod', { GITHUB_API_READONLY_TOKEN: OLD_PAT });
    heroku.addApp('raxx-console-staging', { GITHUB_API_READONLY_TOKEN: OLD_PAT });
    infisical = await startInfisical({ clients: { ci: CLIENT_SECRET }, projects: { [PROJECT]: ['prod'] } });
    infisical.seed({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' }, OLD_PAT, START - 100 * DAY);
  });
  afterEach(async () => {
    await Promise.all([github.close(), heroku.close(), infisical.close()]);
  });

  it('validates new-token, stores it, pushes it, revokes the old one and sees it refused', async () => {
    const run = await rotate({ 'new-token': NEW_PAT, reason: 'INC-77' });
    expect(run.runner.failed, run.runner.everything()).toBeUndefined();
    expect(stored()).toBe(NEW_PAT);
    expect(consumers()).toEqual([NEW_PAT, NEW_PAT]);
    expect(credentials.revoked).toEqual([OLD_PAT]);
    expect(credentials.revokeRequests()).toHaveLength(1);
    // The revocation is asynchronous: the poll asked until it saw 401, sleeping on the fake clock.
    expect(run.sleeps.length).toBeGreaterThan(0);
    const stages = run.report.map((row) => `${row.stage}:${row.outcome}`);
    expect(stages).toEqual([
      'issue:done',
      'store:done',
      'verify-new:done',
      'target:updated',
      'target:updated',
      'retire:done',
      'verify-old:done',
      'audit:done',
    ]);
    expect(String(run.report[0]?.detail)).toMatch(/fine-grained token of raxx-bot, expires 2026-08-30/);
    expect(run.runner.outputs).toMatchObject({ rotated: 'true', updated: '2', failed: '0' });
    expect(run.events.map((event) => event.event)).toContain('secret.rotate.completed');
    expect(run.events.every((event) => event.reason === 'INC-77')).toBe(true);
    expectNoCanary(run.runner.everything() + run.audit + JSON.stringify(run.runner.outputs) + run.runner.summary);
  });

  it('a dry run checks new-token at GitHub and changes nothing', async () => {
    const run = await rotate({ 'new-token': NEW_PAT, 'dry-run': 'true' });
    expect(run.runner.failed).toBeUndefined();
    expect(String(run.report[0]?.detail)).toMatch(/store new-token \(fine-grained token of raxx-bot.*reads raxx-app/);
    expect(writes()).toEqual([]);
    expect(stored()).toBe(OLD_PAT);
  });

  it('without new-token it says a person is needed, before any write', async () => {
    const run = await rotate({ force: 'true' });
    expect(run.runner.failed).toMatch(
      /'new-token' is empty.*needs a person: create a token.*emergency workflow with new-token/s,
    );
    expect(writes()).toEqual([]);
    expect(github.requests.filter((request) => request.path === '/user')).toEqual([]);
  });

  it.each([
    ['a token of another account', OTHER_PAT, /new-token belongs to someone-else, not raxx-bot/],
    [
      'a token expiring within min-days-left',
      SHORT_PAT,
      /new-token expires in 10 day\(s\).*fewer than min-days-left 14/,
    ],
    ['a token GitHub refuses', 'ghp_unknownTokenCanary55555555555555555', /new-token was refused by GitHub \(401\)/],
  ])('refuses %s before any store write', async (_name, token, message) => {
    const run = await rotate({ 'new-token': token });
    expect(run.runner.failed).toMatch(message);
    expect(writes()).toEqual([]);
    expect(stored()).toBe(OLD_PAT);
    expect(consumers()).toEqual([OLD_PAT, OLD_PAT]);
    expect(credentials.revokeRequests()).toEqual([]);
  });

  it('a run that stopped after the store write is resumed from its rotation marker: no second version, old revoked', async () => {
    heroku.emulator.injectFault({ method: 'PATCH', path: '/apps/raxx-console-staging/config-vars', status: 503 });
    const first = await rotate({ 'new-token': NEW_PAT });
    expect(first.runner.failed).toMatch(
      /1 of 2 target\(s\) failed; version 2 is stored and marked unfinished, the old value is not retired; running rotate again resumes with the same value/,
    );
    const versions = () =>
      infisical.find({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' })?.versions.length;
    expect(stored()).toBe(NEW_PAT);
    expect(versions()).toBe(2);
    // Nothing irreversible happened: the old token still works.
    expect(credentials.revokeRequests()).toEqual([]);
    heroku.emulator.clearFaults();

    // The next run resumes it: no force needed, the marker says it is unfinished.
    const again = await rotate({ 'new-token': NEW_PAT });
    expect(again.runner.failed, again.runner.everything()).toBeUndefined();
    expect(versions()).toBe(2);
    expect(consumers()).toEqual([NEW_PAT, NEW_PAT]);
    // The old token is the previous version, never the new one.
    expect(credentials.revoked).toEqual([OLD_PAT]);
    const rows = again.report.map((row) => `${row.stage}:${row.outcome}${row.target ? `:${row.target}` : ''}`);
    expect(rows).toContain('store:already-done');
    expect(rows).toContain('target:unchanged:heroku:raxx-console-prod/GITHUB_API_READONLY_TOKEN');
    expect(rows).toContain('target:updated:heroku:raxx-console-staging/GITHUB_API_READONLY_TOKEN');
    expect(rows).toContain('retire:done');
  });

  it('refuses new-token when it is the only token the store has ever held', async () => {
    infisical.secrets.clear();
    infisical.seed({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' }, NEW_PAT, START - 100 * DAY);
    const run = await rotate({ 'new-token': NEW_PAT });
    expect(run.runner.failed).toMatch(
      /'new-token' is the token the store already holds \(version 1\), and no earlier token/,
    );
    expect(writes()).toEqual([]);
  });

  it('refuses a token that cannot read a required repository, naming it', async () => {
    const run = await rotate(
      { 'new-token': NEW_PAT },
      manifest('expected-login: raxx-bot, required-repos: [raxx-app/TradeMasterAPI, raxx-app/Private]'),
    );
    expect(run.runner.failed).toMatch(/new-token cannot read raxx-app\/Private \(HTTP 404/);
    expect(writes()).toEqual([]);
  });

  it('a revocation GitHub never carries out fails after revoke-within, the new token in place', async () => {
    await github.close();
    ({ github, credentials } = await startGitHubWithCredentials({ revokeAfter: 'never', now: () => now }));
    github.addToken(OLD_PAT, { login: 'raxx-bot' });
    github.addToken(NEW_PAT, { login: 'raxx-bot' });
    github.addRepo('raxx-app/TradeMasterAPI');
    const run = await rotate({ 'new-token': NEW_PAT });
    expect(run.runner.failed).toMatch(
      /GitHub was asked to revoke the old token, but it still works after \d+ check\(s\) over 10m/,
    );
    // Everything before the retirement holds: store and consumers have the new token.
    expect(stored()).toBe(NEW_PAT);
    expect(consumers()).toEqual([NEW_PAT, NEW_PAT]);
    // The bound came from the fake clock: the test did not wait ten minutes.
    expect(run.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(10 * 60_000 - 10_000);
  });

  it('check-expiry reads the stored token, changes nothing, and fails within min-days-left naming the entry and date', async () => {
    // The stored (old) token expires in 3 days; min-days-left is 14.
    const run = await rotate({ 'check-expiry': 'true', 'heroku-api-key': '' });
    expect(run.runner.failed).toMatch(
      /readonly-pat: the stored credential \(classic token of raxx-bot\) expires in 3 day\(s\), on 2026-06-04/,
    );
    expect(run.runner.failed).toMatch(/needs a person/);
    expect(run.runner.outputs).toMatchObject({ 'days-left': '3', 'expires-at': '2026-06-04T00:00:00.000Z' });
    expect(writes()).toEqual([]);
    expect(run.events.map((event) => event.event)).toEqual(['secret.expiry.checked']);
    expectNoCanary(run.runner.everything() + run.audit + run.runner.summary + (run.runner.failed ?? ''));

    infisical.seed({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' }, NEW_PAT, START);
    const fine = await rotate({ 'check-expiry': 'true' });
    expect(fine.runner.failed).toBeUndefined();
    expect(fine.runner.outputs['days-left']).toBe('90');
    expect(writes()).toEqual([]);
  });

  it('check-expiry refuses an entry whose value is generated, and rotation inputs', async () => {
    const generated = `${manifest()}  - { id: plain, store: { kind: infisical, name: PLAIN, project: ${PROJECT}, environment: prod, url: '${infisical.url}' }, generate: hex:8 }\n`;
    const plain = await rotate({ secret: 'plain', 'check-expiry': 'true' }, generated);
    expect(plain.runner.failed).toMatch(/'check-expiry' is true but .*plain.* generates its value/);
    const withToken = await rotate({ 'check-expiry': 'true', 'new-token': NEW_PAT });
    expect(withToken.runner.failed).toMatch(/'new-token' is set with check-expiry: true/);
    expect(writes()).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
