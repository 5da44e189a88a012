export type Severity = 'low' | 'medium' | 'high';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };

/** What the scanner needs of a regular expression: a global JavaScript
 * RegExp (built-in rules, written for V8 and reviewed) or a linear-time RE2
 * pattern (user rules, see gitleaks.ts). */
export interface Pattern {
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
  /** Whether it matches anywhere (no state: never a global RegExp). */
  test(text: string): boolean;
  readonly source: string;
}

/**
 * A content rule. `keywords` (lower case) are the prefilter: the regex only
 * runs on text in which one of them occurs. A rule without keywords runs on
 * every text (user rules may omit them, as gitleaks allows).
 */
export interface ContentRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly keywords: readonly string[];
  /** Global regex; the secret is `secretGroup` (default: the first group
   * that matched, else the whole match). */
  readonly regex: Pattern;
  readonly secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly entropy?: number;
  /** Characters of the secret that are a fixed, documented prefix (`ghp_`):
   * safe to show in an excerpt. */
  readonly visiblePrefix?: number;
  /** Extra check on a candidate secret (checksum, decoding, placeholders). */
  readonly accept?: (secret: string, match: RegExpExecArray) => boolean;
  /** The rule only applies to files whose path matches. */
  readonly path?: Pattern;
  /** Candidates matching any of these (against the secret) are ignored. */
  readonly allowRegexes?: readonly Pattern[];
  readonly stopwords?: readonly string[];
  /** Built-in rules: a match starts at most `lead` characters before one of
   * the keywords (one more than that, so a lookbehind sees the character
   * before) and ends within `reach` characters after it, so the regex only
   * runs near keywords. Unset: the regex runs on the whole text (gitleaks
   * semantics, for user rules). */
  readonly lead?: number;
  readonly reach?: number;
  /** A necessary condition, cheaper than `regex` (no global flag): a slice
   * in which it does not match cannot hold a match of `regex`, so the
   * regex is not run on it. Only for rules with a `reach`. */
  readonly precheck?: RegExp;
  /** A necessary condition where the keyword starts (sticky): a match of
   * `regex` holds one of the keywords and this matches from there. A keyword
   * occurrence where it fails is skipped; a match around another keyword is
   * found from that one. Only for rules with a `reach`, and only when the
   * keywords cover every way `regex` can match. */
  readonly atKeyword?: RegExp;
  /** A necessary condition on the bytes, checked before any string is made
   * of the slice: every match of `regex` holds `length` characters in a
   * row of the one-character class `of` (AWS's 40-character secret key).
   * Only for rules with a `reach`; windows only (metadata strings are
   * short and skip it). */
  readonly run?: { readonly of: RegExp; readonly length: number };
  /** A necessary condition on the bytes where the keyword starts, for
   * `atKeyword`: false only where `atKeyword` cannot match from `at`. Tried
   * first, since most keywords in code (`tokenize(`, `secretOf`) are
   * rejected by their next few bytes, without a string made of the slice. */
  readonly atKeywordBytes?: (bytes: Uint8Array, at: number, end: number) => boolean;
  /** A catch-all, dropped where a more specific rule matched the same
   * bytes: `true` for file-format rules (.npmrc, .netrc, URLs), which give
   * way to token formats; `'generic'` for the key=value rule, which gives way
   * to both. */
  readonly fallback?: boolean | 'generic';
}

/** A match of a rule in a text. The secret leaves the scanner only as a hash
 * and a redacted excerpt (see findings.ts). */
export interface Detection {
  readonly rule: ContentRule;
  readonly secret: string;
  /** Offsets in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** The user's allowlist names it: kept to be listed, never counted
   * against a cap nor reported as open. */
  readonly allowlisted?: boolean;
}
