import type { InputReader } from '../inputs';
import { checkPlaceSegment, type OrgVisibilityRequest, type TargetBase, TargetSyntaxError } from '../targets';
import { createGitHubClient, DEFAULT_GITHUB_API_URL } from './github-client';
import { GITHUB_KINDS, GitHubSecretsDestination } from './github-secrets';
import { type DestinationModule, type Env, missingCredential, readApiUrl } from './module-types';

/**
 * GitHub Actions and Dependabot secrets: `github:`, `github-org:`,
 * `dependabot:` and `dependabot-org:` lines, the `github-token` credential,
 * and the adapter that seals values against each scope's public key.
 */
export type GitHubTarget =
  | (TargetBase & { kind: 'github'; owner: string; repo: string })
  | (TargetBase & { kind: 'github-env'; owner: string; repo: string; environment: string })
  | (TargetBase & { kind: 'github-org'; org: string; visibility?: OrgVisibilityRequest })
  | (TargetBase & { kind: 'dependabot'; owner: string; repo: string })
  | (TargetBase & { kind: 'dependabot-org'; org: string; visibility?: OrgVisibilityRequest });

export interface GitHubSettings {
  /** Masked when read. */
  token: string | undefined;
  apiUrl: string;
}

/** GitHub's documented limit for one secret value. */
export const GITHUB_SECRET_MAX_BYTES = 48 * 1024;
/** GitHub's limit on an environment name. */
const GITHUB_ENVIRONMENT_MAX = 255;

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const GITHUB_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const GITHUB_TOKEN_FIX =
  'Pass a token that may write secrets (a fine-grained PAT with Secrets: read and write, or a GitHub App token): ' +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'github-token: ${{ secrets.SECRETS_WRITER_TOKEN }}. The workflow GITHUB_TOKEN cannot write secrets.';

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

/** An environment name: any printable text GitHub takes, as one path segment. */
function checkEnvironment(environment: string, line: string): void {
  if (environment === '' || environment.length > GITHUB_ENVIRONMENT_MAX) {
    throw new TargetSyntaxError(`'${line}' names an empty or over-long environment`);
  }
  checkPlaceSegment(environment, `environment '${environment}'`);
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

/** `github-api-url`, defaulting to the runner's GITHUB_API_URL (GHES), then github.com. */
export function readGitHubApiUrl(inputs: InputReader, env: Env): string {
  return readApiUrl(inputs, 'github-api-url', env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL);
}

export const githubDestination: DestinationModule<GitHubTarget, GitHubSettings> = {
  service: 'GitHub',
  schemes: {
    github: ['github:OWNER/REPO/NAME', 'github:OWNER/REPO@ENV/NAME'],
    'github-org': ['github-org:ORG/NAME[?visibility=all|private|selected&repos=a,b]'],
    dependabot: ['dependabot:OWNER/REPO/NAME'],
    'dependabot-org': ['dependabot-org:ORG/NAME'],
  },
  kinds: GITHUB_KINDS,

  parse({ scheme, path, query, line }) {
    const parts = path.split('/');
    const isOrg = scheme === 'github-org' || scheme === 'dependabot-org';
    if (query !== undefined && !isOrg) {
      throw new TargetSyntaxError(`'${line}' has options, which only organization secrets take`);
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
      checkEnvironment(environment, line);
      return { kind: 'github-env', line, owner, repo, environment, name };
    }
    checkRepo(repoPart);
    return scheme === 'github'
      ? { kind: 'github', line, owner, repo: repoPart, name }
      : { kind: 'dependabot', line, owner, repo: repoPart, name };
  },

  format(target) {
    switch (target.kind) {
      case 'github':
      case 'dependabot':
        return `${target.kind}:${target.owner}/${target.repo}/${target.name}`;
      case 'github-env':
        return `github:${target.owner}/${target.repo}@${target.environment}/${target.name}`;
      case 'github-org':
      case 'dependabot-org': {
        const base = `${target.kind}:${target.org}/${target.name}`;
        if (!target.visibility) return base;
        const { visibility, repos } = target.visibility;
        return `${base}?visibility=${visibility}${repos.length > 0 ? `&repos=${repos.join(',')}` : ''}`;
      }
    }
  },

  // GitHub names are case-insensitive: ACME/api/X and acme/API/x are one secret.
  key(target) {
    switch (target.kind) {
      case 'github':
      case 'dependabot':
        return `${target.kind}:${target.owner}/${target.repo}/${target.name}`.toLowerCase();
      case 'github-env':
        return `${target.kind}:${target.owner}/${target.repo}@${target.environment}/${target.name}`.toLowerCase();
      case 'github-org':
      case 'dependabot-org':
        return `${target.kind}:${target.org}/${target.name}`.toLowerCase();
    }
  },

  valueSizeProblem(_target, value) {
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes > GITHUB_SECRET_MAX_BYTES
      ? `the value is ${bytes} bytes; GitHub allows ${GITHUB_SECRET_MAX_BYTES} per secret`
      : undefined;
  },

  inputs: [
    {
      name: 'github-token',
      default: '',
      secret: true,
      description:
        'A token that may write secrets at every github / dependabot target (a fine-grained PAT with Secrets read and write, or an app token). Masked at once.',
    },
    {
      name: 'github-api-url',
      default: '',
      secret: false,
      description: "GitHub's REST API URL (GHES: https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
    },
  ],

  readSettings(inputs, env, needed) {
    const token = inputs.secret('github-token');
    if (needed && token === undefined) throw missingCredential('github-token', needed.line, 'GitHub', GITHUB_TOKEN_FIX);
    return { token, apiUrl: readGitHubApiUrl(inputs, env) };
  },

  open(settings, context, tuning) {
    if (settings.token === undefined) return undefined;
    const client = createGitHubClient({
      token: settings.token,
      baseUrl: settings.apiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log: (message) => context.runner.info(message),
      ...(tuning.concurrency === undefined ? {} : { concurrency: tuning.concurrency }),
      ...(tuning.githubWritePace === undefined ? {} : { writePace: tuning.githubWritePace }),
      ...(tuning.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: tuning.requestTimeoutMs }),
    });
    return new GitHubSecretsDestination(client, { notice: (message) => context.runner.warning(message) });
  },
};
