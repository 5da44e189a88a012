import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { auditArchive, type WorkerThreads } from '../src/index';
import { prestartAuditThreads, takePrestarted } from '../src/workers/threads';
import { ociArchive } from './archive-builder';
import { sourceWorkerArgv } from './source-workers';
import { tokens } from './tokens';

const entry = fileURLToPath(new URL('../src/workers/entry.ts', import.meta.url));
const execArgv = sourceWorkerArgv();
const threads: WorkerThreads = { entry, scanWorkers: 1, execArgv };
const oneScanWorker = { KEYTURN_SCAN_WORKERS: '1' };

async function imageWith(secret: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-prestart-')), 'image.tar');
  await writeFile(
    path,
    await ociArchive([
      { layers: [{ items: [{ path: 'app/.env', content: `GH=${secret}\n` }], createdBy: 'COPY . /app' }] },
    ]),
  );
  return path;
}

describe('threads started before the host loads (prestartAuditThreads)', () => {
  it('are given their data by the audit, which reports what threads it starts itself report', async () => {
    const path = await imageWith(tokens.githubPat());
    const started = await auditArchive(path, { workers: threads });
    prestartAuditThreads(entry, { env: oneScanWorker, execArgv });
    const early = await auditArchive(path, { workers: threads });
    // Taken once, by that audit.
    expect(takePrestarted(entry, 1, execArgv)).toBeUndefined();
    expect(early.stats.scanWorkers).toBe(1);
    expect(early.findings.map((finding) => [finding.ruleId, finding.path, finding.fingerprint])).toEqual(
      started.findings.map((finding) => [finding.ruleId, finding.path, finding.fingerprint]),
    );
    expect(early.findings).toHaveLength(1);
  });

  it('are taken only by an audit from the same entry, scan-worker count and options', async () => {
    prestartAuditThreads(entry, { env: oneScanWorker, execArgv });
    expect(takePrestarted(entry, 2, execArgv)).toBeUndefined();
    expect(takePrestarted(`${entry}.other`, 1, execArgv)).toBeUndefined();
    expect(takePrestarted(entry, 1, [])).toBeUndefined();
    const taken = takePrestarted(entry, 1, execArgv);
    expect(taken?.scanners).toHaveLength(1);
    await Promise.all([taken?.reader.terminate(), ...(taken?.scanners ?? []).map((worker) => worker.terminate())]);
  });

  it('do not keep a host that never audits from ending', async () => {
    // A host that stops before it audits (a bad input, say) ends as it would without them.
    const script = `import { prestartAuditThreads } from ${JSON.stringify(new URL('../src/workers/threads.ts', import.meta.url).href)};
      prestartAuditThreads(${JSON.stringify(entry)}, { execArgv: ${JSON.stringify(execArgv)} });
      console.log('started');`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...sourceWorkerArgv(), '--input-type=module', '-e', script],
      {
        timeout: 20_000,
      },
    );
    expect(stdout.trim()).toBe('started');
  });
});
