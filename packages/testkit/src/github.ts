import sodium from 'libsodium-wrappers';
import { Emulator, type EmulatorRequest, jsonBody, type Reply, type Route, type RouteParams } from './emulator';
import { preloadGitHubOpenApi, validateGitHubRequest } from './github-openapi';
import { numericId, userBody } from './github-user';

/**
 * A local GitHub REST API for tests and benchmarks: Actions secrets of
 * repositories, environments and organizations, and Dependabot secrets of
 * repositories and organizations. Public keys come from real libsodium key
 * pairs and every stored value is opened with the private key, so a test
 * compares plaintext, and a value sealed wrong fails as it would on GitHub.
 *
 * Every request is checked against GitHub's OpenAPI description; problems
 * land in `violations`, which a test asserts is empty. Tokens are checked on
 * every request; a secondary rate limit (a write budget per window, per
 * token) answers 403 with GitHub's message and `retry-after`.
 *
 * Other engineers add routes (GET /user, POST /credentials/revoke…) through
 * `extraRoutes`, which receives this state to authenticate and look things up.
 */
export interface GitHubTokenOptions {
  login: string;
  /** Reads work; writes answer 403 as for a token without the permission. */
  readOnly?: boolean;
  /** Repositories (`owner/repo`) and organizations the token can see; all when unset. */
  access?: readonly string[];
}

export interface WriteBudget {
  /** Mutating requests allowed per window, per token. */
  writes: number;
  windowMs: number;
}

/** GitHub's documented limit: about 80 content-creating requests a minute. */
export const GITHUB_WRITE_BUDGET: WriteBudget = Object.freeze({ writes: 80, windowMs: 60_000 });

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.';

export type SecretApp = 'actions' | 'dependabot';
export type OrgVisibility = 'all' | 'private' | 'selected';

interface KeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface StoredGitHubSecret {
  /** The plaintext, opened with the scope's private key. */
  value: string;
  createdAt: string;
  updatedAt: string;
  /** How many times it was written through the API. */
  writes: number;
}

export interface StoredOrgSecret extends StoredGitHubSecret {
  visibility: OrgVisibility;
  selectedRepositoryIds: number[];
}

interface SecretScope<T extends StoredGitHubSecret = StoredGitHubSecret> {
  key: KeyPair;
  secrets: Map<string, T>;
}

interface RepoState {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  environments: Map<string, SecretScope>;
  actions: SecretScope;
  dependabot: SecretScope;
}

interface OrgState {
  login: string;
  actions: SecretScope<StoredOrgSecret>;
  dependabot: SecretScope<StoredOrgSecret>;
}

export interface GitHubEmulatorOptions {
  latencyMs?: number;
  /** Secondary rate limit on writes; off when unset. */
  writeBudget?: WriteBudget;
  /** Time for the write windows; tests pass their fake clock's now. */
  now?: () => number;
  extraRoutes?: (github: GitHubEmulator) => Route[];
}

let keyCounter = 0;

function newKeyPair(): KeyPair {
  const pair = sodium.crypto_box_keypair();
  keyCounter += 1;
  return {
    keyId: `5687${String(keyCounter).padStart(14, '0')}`,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function githubError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers,
    body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
  };
}

export class GitHubEmulator {
  /** Set by start(), once the server listens. */
  emulator!: Emulator;
  private readonly tokens = new Map<string, GitHubTokenOptions>();
  private readonly repos = new Map<string, RepoState>();
  private readonly orgs = new Map<string, OrgState>();
  private readonly writeBudget: WriteBudget | undefined;
  private readonly now: () => number;
  private readonly windows = new Map<string, { start: number; used: number }>();
  private nextRepoId = 1296269;
  /** Writes answered with the secondary-rate-limit 403. */
  rateLimited = 0;

  private constructor(options: GitHubEmulatorOptions) {
    this.writeBudget = options.writeBudget;
    this.now = options.now ?? Date.now;
  }

  /** `GET /user`: the token's account, 401 for an unknown token (a CLI's first call). */
  userRoute(): Route {
    return {
      method: 'GET',
      path: '/user',
      handler: (request) => {
        const auth = this.authenticate(request);
        if (!auth) return githubError(401, 'Bad credentials');
        return { status: 200, body: userBody(auth.options.login, numericId(auth.options.login)) };
      },
    };
  }

  static async start(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
    await sodium.ready;
    preloadGitHubOpenApi();
    const github = new GitHubEmulator(options);
    github.emulator = await Emulator.start({
      name: 'github',
      // The plain GET /user last: an extra route (GitHubCredentials) answers it its own way.
      routes: [...github.secretRoutes(), ...(options.extraRoutes?.(github) ?? []), github.userRoute()],
      validate: (request) => validateGitHubRequest(request),
      ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    });
    return github;
  }

  get url(): string {
    return this.emulator.url;
  }

  get requests(): EmulatorRequest[] {
    return this.emulator.requests;
  }

  get violations(): string[] {
    return this.emulator.violations;
  }

  mutatingRequests(): EmulatorRequest[] {
    return this.emulator.mutatingRequests();
  }

  close(): Promise<void> {
    return this.emulator.close();
  }

  addToken(token: string, options: GitHubTokenOptions): void {
    this.tokens.set(token, options);
  }

  /** Makes a token fail from now on, as a revocation does. */
  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  addRepo(fullName: string, options: { environments?: readonly string[]; private?: boolean } = {}): number {
    const [owner = '', name = ''] = fullName.split('/');
    const id = this.nextRepoId++;
    this.repos.set(fullName.toLowerCase(), {
      id,
      owner,
      name,
      private: options.private ?? true,
      environments: new Map(
        (options.environments ?? []).map((env) => [env, { key: newKeyPair(), secrets: new Map() }]),
      ),
      actions: { key: newKeyPair(), secrets: new Map() },
      dependabot: { key: newKeyPair(), secrets: new Map() },
    });
    return id;
  }

  addOrg(login: string): void {
    this.orgs.set(login.toLowerCase(), {
      login,
      actions: { key: newKeyPair(), secrets: new Map() },
      dependabot: { key: newKeyPair(), secrets: new Map() },
    });
  }

  repoId(fullName: string): number | undefined {
    return this.repos.get(fullName.toLowerCase())?.id;
  }

  /** Seeds an org secret as if someone had configured it by hand. */
  seedOrgSecret(
    org: string,
    app: SecretApp,
    name: string,
    value: string,
    visibility: OrgVisibility,
    selectedRepos: readonly string[] = [],
  ): void {
    const state = this.orgs.get(org.toLowerCase());
    if (!state) throw new Error(`no org ${org}`);
    const ids = selectedRepos.map((repo) => {
      const id = this.repoId(repo);
      if (id === undefined) throw new Error(`no repo ${repo}`);
      return id;
    });
    const at = iso(this.now());
    state[app].secrets.set(name.toUpperCase(), {
      value,
      createdAt: at,
      updatedAt: at,
      writes: 0,
      visibility,
      selectedRepositoryIds: ids,
    });
  }

  /** Seeds a repository (or environment) secret as if someone had set it by hand. */
  seedRepoSecret(fullName: string, name: string, value: string, environment?: string): void {
    const repo = this.repos.get(fullName.toLowerCase());
    const scope = environment === undefined ? repo?.actions : repo?.environments.get(environment);
    if (!scope) throw new Error(`no repo or environment ${fullName} ${environment ?? ''}`);
    const at = iso(this.now());
    scope.secrets.set(name.toUpperCase(), { value, createdAt: at, updatedAt: at, writes: 0 });
  }

  repoSecret(fullName: string, name: string, app: SecretApp = 'actions'): StoredGitHubSecret | undefined {
    return this.repos.get(fullName.toLowerCase())?.[app].secrets.get(name.toUpperCase());
  }

  environmentSecret(fullName: string, environment: string, name: string): StoredGitHubSecret | undefined {
    return this.repos.get(fullName.toLowerCase())?.environments.get(environment)?.secrets.get(name.toUpperCase());
  }

  orgSecret(org: string, name: string, app: SecretApp = 'actions'): StoredOrgSecret | undefined {
    return this.orgs.get(org.toLowerCase())?.[app].secrets.get(name.toUpperCase());
  }

  /** The token a request presents when GitHub accepts it, else undefined. */
  authenticate(request: EmulatorRequest): { token: string; options: GitHubTokenOptions } | undefined {
    const header = request.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header);
    const token = match?.[1];
    if (token === undefined) return undefined;
    const options = this.tokens.get(token);
    return options ? { token, options } : undefined;
  }

  /** Wraps a handler: 401 for a bad token, 403 for a read-only token's write,
   * the secondary rate limit for writes past the budget. */
  guarded(
    handler: (request: EmulatorRequest, params: RouteParams, token: GitHubTokenOptions) => Reply,
  ): Route['handler'] {
    return (request, params) => {
      const auth = this.authenticate(request);
      if (!auth) return githubError(401, 'Bad credentials');
      const writing = request.method !== 'GET' && request.method !== 'HEAD';
      if (writing) {
        const limited = this.spendWrite(auth.token);
        if (limited) return limited;
        if (auth.options.readOnly) return githubError(403, 'Resource not accessible by personal access token');
      }
      return handler(request, params, auth.options);
    };
  }

  private spendWrite(token: string): Reply | undefined {
    if (!this.writeBudget) return undefined;
    const now = this.now();
    let window = this.windows.get(token);
    if (!window || now - window.start >= this.writeBudget.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(token, window);
    }
    if (window.used < this.writeBudget.writes) {
      window.used += 1;
      return undefined;
    }
    this.rateLimited += 1;
    const waitSeconds = Math.max(1, Math.ceil((window.start + this.writeBudget.windowMs - now) / 1000));
    return githubError(403, SECONDARY_RATE_LIMIT_MESSAGE, { 'retry-after': String(waitSeconds) });
  }

  private canSee(token: GitHubTokenOptions, what: string): boolean {
    return token.access === undefined || token.access.some((entry) => entry.toLowerCase() === what.toLowerCase());
  }

  private repo(params: RouteParams, token: GitHubTokenOptions): RepoState | undefined {
    const fullName = `${params.owner}/${params.repo}`;
    if (!this.canSee(token, fullName)) return undefined;
    return this.repos.get(fullName.toLowerCase());
  }

  private org(params: RouteParams, token: GitHubTokenOptions): OrgState | undefined {
    if (!this.canSee(token, params.org ?? '')) return undefined;
    return this.orgs.get((params.org ?? '').toLowerCase());
  }

  private publicKey(scope: SecretScope | undefined): Reply {
    if (!scope) return githubError(404, 'Not Found');
    return {
      status: 200,
      body: { key_id: scope.key.keyId, key: sodium.to_base64(scope.key.publicKey, sodium.base64_variants.ORIGINAL) },
    };
  }

  /** Opens a sealed value; undefined when it was not sealed for this key. */
  private open(scope: SecretScope, body: Record<string, unknown>): string | undefined {
    if (body.key_id !== scope.key.keyId || typeof body.encrypted_value !== 'string') return undefined;
    try {
      const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL);
      return sodium.to_string(sodium.crypto_box_seal_open(sealed, scope.key.publicKey, scope.key.privateKey));
    } catch {
      return undefined;
    }
  }

  private putSecret<T extends StoredGitHubSecret>(
    scope: SecretScope<T> | undefined,
    name: string,
    request: EmulatorRequest,
    extra: (existing: T | undefined, body: Record<string, unknown>) => Omit<T, keyof StoredGitHubSecret> | Reply,
  ): Reply {
    if (!scope) return githubError(404, 'Not Found');
    const body = (jsonBody(request) ?? {}) as Record<string, unknown>;
    const value = this.open(scope, body);
    if (value === undefined) return githubError(422, 'Bad request: encrypted_value was not sealed with key_id');
    const key = name.toUpperCase();
    const existing = scope.secrets.get(key);
    const more = extra(existing, body);
    if ('status' in more) return more as Reply;
    const at = iso(this.now());
    scope.secrets.set(key, {
      ...more,
      value,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      writes: (existing?.writes ?? 0) + 1,
    } as T);
    return existing ? { status: 204 } : { status: 201, body: {} };
  }

  private orgSecretMeta(name: string, secret: StoredOrgSecret, org: string, app: SecretApp): Record<string, unknown> {
    return {
      name,
      created_at: secret.createdAt,
      updated_at: secret.updatedAt,
      visibility: secret.visibility,
      ...(secret.visibility === 'selected'
        ? { selected_repositories_url: `${this.url}/orgs/${org}/${app}/secrets/${name}/repositories` }
        : {}),
    };
  }

  private minimalRepository(repo: RepoState): Record<string, unknown> {
    return {
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
      owner: { login: repo.owner, id: 1, type: 'Organization' },
      html_url: `https://github.com/${repo.owner}/${repo.name}`,
    };
  }

  private secretRoutes(): Route[] {
    const routes: Route[] = [];
    const get = (path: string, handler: Parameters<GitHubEmulator['guarded']>[0]) =>
      routes.push({ method: 'GET', path, handler: this.guarded(handler) });
    const put = (path: string, handler: Parameters<GitHubEmulator['guarded']>[0]) =>
      routes.push({ method: 'PUT', path, handler: this.guarded(handler) });
    // As on GitHub: 204 with no body, 404 when the scope or the secret is not there.
    const del = (path: string, scopeOf: (params: RouteParams, token: GitHubTokenOptions) => SecretScope | undefined) =>
      routes.push({
        method: 'DELETE',
        path,
        handler: this.guarded((_request, params, token) => {
          const scope = scopeOf(params, token);
          if (!scope?.secrets.delete((params.name ?? '').toUpperCase())) return githubError(404, 'Not Found');
          return { status: 204 };
        }),
      });

    get('/repos/:owner/:repo', (_request, params, token) => {
      const repo = this.repo(params, token);
      return repo ? { status: 200, body: this.minimalRepository(repo) } : githubError(404, 'Not Found');
    });

    /** A list of secret names and dates, paginated as GitHub does (per_page ≤ 100). */
    const list = (
      request: EmulatorRequest,
      scope: SecretScope | undefined,
      extra: (name: string, secret: StoredGitHubSecret) => Record<string, unknown> = () => ({}),
    ): Reply => {
      if (!scope) return githubError(404, 'Not Found');
      const perPage = Math.min(100, Number(request.query.get('per_page') ?? 30));
      const page = Number(request.query.get('page') ?? 1);
      const all = [...scope.secrets].sort(([a], [b]) => a.localeCompare(b));
      return {
        status: 200,
        body: {
          total_count: all.length,
          secrets: all.slice((page - 1) * perPage, page * perPage).map(([name, secret]) => ({
            name,
            created_at: secret.createdAt,
            updated_at: secret.updatedAt,
            ...extra(name, secret),
          })),
        },
      };
    };
    get('/repos/:owner/:repo/environments/:environment/secrets', (request, params, token) =>
      list(request, this.repo(params, token)?.environments.get(params.environment ?? '')),
    );
    for (const app of ['actions', 'dependabot'] as const) {
      get(`/repos/:owner/:repo/${app}/secrets`, (request, params, token) =>
        list(request, this.repo(params, token)?.[app]),
      );
      get(`/orgs/:org/${app}/secrets`, (request, params, token) => {
        const org = this.org(params, token);
        return list(request, org?.[app], (name, secret) =>
          this.orgSecretMeta(name, secret as StoredOrgSecret, org?.login ?? '', app),
        );
      });
      get(`/repos/:owner/:repo/${app}/secrets/public-key`, (_request, params, token) =>
        this.publicKey(this.repo(params, token)?.[app]),
      );
      put(`/repos/:owner/:repo/${app}/secrets/:name`, (request, params, token) =>
        this.putSecret(this.repo(params, token)?.[app], params.name ?? '', request, () => ({})),
      );
      del(`/repos/:owner/:repo/${app}/secrets/:name`, (params, token) => this.repo(params, token)?.[app]);
      del(`/orgs/:org/${app}/secrets/:name`, (params, token) => this.org(params, token)?.[app]);
      get(`/orgs/:org/${app}/secrets/public-key`, (_request, params, token) =>
        this.publicKey(this.org(params, token)?.[app]),
      );
      get(`/orgs/:org/${app}/secrets/:name`, (_request, params, token) => {
        const org = this.org(params, token);
        const name = (params.name ?? '').toUpperCase();
        const secret = org?.[app].secrets.get(name);
        if (!org || !secret) return githubError(404, 'Not Found');
        return { status: 200, body: this.orgSecretMeta(name, secret, org.login, app) };
      });
      get(`/orgs/:org/${app}/secrets/:name/repositories`, (request, params, token) => {
        const org = this.org(params, token);
        const secret = org?.[app].secrets.get((params.name ?? '').toUpperCase());
        if (!org || !secret) return githubError(404, 'Not Found');
        const all = [...this.repos.values()].filter((repo) => secret.selectedRepositoryIds.includes(repo.id));
        const perPage = Number(request.query.get('per_page') ?? 30);
        const page = Number(request.query.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const base = `${this.url}${request.path}?per_page=${perPage}`;
        const links = [
          ...(page < last ? [`<${base}&page=${page + 1}>; rel="next"`] : []),
          `<${base}&page=${last}>; rel="last"`,
        ];
        return {
          status: 200,
          headers: { link: links.join(', ') },
          body: { total_count: all.length, repositories: slice.map((repo) => this.minimalRepository(repo)) },
        };
      });
      put(`/orgs/:org/${app}/secrets/:name`, (request, params, token) =>
        this.putSecret(this.org(params, token)?.[app], params.name ?? '', request, (_existing, body) => {
          const visibility = body.visibility as OrgVisibility;
          const ids = Array.isArray(body.selected_repository_ids) ? body.selected_repository_ids.map(Number) : [];
          if (visibility !== 'selected' && ids.length > 0) {
            return githubError(422, 'selected_repository_ids may only be given when visibility is selected');
          }
          // As on GitHub: a PUT that leaves out the ids empties the selection,
          // which is how careless tools lose an org secret's repositories.
          return { visibility, selectedRepositoryIds: visibility === 'selected' ? ids : [] };
        }),
      );
    }

    get('/repos/:owner/:repo/environments/:environment/secrets/public-key', (_request, params, token) =>
      this.publicKey(this.repo(params, token)?.environments.get(params.environment ?? '')),
    );
    put('/repos/:owner/:repo/environments/:environment/secrets/:name', (request, params, token) =>
      this.putSecret(
        this.repo(params, token)?.environments.get(params.environment ?? ''),
        params.name ?? '',
        request,
        () => ({}),
      ),
    );
    del('/repos/:owner/:repo/environments/:environment/secrets/:name', (params, token) =>
      this.repo(params, token)?.environments.get(params.environment ?? ''),
    );
    return routes;
  }
}

export function startGitHub(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  return GitHubEmulator.start(options);
}
