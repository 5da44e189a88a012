import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GITLEAKS_TOML, ociArchive, randomFrom, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { runAudit, tempDir } from './helpers';

describe('gitleaks TOML rules', () => {
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
