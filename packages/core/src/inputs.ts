import { formatDuration, parseDuration } from './duration';
import { InputError } from './errors';
import type { SecretRegistry } from './secrets';

/** How inputs are read: the runner's getInput, or a map in tests and the CLI. */
export type InputSource = (name: string) => string;

/**
 * Reads and validates inputs. Every problem is an InputError naming the input,
 * what is wrong and how to fix it. Actions read all inputs through this into a
 * frozen config before making any request, so bad input changes nothing.
 */
export class InputReader {
  private readonly source: InputSource;
  private readonly secrets: SecretRegistry;

  constructor(source: InputSource, secrets: SecretRegistry) {
    this.source = source;
    this.secrets = secrets;
  }

  /** The trimmed value, or the default when unset. */
  string(name: string, defaultValue = ''): string {
    const raw = this.source(name).trim();
    return raw === '' ? defaultValue : raw;
  }

  required(name: string, fix: string): string {
    const value = this.string(name);
    if (value === '') throw new InputError(name, 'is required but was not given', fix);
    return value;
  }

  /** A secret input: masked before anything else touches it. Not trimmed
   * beyond surrounding whitespace, which no real credential carries. */
  secret(name: string): string | undefined {
    const value = this.source(name).trim();
    this.secrets.mask(value);
    return value === '' ? undefined : value;
  }

  boolean(name: string, defaultValue: boolean): boolean {
    const raw = this.string(name);
    if (raw === '') return defaultValue;
    // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput.
    if (['true', 'True', 'TRUE'].includes(raw)) return true;
    if (['false', 'False', 'FALSE'].includes(raw)) return false;
    throw new InputError(name, `is '${raw}', not a boolean`, 'Use true or false.');
  }

  /** A duration in milliseconds: `90s`, `10m`, `24h`, `90d`, `1h30m`, `0`.
   * A duration keyturn waits for (not an age) takes a `max`: past it the
   * input is refused, never handed to a timer that would overflow. */
  duration(name: string, defaultValue: string, bound?: { max: number; why: string }): number {
    const raw = this.string(name, defaultValue);
    const ms = parseDuration(raw);
    if (ms === undefined) {
      throw new InputError(name, `is '${raw}', not a duration`, 'Write a number and a unit: 90s, 10m, 24h or 90d.');
    }
    if (bound && ms > bound.max) {
      throw new InputError(
        name,
        `is '${raw}', longer than the ${formatDuration(bound.max)} keyturn waits at most (${bound.why})`,
        `Use ${formatDuration(bound.max)} or less.`,
      );
    }
    return ms;
  }

  integer(name: string, defaultValue: number, range: { min: number; max: number }): number {
    const raw = this.string(name);
    if (raw === '') return defaultValue;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
      throw new InputError(name, `is '${raw}'`, `Use a whole number from ${range.min} to ${range.max}.`);
    }
    return value;
  }

  oneOf<const T extends string>(name: string, choices: readonly T[], defaultValue: T): T {
    const raw = this.string(name, defaultValue);
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InputError(name, `is '${raw}'`, `Use one of: ${choices.join(', ')}.`);
    }
    return raw as T;
  }

  /** One item per line; blank lines and `#` comments are skipped. */
  lines(name: string): string[] {
    return this.source(name)
      .split(/\r?\n/)
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .filter((line) => line !== '');
  }
}
