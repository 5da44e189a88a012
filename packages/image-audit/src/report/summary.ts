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

const thirdPartyName = (finding: Finding) => {
  const party = finding.thirdParty;
  if (!party) return '';
  if (party.kind === 'example') return party.package;
  return `${party.kind} ${party.package}${party.version ? ` ${party.version}` : ''}`;
};

export function summaryMarkdown(
  findings: readonly Finding[],
  model: ArchiveModel,
  stats: AuditStats,
  failOn: Severity,
  failed: boolean,
): string {
  const open = findings.filter((finding) => !finding.suppressed);
  const owner = open.filter((finding) => finding.thirdParty === undefined);
  const thirdParty = open.filter((finding) => finding.thirdParty !== undefined);
  const allowlisted = findings.filter((finding) => finding.suppressed);
  const count = (severity: Severity) => owner.filter((finding) => finding.severity === severity).length;
  const images = model.images.map((image) =>
    shownText(`${image.refs[0] ?? '?'}${image.platform ? ` (${image.platform})` : ''}`),
  );
  const lines = [
    `${failed ? '❌' : '✅'} **${owner.length} finding${owner.length === 1 ? '' : 's'}** (high ${count('high')}, medium ${count('medium')}, low ${count('low')}); ` +
      `${thirdParty.length} in third-party content, ${allowlisted.length} allowlisted; the check fails on \`${failOn}\` or above.`,
    `Scanned ${images.length} image${images.length === 1 ? '' : 's'} (${images.slice(0, 10).join(', ') || 'none named'}), ${model.format}: ` +
      `${stats.layers} layers, ${stats.files} files, ${formatBytes(stats.bytes)} in ${stats.seconds.toFixed(1)} s.`,
  ];
  for (const note of model.notes.slice(0, 10)) lines.push(`> note: ${shownText(note)}`);
  // A code span cannot hold a backtick.
  const code = (text: string) => `\`${shownText(text).replace(/`/g, "'")}\``;
  const where = (finding: { path: string; line: number | undefined }) =>
    `${code(finding.path)}${finding.line === undefined ? '' : `:${finding.line}`}`;
  const tail: string[] = [];
  const collapsed = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    tail.push('', `<details><summary>${title}</summary>`, '', ...rows, '', '</details>');
  };
  collapsed(
    `${thirdParty.length} in third-party content (package files as installed, published examples; they do not fail the check)`,
    thirdParty
      .slice(0, MAX_ROWS)
      .map(
        (finding) =>
          `- ${shownText(thirdPartyName(finding))}: ${finding.ruleId} in ${where(finding)} ${code(finding.fingerprint)}`,
      ),
  );
  collapsed(
    `${allowlisted.length} allowlisted`,
    allowlisted
      .slice(0, MAX_ROWS)
      .map(
        (finding) => `- ${finding.ruleSeverity} ${finding.ruleId} in ${where(finding)} ${code(finding.fingerprint)}`,
      ),
  );
  if (owner.length === 0) return `${renderSummary({ title: 'keyturn audit-image', lines })}${tail.join('\n')}\n`;
  const layerOf = (finding: { layer: Finding['layer']; source: Finding['source'] }) =>
    finding.layer ? `layer ${finding.layer.index ?? '?'}` : finding.source;
  const rows = owner
    .slice(0, MAX_ROWS)
    .map((finding) => [
      finding.severity,
      finding.ruleId,
      `${where(finding)}${finding.locations.length === 0 ? '' : ` (+${finding.locations.length} more)`}`,
      `${layerOf(finding)}, ${STATE_LABEL[finding.state]}`,
      code(finding.excerpt),
      code(finding.fingerprint),
    ]);
  const elsewhere = owner.filter((finding) => finding.locations.length > 0).slice(0, MAX_ROWS);
  if (elsewhere.length > 0) {
    const details = elsewhere.flatMap((finding) => [
      `- ${finding.ruleId} ${code(finding.fingerprint)}, also:`,
      ...finding.locations
        .slice(0, 20)
        .map(
          (location) =>
            `  - ${where(location)} (${layerOf(location)}, ${STATE_LABEL[location.state]}${location.suppressed ? ', allowlisted' : ''})`,
        ),
    ]);
    tail.unshift('', '<details><summary>Where else each secret is</summary>', '', ...details, '', '</details>');
  }
  if (owner.length > MAX_ROWS) lines.push(`The first ${MAX_ROWS} are listed; the SARIF report has all of them.`);
  return `${renderSummary({
    title: 'keyturn audit-image',
    lines,
    table: { headers: ['severity', 'secret', 'where', 'layer, state', 'excerpt', 'fingerprint'], rows },
  })}${tail.join('\n')}\n`;
}
