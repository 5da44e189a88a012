import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { type Allowlist, EMPTY_ALLOWLIST } from './allowlist';
import { type Hit, keepUnderCap, toHit } from './redact';
import type { Scanner } from './rules/engine';
import { scannerFor } from './rules/ruleset';
import { type RingSlot, WindowRing } from './window-ring';

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
  const kept = keepUnderCap(
    reported.map((detection) => ({
      detection,
      severity: detection.rule.severity,
      ...(detection.allowlisted ? { allowlisted: true } : {}),
    })),
    MAX_HITS_PER_WINDOW,
  ).map(({ detection }) => detection);
  for (const detection of kept) {
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
  /** Scans the window made of `parts` (`length` bytes), which the caller
   * may reuse once this returns. */
  scan(parts: readonly Uint8Array[], length: number, path: string, last: boolean): Promise<WindowResult>;
  close(): Promise<void>;
}

function joined(parts: readonly Uint8Array[], length: number): Uint8Array {
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
}

export function inlineWindowScanner(scanner: Scanner): WindowScanner {
  return {
    workers: 0,
    scan: async (parts, length, path, last) => scanWindowText(scanner, joined(parts, length), path, last),
    close: async () => {},
  };
}

/** What a scan worker needs: the user's TOML text (to build the same
 * rules), the ring its windows are put in, and its end of the channel the
 * reader sends them on. */
export interface ScanWorkerData {
  readonly rulesToml: string | undefined;
  readonly allowlist: Allowlist;
  readonly ring: SharedArrayBuffer;
  readonly port: MessagePort;
}

/**
 * Windows to scan, as a scan worker is sent them: where each is in the
 * ring, not its bytes. Four numbers a window in one typed array (its id,
 * offset, length, and 1 when it is its file's last) and its file's path:
 * an object a window, structured-cloned 512 at a time, cost the reader
 * more to send than the window cost to copy into the ring.
 */
export interface JobBatch {
  readonly numbers: Int32Array<ArrayBuffer>;
  readonly paths: readonly string[];
}

/** A batch's answers: the windows' ids and newline counts, and the hits of
 * the few windows that have any (by index in the batch). */
export interface ResultBatch {
  readonly ids: Int32Array<ArrayBuffer>;
  readonly newlines: Int32Array<ArrayBuffer>;
  readonly hits: readonly (readonly [index: number, hits: Hit[]])[];
}

/** What a scan worker does with one batch. */
export function scanBatch(scanner: Scanner, ring: SharedArrayBuffer, batch: JobBatch): ResultBatch {
  const count = batch.paths.length;
  const ids = new Int32Array(count);
  const newlines = new Int32Array(count);
  const hits: [number, Hit[]][] = [];
  for (let index = 0; index < count; index++) {
    const at = index * 4;
    const offset = batch.numbers[at + 1] ?? 0;
    const length = batch.numbers[at + 2] ?? 0;
    const last = batch.numbers[at + 3] === 1;
    const result = scanWindowText(scanner, new Uint8Array(ring, offset, length), batch.paths[index] ?? '', last);
    ids[index] = batch.numbers[at] ?? 0;
    newlines[index] = result.newlines;
    if (result.hits.length > 0) hits.push([index, result.hits]);
  }
  return { ids, newlines, hits };
}

/**
 * Where worker threads start. `entry` is a file that, run as a worker, calls
 * `runImageAuditWorker()` (see workers/dispatch.ts): a host's bundle (the
 * action's or the CLI's dist/index.js), or workers/entry.ts from sources
 * with `execArgv` that lets Node load TypeScript.
 */
export interface WorkerThreads {
  readonly entry: string;
  /** Scan workers beside the reader worker (0: the reader scans too). */
  readonly scanWorkers: number;
  readonly execArgv?: readonly string[] | undefined;
}

/** Small files are sent in batches: one message per file would cost more
 * than scanning it. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_JOBS = 512;
/** Ring bytes per worker: windows waiting to be scanned; when the ring is
 * full the reading thread scans windows itself. A few windows keep a worker
 * busy; more only grow memory (under the in-flight limit the ring replaced,
 * 16 MiB for one worker peaked ~30 MiB higher in RSS than 4 MiB, and was no
 * faster). */
const RING_PER_WORKER = 4 * 1024 * 1024;

/** What the reading thread needs to hand windows to scan workers. */
export interface ScanChannels {
  readonly ring: SharedArrayBuffer;
  readonly ports: readonly MessagePort[];
}

/** Scan workers, given their data by the main thread alongside the reading
 * thread (a worker started from the reader would start ~60 ms later). */
export interface ScanWorkers {
  /** For the reading thread: transfer the ports to it. */
  readonly channels: ScanChannels;
  /** The error a worker stopped with, if one did. */
  failure(): Error | undefined;
  close(): Promise<void>;
}

/** Gives scan workers (workers/threads.ts: started, waiting for their
 * data) the rules, the ring and each its channel to the reader. */
export function startScanWorkers(
  workers: readonly Worker[],
  rulesToml: string | undefined,
  allowlist: Allowlist = EMPTY_ALLOWLIST,
): ScanWorkers {
  const ring = new SharedArrayBuffer(RING_PER_WORKER * workers.length);
  const ports: MessagePort[] = [];
  let failure: Error | undefined;
  for (const worker of workers) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port2);
    worker.postMessage({ rulesToml, allowlist, ring, port: port1 } satisfies ScanWorkerData, [port1]);
    worker.on('error', (error) => {
      failure ??= error;
    });
  }
  return {
    channels: { ring, ports },
    failure: () => failure,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * The reading thread's side of the scan workers: windows are copied into the
 * shared ring and their places sent in batches; the reading thread scans a
 * window itself when the ring is full. Memory stays bounded: windows wait in
 * a ring of RING_PER_WORKER bytes per worker, and each worker's heap is
 * capped (SCAN_WORKER_LIMITS).
 */
export function workerWindowScanner(
  channels: ScanChannels,
  rulesToml: string | undefined,
  allowlist: Allowlist = EMPTY_ALLOWLIST,
): WindowScanner {
  const ring = new WindowRing(channels.ring);
  const ports = channels.ports;
  const waiting = new Map<number, { resolve: (r: WindowResult) => void; reject: (e: Error) => void; slot: RingSlot }>();
  const queued = ports.map(() => 0);
  let nextId = 0;
  // The batch being filled: four numbers a window (see JobBatch).
  const numbers = new Int32Array(BATCH_JOBS * 4);
  let paths: string[] = [];
  let batchBytes = 0;
  let turn = 0;
  let failure: Error | undefined;
  let flushScheduled = false;
  let inlineScanner: Scanner | undefined;

  ports.forEach((port, index) => {
    port.on('message', (results: ResultBatch) => {
      queued[index] = (queued[index] ?? 0) - results.ids.length;
      const found = new Map(results.hits);
      results.ids.forEach((id, at) => {
        const job = waiting.get(id);
        if (!job) return;
        waiting.delete(id);
        ring.release(job.slot);
        job.resolve({ hits: found.get(at) ?? [], newlines: results.newlines[at] ?? 0 });
      });
    });
    // A worker that stops (an error, its heap limit) closes its end.
    port.on('close', () => {
      failure ??= new Error('a scan worker stopped before it answered');
      for (const job of waiting.values()) job.reject(failure);
      waiting.clear();
    });
  });

  const flush = () => {
    if (paths.length === 0) return;
    // The least busy worker takes the batch.
    let target = turn++ % ports.length;
    for (let i = 0; i < ports.length; i++) if ((queued[i] ?? 0) < (queued[target] ?? 0)) target = i;
    queued[target] = (queued[target] ?? 0) + paths.length;
    const batch: JobBatch = { numbers: numbers.slice(0, paths.length * 4), paths };
    ports[target]?.postMessage(batch, [batch.numbers.buffer]);
    paths = [];
    batchBytes = 0;
  };

  return {
    workers: ports.length,
    scan(parts, length, path, last) {
      if (failure) return Promise.reject(failure);
      const slot = ring.put(parts, length);
      if (!slot) {
        // The workers are behind (or the window is empty): rather than wait,
        // this thread scans the window itself (it idled ~40% of a 1 GiB
        // audit waiting for one worker), and memory stays bounded all the
        // same.
        flush();
        inlineScanner ??= scannerFor(rulesToml, allowlist);
        return Promise.resolve(scanWindowText(inlineScanner, joined(parts, length), path, last));
      }
      const id = nextId++;
      const promise = new Promise<WindowResult>((resolve, reject) => waiting.set(id, { resolve, reject, slot }));
      const at = paths.length * 4;
      numbers[at] = id;
      numbers[at + 1] = slot.offset;
      numbers[at + 2] = length;
      numbers[at + 3] = last ? 1 : 0;
      paths.push(path);
      batchBytes += length;
      if (batchBytes >= BATCH_BYTES || paths.length >= BATCH_JOBS) flush();
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
    async close() {
      flush();
      for (const port of ports) port.close();
    },
  };
}
