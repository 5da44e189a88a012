import { type Allowlist, AllowlistMatcher, EMPTY_ALLOWLIST } from '../allowlist';
import { BUILTIN_RULES } from './builtin';
import { Scanner } from './engine';
import { parseGitleaksToml } from './gitleaks';
import type { ContentRule, Pattern } from './types';

export interface RuleSet {
  readonly rules: readonly ContentRule[];
  /** How many of `rules` the user's file added. */
  readonly user: number;
  readonly skipPaths: readonly Pattern[];
}

/** The built-in rules, changed by the user's gitleaks TOML when there is one
 * (`useDefault`, disabled rules, their own rules and path allowlist). Throws
 * RuleConfigError for a file that cannot be used. */
export function ruleSetFor(rulesToml: string | undefined): RuleSet {
  if (rulesToml === undefined) return { rules: BUILTIN_RULES, user: 0, skipPaths: [] };
  const parsed = parseGitleaksToml(rulesToml);
  const builtin = parsed.useDefault ? BUILTIN_RULES.filter((rule) => !parsed.disabled.has(rule.id)) : [];
  return { rules: [...builtin, ...parsed.rules], user: parsed.rules.length, skipPaths: parsed.skipPaths };
}

/** The scanner for a rules file: built once per thread from the same text,
 * so every thread runs the same rules. */
export function scannerFor(rulesToml: string | undefined, allowlist: Allowlist = EMPTY_ALLOWLIST): Scanner {
  const { rules, skipPaths } = ruleSetFor(rulesToml);
  return new Scanner(rules, skipPaths, new AllowlistMatcher(allowlist));
}
