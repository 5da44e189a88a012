import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { digestOf, gzip, ociArchive, randomFrom, rpmdb, tarOf, tokens } from '@keyturn/image-audit/testing';
import { runBundle, withoutMaskCommands } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';
import { fixture, plantedTokens } from './planted';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('audit-image dist/index.js, run as the runner runs it', () => {
  it('fails with keyturn’s message when neither archive nor image is given', async () => {
    const run = await runBundle(bundle);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::keyturn/audit-image: input 'archive' is required when image is not given.");
  });

  it('audits a saved image: outputs, SARIF, summary, audit event, failed check, no secret anywhere', async () => {
    const dir = await tempDir();
    const sarif = join(dir, 'image-audit.sarif');
    const run = await runBundle(bundle, {
      inputs: { archive: fixture('umoci-docker.tar.gz'), sarif },
      env: { KEYTURN_SCAN_WORKERS: '2' },
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('scanned on 2 worker threads');
    expect(run.outputs).toEqual({ findings: '6', 'sarif-file': sarif });
    expect(run.stdout).toContain(
      "::error::keyturn/audit-image: 6 findings at or above 'medium' in docker.io/keyturn/fixture:umoci.",
    );
    expect(run.summary).toContain('removed but recoverable');
    expect(JSON.parse(run.audit)).toMatchObject({ event: 'image.audit.completed', outcome: 'failure', findings: 6 });
    const sarifText = await readFile(sarif, 'utf8');
    expect(JSON.parse(sarifText).runs[0].results).toHaveLength(6);
    for (const token of Object.values(plantedTokens())) {
      expect(withoutMaskCommands(run.everything)).not.toContain(token);
      expect(sarifText).not.toContain(token);
    }
  });

  it('passes with fail-on high when only lower findings remain', async () => {
    const dir = await tempDir();
    const run = await runBundle(bundle, {
      inputs: {
        archive: fixture('umoci-oci-zstd.tar.gz'),
        'fail-on': 'high',
        allowlist: fixture('allowlist-example.txt'),
      },
      env: { KEYTURN_SCAN_WORKERS: '0' },
      cwd: dir,
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('scanned on one thread');
    expect(run.outputs.findings).toBe('1');
    // API_TOKEN's ENV instruction is allowlisted (history:*), its Env entry is not: one secret, not allowlisted.
    expect(run.summary).toContain('5 allowlisted');
  });

  it('gives worker threads the user’s rules too', async () => {
    const dir = await tempDir();
    const secret = `acme_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 20)}`;
    const layer = gzip(await tarOf([{ path: 'app/x.txt', content: `key=${secret}\n` }]));
    await writeFile(
      join(dir, 'image.tar'),
      await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]),
    );
    await writeFile(
      join(dir, 'rules.toml'),
      "[[rules]]\nid = 'acme-token'\nregex = '''acme_[a-z0-9]{20}'''\nkeywords = ['acme_']\n",
    );
    const run = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar'), rules: join(dir, 'rules.toml') },
      env: { KEYTURN_SCAN_WORKERS: '2' },
      cwd: dir,
    });
    expect(run.stdout).toContain('1 user rules, scanned on 2 worker threads');
    expect(run.stdout).toMatch(/high {3}acme-token app\/x\.txt:1 /);
    expect(withoutMaskCommands(run.everything)).not.toContain(secret);
  });

  it('opens an xz member in the bundle (its WebAssembly decoder bundled), on the reader thread', async () => {
    const dir = await tempDir();
    const token = tokens.githubPat();
    const member = execFileSync('xz', ['-c', '-T1'], {
      input: await tarOf([{ path: 'etc/app.env', content: `GITHUB_TOKEN=${token}\n` }]),
    });
    await writeFile(
      join(dir, 'image.tar'),
      await ociArchive([
        { layers: [{ createdBy: 'COPY . /app', items: [{ path: 'app/data.tar.xz', content: member }] }] },
      ]),
    );
    const run = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar') },
      env: { KEYTURN_SCAN_WORKERS: '1' },
      cwd: dir,
    });
    expect(run.stdout).not.toMatch(/bug/i);
    expect(run.stdout).toMatch(/high {3}github-token app\/data\.tar\.xz!\/etc\/app\.env:1 /);
    expect(withoutMaskCommands(run.everything)).not.toContain(token);
  });

  it('reads an rpmdb.sqlite in the bundle (sql.js bundled): a package’s file is third-party', async () => {
    const dir = await tempDir();
    const key = tokens.privateKeyPem();
    const files = { 'usr/share/libfoo/selftest.pem': key };
    const db = await rpmdb([{ name: 'libfoo', version: '1.2', release: '3.fc40', files }]);
    const items = [
      { path: 'usr/share/libfoo/selftest.pem', content: key },
      { path: 'var/lib/rpm/rpmdb.sqlite', content: db },
    ];
    await writeFile(
      join(dir, 'image.tar'),
      await ociArchive([{ layers: [{ createdBy: 'RUN dnf install libfoo', items }] }]),
    );
    const run = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar') },
      env: { KEYTURN_SCAN_WORKERS: '1' },
      cwd: dir,
    });
    expect(run.stdout).not.toMatch(/bug/i);
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/rpm libfoo 1\.2-3\.fc40: private-key in `usr\/share\/libfoo\/selftest\.pem`/);
  });

  it('survives a user rule that matches every character of a 3 MiB file (detections a rule are capped)', async () => {
    const dir = await tempDir();
    const layer = gzip(await tarOf([{ path: 'app/a.txt', content: Buffer.alloc(3 * 1024 * 1024, 'a') }]));
    await writeFile(
      join(dir, 'image.tar'),
      await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]),
    );
    await writeFile(join(dir, 'rules.toml'), "[[rules]]\nid = 'every-a'\nregex = '''a'''\n");
    const run = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar'), rules: join(dir, 'rules.toml') },
      env: { KEYTURN_SCAN_WORKERS: '1' },
      cwd: dir,
    });
    // Every hit has the same secret, path and rule: one finding.
    expect(run.stdout).toContain("::error::keyturn/audit-image: 1 finding at or above 'medium' in image.tar.");
    expect(run.stdout).not.toContain('bug in keyturn');
    expect(run.code).toBe(1);
  });

  it('reports an archive the reader thread refuses as the input to fix, not as a bug', async () => {
    const dir = await tempDir();
    const layer = gzip(await tarOf([{ path: 'app/big.bin', content: Buffer.alloc(64 * 1024, 7) }]));
    await writeFile(
      join(dir, 'image.tar'),
      await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]),
    );
    const tooBig = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar'), 'max-size': '1KiB' },
      cwd: dir,
    });
    expect(tooBig.code).toBe(1);
    expect(tooBig.stdout).toContain("::error::keyturn/audit-image: input 'max-size' was passed");
    expect(tooBig.stdout).not.toContain('bug');

    const missing = await runBundle(bundle, { inputs: { archive: join(dir, 'nothing-here.tar') }, cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      `::error::keyturn/audit-image: input 'archive' names ${join(dir, 'nothing-here.tar')}`,
    );
  });

  it('reads JSON nested 100,000 deep as a file, across the threads, and still writes the report', async () => {
    const dir = await tempDir();
    const token = tokens.githubPat();
    const layer = gzip(await tarOf([{ path: 'app/.env', content: `T=${token}\n` }]));
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await writeFile(
      join(dir, 'image.tar'),
      await tarOf([
        { path: 'deep.json', content: deep },
        { path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer },
      ]),
    );
    const sarif = join(dir, 'out.sarif');
    const run = await runBundle(bundle, {
      inputs: { archive: join(dir, 'image.tar'), sarif },
      env: { KEYTURN_SCAN_WORKERS: '1' },
      cwd: dir,
    });
    expect(run.stdout).not.toContain('bug');
    expect(run.stdout).toContain('deep.json is JSON nested deeper than 128 levels');
    expect(JSON.parse(await readFile(sarif, 'utf8')).runs[0].results).toHaveLength(1);
  });
});
