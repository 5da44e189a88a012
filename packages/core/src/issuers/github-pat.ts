import { createGitHubClient, DEFAULT_GITHUB_API_URL, type GitHubClient } from '../adapters/github-client';
import { formatDuration } from '../duration';
import { CheckFailedError, InputError } from '../errors';
import { credentialUrlProblem } from '../http-policy';
import type { IssuedValue, Issuer, IssuerCheck, IssuerExpiry, IssuerOpenContext, RetireResult } from '../issuer';
import type { StoredSecret } from '../ports';
import {
  GITHUB_API_URL_INPUT,
  type GitHubPatConfig,
  NEEDS_PERSON,
  NEW_TOKEN_INPUT,
  parseGitHubPatConfig,
} from './github-pat-config';
import {
  awaitRefused,
  checkExpiry,
  checkReadable,
  describeToken,
  identifyToken,
  requestRevocation,
  sameLogin,
  type TokenIdentity,
} from './github-token';
import { revocable, tokenType } from './github-token-text';

/**
 * The `github-pat` issuer: a person creates the token (GitHub has no API to
 * make one) and hands it to the run as `new-token`; keyturn checks it as
 * rotate-pat does (core's ./github-token, one implementation), the engine
 * stores it and pushes it to every target, then the old token — the store's
 * previous value — is revoked with POST /credentials/revoke and polled until
 * GitHub answers 401.
 *
 *   check:        GET /user with new-token (200, the expected login, enough
 *                 days left), every required repository readable; GET /user
 *                 with the stored token for the login to expect.
 *   issue:        new-token, as checked (nothing changes at GitHub).
 *   proveNew:     GET /user 200 with the stored value, same login.
 *   retire:       POST /credentials/revoke (unauthenticated, as github.com wants).
 *   proveRetired: GET /user with the old token until 401, within revoke-within.
 *   expiry:       the stored token's expiry, for the nightly monitor.
 */
/** How long GitHub may take to carry out a revocation (SPEC: rotate-pat's revoke-within default). */
export const GITHUB_PAT_REVOKE_WITHIN_MS = 10 * 60_000;

export interface GitHubPatTuning {
  revokeWithinMs?: number;
  fetch?: typeof globalThis.fetch;
}

function apiUrl(context: IssuerOpenContext): string {
  const text = context.credentials[GITHUB_API_URL_INPUT] || context.env?.GITHUB_API_URL || DEFAULT_GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      GITHUB_API_URL_INPUT,
      `is '${text}', not a URL`,
      `Give an absolute URL such as ${DEFAULT_GITHUB_API_URL}.`,
    );
  }
  const problem = credentialUrlProblem(url);
  if (problem) throw new InputError(GITHUB_API_URL_INPUT, problem, 'Use an https:// URL.');
  return text.replace(/\/+$/, '');
}

export class GitHubPatIssuer implements Issuer {
  readonly kind = 'github-pat';
  private readonly config: GitHubPatConfig;
  private readonly context: IssuerOpenContext;
  private readonly githubApiUrl: string;
  private readonly newToken: string | undefined;
  private readonly revokeWithinMs: number;
  private readonly fetch: typeof globalThis.fetch;
  /** new-token's identity, learned by check. */
  private fresh: TokenIdentity | undefined;

  constructor(config: GitHubPatConfig, context: IssuerOpenContext, tuning: GitHubPatTuning = {}) {
    this.config = config;
    this.context = context;
    this.githubApiUrl = apiUrl(context);
    const token = context.credentials[NEW_TOKEN_INPUT];
    this.newToken = token === undefined || token === '' ? undefined : token;
    if (this.newToken !== undefined) context.secrets.mask(this.newToken);
    this.revokeWithinMs = tuning.revokeWithinMs ?? GITHUB_PAT_REVOKE_WITHIN_MS;
    const deadlineMs = context.requestTimeoutMs;
    this.fetch =
      tuning.fetch ??
      (deadlineMs === undefined
        ? (input, init) => globalThis.fetch(input, init)
        : (input, init) =>
            globalThis.fetch(input, {
              ...init,
              signal: init?.signal
                ? AbortSignal.any([init.signal, AbortSignal.timeout(deadlineMs)])
                : AbortSignal.timeout(deadlineMs),
            }));
  }

  private client(token: string | undefined): GitHubClient {
    return createGitHubClient({
      ...(token === undefined ? {} : { token }),
      baseUrl: this.githubApiUrl,
      clock: this.context.clock,
      sleep: this.context.sleep,
      log: (message) => this.context.log.info(message),
      ...(this.context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.context.requestTimeoutMs }),
    });
  }

  private now(): number {
    return this.context.clock.now();
  }

  private requireNewToken(): string {
    if (this.newToken === undefined) {
      throw new InputError(
        NEW_TOKEN_INPUT,
        `is empty, and ${this.context.entry} has a github-pat issuer`,
        `This rotation ${NEEDS_PERSON}.`,
      );
    }
    return this.newToken;
  }

  async check(
    current: StoredSecret | undefined,
    previous?: StoredSecret,
    options: { resuming?: boolean } = {},
  ): Promise<IssuerCheck | undefined> {
    // A resumed rotation reuses the stored token; new-token is not needed again.
    if (options.resuming && this.newToken === undefined) return { plan: 'resume with the stored token' };
    const newToken = this.requireNewToken();
    const type = tokenType(newToken);
    // new-token already stored: a run that stopped after its store write (a
    // store without a pending mark). The old token is then the previous version.
    const alreadyStored = current !== undefined && current.value === newToken;
    const old = alreadyStored ? previous : current;
    if (alreadyStored && (previous === undefined || previous.value === newToken)) {
      throw new InputError(
        NEW_TOKEN_INPUT,
        `is the token the store already holds (version ${current.version}), and no earlier token is stored before it`,
        'Create a new token first, then pass it as new-token.',
      );
    }
    const github = this.client(newToken);
    const fresh = await identifyToken(github, NEW_TOKEN_INPUT, type);
    if (fresh === 'refused') {
      throw new CheckFailedError('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
    }
    if (this.context.retireOld && old !== undefined && !revocable(tokenType(old.value))) {
      throw new InputError(
        'revoke-old',
        `is true, but the stored token (version ${old.version}) is not one GitHub can revoke by API (a ghs_ app token, or no ghp_/github_pat_/gho_/ghu_ prefix)`,
        'Set revoke-old: false for this entry and revoke the old token where it was issued.',
      );
    }
    let expected = this.config.expectedLogin;
    let oldNote = '';
    if (old !== undefined) {
      const identity = await identifyToken(this.client(old.value), 'the stored token', tokenType(old.value));
      if (identity === 'refused')
        oldNote = `; the old token (version ${old.version}) is already refused by GitHub (401)`;
      else {
        if (expected !== undefined && !sameLogin(identity.login, expected)) {
          throw new CheckFailedError(
            `the stored token (version ${old.version}) belongs to ${identity.login}, not expected-login ${expected}.`,
          );
        }
        expected ??= identity.login;
      }
    }
    if (expected === undefined) {
      throw new InputError(
        'issuer.expected-login',
        `is not set, and ${old === undefined ? 'the store holds no token yet' : 'the stored token is refused by GitHub'}, so new-token's login (${fresh.login}) cannot be checked`,
        'Set expected-login: the account the token must belong to.',
      );
    }
    if (!sameLogin(fresh.login, expected)) {
      throw new CheckFailedError(
        `new-token belongs to ${fresh.login}, not ${expected}` +
          `${this.config.expectedLogin === undefined ? ' (the account of the stored token)' : ''}. ` +
          'Create the token while signed in as the right account.',
      );
    }
    checkExpiry(fresh, this.config.minDaysLeft, NEW_TOKEN_INPUT, this.now());
    await checkReadable(github, this.config.requiredRepos, NEW_TOKEN_INPUT);
    this.fresh = fresh;
    const reads = this.config.requiredRepos.length
      ? `; reads ${this.config.requiredRepos.map((repo) => repo.line).join(', ')}`
      : '';
    const described = `${describeToken(type, fresh, this.now())}${reads}`;
    if (alreadyStored) {
      return {
        plan: `resume: new-token (${described}) is already version ${current.version} in the store; finish the rotation of version ${previous?.version}${oldNote}`,
        alreadyStored: true,
      };
    }
    return { plan: `store new-token (${described})${oldNote}` };
  }

  async issue(current: StoredSecret | undefined, previous?: StoredSecret): Promise<IssuedValue> {
    if (this.fresh === undefined) await this.check(current, previous);
    const newToken = this.requireNewToken();
    const fresh = this.fresh as TokenIdentity | undefined;
    return {
      value: newToken,
      detail: fresh ? `${describeToken(tokenType(newToken), fresh, this.now())}, created by a person` : 'new-token',
    };
  }

  async proveNew(value: string): Promise<void> {
    const identity = await identifyToken(this.client(value), 'the new token', tokenType(value));
    if (identity === 'refused') {
      throw new CheckFailedError(
        'GitHub refuses the new token (401): it was revoked or has expired since it was stored.',
      );
    }
    const expected = this.config.expectedLogin ?? this.fresh?.login;
    if (expected !== undefined && !sameLogin(identity.login, expected)) {
      throw new CheckFailedError(`the new token belongs to ${identity.login}, not ${expected}.`);
    }
  }

  async retire(old: StoredSecret, options: { graceMs: number | undefined }): Promise<RetireResult> {
    if (options.graceMs !== undefined && options.graceMs > 0) {
      return { outcome: 'kept', detail: `the old token is kept for ${formatDuration(options.graceMs)}` };
    }
    const type = tokenType(old.value);
    if (!revocable(type)) {
      throw new CheckFailedError(
        `the old token (version ${old.version}) is ${type === 'app' ? 'a GitHub App installation token (ghs_)' : 'not a token GitHub can revoke by API'}: ` +
          'revoke it where it was issued, and set revoke-old: false for this entry.',
      );
    }
    const identity = await identifyToken(this.client(old.value), 'the old token', type);
    if (identity === 'refused')
      return { outcome: 'already-retired', detail: 'GitHub already refuses the old token (401)' };
    const accepted = await requestRevocation(old.value, this.client(undefined));
    this.context.log.info(`GitHub accepted the revocation of the old token (${accepted}).`);
    return { outcome: 'revoked', detail: `POST /credentials/revoke accepted (${accepted})` };
  }

  async proveRetired(old: StoredSecret): Promise<void> {
    await awaitRefused(old.value, {
      githubApiUrl: this.githubApiUrl,
      fetch: this.fetch,
      clock: this.context.clock,
      sleep: this.context.sleep,
      log: (line) => this.context.log.info(line),
      withinMs: this.revokeWithinMs,
      label: 'the old token',
    });
  }

  async expiry(current: StoredSecret): Promise<IssuerExpiry> {
    const type = tokenType(current.value);
    const identity = await identifyToken(this.client(current.value), 'the stored token', type);
    if (identity === 'refused') {
      throw new CheckFailedError(
        `GitHub refuses the stored token (version ${current.version}, 401): it has expired or was revoked. ` +
          `Its rotation ${NEEDS_PERSON}.`,
      );
    }
    return {
      expiresAt: identity.expiresAt,
      warnDays: this.config.minDaysLeft,
      subject: `${type} token of ${identity.login}`,
      fix: `Its rotation ${NEEDS_PERSON}.`,
    };
  }
}

export function openGitHubPatIssuer(context: IssuerOpenContext, tuning?: GitHubPatTuning): GitHubPatIssuer {
  return new GitHubPatIssuer(parseGitHubPatConfig(context.config, `${context.entry}.issuer`), context, tuning);
}
