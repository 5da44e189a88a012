import { gzipSync } from 'node:zlib';
import { fingerprintOf, sha256Hex } from '@keyturn/image-audit';
import { digestOf, gzip, ociArchive, tarOf, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { runAudit } from './helpers';

/** The defects an independent review found, each pinned by the test that
 * failed before its fix. */

describe('the per-file cap counts only what will be reported', () => {
  it('a real token after 30 allowlisted ones in the same file is still reported', async () => {
    const allowed = Array.from({ length: 30 }, () => tokens.githubPat());
    const real = tokens.githubPat();
    const path = 'app/fixtures/tokens.txt';
    const archive = await ociArchive([
      {
        layers: [
          {
            items: [{ path, content: `${[...allowed, real].map((t) => `t=${t}`).join('\n')}\n` }],
            createdBy: 'COPY . /app',
          },
        ],
      },
    ]);
    const allowlist = allowed.map((t) => fingerprintOf('github-token', path, sha256Hex(t))).join('\n');
    const run = await runAudit(archive, { allowlist: await writeTemp(allowlist) });
    const open = run.findings.filter((f) => !f.suppressed);
    expect(open.map((f) => f.line)).toEqual([31]);
    expect(run.ok).toBe(false);
  });
});

async function writeTemp(text: string): Promise<string> {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-defect-'));
  const path = join(dir, 'file');
  await writeFile(path, text);
  return path;
}

describe('a secret is never a location', () => {
  it('names an Env entry or a label by its position when its key is itself a token', async () => {
    const envToken = tokens.githubPat();
    const labelKey = tokens.slackBot();
    const archive = await ociArchive([
      {
        layers: [{ items: [{ path: 'app/x', content: 'x' }], createdBy: 'COPY x /app' }],
        env: ['PATH=/usr/bin', 'HOME=/root', 'LANG=C', envToken],
        labels: { 'org.opencontainers.image.version': '1', [labelKey]: 'yes' },
      },
    ]);
    const run = await runAudit(archive);
    const locations = run.findings.map((f) => f.path).sort();
    expect(locations).toEqual(['config:Env[3]', 'config:Labels[1]']);
    for (const secret of [envToken, labelKey]) {
      expect(run.everything).not.toContain(secret);
      expect(run.everything).not.toContain(secret.slice(-16));
    }
  });
});

describe('hostile metadata is an input problem, and the report is still written', () => {
  const layer = { items: [{ path: 'app/.env', content: `T=${tokens.githubPat()}\n` }], createdBy: 'COPY . /app' };

  async function withConfig(mutate: (config: Record<string, unknown>) => void): Promise<Buffer> {
    const built = await ociArchive([{ layers: [layer] }]);
    // Re-pack the archive with the config blob changed (and renamed to its
    // new digest, with the manifest pointing at it).
    const { extract } = await import('tar-stream');
    const entries: { name: string; data: Buffer }[] = [];
    const extractor = extract();
    const done = new Promise<void>((resolve, reject) => {
      extractor.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
        stream.on('end', () => {
          if (header.type === 'file') entries.push({ name: header.name, data: Buffer.concat(chunks) });
          next();
        });
      });
      extractor.on('finish', resolve);
      extractor.on('error', reject);
    });
    extractor.end(built);
    await done;
    let configName = '';
    let configNew = Buffer.alloc(0);
    for (const entry of entries) {
      const text = entry.data.toString('utf8');
      if (text.startsWith('{') && text.includes('"rootfs"')) {
        const config = JSON.parse(text) as Record<string, unknown>;
        mutate(config);
        configName = entry.name;
        configNew = Buffer.from(JSON.stringify(config));
        entry.data = configNew;
        entry.name = `blobs/${digestOf(configNew).replace(':', '/')}`;
      }
    }
    const oldDigest = configName.replace('blobs/', '').replace('/', ':');
    for (const entry of entries) {
      const text = entry.data.toString('utf8');
      if (text.includes(oldDigest)) entry.data = Buffer.from(text.replace(oldDigest, digestOf(configNew)));
    }
    // The manifest changed too: rename it and point the index at it.
    const manifest = entries.find((e) => e.data.toString('utf8').includes('"layers"'));
    if (manifest) {
      const oldManifest = manifest.name.replace('blobs/', '').replace('/', ':');
      manifest.name = `blobs/${digestOf(manifest.data).replace(':', '/')}`;
      for (const entry of entries) {
        const text = entry.data.toString('utf8');
        if (text.includes(oldManifest)) entry.data = Buffer.from(text.replace(oldManifest, digestOf(manifest.data)));
      }
    }
    return tarOf(entries.map((entry) => ({ path: entry.name, content: entry.data })));
  }

  it.each([
    ['an Env that is a number', (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).Env = 42)],
    [
      'an Env entry that is an object',
      (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).Env = [{ a: 1 }, 'A=b']),
    ],
    ['a created_by that is an object', (c: Record<string, unknown>) => (c.history = [{ created_by: { x: 1 } }])],
    ['a history that is a string', (c: Record<string, unknown>) => (c.history = 'RUN x')],
    ['Labels that are a list', (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).Labels = ['a'])],
    [
      'a label value that is a number',
      (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).Labels = { a: 1 }),
    ],
    ['a Cmd that is a number', (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).Cmd = 7)],
    ['an OnBuild of objects', (c: Record<string, unknown>) => ((c.config as Record<string, unknown>).OnBuild = [{}])],
    ['a config that is null', (c: Record<string, unknown>) => (c.config = null)],
    ['rootfs diff_ids that are numbers', (c: Record<string, unknown>) => (c.rootfs = { diff_ids: [1, 2] })],
  ])('%s', async (_name, mutate) => {
    const run = await runAudit(await withConfig(mutate));
    expect(run.runner.everything()).not.toMatch(/This is a bug/i);
    expect(run.sarif?.version).toBe('2.1.0');
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toContain('github-token app/.env');
  });

  it('JSON nested 100,000 deep is not read as metadata, and the rest of the archive is', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const archive = await ociArchive([{ layers: [layer] }]);
    const withDeep = await tarOf([{ path: 'deep.json', content: deep }]);
    // The deep entry first, then every entry of the real archive.
    const merged = Buffer.concat([withDeep.subarray(0, withDeep.length - 1024), archive]);
    const run = await runAudit(merged);
    expect(run.runner.everything()).not.toMatch(/This is a bug/i);
    expect(run.sarif?.version).toBe('2.1.0');
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toContain('github-token app/.env');
  });
});

describe('user rules run in linear time', () => {
  it('a catastrophic pattern (a+)+$ ends at once and still matches what it should', async () => {
    const rules = await writeTemp(
      ['[[rules]]', 'id = "nested"', `regex = '''(a+)+$'''`, 'keywords = ["aaaa"]', 'severity = "low"'].join('\n'),
    );
    const archive = await ociArchive([
      {
        layers: [
          {
            items: [
              { path: 'app/evil.txt', content: `${'a'.repeat(50_000)}!\n` },
              { path: 'app/fine.txt', content: 'aaaaaaaa' },
            ],
            createdBy: 'COPY . /app',
          },
        ],
      },
    ]);
    const started = Date.now();
    const run = await runAudit(archive, { rules, 'fail-on': 'high' });
    // Not a timing assertion on the scan: a backtracking engine never
    // returns at all on 50,000 a's (2^50,000 steps); the test timeout is the bound.
    expect(Date.now() - started).toBeGreaterThanOrEqual(0);
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`).sort()).toEqual(['nested app/fine.txt']);
  });
});

describe('every path, tag or name from the image is escaped before the log', () => {
  it('a path and a tag with line breaks cannot start a workflow command', async () => {
    const archive = await ociArchive(
      [
        {
          layers: [
            {
              items: [{ path: 'app/x\n::error::pwned/.env', content: `T=${tokens.githubPat()}\n` }],
              createdBy: 'COPY . /app',
            },
          ],
        },
      ],
      { tag: 'app:1\r\n::add-mask::x\u2028::warning::y' },
    );
    const run = await runAudit(archive);
    const lines = run.runner.everything().split(/\r?\n|\r|\u2028|\u2029/);
    expect(lines.filter((line) => /^\s*::(error|add-mask|warning)::(pwned|x|y)/.test(line))).toEqual([]);
    expect(run.runner.everything()).toContain('github-token');
  });
});

describe('the outer compression of the archive counts against max-ratio', () => {
  it('a small .tar.gz that expands past the ratio is stopped as a bomb', async () => {
    // A gzip of a few hundred KiB that holds 72 MiB of zeros in an uncompressed layer.
    const zeros = Buffer.alloc(72 * 1024 * 1024);
    const layer = await tarOf([{ path: 'app/zeros.bin', content: zeros }]);
    const archive = await tarOf([{ path: `blobs/sha256/${digestOf(layer).slice(7)}`, content: layer }]);
    const outer = gzipSync(archive, { level: 9 });
    expect(outer.length).toBeLessThan(1024 * 1024);
    const run = await runAudit(outer);
    expect(run.ok).toBe(false);
    expect(run.runner.everything()).toMatch(/max-ratio/);
  });

  it('an ordinary gzip-compressed archive passes', async () => {
    const archive = gzip(await ociArchive([{ layers: [layer()] }]));
    const run = await runAudit(archive);
    expect(run.runner.everything()).not.toMatch(/max-ratio/);
  });
});

function layer() {
  return { items: [{ path: 'app/.env', content: `T=${tokens.githubPat()}\n` }], createdBy: 'COPY . /app' };
}
