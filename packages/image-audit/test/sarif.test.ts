import { describe, expect, it } from 'vitest';
import { toSarif } from '../src/report/sarif';

describe('SARIF limits', () => {
  it('keeps at most 5000 results (code scanning’s limit) and says it truncated', () => {
    const many = Array.from({ length: 6000 }, (_, i) => ({
      ruleId: 'github-token',
      description: 'GitHub token',
      severity: 'high' as const,
      ruleSeverity: 'high' as const,
      thirdParty: undefined,
      source: 'layer' as const,
      path: `app/${i}.env`,
      line: 1,
      layer: { digest: 'sha256:00', index: 0, blob: 'blobs/sha256/00' },
      state: 'present' as const,
      removedBy: undefined,
      createdBy: undefined,
      refs: ['x'],
      excerpt: 'T=ghp_‹redacted 36 chars›',
      fingerprint: i.toString(16).padStart(32, '0'),
      suppressed: false,
      secretHash: i.toString(16),
      locations: [],
    }));
    const sarif = toSarif(many, '0.1.0', 'x') as {
      runs: { results: unknown[]; properties: { truncated: boolean; totalFindings: number } }[];
    };
    expect(sarif.runs[0]?.results).toHaveLength(5000);
    expect(sarif.runs[0]?.properties).toEqual({ truncated: true, totalFindings: 6000 });
  });
});
