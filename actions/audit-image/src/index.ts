import { fileURLToPath } from 'node:url';
import { isImageAuditWorker, prestartAuditThreads, runImageAuditWorker } from '@keyturn/image-audit/worker';

// The bundle is also the file the audit's worker threads run: such a thread
// goes to the engine before anything of the action is loaded (the action's
// own code and the runner's are a chunk of their own, which it never reads).
if (isImageAuditWorker()) {
  await runImageAuditWorker();
} else {
  // The audit's threads start now and load the engine while the action's
  // code and the runner load (they end with the process if no audit runs).
  const bundleFile = fileURLToPath(import.meta.url);
  prestartAuditThreads(bundleFile);
  const { start } = await import('./start');
  await start(bundleFile);
}
