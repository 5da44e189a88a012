import type { ActionContext, Store } from '@keyturn/core';
import { openStore } from '@keyturn/core/adapters/stores';
import type { PropagateConfig } from './config';

/** The store `source:` names, opened as rotate-ssm and rotate-pat open it. */
export function realStore(config: PropagateConfig, context: ActionContext): Store {
  if (!config.store) throw new Error('realStore called without a source');
  return openStore(config.store, context);
}
