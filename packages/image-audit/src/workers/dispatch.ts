import { isMainThread, workerData } from 'node:worker_threads';

/**
 * How a host (the action's bundle, the CLI's) lets the audit's worker
 * threads run from its own file: its entry asks isImageAuditWorker() first
 * and, when true, hands the thread to runImageAuditWorker(). This module
 * imports nothing of the engine, so a host that checks it at start-up
 * (the CLI) loads the engine only when it audits.
 */
type Marked = { readonly keyturnScanWorker?: unknown; readonly keyturnArchiveWorker?: unknown } | undefined;

export function isImageAuditWorker(): boolean {
  if (isMainThread) return false;
  const data = workerData as Marked;
  return data?.keyturnScanWorker === true || data?.keyturnArchiveWorker === true;
}

export async function runImageAuditWorker(): Promise<void> {
  if ((workerData as Marked)?.keyturnScanWorker === true) {
    const { runScanWorker } = await import('./scan-worker');
    runScanWorker();
  } else {
    const { runArchiveWorker } = await import('./archive-worker');
    await runArchiveWorker();
  }
}
