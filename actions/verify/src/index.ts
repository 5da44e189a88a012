import { createActionsRunner, runAction } from '@keyturn/core';

await runAction('verify', { runner: createActionsRunner() }, async (context) => {
  context.inputs.required('url', 'Give the URL to check.');
});
