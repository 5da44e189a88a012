import { describe, expect, it, vi } from 'vitest';
import { runVerify } from './helpers';

describe('verify input validation', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['missing url', {}, /input 'url' is required/],
    ['relative url', { url: '/health' }, /input 'url' is not a URL/],
    ['ftp url', { url: 'ftp://example.com/' }, /input 'url' uses ftp:/],
    ['credentials in url', { url: 'https://u:p@example.com/' }, /input 'url' holds a user name or password/],
    ['unknown method', { url: 'https://example.com/', method: 'FETCH' }, /input 'method' is 'FETCH'/],
    ['unknown auth', { url: 'https://example.com/', auth: 'digest' }, /input 'auth' is 'digest'.*header:NAME/],
    ['bad header name', { url: 'https://example.com/', auth: 'header:X Api' }, /input 'auth'/],
    ['basic without colon', { url: 'https://e.com/', auth: 'basic', token: 'abc' }, /input 'token' has no ":"/],
    ['bad status', { url: 'https://example.com/', expect: '2xx,70' }, /input 'expect' has '70'/],
    ['empty status list', { url: 'https://example.com/', expect: ',' }, /input 'expect' is empty/],
    ['bad duration', { url: 'https://example.com/', within: '10 minutes' }, /input 'within' is '10 minutes'/],
    ['zero timeout', { url: 'https://example.com/', timeout: '0' }, /input 'timeout' is 0/],
    ['zero interval', { url: 'https://e.com/', within: '1m', interval: '0' }, /input 'interval' is 0/],
    [
      'an interval past the longest wait (Node timers overflow past 24.8 days)',
      { url: 'https://e.com/', token: 'kt-verify-token-1', within: '1m', interval: '25d' },
      /input 'interval' is '25d', longer than the 6h keyturn waits at most.*Use 6h or less/,
    ],
    ['a within past a job', { url: 'https://e.com/', within: '6h1s' }, /input 'within' is '6h1s', longer than the 6h/],
    [
      'a timeout past one request',
      { url: 'https://e.com/', timeout: '11m' },
      /input 'timeout' is '11m', longer than the 10m/,
    ],
    ['bad dry-run', { url: 'https://example.com/', 'dry-run': 'yes' }, /input 'dry-run' is 'yes', not a boolean/],
    [
      'no token while expecting a refusal',
      { url: 'https://example.com/', expect: '401' },
      /input 'token' is empty, and expect \(401\) only accepts refusals/,
    ],
  ];

  it.each(cases)('%s fails before any request', async (_name, inputs, message) => {
    const fetchSpy = vi.fn<typeof fetch>();
    const { ok, runner } = await runVerify(inputs, fetchSpy);
    expect(ok).toBe(false);
    expect(runner.failed).toMatch(/^keyturn\/verify: /);
    expect(runner.failed).toMatch(message);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('accepts upper and lower case methods and status classes', async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => new Response(null, { status: 204 }));
    const { ok, runner } = await runVerify({ url: 'https://example.com/x', method: 'head', expect: '2XX' }, fetchSpy);
    expect(ok).toBe(true);
    expect(fetchSpy.mock.calls[0]?.[1]?.method).toBe('HEAD');
    expect(runner.outputs).toEqual({ status: '204', attempts: '1' });
  });
});
