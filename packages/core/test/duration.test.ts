import { describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, realSleep } from '../src/clock';
import { DAY_MS, formatDuration, parseDuration } from '../src/duration';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['90d', 7_776_000_000],
    ['1h30m', 5_400_000],
    ['0', 0],
    [' 5s ', 5_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '10 m', '1w', '-5s', '1.5h', 'm10', '10mins'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('has one day constant, the one `d` means', () => {
    expect(parseDuration('1d')).toBe(DAY_MS);
    expect(DAY_MS).toBe(24 * 3_600_000);
  });

  it('formats back the way inputs are written', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(7_776_000_000)).toBe('90d');
  });
});

describe('realSleep', () => {
  it('waits a delay longer than a Node timer holds in pieces, never firing early', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const wait = realSleep(25 * DAY_MS).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1_000);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(25 * DAY_MS - MAX_TIMER_MS);
      await wait;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
