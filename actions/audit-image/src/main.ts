import type { ActionContext } from '@keyturn/core';
import { type AuditResult, auditImage, enforceFailOn } from './audit';
import { realDeps } from './deps';

/**
 * The action's logic with real dependencies, for its entry and the CLI.
 * `workerEntry`: the running bundle, which worker threads start from.
 * `onReport` sees the result before a failing check throws (the CLI's --json).
 */
export function mainWith(
  workerEntry: string | undefined,
  onReport?: (result: AuditResult) => void,
): (context: ActionContext) => Promise<void> {
  return async (context) => {
    const result = await auditImage(context, realDeps(workerEntry));
    onReport?.(result);
    enforceFailOn(result);
  };
}
