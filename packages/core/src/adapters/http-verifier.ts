import type { Clock, Sleep } from '../clock';
import { formatDuration } from '../duration';
import type { Verifier, VerifyResult } from '../ports';
import { retryAfterFromHeaders } from '../retry';
import type { StatusExpectation } from '../status-list';

/**
 * The HTTP proof behind `verify` and rotate-pat's revocation check: send one
 * request with a credential, compare the status with what is expected, and
 * keep trying every `interval` until it holds or `within` has passed.
 */
export type AuthScheme =
  | { kind: 'bearer' }
  | { kind: 'token' }
  | { kind: 'basic' }
  | { kind: 'header'; header: string };

export interface HttpCheck {
  url: URL;
  method: string;
  auth: AuthScheme;
  expect: StatusExpectation;
  withinMs: number;
  intervalMs: number;
  timeoutMs: number;
}

export interface HttpVerifierDeps {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  sleep: Sleep;
  /** One line per attempt, for the log. Holds no credential. */
  log?: (line: string) => void;
}

/** The URL as it may be shown: no query string or fragment, which can carry
 * API keys, and no user info. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export function authHeaders(auth: AuthScheme, credential: string | undefined): Record<string, string> {
  if (credential === undefined) return {};
  switch (auth.kind) {
    case 'bearer':
      return { authorization: `Bearer ${credential}` };
    case 'token':
      return { authorization: `token ${credential}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(credential, 'utf8').toString('base64')}` };
    case 'header':
      return { [auth.header]: credential };
  }
}

interface ProbeResult {
  status?: number;
  retryAfterMs?: number;
  /** Why no status came back. */
  failure?: string;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${formatDuration(timeoutMs)}`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  switch (cause?.code) {
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name did not resolve';
    default:
      // fetch's own refusals (a blocked port, a bad scheme) carry only a message.
      return `network error (${cause?.code ?? cause?.message ?? 'no detail'})`;
  }
}

export function createHttpVerifier(check: HttpCheck, deps: HttpVerifierDeps): Verifier {
  const probe = async (credential: string | undefined): Promise<ProbeResult> => {
    try {
      const response = await deps.fetch(check.url, {
        method: check.method,
        headers: { 'user-agent': 'keyturn-verify', ...authHeaders(check.auth, credential) },
        // A redirect is an answer in itself; following it could carry the
        // credential to another host.
        redirect: 'manual',
        signal: AbortSignal.timeout(check.timeoutMs),
      });
      // The body is never read: it is not needed and may echo the credential.
      await response.body?.cancel().catch(() => undefined);
      const retryAfterMs = retryAfterFromHeaders((name) => response.headers.get(name), deps.clock.now());
      return retryAfterMs === undefined ? { status: response.status } : { status: response.status, retryAfterMs };
    } catch (error) {
      return { failure: describeNetworkError(error, check.timeoutMs) };
    }
  };

  return {
    async check(credential) {
      const started = deps.clock.now();
      let last: ProbeResult = {};
      for (let attempt = 1; ; attempt++) {
        last = await probe(credential);
        const elapsedMs = deps.clock.now() - started;
        const seen = last.status === undefined ? (last.failure ?? 'no answer') : `HTTP ${last.status}`;
        deps.log?.(`attempt ${attempt}: ${seen} (expecting ${check.expect.text})`);
        const result = (ok: boolean): VerifyResult => ({
          ok,
          attempts: attempt,
          elapsedMs,
          ...(last.status === undefined ? {} : { status: last.status }),
          ...(ok ? {} : { reason: `last saw ${seen}` }),
        });
        if (last.status !== undefined && check.expect.matches(last.status)) return result(true);
        // A 429 or 503 may name its own wait; never poll faster than asked.
        const waitMs = Math.max(check.intervalMs, last.retryAfterMs ?? 0);
        if (elapsedMs + waitMs > check.withinMs) return result(false);
        await deps.sleep(waitMs);
      }
    },
  };
}
