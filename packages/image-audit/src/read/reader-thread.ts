import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { InputError, KeyturnError } from '@keyturn/core';
import type { Allowlist } from '../scan/allowlist';
import { scannerFor } from '../scan/rules/ruleset';
import {
  inlineWindowScanner,
  type ScanChannels,
  startScanWorkers,
  type WindowScanner,
  type WorkerThreads,
  workerWindowScanner,
} from '../scan/scan-pool';
import { auditThreads } from '../workers/threads';
import { type ArchiveContents, readArchive } from './archive';
import { Budget, type Limits } from './limits';

/** What one pass over an archive gives the audit. */
export interface ArchiveRead {
  readonly contents: ArchiveContents;
  /** Uncompressed bytes read. */
  readonly bytes: number;
  /** Worker threads that scanned file windows (0: the reading thread did). */
  readonly scanWorkers: number;
}

export interface ArchiveReadOptions {
  readonly rulesToml: string | undefined;
  readonly allowlist: Allowlist;
  readonly limits: Limits;
  /** A shared counter of the archive's bytes read, for progress. */
  readonly bytesRead?: BigInt64Array;
}

async function openArchive(path: string): Promise<AsyncIterable<Buffer>> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new InputError(
      'archive',
      `names ${path}, which is not a file`,
      'Check the path (relative to the workspace) of the saved image tar.',
    );
  }
  return createReadStream(path, { highWaterMark: 1024 * 1024 });
}

async function* counted(chunks: AsyncIterable<Buffer>, counter: BigInt64Array): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    Atomics.add(counter, 0, BigInt(chunk.length));
    yield chunk;
  }
}

/** Reads and scans the archive on this thread, with the scan workers behind
 * `channels` when there are any. */
export async function readArchiveHere(
  path: string,
  options: ArchiveReadOptions,
  channels?: ScanChannels,
): Promise<ArchiveRead> {
  const budget = new Budget(options.limits);
  const scanner: WindowScanner =
    channels && channels.ports.length > 0
      ? workerWindowScanner(channels, options.rulesToml, options.allowlist)
      : inlineWindowScanner(scannerFor(options.rulesToml, options.allowlist));
  try {
    const file = await openArchive(path);
    const contents = await readArchive(options.bytesRead ? counted(file, options.bytesRead) : file, scanner, budget);
    return { contents, bytes: budget.bytes, scanWorkers: scanner.workers };
  } finally {
    await scanner.close();
  }
}

export interface ArchiveWorkerData {
  readonly path: string;
  readonly options: ArchiveReadOptions;
  readonly channels: ScanChannels;
}

/** An error as it crosses from the worker: an InputError keeps its parts
 * (the user is told which input to change); anything else is a bug. */
export type ArchiveOutcome =
  | { readonly read: ArchiveRead }
  | { readonly inputError: { input: string; problem: string; fix: string } }
  | { readonly failure: { message: string; stack: string | undefined; ours: boolean } };

/**
 * Reads and scans the archive on a worker thread with a small young
 * generation, the main thread waiting: the same work as readArchiveHere,
 * with memory that does not grow with the image. The scan workers start
 * from here at the same time, and the reader talks to them directly.
 */
export async function readArchiveInWorker(
  path: string,
  options: ArchiveReadOptions,
  threads: WorkerThreads,
): Promise<ArchiveRead> {
  // The host may have started them early (prestartAuditThreads); either
  // way they wait for their data.
  const started = auditThreads(threads.entry, threads.scanWorkers, threads.execArgv);
  const scanners = startScanWorkers(started.scanners, options.rulesToml, options.allowlist);
  let outcome: ArchiveOutcome | { readonly crashed: Error };
  try {
    outcome = await new Promise((resolve) => {
      const worker = started.reader;
      const data: ArchiveWorkerData = { path, options, channels: scanners.channels };
      worker.postMessage(data, [...scanners.channels.ports]);
      worker.once('message', (message: ArchiveOutcome) => {
        resolve(message);
        void worker.terminate();
      });
      worker.once('error', (error) => resolve({ crashed: error }));
      worker.once('exit', (code) =>
        resolve({ crashed: new Error(`the archive reader stopped (exit code ${code}) before it answered`) }),
      );
    });
  } finally {
    // Stopped, the scan workers have also reported any error of their own.
    await scanners.close();
  }
  if ('read' in outcome) return outcome.read;
  if ('inputError' in outcome) {
    const { input, problem, fix } = outcome.inputError;
    throw new InputError(input, problem, fix);
  }
  // A scan worker's own error (its memory limit, say) says more than the
  // reader's "a scan worker stopped".
  const workerError = scanners.failure();
  if (workerError) throw workerError;
  if ('crashed' in outcome) throw outcome.crashed;
  const { message, stack, ours } = outcome.failure;
  const error = ours ? new KeyturnError(message) : new Error(message);
  if (stack !== undefined) error.stack = stack;
  throw error;
}
