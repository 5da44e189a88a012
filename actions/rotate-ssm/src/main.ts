import type { ActionContext } from '@keyturn/core';
import { openStore } from '@keyturn/core/adapters/stores';
import { readRotateConfig } from './config';
import { rotate, type StoreFactory } from './rotate';

/** The real dependency: the store module the config names, from the registry. */
export const realStore: StoreFactory = (config, context) => openStore(config.store, context);

/** rotate-ssm with its real dependencies: the action's entry and the CLI run this. */
export const main = (context: ActionContext) =>
  rotate(context, readRotateConfig(context.inputs, context.runner.env), realStore);
