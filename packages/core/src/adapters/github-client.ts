import type { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit as RestOctokit } from '@octokit/rest';
import BottleneckLight from 'bottleneck/light.js';
import type { Clock, Sleep } from '../clock';
import { formatDuration } from '../duration';
import { UpstreamError } from '../errors';
import { policyFetch } from '../http-policy';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, retryAfterFromHeaders } from '../retry';
import { upstreamText } from '../upstream-body';

/**
 * The one way keyturn talks to GitHub's REST API: @octokit/rest with the
 * throttling and retry plugins, shared by propagate and rotate-pat so both
 * honour rate limits the same way and talk to the same `github-api-url`.
 *
 * The plugins decide WHEN to retry; every wait goes through the injected
 * `sleep`, so tests wait out a 403 secondary rate limit or a 429 without real
 * time passing, and a run's total wait is bounded by `policy.totalTimeMs`.
 * Writes are paced proactively inside GitHub's documented secondary limit
 * (about 80 content-creating requests a minute) rather than run into it.
 */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface WritePace {
  writes: number;
  perMs: number;
}

/** GitHub documents about 80 content-creating requests a minute. */
export const GITHUB_WRITE_PACE: WritePace = Object.freeze({ writes: 80, perMs: 60_000 });

export interface GitHubClientOptions {
  /** Unset for the few endpoints that refuse authenticated calls (POST /credentials/revoke). */
  token?: string;
  /** `github-api-url`: https://api.github.com, or GHES's https://HOST/api/v3. */
  baseUrl?: string;
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  /** Told about each wait (a debug line); never given a value. */
  log?: (message: string) => void;
  /** Requests in flight at once (GitHub allows 100; default 4). */
  concurrency?: number;
  /** Proactive write pacing; `undefined` paces at GITHUB_WRITE_PACE, `false` not at all. */
  writePace?: WritePace | false;
  policy?: RetryPolicy;
  /** One request's limit before it is abandoned and retried (default 30 s). */
  requestTimeoutMs?: number;
}

const GitHubOctokit = RestOctokit.plugin(throttling, injectedBackoff, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

interface BackoffSettings {
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  policy: RetryPolicy;
  log: (message: string) => void;
}

interface FailedRequest {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

interface RequestOptions {
  method?: string;
  url?: string;
  request?: { retryCount?: number; retries?: number };
}

/** When each failing request first failed, so its retries share one time limit. */
const firstFailure = new WeakMap<object, number>();
/** How many times each request failed with a status the retry plugin retries. */
const failedAttempts = new WeakMap<object, number>();

function elapsedSinceFirstFailure(options: object, now: number): number {
  const first = firstFailure.get(options);
  if (first === undefined) {
    firstFailure.set(options, now);
    return 0;
  }
  return now - first;
}

function describe(options: RequestOptions): string {
  const path = (options.url ?? '').replace(/^https?:\/\/[^/]+/, '');
  return `${options.method ?? 'GET'} ${path}`;
}

/**
 * Sits between the throttling plugin (inside) and the retry plugin (outside):
 * when the retry plugin is about to try a 429 / 5xx / network failure again,
 * this waits first (Retry-After when given, else jittered backoff) through the
 * injected sleep, and stops the retries once the time limit would be passed.
 */
function injectedBackoff(octokit: Octokit, octokitOptions: object) {
  const settings = (octokitOptions as { keyturnBackoff?: BackoffSettings }).keyturnBackoff;
  if (!settings) return {};
  octokit.hook.error('request', async (error, endpointOptions) => {
    const requestOptions = endpointOptions as RequestOptions;
    const failed = error as FailedRequest;
    const status = failed.status ?? 0;
    if (status !== 429 && status < 500) throw error;
    requestOptions.request ??= {};
    const request = requestOptions.request;
    const headers = failed.response?.headers ?? {};
    const message = error instanceof Error ? error.message : '';
    if (/\bsecondary rate\b/i.test(message) || String(headers['x-ratelimit-remaining']) === '0') {
      // The throttling plugin waited for this one already and has given up.
      request.retries = 0;
      throw error;
    }
    // Counted here, not from request.retryCount, which both plugins write.
    const attempt = (failedAttempts.get(requestOptions) ?? 0) + 1;
    failedAttempts.set(requestOptions, attempt);
    if (attempt >= settings.policy.maxAttempts) {
      request.retries = 0;
      throw error;
    }
    const asked = retryAfterFromHeaders((name) => {
      const value = headers[name];
      return value === undefined ? undefined : String(value);
    }, settings.clock.now());
    const waitMs = backoffDelay(attempt, settings.policy, settings.random, asked);
    const elapsed = elapsedSinceFirstFailure(requestOptions, settings.clock.now());
    if (elapsed + waitMs > settings.policy.totalTimeMs) {
      request.retries = 0;
      throw error;
    }
    settings.log(
      `GitHub answered ${status || 'nothing'} to ${describe(requestOptions)}; retrying in ${formatDuration(waitMs)}`,
    );
    await settings.sleep(waitMs);
    throw error;
  });
  return {};
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pace = options.writePace === undefined ? GITHUB_WRITE_PACE : options.writePace;

  /** The throttling plugin's handlers: wait what GitHub asked (plus jitter, so
   * parallel requests do not return in lockstep) unless that passes the limit. */
  const waitOutLimit =
    (kind: string) =>
    async (retryAfterSeconds: number, requestOptions: RequestOptions, _octokit: unknown, retryCount: number) => {
      const waitMs = retryAfterSeconds * 1_000 + Math.floor(random() * 1_000);
      const elapsed = elapsedSinceFirstFailure(requestOptions, options.clock.now());
      if (retryCount + 1 >= policy.maxAttempts || elapsed + waitMs > policy.totalTimeMs) return false;
      log(`GitHub ${kind} on ${describe(requestOptions)}; waiting ${formatDuration(waitMs)} as asked`);
      await options.sleep(waitMs);
      return true;
    };

  const writeGroup = new BottleneckLight.Group({
    maxConcurrent: concurrency,
    ...(pace === false
      ? {}
      : { reservoir: pace.writes, reservoirRefreshAmount: pace.writes, reservoirRefreshInterval: pace.perMs }),
  });

  return new GitHubOctokit({
    ...(options.token === undefined ? {} : { auth: options.token }),
    baseUrl: (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'keyturn',
    // Octokit's request log would hold headers; only warnings reach the runner.
    log: { debug: () => {}, info: () => {}, warn: (message: string) => log(message), error: () => {} },
    request: {
      fetch: policyFetch({ service: 'GitHub', timeoutMs }),
    },
    throttle: {
      onRateLimit: waitOutLimit('rate limit'),
      onSecondaryRateLimit: waitOutLimit('secondary rate limit'),
      // The handlers above did the waiting, through the injected sleep.
      retryAfterBaseValue: 0,
      write: writeGroup,
      global: new BottleneckLight.Group({ maxConcurrent: Math.min(100, Math.max(concurrency * 2, 10)) }),
    },
    retry: {
      retries: policy.maxAttempts - 1,
      retryAfterBaseValue: 0,
      doNotRetry: [400, 401, 403, 404, 410, 422, 451],
    },
    keyturnBackoff: { clock: options.clock, sleep: options.sleep, random, policy, log },
  } as ConstructorParameters<typeof GitHubOctokit>[0]);
}

/** The status of a failed Octokit request, when GitHub answered. Octokit
 * gives a refused connection or a timeout status 500 but no response. */
export function githubStatus(error: unknown): number | undefined {
  const failed = error as FailedRequest | undefined;
  const status = failed?.status;
  if (typeof status !== 'number' || status <= 0) return undefined;
  return failed?.response === undefined ? undefined : status;
}

/** GitHub's own message, without the documentation link Octokit appends. */
export function githubMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return upstreamText(message.replace(/ - https:\/\/docs\.github\.com\S*$/, ''));
}

/**
 * A failed request as an UpstreamError a user can act on. `what` names the
 * resource as the user wrote it ("repository acme/api"); the text holds names
 * and GitHub's message, never a request body or header.
 */
export function githubError(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const status = githubStatus(error);
  const details = { service: 'GitHub', retryable: false, ...(status === undefined ? {} : { status }) };
  switch (status) {
    case 401:
      return new UpstreamError('the token was refused (bad credentials); check github-token', details);
    case 403:
      return new UpstreamError(
        `${githubMessage(error)} (${what}); the token needs permission to write secrets there`,
        details,
      );
    case 404:
      return new UpstreamError(
        `${what} was not found; check the name, and that the token can see it (GitHub answers 404 for what a token may not read)`,
        details,
      );
    case undefined:
      return new UpstreamError(`no answer for ${what}: ${githubMessage(error)}`, details);
    default:
      return new UpstreamError(`${githubMessage(error)} (${what})`, details);
  }
}
