import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget, valueSizeProblem } from '../src/adapters/destinations';
import { TargetSyntaxError } from '../src/targets';

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
    ['fly:cloudforge-api/JWT_SIGNING_KEY', { kind: 'fly', app: 'cloudforge-api', name: 'JWT_SIGNING_KEY' }],
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

  it.each([
    'github:acme/api/DB_PASSWORD',
    'github:acme/api@production/DB_PASSWORD',
    'github-org:acme/NPM_TOKEN?visibility=selected&repos=api,web',
    'dependabot-org:acme/NPM_TOKEN',
    'heroku:acme-api/DATABASE_URL',
    'fly:cloudforge-api/JWT_SIGNING_KEY',
  ])('formats %s back to the same line', (line) => {
    expect(formatTarget(parseTarget(line))).toBe(line);
  });
});

/** SPEC: a target line names exactly one place. Each row would, if accepted,
 * write somewhere other than it reads (URL normalisation turns
 * /environments/../secrets/ into the repository secret), or name a place a
 * reader cannot tell from another. */
describe('a line names exactly one place', () => {
  it.each([
    ['github:acme/api@../API_TOKEN', /environment '\.\.' is '\.\.', which names the level above/],
    ['github:acme/api@./API_TOKEN', /environment '\.' is '\.'/],
    ['github:acme/api@%2e%2e/API_TOKEN', /environment '%2e%2e' holds '%'/],
    ['github:acme/api@%2E%2E/API_TOKEN', /holds '%'/],
    ['github:acme/api@prod%2fx/API_TOKEN', /holds '%'/],
    ['github:acme/api@prod\\..\\x/API_TOKEN', /holds '\\'/],
    ['github:acme/api@prod#x/API_TOKEN', /holds '#'/],
    ['github:acme/api@ prod/API_TOKEN', /starts or ends with a space/],
    ['github:acme/api@prod /API_TOKEN', /starts or ends with a space/],
    ['github:acme/api@/API_TOKEN', /empty or over-long environment/],
    [`github:acme/api@${'e'.repeat(256)}/API_TOKEN`, /empty or over-long environment/],
    ['github:acme/api@prod?x/API_TOKEN', /only organization secrets take/],
    ['github:acme/api@pr\rod/API_TOKEN', /control character U\+000D/],
    ['github:acme/api@prod\u0000/API_TOKEN', /control character U\+0000/],
    ['github:acme/api@prod\t/API_TOKEN', /control character U\+0009/],
    ['github:acme/api@prod\u007f/API_TOKEN', /control character U\+007F/],
    ['github:acme/api@prod\u0085/API_TOKEN', /control character U\+0085/],
    ['github:acme/api@\uff0e\uff0e/API_TOKEN', /non-ASCII character U\+FF0E/],
    ['github:acme/api@..\uff0fAPI_TOKEN', /non-ASCII character U\+FF0F/],
    ['github:acme/api@prod\u200b/API_TOKEN', /non-ASCII character U\+200B/],
    ['github:acme/api@prod\u202e/API_TOKEN', /non-ASCII character U\+202E/],
    ['github:acme/\u0430pi/API_TOKEN', /non-ASCII character U\+0430/],
    ['heroku:\u0430cme-api/API_TOKEN', /non-ASCII character U\+0430/],
    ['github:acme/api/API_T\u039fKEN', /non-ASCII character U\+039F/],
    ['github:acme/./API_TOKEN', /repository '\.' is not a GitHub repository name/],
    ['github:acme/../API_TOKEN', /repository '\.\.' is not/],
    ['github:acme/%2e%2e/API_TOKEN', /repository '%2e%2e' is not/],
    ['github:./api/API_TOKEN', /owner '\.' is not a GitHub account name/],
    ['github:../api/API_TOKEN', /owner '\.\.' is not/],
    ['github:acme/api/../API_TOKEN', /must read github:OWNER\/REPO\/NAME/],
    ['github:acme/api/API_TOKEN/', /must read github:OWNER\/REPO\/NAME/],
    ['github:acme//API_TOKEN', /repository '' is not/],
    ['github:acme/api/..', /secret name '\.\.' may hold only/],
    ['github:acme/api/%41', /secret name '%41' may hold only/],
    ['github-org:../API_TOKEN', /organization '\.\.' is not/],
    ['github-org:acme/API_TOKEN?visibility=selected&repos=..', /repository '\.\.' is not/],
    ['github-org:acme/API_TOKEN?visibility=selected&repos=a%2f..', /repository 'a\/\.\.' is not/],
    ['dependabot:acme/api@../API_TOKEN', /environments exist only for github:/],
    ['heroku:../API_TOKEN', /Heroku app '\.\.' is not/],
    ['heroku:acme-api/..', /config var '\.\.' may hold only/],
    ['heroku:acme-api/%2e%2e', /config var '%2e%2e' may hold only/],
    ['heroku:acme-api/../X', /must read heroku:APP\/NAME/],
    ['fly:../API_TOKEN', /Fly app '\.\.' is not an app name/],
    ['fly:Acme/API_TOKEN', /Fly app 'Acme' is not/],
    ['fly:acme-api/..', /secret name '\.\.' must be an environment variable name/],
    ['fly:acme-api/A/B', /must read fly:APP\/NAME/],
    ['fly:acme-api/A?stage=false', /fly: lines do not take/],
    ['fly:\u0430cme/API_TOKEN', /non-ASCII character U\+0430/],
  ])('refuses %j', (line, message) => {
    expect(() => parseTarget(line)).toThrow(TargetSyntaxError);
    expect(() => parseTarget(line)).toThrow(message);
  });

  it.each([
    ['github:acme/api@prod.eu/API_TOKEN', 'prod.eu'],
    ['github:acme/api@Prod EU/API_TOKEN', 'Prod EU'],
    ['github:acme/api@...x/API_TOKEN', '...x'],
  ])('keeps the environment names GitHub takes: %s', (line, environment) => {
    expect(parseTarget(line)).toMatchObject({ kind: 'github-env', environment });
  });
});
