import type { ActionContext } from '@keyturn/core';
import { type DestinationTuning, openDestinations } from '@keyturn/core/adapters/destinations';
import { openStore } from '@keyturn/core/adapters/stores';
import { readPropagateConfig } from './config';
import { type PropagateDeps, propagate } from './propagate';

/** The real dependencies: the registry's destination adapters, and the store `source:` names. */
export function realDeps(tuning: Omit<DestinationTuning, 'concurrency'> = {}): PropagateDeps {
  return {
    destinations: (config, context) =>
      openDestinations(config.destinations, context, { ...tuning, concurrency: config.concurrency }),
    store: (config, context) => {
      if (!config.store) throw new Error('a store was asked for without a source');
      return openStore(config.store, context);
    },
  };
}

/** propagate with its real dependencies: the action's entry and the CLI run this. */
export const main = async (context: ActionContext): Promise<void> => {
  await propagate(context, readPropagateConfig(context.inputs, context.runner.env), realDeps());
};
