import type { AuditReport } from '../audit';
import type { Finding } from '../model/findings';
import { shownText } from './escape';
import { toSarif } from './sarif';
import { summaryMarkdown } from './summary';

export const TOOL_VERSION = '0.1.0';

/** The log lists this many findings; the SARIF file has all of them. */
const MAX_LOG_LINES = 200;

function logLine(finding: Finding): string {
  const where = finding.layer ? `layer ${finding.layer.index ?? '?'} ${finding.layer.digest}` : finding.source;
  const state = finding.state === 'removed' ? `removed but recoverable (${finding.removedBy})` : finding.state;
  const line = finding.line === undefined ? '' : `:${finding.line}`;
  const party = finding.thirdParty
    ? ` third-party (${finding.thirdParty.kind === 'example' ? finding.thirdParty.package : `${finding.thirdParty.kind} ${finding.thirdParty.package} ${finding.thirdParty.version ?? ''}`.trim()})`
    : '';
  const more =
    finding.locations.length === 0
      ? ''
      : ` (also in ${finding.locations
          .slice(0, 3)
          .map((location) => location.path)
          .join(', ')}${finding.locations.length > 3 ? ` and ${finding.locations.length - 3} more` : ''})`;
  return `${finding.severity.padEnd(6)} ${finding.ruleId}${party} ${finding.path}${line} [${where}; ${state}]${more} ${finding.excerpt} fingerprint=${finding.fingerprint}`;
}

/** The lines a log shows, every one escaped (they hold names, paths and
 * tags from the image). */
export function logLines(report: AuditReport): string[] {
  const { stats, model, ruleCount } = report;
  const threads =
    stats.scanWorkers === 0
      ? 'on one thread'
      : `on ${stats.scanWorkers} worker thread${stats.scanWorkers === 1 ? '' : 's'}`;
  const open = report.findings.filter((finding) => !finding.suppressed);
  const lines = [
    `Audited ${report.imageName} (${model.format}): ${stats.layers} layers, ${stats.files} files, ` +
      `${ruleCount.builtin} built-in and ${ruleCount.user} user rules, scanned ${threads}.`,
    ...model.notes.map((note) => `note: ${note}`),
    ...open.slice(0, MAX_LOG_LINES).map(logLine),
  ];
  if (open.length > MAX_LOG_LINES)
    lines.push(`… and ${open.length - MAX_LOG_LINES} more findings: see the SARIF report.`);
  return lines.map(shownText);
}

/** The findings the owner must act on: not allowlisted, not third-party
 * (unless third-party content counts). What the `findings` output counts. */
export function ownerFindings(report: AuditReport): Finding[] {
  return report.findings.filter(
    (finding) => !finding.suppressed && (finding.thirdParty === undefined || report.countThirdParty),
  );
}

/** Why the check fails, or undefined when it passes. */
export function failureMessage(report: AuditReport): string | undefined {
  const count = report.failing.length;
  if (count === 0) return undefined;
  return (
    `${count} finding${count === 1 ? '' : 's'} at or above '${report.failOn}' in ${shownText(report.imageName)}. ` +
    'Rotate each credential, rebuild the image without it (deleting it in a later layer does not remove it), ' +
    'or allowlist a false positive by its fingerprint.'
  );
}

/** SARIF 2.1.0 for code scanning. */
export function sarifOf(report: AuditReport): object {
  return toSarif(report.findings, TOOL_VERSION, report.imageName);
}

/** The markdown a reviewer reads (the job summary). */
export function summaryOf(report: AuditReport): string {
  return summaryMarkdown(report.findings, report.model, report.stats, report.failOn, report.failing.length > 0);
}

/** The report as data (`keyturn audit-image --json`): what a script needs,
 * no secret (excerpts are redacted, fingerprints are hashes). */
export function reportJson(report: AuditReport): object {
  const open = report.findings.filter((finding) => !finding.suppressed && finding.thirdParty === undefined);
  const count = (severity: string) => open.filter((finding) => finding.severity === severity).length;
  return {
    image: report.imageName,
    format: report.model.format,
    failOn: report.failOn,
    failed: report.failing.length > 0,
    counts: {
      findings: open.length,
      failing: report.failing.length,
      thirdParty: report.findings.filter((finding) => !finding.suppressed && finding.thirdParty !== undefined).length,
      allowlisted: report.findings.filter((finding) => finding.suppressed).length,
      high: count('high'),
      medium: count('medium'),
      low: count('low'),
    },
    stats: report.stats,
    notes: report.model.notes,
    findings: report.findings.map((finding) => ({
      rule: finding.ruleId,
      severity: finding.severity,
      path: finding.path,
      ...(finding.line === undefined ? {} : { line: finding.line }),
      source: finding.source,
      ...(finding.layer ? { layer: { digest: finding.layer.digest, index: finding.layer.index } } : {}),
      state: finding.state,
      ...(finding.removedBy ? { removedBy: finding.removedBy } : {}),
      excerpt: finding.excerpt,
      fingerprint: finding.fingerprint,
      allowlisted: finding.suppressed,
      ...(finding.thirdParty ? { thirdParty: finding.thirdParty, ruleSeverity: finding.ruleSeverity } : {}),
      locations: finding.locations.map((location) => ({
        rule: location.ruleId,
        path: location.path,
        ...(location.line === undefined ? {} : { line: location.line }),
        source: location.source,
        ...(location.layer ? { layer: { digest: location.layer.digest, index: location.layer.index } } : {}),
        state: location.state,
        allowlisted: location.suppressed,
        fingerprint: location.fingerprint,
      })),
    })),
  };
}
