import { createActionsRunner, runAction } from '@keyturn/core';
import { ACTION_SPEC } from './action-spec.generated';
import { isArchiveWorker, runArchiveWorker } from './archive-thread';
import { auditImage, enforceFailOn } from './audit';
import { realDeps } from './deps';
import { isScanWorker, runScanWorker } from './scan-pool';

// The bundle is also the entry of its worker threads: the archive reader and
// the scanners.
if (isScanWorker()) {
  runScanWorker();
} else if (isArchiveWorker()) {
  await runArchiveWorker();
} else {
  await runAction('audit-image', { runner: createActionsRunner(), spec: ACTION_SPEC }, async (context) => {
    enforceFailOn(await auditImage(context, realDeps()));
  });
}
