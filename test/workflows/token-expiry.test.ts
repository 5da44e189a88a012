/**
 * keyturn-token-expiry.yml run from the example caller (secrets: inherit) on
 * a schedule: rotate-pat check-only, as its committed bundle, against the
 * GitHub emulator's GET /user with its token-expiration header. One token
 * has 60 days left, one 5: the second fails its job with the date.
 */
import { runWorkflow, startGitHubWithCredentials } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallerRepository, callerRepository, exampleFile, harnessOptions } from './setup';

const DAY = 86_400_000;
const READONLY_PAT = 'ghp_readonlyPatExpiryCanary000000000001';
const DEPLOY_PAT = 'ghp_deployPatExpiryCanary00000000000002';

let caller: CallerRepository;
let world: Awaited<ReturnType<typeof startGitHubWithCredentials>>;
beforeEach(async () => {
  caller = await callerRepository();
  world = await startGitHubWithCredentials();
  const now = Date.now();
  world.github.addToken(READONLY_PAT, { login: 'raxx-bot' });
  world.github.addToken(DEPLOY_PAT, { login: 'deploy-bot' });
  world.credentials.profile(READONLY_PAT, { expiresAt: now + 60 * DAY });
  world.credentials.profile(DEPLOY_PAT, { expiresAt: now + 5 * DAY + 3_600_000 });
});
afterEach(async () => {
  await world.github.close();
  await caller.remove();
});

describe('keyturn-token-expiry.yml', () => {
  it('passes the token with time left and fails the one within min-days-left, naming its expiry', async () => {
    const run = await runWorkflow(exampleFile('token-expiry.yml'), {
      ...harnessOptions(caller, { event: { name: 'schedule' } }),
      secrets: { READONLY_PAT, DEPLOY_PAT, UNRELATED: 'inherited-but-unused-secret' },
      github: { api_url: world.github.url },
    });
    expect(run.conclusion).toBe('failure');
    const readonly = run.step('expiry / check (READONLY_PAT)', 'check');
    expect(readonly.outcome, run.log).toBe('success');
    expect(readonly.outputs.login).toBe('raxx-bot');
    expect(Number(readonly.outputs['days-left'])).toBeGreaterThanOrEqual(59);
    const deploy = run.step('expiry / check (DEPLOY_PAT)', 'check');
    expect(deploy.outcome).toBe('failure');
    expect(deploy.outputs['days-left']).toBe('5');
    // The job is named after the secret (check (DEPLOY_PAT)); the message gives the date.
    expect(deploy.error).toMatch(/token expires in/);
    expect(deploy.error).toContain(deploy.outputs['expires-at']?.slice(0, 10));
    expect(run.job('expiry / list').permissions).toEqual({});
    expect(run.log).not.toContain(READONLY_PAT);
    expect(run.log).not.toContain(DEPLOY_PAT);
    // check-only only reads: GET /user, nothing else.
    expect(world.github.mutatingRequests()).toEqual([]);
  });

  it('a token the list names but the caller never set is a wiring error, not a silent pass', async () => {
    const run = await runWorkflow(exampleFile('token-expiry.yml'), {
      ...harnessOptions(caller, { event: { name: 'schedule' } }),
      secrets: { READONLY_PAT },
      github: { api_url: world.github.url },
    }).catch((error: Error) => error);
    // The example names two secrets; only one exists: the strict secrets context says which.
    expect(String(run)).toMatch(/secrets has no "DEPLOY_PAT"/);
  });
});
