import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { scanBatch, startScanWorkers, type WindowResult, workerWindowScanner } from '../src/scan/scan-pool';
import { startThread } from '../src/workers/threads';
import { tokens } from './tokens';

const cleanups: (() => Promise<void>)[] = [];
// Last registered, first undone: workers are stopped before the directory
// holding their entry file goes, or a worker still starting up fails to
// load it (seen under load in CI).
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const rulesToml = `[extend]\nuseDefault = true\n\n[[rules]]\nid = 'internal-token'\nregex = '''itk_[a-z0-9]{24}'''\nkeywords = ['itk_']\n`;

describe('scan workers, from the reading thread', () => {
  it('scans windows on the reading thread, with the same rules, once the workers are behind', async () => {
    // A worker that takes every batch and never answers: the pool falls behind.
    const { port1: stuck, port2: unanswered } = new MessageChannel();
    cleanups.push(async () => unanswered.close());
    const pool = workerWindowScanner({ ring: new SharedArrayBuffer(4 * 1024 * 1024), ports: [stuck] }, rulesToml);
    cleanups.push(() => pool.close());
    const filler = Buffer.alloc(1024 * 1024, 'a');
    const answered: Promise<WindowResult>[] = [];
    // 4 MiB of windows fill the ring; what comes after cannot wait there.
    for (let i = 0; i < 4; i++) answered.push(pool.scan([filler], filler.length, `layer/filler-${i}`, true));
    for (const waiting of answered) waiting.catch(() => undefined);
    const text = `GITHUB=${tokens.githubPat()}\nINTERNAL=itk_${'k3'.repeat(12)}\n`;
    const window = Buffer.from(text);
    const result = await pool.scan([window], window.length, 'app/.env.production', true);
    expect(result.hits.map((hit) => [hit.ruleId, hit.line])).toEqual([
      ['github-token', 1],
      ['internal-token', 2],
    ]);
  });

  it('fails the windows a worker had when it dies, and keeps the worker’s error, rather than hang', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyturn-pool-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const entry = join(dir, 'dies.mjs');
    await writeFile(
      entry,
      "import { parentPort } from 'node:worker_threads';\nparentPort.once('message', (data) => data.port.on('message', () => { throw new Error('scanner broke'); }));\n",
    );
    const workers = startScanWorkers([startThread(entry, 'scan')], rulesToml);
    cleanups.push(() => workers.close());
    const pool = workerWindowScanner(workers.channels, rulesToml);
    cleanups.push(() => pool.close());
    const window = Buffer.from('nothing to see');
    await expect(pool.scan([window], window.length, 'a.txt', true)).rejects.toThrow(/scan worker stopped/);
    await expect(pool.scan([window], window.length, 'b.txt', true)).rejects.toThrow(/scan worker stopped/);
    await expect.poll(() => workers.failure()?.message).toBe('scanner broke');
  });
});

describe('a batch of windows, as a scan worker answers it', () => {
  it('scans each window where the ring holds it and answers by id, hits only where there are some', () => {
    const ring = new SharedArrayBuffer(4096);
    const bytes = new Uint8Array(ring);
    const token = tokens.githubPat();
    const windows = [
      { id: 7, offset: 0, text: 'nothing\nhere\n', last: false },
      { id: 8, offset: 100, text: `line\nGITHUB_TOKEN=${token}\n`, last: true },
      { id: 9, offset: 300, text: 'a\nb\nc\n', last: true },
    ];
    const numbers = new Int32Array(windows.length * 4);
    windows.forEach((window, index) => {
      const text = Buffer.from(window.text, 'latin1');
      bytes.set(text, window.offset);
      numbers.set([window.id, window.offset, text.length, window.last ? 1 : 0], index * 4);
    });
    const scanner = new Scanner(BUILTIN_RULES);
    const results = scanBatch(scanner, ring, { numbers, paths: ['a.txt', 'b/.env', 'c.txt'] });
    expect([...results.ids]).toEqual([7, 8, 9]);
    // Newlines are counted in windows that are not their file's last (the overlap aside).
    expect(results.newlines[1]).toBe(0);
    expect(results.hits.map(([index, hits]) => [index, hits.map((hit) => [hit.ruleId, hit.line])])).toEqual([
      [1, [['github-token', 2]]],
    ]);
  });
});
