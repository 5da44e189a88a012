import type { ActionContext } from '@keyturn/core';
import { auditImage, enforceFailOn } from './audit';
import { realDeps } from './deps';

/**
 * The action's logic with real dependencies, for its entry and the CLI.
 * `workerEntry`: the running bundle, which worker threads start from.
 */
export function mainWith(workerEntry: string | undefined): (context: ActionContext) => Promise<void> {
  return async (context) => enforceFailOn(await auditImage(context, realDeps(workerEntry)));
}
