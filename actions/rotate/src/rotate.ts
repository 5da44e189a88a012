import {
  type ActionContext,
  type AuditEvent,
  CheckFailedError,
  DAY_MS,
  type Destination,
  destinationFor,
  errorMessage,
  formatDuration,
  generateSecret,
  InputError,
  propagateValue,
  renderSummary,
  type Store,
  type StoredSecret,
  type StoredVersion,
  type Target,
} from '@keyturn/core';
import {
  checkValueFits,
  companionTarget,
  type DestinationRunContext,
  type DestinationSettings,
} from '@keyturn/core/adapters/destinations';
import { type AuthScheme, createHttpVerifier } from '@keyturn/core/adapters/http-verifier';
import { describeStore, type StoreSettings } from '@keyturn/core/adapters/store-inputs';
import type { StoreRunContext } from '@keyturn/core/adapters/stores';
import { ISSUERS, type IssuedValue, type Issuer, type IssuerOpenContext } from '@keyturn/core/issuer';
import type { ManifestVerify } from '@keyturn/core/manifest';
import type { RotateConfig } from './config';

/**
 * One manifest entry end to end, in SPEC's order:
 *   issue or generate → store (marked pending) → every target → verify new
 *   → retire old → verify old refused → settle → audit.
 * Everything that can be checked without changing anything (store
 * writable, every target's access, the issuer) is checked first, so a
 * mistake fails with nothing changed. A run that stops after the store
 * write leaves the new version marked pending: the next plan lists it as
 * unfinished and this function resumes it with the stored value — it never
 * makes a second one — rewriting only the targets that cannot be compared
 * (GitHub) and skipping those that already hold it (Heroku).
 *
 * With `grace`, the old value is written to each target's `NAME_PREVIOUS`
 * companion before any target gets the new one, the old credential is not
 * retired, and the finished version carries a grace mark in the store (see
 * @keyturn/core's grace.ts). A later run past the grace (plan's
 * `finish-grace`) deletes the companions, retires the old credential where
 * the entry says (`revoke-old`: revoke after the grace) and calls the
 * issuer's `finishGrace`, then clears the mark. A rotation while a window
 * is still open closes it first, so one old value is kept at a time.
 */
export interface RotateDeps {
  openStore: (settings: StoreSettings, context: StoreRunContext) => Store;
  openDestinations: (
    settings: DestinationSettings,
    context: DestinationRunContext,
    concurrency: number,
  ) => Destination[];
  fetch: typeof globalThis.fetch;
  /** Each issuer request's deadline, shorter than the issuer's own (tests); unset in real runs. */
  issuerRequestTimeoutMs?: number;
}

export type Stage =
  | 'prune'
  | 'finish-grace'
  | 'issue'
  | 'store'
  | 'companion'
  | 'target'
  | 'verify-new'
  | 'retire'
  | 'verify-old'
  | 'expiry'
  | 'audit';
export type StageOutcome = 'done' | 'already-done' | 'updated' | 'unchanged' | 'skipped' | 'would-do' | 'failed';

export interface StageRow {
  stage: Stage;
  target?: string;
  outcome: StageOutcome;
  detail?: string;
}

/** An expiry check that failed: its row, summary and audit event are already written. */
class ExpiryError extends CheckFailedError {}

/** Runs `work` over every item, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

function authScheme(text: string): AuthScheme {
  if (text === 'bearer' || text === 'token' || text === 'basic') return { kind: text };
  return { kind: 'header', header: text.slice('header:'.length) };
}

export async function rotateEntry(
  context: ActionContext,
  config: Readonly<RotateConfig>,
  deps: RotateDeps,
): Promise<void> {
  const { runner } = context;
  const { entry } = config;
  const name = entry.store.name;
  const where = `${describeStore(config.store)} ${name}`;
  const rows: StageRow[] = [];
  const row = (stage: Stage, outcome: StageOutcome, detail?: string, target?: string) => {
    rows.push({
      stage,
      ...(target === undefined ? {} : { target }),
      outcome,
      ...(detail === undefined ? {} : { detail }),
    });
    runner.info(`${stage}${target ? ` ${target}` : ''}: ${outcome}${detail ? ` (${detail})` : ''}`);
  };
  const audit = (event: Pick<AuditEvent, 'event' | 'outcome'> & Record<string, unknown>) =>
    context.audit.append({
      action: 'rotate',
      secret_id: entry.id,
      secret_name: name,
      store: entry.store.kind,
      reason: config.reason ?? '',
      dry_run: config.dryRun,
      ...event,
    });
  const outputs = { rotated: false, version: '', previousVersion: '' };
  const finish = async (headline: string) => {
    const count = (outcome: StageOutcome) => rows.filter((one) => one.outcome === outcome).length;
    runner.setOutput('rotated', String(outputs.rotated));
    runner.setOutput('version', outputs.version);
    runner.setOutput('previous-version', outputs.previousVersion);
    runner.setOutput('updated', String(count('updated')));
    runner.setOutput('failed', String(count('failed')));
    runner.setOutput('report', JSON.stringify(rows));
    await runner.appendSummary(
      renderSummary({
        title: `keyturn/rotate: ${entry.id}${config.dryRun ? ' (dry run)' : ''}`,
        lines: [headline, ...(config.reason ? [`Reason: ${config.reason}`] : [])],
        table: {
          headers: ['Stage', 'Target', 'Outcome', 'Detail'],
          rows: rows.map((one) => [one.stage, one.target ?? '', one.outcome, one.detail ?? '']),
        },
      }),
    );
  };

  const grace = entry.graceMs !== undefined;
  let stage: Stage = 'store';
  /** How a re-run finishes a rotation stopped after its store write: a store
   * that marks the version (SSM, Secrets Manager) makes plan resume it; one
   * that cannot (Infisical) needs a forced re-run, which an issuer that knows
   * its stored credential (github-pat, the same new-token) finishes. */
  let rerun = 'running rotate again resumes with the same value';
  let marked = ' and marked unfinished';
  /** The store holds a version marked unfinished (written now, or resumed). */
  let inFlight = false;
  try {
    const store = deps.openStore(config.store, context);
    if (!store.settle) {
      marked = '';
      rerun =
        `${describeStore(config.store)} keeps no unfinished mark, so plan will not resume it: run rotate again with force` +
        (entry.source.kind === 'issuer'
          ? ` (and the same ${ISSUERS[entry.source.issuerKind]?.madeByPerson?.input ?? 'credentials'}) to finish it`
          : ', which generates and stores another value');
    }
    const destinations = deps.openDestinations(config.destinations, context, config.concurrency);
    const issuerContext: IssuerOpenContext | undefined = config.issuer
      ? {
          config: entry.source.kind === 'issuer' ? entry.source.config : {},
          entry: entry.label,
          credentials: config.issuer.credentials,
          env: context.runner.env,
          secrets: context.secrets,
          clock: context.clock,
          sleep: context.sleep,
          log: { info: (line) => runner.info(line), warning: (line) => runner.warning(line) },
          dryRun: config.dryRun,
          retireOld: config.revokeOld,
          ...(deps.issuerRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: deps.issuerRequestTimeoutMs }),
        }
      : undefined;
    const issuer: Issuer | undefined =
      config.issuer && issuerContext ? await config.issuer.module.open(issuerContext) : undefined;
    // prune: the targets the last recorded rotation wrote that the manifest
    // no longer lists are deleted once this run's own work is done.
    const pruneThenFinish = async (headline: string) => {
      if (config.prune && config.removedTargets.length > 0) {
        stage = 'prune';
        await pruneRemoved(destinations);
      }
      await finish(headline);
    };
    const now = context.clock.now();
    if (config.checkExpiry) {
      stage = 'expiry';
      await checkExpiry(store, issuer, now);
      return;
    }
    const head = await store.head(name);
    let resuming = head?.pending === true;
    inFlight = resuming;
    outputs.version = head?.version ?? '';
    outputs.previousVersion = head?.version ?? '';
    const graceEnd = head?.graceSince === undefined ? undefined : head.graceSince + (entry.graceMs ?? 0);
    const graceOver = graceEnd !== undefined && now >= graceEnd;
    const isDue =
      config.force || !head || (entry.maxAge.kind === 'duration' && now - head.updatedAt >= entry.maxAge.ms);

    if (!resuming && head && graceEnd !== undefined && (graceOver || isDue)) {
      stage = 'finish-grace';
      await closeGrace(
        store,
        destinations,
        issuer,
        head,
        graceOver ? 'the grace period is over' : 'a new rotation starts',
      );
      if (!isDue) {
        await pruneThenFinish(
          config.dryRun
            ? `Dry run: the grace window of version ${head.version} would be closed; nothing was changed (${where}).`
            : `Grace window of version ${head.version} closed: the NAME_PREVIOUS companions are gone from every target (${where}).`,
        );
        return;
      }
    } else if (!resuming && graceEnd !== undefined && !isDue) {
      const until = new Date(graceEnd).toISOString();
      const detail = `the grace window of version ${head?.version} is open until ${until}: the companions are left alone`;
      row('finish-grace', 'skipped', detail);
      await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', version: head?.version, detail });
      await pruneThenFinish(`Not rotated: ${detail}.`);
      return;
    }

    if (!resuming && !config.force) {
      let notDue: string | undefined;
      // The age plan decided by: the issuer's own (an IAM key's CreateDate) where it has one.
      const issuedAt =
        head && entry.maxAge.kind === 'duration' && issuerContext && config.issuer?.module.createdAt
          ? await config.issuer.module.createdAt(issuerContext)
          : undefined;
      const bornAt = issuedAt ?? head?.updatedAt;
      const aged = issuedAt === undefined ? `version ${head?.version}` : `the ${issuer?.kind} credential in use`;
      if (entry.maxAge.kind === 'on-compromise') {
        notDue = 'max-age is on-compromise: it is rotated only with force (an emergency)';
      } else if (head && bornAt !== undefined && now - bornAt < entry.maxAge.ms) {
        const dueOn = new Date(bornAt + entry.maxAge.ms).toISOString().slice(0, 10);
        notDue = `${aged} is ${formatDuration(now - bornAt)} old, younger than max-age ${entry.maxAge.text}: due on ${dueOn}`;
      }
      if (notDue !== undefined) {
        row('store', 'skipped', notDue);
        await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', version: head?.version, detail: notDue });
        await pruneThenFinish(`Not rotated: ${notDue}. Pass force to rotate now.`);
        return;
      }
    }

    // Reads and checks only: nothing has changed if any of these fails.
    const served = entry.targets.map((target) => ({ target, destination: destinationFor(destinations, target) }));
    const companions = grace ? entry.targets.map((target) => companionTarget(target)) : [];
    if (!resuming) await store.checkWritable(name);
    // Reads only (a public key, a config, a list: once per scope), so in parallel.
    const toPrepare = [...entry.targets, ...companions, ...(config.prune ? config.removedTargets : [])];
    await eachLimited(toPrepare, config.concurrency, (target) => destinationFor(destinations, target).prepare(target));
    const current = resuming ? undefined : head ? await store.read(name) : undefined;
    const previous = issuer && !resuming ? await store.readPrevious?.(name) : undefined;
    // A resumed rotation issues nothing: its checks are apply's (the stored value still accepted at the source).
    const issuerPlan = issuer && !resuming ? await issuer.check(current, previous) : undefined;
    // The issuer recognises its credential as already stored (a store with no
    // pending mark): finish that rotation, with the previous version as the old.
    if (!resuming && issuerPlan?.alreadyStored) {
      resuming = true;
      inFlight = true;
    }

    if (config.dryRun) {
      if (resuming)
        row('store', 'would-do', issuerPlan?.plan ?? `resume the unfinished rotation of version ${head?.version}`);
      else
        row(
          'issue',
          'would-do',
          entry.source.kind === 'generate'
            ? `generate ${entry.source.text}`
            : (issuerPlan?.plan ?? `issue with ${entry.source.issuerKind}`),
        );
      if (!resuming) row('store', 'would-do', head ? `write the version after ${head.version}` : `create ${name}`);
      for (const companion of companions)
        row('companion', 'would-do', 'the old value, kept for the grace period (access checked)', companion.line);
      for (const { target } of served) row('target', 'would-do', 'access checked', target.line);
      for (const check of entry.verify)
        row(
          check.old ? 'verify-old' : 'verify-new',
          'would-do',
          `${check.method} ${check.url.origin}${check.url.pathname} expects ${check.expect.text}`,
        );
      if (grace)
        row('retire', 'would-do', `keep the old value for ${formatDuration(entry.graceMs ?? 0)}, then remove it`);
      else if (config.revokeOld) row('retire', 'would-do', 'revoke the old credential');
      else if (issuer?.retiresOld) row('retire', 'would-do', `retire the old credential at ${issuer.kind}`);
      await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', detail: 'dry run', version: head?.version });
      await pruneThenFinish(`Dry run: every read and check passed; nothing was changed (${where}).`);
      return;
    }

    // 1-2. The new value, and the store.
    let value: string;
    let old: StoredSecret | undefined;
    if (resuming) {
      const stored = await store.read(name);
      if (!stored) throw new CheckFailedError(`${where} disappeared while its rotation was unfinished`);
      value = stored.value;
      old = await store.readPrevious?.(name);
      outputs.version = stored.version;
      outputs.previousVersion = old?.version ?? '';
      row('issue', 'already-done', "the unfinished rotation's value is reused");
      row('store', 'already-done', `version ${stored.version} was stored by the unfinished rotation`);
    } else {
      stage = 'issue';
      old = current;
      let issued: IssuedValue | undefined;
      if (issuer) {
        issued = await issuer.issue(current, previous);
        context.secrets.mask(issued.value);
        value = issued.value;
        row('issue', 'done', issued.detail ?? `issued by ${issuer.kind}`);
      } else if (entry.source.kind === 'generate') {
        value = (await generateSecret(entry.source.spec, context.secrets)).value;
        row('issue', 'done', `generated ${entry.source.text}`);
      } else {
        throw new Error('an issuer entry reached rotate without its issuer');
      }
      stage = 'store';
      let written: Awaited<ReturnType<Store['write']>>;
      try {
        checkValueFits(entry.targets, value, 'manifest');
        await checkWritesFit(destinations, value, grace ? current : undefined);
        written = await store.write(name, value, { pending: true, expectedVersion: head?.version ?? null });
      } catch (error) {
        // A credential the store could not take must not be left behind at its source.
        if (issued && issuer?.discard) await issuer.discard(issued);
        throw error;
      }
      inFlight = true;
      outputs.rotated = true;
      outputs.version = written.version;
      outputs.previousVersion = written.previousVersion ?? '';
      row(
        'store',
        'done',
        written.previousVersion
          ? `version ${written.version} is current, ${written.previousVersion} kept as previous`
          : `created version ${written.version}`,
      );
    }

    // The source accepts the stored value before any consumer is handed it.
    if (issuer) {
      stage = 'issue';
      await issuer.apply?.({ value }, resuming ? old : current, resuming ? undefined : previous);
      stage = 'verify-new';
      await issuer.proveNew(value);
      row('verify-new', 'done', `accepted by ${issuer.kind}`);
    }

    // 3a. With a grace, the old value goes to every NAME_PREVIOUS companion
    // before any target gets the new one.
    if (grace && old) {
      stage = 'companion';
      checkValueFits(companions, old.value, 'manifest');
      const kept = await propagateValue(old.value, companions, destinations, {
        concurrency: config.concurrency,
        failFast: false,
        dryRun: false,
        compareFirst: true,
        log: { info: () => undefined, error: () => undefined },
      });
      for (const one of kept.rows) {
        const outcome: StageOutcome = one.outcome === 'unchanged-in-dry-run' ? 'would-do' : one.outcome;
        row('companion', outcome, one.reason ?? 'the old value, kept for the grace period', one.target);
      }
      if (kept.failed) {
        throw new CheckFailedError(
          `${kept.failed} of ${kept.rows.length} grace companion(s) could not be written, so no target was given the new value; ` +
            `version ${outputs.version} stays marked unfinished, and running rotate again resumes with the same value:` +
            kept.rows
              .filter((one) => one.outcome === 'failed')
              .map((one) => `\n  ${one.target}: ${one.reason}`)
              .join(''),
        );
      }
    } else if (grace) {
      row('companion', 'skipped', 'no previous value to keep (a first rotation)');
    }

    // 3. Every target; compared first where the service allows it.
    stage = 'target';
    const pushed = await propagateValue(value, entry.targets, destinations, {
      concurrency: config.concurrency,
      failFast: false,
      dryRun: false,
      compareFirst: true,
      log: { info: () => undefined, error: () => undefined },
    });
    for (const one of pushed.rows) {
      const outcome: StageOutcome = one.outcome === 'unchanged-in-dry-run' ? 'would-do' : one.outcome;
      row('target', outcome, one.reason, one.target);
    }
    await audit({
      event: pushed.failed ? 'secret.propagate.failed' : 'secret.propagate.completed',
      outcome: pushed.failed ? 'failure' : 'success',
      version: outputs.version,
      targets: pushed.rows
        .filter((one) => one.outcome === 'updated' || one.outcome === 'unchanged')
        .map((one) => one.target),
    });
    if (pushed.failed) {
      throw new CheckFailedError(
        `${pushed.failed} of ${pushed.rows.length} target(s) failed; version ${outputs.version} is stored${marked}, ` +
          `the old value is not retired; ${rerun}:` +
          pushed.rows
            .filter((one) => one.outcome === 'failed')
            .map((one) => `\n  ${one.target}: ${one.reason}`)
            .join(''),
      );
    }

    // 4. The new value is accepted.
    stage = 'verify-new';
    for (const check of entry.verify.filter((one) => !one.old)) await prove(check, value, 'verify-new');

    // 5-6. The old value is retired, then proven refused.
    stage = 'retire';
    let retired = false;
    const keeping = grace && old !== undefined;
    // Some issuers retire on every rotation (aws-iam deactivates the old key); revoke-old removes it at once.
    const retiring = config.revokeOld || issuer?.retiresOld === true;
    if (keeping) {
      row(
        'retire',
        'skipped',
        `the old value is kept for the grace period (${formatDuration(entry.graceMs ?? 0)}); a later run removes it` +
          (config.revokeOld ? ' and revokes it' : ''),
      );
    } else if (retiring && issuer && old) {
      const result = await issuer.retire(old, { graceMs: entry.graceMs, revokeOld: config.revokeOld });
      retired = result.outcome !== 'kept';
      row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
    } else if (retiring && !old) {
      row('retire', 'skipped', 'no previous value to retire');
    }
    stage = 'verify-old';
    for (const check of entry.verify.filter((one) => one.old)) {
      if (!old) {
        row('verify-old', 'skipped', 'no previous value to check (a first rotation, or a store that keeps none)');
        continue;
      }
      if (keeping) {
        row('verify-old', 'skipped', 'the old value is meant to work during the grace period: checked when it ends');
        continue;
      }
      await prove(check, old.value, 'verify-old');
    }
    if (issuer?.proveRetired && retired && old) {
      await issuer.proveRetired(old);
      row('verify-old', 'done', `refused by ${issuer.kind}`);
    }

    // 7. Finished: the pending mark goes, the audit event is written.
    stage = 'audit';
    let graceUntil: string | undefined;
    if (keeping) {
      if (!store.openGrace) throw new Error(`the ${store.kind} store cannot mark a grace window`);
      const since = context.clock.now();
      // Before the pending mark goes: a finished version is never without its window.
      await store.openGrace(name, outputs.version, since);
      graceUntil = new Date(since + (entry.graceMs ?? 0)).toISOString();
      row('audit', 'done', `grace window open until ${graceUntil}`);
    }
    await store.settle?.(name, outputs.version);
    inFlight = false;
    outputs.rotated = true;
    await audit({
      event: 'secret.rotate.completed',
      outcome: 'success',
      version: outputs.version,
      ...(outputs.previousVersion ? { previous_version: outputs.previousVersion } : {}),
      targets: entry.targets.map((target) => target.line),
      resumed: resuming,
      ...(graceUntil ? { grace_until: graceUntil, companions: companions.map((target) => target.line) } : {}),
    });
    row('audit', 'done', resuming ? 'resumed rotation completed' : 'rotation completed');
    await pruneThenFinish(
      `${resuming ? 'Resumed and finished' : 'Rotated'}: ${where} version ${outputs.version} is current and at every target` +
        (outputs.previousVersion ? `; version ${outputs.previousVersion} is kept as previous` : '') +
        (graceUntil ? `, and at every target's NAME_PREVIOUS until ${graceUntil}.` : '.'),
    );
  } catch (error) {
    if (error instanceof ExpiryError) throw error;
    row(stage, 'failed', errorMessage(error));
    await audit({
      event: 'secret.rotate.failed',
      outcome: 'failure',
      stage,
      detail: errorMessage(error),
      version: outputs.version,
    });
    await finish(
      `Failed at ${stage}. ${inFlight ? `Version ${outputs.version} is stored${marked}; the old value is neither retired nor gone: ${rerun}.` : 'Nothing was changed.'}`,
    );
    throw error;
  }

  /** Deletes every removed target (absent = already done); every one is
   * tried, and a failure fails the step after the rest, naming the line. */
  async function pruneRemoved(destinations: readonly Destination[]): Promise<void> {
    const removed = config.removedTargets;
    for (const target of removed) await destinationFor(destinations, target).prepare(target);
    if (config.dryRun) {
      for (const target of removed) row('prune', 'would-do', 'delete: no longer in the manifest', target.line);
      return;
    }
    const failures: string[] = [];
    const deleted: string[] = [];
    for (const target of removed) {
      const destination = destinationFor(destinations, target);
      try {
        if (!destination.delete) throw new Error(`this destination cannot delete ${target.line}`);
        const outcome = await destination.delete(target);
        if (outcome === 'deleted') deleted.push(target.line);
        row(
          'prune',
          outcome === 'deleted' ? 'done' : 'already-done',
          outcome === 'deleted' ? 'deleted: no longer in the manifest' : 'already gone',
          target.line,
        );
      } catch (error) {
        row('prune', 'failed', errorMessage(error), target.line);
        failures.push(`\n  ${target.line}: ${errorMessage(error)}`);
      }
    }
    await audit({
      event: 'secret.targets.pruned',
      outcome: failures.length > 0 ? 'failure' : 'success',
      targets: deleted,
      ...(failures.length > 0 ? { detail: `${failures.length} target(s) could not be deleted` } : {}),
    });
    if (failures.length > 0) {
      throw new CheckFailedError(
        `${failures.length} of ${removed.length} target(s) removed from the manifest could not be deleted (the rest were); running rotate again with prune tries them again:${failures.join('')}`,
      );
    }
  }

  /** The new value at every target and, with a grace, the old one at every
   * companion, checked together against limits that span several vars
   * (Heroku's 32 KB per app) before anything is written. */
  async function checkWritesFit(
    destinations: readonly Destination[],
    value: string,
    old: StoredSecret | undefined,
  ): Promise<void> {
    const writes = [
      ...entry.targets.map((target) => ({ target, value })),
      ...(old ? entry.targets.map((target) => ({ target: companionTarget(target), value: old.value })) : []),
    ];
    if (old)
      checkValueFits(
        writes.slice(entry.targets.length).map((one) => one.target),
        old.value,
        'manifest',
      );
    for (const destination of destinations) {
      const mine = writes.filter((one) => destination.handles(one.target));
      const problem = mine.length > 0 ? await destination.writesProblem?.(mine) : undefined;
      if (problem) {
        throw new InputError(
          'manifest',
          `${entry.label}: ${problem}${old ? ' (the new value and, for the grace period, the old one at NAME_PREVIOUS)' : ''}`,
          old
            ? 'Make room where it says, use a shorter value, or drop grace.'
            : 'Make room where it says, or use a shorter value.',
        );
      }
    }
  }

  /**
   * Closes the grace window the current version opened: every companion
   * deleted (an absent one is already done), the old value retired where
   * the entry says (revoke after the grace) and the issuer's finishGrace
   * called, then the store's mark cleared. A failure leaves the mark, so the
   * next run does it again; every step is idempotent.
   */
  async function closeGrace(
    store: Store,
    destinations: readonly Destination[],
    issuer: Issuer | undefined,
    head: StoredVersion,
    why: string,
  ): Promise<void> {
    const companions: Target[] = entry.targets.map((target) => companionTarget(target));
    await eachLimited(companions, config.concurrency, (companion) =>
      destinationFor(destinations, companion).prepare(companion),
    );
    const old = await store.readPrevious?.(name);
    if (config.dryRun) {
      for (const companion of companions) row('finish-grace', 'would-do', `delete (${why})`, companion.line);
      if (config.revokeOld && issuer && old) row('retire', 'would-do', 'revoke the old credential');
      if (issuer?.finishGrace) row('retire', 'would-do', `${issuer.kind}: finish the grace period`);
      return;
    }
    const failures: string[] = [];
    await eachLimited(companions, config.concurrency, async (companion) => {
      const destination = destinationFor(destinations, companion);
      try {
        if (!destination.delete) throw new Error(`this destination cannot delete ${companion.line}`);
        const outcome = await destination.delete(companion);
        row(
          'finish-grace',
          outcome === 'deleted' ? 'done' : 'already-done',
          outcome === 'deleted' ? `deleted (${why})` : 'already gone',
          companion.line,
        );
      } catch (error) {
        row('finish-grace', 'failed', errorMessage(error), companion.line);
        failures.push(`\n  ${companion.line}: ${errorMessage(error)}`);
      }
    });
    if (failures.length > 0) {
      throw new CheckFailedError(
        `${failures.length} of ${companions.length} grace companion(s) could not be deleted; the grace mark of version ${head.version} stays, and the next run tries again:${failures.join('')}`,
      );
    }
    if (old && issuer && config.revokeOld) {
      stage = 'retire';
      const result = await issuer.retire(old, { graceMs: 0 });
      row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
      if (issuer.proveRetired && result.outcome !== 'kept') {
        stage = 'verify-old';
        await issuer.proveRetired(old);
        row('verify-old', 'done', `refused by ${issuer.kind}`);
      }
    }
    if (old && issuer?.finishGrace) {
      stage = 'retire';
      const result = await issuer.finishGrace(old);
      row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
    }
    if (old) {
      stage = 'verify-old';
      for (const check of entry.verify.filter((one) => one.old)) await prove(check, old.value, 'verify-old');
    }
    stage = 'finish-grace';
    await store.closeGrace?.(name);
    row('finish-grace', 'done', `grace window of version ${head.version} closed`);
    await audit({
      event: 'secret.grace.finished',
      outcome: 'success',
      version: head.version,
      ...(old ? { previous_version: old.version } : {}),
      companions: companions.map((companion) => companion.line),
    });
  }

  /** check-expiry: the stored credential's expiry at its source, read only. */
  async function checkExpiry(store: Store, issuer: Issuer | undefined, now: number): Promise<void> {
    if (!issuer?.expiry) throw new Error(`${entry.label}: check-expiry reached an issuer that has no expiry`);
    const stored = await store.read(name);
    if (!stored) {
      throw new CheckFailedError(
        `${entry.id}: ${where} holds no value yet, so there is no credential whose expiry to check. ` +
          'Rotate it once (the emergency workflow) to store the first one.',
      );
    }
    const expiry = await issuer.expiry(stored);
    const expiresAt = expiry.expiresAt === undefined ? '' : new Date(expiry.expiresAt).toISOString();
    const days = expiry.expiresAt === undefined ? undefined : Math.floor((expiry.expiresAt - now) / DAY_MS);
    runner.setOutput('expires-at', expiresAt);
    runner.setOutput('days-left', days === undefined ? '' : String(days));
    const soon = days !== undefined && days < expiry.warnDays;
    const detail =
      days === undefined
        ? `${expiry.subject}, version ${stored.version}: does not expire`
        : `${expiry.subject}, version ${stored.version}: expires on ${expiresAt.slice(0, 10)} (${expiresAt}), ${days} day(s) left; min-days-left ${expiry.warnDays}`;
    row('expiry', soon ? 'failed' : 'done', detail);
    await audit({
      event: 'secret.expiry.checked',
      outcome: soon ? 'failure' : 'success',
      version: stored.version,
      expires_at: expiresAt === '' ? null : expiresAt,
      days_left: days ?? null,
      min_days_left: expiry.warnDays,
    });
    outputs.version = stored.version;
    outputs.previousVersion = stored.version;
    if (soon) {
      const when = (days as number) < 0 ? 'has expired' : `expires in ${days} day(s)`;
      const message =
        `${entry.id}: the stored credential (${expiry.subject}) ${when}, on ${expiresAt.slice(0, 10)} (${expiresAt}), ` +
        `within min-days-left ${expiry.warnDays}. ${expiry.fix}`;
      await finish(message);
      throw new ExpiryError(message);
    }
    await finish(`Checked only, nothing was changed: ${detail}.`);
  }

  async function prove(
    check: ManifestVerify,
    credential: string,
    stageName: 'verify-new' | 'verify-old',
  ): Promise<void> {
    const verifier = createHttpVerifier(
      {
        url: check.url,
        method: check.method,
        auth: authScheme(check.auth),
        expect: check.expect,
        withinMs: check.withinMs,
        intervalMs: check.intervalMs,
        timeoutMs: check.timeoutMs,
      },
      { fetch: deps.fetch, clock: context.clock, sleep: context.sleep },
    );
    const result = await verifier.check(credential);
    const shown = `${check.method} ${check.url.origin}${check.url.pathname}`;
    if (!result.ok) {
      throw new CheckFailedError(
        `${stageName === 'verify-new' ? 'the new value' : 'the old value'} failed ${shown}: expected ${check.expect.text}, ` +
          `${result.reason ?? `got ${result.status}`} after ${result.attempts} attempt(s)`,
      );
    }
    row(stageName, 'done', `${shown} answered ${result.status} (${check.expect.text})`);
  }
}
