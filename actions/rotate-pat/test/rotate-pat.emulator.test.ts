import { useEmulatorAwsCredentials } from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  expectNoSecret,
  NEW_TOKEN,
  OLD_TOKEN,
  rotation,
  runRotatePat,
  START,
  startWorld,
  userStatus,
  type World,
} from './helpers';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

let world: World;
afterEach(async () => {
  expect(world.github.violations).toEqual([]);
  expect(world.heroku.emulator.violations).toEqual([]);
  await world.close();
});

type Run = Awaited<ReturnType<typeof runRotatePat>>;

/** The old token still works, no revocation was asked for, and nothing was shown. */
async function expectOldTokenUntouched(run: Run) {
  expect(world.credentials.revokeRequests()).toEqual([]);
  expect(await userStatus(world, OLD_TOKEN)).toBe(200);
  expect(run.runner.outputs.revoked).toBe('false');
  expectNoSecret(run.everything, expect);
}

describe('rotate-pat: the whole runbook against the emulators', () => {
  it('validates, stores, propagates, revokes, and sees the old token get 401', async () => {
    world = await startWorld({ requests: 2 });
    world.ssm.seed('/ci/github-token', OLD_TOKEN, { labels: ['current'] });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs).toEqual({
      login: 'rotator',
      'token-type': 'fine-grained',
      'expires-at': new Date(START + 90 * DAY + 3_600_000).toISOString(),
      'days-left': '90',
      scopes: '',
      revoked: 'true',
    });
    // Stored as the new current version, the old one kept as previous.
    expect(world.ssm.describe('/ci/github-token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['current'] },
    ]);
    expect(world.ssm.parameters.get('/ci/github-token')?.at(-1)?.value).toBe(NEW_TOKEN);
    // Every consumer holds it.
    expect(world.github.repoSecret('acme/api', 'DEPLOY_TOKEN')?.value).toBe(NEW_TOKEN);
    expect(world.github.environmentSecret('acme/api', 'production', 'DEPLOY_TOKEN')?.value).toBe(NEW_TOKEN);
    expect(world.heroku.configVars('acme-api')?.GITHUB_TOKEN_FOR_DEPLOY).toBe(NEW_TOKEN);
    // Revoked without authentication, and polled until 401: two 200s, then the 401.
    const revokes = world.credentials.revokeRequests();
    expect(revokes).toHaveLength(1);
    expect(revokes[0]?.headers.authorization).toBeUndefined();
    expect(world.credentials.revoked).toEqual([OLD_TOKEN]);
    expect(run.runner.logs.filter((line) => /attempt \d+: HTTP/.test(line))).toEqual([
      '  attempt 1: HTTP 200 (expecting 401)',
      '  attempt 2: HTTP 200 (expecting 401)',
      '  attempt 3: HTTP 401 (expecting 401)',
    ]);
    expect(world.time.sleeps).toEqual([10_000, 10_000]);
    expect(await userStatus(world, NEW_TOKEN)).toBe(200);
    // Nothing irreversible came before everything reversible.
    const order = world.github.requests.map((request) => `${request.method} ${request.route ?? request.path}`);
    const revokeAt = order.indexOf('POST /credentials/revoke');
    expect(order.lastIndexOf('PUT /repos/:owner/:repo/environments/:environment/secrets/:name')).toBeLessThan(revokeAt);
    expect(run.events.map((event) => event.event)).toEqual(['token.revoked', 'secret.rotate.completed']);
    expect(run.events[1]).toMatchObject({
      secret_name: '/ci/github-token',
      store: 'ssm',
      token_type: 'fine-grained',
      method: 'manual',
      targets: [
        'github:acme/api/DEPLOY_TOKEN',
        'github:acme/api@production/DEPLOY_TOKEN',
        'heroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
      ],
      revoked: true,
    });
    expect(run.runner.summary.join('')).toContain('| Revoke old token | revoked: GitHub now answers 401 to it |');
    expect(run.runner.logs).toContain(
      'new-token: fine-grained token of rotator, expires 2026-05-30T01:00:00.000Z (90 day(s) left)',
    );
    expect(run.runner.masked).toEqual(expect.arrayContaining([NEW_TOKEN, OLD_TOKEN]));
    expectNoSecret(run.everything, expect);
  });

  it('fails when the revocation does not take effect in time, saying it may still complete', async () => {
    world = await startWorld('never');
    const run = await runRotatePat(world, rotation(world, { 'revoke-within': '1m' }));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: GitHub accepted the revocation of old-token \(202\), but it still works after 7 check\(s\) over 1m .*The revocation may still complete/,
    );
    expect(world.time.sleeps).toEqual(Array(6).fill(10_000));
    expect(run.runner.outputs.revoked).toBe('false');
    // The rotation itself went through; the audit says where it stopped.
    expect(world.github.repoSecret('acme/api', 'DEPLOY_TOKEN')?.value).toBe(NEW_TOKEN);
    expect(run.events.at(-1)).toMatchObject({ event: 'secret.rotate.failed', stage: 'revoke', stored: true });
    expect(run.runner.summary.join('')).toContain('only the revocation of the old token is unfinished');
    expectNoSecret(run.everything, expect);
  });

  it('counts emulator time, not requests, when GitHub is slow to revoke', async () => {
    world = await startWorld({ ms: 45_000 });
    const run = await runRotatePat(world, rotation(world, { name: '', targets: '' }));
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs.revoked).toBe('true');
    expect(world.time.sleeps).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('treats an old token GitHub already refuses as revoked, and converges on a re-run', async () => {
    world = await startWorld();
    world.github.removeToken(OLD_TOKEN);
    const run = await runRotatePat(world, rotation(world, { 'expected-login': 'rotator' }));
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs.revoked).toBe('true');
    expect(world.credentials.revokeRequests()).toEqual([]);
    const again = await runRotatePat(world, rotation(world, { 'expected-login': 'rotator' }));
    expect(again.runner.failed).toBeUndefined();
    // The store already held the new token: no third version pushing the old one out of `previous`.
    expect(world.ssm.describe('/ci/github-token')).toEqual([{ version: 1, labels: ['current'] }]);
    expect(again.runner.summary.join('')).toContain('already holds new-token; not written again');
  });
});

describe('rotate-pat: every failure before the revocation leaves the old token working', () => {
  it('an old token already refused, with no expected-login to compare against', async () => {
    world = await startWorld();
    world.github.removeToken(OLD_TOKEN);
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      "keyturn/rotate-pat: old-token is already refused by GitHub, so its login cannot be compared with new-token's. " +
        'Set expected-login (new-token belongs to rotator).',
    );
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.ssm.writes()).toEqual([]);
    expectNoSecret(run.everything, expect);
  });

  it('a new token GitHub refuses', async () => {
    world = await startWorld();
    world.github.removeToken(NEW_TOKEN);
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      'keyturn/rotate-pat: new-token was refused by GitHub (401): check it was copied whole and not revoked.',
    );
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.ssm.writes()).toEqual([]);
    await expectOldTokenUntouched(run);
  });

  it('a new token of another account', async () => {
    world = await startWorld();
    world.github.addToken(NEW_TOKEN, { login: 'someone-else' });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      'keyturn/rotate-pat: new-token belongs to someone-else, not rotator (the account of old-token). ' +
        'Create the token while signed in as the right account.',
    );
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(run.events).toMatchObject([{ event: 'secret.rotate.failed', stage: 'validate', stored: false }]);
    await expectOldTokenUntouched(run);
  });

  it('an expected-login the tokens do not match', async () => {
    world = await startWorld();
    const run = await runRotatePat(world, rotation(world, { 'expected-login': 'octocat' }));
    expect(run.runner.failed).toBe('keyturn/rotate-pat: old-token belongs to rotator, not expected-login octocat.');
    await expectOldTokenUntouched(run);
  });

  it('a new token that expires too soon', async () => {
    world = await startWorld();
    world.credentials.profile(NEW_TOKEN, { expiresAt: START + 3 * DAY });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      'keyturn/rotate-pat: new-token expires in 3 day(s) (2026-03-04T00:00:00.000Z), fewer than min-days-left 7. ' +
        'Create a token with a later expiration date.',
    );
    expect(run.runner.outputs['days-left']).toBe('3');
    expect(world.github.mutatingRequests()).toEqual([]);
    await expectOldTokenUntouched(run);
  });

  it('a required repository the new token cannot read', async () => {
    world = await startWorld();
    const run = await runRotatePat(world, rotation(world, { 'required-repos': 'acme/api\nacme/private\nacme/gone' }));
    expect(run.runner.failed).toBe(
      'keyturn/rotate-pat: new-token cannot read acme/private (HTTP 404: not found or not visible to new-token), ' +
        'acme/gone (HTTP 404: not found or not visible to new-token). ' +
        'Give the token access to every repository in required-repos.',
    );
    expect(world.github.mutatingRequests()).toEqual([]);
    await expectOldTokenUntouched(run);
  });

  it('a repository behind SAML SSO the new token is not authorized for: GitHub’s message is shown', async () => {
    world = await startWorld();
    const sso =
      'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.';
    world.github.emulator.injectFault({ method: 'GET', path: '/repos/acme/web', status: 403, body: { message: sso } });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      `keyturn/rotate-pat: new-token cannot read acme/web (HTTP 403: ${sso}). ` +
        'Give the token access to every repository in required-repos.',
    );
    expect(world.github.mutatingRequests()).toEqual([]);
    await expectOldTokenUntouched(run);
  });

  it('a target the writer cannot reach: found before the store is written', async () => {
    world = await startWorld();
    const run = await runRotatePat(
      world,
      rotation(world, { targets: 'github:acme/api/DEPLOY_TOKEN\nheroku:acme-locked/GITHUB_TOKEN' }),
    );
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: a target cannot be written, so nothing was changed: 1 of 2 target\(s\) failed .*\n {2}heroku:acme-locked\/GITHUB_TOKEN: /,
    );
    expect(world.ssm.writes()).toEqual([]);
    expect(world.github.mutatingRequests()).toEqual([]);
    await expectOldTokenUntouched(run);
  });

  it('a store fault: no target is written', async () => {
    world = await startWorld();
    world.ssm.deny('PutParameter', 'ssm:PutParameter');
    const run = await runRotatePat(world, rotation(world));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/ssm:PutParameter/);
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.configVars('acme-api')?.GITHUB_TOKEN_FOR_DEPLOY).toBe(OLD_TOKEN);
    expect(run.events.at(-1)).toMatchObject({ event: 'secret.rotate.failed', stage: 'store', stored: false });
    await expectOldTokenUntouched(run);
  });

  it('one target failing to write: the others are updated, the old token is not revoked', async () => {
    world = await startWorld();
    world.github.emulator.injectFault({
      method: 'PUT',
      path: '/repos/acme/api/actions/secrets/DEPLOY_TOKEN',
      status: 422,
      body: { message: 'Validation Failed' },
    });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: 1 of 3 target\(s\) failed \(2 updated\):\n {2}github:acme\/api\/DEPLOY_TOKEN: GitHub \(HTTP 422\)/,
    );
    expect(world.heroku.configVars('acme-api')?.GITHUB_TOKEN_FOR_DEPLOY).toBe(NEW_TOKEN);
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'propagate',
      stored: true,
      old_token_revoked: false,
    });
    expect(run.runner.summary.join('')).toContain('| Old token | The old token was not revoked and still works. |');
    await expectOldTokenUntouched(run);
  });

  it('a revocation GitHub refuses: the step fails saying the old token was not revoked', async () => {
    world = await startWorld();
    world.github.emulator.injectFault({ method: 'POST', path: '/credentials/revoke', status: 422 });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toBe(
      'keyturn/rotate-pat: GitHub (HTTP 422): POST /credentials/revoke was refused: the old token was NOT ' +
        'revoked and still works. Run again, or revoke it by hand in its owner’s settings.',
    );
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'revoke',
      stored: true,
      old_token_revoked: false,
      revocation_requested: false,
    });
    expect(await userStatus(world, OLD_TOKEN)).toBe(200);
    expectNoSecret(run.everything, expect);
  });

  it('a revocation carried out whose answer was lost: the re-run with the same inputs finishes', async () => {
    world = await startWorld({ requests: 0 });
    world.github.emulator.injectFault({ method: 'POST', path: '/credentials/revoke', applied: true, reset: true });
    const first = await runRotatePat(world, rotation(world));
    expect(first.runner.failed).toMatch(/credentials\/revoke/);
    expect(await userStatus(world, OLD_TOKEN)).toBe(401);
    world.github.emulator.clearFaults();
    const again = await runRotatePat(world, rotation(world));
    expect(again.runner.failed ?? '').toBe('');
    expect(again.runner.logs.join('\n')).toContain('the store already holds new-token');
    expectNoSecret(again.everything, expect);
  });

  it("a revocation answered 200 with a proxy's HTML page is no acceptance (GitHub answers 202): no 401 poll", async () => {
    world = await startWorld();
    world.github.emulator.injectFault({
      method: 'POST',
      path: '/credentials/revoke',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>OK</body></html>',
    });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: GitHub \(HTTP 200\): POST \/credentials\/revoke answered 200, not GitHub's 202 Accepted: .*may or may not have been revoked/,
    );
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'revoke',
      revocation_requested: false,
    });
    // Nothing was polled as if GitHub had accepted it.
    expect(run.runner.logs.join('\n')).not.toContain('GitHub accepted the revocation');
    expectNoSecret(run.everything, expect);
  });

  it('a revocation answered 5xx: the step says the old token may or may not have been revoked', async () => {
    world = await startWorld();
    world.github.emulator.injectFault({ method: 'POST', path: '/credentials/revoke', status: 503 });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: GitHub \(HTTP 503\): POST \/credentials\/revoke failed \(.*\): the old token may or may not have been revoked\. Check it with keyturn\/verify \(expect: 401\)/,
    );
    expect(run.runner.failed).not.toContain('NOT revoked');
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'revoke',
      revocation_requested: false,
    });
    expectNoSecret(run.everything, expect);
  });

  it('a revocation with no answer (Octokit calls it 500): the step says the old token may or may not have been revoked', async () => {
    world = await startWorld();
    world.github.emulator.injectFault({ method: 'POST', path: '/credentials/revoke', reset: true });
    const run = await runRotatePat(world, rotation(world));
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: GitHub: POST \/credentials\/revoke got no answer \(.*\): the old token may or may not have been revoked\./,
    );
    expect(run.runner.failed).not.toContain('HTTP 500');
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'revoke',
      revocation_requested: false,
    });
    expectNoSecret(run.everything, expect);
  });

  it('a revocation accepted but never seen to take effect: the real status is told and the audit says it was requested', async () => {
    world = await startWorld('never');
    const run = await runRotatePat(world, rotation(world, { 'revoke-within': '1m' }));
    expect(run.runner.failed).toMatch(
      /^keyturn\/rotate-pat: GitHub accepted the revocation of old-token \(202\), but it still works/,
    );
    expect(run.runner.logs.join('\n')).toContain('GitHub accepted the revocation (202);');
    expect(run.events.at(-1)).toMatchObject({
      event: 'secret.rotate.failed',
      stage: 'revoke',
      old_token_revoked: false,
      revocation_requested: true,
    });
    expectNoSecret(run.everything, expect);
  });
});

describe('rotate-pat: dry run and check-only', () => {
  it('a dry run validates and checks every target and the store, and sends nothing that changes anything', async () => {
    world = await startWorld();
    const run = await runRotatePat(world, rotation(world, { 'dry-run': 'true' }));
    expect(run.runner.failed).toBeUndefined();
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
    expect(world.ssm.writes()).toEqual([]);
    expect(run.runner.outputs.revoked).toBe('false');
    expect(run.runner.summary.join('')).toContain('would revoke it and wait up to 10m for 401');
    expect(run.runner.summary.join('')).toContain('0 updated, 0 failed, 3 checked and left unchanged of 3 target(s).');
    expect(run.events).toMatchObject([{ event: 'secret.rotate.skipped', dry_run: true }]);
    expect(await userStatus(world, OLD_TOKEN)).toBe(200);
    expectNoSecret(run.everything, expect);
  });

  it('check-only reports login, kind, expiry and scopes', async () => {
    world = await startWorld();
    world.credentials.profile(OLD_TOKEN, { scopes: ['repo', 'workflow'], expiresAt: START + 30 * DAY });
    const run = await runRotatePat(world, {
      'check-only': 'true',
      token: OLD_TOKEN,
      'github-api-url': world.github.url,
    });
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs).toEqual({
      login: 'rotator',
      'token-type': 'classic',
      'expires-at': '2026-03-31T00:00:00.000Z',
      'days-left': '30',
      scopes: 'repo,workflow',
      revoked: 'false',
    });
    expect(run.runner.summary.join('')).toContain('| rotator | classic | 2026-03-31T00:00:00.000Z | 30 | 7 | ok |');
    expect(world.github.mutatingRequests()).toEqual([]);
    expectNoSecret(run.everything, expect);
  });

  it('check-only fails under min-days-left, and reports a token without expiry as such', async () => {
    world = await startWorld();
    const soon = await runRotatePat(world, {
      'check-only': 'true',
      token: OLD_TOKEN,
      'min-days-left': '14',
      'github-api-url': world.github.url,
    });
    expect(soon.runner.failed).toBe(
      'keyturn/rotate-pat: token expires in 5 day(s) (2026-03-06T00:00:00.000Z), fewer than min-days-left 14. ' +
        'Create a token with a later expiration date.',
    );
    expect(soon.runner.outputs['days-left']).toBe('5');

    world.credentials.profile(OLD_TOKEN, {});
    const never = await runRotatePat(world, {
      'check-only': 'true',
      token: OLD_TOKEN,
      'github-api-url': world.github.url,
    });
    expect(never.runner.failed).toBeUndefined();
    expect(never.runner.outputs).toMatchObject({ 'expires-at': '', 'days-left': '' });
    expect(never.runner.logs).toContain('token: classic token of rotator, does not expire');

    world.github.removeToken(OLD_TOKEN);
    const dead = await runRotatePat(world, {
      'check-only': 'true',
      token: OLD_TOKEN,
      'github-api-url': world.github.url,
    });
    expect(dead.runner.failed).toMatch(/token was refused by GitHub \(401\)/);
    for (const run of [soon, never, dead]) expectNoSecret(run.everything, expect);
  });
});
