import { InputError } from '../errors';
import type { InputReader } from '../inputs';
import type { Env } from './module-types';
import {
  STORE_INPUTS,
  STORE_KINDS,
  STORE_SECRET_INPUTS,
  type StoreKind,
  type StoreSettings,
  storeModule,
} from './stores';

/**
 * The store inputs every action that reads or writes a store shares
 * (`store`, then each store module's inputs), read and checked once, the same
 * way, into frozen settings that `openStore` (./stores) turns into an
 * adapter. rotate-ssm, rotate-pat and propagate's `source:` all go through
 * here, so a store input means one thing everywhere.
 */
export type { Env } from './module-types';
export type { InfisicalSettings, SsmSettings } from './stores';
export { STORE_KINDS, type StoreKind, type StoreSettings } from './stores';

/** Masks the store credentials given, whether or not this run uses them: a
 * credential passed by mistake is still a credential. */
export function maskStoreCredentials(inputs: InputReader): void {
  for (const name of STORE_SECRET_INPUTS) inputs.secret(name);
}

/** The `store` input: ssm (default) or another registered store. */
export function readStoreKind(inputs: InputReader, input = 'store'): StoreKind {
  return inputs.oneOf(input, STORE_KINDS, 'ssm');
}

/** A secret's name in the store, checked against the store's own rules. */
export function readStoredName(inputs: InputReader, kind: StoreKind, input = 'name'): string {
  const name = inputs.required(input, storeModule(kind).nameHint);
  const problem = storedNameProblem(kind, name);
  if (problem) throw new InputError(input, problem, storedNameFix(kind));
  return name;
}

export function storedNameProblem(kind: StoreKind, name: string): string | undefined {
  return storeModule(kind).nameProblem(name);
}

/** Whether the store can hold a grace window's mark (see ../grace). */
export function storeMarksGrace(kind: StoreKind): boolean {
  return storeModule(kind).marksGrace === true;
}

/** The store kinds that can, for a message. */
export const GRACE_STORE_KINDS: readonly StoreKind[] = STORE_KINDS.filter((kind) => storeModule(kind).marksGrace);

export function storedNameFix(kind: StoreKind): string {
  return storeModule(kind).nameFix;
}

/**
 * Reads the inputs of store `kind`, refusing the inputs only other stores
 * read. Credentials are masked before anything else reads them.
 */
export function readStoreSettings(inputs: InputReader, kind: StoreKind, env: Env): Readonly<StoreSettings> {
  maskStoreCredentials(inputs);
  refuseInputsOfOtherStores(inputs, kind);
  return Object.freeze(storeModule(kind).readSettings(inputs, env));
}

/** How a report names the store: "AWS SSM (eu-west-1)", "Infisical (prod /)". */
export function describeStore(settings: StoreSettings): string {
  return storeModule(settings.kind).describe(settings);
}

/** The store inputs (`store` included) set to something other than their
 * default: with no secret name to store under, each of them is a mistake. */
export function storeInputsGiven(inputs: InputReader): string[] {
  const all = [{ name: 'store', default: 'ssm' }, ...STORE_INPUTS];
  return all.filter((input) => inputs.string(input.name, input.default) !== input.default).map((input) => input.name);
}

function refuseInputsOfOtherStores(inputs: InputReader, kind: StoreKind): void {
  const own = new Set(storeModule(kind).inputs.map((input) => input.name));
  for (const input of STORE_INPUTS) {
    if (own.has(input.name) || inputs.string(input.name, input.default) === input.default) continue;
    const owners = STORE_KINDS.filter((other) => storeModule(other).inputs.some((mine) => mine.name === input.name));
    throw new InputError(
      input.name,
      `is set but store is ${kind}`,
      `Remove it, or set store to ${owners.join(' or ')}.`,
    );
  }
}
