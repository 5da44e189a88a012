import { createActionsRunner, runAction } from '@keyturn/core';
import { main } from './main';

await runAction('plan', { runner: createActionsRunner() }, main);
