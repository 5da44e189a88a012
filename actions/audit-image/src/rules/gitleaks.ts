import { parse } from 'smol-toml';
import type { ContentRule, Severity } from './types';

/**
 * Rules from a gitleaks TOML config (the format most repositories already
 * have), also keyturn's format for user rules, plus an optional `severity`.
 * gitleaks regexes are Go RE2; the common differences from JavaScript are
 * translated (leading flags, `(?P<name>`, `\z`, POSIX classes, `\Q…\E`).
 * RE2 never backtracks and JavaScript does; the scanner bounds each text to
 * one window, which bounds, but does not remove, a pathological pattern's cost.
 */
export interface UserRules {
  readonly rules: ContentRule[];
  /** False when the config says `[extend] useDefault = false`. */
  readonly useDefault: boolean;
  readonly disabled: ReadonlySet<string>;
  /** Paths the global allowlist skips. */
  readonly skipPaths: RegExp[];
}

export class RuleConfigError extends Error {}

const POSIX: Readonly<Record<string, string>> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: ' \\t\\r\\n\\v\\f',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/** Go RE2 syntax to a JavaScript RegExp (global). */
export function translateRe2(source: string, extraFlags = ''): RegExp {
  let pattern = source;
  const flags = new Set<string>(['g', ...extraFlags]);
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading) {
    for (const flag of leading[1] ?? '') if (flag !== 'U') flags.add(flag);
    pattern = pattern.slice(leading[0].length);
  }
  // A flag group later in the pattern: JavaScript has no scoped equivalent
  // without a group, so the flag applies to the whole pattern (wider, never
  // narrower, matching).
  pattern = pattern.replace(/\(\?([ims]+)\)/g, (_m, inline: string) => {
    for (const flag of inline) flags.add(flag);
    return '';
  });
  pattern = pattern
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, literal: string) => literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\[:(\^?)(\w+):\]/g, (match, negate: string, name: string) => {
      const set = POSIX[name];
      if (set === undefined) return match;
      return negate ? `^${set}` : set;
    })
    .replace(/\\x\{([0-9a-fA-F]{1,2})\}/g, (_m, hex: string) => `\\x${hex.padStart(2, '0')}`);
  return new RegExp(pattern, [...flags].join(''));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function compile(where: string, source: string, flags = ''): RegExp {
  try {
    return translateRe2(source, flags);
  } catch (error) {
    throw new RuleConfigError(`${where}: regex cannot be used in JavaScript (${(error as Error).message})`);
  }
}

export function parseGitleaksToml(text: string): UserRules {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new RuleConfigError(`is not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
  const extend = isRecord(document.extend) ? document.extend : {};
  const globals = [
    ...(isRecord(document.allowlist) ? [document.allowlist] : []),
    ...(Array.isArray(document.allowlists) ? document.allowlists.filter(isRecord) : []),
  ];
  const globalRegexes = globals.flatMap((list, i) =>
    strings(list.regexes).map((r) => compile(`allowlist ${i + 1}`, r)),
  );
  const globalStopwords = globals.flatMap((list) => strings(list.stopwords).map((word) => word.toLowerCase()));
  const skipPaths = globals.flatMap((list, i) => strings(list.paths).map((r) => compile(`allowlist ${i + 1} path`, r)));

  const rules: ContentRule[] = [];
  const ruleTables = Array.isArray(document.rules) ? document.rules : [];
  ruleTables.forEach((table, position) => {
    if (!isRecord(table)) return;
    const id = typeof table.id === 'string' && table.id !== '' ? table.id : `rule-${position + 1}`;
    const where = `rule '${id}'`;
    const severity = table.severity ?? 'high';
    if (severity !== 'low' && severity !== 'medium' && severity !== 'high') {
      throw new RuleConfigError(`${where}: severity must be low, medium or high`);
    }
    const path = typeof table.path === 'string' ? compile(`${where} path`, table.path) : undefined;
    const regexSource = typeof table.regex === 'string' ? table.regex : undefined;
    if (regexSource === undefined && path === undefined) throw new RuleConfigError(`${where}: needs a regex or a path`);
    // A path-only rule reports any file at the path: its "secret" is the
    // file's head, which only ever leaves as a hash and a redacted excerpt.
    const regex = regexSource === undefined ? /^[\s\S]{1,256}/g : compile(where, regexSource);
    const lists = [
      ...(isRecord(table.allowlist) ? [table.allowlist] : []),
      ...(Array.isArray(table.allowlists) ? table.allowlists.filter(isRecord) : []),
    ];
    const allowRegexes = [
      ...globalRegexes,
      ...lists.flatMap((list) => strings(list.regexes).map((r) => compile(`${where} allowlist`, r))),
    ].map((r) => new RegExp(r.source, r.flags.replace('g', '')));
    const stopwords = [
      ...globalStopwords,
      ...lists.flatMap((list) => strings(list.stopwords).map((w) => w.toLowerCase())),
    ];
    const rulePathAllow = lists.flatMap((list) =>
      strings(list.paths).map((r) => compile(`${where} allowlist path`, r)),
    );
    // gitleaks searches paths (unanchored): the rule's path must occur, no
    // allowlisted path may.
    const denied = rulePathAllow.map((r) => `(?:${r.source})`).join('|');
    const pathFilter =
      path || rulePathAllow.length > 0
        ? new RegExp(`^${denied ? `(?![\\s\\S]*?(?:${denied}))` : ''}${path ? `[\\s\\S]*?(?:${path.source})` : ''}`)
        : undefined;
    const rule: ContentRule = {
      id,
      description: typeof table.description === 'string' ? table.description : `user rule ${id}`,
      severity: severity as Severity,
      keywords: strings(table.keywords).map((keyword) => keyword.toLowerCase()),
      regex,
      ...(typeof table.secretGroup === 'number' ? { secretGroup: table.secretGroup } : {}),
      ...(typeof table.entropy === 'number' ? { entropy: table.entropy } : {}),
      ...(pathFilter ? { path: pathFilter } : {}),
      ...(allowRegexes.length > 0 ? { allowRegexes } : {}),
      ...(stopwords.length > 0 ? { stopwords } : {}),
    };
    rules.push(rule);
  });
  return {
    rules,
    useDefault: extend.useDefault !== false,
    disabled: new Set(strings(extend.disabledRules)),
    skipPaths,
  };
}
