import sodium from 'libsodium-wrappers';
import { UpstreamError } from '../errors';
import { PageBudget } from '../pagination';
import type { DeleteOutcome, Destination } from '../ports';
import type { OrgVisibility, Target } from '../targets';
import type { GitHubTarget } from './destination-github';
import { type GitHubClient, githubError, githubStatus } from './github-client';

/**
 * GitHub Actions and Dependabot secrets of repositories, environments and
 * organizations, as a Destination. Values are sealed with libsodium's
 * crypto_box_seal against the scope's public key; each scope's key is asked
 * for once per run however many secrets go there (and however many targets
 * ask at the same moment: the pending request is shared).
 *
 * An organization secret that exists keeps its visibility and selected
 * repositories: GitHub's PUT requires a visibility and empties the selection
 * when the ids are left out, so both are read first and sent back. A line's
 * `?visibility=` option shapes a NEW secret only: an existing secret's access
 * was often widened by hand since, and a rotation must not undo that; when
 * the two differ a notice says so.
 */
/** The kinds this adapter serves; a GitHub kind missing here does not compile. */
export const GITHUB_KINDS: Readonly<Record<GitHubTarget['kind'], true>> = Object.freeze({
  github: true,
  'github-env': true,
  'github-org': true,
  dependabot: true,
  'dependabot-org': true,
});

interface PublicKey {
  keyId: string;
  key: Uint8Array;
}

interface OrgSettings {
  visibility: OrgVisibility;
  selectedRepositoryIds?: number[];
}

interface Plan {
  key: PublicKey;
  org?: OrgSettings;
}

const PER_PAGE = 100;

function isGitHubTarget(target: Target): target is GitHubTarget {
  return Object.hasOwn(GITHUB_KINDS, target.kind);
}

/** The scope a target's key belongs to, and how the user would name it. */
function scopeOf(target: GitHubTarget): { id: string; label: string } {
  switch (target.kind) {
    case 'github':
      return { id: `actions:${target.owner}/${target.repo}`, label: `repository ${target.owner}/${target.repo}` };
    case 'dependabot':
      return { id: `dependabot:${target.owner}/${target.repo}`, label: `repository ${target.owner}/${target.repo}` };
    case 'github-env':
      return {
        id: `env:${target.owner}/${target.repo}@${target.environment}`,
        label: `environment ${target.environment} of ${target.owner}/${target.repo}`,
      };
    case 'github-org':
      return { id: `actions-org:${target.org}`, label: `organization ${target.org}` };
    case 'dependabot-org':
      return { id: `dependabot-org:${target.org}`, label: `organization ${target.org}` };
  }
}

/** GitHub's documented limits on Actions secrets per scope. */
const GITHUB_SECRET_COUNT_LIMITS: Partial<Record<GitHubTarget['kind'], number>> = {
  github: 100,
  'github-env': 100,
  'github-org': 1000,
};

/** Pages of a list read at most (100 a page: 10,000 repositories). */
const GITHUB_MAX_PAGES = 100;

export class GitHubSecretsDestination implements Destination {
  private readonly client: GitHubClient;
  private readonly keys = new Map<string, Promise<PublicKey>>();
  private readonly plans = new Map<string, Promise<Plan>>();
  private readonly repoIds = new Map<string, Promise<number>>();
  /** Per scope: the secret names and count, for a grace companion's room. */
  private readonly scopeLists = new Map<string, Promise<{ names: Set<string>; total: number }>>();

  private readonly notice: (message: string) => void;

  constructor(client: GitHubClient, options: { notice?: (message: string) => void } = {}) {
    this.client = client;
    this.notice = options.notice ?? (() => {});
  }

  handles(target: Target): boolean {
    return isGitHubTarget(target);
  }

  async prepare(target: Target): Promise<void> {
    await this.plan(this.gitHubTarget(target));
  }

  async write(target: Target, value: string): Promise<void> {
    const github = this.gitHubTarget(target);
    const plan = await this.plan(github);
    await sodium.ready;
    const sealed = sodium.to_base64(
      sodium.crypto_box_seal(sodium.from_string(value), plan.key.key),
      sodium.base64_variants.ORIGINAL,
    );
    const secret = { encrypted_value: sealed, key_id: plan.key.keyId };
    const { label } = scopeOf(github);
    let status: number;
    try {
      status = await this.put(github, plan, secret);
    } catch (error) {
      throw githubError(error, `secret ${github.name} in ${label}`);
    }
    // GitHub answers a secret's PUT with 201 (created) or 204 (updated) and
    // no body. Any other 2xx (a proxy's 200 page, a body that never ends) is
    // not GitHub saying it stored the value: the write is not counted as done.
    if (status !== 201 && status !== 204) {
      throw new UpstreamError(
        `writing secret ${github.name} in ${label} answered ${status}, not 201 or 204, so GitHub did not say it stored the value`,
        { service: 'GitHub', status, retryable: true },
      );
    }
  }

  private async put(
    github: GitHubTarget,
    plan: Plan,
    secret: { encrypted_value: string; key_id: string },
  ): Promise<number> {
    switch (github.kind) {
      case 'github':
        return (
          await this.client.rest.actions.createOrUpdateRepoSecret({
            owner: github.owner,
            repo: github.repo,
            secret_name: github.name,
            ...secret,
          })
        ).status;
      case 'github-env':
        return (
          await this.client.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
            owner: github.owner,
            repo: github.repo,
            environment_name: github.environment,
            secret_name: github.name,
            ...secret,
          })
        ).status;
      case 'dependabot':
        return (
          await this.client.rest.dependabot.createOrUpdateRepoSecret({
            owner: github.owner,
            repo: github.repo,
            secret_name: github.name,
            ...secret,
          })
        ).status;
      case 'github-org':
      case 'dependabot-org': {
        const org = plan.org ?? { visibility: 'private' };
        const settings = {
          org: github.org,
          secret_name: github.name,
          ...secret,
          visibility: org.visibility,
          ...(org.visibility === 'selected' ? { selected_repository_ids: org.selectedRepositoryIds ?? [] } : {}),
        };
        if (github.kind === 'github-org')
          return (await this.client.rest.actions.createOrUpdateOrgSecret(settings)).status;
        return (await this.client.rest.dependabot.createOrUpdateOrgSecret(settings)).status;
      }
    }
  }

  /** DELETE the secret (204). GitHub answers 404 for a secret that is not
   * there; the scope itself was reached by prepare (its public key), so a
   * 404 here means the secret is already gone. */
  async delete(target: Target): Promise<DeleteOutcome> {
    const github = this.gitHubTarget(target);
    const { label } = scopeOf(github);
    let status: number;
    try {
      switch (github.kind) {
        case 'github':
          ({ status } = await this.client.rest.actions.deleteRepoSecret({
            owner: github.owner,
            repo: github.repo,
            secret_name: github.name,
          }));
          break;
        case 'github-env':
          ({ status } = await this.client.request(
            'DELETE /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
            { owner: github.owner, repo: github.repo, environment_name: github.environment, secret_name: github.name },
          ));
          break;
        case 'dependabot':
          ({ status } = await this.client.rest.dependabot.deleteRepoSecret({
            owner: github.owner,
            repo: github.repo,
            secret_name: github.name,
          }));
          break;
        case 'github-org':
          ({ status } = await this.client.rest.actions.deleteOrgSecret({ org: github.org, secret_name: github.name }));
          break;
        case 'dependabot-org':
          ({ status } = await this.client.rest.dependabot.deleteOrgSecret({
            org: github.org,
            secret_name: github.name,
          }));
          break;
      }
    } catch (error) {
      if (githubStatus(error) === 404) return 'absent';
      throw githubError(error, `secret ${github.name} in ${label}`);
    }
    // As with the PUT: only GitHub's own 204 says the secret is gone.
    if (status !== 204) {
      throw new UpstreamError(
        `deleting secret ${github.name} in ${label} answered ${status}, not 204, so GitHub did not say it deleted it`,
        { service: 'GitHub', status, retryable: true },
      );
    }
    // A later prepare of this org secret must not reuse the settings read before it was deleted.
    this.plans.delete(`${github.kind}:${github.line}`);
    return 'deleted';
  }

  private gitHubTarget(target: Target): GitHubTarget {
    if (!isGitHubTarget(target)) throw new Error(`GitHub secrets cannot take ${target.line}`);
    return target;
  }

  private plan(target: GitHubTarget): Promise<Plan> {
    const id = `${target.kind}:${target.line}`;
    let plan = this.plans.get(id);
    if (!plan) {
      plan = this.makePlan(target);
      this.plans.set(id, plan);
    }
    return plan;
  }

  private async makePlan(target: GitHubTarget): Promise<Plan> {
    if (target.kind !== 'github-org' && target.kind !== 'dependabot-org') return { key: await this.publicKey(target) };
    const [key, org] = await Promise.all([this.publicKey(target), this.orgSettings(target)]);
    return { key, org };
  }

  private publicKey(target: GitHubTarget): Promise<PublicKey> {
    const scope = scopeOf(target);
    let key = this.keys.get(scope.id.toLowerCase());
    if (!key) {
      key = this.fetchPublicKey(target).catch((error: unknown) => {
        throw githubError(error, scope.label);
      });
      this.keys.set(scope.id.toLowerCase(), key);
    }
    return key;
  }

  private async fetchPublicKey(target: GitHubTarget): Promise<PublicKey> {
    const { data } = await (async () => {
      switch (target.kind) {
        case 'github':
          return this.client.rest.actions.getRepoPublicKey({ owner: target.owner, repo: target.repo });
        case 'dependabot':
          return this.client.rest.dependabot.getRepoPublicKey({ owner: target.owner, repo: target.repo });
        case 'github-env':
          return this.client.request('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', {
            owner: target.owner,
            repo: target.repo,
            environment_name: target.environment,
          });
        case 'github-org':
          return this.client.rest.actions.getOrgPublicKey({ org: target.org });
        case 'dependabot-org':
          return this.client.rest.dependabot.getOrgPublicKey({ org: target.org });
      }
    })();
    await sodium.ready;
    return { keyId: data.key_id, key: sodium.from_base64(data.key, sodium.base64_variants.ORIGINAL) };
  }

  /**
   * A grace companion is one more secret in its scope: GitHub keeps at most
   * 100 repository, 100 environment and 1,000 organization Actions secrets
   * (its documented limits; Dependabot publishes none). Checked from the
   * scope's list (names only) before anything is written; a companion that
   * already exists (a re-run) takes no room.
   */
  async writesProblem(writes: readonly { target: Target; value: string }[]): Promise<string | undefined> {
    for (const { target } of writes) {
      if (!isGitHubTarget(target) || !target.companionOf) continue;
      const problem = await this.roomProblem(target);
      if (problem) return problem;
    }
    return undefined;
  }

  private async roomProblem(target: GitHubTarget): Promise<string | undefined> {
    const limit = GITHUB_SECRET_COUNT_LIMITS[target.kind];
    if (limit === undefined) return undefined;
    const { label } = scopeOf(target);
    const path =
      target.kind === 'github'
        ? 'GET /repos/{owner}/{repo}/actions/secrets'
        : target.kind === 'github-env'
          ? 'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets'
          : 'GET /orgs/{org}/actions/secrets';
    const where =
      target.kind === 'github-org'
        ? { org: target.org }
        : target.kind === 'github-env'
          ? { owner: target.owner, repo: target.repo, environment_name: target.environment }
          : { owner: (target as { owner: string }).owner, repo: (target as { repo: string }).repo };
    const listed = this.scopeLists.get(scopeOf(target).id.toLowerCase()) ?? this.listScope(path, where, label, limit);
    this.scopeLists.set(scopeOf(target).id.toLowerCase(), listed);
    const { names, total } = await listed;
    return !names.has(target.name.toUpperCase()) && total >= limit
      ? `${label} holds ${total} secrets, GitHub's limit, so the grace companion ${target.name} cannot be added (delete a secret there that is no longer used)`
      : undefined;
  }

  private async listScope(
    path: string,
    where: Record<string, string>,
    label: string,
    limit: number,
  ): Promise<{ names: Set<string>; total: number }> {
    let names: Set<string>;
    let total = 0;
    try {
      names = new Set<string>();
      const budget = new PageBudget('GitHub', `the secrets of ${label}`, Math.ceil(limit / PER_PAGE) + 1);
      for (let page = 1; ; page++) {
        budget.page();
        const { data } = await this.client.request(path, { ...where, per_page: PER_PAGE, page });
        const { secrets, total_count } = data as { secrets: { name: string }[]; total_count: number };
        total = total_count;
        for (const secret of secrets) names.add(secret.name.toUpperCase());
        if (secrets.length < PER_PAGE || names.size >= total_count) break;
      }
    } catch (error) {
      throw githubError(error, `the secrets of ${label}`);
    }
    return { names, total };
  }

  /** What an org secret's PUT must carry so that it changes only the value. */
  private async orgSettings(target: Extract<GitHubTarget, { org: string }>): Promise<OrgSettings> {
    const app = target.kind === 'github-org' ? 'actions' : 'dependabot';
    const label = `secret ${target.name} of organization ${target.org}`;
    let existing: { visibility: OrgVisibility } | undefined;
    try {
      const { data } = await this.client.request(`GET /orgs/{org}/${app}/secrets/{secret_name}`, {
        org: target.org,
        secret_name: target.name,
      });
      existing = data as { visibility: OrgVisibility };
    } catch (error) {
      if (githubStatus(error) !== 404) throw githubError(error, label);
    }
    if (!existing) {
      // A grace companion opens to the repositories its secret opens to, or
      // they would lose the old value the window is meant to keep for them.
      const shadowed = target.companionOf as GitHubTarget | undefined;
      if (shadowed?.kind === target.kind) return this.orgSettings(shadowed);
      if (!target.visibility) return { visibility: 'private' };
      const { visibility, repos } = target.visibility;
      if (visibility !== 'selected') return { visibility };
      const ids = await Promise.all(repos.map((repo) => this.repoId(target.org, repo)));
      return { visibility, selectedRepositoryIds: ids };
    }
    const kept: OrgSettings =
      existing.visibility === 'selected'
        ? { visibility: 'selected', selectedRepositoryIds: await this.selectedRepositoryIds(target, app, label) }
        : { visibility: existing.visibility };
    if (target.visibility && target.visibility.visibility !== kept.visibility) {
      this.notice(
        `${target.line}: the secret exists with visibility ${kept.visibility}, which is kept; ` +
          `?visibility=${target.visibility.visibility} only shapes a new secret`,
      );
    }
    return kept;
  }

  private async selectedRepositoryIds(
    target: Extract<GitHubTarget, { org: string }>,
    app: 'actions' | 'dependabot',
    label: string,
  ): Promise<number[]> {
    try {
      const ids: number[] = [];
      const budget = new PageBudget('GitHub', `the selected repositories of ${label}`, GITHUB_MAX_PAGES);
      for (let page = 1; ; page++) {
        budget.page();
        const { data } = await this.client.request(`GET /orgs/{org}/${app}/secrets/{secret_name}/repositories`, {
          org: target.org,
          secret_name: target.name,
          per_page: PER_PAGE,
          page,
        });
        const { repositories, total_count } = data as { repositories: { id: number }[]; total_count: number };
        const before = new Set(ids);
        const fresh = repositories.map((repository) => repository.id).filter((id) => !before.has(id));
        if (repositories.length > 0 && fresh.length === 0) budget.nothingNew();
        ids.push(...fresh);
        if (repositories.length < PER_PAGE || ids.length >= total_count) return ids;
      }
    } catch (error) {
      throw githubError(error, `the selected repositories of ${label}`);
    }
  }

  private repoId(owner: string, repo: string): Promise<number> {
    const id = `${owner}/${repo}`.toLowerCase();
    let pending = this.repoIds.get(id);
    if (!pending) {
      pending = this.client.rest.repos
        .get({ owner, repo })
        .then(({ data }) => data.id)
        .catch((error: unknown) => {
          throw githubError(error, `repository ${owner}/${repo} (named in repos=)`);
        });
      this.repoIds.set(id, pending);
    }
    return pending;
  }
}
