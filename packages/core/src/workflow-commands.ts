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
