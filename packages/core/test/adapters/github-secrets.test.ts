import { createFakeClock, type Target, UpstreamError } from '@keyturn/core';
import { companionTarget, parseTarget } from '@keyturn/core/adapters/destinations';
import { createGitHubClient, githubMessage, githubStatus } from '@keyturn/core/adapters/github-client';
import { GitHubSecretsDestination } from '@keyturn/core/adapters/github-secrets';
import { type GitHubEmulator, SECONDARY_RATE_LIMIT_MESSAGE, startGitHub } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const TOKEN = 'ghp_writer0000000000000000000000000000';
const VALUE = 'kt-canary-3b9f0c1d7e2a';

let github: GitHubEmulator;
let fake: ReturnType<typeof createFakeClock>;
let logs: string[];

function destination(token = TOKEN) {
  const client = createGitHubClient({
    token,
    baseUrl: github.url,
    clock: fake.clock,
    sleep: fake.sleep,
    random: () => 0,
    log: (message) => logs.push(message),
    writePace: false,
  });
  return new GitHubSecretsDestination(client, { notice: (message) => logs.push(message) });
}

const targets = (...lines: string[]): Target[] => lines.map((line) => parseTarget(line));

function requestsTo(pattern: RegExp, method = 'GET') {
  return github.requests.filter((request) => request.method === method && pattern.test(request.path));
}

beforeEach(async () => {
  fake = createFakeClock();
  logs = [];
  github = await startGitHub({ now: fake.clock.now, writeBudget: { writes: 80, windowMs: 60_000 } });
  github.addToken(TOKEN, { login: 'rotator' });
  github.addOrg('acme');
  github.addRepo('acme/api', { environments: ['production', 'staging'] });
  github.addRepo('acme/web');
  github.addRepo('acme/worker');
});

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.close();
});

describe('GitHub secrets destination', () => {
  it('deletes every kind of secret with its DELETE (204), a missing one as absent (404), others kept', async () => {
    const all = targets(
      'github:acme/api/API_TOKEN',
      'github:acme/api@production/API_TOKEN',
      'dependabot:acme/api/API_TOKEN',
      'github-org:acme/API_TOKEN',
      'dependabot-org:acme/API_TOKEN',
    );
    const dest = destination();
    for (const target of all) await dest.write(target, VALUE);
    await dest.write(parseTarget('github:acme/api/OTHER'), VALUE);
    for (const target of all) expect(await dest.delete(target)).toBe('deleted');
    expect(github.repoSecret('acme/api', 'API_TOKEN')).toBeUndefined();
    expect(github.environmentSecret('acme/api', 'production', 'API_TOKEN')).toBeUndefined();
    expect(github.repoSecret('acme/api', 'API_TOKEN', 'dependabot')).toBeUndefined();
    expect(github.orgSecret('acme', 'API_TOKEN')).toBeUndefined();
    expect(github.orgSecret('acme', 'API_TOKEN', 'dependabot')).toBeUndefined();
    expect(github.repoSecret('acme/api', 'OTHER')?.value).toBe(VALUE);
    for (const target of all) expect(await dest.delete(target)).toBe('absent');
    const deletes = github.requests.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(10);
    expect(deletes.every((request) => request.route?.endsWith('/secrets/:name'))).toBe(true);
  });

  it("a new grace companion of an org secret takes that secret's visibility and repositories", async () => {
    github.seedOrgSecret('acme', 'actions', 'API_TOKEN', 'old', 'selected', ['acme/web', 'acme/worker']);
    github.seedOrgSecret('acme', 'dependabot', 'API_TOKEN', 'old', 'all');
    const dest = destination();
    for (const line of ['github-org:acme/API_TOKEN', 'dependabot-org:acme/API_TOKEN']) {
      const companion = companionTarget(parseTarget(line));
      await dest.prepare(companion);
      await dest.write(companion, VALUE);
    }
    expect(github.orgSecret('acme', 'API_TOKEN_PREVIOUS')).toMatchObject({
      value: VALUE,
      visibility: 'selected',
      selectedRepositoryIds: [github.repoId('acme/web'), github.repoId('acme/worker')],
    });
    expect(github.orgSecret('acme', 'API_TOKEN_PREVIOUS', 'dependabot')).toMatchObject({ visibility: 'all' });
    // Without the companion link, a new secret is private.
    await dest.write(parseTarget('github-org:acme/OTHER_PREVIOUS'), VALUE);
    expect(github.orgSecret('acme', 'OTHER_PREVIOUS')?.visibility).toBe('private');
  });

  it("a grace companion must fit GitHub's 100 secrets per repository and environment: checked from the list", async () => {
    for (let index = 0; index < 99; index++) github.seedRepoSecret('acme/api', `S_${index}`, 'x');
    github.seedRepoSecret('acme/api', 'API_TOKEN', 'old');
    for (let index = 0; index < 99; index++) github.seedRepoSecret('acme/api', `S_${index}`, 'x', 'production');
    const dest = destination();
    const full = companionTarget(parseTarget('github:acme/api/API_TOKEN'));
    const roomy = companionTarget(parseTarget('github:acme/api@production/API_TOKEN'));
    const problem = await dest.writesProblem([
      { target: parseTarget('github:acme/api/API_TOKEN'), value: VALUE },
      { target: full, value: VALUE },
      { target: roomy, value: VALUE },
    ]);
    expect(problem).toBe(
      "repository acme/api holds 100 secrets, GitHub's limit, so the grace companion API_TOKEN_PREVIOUS cannot be added (delete a secret there that is no longer used)",
    );
    expect(await dest.writesProblem([{ target: roomy, value: VALUE }])).toBeUndefined();
    // A companion that is already there (a re-run) takes no room.
    github.seedRepoSecret('acme/web', 'API_TOKEN_PREVIOUS', 'old');
    for (let index = 0; index < 99; index++) github.seedRepoSecret('acme/web', `S_${index}`, 'x');
    expect(
      await dest.writesProblem([{ target: companionTarget(parseTarget('github:acme/web/API_TOKEN')), value: VALUE }]),
    ).toBeUndefined();
    // Lists read, nothing written; two pages for 100 names at 100 a page at most.
    expect(github.mutatingRequests()).toEqual([]);
    expect(requestsTo(/\/secrets$/).length).toBeLessThanOrEqual(4);
  });

  it('a delete refused for another reason than 404 fails naming the scope', async () => {
    github.addToken('ghp_reader000000000000000000000000000', { login: 'reader', readOnly: true });
    const dest = destination();
    await dest.write(parseTarget('github:acme/api/API_TOKEN'), VALUE);
    const error = await destination('ghp_reader000000000000000000000000000')
      .delete(parseTarget('github:acme/api/API_TOKEN'))
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toContain('acme/api');
    expect(github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(VALUE);
  });

  it('writes every kind of target, sealed so GitHub opens the same plaintext', async () => {
    const all = targets(
      'github:acme/api/API_TOKEN',
      'github:acme/api@production/API_TOKEN',
      'dependabot:acme/api/API_TOKEN',
      'github-org:acme/API_TOKEN',
      'dependabot-org:acme/API_TOKEN',
    );
    const dest = destination();
    for (const target of all) {
      expect(dest.handles(target)).toBe(true);
      await dest.write(target, VALUE);
    }
    expect(github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(VALUE);
    expect(github.environmentSecret('acme/api', 'production', 'API_TOKEN')?.value).toBe(VALUE);
    expect(github.repoSecret('acme/api', 'API_TOKEN', 'dependabot')?.value).toBe(VALUE);
    expect(github.orgSecret('acme', 'API_TOKEN')).toMatchObject({ value: VALUE, visibility: 'private' });
    expect(github.orgSecret('acme', 'API_TOKEN', 'dependabot')).toMatchObject({ value: VALUE, visibility: 'private' });
    expect(dest.handles(parseTarget('heroku:my-app/API_TOKEN'))).toBe(false);
  });

  it('asks for each scope’s public key once, however many targets share it and however concurrent', async () => {
    const lines = ['A', 'B', 'C', 'D'].flatMap((name) => [
      `github:acme/api/${name}`,
      `github:acme/web/${name}`,
      `github:acme/api@staging/${name}`,
    ]);
    const dest = destination();
    await Promise.all(targets(...lines).map((target) => dest.write(target, VALUE)));
    expect(requestsTo(/^\/repos\/acme\/api\/actions\/secrets\/public-key$/)).toHaveLength(1);
    expect(requestsTo(/^\/repos\/acme\/web\/actions\/secrets\/public-key$/)).toHaveLength(1);
    expect(requestsTo(/\/environments\/staging\/secrets\/public-key$/)).toHaveLength(1);
    expect(github.mutatingRequests()).toHaveLength(12);
  });

  it('keeps an existing org secret’s visibility and selected repositories', async () => {
    github.seedOrgSecret('acme', 'actions', 'SHARED', 'old', 'selected', ['acme/web', 'acme/worker']);
    github.seedOrgSecret('acme', 'dependabot', 'SHARED', 'old', 'all');
    const dest = destination();
    await dest.write(parseTarget('github-org:acme/SHARED'), VALUE);
    await dest.write(parseTarget('dependabot-org:acme/SHARED'), VALUE);
    expect(github.orgSecret('acme', 'SHARED')).toMatchObject({
      value: VALUE,
      visibility: 'selected',
      selectedRepositoryIds: [github.repoId('acme/web'), github.repoId('acme/worker')],
    });
    expect(github.orgSecret('acme', 'SHARED', 'dependabot')).toMatchObject({ value: VALUE, visibility: 'all' });
  });

  it('keeps an existing org secret’s access even when the line asks for another, and says so', async () => {
    github.seedOrgSecret('acme', 'actions', 'SHARED', 'old', 'selected', ['acme/web', 'acme/worker']);
    await destination().write(parseTarget('github-org:acme/SHARED?visibility=private'), VALUE);
    expect(github.orgSecret('acme', 'SHARED')).toMatchObject({ value: VALUE, visibility: 'selected' });
    expect(github.orgSecret('acme', 'SHARED')?.selectedRepositoryIds).toHaveLength(2);
    expect(logs).toContain(
      'github-org:acme/SHARED?visibility=private: the secret exists with visibility selected, which is kept; ' +
        '?visibility=private only shapes a new secret',
    );
  });

  it('reads every page of a large selection before writing', async () => {
    const repos = Array.from({ length: 130 }, (_, index) => `acme/svc-${index}`);
    for (const repo of repos) github.addRepo(repo);
    github.seedOrgSecret('acme', 'dependabot', 'WIDE', 'old', 'selected', repos);
    await destination().write(parseTarget('dependabot-org:acme/WIDE'), VALUE);
    const secret = github.orgSecret('acme', 'WIDE', 'dependabot');
    expect(secret?.selectedRepositoryIds).toHaveLength(130);
    expect(secret?.selectedRepositoryIds).toEqual(repos.map((repo) => github.repoId(repo)));
    expect(requestsTo(/\/WIDE\/repositories$/)).toHaveLength(2);
  });

  it('gives a new org secret the visibility its line asks for, resolving repository ids', async () => {
    const dest = destination();
    await dest.write(parseTarget('github-org:acme/NEW?visibility=selected&repos=api,worker'), VALUE);
    await dest.write(parseTarget('dependabot-org:acme/NEW?visibility=all'), VALUE);
    expect(github.orgSecret('acme', 'NEW')).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: [github.repoId('acme/api'), github.repoId('acme/worker')],
    });
    expect(github.orgSecret('acme', 'NEW', 'dependabot')?.visibility).toBe('all');
  });

  it('prepares without writing, and reports an unknown repository or environment as not found', async () => {
    const dest = destination();
    await dest.prepare(parseTarget('github:acme/api/OK'));
    const missing = await dest.prepare(parseTarget('github:acme/nope/X')).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(UpstreamError);
    expect((missing as UpstreamError).status).toBe(404);
    expect((missing as Error).message).toContain('repository acme/nope was not found');
    const noEnv = await dest.prepare(parseTarget('github:acme/api@qa/X')).catch((error: unknown) => error);
    expect((noEnv as Error).message).toContain('environment qa of acme/api was not found');
    expect(github.mutatingRequests()).toEqual([]);
  });

  it('says a refused token is the problem', async () => {
    const error = await destination('ghp_wrong')
      .write(parseTarget('github:acme/api/X'), VALUE)
      .catch((caught: unknown) => caught);
    expect((error as UpstreamError).status).toBe(401);
    expect((error as Error).message).toContain('check github-token');
  });

  it('waits out a secondary rate limit (403 + retry-after) with the injected sleep', async () => {
    github.emulator.injectFault({
      method: 'PUT',
      status: 403,
      headers: { 'retry-after': '30' },
      body: { message: SECONDARY_RATE_LIMIT_MESSAGE, documentation_url: 'https://docs.github.com/rest' },
      times: 2,
    });
    await destination().write(parseTarget('github:acme/api/X'), VALUE);
    expect(github.repoSecret('acme/api', 'X')?.value).toBe(VALUE);
    expect(fake.sleeps).toEqual([30_000, 30_000]);
    expect(logs.join('\n')).toContain('secondary rate limit');
  });

  it('waits out the emulator’s own write budget, as GitHub enforces it', async () => {
    const dest = destination();
    const many = targets(...Array.from({ length: 85 }, (_, index) => `github:acme/api/S${index}`));
    await Promise.all(many.map((target) => dest.write(target, VALUE)));
    expect(github.rateLimited).toBeGreaterThan(0);
    expect(github.repoSecret('acme/api', 'S84')?.value).toBe(VALUE);
    expect(fake.sleeps.every((ms) => ms >= 1_000)).toBe(true);
  });

  it('waits for x-ratelimit-reset when the primary rate limit is spent', async () => {
    // The throttling plugin reads the reset against the real clock.
    const reset = Math.floor(Date.now() / 1000) + 30;
    github.emulator.injectFault({
      method: 'GET',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for user ID 1.' },
      times: 1,
    });
    await destination().write(parseTarget('github:acme/api/X'), VALUE);
    expect(github.repoSecret('acme/api', 'X')?.value).toBe(VALUE);
    expect(fake.sleeps).toHaveLength(1);
    expect(fake.sleeps[0]).toBeGreaterThanOrEqual(29_000);
    expect(fake.sleeps[0]).toBeLessThanOrEqual(32_000);
  });

  it('gives up on a secondary rate limit that never lifts, after a bounded number of waits', async () => {
    github.emulator.injectFault({
      method: 'PUT',
      status: 429,
      headers: { 'retry-after': '5' },
      body: { message: SECONDARY_RATE_LIMIT_MESSAGE },
    });
    const error = await destination()
      .write(parseTarget('github:acme/api/X'), VALUE)
      .catch((caught: unknown) => caught);
    expect((error as UpstreamError).status).toBe(429);
    expect(requestsTo(/secrets\/X$/, 'PUT')).toHaveLength(6);
    expect(fake.sleeps).toEqual([5_000, 5_000, 5_000, 5_000, 5_000]);
  });

  // GitHub answers a secret's PUT 201 or 204. A 200 (a proxy's page, a
  // body that trickles past the deadline) did not store the value: a
  // rotate-pat that took it for done revoked the old token too early.
  it.each([
    ['a 200 page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>OK</html>' }],
    ['a trickled 200', { status: 200, body: { padding: 'x'.repeat(500) }, trickleMs: 1 }],
    ['a 202', { status: 202, body: {} }],
  ])('does not count %s to a PUT as stored', async (_, fault) => {
    github.emulator.injectFault({ method: 'PUT', ...fault });
    const error = await destination()
      .write(parseTarget('github:acme/api/X'), VALUE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toMatch(/not 201 or 204/);
    expect(github.repoSecret('acme/api', 'X')).toBeUndefined();
  });

  // GitHub answers a secret's DELETE 204. A 200 page did not delete it: a grace
  // window closed on it would clear the store's mark with the companion still there.
  it.each([
    ['a 200 page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>OK</html>' }],
    ['a trickled 200', { status: 200, body: { padding: 'x'.repeat(500) }, trickleMs: 1 }],
  ])('does not count %s to a DELETE as deleted', async (_, fault) => {
    const dest = destination();
    await dest.write(parseTarget('github:acme/api/X_PREVIOUS'), VALUE);
    github.emulator.injectFault({ method: 'DELETE', ...fault });
    const error = await dest.delete(parseTarget('github:acme/api/X_PREVIOUS')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toMatch(/answered 200, not 204/);
    expect(github.repoSecret('acme/api', 'X_PREVIOUS')?.value).toBe(VALUE);
  });

  it('retries a 429 and a 502, honouring Retry-After, then succeeds', async () => {
    github.emulator.injectFault({ method: 'PUT', status: 429, headers: { 'retry-after': '7' }, times: 1 });
    github.emulator.injectFault({ method: 'PUT', status: 502, times: 1 });
    await destination().write(parseTarget('github:acme/api/X'), VALUE);
    expect(github.repoSecret('acme/api', 'X')?.value).toBe(VALUE);
    expect(fake.sleeps[0]).toBe(7_000);
    expect(fake.sleeps).toHaveLength(2);
  });

  it('retries a connection dropped without an answer', async () => {
    github.emulator.injectFault({ method: 'PUT', reset: true, times: 1 });
    await destination().write(parseTarget('github:acme/api/X'), VALUE);
    expect(github.repoSecret('acme/api', 'X')?.value).toBe(VALUE);
    expect(requestsTo(/secrets\/X$/, 'PUT')).toHaveLength(2);
    expect(fake.sleeps).toHaveLength(1);
  });

  it('gives up on a server that keeps failing, without real waiting', async () => {
    github.emulator.injectFault({ method: 'PUT', status: 503 });
    const error = await destination()
      .write(parseTarget('github:acme/api/X'), VALUE)
      .catch((caught: unknown) => caught);
    expect((error as UpstreamError).status).toBe(503);
    expect(requestsTo(/secrets\/X$/, 'PUT').length).toBe(6);
  });

  it('never sends the plaintext over the wire', async () => {
    await destination().write(parseTarget('github-org:acme/X'), VALUE);
    const wire = github.requests.map((request) => request.body).join('\n');
    expect(wire).not.toContain(VALUE);
    expect(wire).not.toContain(Buffer.from(VALUE).toString('base64'));
  });
});

describe('GitHub errors', () => {
  it('reads no status from a request that got no answer, though Octokit calls it 500', async () => {
    github.emulator.injectFault({ reset: true });
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: github.url,
      clock: fake.clock,
      sleep: fake.sleep,
      policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalTimeMs: 1 },
    });
    const error = await client.rest.users.getAuthenticated().catch((caught: unknown) => caught);
    expect((error as { status?: number }).status).toBe(500);
    expect(githubStatus(error)).toBeUndefined();
  });

  it('keeps GitHub’s message without the documentation link', () => {
    expect(githubMessage(new Error('Not Found - https://docs.github.com/rest/repos/repos#get-a-repository'))).toBe(
      'Not Found',
    );
  });
});
