import type { ActionContext } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { openStore } from '@keyturn/core/adapters/stores';
import { readRotateConfig } from './config';
import { type RotateDeps, rotateEntry } from './rotate';

export const realDeps: RotateDeps = {
  openStore,
  openDestinations: (settings, context, concurrency) => openDestinations(settings, context, { concurrency }),
  fetch: (input, init) => globalThis.fetch(input, init),
};

/** rotate on the given dependencies (tests pass the real ones with GitHub's write pace off). */
export const mainWith =
  (deps: RotateDeps) =>
  async (context: ActionContext): Promise<void> =>
    rotateEntry(context, await readRotateConfig(context.inputs, context.runner.env), deps);

/** rotate with its real dependencies: the action's entry and the CLI run this. */
export const main = mainWith(realDeps);
