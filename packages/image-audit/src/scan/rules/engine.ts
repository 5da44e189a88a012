import type { AllowlistMatcher } from '../allowlist';
import { sha256Hex } from '../redact';
import { shannonEntropy } from './entropy';
import { isAscii, isLatin1, KeywordAutomaton } from './keywords';
import type { ContentRule, Detection, Pattern } from './types';

/** Text to scan: a string, or bytes read as Latin-1 (a window of a file,
 * never turned into a string as a whole unless a rule needs it whole). */
export type ScanText = string | Uint8Array;

/** Reads slices of either kind of text as strings. */
class TextSlicer {
  private readonly bytes: Buffer | undefined;
  private whole: string | undefined;
  readonly length: number;

  constructor(text: ScanText) {
    this.length = text.length;
    if (typeof text === 'string') this.whole = text;
    else this.bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  }

  slice(start: number, end: number): string {
    return this.whole === undefined ? (this.bytes?.toString('latin1', start, end) ?? '') : this.whole.slice(start, end);
  }

  all(): string {
    this.whole ??= this.bytes?.toString('latin1') ?? '';
    return this.whole;
  }
}

/**
 * Runs content rules over text. One pass of a keyword automaton finds every
 * keyword occurrence. A rule with a `reach` then runs only on a short slice
 * around each occurrence of its keywords (most text is never seen by any
 * rule's regex, nor made into a string); a rule without one (user rules,
 * with gitleaks' semantics) runs over the whole text once any of its
 * keywords occurred.
 */
export class Scanner {
  readonly rules: readonly ContentRule[];
  private readonly keywords: KeywordAutomaton;
  /** By keyword index: the rules that keyword triggers. */
  private readonly rulesByKeyword: readonly ContentRule[][];
  private readonly alwaysRun: readonly ContentRule[];
  private readonly wideKeywords: readonly { readonly keyword: string; readonly rule: ContentRule }[];
  private readonly skipPaths: readonly Pattern[];
  private readonly allowlist: AllowlistMatcher | undefined;
  /** Rules' `run`s as byte tables (1: the byte is in the class). */
  private readonly runs = new Map<ContentRule, { table: Uint8Array; length: number }>();

  constructor(rules: readonly ContentRule[], skipPaths: readonly Pattern[] = [], allowlist?: AllowlistMatcher) {
    this.rules = rules;
    this.skipPaths = skipPaths;
    this.allowlist = allowlist?.empty ? undefined : allowlist;
    // No keyword, or an empty one (which every text contains, as in
    // gitleaks): the rule runs on every text.
    const prefiltered = (rule: ContentRule) => rule.keywords.length > 0 && !rule.keywords.includes('');
    this.alwaysRun = rules.filter((rule) => !prefiltered(rule));
    const byKeyword = new Map<string, ContentRule[]>();
    const add = (key: string, rule: ContentRule) => {
      const rules = byKeyword.get(key) ?? [];
      if (!rules.includes(rule)) byKeyword.set(key, [...rules, rule]);
    };
    const wide: { keyword: string; rule: ContentRule }[] = [];
    for (const rule of rules.filter(prefiltered)) {
      for (const keyword of rule.keywords) {
        const lower = keyword.toLowerCase();
        if (isLatin1(lower)) add(lower, rule);
        // A user's keyword past ASCII (`clé`, `пароль`): a UTF-8 file read
        // as Latin-1 holds its UTF-8 bytes, which fold no case: its usual
        // cases are looked for.
        if (!isAscii(keyword)) for (const form of utf8Forms(keyword)) add(form, rule);
        if (!isLatin1(lower)) {
          // In a string it is itself, which the automaton cannot hold.
          if (rule.reach !== undefined)
            throw new Error(`rule ${rule.id}: a keyword past Latin-1 needs a rule without reach`);
          wide.push({ keyword: lower, rule });
        }
      }
    }
    for (const rule of rules) {
      if (!rule.run) continue;
      const table = Uint8Array.from({ length: 256 }, (_, code) =>
        rule.run?.of.test(String.fromCharCode(code)) ? 1 : 0,
      );
      this.runs.set(rule, { table, length: rule.run.length });
    }
    this.keywords = new KeywordAutomaton([...byKeyword.keys()]);
    this.rulesByKeyword = [...byKeyword.values()];
    this.wideKeywords = wide;
  }

  /** Rules with a keyword past Latin-1 that occurs in a string (gitleaks
   * compares lower-cased text). Such rules have no reach: no position. */
  private wideHits(text: ScanText): ContentRule[] {
    if (this.wideKeywords.length === 0 || typeof text !== 'string') return [];
    const lower = text.toLowerCase();
    return this.wideKeywords.filter(({ keyword }) => lower.includes(keyword)).map(({ rule }) => rule);
  }

  /** Rules whose keywords occur in `text`, in rule order. */
  triggered(text: ScanText): ContentRule[] {
    const hit = new Set<ContentRule>([...this.alwaysRun, ...this.wideHits(text)]);
    for (const [, rules] of this.keywordHits(text)) for (const rule of rules) hit.add(rule);
    return this.rules.filter((rule) => hit.has(rule));
  }

  /** Each position where keywords start, in text order, with the rules of
   * every keyword starting there (in rule order). */
  private keywordHits(text: ScanText): [number, ContentRule[]][] {
    const keywords = this.keywords;
    const codes = keywords.occurrences(text);
    const hits: [number, ContentRule[]][] = [];
    let last: [number, ContentRule[]] | undefined;
    for (const code of codes) {
      const start = keywords.startOf(code);
      const rules = this.rulesByKeyword[keywords.keywordOf(code)] ?? [];
      if (last?.[0] !== start) {
        last = [start, rules];
        hits.push(last);
      } else {
        const before = last[1];
        last[1] = this.rules.filter((rule) => before.includes(rule) || rules.includes(rule));
      }
    }
    return hits;
  }

  /** Every detection in `text`. `path` selects path-scoped rules. */
  scan(text: ScanText, path = ''): Detection[] {
    const detections: Detection[] = [];
    if (path !== '' && this.skipPaths.some((skip) => skip.test(path))) return detections;
    const keywordHits = this.keywordHits(text);
    // Most windows hold no keyword: nothing below needs to be set up.
    if (keywordHits.length === 0 && this.alwaysRun.length === 0 && this.wideKeywords.length === 0) return detections;
    const applies = (rule: ContentRule) => !rule.path || rule.path.test(path);
    const wholeText = new Set<ContentRule>([...this.alwaysRun, ...this.wideHits(text)].filter(applies));
    const seen = new Set<string>();
    // Allowlisted detections are counted apart: they must not use up the
    // cap before a detection that will be reported.
    const found = new Map<ContentRule, number>();
    const allowed = new Map<ContentRule, number>();
    const full = (rule: ContentRule) => (found.get(rule) ?? 0) >= MAX_DETECTIONS_PER_RULE;
    const allowlist = this.allowlist;
    const pathAllowed = allowlist !== undefined && path !== '' && allowlist.path(path);
    /** Whether the match was a detection (new or seen before). */
    const record = (rule: ContentRule, match: RegExpExecArray, offset: number): boolean => {
      const secret = secretOf(rule, match);
      if (secret === undefined || secret === '' || !accepts(rule, secret, match)) return false;
      const start = offset + match.index + Math.max(0, match[0].indexOf(secret));
      const key = `${rule.id}\u0000${start}`;
      if (seen.has(key)) return true;
      seen.add(key);
      if (allowlist && (pathAllowed || allowlist.hit(rule.id, path, sha256Hex(secret)))) {
        const count = (allowed.get(rule) ?? 0) + 1;
        allowed.set(rule, count);
        if (count <= MAX_ALLOWLISTED_PER_RULE)
          detections.push({ rule, secret, start, end: start + secret.length, allowlisted: true });
        return true;
      }
      found.set(rule, (found.get(rule) ?? 0) + 1);
      detections.push({ rule, secret, start, end: start + secret.length });
      return true;
    };

    const source = new TextSlicer(text);
    const bytes = typeof text === 'string' ? undefined : text;
    for (const [at, rules] of keywordHits) {
      for (const rule of rules) {
        if (rule.reach === undefined) {
          if (applies(rule)) wholeText.add(rule);
          continue;
        }
        if (!applies(rule) || full(rule)) continue;
        // Nearby keywords give overlapping slices; `seen` drops the repeats.
        const start = Math.max(0, at - (rule.lead ?? 0) - 1);
        const end = Math.min(source.length, at + rule.reach);
        if (bytes) {
          if (rule.atKeywordBytes && !rule.atKeywordBytes(bytes, at, end)) continue;
          const run = this.runs.get(rule);
          if (run && !hasRun(bytes, start, end, run.table, run.length)) continue;
        }
        const slice = source.slice(start, end);
        if (rule.precheck && !rule.precheck.test(slice)) continue;
        if (rule.atKeyword) {
          rule.atKeyword.lastIndex = at - start;
          if (!rule.atKeyword.test(slice)) continue;
        }
        rule.regex.lastIndex = 0;
        for (let match = rule.regex.exec(slice); match !== null; match = rule.regex.exec(slice)) {
          // A match the rule rejects (a key whose value runs on through
          // `&secret=…`) must not hide one that starts inside it: try again
          // one character on. The slice is short, so this stays cheap.
          if (!record(rule, match, start)) rule.regex.lastIndex = match.index + 1;
          else if (match[0].length === 0) rule.regex.lastIndex++;
          if (full(rule)) break;
        }
      }
    }
    for (const rule of this.rules) {
      if (!wholeText.has(rule)) continue;
      const whole = source.all();
      rule.regex.lastIndex = 0;
      for (let match = rule.regex.exec(whole); match !== null; match = rule.regex.exec(whole)) {
        record(rule, match, 0);
        if (match[0].length === 0) rule.regex.lastIndex++;
        if (full(rule)) break;
      }
    }
    return dropCoveredFallbacks(detections.sort((a, b) => a.start - b.start));
  }
}

/** Whether `bytes[from, to)` holds `length` bytes in a row that `table`
 * marks. It looks at the last byte a run starting at `i` would need first,
 * so text without such runs is stepped through `length` bytes at a time. */
export function hasRun(bytes: Uint8Array, from: number, to: number, table: Uint8Array, length: number): boolean {
  let i = from;
  while (i + length <= to) {
    const last = i + length - 1;
    if (table[bytes[last] as number] === 0) {
      i = last + 1;
      continue;
    }
    let first = last;
    while (first > i && table[bytes[first - 1] as number] === 1) first--;
    let end = last + 1;
    while (end < to && end - first < length && table[bytes[end] as number] === 1) end++;
    if (end - first >= length) return true;
    i = end + 1;
  }
  return false;
}

/** A window reports 20 hits at most; past this many detections of one rule
 * (a file of tokens, a user's regex that matches every character) the rest
 * would cost memory and time and never be shown. */
const MAX_DETECTIONS_PER_RULE = 100;
/** Allowlisted detections are kept to be listed in the summary, a few a rule. */
const MAX_ALLOWLISTED_PER_RULE = 20;

/** A keyword as its UTF-8 bytes read as Latin-1, in lower and upper case and
 * capitalised. */
function utf8Forms(keyword: string): string[] {
  const lower = keyword.toLowerCase();
  const upper = keyword.toUpperCase();
  const first = String.fromCodePoint(lower.codePointAt(0) ?? 0).length;
  const forms = new Set([lower, upper, upper.slice(0, first) + lower.slice(first)]);
  return [...forms].map((form) => Buffer.from(form, 'utf8').toString('latin1'));
}

function secretOf(rule: ContentRule, match: RegExpExecArray): string | undefined {
  if (rule.secretGroup !== undefined) return match[rule.secretGroup];
  for (let group = 1; group < match.length; group++) {
    if (match[group] !== undefined) return match[group];
  }
  return match[0];
}

function accepts(rule: ContentRule, secret: string, match: RegExpExecArray): boolean {
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return false;
  if (rule.allowRegexes?.some((allow) => allow.test(secret))) return false;
  const lower = secret.toLowerCase();
  if (rule.stopwords?.some((word) => lower.includes(word))) return false;
  return rule.accept ? rule.accept(secret, match) : true;
}

const tier = (detection: Detection) => (detection.rule.fallback === 'generic' ? 2 : detection.rule.fallback ? 1 : 0);

function dropCoveredFallbacks(detections: Detection[]): Detection[] {
  if (!detections.some((d) => d.rule.fallback)) return detections;
  return detections.filter(
    (d) => !detections.some((other) => tier(other) < tier(d) && other.start < d.end && d.start < other.end),
  );
}
