import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The runner's protocol, written out: workflow commands on stdout
 * (`::add-mask::`, `::error::`…) and file commands (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). Owning these few functions instead of bundling
 * @actions/core keeps every action free of an HTTP client it never uses
 * (about 1 MB of each bundle) and makes the escaping rules ours to test.
 */

/** Escapes a command's message: the runner reads `%`, CR and LF specially. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The one escaping point for text keyturn did not write (a login, an
 * environment or file name, an upstream message, a path from an image) on
 * its way to the log as a plain line. The runner reads its output line by
 * line, splitting at LF, CR or CRLF, and takes any line whose trimmed start
 * is `::` as a workflow command (and `##[` anywhere, the older syntax). So
 * every line of the text is kept, but a line that would start a command has
 * those characters percent-encoded: it shows as `%3A%3Awarning::…`, never
 * runs as `::warning::`, `::add-mask::` or `::stop-commands::`.
 */
export function escapeLogText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(neutralizeLine)
    .join('\n');
}

function neutralizeLine(line: string): string {
  const out = line.replace(/##\[/g, '##%5B');
  const lead = out.length - out.trimStart().length;
  return out.startsWith('::', lead) ? `${out.slice(0, lead)}%3A%3A${out.slice(lead + 2)}` : out;
}

/** Escapes a command property value, where `:` and `,` are separators too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatCommand(command: string, message: string, properties: Record<string, string> = {}): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** One `name<<delimiter` block for GITHUB_OUTPUT / GITHUB_ENV. The delimiter is
 * random so a value cannot end the block early and inject another output. */
export function formatFileCommandEntry(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`output '${name}' contains the delimiter ${delimiter}`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

export function appendToFile(path: string, text: string): void {
  appendFileSync(path, text, { encoding: 'utf8' });
}

/** The runner's variable for an input: spaces become `_`, upper case. */
export function inputVariableName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
