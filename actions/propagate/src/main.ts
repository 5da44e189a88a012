import type { ActionContext } from '@keyturn/core';
import { realDestinations } from './destinations';
import { propagate } from './propagate';
import { realStore } from './store';

/** propagate with its real dependencies: the action's entry and the CLI run this. */
export const main = async (context: ActionContext): Promise<void> => {
  await propagate(context, { destinations: realDestinations, store: realStore });
};
