import { fileURLToPath } from 'node:url';
import { isImageAuditWorker, prestartAuditThreads, runImageAuditWorker } from '@keyturn/image-audit/worker';
import { nodeVersionProblem } from './node-version';

// This bundle is also the file the image audit's worker threads run: such a
// thread goes to the engine before anything of the CLI is loaded.
if (isImageAuditWorker()) {
  await runImageAuditWorker();
} else {
  // Checked before the CLI loads: on an older Node the rest of the bundle may
  // not even evaluate, and the user must see why, not a TypeError from an SDK.
  const tooOld = nodeVersionProblem(process.versions.node);
  if (tooOld) {
    process.stderr.write(`keyturn: ${tooOld}\n`);
    process.exit(2);
  }
  const bundleFile = fileURLToPath(import.meta.url);
  // `keyturn audit-image`: its threads load the engine while the CLI loads
  // its commands and SDKs (~200 ms before the audit could start them).
  if (process.argv[2] === 'audit-image') prestartAuditThreads(bundleFile);
  const { start } = await import('./start');
  await start(bundleFile);
}
