import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditContextFromEnv, createAuditLog } from '../src/audit';
import { SecretRegistry } from '../src/secrets';
import { escapeCell, markdownTable, renderSummary } from '../src/summary';

describe('audit log', () => {
  it('appends one JSON object per line with who, where and when', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'audit.jsonl');
    const secrets = new SecretRegistry({ setSecret: () => undefined });
    const context = auditContextFromEnv({
      GITHUB_ACTOR: 'octocat',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_RUN_ID: '7',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_WORKFLOW: 'rotate',
      GITHUB_SERVER_URL: 'https://github.example.com',
    });
    const log = createAuditLog(path, context, secrets, () => Date.parse('2026-03-04T05:06:07Z'));
    await log.append({
      event: 'secret.rotate.completed',
      action: 'rotate-ssm',
      secret_name: '/app/db',
      version: '3',
      outcome: 'success',
    });
    await log.append({
      event: 'token.revoked',
      action: 'rotate-pat',
      outcome: 'success',
      targets: ['github:acme/api/T'],
    });
    const lines = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      time: '2026-03-04T05:06:07.000Z',
      actor: 'octocat',
      repository: 'acme/infra',
      workflow: 'rotate',
      run_url: 'https://github.example.com/acme/infra/actions/runs/7/attempts/2',
      event: 'secret.rotate.completed',
      action: 'rotate-ssm',
      secret_name: '/app/db',
      version: '3',
      outcome: 'success',
    });
    expect(lines[1].targets).toEqual(['github:acme/api/T']);
  });

  it('scrubs a registered value that slipped into an event', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'audit-')), 'audit.jsonl');
    const secrets = new SecretRegistry({ setSecret: () => undefined });
    secrets.mask('line-one-secret\nline-two-secret');
    const log = createAuditLog(path, auditContextFromEnv({}), secrets, () => 0);
    await log.append({
      event: 'secret.rotate.failed',
      action: 'x',
      outcome: 'failure',
      reason: 'got line-one-secret\nline-two-secret',
    });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('line-one-secret');
    expect(text).not.toContain('line-two-secret');
  });
});

describe('summary', () => {
  it('escapes cells so names cannot break the table', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b<br>c');
    expect(markdownTable(['Target', 'Result'], [['github:a/b/C', 'failed: x|y']])).toBe(
      '| Target | Result |\n| --- | --- |\n| github:a/b/C | failed: x\\|y |',
    );
  });

  it('renders a titled section', () => {
    const text = renderSummary({
      title: 'keyturn/verify',
      lines: ['One check.'],
      table: { headers: ['A'], rows: [['1']] },
    });
    expect(text).toBe('### keyturn/verify\n\nOne check.\n\n| A |\n| --- |\n| 1 |\n');
  });
});
