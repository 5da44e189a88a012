import type { Clock, Sleep } from './clock';
import { formatDuration } from './duration';
import { UpstreamError } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The first backoff; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt starts after this much time since the first one. */
  totalTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  totalTimeMs: 5 * 60_000,
});

export interface RetryDeps {
  clock: Clock;
  sleep: Sleep;
  /** [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  /** Told before each wait, for a debug line. */
  onRetry?: (info: { attempt: number; waitMs: number; error: unknown }) => void;
}

/** The wait a service asked for, from `Retry-After` (seconds or an HTTP date)
 * or, when the budget is spent, `x-ratelimit-reset` (epoch seconds). */
export function retryAfterFromHeaders(
  get: (name: string) => string | null | undefined,
  nowMs: number,
): number | undefined {
  const retryAfter = get('retry-after');
  if (retryAfter != null && retryAfter.trim() !== '') {
    const text = retryAfter.trim();
    if (/^\d+$/.test(text)) return Number(text) * 1_000;
    const date = Date.parse(text);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const remaining = get('x-ratelimit-remaining');
  const reset = get('x-ratelimit-reset');
  if (remaining === '0' && reset != null && /^\d+$/.test(reset.trim())) {
    return Math.max(0, Number(reset) * 1_000 - nowMs);
  }
  return undefined;
}

/** Exponential backoff with full jitter, so concurrent runs do not retry in
 * lockstep; when the service named a wait, that wait plus a little jitter. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(random() * 1_000);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export function isRetryable(error: unknown): boolean {
  return error instanceof UpstreamError && error.retryable;
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not
 * retryable, or the policy is spent. A wait that would end past the total
 * time is not started: the last error is thrown at once, with how long and
 * how often we tried, so a run never hangs past its stated limit.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<T> {
  const random = deps.random ?? Math.random;
  const started = deps.clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const upstream = error as UpstreamError;
      const waitMs = backoffDelay(attempt, policy, random, upstream.retryAfterMs);
      const elapsed = deps.clock.now() - started;
      if (attempt >= policy.maxAttempts) {
        throw giveUp(upstream, `gave up after ${attempt} attempts over ${formatDuration(elapsed)}`);
      }
      if (elapsed + waitMs > policy.totalTimeMs) {
        throw giveUp(
          upstream,
          `gave up after ${attempt} attempt(s) over ${formatDuration(elapsed)}: the next wait, ` +
            `${formatDuration(waitMs)}, would pass the ${formatDuration(policy.totalTimeMs)} limit`,
        );
      }
      deps.onRetry?.({ attempt, waitMs, error });
      await deps.sleep(waitMs);
    }
  }
}

function giveUp(error: UpstreamError, why: string): UpstreamError {
  return new UpstreamError(`${error.detail}; ${why}`, {
    service: error.service,
    ...(error.status === undefined ? {} : { status: error.status }),
    retryable: false,
  });
}
