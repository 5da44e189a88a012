import { createFakeClock, UpstreamError } from '@keyturn/core';
import { parseTarget } from '@keyturn/core/adapters/destinations';
import { FlySecretsDestination } from '@keyturn/core/adapters/fly';
import { type FlyEmulator, startFly } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const TOKEN = 'fm2_kt-canary-fly-token-4c1a';
const VALUE = 'kt-canary-fly-value-90be';

let fly: FlyEmulator;
let fake: ReturnType<typeof createFakeClock>;
let notices: string[];
let logs: string[];

function destination(token = TOKEN) {
  return new FlySecretsDestination({
    token,
    baseUrl: fly.url,
    clock: fake.clock,
    sleep: fake.sleep,
    random: () => 0,
    log: (message) => logs.push(message),
    notice: (message) => notices.push(message),
  });
}

beforeEach(async () => {
  fake = createFakeClock();
  notices = [];
  logs = [];
  fly = await startFly({ now: fake.clock.now });
  fly.addToken(TOKEN);
  fly.addApp('cloudforge-api', { DATABASE_URL: 'kt-canary-neighbour' });
});

afterEach(async () => {
  expect(fly.emulator.violations).toEqual([]);
  await fly.close();
});

describe('Fly.io secrets destination', () => {
  it('stages the secret without touching machines, and says once per app how to roll them', async () => {
    const dest = destination();
    await dest.write(parseTarget('fly:cloudforge-api/JWT_SIGNING_KEY'), VALUE);
    await dest.write(parseTarget('fly:cloudforge-api/OTHER_KEY'), VALUE);
    expect(fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY')).toBe(VALUE);
    const app = fly.app('cloudforge-api');
    expect(app?.secretsVersion).toBe(3);
    expect(app?.deployedVersion).toBe(1);
    expect(fly.writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/apps/cloudforge-api/secrets/JWT_SIGNING_KEY',
      'POST /v1/apps/cloudforge-api/secrets/OTHER_KEY',
    ]);
    expect(fly.emulator.requests.some((request) => request.path.includes('/machines'))).toBe(false);
    expect(notices).toEqual([
      expect.stringContaining('staged in app cloudforge-api (secrets version 2); its machines keep the old value'),
    ]);
    expect(notices[0]).toContain('fly secrets deploy -a cloudforge-api');
    expect(JSON.stringify(fly.emulator.requests.map((request) => request.path))).not.toContain(VALUE);
  });

  it('checks the app once in prepare, reading names only', async () => {
    const dest = destination();
    await dest.prepare(parseTarget('fly:cloudforge-api/A'));
    await dest.prepare(parseTarget('fly:cloudforge-api/B'));
    expect(fly.emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/apps/cloudforge-api/secrets',
    ]);
    expect(fly.writes()).toEqual([]);
  });

  it('sends a FlyV1 macaroon as it is, and any other token as Bearer', async () => {
    fly.addToken('fm2_macaroon');
    await destination('FlyV1 fm2_macaroon').prepare(parseTarget('fly:cloudforge-api/A'));
    await destination().prepare(parseTarget('fly:cloudforge-api/A'));
    expect(fly.emulator.requests.map((request) => request.headers.authorization)).toEqual([
      'FlyV1 fm2_macaroon',
      `Bearer ${TOKEN}`,
    ]);
  });

  it('waits out a 429 with Retry-After on the injected clock', async () => {
    fly.emulator.injectFault({ method: 'POST', status: 429, headers: { 'retry-after': '3' }, times: 1 });
    await destination().write(parseTarget('fly:cloudforge-api/A'), VALUE);
    expect(fly.secretValue('cloudforge-api', 'A')).toBe(VALUE);
    expect(fake.sleeps[0]).toBeGreaterThanOrEqual(3_000);
  });

  it.each([
    [401, 'nope', /API token was refused; check fly-api-token/],
    [404, TOKEN, /app 'gone-app' was not found/],
  ])('explains a %i without repeating what Fly said', async (_status, token, message) => {
    const error = await destination(token)
      .write(parseTarget('fly:gone-app/A'), VALUE)
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(VALUE);
    expect(fly.writes()).toEqual([]);
  });

  it('refuses a 2xx that is not JSON, without printing it', async () => {
    fly.emulator.injectFault({ method: 'GET', status: 200, body: `<html>${VALUE}</html>`, times: 1 });
    const error = await destination()
      .prepare(parseTarget('fly:cloudforge-api/A'))
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).not.toContain(VALUE);
  });
});
