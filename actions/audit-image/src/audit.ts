import { type ActionContext, CheckFailedError } from '@keyturn/core';
import {
  type AuditReport,
  auditArchive,
  type Finding,
  failureMessage,
  logLines,
  ownerFindings,
  type Severity,
  sarifOf,
  summaryOf,
  type WorkerThreads,
} from '@keyturn/image-audit';
import { type AuditConfig, type ConfigFiles, readConfig } from './config';

export interface SavedImage {
  readonly path: string;
  cleanup(): Promise<void>;
}

export interface AuditDeps {
  readonly files: ConfigFiles;
  /** Where the audit's worker threads start; undefined runs it all on this thread. */
  workers(): WorkerThreads | undefined;
  /** `docker save` of a local image to a temporary file. */
  saveImage(image: string): Promise<SavedImage>;
  writeText(path: string, text: string): Promise<void>;
}

export interface AuditResult {
  readonly findings: Finding[];
  readonly failing: Finding[];
  readonly failOn: Severity;
  readonly imageName: string;
  readonly report: AuditReport;
}

/** Fails the step when findings reach the `fail-on` threshold. Separate from
 * the audit so the report (outputs, summary, SARIF) is always written first. */
export function enforceFailOn(result: AuditResult): void {
  const message = failureMessage(result.report);
  if (message !== undefined) throw new CheckFailedError(message);
}

/** The action: inputs → the image-audit engine → log, outputs, summary, SARIF, audit event. */
export async function auditImage(context: ActionContext, deps: AuditDeps): Promise<AuditResult> {
  const config: AuditConfig = await readConfig(context.inputs, deps.files);
  const saved = config.source.kind === 'image' ? await deps.saveImage(config.source.image) : undefined;
  const archivePath = saved?.path ?? (config.source.kind === 'archive' ? config.source.path : '');
  try {
    const workers = deps.workers();
    const report = await auditArchive(archivePath, {
      failOn: config.failOn,
      countThirdParty: config.countThirdParty,
      allowlist: config.allowlist,
      rules: config.rules,
      limits: config.limits,
      ...(workers ? { workers } : {}),
      ...(config.source.kind === 'image' ? { imageName: config.source.image } : {}),
      now: () => context.clock.now(),
      // A terminal shows it; a runner's log has no progress line.
      ...(context.runner.progress
        ? { onProgress: (done: number, total: number) => context.runner.progress?.(done, total, 'bytes') }
        : {}),
    });
    await deps.writeText(config.sarifPath, `${JSON.stringify(sarifOf(report), null, 1)}\n`);
    // logLines escapes every line (they hold text from the image).
    for (const line of logLines(report)) context.runner.info(line);
    const open = ownerFindings(report);
    context.runner.setOutput('findings', String(open.length));
    context.runner.setOutput('sarif-file', config.sarifPath);
    await context.runner.appendSummary(summaryOf(report));
    await context.audit.append({
      event: 'image.audit.completed',
      action: context.action,
      outcome: report.failing.length > 0 ? 'failure' : 'success',
      image: report.imageName,
      findings: open.length,
      failing: report.failing.length,
      allowlisted: report.findings.filter((finding) => finding.suppressed).length,
      third_party: report.findings.filter((finding) => !finding.suppressed && finding.thirdParty !== undefined).length,
      fail_on: config.failOn,
      layers: report.stats.layers,
    });
    return {
      findings: report.findings,
      failing: report.failing,
      failOn: report.failOn,
      imageName: report.imageName,
      report,
    };
  } finally {
    await saved?.cleanup();
  }
}

export { readConfig };
