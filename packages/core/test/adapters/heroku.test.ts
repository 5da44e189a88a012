import Module from 'node:module';
import { createFakeClock, UpstreamError } from '@keyturn/core';
import { parseTarget } from '@keyturn/core/adapters/destinations';
import { HerokuConfigDestination } from '@keyturn/core/adapters/heroku';
import { type HerokuEmulator, startHeroku } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = 'heroku-key-5a1c0f2e-0000-4000-8000-000000000001';
const VALUE = 'kt-canary-value-71c4e0d9';
/** Another var of the same app: Heroku sends it back in every answer. */
const NEIGHBOUR = 'kt-canary-neighbour-b2e8a6f1';

let heroku: HerokuEmulator;
let fake: ReturnType<typeof createFakeClock>;
let logs: string[];

function destination(apiKey = KEY, baseUrl = heroku.url) {
  return new HerokuConfigDestination({
    apiKey,
    baseUrl,
    clock: fake.clock,
    sleep: fake.sleep,
    random: () => 0,
    log: (message) => logs.push(message),
  });
}

beforeEach(async () => {
  fake = createFakeClock();
  logs = [];
  heroku = await startHeroku();
  heroku.addApiKey(KEY);
  heroku.addApp('acme-api', { DATABASE_URL: NEIGHBOUR, API_TOKEN: 'old' });
});

afterEach(async () => {
  expect(heroku.emulator.violations).toEqual([]);
  await heroku.close();
});

describe('Heroku config vars destination', () => {
  it('PATCHes only the changed var, keeping the others', async () => {
    const dest = destination();
    const target = parseTarget('heroku:acme-api/API_TOKEN');
    expect(dest.handles(target)).toBe(true);
    expect(dest.handles(parseTarget('github:acme/api/X'))).toBe(false);
    await dest.write(target, VALUE);
    expect(heroku.configVars('acme-api')).toEqual({ DATABASE_URL: NEIGHBOUR, API_TOKEN: VALUE });
    const [patch] = heroku.emulator.mutatingRequests();
    expect(JSON.parse(patch?.body ?? '')).toEqual({ API_TOKEN: VALUE });
  });

  it('never hands the answer or the key to the debug package, even when it is installed', async () => {
    // heroku-client requires `debug` lazily and swallows its absence, so
    // whether it logs depends on what happens to be installed: install one.
    const debugged: string[] = [];
    const realRequire = Module.prototype.require;
    Module.prototype.require = function (this: NodeJS.Module, id: string) {
      if (id === 'debug')
        return () =>
          (...args: unknown[]) =>
            debugged.push(args.map(String).join(' '));
      return realRequire.call(this, id);
    } as typeof Module.prototype.require;
    try {
      const dest = destination();
      await dest.write(parseTarget('heroku:acme-api/API_TOKEN'), VALUE);
      expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(VALUE);
      expect(debugged).toEqual([]);
    } finally {
      Module.prototype.require = realRequire;
    }
  });

  it('keeps nothing of the full-config answer and never prints it, even with DEBUG set', async () => {
    const printed: string[] = [];
    const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    const write = vi.spyOn(process.stderr, 'write');
    process.env.DEBUG = '*';
    try {
      const dest = destination();
      await dest.prepare(parseTarget('heroku:acme-api/API_TOKEN'));
      await dest.write(parseTarget('heroku:acme-api/API_TOKEN'), VALUE);
      expect(JSON.stringify(dest, (_key, value) => (value instanceof Map ? [...value] : value))).not.toContain(
        NEIGHBOUR,
      );
      const stderr = write.mock.calls.map((call) => String(call[0])).join('');
      expect(`${printed.join('\n')}${stderr}${logs.join('\n')}`).not.toContain(NEIGHBOUR);
    } finally {
      delete process.env.DEBUG;
      for (const spy of [...spies, write]) spy.mockRestore();
    }
  });

  it('names the app when it does not exist, and the key when it is refused', async () => {
    const missing = await destination()
      .prepare(parseTarget('heroku:no-such-app/X'))
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(UpstreamError);
    expect((missing as Error).message).toBe(
      "Heroku (HTTP 404): app 'no-such-app' was not found [not_found]; check the app name in the target line",
    );
    const refused = await destination('wrong-key')
      .write(parseTarget('heroku:acme-api/X'), VALUE)
      .catch((error: unknown) => error);
    expect((refused as Error).message).toContain('HTTP 401');
    expect((refused as Error).message).toContain('check heroku-api-key');
    expect(heroku.emulator.mutatingRequests()).toEqual([]);
  });

  it('waits out a 429 and a 503 with the injected sleep', async () => {
    heroku.emulator.injectFault({ method: 'PATCH', status: 429, headers: { 'ratelimit-remaining': '0' }, times: 1 });
    heroku.emulator.injectFault({ method: 'PATCH', status: 503, times: 1 });
    await destination().write(parseTarget('heroku:acme-api/API_TOKEN'), VALUE);
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(VALUE);
    expect(fake.sleeps).toHaveLength(2);
    expect(logs.join('\n')).toContain('rate limit reached');
  });

  it('waits out its own rate-limit bucket running dry', async () => {
    heroku.setRateLimitRemaining(1);
    const waits: number[] = [];
    const dest = new HerokuConfigDestination({
      apiKey: KEY,
      baseUrl: heroku.url,
      clock: fake.clock,
      random: () => 0,
      // The bucket refills while we wait, as Heroku's does.
      sleep: async (ms) => {
        waits.push(ms);
        heroku.setRateLimitRemaining(10);
      },
    });
    await dest.write(parseTarget('heroku:acme-api/API_TOKEN'), VALUE);
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(VALUE);
    expect(waits).toEqual([4_000]);
  });

  it('fails fast on a refused connection, retrying with the injected sleep only', async () => {
    const closed = await startHeroku();
    const url = closed.url;
    await closed.close();
    const error = await destination(KEY, url)
      .write(parseTarget('heroku:acme-api/X'), VALUE)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('no answer for app acme-api');
    expect(fake.sleeps.length).toBe(5);
  });

  it('refuses a value that would take the app past 32 KB, before sending it', async () => {
    heroku.addApp('big-app', { BLOB: 'x'.repeat(30 * 1024) });
    const error = await destination()
      .write(parseTarget('heroku:big-app/API_TOKEN'), 'y'.repeat(3 * 1024))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('Heroku allows 32768');
    expect(heroku.emulator.mutatingRequests()).toEqual([]);
  });

  describe('a 2xx answer that is not JSON (a BOM ahead of the map, a proxy page)', () => {
    const shapes = [
      { name: 'a UTF-8 BOM before the config map', fault: { bodyPrefix: '\uFEFF' } },
      { name: 'a UTF-8 BOM before the PATCH answer', fault: { method: 'PATCH', bodyPrefix: '\uFEFF' } },
      {
        name: 'an HTML page naming a var',
        fault: {
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: `<html><body>DATABASE_URL=${NEIGHBOUR}</body></html>`,
        },
      },
      { name: 'a truncated map', fault: { status: 200, body: `{"DATABASE_URL":"${NEIGHBOUR}` } },
      { name: 'JSON that is not a map', fault: { status: 200, body: `["${NEIGHBOUR}"]` } },
    ] as const;

    for (const { name, fault } of shapes) {
      it(`is an UpstreamError naming Heroku, never the body: ${name}`, async () => {
        heroku.emulator.injectFault({ path: '/apps/:app/config-vars', ...fault });
        const error = await destination()
          .write(parseTarget('heroku:acme-api/API_TOKEN'), VALUE)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UpstreamError);
        expect((error as UpstreamError).service).toBe('Heroku');
        expect((error as Error).message).toMatch(
          /^Heroku \(HTTP 200\): the answer to (GET|PATCH) \/apps\/acme-api\/config-vars .*; its body is not shown$/,
        );
        expect(`${(error as Error).message}\n${(error as Error).stack}\n${logs.join('\n')}`).not.toContain(NEIGHBOUR);
        expect(JSON.stringify(error)).not.toContain(NEIGHBOUR);
      });
    }
  });
});
