import { createActionsRunner, runAction } from '@keyturn/core';
import { realDestinations } from './destinations';
import { propagate } from './propagate';
import { realStore } from './store';

await runAction('propagate', { runner: createActionsRunner() }, async (context) => {
  await propagate(context, { destinations: realDestinations, store: realStore });
});
