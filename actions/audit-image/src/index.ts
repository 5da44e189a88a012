import { createActionsRunner, runAction } from '@keyturn/core';
import { auditImage, enforceFailOn } from './audit';
import { realDeps } from './deps';
import { isScanWorker, runScanWorker } from './scan-pool';

// The bundle is also the scan worker's entry (worker threads run this file).
if (isScanWorker()) {
  runScanWorker();
} else {
  await runAction('audit-image', { runner: createActionsRunner() }, async (context) => {
    enforceFailOn(await auditImage(context, realDeps()));
  });
}
