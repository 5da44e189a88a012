import {
  type ActionContext,
  CheckFailedError,
  type Destination,
  type PropagationReport,
  propagateValue,
  propagationFailure,
  propagationSummary,
  type ReportOutcome,
  type ReportRow,
  type Store,
} from '@keyturn/core';
import { checkValueFits } from '@keyturn/core/adapters/destinations';
import type { PropagateConfig } from './config';

/**
 * Pushes one value to every target, through core's propagation engine (the
 * one rotate-pat uses too). Every target is attempted (unless fail-fast) and
 * succeeds or fails alone; the step fails at the end, with one line per
 * failed target, when any did.
 */
export type Outcome = ReportOutcome;
export type { ReportRow };

export interface PropagateDeps {
  /** The destinations the targets need; built once the config is known. */
  destinations(config: PropagateConfig, context: ActionContext): Destination[];
  /** The store `source:` names; only called when source is given. */
  store?(config: PropagateConfig, context: ActionContext): Store;
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

export async function propagate(
  context: ActionContext,
  config: Readonly<PropagateConfig>,
  deps: PropagateDeps,
): Promise<ReportRow[]> {
  const { runner } = context;
  const value = await readValue(config, context, deps);
  const destinations = deps.destinations(config, context);

  runner.info(
    `${config.dryRun ? 'Dry run: checking' : 'Propagating to'} ${config.targets.length} target(s), ` +
      `${config.concurrency} at a time.`,
  );
  const report: PropagationReport = await propagateValue(value, config.targets, destinations, {
    concurrency: config.concurrency,
    failFast: config.failFast,
    dryRun: config.dryRun,
    log: { info: (line) => runner.info(line), error: (line) => runner.error(line) },
    progress: (done, total) => runner.progress?.(done, total, 'targets'),
  });
  runner.setOutput('updated', String(report.updated));
  runner.setOutput('failed', String(report.failed));
  runner.setOutput('report', JSON.stringify(report.rows));
  await runner.appendSummary(propagationSummary(report, `keyturn/propagate${config.dryRun ? ' (dry run)' : ''}`));
  const failure = propagationFailure(report);
  await context.audit.append({
    event: failure ? 'secret.propagate.failed' : 'secret.propagate.completed',
    action: context.action,
    ...(config.source ? { secret_name: config.source.name, store: config.source.store } : {}),
    targets: report.rows.map((row) => row.target),
    outcome: failure ? 'failure' : config.dryRun ? 'skipped' : 'success',
    dry_run: config.dryRun,
    updated: report.updated,
    failed: report.failed,
    report: report.rows,
  });
  if (failure) throw failure;
  return report.rows;
}
