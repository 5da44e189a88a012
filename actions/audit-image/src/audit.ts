import { basename } from 'node:path';
import { type ActionContext, CheckFailedError } from '@keyturn/core';
import type { ArchiveRead } from './archive-thread';
import { type AuditConfig, type ConfigFiles, readConfig } from './config';
import { shownText } from './escape';
import { applyAllowlist, assembleFindings, type Finding, failing } from './findings';
import { buildModel } from './image-model';
import { MetadataChecker, safeInstruction } from './metadata';
import { summaryMarkdown } from './report';
import type { Severity } from './rules/types';
import { toSarif } from './sarif';

export const TOOL_VERSION = '0.1.0';

/** The log lists this many findings; the SARIF file has all of them. */
const MAX_LOG_LINES = 200;

export interface SavedImage {
  readonly path: string;
  cleanup(): Promise<void>;
}

export interface AuditDeps {
  readonly files: ConfigFiles;
  /** One pass over the archive, scanning every file (in the bundle, on
   * worker threads); an InputError when it cannot be read. */
  readArchive(path: string, config: AuditConfig): Promise<ArchiveRead>;
  /** `docker save` of a local image to a temporary file. */
  saveImage(image: string): Promise<SavedImage>;
  writeText(path: string, text: string): Promise<void>;
}

export interface AuditResult {
  readonly findings: Finding[];
  readonly failing: Finding[];
  readonly failOn: Severity;
  readonly imageName: string;
}

/** Fails the step when findings reach the `fail-on` threshold. Separate from
 * the audit so the report (outputs, summary, SARIF) is always written first. */
export function enforceFailOn(result: AuditResult): void {
  const count = result.failing.length;
  if (count === 0) return;
  throw new CheckFailedError(
    `${count} finding${count === 1 ? '' : 's'} at or above '${result.failOn}' in ${shownText(result.imageName)}. ` +
      'Rotate each credential, rebuild the image without it (deleting it in a later layer does not remove it), ' +
      'or allowlist a false positive by its fingerprint.',
  );
}

function logLine(finding: Finding): string {
  const where = finding.layer ? `layer ${finding.layer.index ?? '?'} ${finding.layer.digest}` : finding.source;
  const state = finding.state === 'removed' ? `removed but recoverable (${finding.removedBy})` : finding.state;
  const line = finding.line === undefined ? '' : `:${finding.line}`;
  return `${finding.severity.padEnd(6)} ${finding.ruleId} ${finding.path}${line} [${where}; ${state}] ${finding.excerpt} fingerprint=${finding.fingerprint}`;
}

export async function auditImage(context: ActionContext, deps: AuditDeps): Promise<AuditResult> {
  const config: AuditConfig = await readConfig(context.inputs, deps.files);
  const started = context.clock.now();
  const saved = config.source.kind === 'image' ? await deps.saveImage(config.source.image) : undefined;
  const archivePath = saved?.path ?? (config.source.kind === 'archive' ? config.source.path : '');
  try {
    const { contents, bytes, scanWorkers } = await deps.readArchive(archivePath, config);
    const threads =
      scanWorkers === 0 ? 'on one thread' : `on ${scanWorkers} worker thread${scanWorkers === 1 ? '' : 's'}`;
    const model = buildModel(contents);
    const metadata = new MetadataChecker(config.scanner);
    metadata.checkModel(model);
    const findings = assembleFindings(contents, model, metadata.hits, (createdBy) =>
      safeInstruction(createdBy, config.scanner),
    );
    applyAllowlist(findings, config.allowlist);
    const failed = failing(findings, config.failOn);
    const open = findings.filter((finding) => !finding.suppressed);

    const imageName =
      config.source.kind === 'image' ? config.source.image : (model.images[0]?.refs[0] ?? basename(archivePath));
    await deps.writeText(config.sarifPath, `${JSON.stringify(toSarif(findings, TOOL_VERSION, imageName), null, 1)}\n`);

    const layerScans = [...contents.layers.values()];
    const stats = {
      layers: layerScans.length,
      files: layerScans.reduce((sum, layer) => sum + layer.scan.files, 0),
      bytes,
      seconds: (context.clock.now() - started) / 1000,
    };
    // The one place the audit writes to the log: every line holds text from
    // the image (names, paths, tags), escaped here.
    const log = (line: string) => context.runner.info(shownText(line));
    log(
      `Audited ${imageName} (${model.format}): ${stats.layers} layers, ${stats.files} files, ` +
        `${config.ruleCount.builtin} built-in and ${config.ruleCount.user} user rules, scanned ${threads}.`,
    );
    for (const note of model.notes) log(`note: ${note}`);
    for (const finding of open.slice(0, MAX_LOG_LINES)) log(logLine(finding));
    if (open.length > MAX_LOG_LINES) {
      log(`… and ${open.length - MAX_LOG_LINES} more findings: see the SARIF report.`);
    }
    context.runner.setOutput('findings', String(open.length));
    context.runner.setOutput('sarif-file', config.sarifPath);
    await context.runner.appendSummary(summaryMarkdown(findings, model, stats, config.failOn, failed.length > 0));
    await context.audit.append({
      event: 'image.audit.completed',
      action: context.action,
      outcome: failed.length > 0 ? 'failure' : 'success',
      image: imageName,
      findings: open.length,
      failing: failed.length,
      allowlisted: findings.length - open.length,
      fail_on: config.failOn,
      layers: stats.layers,
    });
    return { findings, failing: failed, failOn: config.failOn, imageName };
  } finally {
    await saved?.cleanup();
  }
}

export { readConfig };
