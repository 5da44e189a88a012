import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';
import { describe, expect, it } from 'vitest';
import { auditArchive, type Finding } from '../src/index';
import { hashDatabaseValues } from '../src/read/berkeley-db';
import { parseRpmBerkeleyDb, parseRpmdb } from '../src/read/rpm';
import { type LayerSpec, ociArchive } from './archive-builder';
import { berkeleyHashDb, type RpmSpec, rpmBerkeleyDb, rpmdb } from './rpm-builder';
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

/** The same package as CentOS 8 builds it. */
const el8 = (files: Record<string, string>, more: Partial<RpmSpec> = {}) =>
  libfoo(files, { release: '3.el8', ...more });

/** A layer as `yum install` on CentOS 7 / UBI 8 leaves it: the files, and Packages naming them. */
function bdbLayer(packages: RpmSpec[], createdBy = 'RUN yum install -y libfoo'): LayerSpec {
  return {
    createdBy,
    items: [
      ...packages.flatMap((pkg) => Object.entries(pkg.files).map(([path, content]) => ({ path, content }))),
      { path: 'var/lib/rpm/Packages', content: rpmBerkeleyDb(packages) },
    ],
  };
}

const sortedHex = (values: readonly Uint8Array[]) => values.map((value) => Buffer.from(value).toString('hex')).sort();

/** The one package header in the real rpmdb.sqlite fixture (rpm 4.18 installing a package rpmbuild built). */
async function realHeader(): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(gunzipSync(readFileSync(new URL('./fixtures/rpmdb-demo.sqlite.gz', import.meta.url))));
  const blob = db.exec('SELECT blob FROM Packages')[0]?.values[0]?.[0];
  db.close();
  if (!(blob instanceof Uint8Array)) throw new Error('the fixture has no header');
  return blob;
}

describe('Berkeley DB hash databases, as Berkeley DB writes them', () => {
  it('gives every value db5.3_load stored, at every page size, in either byte order', () => {
    let state = 3;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      return (state >>> 8) % n;
    };
    for (const pageSize of [512, 4096, 65536]) {
      for (const bigEndian of [false, true]) {
        // Values that fit on a page and values on overflow chains.
        const values = Array.from({ length: 60 }, (_, i) =>
          Buffer.from(Array.from({ length: [0, 3, 40, 300, 5000, 70000][i % 6] ?? 0 }, () => random(256))),
        );
        const file = berkeleyHashDb(values, { pageSize, bigEndian });
        const next = Buffer.alloc(4);
        if (bigEndian) next.writeUInt32BE(values.length + 1);
        else next.writeUInt32LE(values.length + 1);
        const read = hashDatabaseValues(file);
        expect(read, `${pageSize} ${bigEndian ? 'BE' : 'LE'}`).toBeDefined();
        expect(sortedHex(read ?? []), `${pageSize} ${bigEndian ? 'BE' : 'LE'}`).toEqual(sortedHex([next, ...values]));
      }
    }
  });

  it('reads a real rpm header from a Packages that rpm itself reads back', async () => {
    const file = berkeleyHashDb([await realHeader()]);
    const demo = parseRpmBerkeleyDb(file)?.get('demo.noarch');
    expect(demo).toMatchObject({ name: 'demo', version: '1.0-1', algorithm: 'sha256' });
    expect(demo?.files.get('usr/share/demo/README')).toBe(createHash('sha256').update('hello\n').digest('hex'));
    // rpm 4.18's read-only Berkeley DB backend, as rpm on CentOS 7 reads its database.
    const dbpath = mkdtempSync(join(tmpdir(), 'keyturn-rpmdb-'));
    writeFileSync(join(dbpath, 'Packages'), file);
    const listed = execFileSync(
      'rpm',
      [
        '--define',
        '_db_backend bdb_ro',
        '--dbpath',
        dbpath,
        '-qa',
        '--qf',
        '%{NAME}-%{VERSION}-%{RELEASE} [%{FILENAMES} ]\n',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(listed.trim()).toBe('demo-1.0-1 /etc/demo/demo.conf /usr/share/demo/README');
  });

  it('a file that is not such a database, or a damaged one, is read as nothing, never a crash', () => {
    expect(hashDatabaseValues(Buffer.from('SQLite format 3\0'.padEnd(4096, '\0')))).toBeUndefined();
    // 200 files: a header of ~20 KB, on a chain of overflow pages.
    const files = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`usr/share/libfoo/doc/${i}.txt`, `${i}\n`]),
    );
    const file = rpmBerkeleyDb([el8(files)]);
    expect(parseRpmBerkeleyDb(file)?.get('libfoo.x86_64')?.files.size).toBe(200);
    expect(hashDatabaseValues(file.subarray(0, file.length - 4096))).toBeUndefined();
    // An overflow chain that loops back on itself ends the read.
    const looped = Buffer.from(file);
    let overflowPages = 0;
    for (let page = 1; page * 4096 < looped.length; page++) {
      if (looped[page * 4096 + 25] !== 7) continue;
      looped.writeUInt32LE(page, page * 4096 + 16);
      overflowPages++;
    }
    expect(overflowPages).toBeGreaterThan(2);
    expect(hashDatabaseValues(looped)).toBeUndefined();
    let state = 9;
    for (let round = 0; round < 400; round++) {
      const damaged = Buffer.from(file);
      for (let flip = 0; flip < 1 + (round % 8); flip++) {
        state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
        damaged[state % damaged.length] = state >>> 23;
      }
      expect(() => parseRpmBerkeleyDb(damaged)).not.toThrow();
    }
  });
});

describe('rpm’s Berkeley DB Packages explains the files it records', () => {
  it('a key shipped by a package is reported at low, naming it; an edited copy is the owner’s', async () => {
    const layer = bdbLayer([
      el8({ 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem(), 'etc/libfoo/client.key': 'placeholder\n' }),
      {
        name: 'oldpkg',
        version: '0.9',
        release: '1.el7',
        algorithm: 'md5',
        files: { 'etc/old/k.pem': tokens.privateKeyPem() },
      },
    ]);
    const report = await audit([
      {
        ...layer,
        items: layer.items.map((item) =>
          item.path === 'etc/libfoo/client.key' ? { ...item, content: tokens.privateKeyPem() } : item,
        ),
      },
    ]);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty).toEqual({
      kind: 'rpm',
      package: 'libfoo',
      version: '1.2-3.el8',
    });
    expect(at(report.findings, 'etc/old/k.pem')[0]?.thirdParty?.package).toBe('oldpkg');
    expect(report.failing.map((finding) => finding.path)).toEqual(['etc/libfoo/client.key']);
  });

  it('a Packages rewritten to claim a planted file (same build) is forged', async () => {
    const readme = { 'usr/share/libfoo/README': 'libfoo\n' };
    const report = await audit([
      bdbLayer([el8(readme)]),
      bdbLayer([el8({ ...readme, 'usr/share/libfoo/extra.pem': tokens.privateKeyPem() })], 'COPY . /'),
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    const forged = report.findings.find((finding) => finding.ruleId === 'forged-package-record');
    expect(forged).toMatchObject({ path: 'var/lib/rpm/Packages', severity: 'high' });
    expect(report.failing).toContain(forged);
  });

  it('beside an rpmdb.sqlite in the same layer, the SQLite database is the one read', async () => {
    const planted = tokens.privateKeyPem();
    const honest = el8({ 'usr/share/libfoo/README': 'libfoo\n' });
    const claims = el8({ 'usr/share/libfoo/README': 'libfoo\n', 'usr/share/libfoo/k.pem': planted });
    for (const order of ['sqlite first', 'Packages first']) {
      const records = [
        { path: 'var/lib/rpm/rpmdb.sqlite', content: await rpmdb([honest]) },
        { path: 'var/lib/rpm/Packages', content: rpmBerkeleyDb([claims]) },
      ];
      const report = await audit([
        {
          createdBy: 'RUN dnf install -y libfoo',
          items: [
            { path: 'usr/share/libfoo/README', content: 'libfoo\n' },
            { path: 'usr/share/libfoo/k.pem', content: planted },
            ...(order === 'sqlite first' ? records : records.reverse()),
          ],
        },
      ]);
      expect(at(report.failing, 'usr/share/libfoo/k.pem'), order).toHaveLength(1);
    }
  });
});
