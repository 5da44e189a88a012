import type { ActionContext } from '@keyturn/core';
import { openStore } from '@keyturn/core/adapters/stores';
import { readPlanConfig } from './config';
import { plan } from './plan';

/** plan with its real dependencies: the action's entry and the CLI run this. */
export const main = (context: ActionContext) => plan(context, readPlanConfig(context.inputs), { openStore });
