import { renderSummary } from '@keyturn/core';
import type { AuditStats } from '../audit';
import type { Finding } from '../model/findings';
import type { ArchiveModel } from '../model/image-model';
import { formatBytes } from '../read/limits';
import type { Severity } from '../scan/rules/types';
import { shownText } from './escape';

/** The job summary keeps to a readable size; the SARIF file has the rest. */
const MAX_ROWS = 50;

const STATE_LABEL: Readonly<Record<Finding['state'], string>> = {
  present: 'present',
  removed: 'removed but recoverable',
  unreferenced: 'in archive, no image uses it',
  metadata: 'image metadata',
};

export function summaryMarkdown(
  findings: readonly Finding[],
  model: ArchiveModel,
  stats: AuditStats,
  failOn: Severity,
  failed: boolean,
): string {
  const open = findings.filter((finding) => !finding.suppressed);
  const count = (severity: Severity) => open.filter((finding) => finding.severity === severity).length;
  const images = model.images.map((image) =>
    shownText(`${image.refs[0] ?? '?'}${image.platform ? ` (${image.platform})` : ''}`),
  );
  const lines = [
    `${failed ? '❌' : '✅'} **${open.length} finding${open.length === 1 ? '' : 's'}** (high ${count('high')}, medium ${count('medium')}, low ${count('low')}); ` +
      `${findings.length - open.length} allowlisted; the check fails on \`${failOn}\` or above.`,
    `Scanned ${images.length} image${images.length === 1 ? '' : 's'} (${images.slice(0, 10).join(', ') || 'none named'}), ${model.format}: ` +
      `${stats.layers} layers, ${stats.files} files, ${formatBytes(stats.bytes)} in ${stats.seconds.toFixed(1)} s.`,
  ];
  for (const note of model.notes.slice(0, 10)) lines.push(`> note: ${shownText(note)}`);
  if (open.length === 0) return renderSummary({ title: 'keyturn audit-image', lines });
  // A code span cannot hold a backtick.
  const code = (text: string) => `\`${shownText(text).replace(/`/g, "'")}\``;
  const rows = open
    .slice(0, MAX_ROWS)
    .map((finding) => [
      finding.severity,
      finding.ruleId,
      `${code(finding.path)}${finding.line === undefined ? '' : `:${finding.line}`}`,
      finding.layer ? `${finding.layer.index ?? '?'} ${code(finding.layer.digest.slice(0, 19))}` : finding.source,
      STATE_LABEL[finding.state],
      finding.createdBy ? code(finding.createdBy.slice(0, 60)) : '',
      code(finding.excerpt),
      code(finding.fingerprint),
    ]);
  if (open.length > MAX_ROWS) lines.push(`The first ${MAX_ROWS} are listed; the SARIF report has all of them.`);
  return renderSummary({
    title: 'keyturn audit-image',
    lines,
    table: { headers: ['severity', 'rule', 'where', 'layer', 'state', 'created by', 'excerpt', 'fingerprint'], rows },
  });
}
