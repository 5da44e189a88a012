import { createActionsRunner, runAction } from '@keyturn/core';
import { main } from './main';

await runAction('verify', { runner: createActionsRunner() }, main);
