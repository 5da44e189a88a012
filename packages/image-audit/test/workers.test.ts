import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@keyturn/core';
import { describe, expect, it } from 'vitest';
import { auditArchive, type WorkerThreads } from '../src/index';
import { DEFAULT_LIMITS } from '../src/read/limits';
import { readArchiveInWorker } from '../src/read/reader-thread';
import { EMPTY_ALLOWLIST } from '../src/scan/allowlist';
import { ociArchive } from './archive-builder';
import { sourceWorkerArgv } from './source-workers';
import { tokens } from './tokens';

/**
 * The real threads, from the sources: a reader worker and scan workers
 * start from workers/entry.ts (Node strips the types; the repository's
 * resolver hook finds the extensionless imports), as the bundles start
 * them from their own file.
 */
const threads = (scanWorkers: number): WorkerThreads => ({
  entry: fileURLToPath(new URL('../src/workers/entry.ts', import.meta.url)),
  scanWorkers,
  execArgv: sourceWorkerArgv(),
});

async function written(archive: Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-workers-')), 'image.tar');
  await writeFile(path, archive);
  return path;
}

describe('auditArchive on worker threads started from the sources', () => {
  it('finds the same secrets on a reader worker and two scan workers as on one thread', async () => {
    const pat = tokens.githubPat();
    const aws = tokens.awsAccessKeyId();
    const big = `${'x'.repeat(3 * 1024 * 1024)}\nGH=${pat}\n`;
    const path = await written(
      await ociArchive([
        {
          layers: [
            {
              items: [
                { path: 'app/.env', content: `AWS_ACCESS_KEY_ID=${aws}\n` },
                { path: 'app/big.log', content: big },
              ],
              createdBy: 'COPY . /app',
            },
          ],
        },
      ]),
    );
    const inline = await auditArchive(path);
    const threaded = await auditArchive(path, { workers: threads(2) });
    expect(threaded.stats.scanWorkers).toBe(2);
    expect(inline.stats.scanWorkers).toBe(0);
    const seen = (report: typeof inline) => report.findings.map((f) => [f.ruleId, f.path, f.line]).sort();
    expect(seen(threaded)).toEqual(seen(inline));
    expect(seen(threaded).map(([rule]) => rule)).toEqual(expect.arrayContaining(['github-token', 'aws-access-key-id']));
  });

  it('counts the bytes the reader worker read in memory the calling thread sees', async () => {
    const path = await written(
      await ociArchive([
        {
          layers: [
            { items: [{ path: 'app/big.log', content: 'y'.repeat(2 * 1024 * 1024) }], createdBy: 'COPY . /app' },
          ],
        },
      ]),
    );
    const bytesRead = new BigInt64Array(new SharedArrayBuffer(8));
    const options = { rulesToml: undefined, allowlist: EMPTY_ALLOWLIST, limits: DEFAULT_LIMITS, bytesRead };
    await readArchiveInWorker(path, options, threads(1));
    expect(Number(Atomics.load(bytesRead, 0))).toBe((await stat(path)).size);
    const seen: [number, number][] = [];
    await auditArchive(path, { workers: threads(1), onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([(await stat(path)).size, (await stat(path)).size]);
  });

  it('brings an InputError from the reader worker back whole, naming the input', async () => {
    const error = await auditArchive('/nonexistent/image.tar', { workers: threads(1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('archive');
    expect((error as InputError).problem).toMatch(/not a file/);
  });

  it('a limit passed on the reader worker is the limit’s input error', async () => {
    const path = await written(
      await ociArchive([
        {
          layers: [
            {
              items: [
                { path: 'a', content: 'a' },
                { path: 'b', content: 'b' },
              ],
              createdBy: 'COPY',
            },
          ],
        },
      ]),
    );
    const error = await auditArchive(path, { workers: threads(1), limits: { maxEntries: 3 } }).catch((e) => e);
    expect((error as InputError).input).toBe('max-entries');
  });
});
