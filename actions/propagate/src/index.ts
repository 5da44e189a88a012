import { createActionsRunner, runAction } from '@keyturn/core';
import { main } from './main';

await runAction('propagate', { runner: createActionsRunner() }, main);
