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

/** Newlines before `end`. Native search: windows past a file's first are
 * mostly binaries and bundles, whose lines are few and long. */
function countNewlines(bytes: Uint8Array, end: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.byteLength));
  let count = 0;
  for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Scans one window of a file. A match is reported by the window in whose
 * non-overlap part it starts, so each match is reported once. The window is
 * made into a string only when something is found (for the excerpt). */
export function scanWindowText(scanner: Scanner, window: Uint8Array, path: string, last: boolean): WindowResult {
  const reportBefore = last ? window.length : window.length - OVERLAP;
  const newlines = last ? 0 : countNewlines(window, reportBefore);
  const detections = scanner.scan(window, path);
  const reported = detections.filter((detection) => detection.start < reportBefore);
  if (reported.length === 0) return { hits: [], newlines };
  const text = Buffer.from(window.buffer, window.byteOffset, window.byteLength).toString('latin1');
  const hits: Hit[] = [];
  let line = 1;
  let counted = 0;
  // Every detection is redacted in an excerpt, those in the overlap too.
  for (const detection of reported.slice(0, MAX_HITS_PER_WINDOW)) {
    line += countNewlines(window.subarray(counted), detection.start - counted);
    counted = detection.start;
    hits.push(toHit(text, detection, detections, line));
  }
  return { hits, newlines };
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

/** The scanner the configuration builds, from the user's TOML text. */
function scannerFor(rulesToml: string | undefined): Scanner {
  let rules = [...BUILTIN_RULES];
  let skipPaths: RegExp[] = [];
  if (rulesToml !== undefined) {
    const parsed = parseGitleaksToml(rulesToml);
    rules = [...(parsed.useDefault ? rules.filter((rule) => !parsed.disabled.has(rule.id)) : []), ...parsed.rules];
    skipPaths = parsed.skipPaths;
  }
  return new Scanner(rules, skipPaths);
}

/** The worker side: build the scanner once, then scan batches forever. */
export function runScanWorker(): void {
  const scanner = scannerFor((workerData as ScanWorkerData).rulesToml);
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
/** Bytes handed to each worker and not yet scanned; past that the main
 * thread scans windows itself. A few windows keep a worker busy; more only
 * grow the heaps (16 MiB in all for one worker peaked ~30 MiB higher in RSS
 * than 4 MiB, and was no faster). */
const IN_FLIGHT_PER_WORKER = 4 * 1024 * 1024;
/** A worker holds a window, its latin1 string and the detections: its heap
 * never needs much. Left to V8's defaults, each worker's heap grew with the
 * image (a 1 GiB image peaked ~75 MiB higher in RSS with one worker). */
const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } as const;

/** One core decompresses and walks; the others scan (at most 4).
 * KEYTURN_SCAN_WORKERS overrides, 0 scans on the main thread. */
export function workerCount(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const forced = Number.parseInt(env.KEYTURN_SCAN_WORKERS ?? '', 10);
  if (Number.isInteger(forced) && forced >= 0) return Math.min(forced, 16);
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

/**
 * Worker threads that scan windows while the main thread decompresses and
 * walks layers (zlib itself runs on libuv's pool), and which the main thread
 * helps when they fall behind. Memory stays bounded: at most
 * IN_FLIGHT_PER_WORKER bytes per worker wait to be scanned, and each
 * worker's heap is capped (WORKER_HEAP).
 */
export function workerWindowScanner(entry: string, count: number, rulesToml: string | undefined): WindowScanner {
  const maxInFlight = IN_FLIGHT_PER_WORKER * Math.max(1, count);
  const workers = Array.from({ length: count }, () => {
    return new Worker(entry, {
      workerData: { keyturnScanWorker: true, rulesToml } satisfies ScanWorkerData,
      resourceLimits: WORKER_HEAP,
    });
  });
  const waiting = new Map<number, { resolve: (r: WindowResult) => void; reject: (e: Error) => void; bytes: number }>();
  const queued = workers.map(() => 0);
  let nextId = 0;
  let inFlight = 0;
  let batch: Job[] = [];
  let batchBytes = 0;
  let turn = 0;
  let failure: Error | undefined;
  let flushScheduled = false;
  let inlineScanner: Scanner | undefined;

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
    });
    worker.on('error', (error) => {
      failure = error;
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
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
      if (inFlight >= maxInFlight) {
        // The workers are behind: rather than wait, this thread scans the
        // window itself (it idled ~40% of a 1 GiB audit waiting for one
        // worker), and memory stays bounded all the same.
        flush();
        inlineScanner ??= scannerFor(rulesToml);
        return Promise.resolve(scanWindowText(inlineScanner, window, path, last));
      }
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
      // Never waits: a window that finds the workers full is scanned here.
      return failure ? Promise.reject(failure) : Promise.resolve();
    },
    async close() {
      flush();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
