import { DESTINATION_SECRET_INPUTS } from '@keyturn/core/adapters/destinations';
import { STORE_SECRET_INPUTS } from '@keyturn/core/adapters/stores';

/**
 * The command line: `keyturn <action> [--input value]… [--dry-run]`.
 * Flags are the action's inputs by name. Secret inputs are refused as flags:
 * a command line is visible to every user of the machine (`ps`) and lands in
 * shell history; they come from the environment as the runner passes them,
 * `INPUT_<NAME>`.
 */
export const SECRET_INPUTS: ReadonlySet<string> = new Set([
  // The actions' own secret inputs; the stores' and destinations' come from their registries.
  'token',
  'new-token',
  'old-token',
  'value',
  ...DESTINATION_SECRET_INPUTS,
  ...STORE_SECRET_INPUTS,
]);

export interface CliArgs {
  action: string;
  inputs: Record<string, string>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') return 'help';
  if (action.startsWith('-')) throw new UsageError(`the first word names an action, not ${action}`);
  const inputs: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`'${arg}' is not a --flag`);
    const [flag = '', inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    // Input names are case-insensitive to the runner (INPUT_ is upper case).
    if (SECRET_INPUTS.has(flag.toLowerCase())) {
      const variable = `INPUT_${flag.toUpperCase()}`;
      throw new UsageError(
        `--${flag} would put a secret on the command line, where ps and shell history see it; set ${variable} in the environment instead`,
      );
    }
    if (flag === 'dry-run' && inline === undefined) {
      inputs[flag] = 'true';
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    // Repeated flags build a multi-line input, as `targets` expects.
    inputs[flag] = flag in inputs ? `${inputs[flag]}\n${value}` : value;
  }
  return { action, inputs };
}
