import {
  type ActionContext,
  CheckFailedError,
  type Destination,
  errorMessage,
  formatDuration,
  type PropagationReport,
  parseStatusList,
  propagateValue,
  propagationFailure,
  propagationSummary,
  renderSummary,
  type Store,
  UpstreamError,
} from '@keyturn/core';
import type { DestinationSettings } from '@keyturn/core/adapters/destinations';
import { type GitHubClient, githubError, githubMessage, githubStatus } from '@keyturn/core/adapters/github-client';
import { createHttpVerifier } from '@keyturn/core/adapters/http-verifier';
import { describeStore, type StoreSettings } from '@keyturn/core/adapters/store-inputs';
import type { CheckConfig, PatConfig, RotatePatConfig } from './config';
import { daysLeft, parseExpiration, parseScopes, type TokenType } from './token';

/**
 * The GitHub token runbook, in the order that keeps every stop safe:
 * validate the new token (identity, expiry, access) → store it → push it to
 * every target → revoke the old one → poll until the old one gets 401.
 * Everything before the revocation can be redone or undone (the store keeps
 * the previous version, targets take the next run's value); the revocation
 * cannot, so it runs only once everything before it has succeeded.
 */
export interface PatDeps {
  /** A GitHub client for `token`; unauthenticated when undefined. */
  github(token: string | undefined, apiUrl: string, context: ActionContext): GitHubClient;
  /** For the revocation poll (the Verifier port). */
  fetch: typeof globalThis.fetch;
  openStore(settings: StoreSettings, context: ActionContext): Store;
  openDestinations(settings: DestinationSettings, context: ActionContext, concurrency: number): Destination[];
}

/** Pause between checks that the old token is dead. */
export const REVOKE_POLL_INTERVAL_MS = 10_000;
const POLL_REQUEST_TIMEOUT_MS = 10_000;
const ACTION = 'rotate-pat';

interface Identity {
  login: string;
  /** Classic tokens only; undefined when GitHub sent no scopes header. */
  scopes: string[] | undefined;
  /** Epoch ms; undefined when the token does not expire. */
  expiresAt: number | undefined;
}

type Stage = 'validate' | 'store' | 'propagate' | 'revoke';

/** GET /user with the token: who it is, its scopes and expiry; 'refused' on 401.
 * Scopes are read for classic and OAuth tokens only: a fine-grained token's
 * access is per repository, and an empty scopes header would misreport it. */
async function identify(client: GitHubClient, input: string, type: TokenType): Promise<Identity | 'refused'> {
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
      throw new UpstreamError(`${errorMessage(error)} (GET /user with ${input})`, {
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
      throw githubError(error, `GET /user with ${input}`);
    }
    throw new UpstreamError(`GET /user with ${input}: ${githubMessage(error)}`, {
      service: 'GitHub',
      status,
      retryable: false,
    });
  }
}

function describeExpiry(identity: Identity, now: number): string {
  if (identity.expiresAt === undefined) return 'does not expire';
  const days = daysLeft(identity.expiresAt, now);
  return `expires ${new Date(identity.expiresAt).toISOString()} (${days} day(s) left)`;
}

function describeToken(type: TokenType, identity: Identity, now: number): string {
  const scopes =
    identity.scopes === undefined ? '' : `, scopes: ${identity.scopes.length ? identity.scopes.join(', ') : 'none'}`;
  return `${type} token of ${identity.login}, ${describeExpiry(identity, now)}${scopes}`;
}

function expiryOutputs(context: ActionContext, identity: Identity): void {
  const { runner, clock } = context;
  runner.setOutput('expires-at', identity.expiresAt === undefined ? '' : new Date(identity.expiresAt).toISOString());
  runner.setOutput(
    'days-left',
    identity.expiresAt === undefined ? '' : String(daysLeft(identity.expiresAt, clock.now())),
  );
  runner.setOutput('scopes', identity.scopes?.join(',') ?? '');
}

/** Fails when the token expires in fewer than `minDaysLeft` days. */
function checkExpiry(identity: Identity, minDaysLeft: number, input: string, now: number): void {
  if (identity.expiresAt === undefined) return;
  const days = daysLeft(identity.expiresAt, now);
  if (days < minDaysLeft) {
    const when = days < 0 ? 'has expired' : `expires in ${days} day(s)`;
    throw new CheckFailedError(
      `${input} ${when} (${new Date(identity.expiresAt).toISOString()}), fewer than min-days-left ${minDaysLeft}. ` +
        'Create a token with a later expiration date.',
    );
  }
}

export async function runPat(context: ActionContext, config: Readonly<PatConfig>, deps: PatDeps): Promise<void> {
  if (config.mode === 'check') await checkOnly(context, config, deps);
  else await rotatePat(context, config, deps);
}

/** check-only: report the token's owner, kind and expiry; fail when it is close. */
export async function checkOnly(context: ActionContext, config: Readonly<CheckConfig>, deps: PatDeps): Promise<void> {
  const { runner, clock } = context;
  const identity = await identify(deps.github(config.token, config.githubApiUrl, context), 'token', config.tokenType);
  if (identity === 'refused') {
    throw new CheckFailedError('token was refused by GitHub (401): it has expired, was revoked, or is mistyped.');
  }
  runner.setOutput('login', identity.login);
  runner.setOutput('token-type', config.tokenType);
  expiryOutputs(context, identity);
  runner.setOutput('revoked', 'false');
  const description = describeToken(config.tokenType, identity, clock.now());
  runner.info(`token: ${description}`);
  const days = identity.expiresAt === undefined ? undefined : daysLeft(identity.expiresAt, clock.now());
  const ok = days === undefined || days >= config.minDaysLeft;
  await runner.appendSummary(
    renderSummary({
      title: 'keyturn/rotate-pat (check-only)',
      table: {
        headers: ['Login', 'Type', 'Expires at', 'Days left', 'Minimum', 'Result'],
        rows: [
          [
            identity.login,
            config.tokenType,
            identity.expiresAt === undefined ? 'never' : new Date(identity.expiresAt).toISOString(),
            days === undefined ? '-' : String(days),
            String(config.minDaysLeft),
            ok ? 'ok' : 'expires too soon',
          ],
        ],
      },
    }),
  );
  checkExpiry(identity, config.minDaysLeft, 'token', clock.now());
}

export async function rotatePat(
  context: ActionContext,
  config: Readonly<RotatePatConfig>,
  deps: PatDeps,
): Promise<void> {
  const { runner, clock } = context;
  const steps: [string, string][] = [];
  const secretName = config.store?.name;
  const storeFields = config.store ? { secret_name: config.store.name, store: config.store.settings.kind } : {};
  let stage: Stage = 'validate';
  let stored = false;
  /** GitHub accepted POST /credentials/revoke: the old token may be dead even if the poll never saw it. */
  let revocationRequested = false;
  let propagation: PropagationReport | undefined;
  const title = `keyturn/rotate-pat${config.dryRun ? ' (dry run)' : ''}`;
  let oldAlreadyRefused = false;
  const writeSummary = async () => {
    const parts = [renderSummary({ title, table: { headers: ['Step', 'Result'], rows: steps } })];
    if (propagation) parts.push(propagationSummary(propagation, 'Targets'));
    await runner.appendSummary(parts.join('\n'));
  };

  try {
    // 1. Validate the new token, and learn the old one's identity.
    const github = deps.github(config.newToken, config.githubApiUrl, context);
    const fresh = await identify(github, 'new-token', config.newTokenType);
    if (fresh === 'refused') {
      throw new CheckFailedError('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
    }
    runner.setOutput('login', fresh.login);
    runner.setOutput('token-type', config.newTokenType);
    expiryOutputs(context, fresh);
    runner.info(`new-token: ${describeToken(config.newTokenType, fresh, clock.now())}`);

    let oldIdentity: Identity | 'refused' | undefined;
    if (config.oldToken !== undefined) {
      oldIdentity = await identify(
        deps.github(config.oldToken, config.githubApiUrl, context),
        'old-token',
        config.oldTokenType ?? 'unknown',
      );
      oldAlreadyRefused = oldIdentity === 'refused';
      runner.info(
        oldIdentity === 'refused' ? 'old-token: already refused by GitHub (401)' : `old-token: ${oldIdentity.login}`,
      );
    }
    const expected = config.expectedLogin ?? (oldIdentity === 'refused' ? undefined : oldIdentity?.login);
    if (expected === undefined) {
      throw new CheckFailedError(
        "old-token is already refused by GitHub, so its login cannot be compared with new-token's. " +
          `Set expected-login (new-token belongs to ${fresh.login}).`,
      );
    }
    if (oldIdentity !== undefined && oldIdentity !== 'refused' && !sameLogin(oldIdentity.login, expected)) {
      throw new CheckFailedError(`old-token belongs to ${oldIdentity.login}, not expected-login ${expected}.`);
    }
    if (!sameLogin(fresh.login, expected)) {
      throw new CheckFailedError(
        `new-token belongs to ${fresh.login}, not ${expected}` +
          `${config.expectedLogin === undefined ? ' (the account of old-token)' : ''}. ` +
          'Create the token while signed in as the right account.',
      );
    }
    checkExpiry(fresh, config.minDaysLeft, 'new-token', clock.now());
    await checkRepos(github, config);
    steps.push([
      'Validate new token',
      `${describeToken(config.newTokenType, fresh, clock.now())}` +
        (config.requiredRepos.length ? `; reads ${config.requiredRepos.map((repo) => repo.line).join(', ')}` : ''),
    ]);

    // 2. Check every target and the store can take the value before writing either.
    const store = config.store && deps.openStore(config.store.settings, context);
    const destinations = deps.openDestinations(config.destinations, context, config.concurrency);
    const log = { info: (line: string) => runner.info(line), error: (line: string) => runner.error(line) };
    if (config.targets.length > 0) {
      runner.info(`Checking access to ${config.targets.length} target(s).`);
      const preflight = await propagateValue(config.newToken, config.targets, destinations, {
        concurrency: config.concurrency,
        failFast: false,
        dryRun: true,
        log,
      });
      const failure = propagationFailure(preflight);
      if (failure || config.dryRun) propagation = preflight;
      if (failure) throw new CheckFailedError(`a target cannot be written, so nothing was changed: ${failure.message}`);
    }

    // 3. Store.
    stage = 'store';
    if (store && config.store) {
      const where = `${config.store.name} in ${describeStore(config.store.settings)}`;
      await store.checkWritable(config.store.name);
      const current = await store.read(config.store.name);
      if (current?.value === config.newToken) {
        steps.push(['Store', `${where}: version ${current.version} already holds new-token; not written again`]);
        stored = true;
      } else if (config.dryRun) {
        steps.push(['Store', `would write ${where}${current ? ` after version ${current.version}` : ''}`]);
      } else {
        const written = await store.write(config.store.name, config.newToken);
        stored = true;
        steps.push([
          'Store',
          `${where}: version ${written.version}` +
            (written.previousVersion ? `, version ${written.previousVersion} kept as previous` : ''),
        ]);
      }
      runner.info(`Store: ${steps.at(-1)?.[1]}`);
    }

    // 4. Propagate.
    stage = 'propagate';
    if (config.targets.length > 0 && config.dryRun) {
      steps.push(['Propagate', `would update ${config.targets.length} target(s); access to each checked`]);
    } else if (config.targets.length > 0) {
      runner.info(`Propagating to ${config.targets.length} target(s).`);
      propagation = await propagateValue(config.newToken, config.targets, destinations, {
        concurrency: config.concurrency,
        failFast: false,
        dryRun: false,
        log,
      });
      steps.push(['Propagate', `${propagation.updated} updated, ${propagation.failed} failed`]);
      const failure = propagationFailure(propagation);
      if (failure) throw failure;
    }

    // 5. Revoke, and prove it.
    stage = 'revoke';
    let revoked = false;
    if (config.revokeOld && config.oldToken !== undefined) {
      if (oldIdentity === 'refused') {
        revoked = true;
        steps.push(['Revoke old token', 'already refused by GitHub (401); nothing to revoke']);
      } else if (config.dryRun) {
        steps.push([
          'Revoke old token',
          `would revoke it and wait up to ${formatDuration(config.revokeWithinMs)} for 401`,
        ]);
      } else {
        await revoke(context, config, deps, config.oldToken, () => {
          revocationRequested = true;
        });
        revoked = true;
        steps.push(['Revoke old token', 'revoked: GitHub now answers 401 to it']);
        await context.audit.append({
          event: 'token.revoked',
          action: ACTION,
          outcome: 'success',
          login: fresh.login,
          token_type: config.oldTokenType,
          ...(secretName === undefined ? {} : { secret_name: secretName }),
        });
      }
    }
    runner.setOutput('revoked', String(revoked));
    await writeSummary();
    await context.audit.append({
      event: config.dryRun ? 'secret.rotate.skipped' : 'secret.rotate.completed',
      action: ACTION,
      outcome: config.dryRun ? 'skipped' : 'success',
      ...storeFields,
      login: fresh.login,
      token_type: config.newTokenType,
      method: 'manual',
      expires_at: fresh.expiresAt === undefined ? null : new Date(fresh.expiresAt).toISOString(),
      targets: config.targets.map((target) => target.line),
      revoked,
      dry_run: config.dryRun,
    });
    runner.info(config.dryRun ? 'Dry run: nothing was changed.' : 'Rotation complete.');
  } catch (error) {
    runner.setOutput('revoked', 'false');
    steps.push([`Stopped at ${stage}`, errorMessage(error)]);
    const state =
      stage === 'revoke'
        ? 'Everything before the revocation succeeded; only the revocation of the old token is unfinished.'
        : config.revokeOld && !oldAlreadyRefused
          ? 'The old token was not revoked and still works.'
          : '';
    if (state !== '') {
      steps.push(['Old token', state]);
      runner.info(state);
    }
    await writeSummary();
    await context.audit.append({
      event: 'secret.rotate.failed',
      action: ACTION,
      outcome: 'failure',
      stage,
      reason: errorMessage(error),
      ...storeFields,
      token_type: config.newTokenType,
      method: 'manual',
      stored,
      targets: config.targets.map((target) => target.line),
      updated: propagation?.rows.filter((row) => row.outcome === 'updated').map((row) => row.target) ?? [],
      old_token_revoked: false,
      revocation_requested: revocationRequested,
      dry_run: config.dryRun,
    });
    throw error;
  }
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Each required repository must answer 200 to the new token; all are asked,
 * and every one that does not is named. */
async function checkRepos(github: GitHubClient, config: Readonly<RotatePatConfig>): Promise<void> {
  const problems: string[] = [];
  for (const ref of config.requiredRepos) {
    try {
      await github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    } catch (error) {
      const status = githubStatus(error);
      if (status === 404) {
        problems.push(`${ref.line} (HTTP 404: not found or not visible to new-token)`);
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
      `new-token cannot read ${problems.join(', ')}. Give the token access to every repository in required-repos.`,
    );
  }
}

/** POST /credentials/revoke, unauthenticated as github.com requires, then poll
 * GET /user with the old token until it answers 401 or revoke-within passes. */
async function revoke(
  context: ActionContext,
  config: Readonly<RotatePatConfig>,
  deps: PatDeps,
  oldToken: string,
  onAccepted: () => void,
): Promise<void> {
  const { runner } = context;
  const anonymous = deps.github(undefined, config.githubApiUrl, context);
  let accepted: number;
  try {
    // Any 2xx is an acceptance; the poll below is what proves the revocation.
    accepted = (await anonymous.rest.credentials.revoke({ credentials: [oldToken] })).status;
  } catch (error) {
    throw revocationFailure(error);
  }
  onAccepted();
  runner.info(
    `GitHub accepted the revocation (${accepted}); checking that old-token gets 401, for up to ${formatDuration(config.revokeWithinMs)}.`,
  );
  const verifier = createHttpVerifier(
    {
      url: new URL(`${config.githubApiUrl}/user`),
      method: 'GET',
      auth: { kind: 'token' },
      expect: parseStatusList('401'),
      withinMs: config.revokeWithinMs,
      intervalMs: Math.min(REVOKE_POLL_INTERVAL_MS, config.revokeWithinMs),
      timeoutMs: POLL_REQUEST_TIMEOUT_MS,
    },
    { fetch: deps.fetch, clock: context.clock, sleep: context.sleep, log: (line) => runner.info(`  ${line}`) },
  );
  const result = await verifier.check(oldToken);
  if (!result.ok) {
    throw new CheckFailedError(
      `GitHub accepted the revocation of old-token (${accepted}), but it still works after ${result.attempts} check(s) over ` +
        `${formatDuration(result.elapsedMs)} (${result.reason}). The revocation may still complete: check later ` +
        'with keyturn/verify (expect: 401), or revoke the token by hand in its owner’s settings.',
    );
  }
  runner.info(`old-token is dead: GitHub answered 401 after ${result.attempts} check(s).`);
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
