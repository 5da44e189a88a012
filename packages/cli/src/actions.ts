import type { ActionContext } from '@keyturn/core';
import { main as rotatePat } from '../../../actions/rotate-pat/src/main';
import { main as verify } from '../../../actions/verify/src/main';

/** Every action the CLI can run: the same `main` the action's entry runs. */
export const ACTIONS: Readonly<Record<string, (context: ActionContext) => Promise<void>>> = {
  'rotate-pat': rotatePat,
  verify,
};
