import { createActionsRunner, runAction } from '@keyturn/core';
import { readRotateConfig } from './config';
import { rotate } from './rotate';
import { openStore } from './stores';

await runAction('rotate-ssm', { runner: createActionsRunner() }, (context) =>
  rotate(context, readRotateConfig(context.inputs, context.runner.env), openStore),
);
