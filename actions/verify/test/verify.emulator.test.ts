import { type ProtectedResource, startProtectedResource } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVerify } from './helpers';

const NEW = 'kt_new_7f3a9c2e5b8d4f1a6c0e';
const OLD = 'kt_old_2b6d8f0a4c6e8a0c2e4f';

let api: ProtectedResource;
beforeEach(async () => {
  api = await startProtectedResource();
  api.accept(NEW);
  api.accept(OLD);
});
afterEach(async () => {
  await api.close();
});

function expectNoLeak(text: string) {
  for (const secret of [NEW, OLD]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

describe('verify against a local API', () => {
  it('passes when the new token is accepted', async () => {
    const { ok, runner, audit } = await runVerify({ url: `${api.url}/v1/me`, token: NEW });
    expect(ok).toBe(true);
    expect(runner.outputs).toEqual({ status: '200', attempts: '1' });
    expect(api.emulator.requests[0]?.headers.authorization).toBe(`Bearer ${NEW}`);
    expect(runner.summary.join('')).toContain('| GET http://127.0.0.1');
    expect(runner.masked).toContain(NEW);
    expect(JSON.parse(audit)).toMatchObject({ event: 'secret.verify.completed', status: 200, attempts: 1 });
    expectNoLeak(runner.everything() + audit);
  });

  it('keeps trying until a revoked token gets 401, waiting the interval between attempts', async () => {
    api.revoke(OLD, { afterRequests: 2 });
    const { ok, runner, sleeps } = await runVerify({
      url: `${api.url}/v1/me`,
      token: OLD,
      expect: '401',
      within: '10m',
      interval: '15s',
    });
    expect(ok).toBe(true);
    expect(runner.outputs).toEqual({ status: '401', attempts: '3' });
    expect(sleeps).toEqual([15_000, 15_000]);
  });

  it('fails with the last status when the old token still works after `within`', async () => {
    const { ok, runner, sleeps } = await runVerify({
      url: `${api.url}/v1/me?api_key=${OLD}`,
      token: OLD,
      expect: '401',
      within: '1m',
      interval: '20s',
    });
    expect(ok).toBe(false);
    expect(sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(runner.failed).toMatch(
      /expected 401 from GET http:\/\/127\.0\.0\.1:\d+\/v1\/me, last saw HTTP 200; 4 attempt/,
    );
    expect(runner.outputs).toEqual({ status: '200', attempts: '4' });
    expectNoLeak(runner.everything());
  });

  it('waits out 5xx answers and then sees the 401', async () => {
    api.revoke(OLD);
    api.emulator.injectFault({ status: 503, times: 2 });
    const { ok, runner } = await runVerify({ url: api.url, token: OLD, expect: '401', within: '5m' });
    expect(ok).toBe(true);
    expect(runner.outputs.attempts).toBe('3');
    expect(runner.logs.filter((line) => line.includes('HTTP 503'))).toHaveLength(2);
  });

  it('honours Retry-After on 429 instead of polling faster', async () => {
    api.emulator.injectFault({ status: 429, headers: { 'retry-after': '45' }, times: 1 });
    const { ok, sleeps } = await runVerify({ url: api.url, token: NEW, within: '5m', interval: '10s' });
    expect(ok).toBe(true);
    expect(sleeps).toEqual([45_000]);
  });

  it('reports a request that gets no answer within the timeout', async () => {
    api.emulator.injectFault({ hang: true });
    const { ok, runner } = await runVerify({ url: api.url, token: NEW, timeout: '1s' });
    expect(ok).toBe(false);
    expect(runner.failed).toMatch(/last saw no answer within 1s; 1 attempt/);
    expect(runner.outputs).toEqual({ status: '', attempts: '1' });
  });

  it('retries after a connection reset', async () => {
    api.emulator.injectFault({ reset: true, times: 1 });
    const { ok, runner } = await runVerify({ url: api.url, token: NEW, within: '1m' });
    expect(ok).toBe(true);
    expect(runner.logs.some((line) => line.includes('the connection was reset'))).toBe(true);
    expect(runner.outputs.attempts).toBe('2');
  });

  it('reports a refused connection', async () => {
    const url = api.url;
    await api.close();
    const { ok, runner } = await runVerify({ url, token: NEW });
    expect(ok).toBe(false);
    expect(runner.failed).toMatch(/the connection was refused/);
    api = await startProtectedResource();
  });

  it('does not follow redirects, which could carry the token elsewhere', async () => {
    api.emulator.injectFault({ status: 302, headers: { location: 'http://127.0.0.1:9/steal' }, body: '' });
    const { ok, runner } = await runVerify({ url: api.url, token: NEW });
    expect(ok).toBe(false);
    expect(runner.outputs.status).toBe('302');
    expect(api.emulator.requests).toHaveLength(1);
  });

  it.each([
    ['token', { auth: 'token' }, (h: Record<string, unknown>) => h.authorization === `token ${NEW}`],
    [
      'basic',
      { auth: 'basic', token: `deploy:${NEW}` },
      (h: Record<string, unknown>) => h.authorization === `Basic ${Buffer.from(`deploy:${NEW}`).toString('base64')}`,
    ],
    ['header:X-Api-Key', { auth: 'header:X-Api-Key' }, (h: Record<string, unknown>) => h['x-api-key'] === NEW],
  ])('sends the credential with auth %s', async (_scheme, inputs, check) => {
    if (inputs.auth === 'basic') api.accept(`deploy:${NEW}`);
    const resource =
      inputs.auth === 'header:X-Api-Key' ? await startProtectedResource({ headerName: 'X-Api-Key' }) : api;
    resource.accept(NEW);
    const { ok, runner } = await runVerify({ url: resource.url, token: NEW, ...inputs });
    expect(ok).toBe(true);
    expect(check(resource.emulator.requests[0]?.headers ?? {})).toBe(true);
    expectNoLeak(runner.everything());
    if (resource !== api) await resource.close();
  });

  it('in a dry run sends GET checks but no POST', async () => {
    const get = await runVerify({ url: api.url, token: NEW, 'dry-run': 'true' });
    expect(get.ok).toBe(true);
    expect(api.emulator.requests).toHaveLength(1);
    const post = await runVerify({ url: api.url, token: NEW, method: 'POST', 'dry-run': 'true' });
    expect(post.ok).toBe(true);
    expect(post.runner.outputs).toEqual({ status: '', attempts: '0' });
    expect(post.runner.summary.join('')).toContain('not sent (dry run)');
    expect(api.emulator.mutatingRequests()).toHaveLength(0);
  });
});
