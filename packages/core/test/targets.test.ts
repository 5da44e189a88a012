import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget, valueSizeProblem } from '../src/adapters/destinations';
import { TargetSyntaxError } from '../src/targets';
import { TARGET_PLACE_REFUSALS, TARGET_SYNTAX_REFUSALS } from './target-refusals';

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

  it.each(TARGET_SYNTAX_REFUSALS)('rejects %s', (line, message) => {
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

/** SPEC: a target line names exactly one place (rows: ./target-refusals.ts). */
describe('a line names exactly one place', () => {
  it.each(TARGET_PLACE_REFUSALS)('refuses %j', (line, message) => {
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
