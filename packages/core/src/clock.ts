/** Time, injected: tests advance a fake clock instead of sleeping. */
export interface Clock {
  now(): number;
}

export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay
 * fires at once, which once turned `interval: 25d` into a request loop. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A real wait; one longer than a timer can hold is waited in pieces, never
 * cut short. */
export const realSleep: Sleep = async (ms) => {
  let left = Math.max(0, ms);
  do {
    const step = Math.min(left, MAX_TIMER_MS);
    await new Promise((resolve) => setTimeout(resolve, step));
    left -= step;
  } while (left > 0);
};

/** A clock whose sleep only moves time forward: for tests and dry runs of
 * timing logic. `sleeps` records every wait asked for. */
export function createFakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = { now: () => now };
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
    now += ms;
  };
  return {
    clock,
    sleep,
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
