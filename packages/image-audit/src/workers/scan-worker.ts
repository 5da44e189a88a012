import { scannerFor } from '../scan/rules/ruleset';
import { type JobBatch, type ScanWorkerData, scanBatch } from '../scan/scan-pool';

/**
 * A scan worker: builds the scanner once, then scans batches of windows
 * forever. A window is not sent: its place in the shared ring is, and the
 * worker reads the bytes where the reader put them.
 */
export function runScanWorker(data: ScanWorkerData): void {
  const scanner = scannerFor(data.rulesToml, data.allowlist);
  data.port.on('message', (batch: JobBatch) => {
    const results = scanBatch(scanner, data.ring, batch);
    data.port.postMessage(results, [results.ids.buffer, results.newlines.buffer]);
  });
}
