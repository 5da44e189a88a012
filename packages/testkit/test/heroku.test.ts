import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HerokuEmulator, startHeroku } from '../src/heroku';

const KEY = 'heroku-emulator-key';
const V3 = 'application/vnd.heroku+json; version=3';

let heroku: HerokuEmulator;

async function call(method: string, path: string, options: { body?: unknown; key?: string; accept?: string } = {}) {
  const response = await fetch(`${heroku.url}${path}`, {
    method,
    headers: {
      accept: options.accept ?? V3,
      authorization: `Bearer ${options.key ?? KEY}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

beforeEach(async () => {
  heroku = await startHeroku({ rateLimit: 5 });
  heroku.addApiKey(KEY);
  heroku.addApiKey('narrow-key', ['other-app']);
  heroku.addApp('acme-api', { DATABASE_URL: 'postgres://x', API_TOKEN: 'old' });
  heroku.addApp('other-app');
});

afterEach(async () => {
  await heroku.close();
});

describe('the Heroku emulator', () => {
  it('answers GET and PATCH with the whole config map, as Heroku does', async () => {
    expect((await call('GET', '/apps/acme-api/config-vars')).json).toEqual({
      DATABASE_URL: 'postgres://x',
      API_TOKEN: 'old',
    });
    const patched = await call('PATCH', '/apps/acme-api/config-vars', { body: { API_TOKEN: 'new', GONE: null } });
    expect(patched.json).toEqual({ DATABASE_URL: 'postgres://x', API_TOKEN: 'new' });
    expect(heroku.configVars('acme-api')).toEqual({ DATABASE_URL: 'postgres://x', API_TOKEN: 'new' });
    expect(heroku.emulator.violations).toEqual([]);
  });

  it('accepts heroku-client’s Basic auth with the key as password', async () => {
    const response = await fetch(`${heroku.url}/apps/acme-api/config-vars`, {
      headers: { accept: V3, authorization: `Basic ${Buffer.from(`:${KEY}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
  });

  it('answers 401 for a bad key, 403 for an app the key may not touch, 404 for an unknown app', async () => {
    expect((await call('GET', '/apps/acme-api/config-vars', { key: 'nope' })).json.id).toBe('unauthorized');
    expect((await call('GET', '/apps/acme-api/config-vars', { key: 'narrow-key' })).status).toBe(403);
    expect((await call('GET', '/apps/no-app/config-vars')).json).toEqual({
      id: 'not_found',
      message: "Couldn't find that app.",
    });
  });

  it('counts RateLimit-Remaining down and answers 429 when it reaches 0', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 5; i++)
      seen.push((await call('GET', '/apps/acme-api/config-vars')).headers.get('ratelimit-remaining') ?? '');
    expect(seen).toEqual(['4', '3', '2', '1', '0']);
    const limited = await call('GET', '/apps/acme-api/config-vars');
    expect(limited.status).toBe(429);
    expect(limited.json.id).toBe('rate_limit');
    heroku.setRateLimitRemaining(1);
    expect((await call('GET', '/apps/acme-api/config-vars')).status).toBe(200);
  });

  it('records a violation for a request without the v3 Accept header or with a bad body', async () => {
    await call('GET', '/apps/acme-api/config-vars', { accept: 'application/json' });
    await call('PATCH', '/apps/acme-api/config-vars', { body: { 'BAD-NAME': 1 } });
    expect(heroku.emulator.violations).toEqual([
      "GET /apps/acme-api/config-vars: Accept is 'application/json', not application/vnd.heroku+json; version=3",
      "PATCH /apps/acme-api/config-vars: config var name 'BAD-NAME' is not \\w+",
      "PATCH /apps/acme-api/config-vars: config var 'BAD-NAME' is not a string or null",
    ]);
  });

  it('refuses config past 32 KB', async () => {
    const big = await call('PATCH', '/apps/acme-api/config-vars', { body: { BLOB: 'x'.repeat(33 * 1024) } });
    expect(big.status).toBe(422);
    expect(heroku.configVars('acme-api')?.BLOB).toBeUndefined();
  });
});
