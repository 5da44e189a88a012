import { fileURLToPath } from 'node:url';
import { createActionsRunner, runAction } from '@keyturn/core';
import { isImageAuditWorker, runImageAuditWorker } from '@keyturn/image-audit';
import { ACTION_SPEC } from './action-spec.generated';
import { mainWith } from './main';

// The bundle is also the file the audit's worker threads run.
if (isImageAuditWorker()) {
  await runImageAuditWorker();
} else {
  const main = mainWith(fileURLToPath(import.meta.url));
  await runAction('audit-image', { runner: createActionsRunner(), spec: ACTION_SPEC }, main);
}
