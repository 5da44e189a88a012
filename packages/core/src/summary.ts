/**
 * Markdown for the job summary. Cells are escaped so a name holding `|` or a
 * newline cannot break the table.
 */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface SummarySection {
  title: string;
  /** Paragraphs before the table. */
  lines?: readonly string[];
  table?: { headers: readonly string[]; rows: readonly (readonly string[])[] };
}

export function renderSummary(section: SummarySection): string {
  const parts = [`### ${section.title}`, ...(section.lines ?? [])];
  if (section.table) parts.push(markdownTable(section.table.headers, section.table.rows));
  return `${parts.join('\n\n')}\n`;
}
