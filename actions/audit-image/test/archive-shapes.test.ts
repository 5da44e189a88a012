import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  digestOf,
  gzip,
  type ImageSpec,
  legacyDockerArchive,
  ociArchive,
  tarOf,
  tokens,
  zstd,
} from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { runAudit, tempDir } from './helpers';

/** One image, three layers: a token added, then deleted; a key in a file
 * under a 120-character path (PAX/GNU long names); a hard link to it. */
function imageWith(token: string, key: string, compression: 'gzip' | 'zstd' | 'none' = 'gzip'): ImageSpec {
  const deep = `srv/${'very-long-directory-name/'.repeat(5)}config`;
  return {
    layers: [
      {
        items: [
          { path: './app/', type: 'directory' },
          { path: './app/.env', content: `GITHUB_TOKEN=${token}\n` },
        ],
        createdBy: 'COPY . /app',
        compression,
      },
      {
        items: [
          { path: `${deep}/settings.yml`, content: `stripe: ${key}\n` },
          { path: 'app/link.yml', type: 'link', linkname: `${deep}/settings.yml` },
        ],
        createdBy: 'COPY settings.yml /srv',
        compression,
      },
      { items: [{ path: 'app/.wh..env' }], createdBy: 'RUN rm /app/.env', compression },
    ],
  };
}

const summaryOf = (findings: { ruleId: string; path: string; state: string }[]) =>
  findings.map((f) => `${f.ruleId} ${f.path} ${f.state}`).sort();

const token = tokens.githubPat();
const key = tokens.stripeLive();

describe('archive shapes', () => {
  const expected = [
    'github-token app/.env removed',
    `stripe-secret-key srv/${'very-long-directory-name/'.repeat(5)}config/settings.yml present`,
  ];

  it.each([
    ['OCI layout, gzip layers', () => ociArchive([imageWith(token, key)])],
    ['OCI layout, zstd layers', () => ociArchive([imageWith(token, key, 'zstd')])],
    ['OCI layout, uncompressed layers', () => ociArchive([imageWith(token, key, 'none')])],
    ['Docker 25+ (OCI layout and manifest.json)', () => ociArchive([imageWith(token, key)], { dockerManifest: true })],
    ['containerd save (nested index)', () => ociArchive([imageWith(token, key)], { nestedIndex: true })],
    ['legacy docker save (symlinked layers, manifest last)', () => legacyDockerArchive(imageWith(token, key))],
    ['gzip-compressed archive', async () => gzip(await ociArchive([imageWith(token, key)]))],
    ['zstd-compressed archive', async () => zstd(await legacyDockerArchive(imageWith(token, key)))],
  ])('%s', async (_name, make) => {
    const run = await runAudit(await make());
    expect(summaryOf(run.findings)).toEqual(expected);
    expect(run.everything).not.toContain(token);
    expect(run.everything).not.toContain(key);
  });

  it('reads a legacy layer that is a symlink to an earlier one as that layer', async () => {
    const same = { items: [{ path: 'etc/motd', content: 'hello\n' }], createdBy: 'COPY motd /etc' };
    const archive = await legacyDockerArchive({
      layers: [same, { items: [{ path: 'app/.env', content: `T=${token}\n` }], createdBy: 'COPY' }, same],
    });
    const run = await runAudit(archive);
    expect(run.runner.logs.join('\n')).not.toContain('is not in the archive');
    expect(summaryOf(run.findings)).toEqual(['github-token app/.env present']);
  });

  it('audits every platform of a multi-platform image, and says which platforms were not saved', async () => {
    const arm = tokens.githubPat();
    const archive = await ociArchive(
      [
        { ...imageWith(token, key), platform: { os: 'linux', architecture: 'amd64' } },
        {
          layers: [{ items: [{ path: 'app/.env', content: `T=${arm}\n` }], createdBy: 'COPY' }],
          platform: { os: 'linux', architecture: 'arm64' },
        },
      ],
      { nestedIndex: true },
    );
    const run = await runAudit(archive);
    expect(summaryOf(run.findings)).toEqual([...expected, 'github-token app/.env present'].sort());
    expect(run.runner.summary.join('')).toContain('2 images');
  });

  it('notes a manifest whose blobs are not in the archive instead of failing', async () => {
    const index = {
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: digestOf('missing'),
          size: 7,
          platform: { os: 'linux', architecture: 's390x' },
        },
      ],
    };
    const archive = await tarOf([
      { path: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
      { path: 'index.json', content: JSON.stringify(index) },
    ]);
    const run = await runAudit(archive);
    expect(run.ok).toBe(true);
    expect(run.runner.logs.join('\n')).toMatch(/note: .*linux\/s390x.* is not in the archive/);
  });

  it('accepts a legitimately missing foreign layer (a Windows base layer)', async () => {
    const layer = gzip(await tarOf([{ path: 'app/.env', content: `T=${token}\n` }]));
    const foreignDiff = digestOf('foreign');
    const config = JSON.stringify({
      rootfs: { diff_ids: [foreignDiff, digestOf('x')] },
      history: [{ created_by: 'base' }, { created_by: 'COPY' }],
    });
    const archive = await tarOf([
      { path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer },
      { path: `blobs/sha256/${digestOf(config).slice(7)}`, content: config },
      {
        path: 'manifest.json',
        content: JSON.stringify([
          {
            Config: `blobs/sha256/${digestOf(config).slice(7)}`,
            RepoTags: ['win:1'],
            Layers: [`blobs/sha256/${digestOf('foreign').slice(7)}`, `blobs/sha256/${digestOf(layer).slice(7)}`],
            LayerSources: {
              [foreignDiff]: {
                mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
                size: 1,
                digest: foreignDiff,
              },
            },
          },
        ]),
      },
    ]);
    const run = await runAudit(archive);
    expect(run.runner.logs.join('\n')).not.toContain('not in the archive');
    expect(run.findings.map((f) => `${f.ruleId} ${f.path} layer ${f.layer?.index}`)).toEqual([
      'github-token app/.env layer 1',
    ]);
  });

  it('reads provenance attestations and reports build args that leaked into them', async () => {
    const npm = tokens.npm();
    const archive = await ociArchive([imageWith(token, key)], {
      dockerManifest: true,
      provenance: {
        buildType: 'https://mobyproject.org/buildkit@v1',
        invocation: {
          parameters: {
            frontend: 'dockerfile.v0',
            args: { 'build-arg:NPM_TOKEN': npm, 'build-arg:DB_PASSWORD': 'changeme', 'build-arg:NODE_VERSION': '22' },
          },
        },
      },
    });
    const run = await runAudit(archive);
    const attested = run.findings.filter((f) => f.source === 'attestation');
    expect(attested.map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'npm-access-token attestation:slsa.dev/provenance/v0.2:predicate.invocation.parameters.args.build-arg:NPM_TOKEN',
    ]);
    expect(run.everything).not.toContain(npm);
  });

  it('reads annotations on the index and manifests', async () => {
    const slack = tokens.slackWebhook();
    const archive = await ociArchive([imageWith(token, key)], { annotations: { 'com.acme.notify': slack } });
    const run = await runAudit(archive);
    expect(run.findings.filter((f) => f.source === 'annotation').map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'slack-webhook-url annotation:com.acme.notify',
    ]);
  });

  it('scans a layer no manifest names (an archive without manifests)', async () => {
    const layer = gzip(
      await tarOf([{ path: 'root/.git-credentials', content: `https://ci:${tokens.githubPat()}@github.com\n` }]),
    );
    const run = await runAudit(await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]));
    expect(run.findings.map((f) => `${f.ruleId} ${f.path} ${f.state}`)).toEqual([
      'github-token root/.git-credentials unreferenced',
    ]);
    expect(run.runner.logs.join('\n')).toContain('no manifest.json or index.json');
  });
});

describe('bad archives fail with a clear input error', () => {
  it('a file that is not a tar', async () => {
    const run = await runAudit(Buffer.from('this is not an archive at all'.repeat(40)));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/^keyturn\/audit-image: input 'archive' is not a readable tar archive/);
  });

  it('a layer that is cut short', async () => {
    const layer = gzip(await tarOf([{ path: 'a', content: randomBytes(10_000) }])).subarray(0, 2_000);
    const run = await runAudit(await tarOf([{ path: 'blobs/sha256/00', content: layer }]));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/input 'archive' has a layer blobs\/sha256\/00 that cannot be read/);
  });

  it('an archive that does not exist', async () => {
    const run = await runAudit('/nonexistent/image.tar');
    expect(run.runner.failed).toMatch(/input 'archive' names \/nonexistent\/image.tar, which is not a file/);
  });

  it('more uncompressed bytes than max-size', async () => {
    const run = await runAudit(await ociArchive([imageWith(token, key)]), { 'max-size': '1KiB' });
    expect(run.runner.failed).toMatch(/input 'max-size' was passed/);
  });

  it('more files than max-entries', async () => {
    const run = await runAudit(await ociArchive([imageWith(token, key)]), { 'max-entries': '5' });
    expect(run.runner.failed).toMatch(/input 'max-entries' was passed/);
  });

  it('a decompression bomb', async () => {
    const bomb = gzip(await tarOf([{ path: 'zeros', content: Buffer.alloc(80 * 1024 * 1024) }]));
    const run = await runAudit(await tarOf([{ path: `blobs/sha256/${digestOf(bomb).slice(7)}`, content: bomb }]));
    expect(run.runner.failed).toMatch(
      /input 'max-ratio' was passed by blobs\/sha256\/.*: 7\d\.\d KiB expands past 64\.0 MiB/,
    );
  });
});

describe('long names', () => {
  it('reads a PAX long name (a 150-character file name)', async () => {
    const long = `app/${'k'.repeat(150)}.env`;
    const archive = await ociArchive([
      { layers: [{ items: [{ path: long, content: `T=${token}\n` }], createdBy: 'COPY' }] },
    ]);
    const run = await runAudit(archive);
    expect(run.findings.map((f) => f.path)).toEqual([long]);
  });

  const gnuTar = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar') ?? false;
  it.skipIf(!gnuTar)('reads a GNU long name (././@LongLink), as GNU tar writes it', async () => {
    const dir = await tempDir();
    const name = `${'d'.repeat(120)}/.npmrc`;
    await mkdir(join(dir, 'root', 'd'.repeat(120)), { recursive: true });
    await writeFile(join(dir, 'root', name), `//registry.npmjs.org/:_authToken=${tokens.npm()}\n`);
    spawnSync('tar', ['--format=gnu', '-cf', join(dir, 'layer.tar'), '-C', join(dir, 'root'), name], {
      stdio: 'ignore',
    });
    const layer = await readFile(join(dir, 'layer.tar'));
    expect(layer.includes(Buffer.from('././@LongLink'))).toBe(true);
    const run = await runAudit(await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]));
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual([`npm-access-token ${name}`]);
  });
});

describe('JSON nobody reads as image metadata', () => {
  it('is scanned like any file (an artifact, an SBOM, a stray blob), and image metadata is not reported twice', async () => {
    const stray = Buffer.from(JSON.stringify({ deploy: { slack: tokens.slackWebhook() } }));
    const image = await ociArchive([
      { layers: [{ items: [{ path: 'a', content: 'x' }], createdBy: 'COPY' }], env: [`GITHUB_TOKEN=${token}`] },
    ]);
    const archive = await tarOf([{ path: `blobs/sha256/${digestOf(stray).slice(7)}`, content: stray }]);
    // Append the stray blob to the image's entries (two tars concatenated lose the first end marker).
    const merged = await mergeTars(image, archive);
    const run = await runAudit(merged);
    expect(run.findings.map((f) => `${f.ruleId} ${f.source} ${f.path}`).sort()).toEqual([
      `github-token config config:Env:GITHUB_TOKEN`,
      `slack-webhook-url archive blobs/sha256/${digestOf(stray).slice(7)}`,
    ]);
  });
});

/** The entries of two tars as one tar. */
async function mergeTars(...tars: Buffer[]): Promise<Buffer> {
  const { extract } = await import('tar-stream');
  const items: { path: string; content: Buffer }[] = [];
  for (const tar of tars) {
    const reader = extract();
    reader.end(tar);
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') items.push({ path: entry.header.name, content: Buffer.concat(chunks) });
    }
  }
  return tarOf(items);
}
