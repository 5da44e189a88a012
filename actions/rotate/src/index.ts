import { createActionsRunner, runAction } from '@keyturn/core';
import { main } from './main';

await runAction('rotate', { runner: createActionsRunner() }, main);
