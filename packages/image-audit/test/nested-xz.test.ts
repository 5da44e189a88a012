import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { auditArchive, type Limits } from '../src/index';
import { ociArchive, type TarItem, tarOf } from './archive-builder';
import { sourceWorkerArgv } from './source-workers';
import { tokens } from './tokens';

/** Real xz streams, from xz-utils (.ci/run installs it). */
const xz = (data: Buffer | string, ...flags: string[]) =>
  execFileSync('xz', ['-c', '-T1', ...flags], { input: data, maxBuffer: 1024 ** 3 });

async function audit(items: TarItem[], options: { workers?: boolean; limits?: Partial<Limits> } = {}) {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-xz-')), 'image.tar');
  await writeFile(path, await ociArchive([{ layers: [{ createdBy: 'COPY . /app', items }] }]));
  return auditArchive(path, {
    ...(options.limits
      ? { limits: { maxBytes: 32 * 1024 ** 3, maxEntries: 5_000_000, maxRatio: 200, ...options.limits } }
      : {}),
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

const where = (report: Awaited<ReturnType<typeof audit>>) =>
  report.findings.flatMap((finding) => [finding, ...finding.locations]).map((place) => `${place.ruleId} ${place.path}`);

describe('xz members are opened like gzip ones', () => {
  it('a .tar.xz, a .txz and a plain .xz: each member named archive!/member', async () => {
    const [a, b, c] = [tokens.githubPat(), tokens.npm(), tokens.stripeLive()];
    const tarXz = xz(await tarOf([{ path: 'etc/app.env', content: `GITHUB_TOKEN=${a}\n` }]));
    const txz = xz(
      await tarOf([{ path: 'package/.npmrc', content: `//registry.npmjs.org/:_authToken=${b}\n` }]),
      '-9e',
    );
    const plain = xz(`stripe: ${c}\n`);
    const report = await audit([
      { path: 'app/data.tar.xz', content: tarXz },
      { path: 'app/pkg.txz', content: txz },
      { path: 'app/notes.txt.xz', content: plain },
    ]);
    expect(where(report)).toEqual(
      expect.arrayContaining([
        'github-token app/data.tar.xz!/etc/app.env',
        expect.stringMatching(/ app\/pkg\.txz!\/package\/\.npmrc$/),
        'stripe-secret-key app/notes.txt.xz!/notes.txt',
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(a);
  });

  it('an .xz inside a jar, and two side by side in one zip, are all opened (on worker threads too)', async () => {
    const [a, b] = [tokens.githubPat(), tokens.githubPat()];
    const zip = zipSync({
      'one.txt.xz': [xz(`T=${a}\n`), { level: 0 }],
      'two.txt.xz': [xz(`T=${b}\n`), { level: 0 }],
    });
    for (const workers of [false, true]) {
      const report = await audit([{ path: 'app/lib/app.jar', content: Buffer.from(zip) }], { workers });
      expect(where(report)).toEqual(
        expect.arrayContaining([
          'github-token app/lib/app.jar!/one.txt.xz!/one.txt',
          'github-token app/lib/app.jar!/two.txt.xz!/two.txt',
        ]),
      );
    }
  });

  it('an xz inside an xz is scanned as bytes, not waited on forever; the rest is read', async () => {
    const token = tokens.githubPat();
    const inner = xz(`T=${tokens.githubPat()}\n`);
    // Enough after the inner one that the outer is still being decoded when the inner is met.
    const filler = randomBytes(6 * 1024 * 1024).toString('base64');
    const outer = xz(
      await tarOf([
        { path: 'inner.txt.xz', content: inner },
        { path: 'filler.txt', content: filler },
        { path: 'x.env', content: `T=${token}\n` },
      ]),
      '-0',
    );
    const report = await audit([{ path: 'app/nested.tar.xz', content: outer }]);
    expect(where(report)).toContain('github-token app/nested.tar.xz!/x.env');
  });

  it('a corrupt or truncated xz is read as far as it goes, and the next xz is still opened', async () => {
    const token = tokens.githubPat();
    const good = xz(await tarOf([{ path: 'etc/app.env', content: `T=${token}\n` }]));
    const report = await audit([
      { path: 'app/a-truncated.tar.xz', content: good.subarray(0, 60) },
      { path: 'app/b-corrupt.xz', content: Buffer.concat([good.subarray(0, 12), Buffer.alloc(200, 0x5a)]) },
      { path: 'app/c-good.tar.xz', content: good },
    ]);
    expect(where(report)).toContain('github-token app/c-good.tar.xz!/etc/app.env');
  });

  it('an xz bomb is stopped by max-ratio, counted over every level', async () => {
    const bomb = xz(Buffer.alloc(80 * 1024 * 1024), '-0');
    await expect(audit([{ path: 'app/zeros.bin.xz', content: bomb }])).rejects.toThrow(/max-ratio/);
  });

  it('members count against max-entries', async () => {
    const many = await tarOf(Array.from({ length: 50 }, (_, i) => ({ path: `f${i}.txt`, content: 'x' })));
    await expect(
      audit([{ path: 'app/many.tar.xz', content: xz(many) }], { limits: { maxEntries: 40 } }),
    ).rejects.toThrow(/max-entries/);
  });
});
