import type { ActionContext } from '@keyturn/core';
import { readVerifyConfig } from './config';
import { verify } from './verify';

/** verify with its real dependencies: the action's entry and the CLI run this. */
export const main = (context: ActionContext) =>
  verify(context, readVerifyConfig(context.inputs), { fetch: globalThis.fetch });
