import { fileURLToPath } from 'node:url';
import { isImageAuditWorker, runImageAuditWorker } from '@keyturn/image-audit/worker';

// This bundle is also the file the image audit's worker threads run: such a
// thread goes to the engine before anything of the CLI is loaded.
if (isImageAuditWorker()) {
  await runImageAuditWorker();
} else {
  const { start } = await import('./start');
  await start(fileURLToPath(import.meta.url));
}
