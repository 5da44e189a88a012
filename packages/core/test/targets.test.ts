import { describe, expect, it } from 'vitest';
import { parseTarget, TargetSyntaxError, valueSizeProblem } from '../src/targets';

describe('target lines', () => {
  it.each([
    ['github:acme/api/DB_PASSWORD', { kind: 'github', owner: 'acme', repo: 'api', name: 'DB_PASSWORD' }],
    [
      'github:acme/api@production/DB_PASSWORD',
      { kind: 'github-env', owner: 'acme', repo: 'api', environment: 'production', name: 'DB_PASSWORD' },
    ],
    ['github-org:acme/NPM_TOKEN', { kind: 'github-org', org: 'acme', name: 'NPM_TOKEN' }],
    [
      'github-org:acme/NPM_TOKEN?visibility=selected&repos=api,web',
      {
        kind: 'github-org',
        org: 'acme',
        name: 'NPM_TOKEN',
        visibility: { visibility: 'selected', repos: ['api', 'web'] },
      },
    ],
    ['github-org:acme/NPM_TOKEN?visibility=all', { kind: 'github-org', visibility: { visibility: 'all', repos: [] } }],
    ['dependabot:acme/api/NPM_TOKEN', { kind: 'dependabot', owner: 'acme', repo: 'api', name: 'NPM_TOKEN' }],
    ['dependabot-org:acme/NPM_TOKEN', { kind: 'dependabot-org', org: 'acme', name: 'NPM_TOKEN' }],
    ['heroku:acme-api/DATABASE_URL', { kind: 'heroku', app: 'acme-api', name: 'DATABASE_URL' }],
    ['github:my-org/repo.js/_X1', { kind: 'github', repo: 'repo.js', name: '_X1' }],
  ])('%s', (line, expected) => {
    expect(parseTarget(line)).toMatchObject({ line, ...expected });
  });

  it.each([
    ['vault:secret/x', /does not start with one of/],
    ['github:acme/api', /must read github:OWNER\/REPO\/NAME/],
    ['github:acme/api/1TOKEN', /may not start with a digit/],
    ['github:acme/api/MY-TOKEN', /may hold only letters, digits and _/],
    ['github:acme/api/github_token', /may not start with GITHUB_/],
    ['github:-acme/api/T', /not a GitHub account name/],
    ['github:acme/../T', /not a GitHub repository name/],
    ['github:acme/api@/T', /empty or over-long environment/],
    ['dependabot:acme/api@prod/T', /environments exist only for github:/],
    ['github:acme/api/T?visibility=all', /only organization secrets take/],
    ['github-org:acme/T?visibility=selected', /no repos=a,b/],
    ['github-org:acme/T?visibility=all&repos=a', /only visibility=selected uses/],
    ['github-org:acme/T?visibility=public', /needs visibility=all/],
    ['github-org:acme/T?colour=red', /unknown option 'colour'/],
    ['heroku:Acme/T', /not an app name or id/],
    ['heroku:acme-api/MY-VAR', /Heroku's rule/],
    ['heroku:acme-api/a/b', /must read heroku:APP\/NAME/],
  ])('rejects %s', (line, message) => {
    expect(() => parseTarget(line)).toThrow(TargetSyntaxError);
    expect(() => parseTarget(line)).toThrow(message);
  });

  it('checks value sizes per service', () => {
    const github = parseTarget('github:acme/api/T');
    const heroku = parseTarget('heroku:acme-api/T');
    expect(valueSizeProblem(github, 'x'.repeat(48 * 1024))).toBeUndefined();
    expect(valueSizeProblem(github, 'x'.repeat(48 * 1024 + 1))).toContain('GitHub allows 49152');
    expect(valueSizeProblem(heroku, 'x'.repeat(32 * 1024 + 1))).toContain('Heroku allows 32768');
    // Bytes, not characters: four-byte characters count four times.
    expect(valueSizeProblem(github, '😀'.repeat(12 * 1024 + 1))).toBeDefined();
  });
});
