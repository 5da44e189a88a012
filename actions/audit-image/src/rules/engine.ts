import { shannonEntropy } from './entropy';
import type { ContentRule, Detection } from './types';

/** See the constructor. */
const SHORT_KEYWORD = 4;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs content rules over text. One case-insensitive pass finds every
 * keyword occurrence. A rule with a `reach` then runs only on a short slice
 * around each occurrence of its keywords (most text is never seen by any
 * rule's regex); a rule without one (user rules, with gitleaks' semantics)
 * runs over the whole text once any of its keywords occurred.
 */
export class Scanner {
  readonly rules: readonly ContentRule[];
  private readonly prefilters: readonly RegExp[];
  private readonly rulesByKeyword = new Map<string, ContentRule[]>();
  private readonly alwaysRun: readonly ContentRule[];
  private readonly skipPaths: readonly RegExp[];

  constructor(rules: readonly ContentRule[], skipPaths: readonly RegExp[] = []) {
    this.rules = rules;
    this.skipPaths = skipPaths.map((path) => new RegExp(path.source, path.flags.replace('g', '')));
    const direct = new Map<string, ContentRule[]>();
    for (const rule of rules) {
      for (const keyword of rule.keywords) {
        const key = keyword.toLowerCase();
        direct.set(key, [...(direct.get(key) ?? []), rule]);
      }
    }
    this.alwaysRun = rules.filter((rule) => rule.keywords.length === 0);
    const keywords = [...direct.keys()].sort((a, b) => b.length - a.length);
    // At one position the alternation reports only the longest keyword, so a
    // keyword also stands for every keyword that is its prefix (`_authtoken`
    // for `_auth`). Keywords starting later are found because the scan
    // resumes one character after each hit.
    for (const keyword of keywords) {
      const triggered = new Set<ContentRule>();
      for (const shorter of keywords) {
        if (keyword.startsWith(shorter)) for (const rule of direct.get(shorter) ?? []) triggered.add(rule);
      }
      this.rulesByKeyword.set(keyword, [...triggered]);
    }
    // Keywords shorter than SHORT_KEYWORD get a pass of their own: in one
    // alternation they cut irregexp's Boyer-Moore skip to a character or
    // two, and the pass over all keywords ran at half the speed of the two.
    const alternation = (group: string[]) =>
      group.length > 0 ? new RegExp(group.map(escapeRegex).join('|'), 'gi') : undefined;
    this.prefilters = [
      alternation(keywords.filter((keyword) => keyword.length >= SHORT_KEYWORD)),
      alternation(keywords.filter((keyword) => keyword.length < SHORT_KEYWORD)),
    ].filter((regex) => regex !== undefined);
  }

  /** Rules whose keywords occur in `text`, in rule order. */
  triggered(text: string): ContentRule[] {
    const hit = new Set<ContentRule>(this.alwaysRun);
    for (const [, rules] of this.keywordHits(text)) for (const rule of rules) hit.add(rule);
    return this.rules.filter((rule) => hit.has(rule));
  }

  /** Each keyword occurrence in text order; where keywords overlap at one
   * position, the longest (it stands for its prefixes). */
  private keywordHits(text: string): [number, ContentRule[]][] {
    const found: [number, string][] = [];
    for (const prefilter of this.prefilters) {
      const start = found.length;
      prefilter.lastIndex = 0;
      for (let match = prefilter.exec(text); match !== null; match = prefilter.exec(text)) {
        found.push([match.index, match[0].toLowerCase()]);
        prefilter.lastIndex = match.index + 1;
      }
      if (start > 0 && found.length > start) found.sort((a, b) => a[0] - b[0] || b[1].length - a[1].length);
    }
    const hits: [number, ContentRule[]][] = [];
    for (const [at, keyword] of found) {
      // Both passes may hit one position: the first (longest) stands.
      if (hits.at(-1)?.[0] === at) continue;
      hits.push([at, this.rulesByKeyword.get(keyword) ?? []]);
    }
    return hits;
  }

  /** Every detection in `text`. `path` selects path-scoped rules. */
  scan(text: string, path = ''): Detection[] {
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

    for (const [at, rules] of this.keywordHits(text)) {
      for (const rule of rules) {
        if (rule.reach === undefined) {
          if (applies(rule)) wholeText.add(rule);
          continue;
        }
        if (!applies(rule)) continue;
        // Nearby keywords give overlapping slices; `seen` drops the repeats.
        const start = Math.max(0, at - (rule.lead ?? 0) - 1);
        const slice = text.slice(start, Math.min(text.length, at + rule.reach));
        if (rule.precheck && !rule.precheck.test(slice)) continue;
        rule.regex.lastIndex = 0;
        for (let match = rule.regex.exec(slice); match !== null; match = rule.regex.exec(slice)) {
          record(rule, match, start);
          if (match[0].length === 0) rule.regex.lastIndex++;
        }
      }
    }
    for (const rule of this.rules) {
      if (!wholeText.has(rule)) continue;
      rule.regex.lastIndex = 0;
      for (let match = rule.regex.exec(text); match !== null; match = rule.regex.exec(text)) {
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
