import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The audit's threads as the main thread starts them: how many, their
 * memory limits, and threads started early (prestartAuditThreads). Nothing
 * of the engine is imported here: a host's entry starts the threads before
 * it loads anything else.
 */

/** A scan worker holds the detections of a window and little else: its heap
 * never needs much. Left to V8's defaults, each worker's heap grew with the
 * image (a 1 GiB image peaked ~75 MiB higher in RSS with one worker). */
export const SCAN_WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 } as const;

/** The reading thread's young generation. Left to V8, the main thread's grew
 * to 64–128 MiB as the image grew (allocation churn of 100,000 files), and
 * peak RSS with it: 254 MiB for a 1 GiB image vs 163 MiB at 100 MiB. At 12
 * MiB the 1 GiB audit peaks at ~170 MiB and is no slower; at 3–6 MiB the
 * garbage collector costs more time than RSS saved, past 24 RSS grows
 * again. An action cannot pass `--max-semi-space-size` to node; a worker's
 * resourceLimits can. */
export const READER_LIMITS = { maxYoungGenerationSizeMb: 12 } as const;

/** One core decompresses and walks; the others scan (at most 4).
 * KEYTURN_SCAN_WORKERS overrides, 0 scans on the reading thread. */
export function workerCount(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const forced = Number.parseInt(env.KEYTURN_SCAN_WORKERS ?? '', 10);
  if (Number.isInteger(forced) && forced >= 0) return Math.min(forced, 16);
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

/**
 * Starts one of the audit's threads from `entry`, knowing only what it is
 * (its workerData marks it for dispatch.ts). Its data comes as its first
 * message: every thread starts this way, so one can start before its audit
 * is known (prestartAuditThreads) and load the engine meanwhile.
 */
export function startThread(entry: string, kind: 'reader' | 'scan', execArgv?: readonly string[]): Worker {
  return new Worker(entry, {
    workerData: kind === 'reader' ? { keyturnArchiveWorker: true } : { keyturnScanWorker: true },
    resourceLimits: kind === 'reader' ? READER_LIMITS : SCAN_WORKER_LIMITS,
    ...(execArgv ? { execArgv: [...execArgv] } : {}),
  });
}

/** An audit's threads, not yet given their data. */
export interface AuditThreads {
  readonly reader: Worker;
  readonly scanners: readonly Worker[];
}

function startAll(entry: string, scanWorkers: number, execArgv: readonly string[] | undefined): AuditThreads {
  return {
    reader: startThread(entry, 'reader', execArgv),
    scanners: Array.from({ length: scanWorkers }, () => startThread(entry, 'scan', execArgv)),
  };
}

/** The threads an audit from `entry` runs on: those prestarted for it, or
 * new ones. */
export function auditThreads(
  entry: string,
  scanWorkers: number,
  execArgv: readonly string[] | undefined,
): AuditThreads {
  return takePrestarted(entry, scanWorkers, execArgv) ?? startAll(entry, scanWorkers, execArgv);
}

interface Prestarted {
  readonly entry: string;
  readonly execArgv: readonly string[] | undefined;
  readonly threads: AuditThreads;
  exited: boolean;
}

let prestarted: Prestarted | undefined;

/**
 * Starts the reader and the scan workers (workerCount) from `entry` now, so
 * that Node's worker start-up and the engine's loading overlap with the
 * host's own: the action loads its runner, the CLI its commands and SDKs
 * (~60 and ~200 ms before the first thread started). An audit from the
 * same entry then uses them (auditThreads); if none runs, they end with
 * the process.
 */
export function prestartAuditThreads(
  entry: string,
  options: { env?: Readonly<Record<string, string | undefined>>; execArgv?: readonly string[] } = {},
): void {
  if (prestarted) return;
  const threads = startAll(entry, workerCount(options.env), options.execArgv);
  const started: Prestarted = { entry, execArgv: options.execArgv, threads, exited: false };
  for (const worker of [threads.reader, ...threads.scanners]) {
    // Until it is given a job, a thread does not keep the process alive (the
    // host may stop at a bad input before it audits), and its errors are the
    // audit's to report only once it is used.
    worker.unref();
    worker.on('error', () => {});
    worker.once('exit', () => {
      started.exited = true;
    });
  }
  prestarted = started;
}

/** The prestarted threads for `entry`, `scanWorkers` and `execArgv`, taken
 * once: undefined when none were started for those, or one of them has
 * stopped (the audit then starts its own). */
export function takePrestarted(
  entry: string,
  scanWorkers: number,
  execArgv: readonly string[] | undefined,
): AuditThreads | undefined {
  const early = prestarted;
  if (
    !early ||
    early.entry !== entry ||
    early.threads.scanners.length !== scanWorkers ||
    (early.execArgv ?? []).join('\0') !== (execArgv ?? []).join('\0')
  )
    return undefined;
  prestarted = undefined;
  const all = [early.threads.reader, ...early.threads.scanners];
  if (early.exited) {
    for (const worker of all) void worker.terminate();
    return undefined;
  }
  for (const worker of all) worker.ref();
  return early.threads;
}
