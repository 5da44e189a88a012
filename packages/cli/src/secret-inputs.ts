import { DESTINATION_SECRET_INPUTS } from '@keyturn/core/adapters/destinations';
import { STORE_SECRET_INPUTS } from '@keyturn/core/adapters/stores';
import { issuerCredentialInputs } from '@keyturn/core/issuers/registry';

/**
 * Inputs that carry a secret. They are never taken from flags: a command line
 * is visible to every user of the machine (`ps`) and lands in shell history.
 * They come from the environment, as a variable a shell can export
 * (`KEYTURN_GITHUB_TOKEN`) or the runner's `INPUT_GITHUB-TOKEN`, or from a
 * prompt that does not echo when keyturn runs at a terminal.
 */
export const SECRET_INPUTS: ReadonlySet<string> = new Set([
  // The actions' own; the destinations', stores' and issuers' credentials come from their registries.
  'token',
  'new-token',
  'old-token',
  'value',
  ...DESTINATION_SECRET_INPUTS,
  ...STORE_SECRET_INPUTS,
  ...issuerCredentialInputs()
    .filter((input) => input.secret)
    .map((input) => input.input),
]);

/** The variable a shell can export for an input: `KEYTURN_GITHUB_TOKEN`. */
export function keyturnVariable(input: string): string {
  return `KEYTURN_${input.toUpperCase().replace(/[- ]/g, '_')}`;
}

/** How a person at a terminal passes a secret input, for every message that names one. */
export function secretHowTo(input: string): string {
  return `export ${keyturnVariable(input)}=… before running keyturn (or leave it unset to be asked for it at a terminal)`;
}
