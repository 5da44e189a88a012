import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, jsonBody } from '../src/emulator';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

async function start() {
  emulator = await Emulator.start({
    name: 'test',
    routes: [
      { method: 'GET', path: '/items/:id', handler: (_req, params) => ({ status: 200, body: { id: params.id } }) },
      { method: 'PUT', path: '/items/:id', handler: (req) => ({ status: 201, body: jsonBody(req) }) },
    ],
    validate: (req, route) => (route ? [] : [`no route for ${req.method} ${req.path}`]),
  });
  return emulator;
}

describe('Emulator', () => {
  it('listens on 127.0.0.1 with an ephemeral port and logs requests', async () => {
    await start();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${emulator.url}/items/a%2Fb?x=1`);
    expect(await res.json()).toEqual({ id: 'a/b' });
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: '/items/a%2Fb', route: '/items/:id' });
    expect(emulator.requests[0]?.query.get('x')).toBe('1');
  });

  it('counts mutating requests and records validation problems', async () => {
    await start();
    await fetch(`${emulator.url}/items/1`);
    await fetch(`${emulator.url}/items/1`, { method: 'PUT', body: '{"v":1}' });
    await fetch(`${emulator.url}/nowhere`, { method: 'POST' });
    expect(emulator.mutatingRequests().map((r) => r.method)).toEqual(['PUT', 'POST']);
    expect(emulator.violations).toEqual(['POST /nowhere: no route for POST /nowhere']);
  });

  it('injects a status with headers a given number of times, per route', async () => {
    await start();
    emulator.injectFault({ method: 'GET', path: '/items/:id', status: 429, headers: { 'retry-after': '7' }, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${emulator.url}/items/1`)).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect((await fetch(`${emulator.url}/items/1`, { method: 'PUT', body: '{}' })).status).toBe(201);
  });

  it("sends raw bytes ahead of the route's own answer (a BOM), the route still running", async () => {
    await start();
    emulator.injectFault({ method: 'GET', path: '/items/:id', bodyPrefix: '\uFEFF', times: 1 });
    const first = Buffer.from(await (await fetch(`${emulator.url}/items/1`)).arrayBuffer());
    expect([...first.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const second = await (await fetch(`${emulator.url}/items/1`)).text();
    expect(first.subarray(3).toString('utf8')).toBe(second);
  });

  it('applies a write and then loses its answer (applied: reset or a status)', async () => {
    const applied: string[] = [];
    emulator = await Emulator.start({
      name: 'test',
      routes: [
        {
          method: 'PUT',
          path: '/items/:id',
          handler: (_req, params) => {
            applied.push(params.id ?? '');
            return { status: 201, body: {} };
          },
        },
      ],
    });
    emulator.injectFault({ method: 'PUT', applied: true, reset: true, times: 1 });
    emulator.injectFault({ method: 'PUT', applied: true, status: 502, times: 1 });
    await expect(fetch(`${emulator.url}/items/a`, { method: 'PUT', body: '{}' })).rejects.toThrow();
    expect((await fetch(`${emulator.url}/items/b`, { method: 'PUT', body: '{}' })).status).toBe(502);
    expect((await fetch(`${emulator.url}/items/c`, { method: 'PUT', body: '{}' })).status).toBe(201);
    expect(applied).toEqual(['a', 'b', 'c']);
  });

  it('resets connections, delays and never answers when told', async () => {
    await start();
    emulator.injectFault({ path: /\/items\/reset/, reset: true, times: 1 });
    await expect(fetch(`${emulator.url}/items/reset`)).rejects.toThrow();

    emulator.injectFault({ path: '/items/slow', delayMs: 150, times: 1 });
    const began = performance.now();
    expect((await fetch(`${emulator.url}/items/slow`)).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);

    emulator.injectFault({ path: '/items/hang', hang: true });
    await expect(fetch(`${emulator.url}/items/hang`, { signal: AbortSignal.timeout(200) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    emulator.clearFaults();
    expect((await fetch(`${emulator.url}/items/hang`)).status).toBe(200);
  });

  it('closes even with a request left hanging', async () => {
    await start();
    emulator.injectFault({ hang: true });
    const pending = fetch(`${emulator.url}/items/1`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.close();
    expect(await pending).toBeInstanceOf(Error);
    emulator = await Emulator.start({ name: 'again', routes: [] });
  });
});
