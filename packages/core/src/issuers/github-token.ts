import { type GitHubClient, githubError, githubMessage, githubStatus } from '../adapters/github-client';
import { createHttpVerifier } from '../adapters/http-verifier';
import { formatDuration } from '../duration';
import { CheckFailedError, errorMessage, UpstreamError } from '../errors';
import { parseStatusList } from '../status-list';
import { daysLeft, parseExpiration, parseScopes, type RepoRef, type TokenType } from './github-token-text';

/**
 * The GitHub token runbook's checks and its revocation, in one place for
 * rotate-pat and the `github-pat` issuer: who a token belongs to and when it
 * expires (GET /user), whether it reads the repositories it must, and
 * POST /credentials/revoke followed by polling until GitHub answers 401.
 * `label` is how messages name the token (`new-token`, `the stored token`):
 * never its value.
 */
export interface TokenIdentity {
  login: string;
  /** Classic tokens only; undefined when GitHub sent no scopes header. */
  scopes: string[] | undefined;
  /** Epoch ms; undefined when the token does not expire. */
  expiresAt: number | undefined;
}

/** GET /user with the token: who it is, its scopes and expiry; 'refused' on 401.
 * Scopes are read for classic and OAuth tokens only: a fine-grained token's
 * access is per repository, and an empty scopes header would misreport it. */
export async function identifyToken(
  client: GitHubClient,
  label: string,
  type: TokenType,
): Promise<TokenIdentity | 'refused'> {
  try {
    const response = await client.rest.users.getAuthenticated();
    const header = (name: string) => {
      const value = response.headers[name];
      return value === undefined ? undefined : String(value);
    };
    let expiresAt: number | undefined;
    try {
      expiresAt = parseExpiration(header('github-authentication-token-expiration'));
    } catch (error) {
      throw new UpstreamError(`${errorMessage(error)} (GET /user with ${label})`, {
        service: 'GitHub',
        retryable: false,
      });
    }
    const scopes = type === 'classic' || type === 'oauth' ? parseScopes(header('x-oauth-scopes')) : undefined;
    return { login: response.data.login, scopes, expiresAt };
  } catch (error) {
    const status = githubStatus(error);
    if (status === 401) return 'refused';
    if (error instanceof UpstreamError || status === undefined || status >= 500) {
      throw githubError(error, `GET /user with ${label}`);
    }
    throw new UpstreamError(`GET /user with ${label}: ${githubMessage(error)}`, {
      service: 'GitHub',
      status,
      retryable: false,
    });
  }
}

export function describeExpiry(identity: TokenIdentity, now: number): string {
  if (identity.expiresAt === undefined) return 'does not expire';
  const days = daysLeft(identity.expiresAt, now);
  return `expires ${new Date(identity.expiresAt).toISOString()} (${days} day(s) left)`;
}

export function describeToken(type: TokenType, identity: TokenIdentity, now: number): string {
  const scopes =
    identity.scopes === undefined ? '' : `, scopes: ${identity.scopes.length ? identity.scopes.join(', ') : 'none'}`;
  return `${type} token of ${identity.login}, ${describeExpiry(identity, now)}${scopes}`;
}

/** Whether the token has at least `minDaysLeft` days left (a token that never expires has). */
export function expiresTooSoon(identity: TokenIdentity, minDaysLeft: number, now: number): boolean {
  return identity.expiresAt !== undefined && daysLeft(identity.expiresAt, now) < minDaysLeft;
}

/** Fails when the token expires in fewer than `minDaysLeft` days. */
export function checkExpiry(
  identity: TokenIdentity,
  minDaysLeft: number,
  label: string,
  now: number,
  fix = 'Create a token with a later expiration date.',
): void {
  if (identity.expiresAt === undefined) return;
  const days = daysLeft(identity.expiresAt, now);
  if (days < minDaysLeft) {
    const when = days < 0 ? 'has expired' : `expires in ${days} day(s)`;
    throw new CheckFailedError(
      `${label} ${when} (${new Date(identity.expiresAt).toISOString()}), fewer than min-days-left ${minDaysLeft}. ${fix}`,
    );
  }
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Each required repository must answer 200 to the token; all are asked,
 * and every one that does not is named. */
export async function checkReadable(client: GitHubClient, repos: readonly RepoRef[], label: string): Promise<void> {
  const problems: string[] = [];
  for (const ref of repos) {
    try {
      await client.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    } catch (error) {
      const status = githubStatus(error);
      if (status === 404) {
        problems.push(`${ref.line} (HTTP 404: not found or not visible to ${label})`);
        continue;
      }
      if (status === 403) {
        // Often SAML SSO: the token must be authorized for the organization.
        problems.push(`${ref.line} (HTTP 403: ${githubMessage(error)})`);
        continue;
      }
      throw githubError(error, `repository ${ref.line}`);
    }
  }
  if (problems.length > 0) {
    throw new CheckFailedError(
      `${label} cannot read ${problems.join(', ')}. Give the token access to every repository in required-repos.`,
    );
  }
}

/** Pause between checks that the old token is dead. */
export const REVOKE_POLL_INTERVAL_MS = 10_000;
const POLL_REQUEST_TIMEOUT_MS = 10_000;

export interface RefusalPoll {
  githubApiUrl: string;
  fetch: typeof globalThis.fetch;
  clock: { now(): number };
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  /** How long GitHub may take to carry out the revocation. */
  withinMs: number;
  /** How messages name the token. */
  label: string;
}

export interface RevokeOptions extends RefusalPoll {
  /** An unauthenticated client: github.com refuses an authenticated revocation. */
  anonymous: GitHubClient;
  /** Called once GitHub accepted the request: the token may be dead even if the poll never sees it. */
  onAccepted?: () => void;
}

/** POST /credentials/revoke, unauthenticated as github.com requires, then poll
 * GET /user with the token until it answers 401 or `withinMs` passes. */
export async function revokeToken(token: string, options: RevokeOptions): Promise<void> {
  const accepted = await requestRevocation(token, options.anonymous);
  options.onAccepted?.();
  options.log(
    `GitHub accepted the revocation (${accepted}); checking that ${options.label} gets 401, for up to ${formatDuration(options.withinMs)}.`,
  );
  await awaitRefused(token, options, `GitHub accepted the revocation of ${options.label} (${accepted}), but`);
}

/** POST /credentials/revoke: GitHub's acceptance, 202 (the revocation itself
 * is asynchronous, proven by awaitRefused). Any other 2xx is not GitHub's
 * answer (a proxy's page): nothing is known, so nothing is counted as accepted. */
export async function requestRevocation(token: string, anonymous: GitHubClient): Promise<number> {
  let status: number;
  try {
    status = (await anonymous.rest.credentials.revoke({ credentials: [token] })).status;
  } catch (error) {
    throw revocationFailure(error);
  }
  if (status !== 202) {
    throw new UpstreamError(
      `POST /credentials/revoke answered ${status}, not GitHub's 202 Accepted: not an answer from GitHub (a proxy in between?), ` +
        'so the old token may or may not have been revoked. Check it with keyturn/verify (expect: 401): if it still works, ' +
        'run again or revoke it by hand in its owner’s settings.',
      { service: 'GitHub', status, retryable: false },
    );
  }
  return status;
}

/** Polls GET /user with the token until GitHub answers 401, within `withinMs`
 * (the sleep and clock are the caller's, so tests never wait). */
export async function awaitRefused(
  token: string,
  options: RefusalPoll,
  failurePrefix = `GitHub was asked to revoke ${options.label}, but`,
): Promise<void> {
  const verifier = createHttpVerifier(
    {
      url: new URL(`${options.githubApiUrl}/user`),
      method: 'GET',
      auth: { kind: 'token' },
      expect: parseStatusList('401'),
      withinMs: options.withinMs,
      intervalMs: Math.min(REVOKE_POLL_INTERVAL_MS, options.withinMs),
      timeoutMs: POLL_REQUEST_TIMEOUT_MS,
    },
    { fetch: options.fetch, clock: options.clock, sleep: options.sleep, log: (line) => options.log(`  ${line}`) },
  );
  const result = await verifier.check(token);
  if (!result.ok) {
    throw new CheckFailedError(
      `${failurePrefix} it still works after ${result.attempts} check(s) over ` +
        `${formatDuration(result.elapsedMs)} (${result.reason}). The revocation may still complete: check later ` +
        'with keyturn/verify (expect: 401), or revoke the token by hand in its owner’s settings.',
    );
  }
  options.log(`${options.label} is dead: GitHub answered 401 after ${result.attempts} check(s).`);
}

/** githubError's hints are about writing secrets; a failed revocation needs its
 * own. Only a 4xx proves GitHub did not act on it: after a 5xx or no answer
 * (the retries included) it may have revoked the token all the same. */
function revocationFailure(error: unknown): UpstreamError {
  const status = githubStatus(error);
  if (status !== undefined && status < 500) {
    return new UpstreamError(
      'POST /credentials/revoke was refused: the old token was NOT revoked and still works. ' +
        'Run again, or revoke it by hand in its owner’s settings.',
      { service: 'GitHub', status, retryable: false },
    );
  }
  const what = status === undefined ? 'got no answer' : 'failed';
  return new UpstreamError(
    `POST /credentials/revoke ${what} (${githubMessage(error)}): the old token may or may not have been revoked. ` +
      'Check it with keyturn/verify (expect: 401): if it still works, run again or revoke it by hand in its owner’s settings.',
    { service: 'GitHub', retryable: false, ...(status === undefined ? {} : { status }) },
  );
}
