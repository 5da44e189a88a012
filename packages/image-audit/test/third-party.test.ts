import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditArchive, type Finding, parseAllowlist, summaryOf } from '../src/index';
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
