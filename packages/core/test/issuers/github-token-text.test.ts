import { describe, expect, it } from 'vitest';
import { daysLeft, parseExpiration, parseScopes, revocable, tokenType } from '../../src/issuers/github-token-text';

describe('what a token says about itself', () => {
  it.each([
    ['ghp_abc', 'classic'],
    ['github_pat_11ABC', 'fine-grained'],
    ['ghs_abc', 'app'],
    ['gho_abc', 'oauth'],
    ['ghu_abc', 'oauth'],
    ['0123456789abcdef0123456789abcdef01234567', 'unknown'],
  ] as const)('%s is %s', (token, type) => {
    expect(tokenType(token)).toBe(type);
  });

  it('only ghp_, github_pat_, gho_ and ghu_ tokens are revocable by API', () => {
    expect(['classic', 'fine-grained', 'oauth', 'app', 'unknown'].map((type) => revocable(type as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('reads GitHub’s expiration header, with UTC or an offset', () => {
    expect(parseExpiration('2026-03-20 12:00:00 UTC')).toBe(Date.parse('2026-03-20T12:00:00Z'));
    expect(parseExpiration('2026-03-20 12:00:00 -0700')).toBe(Date.parse('2026-03-20T19:00:00Z'));
    expect(parseExpiration('2026-03-20 12:00:00 +05:30')).toBe(Date.parse('2026-03-20T06:30:00Z'));
    expect(parseExpiration(undefined)).toBeUndefined();
    expect(() => parseExpiration('next tuesday')).toThrow(/cannot read: 'next tuesday'/);
  });

  it('counts whole days left, negative once expired', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(daysLeft(now + 7 * 86_400_000 - 1, now)).toBe(6);
    expect(daysLeft(now + 7 * 86_400_000, now)).toBe(7);
    expect(daysLeft(now - 1, now)).toBe(-1);
  });

  it('lists scopes, and tells an empty header from none', () => {
    expect(parseScopes('repo, workflow,  read:org')).toEqual(['repo', 'workflow', 'read:org']);
    expect(parseScopes('')).toEqual([]);
    expect(parseScopes(undefined)).toBeUndefined();
  });
});
