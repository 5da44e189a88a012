import { parseDuration } from '../duration';
import { InputError } from '../errors';

/**
 * Reading an issuer's manifest fields (`issuer: { kind: postgres, host: … }`)
 * into a frozen config: every field checked before any request, an unknown
 * field refused naming the nearest valid one (a typo must not silently change
 * a rotation), every message naming the field and the fix.
 */
export type RawFields = Readonly<Record<string, unknown>>;

/** The edit distance between two short names (fields, inputs, flags). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((row[j - 1] as number) + 1, (previous[j] as number) + 1, (previous[j - 1] as number) + cost));
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** The valid name closest to `name`, when one is close enough to be the one meant. */
export function nearest(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function unknownNameFix(name: string, valid: readonly string[], what: string): string {
  const close = nearest(name, valid);
  const list = `The ${what} are: ${valid.join(', ')}.`;
  return close === undefined ? list : `Did you mean '${close}'? ${list}`;
}

/** Reads fields of one object, each once, refusing the ones not read. */
export class FieldReader {
  private readonly raw: RawFields;
  /** `issuer` or `secrets[db-password].issuer`: the prefix of every message. */
  readonly where: string;

  constructor(raw: RawFields, where: string) {
    this.raw = raw;
    this.where = where;
  }

  private name(field: string): string {
    return `${this.where}.${field}`;
  }

  fail(field: string, problem: string, fix: string): never {
    throw new InputError(this.name(field), problem, fix);
  }

  /** Refuses any field not in `known`, naming the closest one. */
  only(known: readonly string[]): void {
    for (const field of Object.keys(this.raw)) {
      if (!known.includes(field))
        this.fail(field, 'is not a field of this issuer', unknownNameFix(field, known, 'fields'));
    }
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  string(field: string, fix: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number')
      this.fail(field, `is ${describe(value)}, not text`, fix);
    const text = String(value).trim();
    if (text === '') this.fail(field, 'is empty', fix);
    return text;
  }

  requiredString(field: string, fix: string): string {
    const text = this.string(field, fix);
    if (text === undefined) this.fail(field, 'is required but was not given', fix);
    return text;
  }

  integer(field: string, defaultValue: number, range: { min: number; max: number }): number {
    const value = this.raw[field];
    if (value === undefined || value === null) return defaultValue;
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < range.min || number > range.max) {
      this.fail(field, `is ${describe(value)}`, `Use a whole number from ${range.min} to ${range.max}.`);
    }
    return number;
  }

  oneOf<const T extends string>(field: string, choices: readonly T[], defaultValue: T): T {
    const text = this.string(field, `Use one of: ${choices.join(', ')}.`) ?? defaultValue;
    if (!(choices as readonly string[]).includes(text)) {
      this.fail(field, `is '${text}'`, unknownNameFix(text, choices, 'choices'));
    }
    return text as T;
  }

  stringList(field: string, fix: string): string[] | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') this.fail(`${field}[${index}]`, `is ${describe(item)}`, fix);
      return item.trim();
    });
  }

  duration(field: string): number | undefined {
    const text = this.string(field, DURATION_FIX);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) this.fail(field, `is '${text}', not a duration`, DURATION_FIX);
    return ms;
  }
}

const DURATION_FIX = 'Write a number and a unit: 90s, 10m, 24h or 90d.';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/** `grace` on any entry: a duration, at most 90 days (a window longer than a
 * rotation cycle would keep two old values alive at once). */
export const MAX_GRACE_MS = 90 * 86_400_000;

export function readGrace(raw: unknown, where: string): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
  const ms = parseDuration(text);
  if (ms === undefined || text === '') {
    throw new InputError(
      `${where}.grace`,
      `is ${describe(raw)}, not a duration`,
      `${DURATION_FIX} For example grace: 24h.`,
    );
  }
  if (ms > MAX_GRACE_MS) {
    throw new InputError(
      `${where}.grace`,
      `is ${text}, longer than 90d`,
      'Use a window shorter than the rotation cycle.',
    );
  }
  return ms;
}
