import type { ActionContext } from '@keyturn/core';
import { readRotateConfig } from './config';
import { rotate } from './rotate';
import { openStore } from './stores';

/** rotate-ssm with its real dependencies: the action's entry and the CLI run this. */
export const main = (context: ActionContext) =>
  rotate(context, readRotateConfig(context.inputs, context.runner.env), openStore);
