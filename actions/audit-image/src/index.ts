import { createActionsRunner, runAction } from '@keyturn/core';
import { auditImage, enforceFailOn } from './audit';
import { realDeps } from './deps';

await runAction('audit-image', { runner: createActionsRunner() }, async (context) => {
  enforceFailOn(await auditImage(context, realDeps()));
});
