import { createActionsRunner, runAction } from '@keyturn/core';
import { ACTION_SPEC } from './action-spec.generated';
import { mainWith } from './main';

/** The action, run from its bundle (`bundleFile`, which worker threads start from too). */
export async function start(bundleFile: string): Promise<void> {
  await runAction('audit-image', { runner: createActionsRunner(), spec: ACTION_SPEC }, mainWith(bundleFile));
}
