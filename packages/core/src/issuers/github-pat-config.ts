import { FieldReader } from './fields';
import { DEFAULT_MIN_DAYS_LEFT, GITHUB_LOGIN, GITHUB_REPO, MAX_MIN_DAYS_LEFT, type RepoRef } from './github-token-text';

/** The github-pat issuer's manifest fields and inputs, read without loading
 * Octokit (the manifest checks them in every bundle; ./github-pat talks to GitHub). */
export const GITHUB_PAT_FIELDS = ['expected-login', 'min-days-left', 'required-repos'] as const;
export const NEW_TOKEN_INPUT = 'new-token';
export const GITHUB_API_URL_INPUT = 'github-api-url';
/** What a run without a new token must tell the operator. */
export const NEEDS_PERSON =
  'needs a person: create a token (GitHub has no API to make one) and run the emergency workflow with new-token ' +
  '(or `keyturn rotate ID` with KEYTURN_NEW_TOKEN set, or at its prompt)';

export interface GitHubPatConfig {
  /** Undefined: the login of the token the store holds. */
  expectedLogin: string | undefined;
  minDaysLeft: number;
  requiredRepos: readonly RepoRef[];
}

/** Reads the manifest's `issuer:` fields of a github-pat entry. */
export function parseGitHubPatConfig(raw: Readonly<Record<string, unknown>>, where: string): GitHubPatConfig {
  const fields: FieldReader = new FieldReader(raw, where);
  fields.only(['kind', ...GITHUB_PAT_FIELDS]);
  const expectedLogin = fields.string('expected-login', 'Give the account the token must belong to, such as raxx-bot.');
  if (expectedLogin !== undefined && !GITHUB_LOGIN.test(expectedLogin)) {
    fields.fail('expected-login', `is '${expectedLogin}', not a GitHub login`, 'Give a user name, such as octocat.');
  }
  const minDaysLeft = fields.integer('min-days-left', DEFAULT_MIN_DAYS_LEFT, { min: 0, max: MAX_MIN_DAYS_LEFT });
  const repos = fields.stringList('required-repos', 'Write each repository as OWNER/REPO.') ?? [];
  const requiredRepos = repos.map((line, index) => {
    const match = GITHUB_REPO.exec(line);
    if (!match) fields.fail(`required-repos[${index}]`, `is '${line}'`, 'Write each repository as OWNER/REPO.');
    return { owner: match[1] ?? '', repo: match[2] ?? '', line };
  });
  return Object.freeze({ expectedLogin, minDaysLeft, requiredRepos: Object.freeze(requiredRepos) });
}
