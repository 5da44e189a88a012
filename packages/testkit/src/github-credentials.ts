import { readFileSync } from 'node:fs';
import type { EmulatorRequest, Reply, Route } from './emulator';
import { jsonBody } from './emulator';
import { type GitHubEmulator, type GitHubEmulatorOptions, githubError, startGitHub } from './github';
import { findGitHubOperation, githubOpenApiPath, schemaProblems } from './github-openapi';
import { numericId, userBody } from './github-user';

/**
 * The GitHub routes a token rotation needs, added to the GitHub emulator
 * through its `extraRoutes`:
 * - `GET /user` answers per token: its login, `X-OAuth-Scopes` for a classic
 *   token, `GitHub-Authentication-Token-Expiration` when it expires.
 * - `POST /credentials/revoke` accepts only unauthenticated calls (an
 *   authenticated one gets 403, as on github.com), answers 202 and revokes
 *   LATER: after a number of further `GET /user` calls with the token, after
 *   some emulator time, or never, so a client's polling is exercised.
 * `GET /repos/{owner}/{repo}` with per-token access is the emulator's own.
 * Requests are checked against the OpenAPI description like every other
 * route; `githubResponseProblems` checks these routes' answers too.
 */
export interface TokenProfile {
  /** A classic token's scopes (`X-OAuth-Scopes`); no header when unset. */
  scopes?: readonly string[];
  /** When the token expires, epoch ms; no expiration header when unset. */
  expiresAt?: number;
  /** The account's numeric id; derived from the login when unset. */
  id?: number;
}

/** When an accepted revocation takes effect. */
export type RevocationDelay =
  /** After this many further GET /user calls with the token still succeed. */
  | { requests: number }
  /** Once this much emulator time (`now`) has passed. */
  | { ms: number }
  /** Accepted, never carried out: a revocation that does not complete in time. */
  | 'never';

export interface GitHubCredentialsOptions {
  revokeAfter?: RevocationDelay;
  /** Time for `{ ms }` delays and expiry; tests pass their fake clock's now. */
  now?: () => number;
}

interface PendingRevocation {
  remainingRequests: number;
  dueAt: number;
}

/** GitHub's format: `2026-03-01 12:00:00 UTC`. */
export function githubExpirationHeader(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export class GitHubCredentials {
  private readonly profiles = new Map<string, TokenProfile>();
  private readonly pending = new Map<string, PendingRevocation>();
  private readonly now: () => number;
  private github: GitHubEmulator | undefined;
  revokeAfter: RevocationDelay;
  /** Tokens whose revocation took effect, in order. */
  readonly revoked: string[] = [];

  constructor(options: GitHubCredentialsOptions = {}) {
    this.revokeAfter = options.revokeAfter ?? { requests: 0 };
    this.now = options.now ?? Date.now;
  }

  /** Scopes and expiry of a token added with `github.addToken`. */
  profile(token: string, profile: TokenProfile): void {
    this.profiles.set(token, profile);
  }

  /** Revocation requests received (each POST /credentials/revoke). */
  revokeRequests(): EmulatorRequest[] {
    return this.github?.requests.filter((request) => request.path === '/credentials/revoke') ?? [];
  }

  /** Whether a revocation of `token` was accepted and has not taken effect yet. */
  isPending(token: string): boolean {
    return this.pending.has(token);
  }

  routes(github: GitHubEmulator): Route[] {
    this.github = github;
    return [
      { method: 'GET', path: '/user', handler: (request) => this.user(github, request) },
      { method: 'POST', path: '/credentials/revoke', handler: (request) => this.revoke(request) },
    ];
  }

  /** Carries out the revocation of the token a request presents, when due. */
  private settle(github: GitHubEmulator, request: EmulatorRequest): void {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const pending = token === undefined ? undefined : this.pending.get(token);
    if (token === undefined || !pending) return;
    const due = pending.remainingRequests <= 0 || this.now() >= pending.dueAt;
    if (due) {
      github.removeToken(token);
      this.pending.delete(token);
      this.revoked.push(token);
      return;
    }
    pending.remainingRequests -= 1;
  }

  private user(github: GitHubEmulator, request: EmulatorRequest): Reply {
    this.settle(github, request);
    const auth = github.authenticate(request);
    if (!auth) return githubError(401, 'Bad credentials');
    const profile = this.profiles.get(auth.token) ?? {};
    const headers: Record<string, string> = {};
    if (profile.scopes !== undefined) headers['x-oauth-scopes'] = profile.scopes.join(', ');
    if (profile.expiresAt !== undefined) {
      headers['github-authentication-token-expiration'] = githubExpirationHeader(profile.expiresAt);
    }
    return { status: 200, headers, body: userBody(auth.options.login, profile.id ?? numericId(auth.options.login)) };
  }

  private revoke(request: EmulatorRequest): Reply {
    if (request.headers.authorization !== undefined) {
      return githubError(403, 'This endpoint does not accept authenticated requests.');
    }
    const body = jsonBody(request) as { credentials?: unknown } | undefined;
    const credentials = body?.credentials;
    if (!Array.isArray(credentials) || credentials.length === 0 || credentials.length > 1000) {
      return githubError(422, 'credentials must list 1 to 1000 credentials');
    }
    if (this.revokeAfter !== 'never') {
      const delay = this.revokeAfter;
      for (const credential of credentials) {
        if (typeof credential !== 'string' || this.pending.has(credential)) continue;
        this.pending.set(credential, {
          remainingRequests: 'requests' in delay ? delay.requests : Number.POSITIVE_INFINITY,
          dueAt: 'ms' in delay ? this.now() + delay.ms : Number.POSITIVE_INFINITY,
        });
      }
    }
    return { status: 202, body: {} };
  }
}

/** The GitHub emulator with the credential routes, sharing one clock. */
export async function startGitHubWithCredentials(
  options: GitHubEmulatorOptions & GitHubCredentialsOptions = {},
): Promise<{ github: GitHubEmulator; credentials: GitHubCredentials }> {
  const credentials = new GitHubCredentials({
    ...(options.revokeAfter === undefined ? {} : { revokeAfter: options.revokeAfter }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const { revokeAfter: _revokeAfter, ...githubOptions } = options;
  const github = await startGitHub({
    ...githubOptions,
    extraRoutes: (emulator) => [...credentials.routes(emulator), ...(options.extraRoutes?.(emulator) ?? [])],
  });
  return { github, credentials };
}

type ResponseDescription = {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { responses: Record<string, unknown> };
};
let responseDescription: ResponseDescription | undefined;

/**
 * How an answer departs from the schema GitHub's description gives for that
 * operation and status; empty when it fits. For the emulator's own tests:
 * an answer a real client would choke on must not pass them.
 */
export function githubResponseProblems(method: string, path: string, status: number, body: unknown): string[] {
  const operation = findGitHubOperation(method, path);
  if (!operation) return [`GitHub's API has no ${method} ${path}`];
  responseDescription ??= JSON.parse(readFileSync(githubOpenApiPath(), 'utf8')) as ResponseDescription;
  const description = responseDescription;
  let response = description.paths[operation.template]?.[operation.method]?.responses?.[String(status)] as
    | { $ref?: string; content?: Record<string, { schema?: unknown }> }
    | undefined;
  if (response?.$ref) {
    response = description.components.responses[response.$ref.split('/').pop() ?? ''] as typeof response;
  }
  if (!response) return [`GitHub does not document status ${status} for ${method} ${operation.template}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [];
  return schemaProblems(description as never, schema as never, body, 'response');
}
