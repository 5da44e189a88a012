import { createActionsRunner, runAction } from '@keyturn/core';
import { verify } from './verify';

await runAction('verify', { runner: createActionsRunner() }, (context) => verify(context, { fetch: globalThis.fetch }));
