import { fileURLToPath } from 'node:url';
import { maskedForms } from '@keyturn/core';
import { runBundle, withoutMaskCommands } from '@keyturn/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, expectNoSecret, NEW_TOKEN, OLD_TOKEN, rotation, startWorld, userStatus, type World } from './helpers';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Every debug switch a user might flip: none may make a token reach a log. */
const NOISY_ENV = { DEBUG: '*', RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', NODE_DEBUG: 'http' };

let world: World;
afterEach(async () => {
  expect(world.github.violations).toEqual([]);
  await world.close();
});

/** The bundle runs on the real clock: expiry is set from it, and GitHub
 * revokes at once so the poll never has to wait. */
async function startBundleWorld(): Promise<World> {
  const started = await startWorld({ requests: 0 });
  started.credentials.profile(NEW_TOKEN, { expiresAt: Date.now() + 60 * DAY });
  return started;
}

function env(): Record<string, string> {
  return {
    ...world.env,
    ...NOISY_ENV,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'emulator-secret',
  };
}

describe('rotate-pat dist/index.js, run as the runner runs it', () => {
  it('fails with keyturn’s own message when new-token is missing', async () => {
    world = await startBundleWorld();
    const run = await runBundle(bundle, { inputs: { 'expected-login': 'rotator' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::keyturn/rotate-pat: input 'new-token' is required (unless check-only: true).",
    );
    expect(run.stderr).toBe('');
  });

  it('rotates end to end with debug logging on, never showing either token', async () => {
    world = await startBundleWorld();
    const run = await runBundle(bundle, { inputs: rotation(world), env: env() });
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      login: 'rotator',
      'token-type': 'fine-grained',
      'days-left': '59',
      revoked: 'true',
    });
    expect(world.github.repoSecret('acme/api', 'DEPLOY_TOKEN')?.value).toBe(NEW_TOKEN);
    expect(world.heroku.configVars('acme-api')?.GITHUB_TOKEN_FOR_DEPLOY).toBe(NEW_TOKEN);
    expect(await userStatus(world, OLD_TOKEN)).toBe(401);
    expect(
      run.audit
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).event),
    ).toEqual(['token.revoked', 'secret.rotate.completed']);
    expect(run.stdout).toContain(`::add-mask::${NEW_TOKEN}`);
    expect(run.stdout).toContain(`::add-mask::${OLD_TOKEN}`);
    expectNoSecret(withoutMaskCommands(run.everything), expect);
  });

  it('stops before the revocation when a target fails, and the old token keeps working', async () => {
    world = await startBundleWorld();
    world.github.emulator.injectFault({
      method: 'PUT',
      path: '/repos/acme/api/actions/secrets/DEPLOY_TOKEN',
      status: 422,
    });
    const run = await runBundle(bundle, { inputs: rotation(world), env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::keyturn\/rotate-pat: 1 of 3 target\(s\) failed \(2 updated\)/);
    expect(run.outputs.revoked).toBe('false');
    expect(world.credentials.revokeRequests()).toEqual([]);
    expect(await userStatus(world, OLD_TOKEN)).toBe(200);
    expectNoSecret(withoutMaskCommands(run.everything), expect);
  });

  it("dry run: a Heroku 2xx that is not JSON fails the access check with keyturn's message, no var printed", async () => {
    world = await startBundleWorld();
    const neighbour = 'kt_canary_db_password_3f9a1c7e5b2d4068';
    world.heroku.addApp('acme-api', { GITHUB_TOKEN_FOR_DEPLOY: OLD_TOKEN, DATABASE_URL: neighbour });
    world.heroku.emulator.injectFault({ method: 'GET', path: '/apps/:app/config-vars', bodyPrefix: '\uFEFF' });
    const run = await runBundle(bundle, { inputs: rotation(world, { 'dry-run': 'true' }), env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::keyturn\/rotate-pat: .*Heroku \(HTTP 200\): the answer to GET/);
    expect(run.stderr).not.toMatch(/SyntaxError|Uncaught/);
    expect(run.everything).not.toContain(neighbour);
    expect(run.everything).not.toContain(neighbour.slice(10, 22));
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
    expectNoSecret(withoutMaskCommands(run.everything), expect);
  });

  it('a login from GitHub holding line breaks never starts a workflow command', async () => {
    world = await startBundleWorld();
    const hostile = 'rotator\n::warning::injected\r::add-mask::x';
    world.github.addToken(OLD_TOKEN, { login: hostile });
    world.credentials.profile(OLD_TOKEN, { scopes: ['repo'], expiresAt: Date.now() + 30 * DAY });
    const run = await runBundle(bundle, {
      inputs: { 'check-only': 'true', token: OLD_TOKEN, 'github-api-url': world.github.url },
    });
    expect(run.code).toBe(0);
    const commands = run.stdout
      .split(/\r\n|\r|\n/)
      .filter((line) => line.trimStart().startsWith('::'))
      .filter((line) => !maskedForms(OLD_TOKEN).some((form) => line === `::add-mask::${form}`));
    expect(commands.filter((line) => !/^::(debug|error)::/.test(line))).toEqual([]);
    expect(run.stdout).toContain('%3A%3Awarning::injected');
  });

  it('check-only reports the expiry and fails under min-days-left', async () => {
    world = await startBundleWorld();
    world.credentials.profile(OLD_TOKEN, { scopes: ['repo'], expiresAt: Date.now() + 3 * DAY + 60_000 });
    const run = await runBundle(bundle, {
      inputs: { 'check-only': 'true', token: OLD_TOKEN, 'github-api-url': world.github.url },
      env: NOISY_ENV,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ login: 'rotator', 'token-type': 'classic', 'days-left': '3', scopes: 'repo' });
    expect(run.stdout).toMatch(/::error::keyturn\/rotate-pat: token expires in 3 day\(s\).*fewer than min-days-left 7/);
    expect(world.github.mutatingRequests()).toEqual([]);
    expectNoSecret(withoutMaskCommands(run.everything), expect);
  });
});
