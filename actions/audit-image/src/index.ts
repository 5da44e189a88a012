import { fileURLToPath } from 'node:url';
import { isImageAuditWorker, runImageAuditWorker } from '@keyturn/image-audit/worker';

// The bundle is also the file the audit's worker threads run: such a thread
// goes to the engine before anything of the action is loaded (the action's
// own code and the runner's are a chunk of their own, which it never reads).
if (isImageAuditWorker()) {
  await runImageAuditWorker();
} else {
  const { start } = await import('./start');
  await start(fileURLToPath(import.meta.url));
}
