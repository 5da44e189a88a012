import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../src/rules/engine';
import { compileRe2, parseGitleaksToml, RuleConfigError } from '../src/rules/gitleaks';
import { ociArchive } from './archive-builder';
import { runAudit, tempDir } from './helpers';
import { randomFrom, tokens } from './tokens';

/** A config as repositories write them for gitleaks (TOML, Go RE2 regexes). */
const GITLEAKS_TOML = `
title = "acme gitleaks config"

[extend]
useDefault = true

[[rules]]
id = "acme-internal-token"
description = "Acme internal API token"
regex = '''(?i)\\b(acme_[a-z0-9]{32})\\b'''
secretGroup = 1
keywords = ["acme_"]
severity = "high"

[[rules]]
id = "acme-deploy-key"
description = "Deploy key in a properties file"
regex = '''deploy\\.key\\s*=\\s*(?P<key>[[:alnum:]]{24,})'''
keywords = ["deploy.key"]
path = '''\\.properties$'''
entropy = 3.0
  [[rules.allowlists]]
  stopwords = ["notreal"]

[[rules]]
id = "acme-vault-file"
description = "A Vault token file, whatever it holds"
path = '''(^|/)\\.vault-token$'''

[allowlist]
paths = ['''(^|/)testdata/''']
`;

describe('gitleaks TOML rules', () => {
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

  it.each([
    ['not toml [[', /is not valid TOML/],
    ["[[rules]]\nid = 'x'\nregex = '''(unclosed'''", /rule 'x': regex is not valid RE2 syntax/],
    ["[[rules]]\nid = 'x'", /rule 'x': needs a regex or a path/],
    ["[[rules]]\nid = 'x'\nregex = 'a'\nseverity = 'critical'", /rule 'x': severity must be low, medium or high/],
  ])('refuses %j', (text, message) => {
    expect(() => parseGitleaksToml(text)).toThrow(RuleConfigError);
    expect(() => parseGitleaksToml(text)).toThrow(message);
  });

  it('adds the rules to the built-in ones in a run, or replaces them with useDefault = false', async () => {
    const dir = await tempDir();
    const rules = join(dir, '.gitleaks.toml');
    await writeFile(rules, GITLEAKS_TOML);
    const internal = `acme_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`;
    const archive = await ociArchive([
      {
        layers: [
          {
            items: [
              { path: 'app/.env', content: `A=${internal}\nB=${tokens.githubPat()}\n` },
              { path: 'root/.vault-token', content: 'hvs.x' },
            ],
            createdBy: 'COPY',
          },
        ],
      },
    ]);
    const run = await runAudit(archive, { rules });
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual([
      'acme-internal-token',
      'acme-vault-file',
      'github-token',
    ]);
    expect(run.runner.logs[0]).toContain('22 built-in and 3 user rules');

    await writeFile(rules, GITLEAKS_TOML.replace('useDefault = true', 'useDefault = false'));
    const only = await runAudit(archive, { rules });
    expect(only.findings.map((f) => f.ruleId).sort()).toEqual(['acme-internal-token', 'acme-vault-file']);
    expect(only.everything).not.toContain(internal);
  });

  it('fails a bad rules file as an input error, before the image is opened', async () => {
    const dir = await tempDir();
    const rules = join(dir, 'bad.toml');
    await writeFile(rules, "[[rules]]\nid = 'x'\nregex = '''(unclosed'''");
    const run = await runAudit('/nonexistent/never-opened.tar', { rules });
    expect(run.runner.failed).toMatch(
      /^keyturn\/audit-image: input 'rules' \(.*bad\.toml\) rule 'x': regex is not valid RE2 syntax/,
    );
  });
});
