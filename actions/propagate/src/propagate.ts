import {
  type ActionContext,
  CheckFailedError,
  type Destination,
  errorMessage,
  type PropagationOutcome,
  renderSummary,
  type Store,
  type Target,
} from '@keyturn/core';
import { checkValueFits, type PropagateConfig, readPropagateConfig } from './config';

/**
 * Pushes one value to every target. Every target is attempted (unless
 * fail-fast) and succeeds or fails alone; the step fails at the end, with one
 * line per failed target, when any did. Reads (public keys, org visibility,
 * Heroku access) come first for each target, so a dry run exercises them all.
 */
export type Outcome = PropagationOutcome | 'skipped';

export interface ReportRow {
  target: string;
  outcome: Outcome;
  /** Why it failed or was skipped; names and statuses, never a value. */
  reason?: string;
}

export interface PropagateDeps {
  /** The destinations the targets need; built once the config is known. */
  destinations(config: PropagateConfig, context: ActionContext): Destination[];
  /** The store `source:` names; only called when source is given. */
  store?(config: PropagateConfig, context: ActionContext): Store;
}

/** Runs `work` on each item, at most `limit` at a time, in order of start. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function readValue(config: PropagateConfig, context: ActionContext, deps: PropagateDeps): Promise<string> {
  if (config.value !== undefined) return config.value;
  const source = config.source;
  if (!source || !deps.store) throw new Error('no value and no store to read it from');
  const store = deps.store(config, context);
  const stored = await store.read(source.name);
  if (!stored) {
    throw new CheckFailedError(`source ${source.store}:${source.name} does not exist; nothing was propagated`);
  }
  const value = context.secrets.mask(stored.value);
  checkValueFits(config.targets, value, 'source');
  context.runner.info(`Read ${source.store}:${source.name} version ${stored.version}.`);
  return value;
}

export async function propagate(context: ActionContext, deps: PropagateDeps): Promise<ReportRow[]> {
  const { runner } = context;
  const config = readPropagateConfig(context.inputs, runner.env);
  const value = await readValue(config, context, deps);
  const destinations = deps.destinations(config, context);
  const owner = (target: Target) => {
    const found = destinations.find((destination) => destination.handles(target));
    if (!found) throw new Error(`no destination handles ${target.line}`);
    return found;
  };

  runner.info(
    `${config.dryRun ? 'Dry run: checking' : 'Propagating to'} ${config.targets.length} target(s), ` +
      `${config.concurrency} at a time.`,
  );
  const rows = new Map<Target, ReportRow>();
  let stop = false;
  await eachLimited(config.targets, config.concurrency, async (target) => {
    if (stop) {
      rows.set(target, { target: target.line, outcome: 'skipped', reason: 'not attempted: fail-fast after a failure' });
      return;
    }
    try {
      const destination = owner(target);
      await destination.prepare(target);
      if (config.dryRun) {
        rows.set(target, { target: target.line, outcome: 'unchanged-in-dry-run' });
        runner.info(`  would update ${target.line} (access checked)`);
        return;
      }
      await destination.write(target, value);
      rows.set(target, { target: target.line, outcome: 'updated' });
      runner.info(`  updated ${target.line}`);
    } catch (error) {
      const reason = errorMessage(error);
      rows.set(target, { target: target.line, outcome: 'failed', reason });
      runner.error(`${target.line}: ${reason}`);
      if (config.failFast) stop = true;
    }
  });

  const report = config.targets.map((target) => rows.get(target) as ReportRow);
  const count = (outcome: Outcome) => report.filter((row) => row.outcome === outcome).length;
  const updated = count('updated');
  const failed = count('failed');
  runner.setOutput('updated', String(updated));
  runner.setOutput('failed', String(failed));
  runner.setOutput('report', JSON.stringify(report));
  await runner.appendSummary(
    renderSummary({
      title: `keyturn propagate${config.dryRun ? ' (dry run)' : ''}`,
      lines: [
        `${updated} updated, ${failed} failed` +
          (count('skipped') ? `, ${count('skipped')} skipped` : '') +
          (config.dryRun ? `, ${count('unchanged-in-dry-run')} checked and left unchanged` : '') +
          ` of ${report.length} target(s).`,
      ],
      table: {
        headers: ['target', 'outcome', 'reason'],
        rows: report.map((row) => [row.target, row.outcome, row.reason ?? '']),
      },
    }),
  );
  const problems = report.filter((row) => row.outcome === 'failed');
  await context.audit.append({
    event: problems.length === 0 ? 'secret.propagate.completed' : 'secret.propagate.failed',
    action: context.action,
    ...(config.source ? { secret_name: config.source.name, store: config.source.store } : {}),
    targets: report.map((row) => row.target),
    outcome: problems.length === 0 ? (config.dryRun ? 'skipped' : 'success') : 'failure',
    dry_run: config.dryRun,
    updated,
    failed,
    report,
  });
  if (problems.length > 0) {
    const lines = problems.map((row) => `\n  ${row.target}: ${row.reason}`).join('');
    throw new CheckFailedError(`${failed} of ${report.length} target(s) failed (${updated} updated):${lines}`);
  }
  return report;
}
