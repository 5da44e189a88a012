import { openStore as openStoreAdapter } from '@keyturn/core/adapters/stores';
import type { StoreFactory } from './rotate';

/** The real adapters, configured from the checked config. */
export const openStore: StoreFactory = (config, context) => openStoreAdapter(config.store, context);
