import { shannonEntropy } from './entropy';
import type { ContentRule, Detection } from './types';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs content rules over text. One case-insensitive pass finds every
 * keyword; only the rules whose keywords occurred then run their regex.
 * Most text holds none of the keywords, so most text costs one pass.
 */
export class Scanner {
  readonly rules: readonly ContentRule[];
  private readonly prefilter: RegExp | undefined;
  private readonly rulesByKeyword = new Map<string, ContentRule[]>();
  private readonly alwaysRun: readonly ContentRule[];

  private readonly skipPaths: readonly RegExp[];

  constructor(rules: readonly ContentRule[], skipPaths: readonly RegExp[] = []) {
    this.rules = rules;
    this.skipPaths = skipPaths.map((path) => new RegExp(path.source, path.flags.replace('g', '')));
    for (const rule of rules) {
      for (const keyword of rule.keywords) {
        const key = keyword.toLowerCase();
        const list = this.rulesByKeyword.get(key) ?? [];
        list.push(rule);
        this.rulesByKeyword.set(key, list);
      }
    }
    this.alwaysRun = rules.filter((rule) => rule.keywords.length === 0);
    const keywords = [...this.rulesByKeyword.keys()].sort((a, b) => b.length - a.length);
    // At one position the alternation reports only the longest keyword, so a
    // keyword also stands for every keyword that is its prefix (`_authtoken`
    // for `_auth`). Keywords starting later are found because the scan
    // resumes one character after each hit.
    for (const keyword of keywords) {
      const rules = new Set(this.rulesByKeyword.get(keyword));
      for (const shorter of keywords) {
        if (shorter !== keyword && keyword.startsWith(shorter)) {
          for (const rule of this.rulesByKeyword.get(shorter) ?? []) rules.add(rule);
        }
      }
      this.rulesByKeyword.set(keyword, [...rules]);
    }
    this.prefilter = keywords.length > 0 ? new RegExp(keywords.map(escapeRegex).join('|'), 'gi') : undefined;
  }

  /** Rules whose keywords occur in `text`, in rule order. */
  triggered(text: string): ContentRule[] {
    const hit = new Set<ContentRule>(this.alwaysRun);
    if (this.prefilter) {
      const prefilter = this.prefilter;
      prefilter.lastIndex = 0;
      for (let match = prefilter.exec(text); match !== null; match = prefilter.exec(text)) {
        for (const rule of this.rulesByKeyword.get(match[0].toLowerCase()) ?? []) hit.add(rule);
        if (hit.size === this.rules.length) break;
        prefilter.lastIndex = match.index + 1;
      }
    }
    return this.rules.filter((rule) => hit.has(rule));
  }

  /** Every detection in `text`. `path` selects path-scoped rules. */
  scan(text: string, path = ''): Detection[] {
    const detections: Detection[] = [];
    if (path !== '' && this.skipPaths.some((skip) => skip.test(path))) return detections;
    for (const rule of this.triggered(text)) {
      if (rule.path && !rule.path.test(path)) continue;
      rule.regex.lastIndex = 0;
      for (const match of text.matchAll(rule.regex)) {
        const secret = secretOf(rule, match);
        if (secret === undefined || secret === '') continue;
        if (!accepts(rule, secret, match)) continue;
        const offset = match[0].indexOf(secret);
        const start = match.index + Math.max(0, offset);
        detections.push({ rule, secret, start, end: start + secret.length });
      }
    }
    return dropCoveredFallbacks(detections);
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

function dropCoveredFallbacks(detections: Detection[]): Detection[] {
  if (!detections.some((d) => d.rule.fallback)) return detections;
  const specific = detections.filter((d) => !d.rule.fallback);
  return detections.filter(
    (d) => !d.rule.fallback || !specific.some((other) => other.start < d.end && d.start < other.end),
  );
}
