/**
 * The destination-line syntax of SPEC.md, parsed and checked in full before
 * any request: a typo in one line must fail the run before the first write.
 */
export type OrgVisibility = 'all' | 'private' | 'selected';

export interface OrgVisibilityRequest {
  visibility: OrgVisibility;
  /** Repository names, for `selected`. */
  repos: readonly string[];
}

interface TargetBase {
  /** The line as written, for reports. It holds names, never values. */
  readonly line: string;
  readonly name: string;
}

export type Target =
  | (TargetBase & { kind: 'github'; owner: string; repo: string })
  | (TargetBase & { kind: 'github-env'; owner: string; repo: string; environment: string })
  | (TargetBase & { kind: 'github-org'; org: string; visibility?: OrgVisibilityRequest })
  | (TargetBase & { kind: 'dependabot'; owner: string; repo: string })
  | (TargetBase & { kind: 'dependabot-org'; org: string; visibility?: OrgVisibilityRequest })
  | (TargetBase & { kind: 'heroku'; app: string });

export type TargetKind = Target['kind'];

/** GitHub's documented limit for one secret value. */
export const GITHUB_SECRET_MAX_BYTES = 48 * 1024;
/** Heroku's limit for all of an app's config vars together. */
export const HEROKU_CONFIG_MAX_BYTES = 32 * 1024;

/** A problem with one line; the caller turns it into an InputError. */
export class TargetSyntaxError extends Error {
  override name = 'TargetSyntaxError';
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const GITHUB_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEROKU_APP = /^(?:[a-z][a-z0-9-]{1,28}[a-z0-9]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const HEROKU_VAR = /^\w+$/;

export function checkGithubSecretName(name: string): void {
  if (!GITHUB_SECRET_NAME.test(name)) {
    throw new TargetSyntaxError(
      `secret name '${name}' may hold only letters, digits and _, and may not start with a digit`,
    );
  }
  if (/^GITHUB_/i.test(name)) {
    throw new TargetSyntaxError(`secret name '${name}' may not start with GITHUB_ (GitHub reserves it)`);
  }
}

function checkOwner(owner: string, what: string): void {
  if (!GITHUB_OWNER.test(owner)) throw new TargetSyntaxError(`${what} '${owner}' is not a GitHub account name`);
}

function checkRepo(repo: string): void {
  if (!GITHUB_REPO.test(repo) || repo === '.' || repo === '..') {
    throw new TargetSyntaxError(`repository '${repo}' is not a GitHub repository name`);
  }
}

function parseVisibility(query: string | undefined, line: string): OrgVisibilityRequest | undefined {
  if (query === undefined) return undefined;
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (key !== 'visibility' && key !== 'repos') {
      throw new TargetSyntaxError(`'${line}' has unknown option '${key}' (only visibility and repos)`);
    }
  }
  const visibility = params.get('visibility');
  if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') {
    throw new TargetSyntaxError(`'${line}' needs visibility=all, visibility=private or visibility=selected&repos=a,b`);
  }
  const repos = (params.get('repos') ?? '')
    .split(',')
    .map((repo) => repo.trim())
    .filter((repo) => repo !== '');
  if (visibility === 'selected' && repos.length === 0) {
    throw new TargetSyntaxError(`'${line}' has visibility=selected but no repos=a,b`);
  }
  if (visibility !== 'selected' && repos.length > 0) {
    throw new TargetSyntaxError(`'${line}' lists repos, which only visibility=selected uses`);
  }
  for (const repo of repos) checkRepo(repo);
  return { visibility, repos };
}

const SCHEMES = ['github', 'github-org', 'dependabot', 'dependabot-org', 'heroku'] as const;

export function parseTarget(line: string): Target {
  const colon = line.indexOf(':');
  const scheme = line.slice(0, colon);
  if (colon < 0 || !(SCHEMES as readonly string[]).includes(scheme)) {
    throw new TargetSyntaxError(`'${line}' does not start with one of ${SCHEMES.map((s) => `${s}:`).join(', ')}`);
  }
  const [path = '', query] = line.slice(colon + 1).split('?', 2) as [string, string | undefined];
  const parts = path.split('/');
  const isOrg = scheme === 'github-org' || scheme === 'dependabot-org';
  if (query !== undefined && !isOrg) {
    throw new TargetSyntaxError(`'${line}' has options, which only organization secrets take`);
  }

  if (scheme === 'heroku') {
    const [app = '', name = ''] = parts;
    if (parts.length !== 2) throw new TargetSyntaxError(`'${line}' must read heroku:APP/NAME`);
    if (!HEROKU_APP.test(app)) throw new TargetSyntaxError(`Heroku app '${app}' is not an app name or id`);
    if (!HEROKU_VAR.test(name)) {
      throw new TargetSyntaxError(`config var '${name}' may hold only letters, digits and _ (Heroku's rule)`);
    }
    return { kind: 'heroku', line, app, name };
  }

  if (isOrg) {
    const [org = '', name = ''] = parts;
    if (parts.length !== 2) throw new TargetSyntaxError(`'${line}' must read ${scheme}:ORG/NAME`);
    checkOwner(org, 'organization');
    checkGithubSecretName(name);
    const visibility = parseVisibility(query, line);
    const kind = scheme === 'github-org' ? 'github-org' : 'dependabot-org';
    return visibility ? { kind, line, org, name, visibility } : { kind, line, org, name };
  }

  const [owner = '', repoPart = '', name = ''] = parts;
  if (parts.length !== 3) throw new TargetSyntaxError(`'${line}' must read ${scheme}:OWNER/REPO/NAME`);
  checkOwner(owner, 'owner');
  checkGithubSecretName(name);
  const at = repoPart.indexOf('@');
  if (at >= 0) {
    if (scheme !== 'github') throw new TargetSyntaxError(`'${line}': environments exist only for github: secrets`);
    const repo = repoPart.slice(0, at);
    const environment = repoPart.slice(at + 1);
    checkRepo(repo);
    if (environment === '' || environment.length > 255) {
      throw new TargetSyntaxError(`'${line}' names an empty or over-long environment`);
    }
    return { kind: 'github-env', line, owner, repo, environment, name };
  }
  checkRepo(repoPart);
  return scheme === 'github'
    ? { kind: 'github', line, owner, repo: repoPart, name }
    : { kind: 'dependabot', line, owner, repo: repoPart, name };
}

/** The identity of the place a target writes to: two lines with the same key
 * would write the same secret twice. GitHub names are case-insensitive. */
export function targetKey(target: Target): string {
  switch (target.kind) {
    case 'github':
    case 'dependabot':
      return `${target.kind}:${target.owner}/${target.repo}/${target.name}`.toLowerCase();
    case 'github-env':
      return `${target.kind}:${target.owner}/${target.repo}@${target.environment}/${target.name}`.toLowerCase();
    case 'github-org':
    case 'dependabot-org':
      return `${target.kind}:${target.org}/${target.name}`.toLowerCase();
    case 'heroku':
      return `heroku:${target.app}/${target.name}`;
  }
}

/** Checks a value against every target's size rule; returns the problem. */
export function valueSizeProblem(target: Target, value: string): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (target.kind === 'heroku') {
    return bytes > HEROKU_CONFIG_MAX_BYTES
      ? `the value is ${bytes} bytes; Heroku allows ${HEROKU_CONFIG_MAX_BYTES} for all config vars of an app`
      : undefined;
  }
  return bytes > GITHUB_SECRET_MAX_BYTES
    ? `the value is ${bytes} bytes; GitHub allows ${GITHUB_SECRET_MAX_BYTES} per secret`
    : undefined;
}
