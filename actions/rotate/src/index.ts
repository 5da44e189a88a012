import { createActionsRunner, runAction } from '@keyturn/core';
import { ACTION_SPEC } from './action-spec.generated';
import { main } from './main';

await runAction('rotate', { runner: createActionsRunner(), spec: ACTION_SPEC }, main);
