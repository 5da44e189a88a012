import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditArchive, type Finding, parseAllowlist, summaryOf } from '../src/index';
import { apkDigest } from '../src/read/packages';
import { type LayerSpec, ociArchive, type TarItem } from './archive-builder';
import { sourceWorkerArgv } from './source-workers';
import { tokens } from './tokens';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256b64 = (text: string) => createHash('sha256').update(text).digest('base64url');

async function audit(
  layers: LayerSpec[],
  options: { countThirdParty?: boolean; workers?: boolean; allowlist?: string } = {},
) {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-third-')), 'image.tar');
  await writeFile(path, await ociArchive([{ layers }]));
  return auditArchive(path, {
    ...(options.countThirdParty ? { countThirdParty: true } : {}),
    ...(options.allowlist ? { allowlist: parseAllowlist(options.allowlist) } : {}),
    ...(options.workers
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

const STATUS = (packages: [string, string][]) =>
  packages
    .map(
      ([name, version]) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\nArchitecture: amd64\n`,
    )
    .join('\n');

/** A layer as `apt-get install libfoo` leaves it: the files, and dpkg's records of them. */
function dpkgLayer(
  files: Record<string, string>,
  extra: TarItem[] = [],
  createdBy = 'RUN apt-get install -y libfoo',
): LayerSpec {
  return {
    createdBy,
    items: [
      ...Object.entries(files).map(([path, content]) => ({ path, content })),
      { path: 'var/lib/dpkg/status', content: STATUS([['libfoo', '1.2-3']]) },
      {
        path: 'var/lib/dpkg/info/libfoo:amd64.md5sums',
        content: Object.entries(files)
          .map(([path, content]) => `${md5(content)}  ${path}\n`)
          .join(''),
      },
      {
        path: 'var/lib/dpkg/info/libfoo:amd64.list',
        content: `/.\n/usr\n${Object.keys(files)
          .map((path) => `/${path}\n`)
          .join('')}`,
      },
      ...extra,
    ],
  };
}

/** The findings at a path, in layer order. */
const at = (findings: readonly Finding[], path: string) =>
  findings.filter((finding) => finding.path === path).sort((a, b) => (a.layer?.index ?? -1) - (b.layer?.index ?? -1));

describe('dpkg: a file that still matches its package’s md5sums is the package’s', () => {
  it('reports a key shipped by a package at low, naming the package and version, and does not fail', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([dpkgLayer({ 'usr/share/libfoo/selftest.pem': key })]);
    const [finding] = at(report.findings, 'usr/share/libfoo/selftest.pem');
    expect(finding?.thirdParty).toEqual({ kind: 'dpkg', package: 'libfoo', version: '1.2-3' });
    expect(finding?.severity).toBe('low');
    expect(finding?.ruleSeverity).toBe('high');
    expect(report.failing).toEqual([]);
  });

  it('counts it at its rule’s severity when countThirdParty is set', async () => {
    const report = await audit([dpkgLayer({ 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem() })], {
      countThirdParty: true,
    });
    expect(report.failing.map((finding) => finding.path)).toEqual(['usr/share/libfoo/selftest.pem']);
  });

  it('a file changed after install (a later layer, another hash) is the owner’s', async () => {
    const shipped = tokens.privateKeyPem();
    const report = await audit([
      dpkgLayer({ 'usr/share/libfoo/selftest.pem': shipped }),
      {
        createdBy: 'COPY key.pem /usr/share/libfoo/selftest.pem',
        items: [{ path: 'usr/share/libfoo/selftest.pem', content: tokens.privateKeyPem() }],
      },
    ]);
    const found = at(report.findings, 'usr/share/libfoo/selftest.pem');
    expect(found.map((finding) => [finding.layer?.index, finding.thirdParty?.kind ?? 'owner'])).toEqual([
      [0, 'dpkg'],
      [1, 'owner'],
    ]);
    expect(report.failing.map((finding) => finding.layer?.index)).toEqual([1]);
  });

  it('a file changed in the same layer as its install (hash differs) is the owner’s', async () => {
    const layer = dpkgLayer({ 'etc/libfoo/client.key': tokens.privateKeyPem() });
    const edited: LayerSpec = {
      ...layer,
      items: layer.items.map((item) =>
        item.path === 'etc/libfoo/client.key' ? { ...item, content: tokens.privateKeyPem() } : item,
      ),
    };
    const report = await audit([edited]);
    expect(at(report.failing, 'etc/libfoo/client.key')).toHaveLength(1);
  });

  it.each([
    ['read whole', 200 * 1024],
    ['kept past one window until its hits are known', 3 * 1024 * 1024],
    ['hashed as it streams', 6 * 1024 * 1024],
  ])(
    'a large package file (%s) is the package’s while its hash holds, the owner’s once it changes',
    async (_how, size) => {
      const key = tokens.privateKeyPem();
      const content = `${'# libfoo self-test data\n'.repeat(Math.ceil(size / 24)).slice(0, size)}\n${key}`;
      const shipped = dpkgLayer({ 'usr/lib/libfoo/selftest.dat': content });
      const edited: LayerSpec = {
        ...shipped,
        items: shipped.items.map((item) =>
          item.path === 'usr/lib/libfoo/selftest.dat' ? { ...item, content: `${content}\n` } : item,
        ),
      };
      for (const workers of [false, true]) {
        const ours = await audit([shipped], { workers });
        expect(at(ours.findings, 'usr/lib/libfoo/selftest.dat').map((f) => f.thirdParty?.kind)).toEqual(['dpkg']);
        const theirs = await audit([edited], { workers });
        expect(at(theirs.failing, 'usr/lib/libfoo/selftest.dat').map((f) => f.thirdParty?.kind ?? 'owner')).toEqual([
          'owner',
        ]);
      }
    },
  );

  it('a file the package does not list (added next to it) is the owner’s', async () => {
    const report = await audit([
      dpkgLayer({ 'usr/share/libfoo/selftest.pem': 'no key here\n' }, [
        { path: 'usr/share/libfoo/deploy.pem', content: tokens.privateKeyPem() },
      ]),
    ]);
    expect(at(report.failing, 'usr/share/libfoo/deploy.pem')).toHaveLength(1);
  });

  it('records in a later layer than the file explain nothing', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([
      { createdBy: 'COPY keys/ /usr/share/libfoo/', items: [{ path: 'usr/share/libfoo/selftest.pem', content: key }] },
      dpkgLayer({ 'usr/share/libfoo/selftest.pem': key }),
    ]);
    const found = at(report.findings, 'usr/share/libfoo/selftest.pem');
    expect(found.find((finding) => finding.layer?.index === 0)?.thirdParty).toBeUndefined();
    expect(report.failing.some((finding) => finding.layer?.index === 0)).toBe(true);
  });
});

describe('a forged dpkg database hides nothing, and is itself reported', () => {
  it('a planted secret in a file listed only in a forged md5sums line (not in the package’s list)', async () => {
    const secret = tokens.privateKeyPem();
    const base = dpkgLayer({ 'usr/share/libfoo/README': 'libfoo\n' });
    const forgedSums = `${md5('libfoo\n')}  usr/share/libfoo/README\n${md5(secret)}  usr/share/libfoo/extra.pem\n`;
    const report = await audit([
      base,
      {
        createdBy: 'COPY . /',
        items: [
          { path: 'usr/share/libfoo/extra.pem', content: secret },
          { path: 'var/lib/dpkg/info/libfoo:amd64.md5sums', content: forgedSums },
        ],
      },
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    const forged = report.findings.find((finding) => finding.ruleId === 'forged-package-record');
    expect(forged).toMatchObject({ path: 'var/lib/dpkg/info/libfoo.md5sums', severity: 'high' });
    expect(report.failing).toContain(forged);
  });

  it('md5sums and list both forged, in a layer where dpkg’s status was not rewritten', async () => {
    const secret = tokens.privateKeyPem();
    const files = { 'usr/share/libfoo/README': 'libfoo\n', 'usr/share/libfoo/extra.pem': secret };
    const forgedLayer = dpkgLayer(files, [], 'COPY . /');
    const report = await audit([
      dpkgLayer({ 'usr/share/libfoo/README': 'libfoo\n' }),
      { ...forgedLayer, items: forgedLayer.items.filter((item) => item.path !== 'var/lib/dpkg/status') },
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    expect(report.findings.find((finding) => finding.ruleId === 'forged-package-record')?.excerpt).toMatch(
      /where dpkg's status was not/,
    );
  });

  it('a md5sums for a package dpkg’s status does not list as installed', async () => {
    const secret = tokens.privateKeyPem();
    const layer = dpkgLayer({ 'opt/tool/key.pem': secret });
    const report = await audit([
      {
        ...layer,
        items: layer.items.map((item) =>
          item.path === 'var/lib/dpkg/status' ? { ...item, content: STATUS([['libbar', '1.0']]) } : item,
        ),
      },
    ]);
    expect(at(report.failing, 'opt/tool/key.pem')).toHaveLength(1);
    expect(report.findings.some((finding) => finding.ruleId === 'forged-package-record')).toBe(true);
  });
});

describe('Python: a file that matches its distribution’s RECORD is the distribution’s', () => {
  const site = 'usr/local/lib/python3.12/site-packages';
  const record = (files: Record<string, string>) =>
    `${Object.entries(files)
      .map(([path, content]) => `${path},sha256=${sha256b64(content)},${content.length}`)
      .join('\n')}\noauthlib-3.2.2.dist-info/RECORD,,\n`;

  it('the RFC example in oauthlib’s docs is oauthlib 3.2.2’s; the same file edited is the owner’s', async () => {
    const docs = `token = ${tokens.jwt()}\n`;
    const report = await audit([
      {
        createdBy: 'RUN pip install oauthlib',
        items: [
          { path: `${site}/oauthlib/oauth2/rfc6749/tokens.py`, content: docs },
          {
            path: `${site}/oauthlib-3.2.2.dist-info/RECORD`,
            content: record({ 'oauthlib/oauth2/rfc6749/tokens.py': docs }),
          },
        ],
      },
      {
        createdBy: 'RUN sed -i … tokens.py',
        items: [{ path: `${site}/oauthlib/oauth2/rfc6749/tokens.py`, content: `token = ${tokens.jwt()}\n` }],
      },
    ]);
    const found = at(report.findings, `${site}/oauthlib/oauth2/rfc6749/tokens.py`);
    expect(found.map((finding) => [finding.layer?.index, finding.thirdParty ?? 'owner'])).toEqual([
      [0, { kind: 'python', package: 'oauthlib', version: '3.2.2' }],
      [1, 'owner'],
    ]);
  });
});

describe('node_modules: a file of a package installed in the same layer as its package.json', () => {
  const npmrc = () => `//registry.npmjs.org/:_authToken=${tokens.npm()}\n`;

  it('is the package’s; one added by a later layer is the owner’s', async () => {
    const report = await audit([
      {
        createdBy: 'RUN npm ci',
        items: [
          { path: 'app/node_modules/some-cli/package.json', content: '{"name":"some-cli","version":"2.0.1"}' },
          { path: 'app/node_modules/some-cli/docs/auth.md', content: npmrc() },
        ],
      },
      { createdBy: 'COPY . /app', items: [{ path: 'app/node_modules/some-cli/docs/local.md', content: npmrc() }] },
    ]);
    expect(at(report.findings, 'app/node_modules/some-cli/docs/auth.md')[0]?.thirdParty).toEqual({
      kind: 'npm',
      package: 'some-cli',
      version: '2.0.1',
    });
    expect(at(report.failing, 'app/node_modules/some-cli/docs/local.md')).toHaveLength(1);
  });

  it('a package the lockfile says is local (file:, linked) is the owner’s code', async () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/internal-config': { version: '1.0.0', resolved: 'file:../internal-config' },
        'node_modules/left-pad': {
          version: '1.3.0',
          resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
          integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEQpHZA2xA8ouSwrBBhM8GLpW8Gc3wbmY7SF5AnNgzQt5gQ==',
        },
      },
    });
    const report = await audit([
      {
        createdBy: 'RUN npm ci',
        items: [
          { path: 'app/package-lock.json', content: lock },
          {
            path: 'app/node_modules/internal-config/package.json',
            content: '{"name":"internal-config","version":"1.0.0"}',
          },
          { path: 'app/node_modules/internal-config/.npmrc', content: npmrc() },
          { path: 'app/node_modules/left-pad/package.json', content: '{"name":"left-pad","version":"1.3.0"}' },
          { path: 'app/node_modules/left-pad/README.md', content: npmrc() },
        ],
      },
    ]);
    expect(at(report.failing, 'app/node_modules/internal-config/.npmrc')).toHaveLength(1);
    expect(at(report.findings, 'app/node_modules/left-pad/README.md')[0]?.thirdParty?.package).toBe('left-pad');
  });

  it('a package.json whose name is not its directory’s claims nothing', async () => {
    const report = await audit([
      {
        createdBy: 'COPY . /app',
        items: [
          { path: 'app/node_modules/x/package.json', content: '{"name":"y","version":"1.0.0"}' },
          { path: 'app/node_modules/x/secrets.txt', content: npmrc() },
        ],
      },
    ]);
    expect(at(report.failing, 'app/node_modules/x/secrets.txt')).toHaveLength(1);
  });
});

describe('published example values are third-party wherever they are', () => {
  it('jwt.io’s sample token in the owner’s file is an example; a real one next to it is not', async () => {
    const sample =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const real = tokens.githubPat();
    const report = await audit([
      {
        createdBy: 'COPY . /app',
        items: [{ path: 'app/README.md', content: `curl -H "Authorization: Bearer ${sample}"\nGH=${real}\n` }],
      },
    ]);
    const found = at(report.findings, 'app/README.md');
    expect(found.find((finding) => finding.ruleId === 'github-token')?.thirdParty).toBeUndefined();
    const example = found.find((finding) => finding.thirdParty !== undefined);
    expect(example?.thirdParty).toEqual({ kind: 'example', package: "jwt.io's sample JWT" });
    expect(report.failing.map((finding) => finding.ruleId)).toEqual(['github-token']);
  });
});

describe('the reviewer’s summary', () => {
  it('lists third-party findings in their own collapsed section with the package, and allowlisted ones by path', async () => {
    const shipped = tokens.privateKeyPem();
    const report = await audit(
      [
        dpkgLayer({ 'usr/share/libfoo/selftest.pem': shipped }),
        {
          createdBy: 'COPY . /app',
          items: [
            { path: 'app/.env', content: `GITHUB_TOKEN=${tokens.githubPat()}\n` },
            { path: 'app/test/fixture.env', content: `GITHUB_TOKEN=${tokens.githubPat()}\n` },
          ],
        },
      ],
      { allowlist: 'app/test/**\n' },
    );
    const summary = summaryOf(report);
    expect(summary).toMatch(
      /<details><summary>1 in third-party content[^<]*<\/summary>[\s\S]*dpkg libfoo 1\.2-3: private-key in `usr\/share\/libfoo\/selftest\.pem`/,
    );
    expect(summary).toMatch(
      /<details><summary>1 allowlisted<\/summary>[\s\S]*github-token in `app\/test\/fixture\.env`:1/,
    );
    expect(summary).toMatch(/\*\*1 finding\*\* \(high 1/);
    expect(summary).not.toContain(shipped.slice(40, 80));
  });
});

describe('on worker threads', () => {
  it('the records and the file hashes cross the threads: the same verdicts', async () => {
    const report = await audit([dpkgLayer({ 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem() })], {
      workers: true,
    });
    expect(report.stats.scanWorkers).toBe(1);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty?.package).toBe('libfoo');
  });
});

describe('archives a package installed', () => {
  it('a member of a .gz that still matches the md5sums is the package’s; the same .gz changed is the owner’s', async () => {
    const news = gzipSync(Buffer.from(`* Fixed: token=${tokens.githubPat()} was logged\n`));
    const changed = gzipSync(Buffer.from(`* Fixed: token=${tokens.githubPat()} was logged\n`));
    const layer = dpkgLayer({ 'usr/share/doc/libfoo/NEWS.gz': news.toString('latin1') });
    const report = await audit([
      {
        ...layer,
        items: layer.items.map((item) =>
          item.path === 'usr/share/doc/libfoo/NEWS.gz'
            ? { ...item, content: news }
            : item.path.endsWith('.md5sums')
              ? { ...item, content: `${createHash('md5').update(news).digest('hex')}  usr/share/doc/libfoo/NEWS.gz\n` }
              : item,
        ),
      },
      {
        createdBy: 'COPY NEWS.gz /usr/share/doc/libfoo/',
        items: [{ path: 'usr/share/doc/libfoo/NEWS.gz', content: changed }],
      },
    ]);
    const found = at(report.findings, 'usr/share/doc/libfoo/NEWS.gz!/NEWS');
    expect(found.map((finding) => [finding.layer?.index, finding.thirdParty?.package ?? 'owner'])).toEqual([
      [0, 'libfoo'],
      [1, 'owner'],
    ]);
  });
});

const sha1q = (content: string | Buffer) => `Q1${createHash('sha1').update(content).digest('base64')}`;

/** Google's distroless layout: no dpkg status, one control stanza per package in
 * `status.d/<name>` and its md5sums beside it, written with the package's files. */
function distrolessLayer(files: Record<string, string>, name = 'libfoo', version = '1.2-3'): LayerSpec {
  return {
    createdBy: 'bazel build //base:debian12',
    items: [
      ...Object.entries(files).map(([path, content]) => ({ path, content })),
      {
        path: `var/lib/dpkg/status.d/${name}`,
        content: `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: Someone <a@example.org>\n`,
      },
      {
        path: `var/lib/dpkg/status.d/${name}.md5sums`,
        content: Object.entries(files)
          .map(([path, content]) => `${md5(content)}  ${path}\n`)
          .join(''),
      },
    ],
  };
}

describe('distroless: status.d stanzas and md5sums are dpkg’s records', () => {
  it('a file matching status.d/<pkg>.md5sums is the package’s, named by the stanza’s Package and Version', async () => {
    const report = await audit([
      distrolessLayer({ 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem() }, 'base', '12.4+deb12u5'),
    ]);
    // Old distroless names base-files' stanza `base`: the stanza's Package: field names it.
    const edited = report.findings.find((finding) => finding.path === 'usr/share/libfoo/selftest.pem');
    expect(edited?.thirdParty).toEqual({ kind: 'dpkg', package: 'base', version: '12.4+deb12u5' });
    expect(report.failing).toEqual([]);
  });

  it('an attacker-modified package file (its hash differs) is the owner’s, in the same layer or a later one', async () => {
    const layer = distrolessLayer({ 'etc/libfoo/client.key': tokens.privateKeyPem() });
    const edited: LayerSpec = {
      ...layer,
      items: layer.items.map((item) =>
        item.path === 'etc/libfoo/client.key' ? { ...item, content: tokens.privateKeyPem() } : item,
      ),
    };
    const report = await audit([
      edited,
      {
        createdBy: 'COPY key /etc/libfoo/',
        items: [{ path: 'etc/libfoo/client.key', content: tokens.privateKeyPem() }],
      },
    ]);
    expect(at(report.failing, 'etc/libfoo/client.key').map((finding) => finding.layer?.index)).toEqual([0, 1]);
  });

  it('a md5sums rewritten without its stanza is a forged record; the file stays the owner’s', async () => {
    const secret = tokens.privateKeyPem();
    const report = await audit([
      distrolessLayer({ 'usr/share/libfoo/README': 'libfoo\n' }),
      {
        createdBy: 'COPY . /',
        items: [
          { path: 'usr/share/libfoo/extra.pem', content: secret },
          {
            path: 'var/lib/dpkg/status.d/libfoo.md5sums',
            content: `${md5('libfoo\n')}  usr/share/libfoo/README\n${md5(secret)}  usr/share/libfoo/extra.pem\n`,
          },
        ],
      },
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    const forged = report.findings.find((finding) => finding.ruleId === 'forged-package-record');
    expect(forged).toMatchObject({ path: 'var/lib/dpkg/status.d/libfoo.md5sums', severity: 'high' });
    expect(forged?.excerpt).toMatch(/stanza\) was not written in its layer/);
    expect(report.failing).toContain(forged);
  });

  it('stanza and md5sums both rewritten for a version recorded before without the file: forged', async () => {
    const secret = tokens.privateKeyPem();
    const report = await audit([
      distrolessLayer({ 'usr/share/libfoo/README': 'libfoo\n' }),
      distrolessLayer({ 'usr/share/libfoo/README': 'libfoo\n', 'usr/share/libfoo/extra.pem': secret }),
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    expect(report.findings.find((finding) => finding.ruleId === 'forged-package-record')?.excerpt).toMatch(
      /as recorded in layer 0 did not/,
    );
  });

  it('records in a later layer than the file explain nothing', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([
      { createdBy: 'COPY keys/ /usr/share/libfoo/', items: [{ path: 'usr/share/libfoo/selftest.pem', content: key }] },
      distrolessLayer({ 'usr/share/libfoo/selftest.pem': key }),
    ]);
    expect(report.failing.some((finding) => finding.layer?.index === 0)).toBe(true);
  });
});

/** An Alpine layer as `apk add libfoo` leaves it: the files, and `lib/apk/db/installed` naming them. */
function apkLayer(
  packages: { name: string; version: string; build?: string; files: Record<string, string> }[],
  extra: TarItem[] = [],
  digest: (content: string) => string = sha1q,
): LayerSpec {
  const stanza = (pkg: (typeof packages)[number]) => {
    const dirs = new Map<string, string[]>();
    for (const path of Object.keys(pkg.files)) {
      const slash = path.lastIndexOf('/');
      const dir = path.slice(0, slash);
      dirs.set(dir, [...(dirs.get(dir) ?? []), path]);
    }
    return [
      `C:Q1${createHash('sha1')
        .update(`${pkg.name}${pkg.build ?? ''}`)
        .digest('base64')}`,
      `P:${pkg.name}`,
      `V:${pkg.version}`,
      'A:x86_64',
      `T:${pkg.name} for tests`,
      'L:MIT',
      ...[...dirs].flatMap(([dir, paths]) => [
        `F:${dir}`,
        ...paths.flatMap((path) => [`R:${path.slice(dir.length + 1)}`, `Z:${digest(pkg.files[path] ?? '')}`]),
      ]),
    ].join('\n');
  };
  return {
    createdBy: `RUN apk add ${packages.map((pkg) => pkg.name).join(' ')}`,
    items: [
      ...packages.flatMap((pkg) => Object.entries(pkg.files).map(([path, content]) => ({ path, content }))),
      { path: 'lib/apk/db/installed', content: `${packages.map(stanza).join('\n\n')}\n\n` },
      ...extra,
    ],
  };
}

describe('apk: a file that matches its Z:Q1 (SHA-1) in lib/apk/db/installed is the package’s', () => {
  it('reports a key shipped by an Alpine package at low, naming it, and does not fail', async () => {
    const report = await audit([
      apkLayer([
        { name: 'libfoo', version: '1.2-r3', files: { 'usr/share/libfoo/selftest.pem': tokens.privateKeyPem() } },
      ]),
    ]);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty).toEqual({
      kind: 'apk',
      package: 'libfoo',
      version: '1.2-r3',
    });
    expect(report.failing).toEqual([]);
  });

  it('an attacker-modified package file is the owner’s: edited in its layer, or replaced by a later one', async () => {
    const layer = apkLayer([
      { name: 'libfoo', version: '1.2-r3', files: { 'etc/libfoo/client.key': tokens.privateKeyPem() } },
    ]);
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

  it('a later apk run keeps explaining the base’s files; a file it does not list is the owner’s', async () => {
    const shipped = tokens.privateKeyPem();
    const base = { name: 'libfoo', version: '1.2-r3', files: { 'usr/share/libfoo/selftest.pem': shipped } };
    const report = await audit([
      apkLayer([base]),
      apkLayer(
        [base, { name: 'bar', version: '0.1-r0', files: { 'usr/bin/bar': '#!/bin/sh\n' } }],
        [{ path: 'usr/share/bar/deploy.pem', content: tokens.privateKeyPem() }],
      ),
    ]);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty?.package).toBe('libfoo');
    expect(at(report.failing, 'usr/share/bar/deploy.pem')).toHaveLength(1);
  });

  it('a package’s record edited to claim a planted file (same version, same build) is forged', async () => {
    const secret = tokens.privateKeyPem();
    const readme = { 'usr/share/libfoo/README': 'libfoo\n' };
    const report = await audit([
      apkLayer([{ name: 'libfoo', version: '1.2-r3', files: readme }]),
      {
        ...apkLayer([
          { name: 'libfoo', version: '1.2-r3', files: { ...readme, 'usr/share/libfoo/extra.pem': secret } },
        ]),
        createdBy: 'COPY . /',
      },
    ]);
    expect(at(report.failing, 'usr/share/libfoo/extra.pem')).toHaveLength(1);
    const forged = report.findings.find((finding) => finding.ruleId === 'forged-package-record');
    expect(forged).toMatchObject({ path: 'lib/apk/db/installed', severity: 'high' });
    expect(forged?.excerpt).toMatch(/the same build\) did not/);
    expect(report.failing).toContain(forged);
  });

  it('an upgrade (another version) may change the files: the new record explains them', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([
      apkLayer([{ name: 'libfoo', version: '1.2-r3', files: { 'usr/share/libfoo/README': 'libfoo\n' } }]),
      apkLayer([
        {
          name: 'libfoo',
          version: '1.3-r0',
          files: { 'usr/share/libfoo/README': 'libfoo\n', 'usr/share/libfoo/t.pem': key },
        },
      ]),
    ]);
    expect(at(report.findings, 'usr/share/libfoo/t.pem')[0]?.thirdParty).toEqual({
      kind: 'apk',
      package: 'libfoo',
      version: '1.3-r0',
    });
    expect(report.findings.some((finding) => finding.ruleId === 'forged-package-record')).toBe(false);
  });

  it('records in a later layer than the file explain nothing', async () => {
    const key = tokens.privateKeyPem();
    const report = await audit([
      { createdBy: 'COPY keys/ /usr/share/libfoo/', items: [{ path: 'usr/share/libfoo/selftest.pem', content: key }] },
      apkLayer([{ name: 'libfoo', version: '1.2-r3', files: { 'usr/share/libfoo/selftest.pem': key } }]),
    ]);
    expect(report.failing.some((finding) => finding.layer?.index === 0)).toBe(true);
  });
});

describe('apk v3: Z:Q2 (SHA-256) and the hex forms', () => {
  const sha256 = (content: string) => createHash('sha256').update(content).digest();
  const forms: [string, (content: string) => string][] = [
    ['Q2 (SHA-256, base64)', (content) => `Q2${sha256(content).toString('base64')}`],
    ['X2 (SHA-256, hex)', (content) => `X2${sha256(content).toString('hex')}`],
    ['X1 (SHA-1, hex)', (content) => `X1${createHash('sha1').update(content).digest('hex')}`],
  ];
  it.each(forms)('%s explains the file it matches; an edited copy is the owner’s', async (_form, digest) => {
    const shipped = tokens.privateKeyPem();
    const files = { 'usr/share/libfoo/selftest.pem': shipped, 'etc/libfoo/client.key': 'placeholder\n' };
    const layer = apkLayer([{ name: 'libfoo', version: '1.2-r3', files }], [], digest);
    const report = await audit([
      {
        ...layer,
        items: layer.items.map((item) =>
          item.path === 'etc/libfoo/client.key' ? { ...item, content: tokens.privateKeyPem() } : item,
        ),
      },
    ]);
    expect(at(report.findings, 'usr/share/libfoo/selftest.pem')[0]?.thirdParty).toEqual({
      kind: 'apk',
      package: 'libfoo',
      version: '1.2-r3',
    });
    expect(at(report.failing, 'etc/libfoo/client.key')).toHaveLength(1);
  });

  it('reads digests as apk-tools does, and nothing else', () => {
    const one = createHash('sha1').update('x').digest();
    const two = createHash('sha256').update('x').digest();
    expect(apkDigest(`Q1${one.toString('base64')}`)).toBe(`sha1:${one.toString('hex')}`);
    expect(apkDigest(`Q2${two.toString('base64')}`)).toBe(`sha256:${two.toString('hex')}`);
    expect(apkDigest(`X2${two.toString('hex').toUpperCase()}`)).toBe(`sha256:${two.toString('hex')}`);
    // A "1" holding 32 bytes is a SHA-256 (apk_blob_pull_digest reads it so).
    expect(apkDigest(`Q1${two.toString('base64')}`)).toBe(`sha256:${two.toString('hex')}`);
    for (const bad of [
      `Q2${one.toString('base64')}`,
      `Q3${two.toString('base64')}`,
      `Z2${two.toString('hex')}`,
      `Q2${two.toString('base64').slice(0, -2)}`,
      `X2${two.toString('hex')}0`,
      `Q1${one.toString('base64').replace('=', '')}`,
      `X1${one.toString('hex').slice(1)}`,
      'Q1',
      '',
    ]) {
      expect(apkDigest(bad), bad).toBeUndefined();
    }
  });
});

describe('apk and distroless records on worker threads', () => {
  it('the SHA-1 and the status.d records cross the threads: the same verdicts', async () => {
    const report = await audit(
      [
        apkLayer([{ name: 'libfoo', version: '1.2-r3', files: { 'usr/share/libfoo/a.pem': tokens.privateKeyPem() } }]),
        distrolessLayer({ 'usr/share/libbar/b.pem': tokens.privateKeyPem() }, 'libbar', '2.0-1'),
      ],
      { workers: true },
    );
    expect(report.stats.scanWorkers).toBe(1);
    expect(at(report.findings, 'usr/share/libfoo/a.pem')[0]?.thirdParty?.kind).toBe('apk');
    expect(at(report.findings, 'usr/share/libbar/b.pem')[0]?.thirdParty?.package).toBe('libbar');
  });
});
