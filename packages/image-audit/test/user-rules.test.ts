import { describe, expect, it } from 'vitest';
import { Scanner } from '../src/scan/rules/engine';
import { compileRe2, parseGitleaksToml, RuleConfigError } from '../src/scan/rules/gitleaks';
import { GITLEAKS_TOML } from './gitleaks-config';
import { randomFrom } from './tokens';

describe('gitleaks TOML rules', () => {
  it.each([
    ['not toml [[', /is not valid TOML/],
    ["[[rules]]\nid = 'x'\nregex = '''(unclosed'''", /rule 'x': regex is not valid RE2 syntax/],
    ["[[rules]]\nid = 'x'", /rule 'x': needs a regex or a path/],
    ["[[rules]]\nid = 'x'\nregex = 'a'\nseverity = 'critical'", /rule 'x': severity must be low, medium or high/],
  ])('refuses %j', (text, message) => {
    expect(() => parseGitleaksToml(text)).toThrow(RuleConfigError);
    expect(() => parseGitleaksToml(text)).toThrow(message);
  });
  it('reads RE2 syntax as gitleaks does (flags, named groups, POSIX classes, \\z, \\Q…\\E)', () => {
    expect(compileRe2('(?i)acme_(?P<key>[[:alnum:]]{8})\\z').exec('x ACME_abcd1234')?.[1]).toBe('abcd1234');
    expect(compileRe2('(?P<k>[[:digit:]]+)\\z').exec('ab 123')?.index).toBe(3);
    expect(compileRe2('\\Qa.b\\E').test('a.b')).toBe(true);
    expect(compileRe2('\\Qa.b\\E').test('axb')).toBe(false);
  });

  it('parses rules, allowlists and extend', () => {
    const parsed = parseGitleaksToml(GITLEAKS_TOML);
    expect(parsed.rules.map((r) => [r.id, r.severity])).toEqual([
      ['acme-internal-token', 'high'],
      ['acme-deploy-key', 'high'],
      ['acme-vault-file', 'high'],
    ]);
    expect(parsed.useDefault).toBe(true);
    const scanner = new Scanner(parsed.rules, parsed.skipPaths);
    const internal = `acme_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`;
    expect(scanner.scan(`X=${internal.toUpperCase()}`, 'app/env').map((d) => d.rule.id)).toEqual([
      'acme-internal-token',
    ]);
    expect(scanner.scan(`X=${internal}`, 'app/testdata/env')).toEqual([]);
    const deploy = randomFrom('ABCDEFGHabcdefgh0123456789', 30);
    expect(scanner.scan(`deploy.key = ${deploy}`, 'conf/app.properties').map((d) => d.secret)).toEqual([deploy]);
    expect(scanner.scan(`deploy.key = ${deploy}`, 'conf/app.yaml')).toEqual([]);
    expect(scanner.scan(`deploy.key = notreal${deploy}`, 'conf/app.properties')).toEqual([]);
    expect(scanner.scan('anything', 'root/.vault-token').map((d) => d.rule.id)).toEqual(['acme-vault-file']);
  });
});
