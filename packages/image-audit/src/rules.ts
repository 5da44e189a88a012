import { Scanner } from './scan/rules/engine';
import { type RuleSet, ruleSetFor } from './scan/rules/ruleset';

/** The rules an audit runs, checked once: the built-in ones, changed by the
 * user's gitleaks TOML when there is one. */
export interface PreparedRules {
  /** The user's TOML text: each worker thread builds the same rules from it. */
  readonly toml: string | undefined;
  readonly ruleSet: RuleSet;
  readonly count: { readonly builtin: number; readonly user: number };
  /** Built on first use (for the image metadata, after the archive is read):
   * building one takes ~15 ms that would delay the reading threads. */
  readonly scanner: Scanner;
}

/** Throws RuleConfigError for a TOML file that cannot be used, and an Error
 * naming the problem when it leaves no rule at all. */
export function prepareRules(toml?: string): PreparedRules {
  const ruleSet = ruleSetFor(toml);
  let scanner: Scanner | undefined;
  return Object.freeze({
    toml,
    ruleSet,
    count: { builtin: ruleSet.rules.length - ruleSet.user, user: ruleSet.user },
    get scanner() {
      scanner ??= new Scanner(ruleSet.rules, ruleSet.skipPaths);
      return scanner;
    },
  });
}
