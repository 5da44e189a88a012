import { SEVERITY_RANK } from '../scan/rules/types';
import type { Finding } from './findings';

/** Where else a secret was seen: enough to find it, never the secret. */
export interface FindingLocation {
  readonly ruleId: string;
  readonly source: Finding['source'];
  readonly path: string;
  readonly line: number | undefined;
  readonly layer: Finding['layer'];
  readonly state: Finding['state'];
  readonly removedBy: string | undefined;
  readonly excerpt: string;
  readonly fingerprint: string;
  readonly suppressed: boolean;
  readonly thirdParty: Finding['thirdParty'];
}

const locationOf = (finding: Finding): FindingLocation => ({
  ruleId: finding.ruleId,
  source: finding.source,
  path: finding.path,
  line: finding.line,
  layer: finding.layer,
  state: finding.state,
  removedBy: finding.removedBy,
  excerpt: finding.excerpt,
  fingerprint: finding.fingerprint,
  suppressed: finding.suppressed,
  thirdParty: finding.thirdParty,
});

/** Which location stands for the secret: one that counts before one that
 * does not (allowlisted, third-party), then the most severe, then a file
 * (present, then removed) before metadata, then in the findings' own order. */
function rank(finding: Finding): number[] {
  return [
    finding.suppressed ? 1 : 0,
    finding.thirdParty ? 1 : 0,
    -SEVERITY_RANK[finding.ruleSeverity],
    { present: 0, removed: 1, metadata: 2, unreferenced: 3 }[finding.state],
  ];
}

function before(a: Finding, b: Finding): boolean {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if ((ra[i] ?? 0) !== (rb[i] ?? 0)) return (ra[i] ?? 0) < (rb[i] ?? 0);
  return false;
}

/**
 * One finding per secret: every location of the same value (a file, the
 * history, the config, another layer) becomes one finding, shown at its
 * most telling location, the others in `locations`. It is the owner's if
 * any location is, allowlisted only if every location is, and as severe as
 * its most severe location that counts.
 */
export function groupBySecret(findings: readonly Finding[], countThirdParty: boolean): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = finding.secretHash;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const grouped: Finding[] = [];
  for (const group of groups.values()) {
    let primary = group[0] as Finding;
    for (const finding of group) if (before(finding, primary)) primary = finding;
    const counting = group.filter((finding) => !finding.suppressed);
    const owner = counting.some((finding) => finding.thirdParty === undefined);
    const ruleSeverity = group.reduce(
      (max, finding) => (SEVERITY_RANK[finding.ruleSeverity] > SEVERITY_RANK[max] ? finding.ruleSeverity : max),
      primary.ruleSeverity,
    );
    const merged: Finding = {
      ...primary,
      refs: [...new Set(group.flatMap((finding) => finding.refs))],
      locations: group.filter((finding) => finding !== primary).map(locationOf),
      suppressed: counting.length === 0,
      thirdParty: owner ? undefined : primary.thirdParty,
      ruleSeverity,
    };
    merged.severity = merged.thirdParty && !countThirdParty ? 'low' : ruleSeverity;
    grouped.push(merged);
  }
  return grouped;
}
