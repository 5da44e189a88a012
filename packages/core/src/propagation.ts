import { CheckFailedError, errorMessage } from './errors';
import type { Destination, PropagationOutcome } from './ports';
import { renderSummary } from './summary';
import type { Target } from './targets';

/**
 * Pushing one value to a list of targets through the Destination ports: the
 * engine behind propagate and rotate-pat. Every target is attempted (unless
 * fail-fast) and succeeds or fails alone; reads (public keys, org visibility,
 * Heroku access) come first for each target, so a dry run exercises them all.
 * The report names targets and reasons, never a value.
 */
export type ReportOutcome = PropagationOutcome | 'skipped';

export interface ReportRow {
  target: string;
  outcome: ReportOutcome;
  /** Why it failed or was skipped; names and statuses, never a value. */
  reason?: string;
}

export interface PropagationReport {
  rows: ReportRow[];
  updated: number;
  failed: number;
  skipped: number;
  /** Already holding the value (compareFirst), so not written. */
  unchanged: number;
  /** Checked and left unchanged, in a dry run. */
  checked: number;
  dryRun: boolean;
}

export interface PropagationOptions {
  concurrency: number;
  failFast: boolean;
  dryRun: boolean;
  /** Skip the write where the destination can tell the target already holds
   * the value (a rotation re-run: no Heroku release for nothing). */
  compareFirst?: boolean;
  /** One line per target, for the log. */
  log: { info(message: string): void; error(message: string): void };
  /** Called as each target is done, for a terminal's progress line. */
  progress?: (done: number, total: number) => void;
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

/** The destination that serves a target; none is a bug in the wiring, not a user mistake. */
export function destinationFor(destinations: readonly Destination[], target: Target): Destination {
  const found = destinations.find((destination) => destination.handles(target));
  if (!found) throw new Error(`no destination handles ${target.line}`);
  return found;
}

export async function propagateValue(
  value: string,
  targets: readonly Target[],
  destinations: readonly Destination[],
  options: PropagationOptions,
): Promise<PropagationReport> {
  const { log } = options;
  const rows = new Map<Target, ReportRow>();
  let stop = false;
  // Every target is matched to its destination before the first request, so
  // a wiring gap fails the run before anything is sent.
  const served = targets.map((target) => ({ target, destination: destinationFor(destinations, target) }));
  let done = 0;
  await eachLimited(served, options.concurrency, async (item) => {
    await propagateOne(item);
    options.progress?.(++done, served.length);
  });
  async function propagateOne({ target, destination }: { target: Target; destination: Destination }): Promise<void> {
    if (stop) {
      rows.set(target, { target: target.line, outcome: 'skipped', reason: 'not attempted: fail-fast after a failure' });
      return;
    }
    try {
      await destination.prepare(target);
      if (options.dryRun) {
        rows.set(target, { target: target.line, outcome: 'unchanged-in-dry-run' });
        log.info(`  would update ${target.line} (access checked)`);
        return;
      }
      if (options.compareFirst && destination.holds && (await destination.holds(target, value))) {
        rows.set(target, { target: target.line, outcome: 'unchanged', reason: 'already holds the value' });
        log.info(`  ${target.line} already holds the value: not written`);
        return;
      }
      await destination.write(target, value);
      rows.set(target, { target: target.line, outcome: 'updated' });
      log.info(`  updated ${target.line}`);
    } catch (error) {
      const reason = errorMessage(error);
      rows.set(target, { target: target.line, outcome: 'failed', reason });
      log.error(`${target.line}: ${reason}`);
      if (options.failFast) stop = true;
    }
  }
  const report = targets.map((target) => rows.get(target) as ReportRow);
  const count = (outcome: ReportOutcome) => report.filter((row) => row.outcome === outcome).length;
  return {
    rows: report,
    updated: count('updated'),
    failed: count('failed'),
    skipped: count('skipped'),
    unchanged: count('unchanged'),
    checked: count('unchanged-in-dry-run'),
    dryRun: options.dryRun,
  };
}

/** One line: "2 updated, 1 failed of 3 target(s)." */
export function describePropagation(report: PropagationReport): string {
  return (
    `${report.updated} updated, ${report.failed} failed` +
    (report.skipped ? `, ${report.skipped} skipped` : '') +
    (report.unchanged ? `, ${report.unchanged} already held the value` : '') +
    (report.dryRun ? `, ${report.checked} checked and left unchanged` : '') +
    ` of ${report.rows.length} target(s).`
  );
}

/** The job-summary section: the counts, then one row per target. */
export function propagationSummary(report: PropagationReport, title: string): string {
  return renderSummary({
    title,
    lines: [describePropagation(report)],
    table: {
      headers: ['target', 'outcome', 'reason'],
      rows: report.rows.map((row) => [row.target, row.outcome, row.reason ?? '']),
    },
  });
}

/** The step's failure when any target failed, one line per failed target. */
export function propagationFailure(report: PropagationReport): CheckFailedError | undefined {
  const problems = report.rows.filter((row) => row.outcome === 'failed');
  if (problems.length === 0) return undefined;
  const lines = problems.map((row) => `\n  ${row.target}: ${row.reason}`).join('');
  return new CheckFailedError(
    `${report.failed} of ${report.rows.length} target(s) failed (${report.updated} updated):${lines}`,
  );
}
