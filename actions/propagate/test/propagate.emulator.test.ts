import { SECONDARY_RATE_LIMIT_MESSAGE } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, HEROKU_NEIGHBOUR, runPropagate, startWorld, type World } from './helpers';

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  expect(world.github.violations).toEqual([]);
  expect(world.heroku.emulator.violations).toEqual([]);
  await world.close();
});

const EVERY_KIND = [
  'github:acme/api/API_TOKEN',
  'github:acme/api@production/API_TOKEN',
  'github-org:acme/API_TOKEN',
  'dependabot:acme/api/API_TOKEN',
  'dependabot-org:acme/API_TOKEN',
  'heroku:acme-api/API_TOKEN',
].join('\n');

function expectNoCanary(text: string) {
  for (const secret of [CANARY, HEROKU_NEIGHBOUR]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

describe('propagate, through the real clients, to the GitHub and Heroku emulators', () => {
  it('updates every kind of target and reports each one', async () => {
    const run = await runPropagate(world, { value: CANARY, targets: EVERY_KIND });
    expect(run.runner.failed).toBeUndefined();
    expect(run.ok).toBe(true);
    const { github, heroku } = world;
    expect(github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);
    expect(github.environmentSecret('acme/api', 'production', 'API_TOKEN')?.value).toBe(CANARY);
    expect(github.orgSecret('acme', 'API_TOKEN')).toMatchObject({ value: CANARY, visibility: 'private' });
    expect(github.repoSecret('acme/api', 'API_TOKEN', 'dependabot')?.value).toBe(CANARY);
    expect(github.orgSecret('acme', 'API_TOKEN', 'dependabot')?.value).toBe(CANARY);
    expect(heroku.configVars('acme-api')).toEqual({ DATABASE_URL: HEROKU_NEIGHBOUR, API_TOKEN: CANARY });

    expect(run.runner.outputs.updated).toBe('6');
    expect(run.runner.outputs.failed).toBe('0');
    expect(run.report.map((row) => row.outcome)).toEqual(Array(6).fill('updated'));
    expect(run.runner.summary.join('')).toContain('| heroku:acme-api/API_TOKEN | updated |  |');
    expect(JSON.parse(run.audit)).toMatchObject({
      event: 'secret.propagate.completed',
      outcome: 'success',
      updated: 6,
      failed: 0,
    });
    expect(run.runner.masked).toContain(CANARY);
    expectNoCanary(run.everything);
  });

  it('keeps going past a failing target, then fails the step with a per-target report', async () => {
    const targets = [
      'github:acme/api/API_TOKEN',
      'github:acme/missing-repo/API_TOKEN',
      'heroku:no-such-app/API_TOKEN',
      'github:acme/web/API_TOKEN',
      'heroku:acme-api/API_TOKEN',
    ].join('\n');
    const run = await runPropagate(world, { value: CANARY, targets });
    expect(run.ok).toBe(false);
    expect(world.github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);
    expect(world.github.repoSecret('acme/web', 'API_TOKEN')?.value).toBe(CANARY);
    expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(CANARY);
    expect(run.runner.outputs).toMatchObject({ updated: '3', failed: '2' });
    expect(run.report).toEqual([
      { target: 'github:acme/api/API_TOKEN', outcome: 'updated' },
      {
        target: 'github:acme/missing-repo/API_TOKEN',
        outcome: 'failed',
        reason: expect.stringContaining('GitHub (HTTP 404): repository acme/missing-repo was not found'),
      },
      {
        target: 'heroku:no-such-app/API_TOKEN',
        outcome: 'failed',
        reason: expect.stringContaining("Heroku (HTTP 404): app 'no-such-app' was not found"),
      },
      { target: 'github:acme/web/API_TOKEN', outcome: 'updated' },
      { target: 'heroku:acme-api/API_TOKEN', outcome: 'updated' },
    ]);
    expect(run.runner.failed).toMatch(
      /^keyturn\/propagate: 2 of 5 target\(s\) failed \(3 updated\):\n {2}github:acme\/missing-repo\/API_TOKEN: GitHub \(HTTP 404\)/,
    );
    expect(run.runner.failed).toContain('\n  heroku:no-such-app/API_TOKEN: Heroku (HTTP 404)');
    expect(JSON.parse(run.audit)).toMatchObject({ event: 'secret.propagate.failed', outcome: 'failure', failed: 2 });
    expectNoCanary(run.everything);
  });

  it('converges when run again after a target failed', async () => {
    const targets = ['github:acme/api/API_TOKEN', 'github:acme/web/API_TOKEN', 'heroku:acme-api/API_TOKEN'].join('\n');
    world.github.emulator.injectFault({
      method: 'PUT',
      path: '/repos/acme/web/actions/secrets/API_TOKEN',
      status: 500,
    });
    const first = await runPropagate(world, { value: CANARY, targets });
    expect(first.ok).toBe(false);
    expect(first.report.map((row) => row.outcome)).toEqual(['updated', 'failed', 'updated']);
    expect(world.github.repoSecret('acme/web', 'API_TOKEN')).toBeUndefined();
    world.github.emulator.clearFaults();
    const second = await runPropagate(world, { value: CANARY, targets });
    expect(second.ok).toBe(true);
    expect(world.github.repoSecret('acme/web', 'API_TOKEN')?.value).toBe(CANARY);
    expect(world.github.repoSecret('acme/api', 'API_TOKEN')).toMatchObject({ value: CANARY, writes: 2 });
  });

  it('with fail-fast, starts no target after the first failure', async () => {
    const targets = ['github:acme/missing-repo/X', 'github:acme/api/X', 'github:acme/web/X'].join('\n');
    const run = await runPropagate(world, { value: CANARY, targets, 'fail-fast': 'true', concurrency: '1' });
    expect(run.ok).toBe(false);
    expect(run.report.map((row) => row.outcome)).toEqual(['failed', 'skipped', 'skipped']);
    expect(world.github.mutatingRequests()).toEqual([]);
  });

  it('in a dry run reads every key and checks every app, and changes nothing', async () => {
    const run = await runPropagate(world, { value: CANARY, targets: EVERY_KIND, 'dry-run': 'true' });
    expect(run.ok).toBe(true);
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
    expect(world.github.requests.filter((request) => request.path.endsWith('/public-key'))).toHaveLength(5);
    expect(world.heroku.emulator.requests).toHaveLength(1);
    expect(run.report.map((row) => row.outcome)).toEqual(Array(6).fill('unchanged-in-dry-run'));
    expect(run.runner.summary.join('')).toContain('(dry run)');
    expect(JSON.parse(run.audit)).toMatchObject({ outcome: 'skipped', dry_run: true });
  });

  it('a dry run still reports a target it could not write', async () => {
    const run = await runPropagate(world, {
      value: CANARY,
      targets: 'github:acme/api@qa/X\nheroku:acme-api/X',
      'dry-run': 'true',
    });
    expect(run.ok).toBe(false);
    expect(run.report[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('environment qa') });
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
  });

  it('waits out a secondary rate limit and a Heroku 429 with the injected sleep', async () => {
    world.github.emulator.injectFault({
      method: 'PUT',
      status: 403,
      headers: { 'retry-after': '42' },
      body: { message: SECONDARY_RATE_LIMIT_MESSAGE },
      times: 1,
    });
    world.heroku.emulator.injectFault({
      method: 'PATCH',
      status: 429,
      headers: { 'ratelimit-remaining': '0' },
      times: 1,
    });
    const run = await runPropagate(world, {
      value: CANARY,
      targets: 'github:acme/api/API_TOKEN\nheroku:acme-api/API_TOKEN',
    });
    expect(run.ok).toBe(true);
    expect(world.time.sleeps.some((ms) => ms >= 42_000 && ms < 43_000)).toBe(true);
    expect(world.time.sleeps.length).toBe(2);
    expect(world.github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);
    expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(CANARY);
  });

  it('keeps an existing org secret’s visibility and repositories', async () => {
    world.github.seedOrgSecret('acme', 'actions', 'API_TOKEN', 'old', 'selected', ['acme/web']);
    const run = await runPropagate(world, { value: CANARY, targets: 'github-org:acme/API_TOKEN' });
    expect(run.ok).toBe(true);
    expect(world.github.orgSecret('acme', 'API_TOKEN')).toMatchObject({
      value: CANARY,
      visibility: 'selected',
      selectedRepositoryIds: [world.github.repoId('acme/web')],
    });
  });
});
