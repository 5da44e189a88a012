import { shannonEntropy } from './entropy';
import { isLatin1, KeywordAutomaton } from './keywords';
import type { ContentRule, Detection } from './types';

/** Text to scan: a string, or bytes read as Latin-1 (a window of a file,
 * never turned into a string as a whole unless a rule needs it whole). */
export type ScanText = string | Uint8Array;

/** Reads slices of either kind of text as strings. */
class TextSlicer {
  private readonly bytes: Buffer | undefined;
  private whole: string | undefined;

  constructor(private readonly text: ScanText) {
    this.bytes = typeof text === 'string' ? undefined : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  }

  get length(): number {
    return this.text.length;
  }

  slice(start: number, end: number): string {
    return this.bytes ? this.bytes.toString('latin1', start, end) : (this.text as string).slice(start, end);
  }

  all(): string {
    this.whole ??= this.bytes ? this.bytes.toString('latin1') : (this.text as string);
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
  private readonly skipPaths: readonly RegExp[];

  constructor(rules: readonly ContentRule[], skipPaths: readonly RegExp[] = []) {
    this.rules = rules;
    this.skipPaths = skipPaths.map((path) => new RegExp(path.source, path.flags.replace('g', '')));
    // A keyword past Latin-1 (a user rule's) cannot be looked for in bytes:
    // its rule runs on every text instead, which finds all it would find.
    const prefiltered = (rule: ContentRule) => rule.keywords.length > 0 && rule.keywords.every(isLatin1);
    this.alwaysRun = rules.filter((rule) => !prefiltered(rule));
    const byKeyword = new Map<string, ContentRule[]>();
    for (const rule of rules.filter(prefiltered)) {
      for (const keyword of rule.keywords) {
        const key = keyword.toLowerCase();
        byKeyword.set(key, [...(byKeyword.get(key) ?? []), rule]);
      }
    }
    this.keywords = new KeywordAutomaton([...byKeyword.keys()]);
    this.rulesByKeyword = [...byKeyword.values()];
  }

  /** Rules whose keywords occur in `text`, in rule order. */
  triggered(text: ScanText): ContentRule[] {
    const hit = new Set<ContentRule>(this.alwaysRun);
    for (const [, rules] of this.keywordHits(text)) for (const rule of rules) hit.add(rule);
    return this.rules.filter((rule) => hit.has(rule));
  }

  /** Each position where keywords start, in text order, with the rules of
   * every keyword starting there (in rule order). */
  private keywordHits(text: ScanText): [number, ContentRule[]][] {
    const occurrences = this.keywords.find(text);
    if (occurrences.length === 0) return [];
    occurrences.sort((a, b) => a.start - b.start);
    const hits: [number, ContentRule[]][] = [];
    for (const { start, keyword } of occurrences) {
      const rules = this.rulesByKeyword[keyword] ?? [];
      const last = hits.at(-1);
      if (last?.[0] !== start) hits.push([start, rules]);
      else last[1] = this.rules.filter((rule) => last[1].includes(rule) || rules.includes(rule));
    }
    return hits;
  }

  /** Every detection in `text`. `path` selects path-scoped rules. */
  scan(text: ScanText, path = ''): Detection[] {
    const detections: Detection[] = [];
    if (path !== '' && this.skipPaths.some((skip) => skip.test(path))) return detections;
    const applies = (rule: ContentRule) => !rule.path || rule.path.test(path);
    const wholeText = new Set<ContentRule>(this.alwaysRun.filter(applies));
    const seen = new Set<string>();
    const record = (rule: ContentRule, match: RegExpExecArray, offset: number) => {
      const secret = secretOf(rule, match);
      if (secret === undefined || secret === '' || !accepts(rule, secret, match)) return;
      const start = offset + match.index + Math.max(0, match[0].indexOf(secret));
      const key = `${rule.id}\u0000${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      detections.push({ rule, secret, start, end: start + secret.length });
    };

    const source = new TextSlicer(text);
    for (const [at, rules] of this.keywordHits(text)) {
      for (const rule of rules) {
        if (rule.reach === undefined) {
          if (applies(rule)) wholeText.add(rule);
          continue;
        }
        if (!applies(rule)) continue;
        // Nearby keywords give overlapping slices; `seen` drops the repeats.
        const start = Math.max(0, at - (rule.lead ?? 0) - 1);
        const slice = source.slice(start, Math.min(source.length, at + rule.reach));
        if (rule.precheck && !rule.precheck.test(slice)) continue;
        if (rule.atKeyword) {
          rule.atKeyword.lastIndex = at - start;
          if (!rule.atKeyword.test(slice)) continue;
        }
        rule.regex.lastIndex = 0;
        for (let match = rule.regex.exec(slice); match !== null; match = rule.regex.exec(slice)) {
          record(rule, match, start);
          if (match[0].length === 0) rule.regex.lastIndex++;
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
      }
    }
    return dropCoveredFallbacks(detections.sort((a, b) => a.start - b.start));
  }
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
