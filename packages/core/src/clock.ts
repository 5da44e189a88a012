/** Time, injected: tests advance a fake clock instead of sleeping. */
export interface Clock {
  now(): number;
}

export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
