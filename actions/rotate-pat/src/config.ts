import { InputError, type InputReader, LONGEST_WAIT, type Target } from '@keyturn/core';
import {
  checkValueFits,
  DESTINATION_SECRET_INPUTS,
  type DestinationSettings,
  maskDestinationCredentials,
  readConcurrency,
  readDestinationSettings,
  readGitHubApiUrl,
  readTargets,
} from '@keyturn/core/adapters/destinations';
import {
  type Env,
  maskStoreCredentials,
  readStoredName,
  readStoreKind,
  readStoreSettings,
  type StoreSettings,
  storeInputsGiven,
} from '@keyturn/core/adapters/store-inputs';
import {
  GITHUB_LOGIN,
  GITHUB_REPO,
  MAX_MIN_DAYS_LEFT,
  type RepoRef,
  revocable,
  type TokenType,
  tokenType,
} from '@keyturn/core/issuers/github-token-text';

/**
 * rotate-pat's inputs, read and checked in full before any request: a typo
 * in a repository, a target line, a store input or a missing old token for
 * revoke-old fails the run before GitHub is asked anything.
 */
export type { RepoRef };

export interface CheckConfig {
  mode: 'check';
  /** Masked when read. */
  token: string;
  tokenType: TokenType;
  githubApiUrl: string;
  minDaysLeft: number;
}

export interface RotatePatConfig {
  mode: 'rotate';
  /** Masked when read. */
  newToken: string;
  newTokenType: TokenType;
  oldToken: string | undefined;
  oldTokenType: TokenType | undefined;
  expectedLogin: string | undefined;
  minDaysLeft: number;
  requiredRepos: readonly RepoRef[];
  /** Where the new token is stored, when `name` is given. */
  store: { name: string; settings: Readonly<StoreSettings> } | undefined;
  targets: readonly Target[];
  destinations: Readonly<DestinationSettings>;
  concurrency: number;
  revokeOld: boolean;
  revokeWithinMs: number;
  githubApiUrl: string;
  dryRun: boolean;
}

export type PatConfig = CheckConfig | RotatePatConfig;

/** Inputs that make sense only when rotating: set with check-only, a mistake. */
const ROTATION_ONLY = [
  'new-token',
  'old-token',
  'expected-login',
  'required-repos',
  'name',
  'targets',
  ...DESTINATION_SECRET_INPUTS,
];

const TOKEN_FIX =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'Pass the token from a secret or a workflow_dispatch input, such as new-token: ${{ secrets.NEW_GITHUB_PAT }}.';

function readRepos(inputs: InputReader): RepoRef[] {
  return inputs.lines('required-repos').map((line, index) => {
    const match = GITHUB_REPO.exec(line);
    if (!match) {
      throw new InputError('required-repos', `line ${index + 1} is '${line}'`, 'Write one OWNER/REPO per line.');
    }
    return { owner: match[1] ?? '', repo: match[2] ?? '', line };
  });
}

function readCheck(inputs: InputReader, env: Env, minDaysLeft: number): CheckConfig {
  // Masked first, even the ones refused below: they are credentials all the same.
  const token = inputs.secret('token');
  for (const name of ['new-token', 'old-token'] as const) inputs.secret(name);
  maskDestinationCredentials(inputs);
  maskStoreCredentials(inputs);
  if (token === undefined) {
    throw new InputError('token', 'is required with check-only: true', TOKEN_FIX.replace('new-token', 'token'));
  }
  for (const name of ROTATION_ONLY) {
    if (inputs.string(name) !== '') {
      throw new InputError(name, 'is set with check-only: true', 'A check only reads token: remove it.');
    }
  }
  if (inputs.boolean('revoke-old', false)) {
    throw new InputError('revoke-old', 'is true with check-only: true', 'A check changes nothing: remove it.');
  }
  return {
    mode: 'check',
    token,
    tokenType: tokenType(token),
    githubApiUrl: readGitHubApiUrl(inputs, env),
    minDaysLeft,
  };
}

function readRotation(inputs: InputReader, env: Env, minDaysLeft: number): RotatePatConfig {
  const newToken = inputs.secret('new-token');
  const oldToken = inputs.secret('old-token');
  // Masked whatever happens next: a token given to the wrong input is still a token.
  inputs.secret('token');
  if (newToken === undefined) {
    throw new InputError('new-token', 'is required (unless check-only: true)', TOKEN_FIX);
  }
  if (inputs.string('token') !== '') {
    throw new InputError('token', 'is set without check-only: true', 'Pass the new token as new-token.');
  }
  if (oldToken !== undefined && oldToken === newToken) {
    throw new InputError('new-token', 'is the same as old-token', 'Create a new token first, then pass it here.');
  }
  const expectedLogin = inputs.string('expected-login') || undefined;
  if (expectedLogin !== undefined && !GITHUB_LOGIN.test(expectedLogin)) {
    throw new InputError(
      'expected-login',
      `is '${expectedLogin}', not a GitHub login`,
      'Give a user name, such as octocat.',
    );
  }
  if (expectedLogin === undefined && oldToken === undefined) {
    throw new InputError(
      'expected-login',
      'is empty and no old-token is given',
      'Give expected-login (the account the token must belong to) or old-token, so a token of the wrong account is refused.',
    );
  }
  const revokeOld = inputs.boolean('revoke-old', false);
  const oldTokenType = oldToken === undefined ? undefined : tokenType(oldToken);
  if (revokeOld) {
    if (oldToken === undefined || oldTokenType === undefined) {
      throw new InputError('old-token', 'is empty but revoke-old is true', 'Pass the token to revoke as old-token.');
    }
    if (!revocable(oldTokenType)) {
      throw new InputError(
        'old-token',
        `is ${oldTokenType === 'app' ? 'a GitHub App installation token (ghs_)' : 'not a token GitHub can revoke by API (no ghp_, github_pat_, gho_ or ghu_ prefix)'}`,
        'Set revoke-old: false and revoke it where it was issued.',
      );
    }
  }
  const revokeWithinMs = inputs.duration('revoke-within', '10m', LONGEST_WAIT);
  if (revokeOld && revokeWithinMs === 0) {
    throw new InputError('revoke-within', 'is 0', 'Give the time GitHub may take to revoke, such as 10m.');
  }

  const requiredRepos = readRepos(inputs);
  const name = inputs.string('name');
  let store: RotatePatConfig['store'];
  if (name === '') {
    maskStoreCredentials(inputs);
    const given = storeInputsGiven(inputs);
    if (given.length > 0) {
      throw new InputError(
        'name',
        `is empty but store inputs are set (${given.join(', ')}), so new-token would not be stored`,
        'Give name (the secret name in the store), or remove the store inputs to rotate without storing the token.',
      );
    }
  } else {
    const kind = readStoreKind(inputs);
    store = { name: readStoredName(inputs, kind), settings: readStoreSettings(inputs, kind, env) };
  }
  const targets = readTargets(inputs, 'targets');
  const destinations = readDestinationSettings(inputs, targets, env);
  checkValueFits(targets, newToken, 'new-token');
  return {
    mode: 'rotate',
    newToken,
    newTokenType: tokenType(newToken),
    oldToken,
    oldTokenType,
    expectedLogin,
    minDaysLeft,
    requiredRepos,
    store,
    targets,
    destinations,
    concurrency: readConcurrency(inputs),
    revokeOld,
    revokeWithinMs,
    githubApiUrl: readGitHubApiUrl(inputs, env),
    dryRun: inputs.boolean('dry-run', false),
  };
}

/** Every input read and checked, before any request. */
export function readPatConfig(inputs: InputReader, env: Env): Readonly<PatConfig> {
  const checkOnly = inputs.boolean('check-only', false);
  const minDaysLeft = inputs.integer('min-days-left', 7, { min: 0, max: MAX_MIN_DAYS_LEFT });
  return Object.freeze(checkOnly ? readCheck(inputs, env, minDaysLeft) : readRotation(inputs, env, minDaysLeft));
}
