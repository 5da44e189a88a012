import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type WindowResult, workerWindowScanner } from '../src/scan-pool';
import { tokens } from './tokens';

const cleanups: (() => Promise<void>)[] = [];
// Last registered, first undone: the pool's workers are stopped before the
// directory holding their entry file goes, or a worker still starting up
// fails to load it (seen under load in CI).
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A worker that takes every batch and never answers: the pool falls behind. */
async function stuckWorker(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-pool-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const entry = join(dir, 'stuck.mjs');
  await writeFile(entry, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
  return entry;
}

describe('worker window scanner', () => {
  it('scans windows on the calling thread, with the same rules, once the workers are behind', async () => {
    const rulesToml = `[extend]\nuseDefault = true\n\n[[rules]]\nid = 'internal-token'\nregex = '''itk_[a-z0-9]{24}'''\nkeywords = ['itk_']\n`;
    const pool = workerWindowScanner(await stuckWorker(), 1, rulesToml);
    cleanups.push(() => pool.close());
    const filler = Buffer.alloc(1024 * 1024, 'a');
    const answered: Promise<WindowResult>[] = [];
    // 4 MiB of windows wait on the stuck worker; what comes after cannot.
    for (let i = 0; i < 4; i++) answered.push(pool.scan([filler], filler.length, `layer/filler-${i}`, true));
    // They are never answered; if the stuck worker dies they are rejected,
    // which is no concern of this test.
    for (const waiting of answered) waiting.catch(() => undefined);
    const text = `GITHUB=${tokens.githubPat()}\nINTERNAL=itk_${'k3'.repeat(12)}\n`;
    const window = Buffer.from(text);
    const result = await pool.scan([window], window.length, 'app/.env.production', true);
    expect(result.hits.map((hit) => [hit.ruleId, hit.line])).toEqual([
      ['github-token', 1],
      ['internal-token', 2],
    ]);
  });
});
