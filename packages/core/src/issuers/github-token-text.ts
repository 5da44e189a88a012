import { DAY_MS } from '../duration';

/**
 * What a GitHub token's text and GET /user's headers say about it, without
 * any request: its kind from the prefix GitHub gives each kind, and its expiry
 * from `GitHub-Authentication-Token-Expiration`. No client is loaded here, so
 * the manifest checks (every bundle) can use it.
 */
export type TokenType = 'classic' | 'fine-grained' | 'app' | 'oauth' | 'unknown';

const PREFIXES: readonly [string, TokenType][] = [
  ['github_pat_', 'fine-grained'],
  ['ghp_', 'classic'],
  ['ghs_', 'app'],
  ['gho_', 'oauth'],
  ['ghu_', 'oauth'],
];

export function tokenType(token: string): TokenType {
  return PREFIXES.find(([prefix]) => token.startsWith(prefix))?.[1] ?? 'unknown';
}

/** POST /credentials/revoke takes these; an app installation token (ghs_)
 * expires within the hour by itself and cannot be revoked that way. */
export function revocable(type: TokenType): boolean {
  return type === 'classic' || type === 'fine-grained' || type === 'oauth';
}

/**
 * The expiration header as epoch ms. GitHub writes `2026-03-01 12:00:00 UTC`;
 * some versions write an offset (`+0000`, `-0700`). Undefined when absent
 * (the token does not expire); NaN-free: an unreadable header throws.
 */
export function parseExpiration(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(UTC|Z|[+-]\d{2}:?\d{2})$/.exec(header.trim());
  if (!match) throw new Error(`GitHub sent an expiration header keyturn cannot read: '${header}'`);
  const [, date, time, zone = 'UTC'] = match;
  const offset = zone === 'UTC' || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  if (Number.isNaN(ms)) throw new Error(`GitHub sent an expiration header keyturn cannot read: '${header}'`);
  return ms;
}

/** Whole days from now until expiry (negative once expired). */
export function daysLeft(expiresAt: number, now: number): number {
  return Math.floor((expiresAt - now) / DAY_MS);
}

/** `X-OAuth-Scopes: repo, workflow` as a list; undefined when the header is absent. */
export function parseScopes(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

/** GitHub's longest PAT lifetime is a year; more cannot be asked of one. */
export const MAX_MIN_DAYS_LEFT = 366;
export const DEFAULT_MIN_DAYS_LEFT = 7;
export const GITHUB_REPO = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export interface RepoRef {
  owner: string;
  repo: string;
  /** As written: `owner/repo`. */
  line: string;
}
