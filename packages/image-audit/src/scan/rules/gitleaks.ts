import { type Matcher, RE2JS } from 're2js';
import { parse } from 'smol-toml';
import type { ContentRule, Pattern, Severity } from './types';

/**
 * Rules from a gitleaks TOML config (the format most repositories already
 * have), also keyturn's format for user rules, plus an optional `severity`.
 * gitleaks regexes are Go RE2, and run here on an RE2 engine (re2js): the
 * same syntax, and linear time whatever the pattern.
 */
export interface UserRules {
  readonly rules: ContentRule[];
  /** False when the config says `[extend] useDefault = false`. */
  readonly useDefault: boolean;
  readonly disabled: ReadonlySet<string>;
  /** Paths the global allowlist skips. */
  readonly skipPaths: Pattern[];
}

export class RuleConfigError extends Error {}

/**
 * A user's regex, compiled by re2js (RE2's linear-time engine): gitleaks
 * writes Go RE2, which re2js reads as it is (`(?i)`, `(?P<name>`, `\z`,
 * POSIX classes, `\Q…\E`), and no pattern can backtrack, so a rule like
 * `(a+)+$` costs time linear in the text like any other (SPEC guarantee 8).
 * It answers the scanner as a global RegExp would (`exec` from `lastIndex`).
 */
export class Re2Pattern implements Pattern {
  lastIndex = 0;
  readonly source: string;
  private readonly re: RE2JS;
  private readonly groups: number;
  private matcher: Matcher | undefined;
  private input: string | undefined;

  constructor(source: string, caseInsensitive = false) {
    this.source = source;
    this.re = RE2JS.compile(source, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
    this.groups = this.re.groupCount();
  }

  test(text: string): boolean {
    return this.re.test(text);
  }

  exec(text: string): RegExpExecArray | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    if (this.input !== text || this.matcher === undefined) {
      this.matcher = this.re.matcher(text);
      this.input = text;
    }
    if (!this.matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const parts: (string | undefined)[] = [];
    for (let group = 0; group <= this.groups; group++) parts.push(this.matcher.group(group) ?? undefined);
    const match = Object.assign(parts, { index: this.matcher.start(), input: text }) as unknown as RegExpExecArray;
    this.lastIndex = this.matcher.end();
    return match;
  }
}

/** Go RE2 syntax, compiled to run in linear time. */
export function compileRe2(source: string, caseInsensitive = false): Re2Pattern {
  return new Re2Pattern(source, caseInsensitive);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function compile(where: string, source: string): Re2Pattern {
  try {
    return compileRe2(source);
  } catch (error) {
    throw new RuleConfigError(`${where}: regex is not valid RE2 syntax (${(error as Error).message})`);
  }
}

/** A rule's path condition as one pattern: `path` occurs and none of
 * `denied` does (each searched, in linear time). */
function pathMatcher(path: Re2Pattern | undefined, denied: readonly Re2Pattern[]): Pattern {
  const matches = (text: string) => (path === undefined || path.test(text)) && !denied.some((d) => d.test(text));
  return {
    lastIndex: 0,
    source: path?.source ?? '',
    test: matches,
    exec: () => null,
  };
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
    ];
    const stopwords = [
      ...globalStopwords,
      ...lists.flatMap((list) => strings(list.stopwords).map((w) => w.toLowerCase())),
    ];
    const rulePathAllow = lists.flatMap((list) =>
      strings(list.paths).map((r) => compile(`${where} allowlist path`, r)),
    );
    // gitleaks searches paths (unanchored): the rule's path must occur, no
    // allowlisted path may.
    const pathFilter = path || rulePathAllow.length > 0 ? pathMatcher(path, rulePathAllow) : undefined;
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
