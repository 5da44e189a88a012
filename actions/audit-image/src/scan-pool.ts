import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Hit, toHit } from './redact';
import { BUILTIN_RULES } from './rules/builtin';
import { Scanner } from './rules/engine';
import { parseGitleaksToml } from './rules/gitleaks';

/** Windows overlap by this much so a secret across a boundary (a 4096-bit
 * RSA key in escaped JSON is ~3.4 KB) is still seen whole. */
export const OVERLAP = 16 * 1024;
/** A file full of tokens (a test fixture, a dictionary) says enough. */
export const MAX_HITS_PER_WINDOW = 20;

export interface WindowResult {
  /** Lines are relative to the window (1 = its first line). */
  readonly hits: Hit[];
  /** Newlines in the part of the window that is not overlap. */
  readonly newlines: number;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Scans one window of a file. A match is reported by the window in whose
 * non-overlap part it starts, so each match is reported once. */
export function scanWindowText(scanner: Scanner, window: Uint8Array, path: string, last: boolean): WindowResult {
  const text = Buffer.from(window.buffer, window.byteOffset, window.byteLength).toString('latin1');
  const reportBefore = last ? text.length : text.length - OVERLAP;
  const detections = scanner.scan(text, path);
  const hits: Hit[] = [];
  for (const detection of detections) {
    if (detection.start >= reportBefore) continue;
    if (hits.length >= MAX_HITS_PER_WINDOW) break;
    hits.push(toHit(text, detection, detections, countNewlines(text, detection.start) + 1));
  }
  return { hits, newlines: last ? 0 : countNewlines(text, reportBefore) };
}

/** Where file windows are scanned: on this thread, or on worker threads
 * while this one keeps decompressing and walking. */
export interface WindowScanner {
  /** Worker threads scanning (0: the main thread scans). */
  readonly workers: number;
  scan(window: Buffer, path: string, last: boolean): Promise<WindowResult>;
  /** Resolves when little enough is in flight to read more (bounded memory). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function inlineWindowScanner(scanner: Scanner): WindowScanner {
  return {
    workers: 0,
    scan: async (window, path, last) => scanWindowText(scanner, window, path, last),
    ready: async () => {},
    close: async () => {},
  };
}

/** What a worker needs to build the same rules: the user's TOML text. */
export interface ScanWorkerData {
  readonly keyturnScanWorker: true;
  readonly rulesToml: string | undefined;
}

export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<ScanWorkerData> | undefined)?.keyturnScanWorker === true;
}

interface Job {
  readonly id: number;
  readonly window: Uint8Array;
  readonly path: string;
  readonly last: boolean;
}

/** The worker side: build the scanner once, then scan batches forever. */
export function runScanWorker(): void {
  const data = workerData as ScanWorkerData;
  let rules = [...BUILTIN_RULES];
  let skipPaths: RegExp[] = [];
  if (data.rulesToml !== undefined) {
    const parsed = parseGitleaksToml(data.rulesToml);
    rules = [...(parsed.useDefault ? rules.filter((rule) => !parsed.disabled.has(rule.id)) : []), ...parsed.rules];
    skipPaths = parsed.skipPaths;
  }
  const scanner = new Scanner(rules, skipPaths);
  parentPort?.on('message', (jobs: Job[]) => {
    parentPort?.postMessage(
      jobs.map((job) => ({ id: job.id, result: scanWindowText(scanner, job.window, job.path, job.last) })),
    );
  });
}

/** Small files are sent in batches: one message per file would cost more
 * than scanning it. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_JOBS = 512;
/** Bytes handed to workers and not yet scanned, before reading pauses. */
const MAX_IN_FLIGHT = 16 * 1024 * 1024;

/** One core decompresses and walks; the others scan (at most 4).
 * KEYTURN_SCAN_WORKERS overrides, 0 scans on the main thread. */
export function workerCount(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const forced = Number.parseInt(env.KEYTURN_SCAN_WORKERS ?? '', 10);
  if (Number.isInteger(forced) && forced >= 0) return Math.min(forced, 16);
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

/**
 * Worker threads that scan windows while the main thread decompresses and
 * walks layers (zlib itself runs on libuv's pool). Memory stays bounded: at
 * most MAX_IN_FLIGHT bytes wait for a worker.
 */
export function workerWindowScanner(entry: string, count: number, rulesToml: string | undefined): WindowScanner {
  const workers = Array.from({ length: count }, () => {
    return new Worker(entry, { workerData: { keyturnScanWorker: true, rulesToml } satisfies ScanWorkerData });
  });
  const waiting = new Map<number, { resolve: (r: WindowResult) => void; reject: (e: Error) => void; bytes: number }>();
  const queued = workers.map(() => 0);
  let nextId = 0;
  let inFlight = 0;
  let batch: Job[] = [];
  let batchBytes = 0;
  let turn = 0;
  let readyWaiters: (() => void)[] = [];
  let failure: Error | undefined;
  let flushScheduled = false;

  workers.forEach((worker, index) => {
    worker.on('message', (results: { id: number; result: WindowResult }[]) => {
      queued[index] = (queued[index] ?? 0) - results.length;
      for (const { id, result } of results) {
        const job = waiting.get(id);
        if (!job) continue;
        waiting.delete(id);
        inFlight -= job.bytes;
        job.resolve(result);
      }
      if (inFlight < MAX_IN_FLIGHT / 2) {
        const wake = readyWaiters;
        readyWaiters = [];
        for (const resolve of wake) resolve();
      }
    });
    worker.on('error', (error) => {
      failure = error;
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
      for (const resolve of readyWaiters) resolve();
    });
  });

  const flush = () => {
    if (batch.length === 0) return;
    // The least busy worker takes the batch.
    let target = turn++ % workers.length;
    for (let i = 0; i < workers.length; i++) if ((queued[i] ?? 0) < (queued[target] ?? 0)) target = i;
    queued[target] = (queued[target] ?? 0) + batch.length;
    workers[target]?.postMessage(batch);
    batch = [];
    batchBytes = 0;
  };

  return {
    workers: count,
    scan(window, path, last) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const promise = new Promise<WindowResult>((resolve, reject) =>
        waiting.set(id, { resolve, reject, bytes: window.length }),
      );
      inFlight += window.length;
      batch.push({ id, window, path, last });
      batchBytes += window.length;
      if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_JOBS) flush();
      else if (!flushScheduled) {
        // A part-filled batch still goes once this turn of reading is done.
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          flush();
        });
      }
      return promise;
    },
    ready() {
      if (failure) return Promise.reject(failure);
      if (inFlight < MAX_IN_FLIGHT) return Promise.resolve();
      flush();
      return new Promise((resolve) => readyWaiters.push(resolve));
    },
    async close() {
      flush();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
