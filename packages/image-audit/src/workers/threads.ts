import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';

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

/** What a thread started before its job is known is told: it loads the
 * engine, then waits for its workerData as its first message. */
export interface AwaitingJob {
  readonly keyturnScanWorker?: true;
  readonly keyturnArchiveWorker?: true;
  readonly awaitsJob: true;
}

/** A thread started early, not yet given its job. */
interface Waiting {
  readonly worker: Worker;
  exited: boolean;
}

interface Prestarted {
  readonly entry: string;
  readonly execArgv: readonly string[] | undefined;
  readonly reader: Waiting;
  readonly scanners: Waiting[];
}

let prestarted: Prestarted | undefined;

function waiting(entry: string, data: AwaitingJob, options: WorkerOptions): Waiting {
  const worker = new Worker(entry, { ...options, workerData: data });
  const thread: Waiting = { worker, exited: false };
  // Until it is given a job, a thread does not keep the process alive (the
  // host may stop at a bad input before it audits), and its errors are the
  // audit's to report only once it is used.
  worker.unref();
  worker.on('error', () => {});
  worker.once('exit', () => {
    thread.exited = true;
  });
  return thread;
}

/**
 * Starts the reader and the scan workers (workerCount) from `entry` now, so
 * that Node's worker start-up and the engine's loading overlap with the
 * host's own: the action loads its runner, the CLI its commands and SDKs
 * (~60 and ~200 ms before the first thread started). An audit from the
 * same entry then uses them (takePrestarted); if none runs, they end with
 * the process.
 */
export function prestartAuditThreads(
  entry: string,
  options: { env?: Readonly<Record<string, string | undefined>>; execArgv?: readonly string[] } = {},
): void {
  if (prestarted) return;
  const execArgv = options.execArgv ? { execArgv: [...options.execArgv] } : {};
  prestarted = {
    entry,
    execArgv: options.execArgv,
    reader: waiting(
      entry,
      { keyturnArchiveWorker: true, awaitsJob: true },
      { ...execArgv, resourceLimits: READER_LIMITS },
    ),
    scanners: Array.from({ length: workerCount(options.env) }, () =>
      waiting(entry, { keyturnScanWorker: true, awaitsJob: true }, { ...execArgv, resourceLimits: SCAN_WORKER_LIMITS }),
    ),
  };
}

/** A prestarted reader and `scanWorkers` scan workers from `entry`, taken
 * once: undefined when none were started for that entry and count, or one
 * of them has stopped (the audit then starts its own). */
export function takePrestarted(
  entry: string,
  scanWorkers: number,
  execArgv: readonly string[] | undefined,
): { reader: Worker; scanners: Worker[] } | undefined {
  const threads = prestarted;
  if (
    !threads ||
    threads.entry !== entry ||
    threads.scanners.length !== scanWorkers ||
    (threads.execArgv ?? []).join('\0') !== (execArgv ?? []).join('\0')
  )
    return undefined;
  prestarted = undefined;
  const all = [threads.reader, ...threads.scanners];
  if (all.some((thread) => thread.exited)) {
    for (const thread of all) void thread.worker.terminate();
    return undefined;
  }
  for (const thread of all) thread.worker.ref();
  return { reader: threads.reader.worker, scanners: threads.scanners.map((thread) => thread.worker) };
}
