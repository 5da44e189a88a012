import { createFakeClock } from '@keyturn/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../src/github';
import {
  type GitHubCredentials,
  githubExpirationHeader,
  githubResponseProblems,
  type RevocationDelay,
  startGitHubWithCredentials,
} from '../src/github-credentials';

const OLD = 'ghp_kt_old_token_0000000000000000000000000';
const NEW = 'github_pat_kt_new_token_11111111111111111111111';

let github: GitHubEmulator;
let credentials: GitHubCredentials;
let time: ReturnType<typeof createFakeClock>;

async function start(revokeAfter: RevocationDelay) {
  time = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
  ({ github, credentials } = await startGitHubWithCredentials({ now: time.clock.now, revokeAfter }));
  github.addToken(OLD, { login: 'rotator' });
  github.addToken(NEW, { login: 'rotator', access: ['acme/api'] });
  credentials.profile(OLD, { scopes: ['repo', 'workflow'], expiresAt: Date.parse('2026-03-20T12:00:00Z') });
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      ...(token ? { authorization: `token ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.close();
});

describe('GitHub emulator: /user, repository access, /credentials/revoke', () => {
  it('answers /user per token, with scopes and expiry headers only where GitHub sends them', async () => {
    await start({ requests: 0 });
    const old = await call('GET', '/user', OLD);
    expect(old.status).toBe(200);
    expect(old.json.login).toBe('rotator');
    expect(old.headers.get('x-oauth-scopes')).toBe('repo, workflow');
    expect(old.headers.get('github-authentication-token-expiration')).toBe('2026-03-20 12:00:00 UTC');
    expect(githubResponseProblems('GET', '/user', 200, old.json)).toEqual([]);
    expect(githubResponseProblems('GET', '/user', 200, { login: 'rotator' })).not.toEqual([]);
    const fresh = await call('GET', '/user', NEW);
    expect(fresh.headers.get('x-oauth-scopes')).toBeNull();
    expect(fresh.headers.get('github-authentication-token-expiration')).toBeNull();
    expect((await call('GET', '/user', 'ghp_unknown')).status).toBe(401);
    expect((await call('GET', '/user')).status).toBe(401);
  });

  it('answers a repository only to a token that can see it', async () => {
    await start({ requests: 0 });
    github.addRepo('acme/api');
    github.addRepo('acme/web');
    expect((await call('GET', '/repos/acme/api', NEW)).status).toBe(200);
    expect((await call('GET', '/repos/acme/web', NEW)).status).toBe(404);
    expect((await call('GET', '/repos/acme/web', OLD)).status).toBe(200);
  });

  it('revokes after the given number of further /user calls', async () => {
    await start({ requests: 2 });
    const accepted = await call('POST', '/credentials/revoke', undefined, { credentials: [OLD] });
    expect(accepted.status).toBe(202);
    expect(githubResponseProblems('POST', '/credentials/revoke', 202, accepted.json)).toEqual([]);
    expect(credentials.isPending(OLD)).toBe(true);
    expect((await call('GET', '/user', OLD)).status).toBe(200);
    expect((await call('GET', '/user', OLD)).status).toBe(200);
    expect((await call('GET', '/user', OLD)).status).toBe(401);
    expect(credentials.revoked).toEqual([OLD]);
    expect((await call('GET', '/user', NEW)).status).toBe(200);
  });

  it('revokes once emulator time has passed, or never', async () => {
    await start({ ms: 60_000 });
    await call('POST', '/credentials/revoke', undefined, { credentials: [OLD] });
    expect((await call('GET', '/user', OLD)).status).toBe(200);
    await time.sleep(60_000);
    expect((await call('GET', '/user', OLD)).status).toBe(401);

    credentials.revokeAfter = 'never';
    await call('POST', '/credentials/revoke', undefined, { credentials: [NEW] });
    await time.sleep(86_400_000);
    expect((await call('GET', '/user', NEW)).status).toBe(200);
  });

  it('refuses an authenticated revocation (403) and an empty list (422), as GitHub does', async () => {
    await start({ requests: 0 });
    expect((await call('POST', '/credentials/revoke', NEW, { credentials: [OLD] })).status).toBe(403);
    expect((await call('POST', '/credentials/revoke', undefined, { credentials: [] })).status).toBe(422);
    expect((await call('GET', '/user', OLD)).status).toBe(200);
    expect(credentials.revokeRequests()).toHaveLength(2);
  });

  it('records a request GitHub would refuse as a violation', async () => {
    await start({ requests: 0 });
    await call('POST', '/credentials/revoke', undefined, { tokens: [OLD] });
    expect(github.violations).toEqual(["POST /credentials/revoke: body lacks the required field 'credentials'"]);
    github.violations.length = 0;
  });

  it('formats the expiration header as GitHub does', () => {
    expect(githubExpirationHeader(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31 23:59:59 UTC');
  });
});
