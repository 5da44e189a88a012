import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UpstreamError } from '@keyturn/core';
import { type WorkerThreads, workerCount } from '@keyturn/image-audit';
import type { AuditDeps, SavedImage } from './audit';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Runs `docker save`; the daemon on GitHub-hosted runners makes this work
 * without any setup. */
async function saveImage(image: string): Promise<SavedImage> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-audit-'));
  const path = join(dir, 'image.tar');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const result = await new Promise<{ code: number | null; stderr: string; missing: boolean }>((resolve) => {
    const child = spawn('docker', ['save', '--output', path, image], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, stderr: error.message, missing: error.code === 'ENOENT' }),
    );
    child.on('close', (code) => resolve({ code, stderr, missing: false }));
  });
  if (result.missing) {
    await cleanup();
    throw new InputError(
      'image',
      'needs the docker command, which is not installed here',
      'Save the image first (docker save, skopeo copy … oci-archive:…) and give its path in archive.',
    );
  }
  if (result.code !== 0) {
    await cleanup();
    throw new UpstreamError(`docker save ${image} failed: ${result.stderr.trim().split('\n').pop() ?? ''}`, {
      service: 'Docker',
      retryable: false,
    });
  }
  return { path, cleanup };
}

/**
 * `entry`: the file worker threads run, the host's own bundle (it hands
 * such a thread to the engine, see index.ts). From sources (tests) there
 * is none, and the audit runs on one thread.
 */
export function realDeps(entry?: string): AuditDeps {
  return {
    files: { readText },
    saveImage,
    writeText: (path, text) => writeFile(path, text, 'utf8'),
    workers: (): WorkerThreads | undefined =>
      entry?.endsWith('.js') ? { entry, scanWorkers: workerCount() } : undefined,
  };
}
