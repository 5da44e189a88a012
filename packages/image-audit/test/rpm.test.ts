import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditArchive, type Finding } from '../src/index';
import { parseRpmdb } from '../src/read/rpm';
import { type LayerSpec, ociArchive } from './archive-builder';
import { type RpmSpec, rpmdb } from './rpm-builder';
import { sourceWorkerArgv } from './source-workers';
import { tokens } from './tokens';

/** A layer as `dnf install` leaves it: the files, and the database naming them. */
async function rpmLayer(packages: RpmSpec[], createdBy = 'RUN dnf install -y libfoo'): Promise<LayerSpec> {
  return {
    createdBy,
    items: [
      ...packages.flatMap((pkg) => Object.entries(pkg.files).map(([path, content]) => ({ path, content }))),
      { path: 'var/lib/rpm/rpmdb.sqlite', content: await rpmdb(packages) },
    ],
  };
}

async function audit(layers: LayerSpec[], workers = false) {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-rpm-')), 'image.tar');
  await writeFile(path, await ociArchive([{ layers }]));
  return auditArchive(path, {
    ...(workers
      ? {
          workers: {
            entry: fileURLToPath(new URL('../src/workers/entry.ts', import.meta.url)),
            scanWorkers: 1,
            execArgv: sourceWorkerArgv(),
          },
        }
      : {}),
  });
}

const at = (findings: readonly Finding[], path: string) =>
  findings.filter((finding) => finding.path === path).sort((a, b) => (a.layer?.index ?? -1) - (b.layer?.index ?? -1));

const libfoo = (files: Record<string, string>, more: Partial<RpmSpec> = {}): RpmSpec => ({
  name: 'libfoo',
  version: '1.2',
  release: '3.fc40',
  files,
  ...more,
});

describe('rpm’s database, as rpm writes it', () => {
  it('reads a real rpmdb.sqlite (rpm 4.18 installing a package built with rpmbuild)', async () => {
    const file = gunzipSync(readFileSync(new URL('./fixtures/rpmdb-demo.sqlite.gz', import.meta.url)));
    const packages = await parseRpmdb(file);
    const demo = packages?.get('demo.noarch');
    expect(demo).toMatchObject({ name: 'demo', version: '1.0-1', algorithm: 'sha256' });
    // sha256 of "hello\n", the file rpmbuild packaged.
    expect(demo?.files.get('usr/share/demo/README')).toBe(createHash('sha256').update('hello\n').digest('hex'));
    expect([...(demo?.files.keys() ?? [])].sort()).toEqual(['etc/demo/demo.conf', 'usr/share/demo/README']);
  });

  it('a file that is not a database explains nothing', async () => {
    expect(await parseRpmdb(Buffer.from('SQLite format 3\0 but not really'))).toBeUndefined();
  });
});

describe('rpm: a file matching its package header’s digest is the package’s', () => {
  it('reports a key shipped by an rpm package at low, naming it, and does not fail (MD5 headers too)', async () => {
    const report = await audit([
      await rpmLayer([
        libfoo({ 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem() }),
        {
          name: 'oldpkg',
          version: '0.9',
          release: '1.el7',
          algorithm: 'md5',
          files: { 'etc/old/k.pem': tokens.privateKeyPem() },
        },
      ]),
    ]);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty).toEqual({
      kind: 'rpm',
      package: 'libfoo',
      version: '1.2-3.fc40',
    });
    expect(at(report.findings, 'etc/old/k.pem')[0]?.thirdParty?.package).toBe('oldpkg');
    expect(report.failing).toEqual([]);
  });

  it('an attacker-modified package file is the owner’s: edited in its layer, or replaced by a later one', async () => {
    const layer = await rpmLayer([libfoo({ 'etc/libfoo/client.key': tokens.privateKeyPem() })]);
    const report = await audit([
      {
        ...layer,
        items: layer.items.map((item) =>
          item.path === 'etc/libfoo/client.key' ? { ...item, content: tokens.privateKeyPem() } : item,
        ),
      },
      {
        createdBy: 'COPY key /etc/libfoo/',
        items: [{ path: 'etc/libfoo/client.key', content: tokens.privateKeyPem() }],
      },
    ]);
    expect(at(report.failing, 'etc/libfoo/client.key').map((finding) => finding.layer?.index)).toEqual([0, 1]);
  });

  it('a header rewritten to claim a planted file (same build) is forged; an upgrade is not', async () => {
    const secret = tokens.privateKeyPem();
    const readme = { 'usr/share/libfoo/README': 'libfoo\n' };
    const forged = await audit([
      await rpmLayer([libfoo(readme)]),
      await rpmLayer([libfoo({ ...readme, 'usr/share/libfoo/extra.pem': secret })], 'COPY . /'),
    ]);
    expect(at(forged.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    const record = forged.findings.find((finding) => finding.ruleId === 'forged-package-record');
    expect(record).toMatchObject({ path: 'var/lib/rpm/rpmdb.sqlite', severity: 'high' });
    expect(record?.excerpt).toMatch(/the same build\) did not/);

    const upgraded = await audit([
      await rpmLayer([libfoo(readme)]),
      await rpmLayer([libfoo({ ...readme, 'usr/share/libfoo/t.pem': secret }, { version: '1.3', build: 'b2' })]),
    ]);
    expect(at(upgraded.findings, 'usr/share/libfoo/t.pem')[0]?.thirdParty?.version).toBe('1.3-3.fc40');
    expect(upgraded.findings.some((finding) => finding.ruleId === 'forged-package-record')).toBe(false);
  });

  it('records in a later layer than the file explain nothing', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([
      { createdBy: 'COPY keys/ /usr/share/libfoo/', items: [{ path: 'usr/share/libfoo/selftest.pem', content: key }] },
      await rpmLayer([libfoo({ 'usr/share/libfoo/selftest.pem': key })]),
    ]);
    expect(report.failing.some((finding) => finding.layer?.index === 0)).toBe(true);
  });

  it('on worker threads: the database is read on the reader worker, the same verdict', async () => {
    const report = await audit([await rpmLayer([libfoo({ 'usr/share/libfoo/a.pem': tokens.privateKeyPem() })])], true);
    expect(report.stats.scanWorkers).toBe(1);
    expect(at(report.findings, 'usr/share/libfoo/a.pem')[0]?.thirdParty?.kind).toBe('rpm');
  });
});
