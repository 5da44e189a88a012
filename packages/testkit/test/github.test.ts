import { createFakeClock } from '@keyturn/core';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorRequest } from '../src/emulator';
import { type GitHubEmulator, githubError, SECONDARY_RATE_LIMIT_MESSAGE, startGitHub } from '../src/github';
import { findGitHubOperation, validateGitHubRequest } from '../src/github-openapi';

const TOKEN = 'ghp_emulator_test_token_000000000000000';

let github: GitHubEmulator;
let time: ReturnType<typeof createFakeClock>;

async function call(method: string, path: string, body?: unknown, token: string | undefined = TOKEN) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

async function sealedFor(path: string, value: string) {
  const { json } = await call('GET', path);
  await sodium.ready;
  const key = sodium.from_base64(json.key, sodium.base64_variants.ORIGINAL);
  return {
    key_id: json.key_id as string,
    encrypted_value: sodium.to_base64(sodium.crypto_box_seal(value, key), sodium.base64_variants.ORIGINAL),
  };
}

function request(method: string, path: string, body?: unknown): EmulatorRequest {
  return {
    method,
    path,
    query: new URLSearchParams(),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
    route: undefined,
    fault: undefined,
  };
}

beforeEach(async () => {
  time = createFakeClock();
  github = await startGitHub({ now: time.clock.now, writeBudget: { writes: 3, windowMs: 60_000 } });
  github.addToken(TOKEN, { login: 'octocat' });
  github.addToken('ghp_reader', { login: 'reader', readOnly: true });
  github.addToken('ghp_narrow', { login: 'narrow', access: ['acme/web'] });
  github.addOrg('acme');
  github.addRepo('acme/api', { environments: ['production'] });
  github.addRepo('acme/web');
});

afterEach(async () => {
  await github.close();
});

describe('the OpenAPI validator', () => {
  it('finds operations in GitHub’s description, preferring literal segments', () => {
    expect(findGitHubOperation('GET', '/repos/a/b/actions/secrets/public-key')).toMatchObject({
      template: '/repos/{owner}/{repo}/actions/secrets/public-key',
      operationId: 'actions/get-repo-public-key',
    });
    expect(findGitHubOperation('PUT', '/orgs/acme/dependabot/secrets/X')?.operationId).toBe(
      'dependabot/create-or-update-org-secret',
    );
    expect(findGitHubOperation('POST', '/repos/a/b/actions/secrets/X')).toBeUndefined();
  });

  it('accepts a well-formed secret write and names each departure from the description', () => {
    const good = { encrypted_value: 'c2VjcmV0', key_id: '1' };
    expect(validateGitHubRequest(request('PUT', '/repos/a/b/actions/secrets/X', good))).toEqual([]);
    expect(validateGitHubRequest(request('PUT', '/repos/a/b/actions/secret/X', good))).toEqual([
      "GitHub's API has no path like /repos/a/b/actions/secret/X",
    ]);
    expect(validateGitHubRequest(request('POST', '/repos/a/b/actions/secrets/X', good))[0]).toMatch(/has no POST/);
    expect(validateGitHubRequest(request('PUT', '/repos/a/b/actions/secrets/X', { key_id: '1' }))).toEqual([
      "body lacks the required field 'encrypted_value'",
    ]);
    expect(
      validateGitHubRequest(
        request('PUT', '/repos/a/b/environments/prod/secrets/X', { encrypted_value: 'not base64!' }),
      ),
    ).toEqual([
      "body lacks the required field 'key_id'",
      expect.stringMatching(/^body\.encrypted_value does not match the pattern/),
    ]);
    expect(validateGitHubRequest(request('PUT', '/orgs/acme/actions/secrets/X', good))).toEqual([
      "body lacks the required field 'visibility'",
    ]);
    expect(
      validateGitHubRequest(request('PUT', '/orgs/acme/actions/secrets/X', { ...good, visibility: 'internal' }))[0],
    ).toMatch(/body\.visibility is "internal", not one of/);
    expect(
      validateGitHubRequest(
        request('PUT', '/orgs/acme/actions/secrets/X', {
          ...good,
          visibility: 'selected',
          selected_repository_ids: [true],
        }),
      ),
    ).toEqual(['body.selected_repository_ids[0] matches none of the allowed shapes']);
    expect(validateGitHubRequest(request('PUT', '/orgs/acme/actions/secrets/X'))).toEqual([
      'the request body is required but empty',
    ]);
  });

  it('checks path and query parameter types', () => {
    const bad = request('GET', '/orgs/acme/actions/secrets/X/repositories');
    bad.query = new URLSearchParams({ per_page: 'many' });
    expect(validateGitHubRequest(bad)).toEqual(['query parameter per_page is string, GitHub expects integer']);
  });

  it('records a violation for every request the emulator gets that GitHub would not accept', async () => {
    await call('PUT', '/repos/acme/api/actions/secrets/X', { key_id: 'k' });
    expect(github.violations).toEqual([
      "PUT /repos/acme/api/actions/secrets/X: body lacks the required field 'encrypted_value'",
    ]);
  });
});

describe('the GitHub emulator', () => {
  it('stores the plaintext of a value sealed for the scope’s key, and refuses one sealed for another', async () => {
    const sealed = await sealedFor('/repos/acme/api/actions/secrets/public-key', 'hello');
    expect((await call('PUT', '/repos/acme/api/actions/secrets/api_token', sealed)).status).toBe(201);
    expect((await call('PUT', '/repos/acme/api/actions/secrets/API_TOKEN', sealed)).status).toBe(204);
    expect(github.repoSecret('acme/api', 'API_TOKEN')).toMatchObject({ value: 'hello', writes: 2 });
    const wrongKey = await sealedFor('/repos/acme/web/actions/secrets/public-key', 'hello');
    expect((await call('PUT', '/repos/acme/api/actions/secrets/X', wrongKey)).status).toBe(422);
    expect(github.violations).toEqual([]);
  });

  it('keeps environments and Dependabot apart from Actions secrets, each with its own key', async () => {
    const keys = await Promise.all(
      [
        '/repos/acme/api/actions/secrets/public-key',
        '/repos/acme/api/dependabot/secrets/public-key',
        '/repos/acme/api/environments/production/secrets/public-key',
        '/orgs/acme/actions/secrets/public-key',
        '/orgs/acme/dependabot/secrets/public-key',
      ].map((path) => call('GET', path)),
    );
    expect(new Set(keys.map((key) => key.json.key_id)).size).toBe(5);
    expect((await call('GET', '/repos/acme/api/environments/qa/secrets/public-key')).status).toBe(404);
  });

  it('checks the token: 401 without a good one, 404 for what it cannot see, 403 for a read-only write', async () => {
    expect((await call('GET', '/repos/acme/api/actions/secrets/public-key', undefined, '')).status).toBe(401);
    const bad = await call('GET', '/repos/acme/api/actions/secrets/public-key', undefined, 'ghp_nope');
    expect(bad).toMatchObject({ status: 401, json: { message: 'Bad credentials' } });
    expect((await call('GET', '/repos/acme/api', undefined, 'ghp_narrow')).status).toBe(404);
    expect((await call('GET', '/repos/acme/web', undefined, 'ghp_narrow')).status).toBe(200);
    expect((await call('GET', '/repos/acme/unknown')).status).toBe(404);
    const sealed = await sealedFor('/repos/acme/api/actions/secrets/public-key', 'v');
    const readOnly = await call('PUT', '/repos/acme/api/actions/secrets/X', sealed, 'ghp_reader');
    expect(readOnly.status).toBe(403);
  });

  it('keeps an org secret’s selection only when the PUT sends the ids back, as GitHub does', async () => {
    github.seedOrgSecret('acme', 'actions', 'SHARED', 'old', 'selected', ['acme/web']);
    const meta = await call('GET', '/orgs/acme/actions/secrets/SHARED');
    expect(meta.json).toMatchObject({ name: 'SHARED', visibility: 'selected' });
    const listed = await call('GET', '/orgs/acme/actions/secrets/SHARED/repositories');
    expect(listed.json.repositories.map((repo: { full_name: string }) => repo.full_name)).toEqual(['acme/web']);
    const sealed = await sealedFor('/orgs/acme/actions/secrets/public-key', 'new');
    await call('PUT', '/orgs/acme/actions/secrets/SHARED', { ...sealed, visibility: 'selected' });
    expect(github.orgSecret('acme', 'SHARED')).toMatchObject({ value: 'new', selectedRepositoryIds: [] });
    expect(github.violations).toEqual([]);
  });

  it('answers writes past the budget with GitHub’s secondary-rate-limit 403 until the window passes', async () => {
    const sealed = await sealedFor('/repos/acme/api/actions/secrets/public-key', 'v');
    for (let i = 0; i < 3; i++) {
      expect((await call('PUT', `/repos/acme/api/actions/secrets/S${i}`, sealed)).status).toBe(201);
    }
    time.advance(20_000);
    const limited = await call('PUT', '/repos/acme/api/actions/secrets/S3', sealed);
    expect(limited.status).toBe(403);
    expect(limited.json.message).toBe(SECONDARY_RATE_LIMIT_MESSAGE);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect((await call('GET', '/repos/acme/api/actions/secrets/public-key')).status).toBe(200);
    time.advance(40_000);
    expect((await call('PUT', '/repos/acme/api/actions/secrets/S3', sealed)).status).toBe(201);
    expect(github.rateLimited).toBe(1);
  });

  it('takes extra routes that reuse its token check', async () => {
    const extended = await startGitHub({
      extraRoutes: (gh) => [
        {
          method: 'GET',
          path: '/user',
          handler: (req) => {
            const auth = gh.authenticate(req);
            return auth ? { status: 200, body: { login: auth.options.login } } : githubError(401, 'Bad credentials');
          },
        },
      ],
    });
    try {
      extended.addToken('ghp_x', { login: 'octocat' });
      const response = await fetch(`${extended.url}/user`, { headers: { authorization: 'token ghp_x' } });
      expect(await response.json()).toEqual({ login: 'octocat' });
      expect(extended.violations).toEqual([]);
    } finally {
      await extended.close();
    }
  });
});
