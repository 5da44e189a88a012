import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ociArchive, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

async function image(items: { path: string; content: string }[]): Promise<{ dir: string; archive: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-cli-audit-'));
  const archive = join(dir, 'app.tar');
  await writeFile(archive, await ociArchive([{ layers: [{ items, createdBy: 'COPY . /app' }] }]));
  return { dir, archive };
}

describe('keyturn audit-image ARCHIVE', () => {
  it('exits 1 on a finding at fail-on, in plain text, with no secret and no workflow command', async () => {
    const pat = tokens.githubPat();
    const { dir, archive } = await image([{ path: 'app/.env', content: `GITHUB_TOKEN=${pat}\n` }]);
    const run = await cli(['audit-image', archive, '--sarif', join(dir, 'out.sarif')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 finding \(high 1, medium 0, low 0\)/);
    expect(run.stdout).toContain('app/.env:1');
    expect(run.stderr).toMatch(/keyturn audit-image failed: 1 finding at or above 'medium'/);
    expect(run.text).not.toMatch(/^::/m);
    expect(run.text).not.toContain(pat.slice(4));
    expect(JSON.parse(await readFile(join(dir, 'out.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
  });

  it('exits 0 when nothing reaches --fail-on, and prints the report with --json', async () => {
    const password = tokens.password();
    const { dir, archive } = await image([{ path: 'app/settings.ini', content: `password = ${password}\n` }]);
    const run = await cli(['audit-image', archive, '--fail-on', 'high', '--json', '--sarif', join(dir, 'o.sarif')]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      ok: boolean;
      report: { failOn: string; counts: { findings: number; failing: number }; findings: { path: string }[] };
    };
    expect(json.ok).toBe(true);
    expect(json.report.failOn).toBe('high');
    expect(json.report.counts).toMatchObject({ findings: 1, failing: 0 });
    expect(json.report.findings.map((f) => f.path)).toEqual(['app/settings.ini']);
    expect(run.text).not.toContain(password);
  });

  it('shows how much of the archive was read on a terminal only', async () => {
    const { dir, archive } = await image([{ path: 'app/readme.txt', content: 'nothing secret\n' }]);
    const tty = await cli(['audit-image', archive, '--sarif', join(dir, 'a.sarif')], {}, { tty: true });
    expect(tty.stderr).toContain('\r\u001b[2K');
    expect(tty.stderr).toMatch(/\d+\/\d+ MiB \(100%\)/);
    const piped = await cli(['audit-image', archive, '--sarif', join(dir, 'b.sarif')]);
    expect(piped.stderr).not.toContain('\r');
  });

  it('exits 2 on bad usage: no ARCHIVE, a misspelt flag, an archive that is not a file', async () => {
    const missing = await cli(['audit-image']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ARCHIVE \(--archive\) is required when image is not given/);
    const typo = await cli(['audit-image', 'x.tar', '--fail-onn', 'high']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--fail-onn is not a flag of keyturn audit-image\. Did you mean --fail-on\?/);
    const absent = await cli(['audit-image', '/nonexistent/app.tar']);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/ARCHIVE \(--archive\) names \/nonexistent\/app\.tar, which is not a file/);
  });

  it('lists the action’s inputs under --help', async () => {
    const run = await cli(['audit-image', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/keyturn audit-image/);
    for (const flag of ['--fail-on', '--allowlist', '--rules', '--sarif', '--max-size'])
      expect(run.stdout).toContain(flag);
  });
});

/** The committed bundle, on an image umoci built (actions/audit-image's fixture), its workers started from the bundle. */
describe('the keyturn bundle audits an archive', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const fixtures = process.env.KEYTURN_IMAGE_FIXTURES ?? join(root, 'actions/audit-image/test/fixtures');
  const planted = async () =>
    Object.values(JSON.parse(await readFile(join(fixtures, 'planted.json'), 'utf8')) as Record<string, string>).map(
      (value) => [...Buffer.from(value, 'base64').toString('utf8')].reverse().join(''),
    );

  it.each(['umoci-docker.tar.gz', 'umoci-oci-zstd.tar.gz'])('%s on two scan workers', async (name) => {
    const dir = await mkdtemp(join(tmpdir(), 'keyturn-cli-bundle-'));
    const run = spawnSync(
      process.execPath,
      [join(root, 'packages/cli/bin/keyturn.mjs'), 'audit-image', join(fixtures, name), '--json'],
      {
        encoding: 'utf8',
        cwd: dir,
        env: { PATH: process.env.PATH, KEYTURN_SCAN_WORKERS: '2' },
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('scanned on 2 worker threads');
    const json = JSON.parse(run.stdout) as { exitCode: number; report: { counts: { findings: number } } };
    expect(json.exitCode).toBe(1);
    expect(json.report.counts.findings).toBe(6);
    const sarif = await readFile(join(dir, 'image-audit.sarif'), 'utf8');
    for (const token of await planted()) {
      expect(`${run.stdout}${run.stderr}${sarif}`).not.toContain(token);
    }
  });
});
