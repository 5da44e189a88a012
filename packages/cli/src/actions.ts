import type { ActionContext } from '@keyturn/core';
import { main as propagate } from '../../../actions/propagate/src/main';
import { main as rotatePat } from '../../../actions/rotate-pat/src/main';
import { main as rotateSsm } from '../../../actions/rotate-ssm/src/main';
import { main as verify } from '../../../actions/verify/src/main';

/** Every action the CLI can run: the same `main` the action's entry runs.
 * audit-image is a pull-request check, not an operator's tool: not here. */
export const ACTIONS: Readonly<Record<string, (context: ActionContext) => Promise<void>>> = {
  'rotate-ssm': rotateSsm,
  propagate,
  'rotate-pat': rotatePat,
  verify,
};
