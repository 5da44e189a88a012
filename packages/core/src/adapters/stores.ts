import type { Store } from '../ports';
import type { ModuleInput, StoreModule, StoreRunContext } from './module-types';
import { infisicalStore } from './store-infisical';
import { secretsManagerStore } from './store-secrets-manager';
import { ssmStore } from './store-ssm';

/**
 * The store registry: one module per store kind. The `store` input's
 * choices, each store's inputs (and which are secret), its name rules and
 * its adapter all come from here. Adding a store is one module and one
 * line here.
 */
export const STORES = {
  ssm: ssmStore,
  infisical: infisicalStore,
  'secrets-manager': secretsManagerStore,
} as const;

export type StoreKind = keyof typeof STORES;
type SettingsOf<M> = M extends StoreModule<infer _K, infer S> ? S : never;
/** The settings of one store, as its module reads them. */
export type StoreSettings = SettingsOf<(typeof STORES)[StoreKind]>;

export type { StoreRunContext } from './module-types';
export type { InfisicalSettings } from './store-infisical';
export type { SsmSettings } from './store-ssm';

export const STORE_KINDS = Object.keys(STORES) as readonly StoreKind[];

type AnyStoreModule = StoreModule<StoreKind, StoreSettings>;
/** The module of a store kind. */
export function storeModule(kind: StoreKind): AnyStoreModule {
  return STORES[kind] as unknown as AnyStoreModule;
}

/** Every store input but `store`, each once (the AWS stores share some), in registry order. */
export const STORE_INPUTS: readonly ModuleInput[] = [
  ...new Map(STORE_KINDS.flatMap((kind) => storeModule(kind).inputs.map((input) => [input.name, input]))).values(),
];
/** The stores' secret inputs: masked at once, never CLI flags. */
export const STORE_SECRET_INPUTS: readonly string[] = STORE_INPUTS.filter((input) => input.secret).map(
  (input) => input.name,
);

/** The real adapter for settings read by `readStoreSettings`. */
export function openStore(settings: StoreSettings, context: StoreRunContext): Store {
  return storeModule(settings.kind).open(settings, context);
}
