import { workerData } from 'node:worker_threads';
import { scannerFor } from '../scan/rules/ruleset';
import { type Job, type ScanWorkerData, scanWindowText } from '../scan/scan-pool';

/**
 * A scan worker: builds the scanner once, then scans batches of windows
 * forever. A window is not sent: its place in the shared ring is, and the
 * worker reads the bytes where the reader put them.
 */
export function runScanWorker(): void {
  const data = workerData as ScanWorkerData;
  const scanner = scannerFor(data.rulesToml, data.allowlist);
  data.port.on('message', (jobs: Job[]) => {
    data.port.postMessage(
      jobs.map((job) => ({
        id: job.id,
        result: scanWindowText(scanner, new Uint8Array(data.ring, job.offset, job.length), job.path, job.last),
      })),
    );
  });
}
