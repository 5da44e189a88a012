import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../src/clock';
import { InputError, UpstreamError } from '../src/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryAfterFromHeaders, withRetry } from '../src/retry';

const throttled = (retryAfterMs?: number) =>
  new UpstreamError('slow down', {
    service: 'GitHub',
    status: 429,
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('retryAfterFromHeaders', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const headers = (map: Record<string, string>) => (name: string) => map[name];

  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterFromHeaders(headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(retryAfterFromHeaders(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:01:00 GMT' }), now)).toBe(60_000);
  });

  it('reads x-ratelimit-reset only when the budget is spent', () => {
    const reset = String(now / 1000 + 120);
    expect(retryAfterFromHeaders(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), now)).toBe(
      120_000,
    );
    expect(
      retryAfterFromHeaders(headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }), now),
    ).toBeUndefined();
  });

  it('prefers Retry-After and ignores nonsense', () => {
    const both = { 'retry-after': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 99) };
    expect(retryAfterFromHeaders(headers(both), now)).toBe(5_000);
    expect(retryAfterFromHeaders(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const top = () => 0.999999;
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, top))).toEqual([
      999, 1_999, 3_999, 7_999, 7_999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('waits what the service asked, plus under a second of jitter', () => {
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0.5, 30_000)).toBe(30_500);
  });
});

describe('withRetry', () => {
  it('retries retryable errors and returns the first success', async () => {
    const time = createFakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttled(calls === 1 ? 10_000 : undefined);
        return 'ok';
      },
      DEFAULT_RETRY_POLICY,
      { ...time, random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(time.sleeps).toEqual([10_500, 1_000]);
  });

  it('does not retry a user mistake or a non-retryable upstream error', async () => {
    const time = createFakeClock();
    const mistake = new InputError('x', 'is wrong', 'Fix it.');
    await expect(withRetry(async () => Promise.reject(mistake), DEFAULT_RETRY_POLICY, time)).rejects.toBe(mistake);
    const denied = new UpstreamError('denied', { service: 'AWS SSM', status: 400, retryable: false });
    await expect(withRetry(async () => Promise.reject(denied), DEFAULT_RETRY_POLICY, time)).rejects.toBe(denied);
    expect(time.sleeps).toEqual([]);
  });

  it('gives up after the last attempt, saying how often it tried', async () => {
    const time = createFakeClock();
    const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, totalTimeMs: 60_000 };
    await expect(withRetry(async () => Promise.reject(throttled()), policy, time)).rejects.toThrow(
      /^GitHub \(HTTP 429\): slow down; gave up after 3 attempts/,
    );
    expect(time.sleeps).toHaveLength(2);
  });

  it('never starts a wait that would end past the total time', async () => {
    const time = createFakeClock();
    const policy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 10_000, totalTimeMs: 60_000 };
    const error = await withRetry(async () => Promise.reject(throttled(3_600_000)), policy, {
      ...time,
      random: () => 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as Error).message).toContain('the next wait, 1h, would pass the 1m limit');
    expect(time.sleeps).toEqual([]);
  });
});
