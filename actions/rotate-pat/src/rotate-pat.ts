import {
  type ActionContext,
  CheckFailedError,
  type Destination,
  errorMessage,
  formatDuration,
  type PropagationReport,
  propagateValue,
  propagationFailure,
  propagationSummary,
  renderSummary,
  type Store,
} from '@keyturn/core';
import type { DestinationSettings } from '@keyturn/core/adapters/destinations';
import type { GitHubClient } from '@keyturn/core/adapters/github-client';
import { describeStore, type StoreSettings } from '@keyturn/core/adapters/store-inputs';
import {
  checkExpiry,
  checkReadable,
  describeToken,
  identifyToken,
  revokeToken,
  sameLogin,
  type TokenIdentity,
} from '@keyturn/core/issuers/github-token';
import { daysLeft } from '@keyturn/core/issuers/github-token-text';
import type { CheckConfig, PatConfig, RotatePatConfig } from './config';

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

const ACTION = 'rotate-pat';

type Stage = 'validate' | 'store' | 'propagate' | 'revoke';

function expiryOutputs(context: ActionContext, identity: TokenIdentity): void {
  const { runner, clock } = context;
  runner.setOutput('expires-at', identity.expiresAt === undefined ? '' : new Date(identity.expiresAt).toISOString());
  runner.setOutput(
    'days-left',
    identity.expiresAt === undefined ? '' : String(daysLeft(identity.expiresAt, clock.now())),
  );
  runner.setOutput('scopes', identity.scopes?.join(',') ?? '');
}

export async function runPat(context: ActionContext, config: Readonly<PatConfig>, deps: PatDeps): Promise<void> {
  if (config.mode === 'check') await checkOnly(context, config, deps);
  else await rotatePat(context, config, deps);
}

/** check-only: report the token's owner, kind and expiry; fail when it is close. */
export async function checkOnly(context: ActionContext, config: Readonly<CheckConfig>, deps: PatDeps): Promise<void> {
  const { runner, clock } = context;
  const identity = await identifyToken(
    deps.github(config.token, config.githubApiUrl, context),
    'token',
    config.tokenType,
  );
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
    const fresh = await identifyToken(github, 'new-token', config.newTokenType);
    if (fresh === 'refused') {
      throw new CheckFailedError('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
    }
    runner.setOutput('login', fresh.login);
    runner.setOutput('token-type', config.newTokenType);
    expiryOutputs(context, fresh);
    runner.info(`new-token: ${describeToken(config.newTokenType, fresh, clock.now())}`);

    let oldIdentity: TokenIdentity | 'refused' | undefined;
    if (config.oldToken !== undefined) {
      oldIdentity = await identifyToken(
        deps.github(config.oldToken, config.githubApiUrl, context),
        'old-token',
        config.oldTokenType ?? 'unknown',
      );
      oldAlreadyRefused = oldIdentity === 'refused';
      runner.info(
        oldIdentity === 'refused' ? 'old-token: already refused by GitHub (401)' : `old-token: ${oldIdentity.login}`,
      );
    }
    // Opened before any check that may need it; nothing is written until step 3.
    const store = config.store && deps.openStore(config.store.settings, context);
    let expected = config.expectedLogin ?? (oldIdentity === 'refused' ? undefined : oldIdentity?.login);
    if (expected === undefined && oldIdentity === 'refused' && store && config.store) {
      // A re-run after a revocation that was carried out but whose answer was
      // lost: the run that stored new-token compared the logins while old-token
      // still answered, so that comparison stands.
      if ((await store.read(config.store.name))?.value === config.newToken) {
        expected = fresh.login;
        runner.info(
          'old-token is refused and the store already holds new-token: the run that stored it compared their logins; finishing it.',
        );
      }
    }
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
    await checkReadable(github, config.requiredRepos, 'new-token');
    steps.push([
      'Validate new token',
      `${describeToken(config.newTokenType, fresh, clock.now())}` +
        (config.requiredRepos.length ? `; reads ${config.requiredRepos.map((repo) => repo.line).join(', ')}` : ''),
    ]);

    // 2. Check every target and the store can take the value before writing either.
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

/** POST /credentials/revoke, then poll until the old token gets 401 (core's one implementation). */
async function revoke(
  context: ActionContext,
  config: Readonly<RotatePatConfig>,
  deps: PatDeps,
  oldToken: string,
  onAccepted: () => void,
): Promise<void> {
  await revokeToken(oldToken, {
    anonymous: deps.github(undefined, config.githubApiUrl, context),
    githubApiUrl: config.githubApiUrl,
    fetch: deps.fetch,
    clock: context.clock,
    sleep: context.sleep,
    log: (line) => context.runner.info(line),
    withinMs: config.revokeWithinMs,
    label: 'old-token',
    onAccepted,
  });
}
