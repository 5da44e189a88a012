import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf, sha256Hex } from '@keyturn/image-audit';
import { ociArchive, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { runAudit, tempDir } from './helpers';

const token = tokens.githubPat();
const jwt = tokens.jwt();
const image = () =>
  ociArchive([
    {
      layers: [
        {
          items: [
            { path: 'app/.env', content: `GITHUB_TOKEN=${token}\n` },
            { path: 'app/test/fixture.txt', content: `session: ${jwt}\n` },
            { path: 'app/.npmrc', content: 'registry=https://registry.npmjs.org/\n' },
          ],
          createdBy: 'COPY . /app',
        },
      ],
    },
  ]);

describe('findings, fingerprints, allowlist and fail-on', () => {
  it('fingerprints a finding by rule, path and the secret’s hash only', async () => {
    const run = await runAudit(await image(), { 'fail-on': 'high' });
    const env = run.findings.find((f) => f.path === 'app/.env');
    expect(env?.fingerprint).toBe(fingerprintOf('github-token', 'app/.env', sha256Hex(token)));
    // Rebuilt with other layers around it: same fingerprint.
    const rebuilt = await ociArchive([
      {
        layers: [
          { items: [{ path: 'README', content: 'hi' }], createdBy: 'COPY README /' },
          { items: [{ path: 'app/.env', content: `# moved\nGITHUB_TOKEN=${token}\n` }], createdBy: 'COPY . /app' },
        ],
      },
    ]);
    const again = await runAudit(rebuilt);
    expect(again.findings.find((f) => f.path === 'app/.env')?.fingerprint).toBe(env?.fingerprint);
  });

  it('fails on medium by default; high lets a medium JWT and a low .npmrc pass', async () => {
    const byDefault = await runAudit(await image());
    expect(byDefault.findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual([
      'high github-token',
      'medium jwt',
      'low npmrc-file',
    ]);
    expect(byDefault.ok).toBe(false);
    expect(byDefault.runner.failed).toMatch(/2 findings at or above 'medium'/);
    const onLow = await runAudit(await image(), { 'fail-on': 'low' });
    expect(onLow.runner.failed).toMatch(/3 findings at or above 'low'/);
    const onHigh = await runAudit(await image(), { 'fail-on': 'high' });
    expect(onHigh.runner.failed).toMatch(/1 finding at or above 'high'/);
  });

  it('allowlists by fingerprint and by path glob, and keeps them in SARIF as suppressed', async () => {
    const first = await runAudit(await image());
    const envPrint = first.findings.find((f) => f.path === 'app/.env')?.fingerprint ?? '';
    const dir = await tempDir();
    const allowlist = join(dir, 'allow.txt');
    await writeFile(allowlist, `# reviewed 2026-11-01\n${envPrint}  # rotated already\napp/test/**\n`);
    const run = await runAudit(await image(), { allowlist });
    expect(run.ok).toBe(true);
    expect(run.runner.outputs.findings).toBe('1');
    expect(run.runner.summary.join('')).toContain('2 allowlisted');
    const results = run.sarif?.runs[0]?.results ?? [];
    expect(
      results
        .filter((r) => r.suppressions)
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['github-token', 'jwt']);
  });

  it('writes SARIF 2.1.0 that code scanning accepts', async () => {
    const run = await runAudit(await image(), { 'fail-on': 'high' });
    const sarif = run.sarif;
    expect(sarif?.version).toBe('2.1.0');
    const [only] = sarif?.runs ?? [];
    expect(only?.tool.driver.rules.map((r) => r.id).sort()).toEqual(['github-token', 'jwt', 'npmrc-file']);
    const result = only?.results.find((r) => r.ruleId === 'github-token');
    expect(result).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app/.env' } } }],
      properties: { state: 'present', layerIndex: 0 },
    });
    expect(result?.partialFingerprints['keyturnSecret/v1']).toMatch(/^[a-f0-9]{32}$/);
    expect(run.runner.outputs['sarif-file']).toMatch(/out\.sarif$/);
    expect(run.sarifText).not.toContain(token);
    expect(run.sarifText).not.toContain(jwt);
  });

  it('puts a table in the job summary and an audit event in the log, without values', async () => {
    const run = await runAudit(await image(), { 'fail-on': 'high' });
    const summary = run.runner.summary.join('');
    expect(summary).toContain('| severity | secret | where | layer, state | excerpt | fingerprint |');
    expect(summary).toContain('| high | github-token | `app/.env`:1 |');
    expect(summary).toContain('GITHUB_TOKEN=ghp_‹redacted 36 chars›');
    expect(JSON.parse(run.audit)).toMatchObject({
      event: 'image.audit.completed',
      outcome: 'failure',
      findings: 3,
      failing: 1,
      fail_on: 'high',
    });
    expect(run.everything).not.toContain(token);
    expect(run.everything).not.toContain(token.slice(4));
  });
});

describe('inputs are checked before the image is opened', () => {
  it.each([
    [{ 'fail-on': 'critical' }, /input 'fail-on' is 'critical'. Use one of: low, medium, high./],
    [{ image: 'app:1' }, /input 'archive' and image are both given/],
    [{ archive: '' }, /input 'archive' is required when image is not given/],
    [{ allowlist: '/nonexistent/allow.txt' }, /input 'allowlist' names \/nonexistent\/allow.txt, which does not exist/],
    [{ 'max-size': 'lots' }, /input 'max-size' is 'lots', not a size/],
    [{ 'max-ratio': '1' }, /input 'max-ratio' is '1'/],
  ])('%o', async (inputs, message) => {
    const run = await runAudit('/nonexistent/never-opened.tar', inputs);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(message);
    expect(run.sarifText).toBe('');
  });
});
