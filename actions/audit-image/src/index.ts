import { createActionsRunner, runAction } from '@keyturn/core';
import { auditImage } from './audit';
import { realDeps } from './deps';

await runAction('audit-image', { runner: createActionsRunner() }, async (context) => {
  await auditImage(context, realDeps());
});
