import { closestName, type DeclaredInput, inputVariableName } from '@keyturn/core';
import { type ActionCommand, UsageError } from './command';
import { keyturnVariable, SECRET_INPUTS, secretHowTo } from './secret-inputs';

/**
 * The command line of an action command:
 * `keyturn ACTION [POSITIONAL]… [--input value]… [--json]`.
 * Flags are the action's declared inputs by name; anything else is a usage
 * error naming the nearest valid flag, found before any request is sent.
 */
export interface ParsedArgs {
  /** Inputs given as flags or positionals. */
  readonly flags: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly help: boolean;
}

/** Inputs that hold one item per line: a repeated flag adds a line. */
export const MULTI_LINE_INPUTS: ReadonlySet<string> = new Set(['targets', 'required-repos']);

const CLI_FLAGS = ['help', 'json'] as const;

export function isBooleanInput(input: DeclaredInput): boolean {
  return input.default === 'true' || input.default === 'false';
}

function declaredInput(command: ActionCommand, name: string): DeclaredInput | undefined {
  return command.spec.inputs.find((input) => input.name === name);
}

function helpHint(command: ActionCommand): string {
  return `keyturn ${command.name} --help lists them`;
}

function unknownFlag(command: ActionCommand, written: string): UsageError {
  const flags = [...command.spec.inputs.map((input) => input.name), ...CLI_FLAGS];
  const nearest = closestName(written, flags);
  const meant =
    nearest === undefined
      ? ''
      : SECRET_INPUTS.has(nearest)
        ? ` Did you mean the secret input ${nearest}? It is not a flag: ${secretHowTo(nearest)}.`
        : ` Did you mean --${nearest}?`;
  return new UsageError(`--${written} is not a flag of keyturn ${command.name}.${meant} (${helpHint(command)})`);
}

export function parseActionArgs(command: ActionCommand, argv: readonly string[]): ParsedArgs {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { flags: {}, json: false, help: true };
  const flags: Record<string, string> = {};
  const positionals = [...(command.positionals ?? [])];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      const slot = positionals.shift();
      if (slot === undefined) {
        const asFlag = declaredInput(command, arg) ? ` To give the input ${arg}, write --${arg} VALUE.` : '';
        throw new UsageError(
          `unexpected word '${arg}': keyturn ${command.name} takes inputs as --name VALUE.${asFlag} (${helpHint(command)})`,
        );
      }
      flags[slot.input] = arg;
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new UsageError(
        `${arg} is not a flag of keyturn ${command.name}: flags are long, --name VALUE (-h is --help). (${helpHint(command)})`,
      );
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    if (name === 'json') {
      if (inline !== undefined) throw new UsageError('--json takes no value');
      json = true;
      continue;
    }
    if (SECRET_INPUTS.has(name.toLowerCase())) {
      throw new UsageError(
        `--${name} would put a secret on the command line, where ps and shell history see it: ${secretHowTo(name.toLowerCase())}.`,
      );
    }
    const input = declaredInput(command, name);
    if (!input) throw unknownFlag(command, name);
    let value = inline;
    if (value === undefined && isBooleanInput(input)) {
      const next = argv[i + 1];
      if (next === 'true' || next === 'false') {
        value = next;
        i++;
      } else {
        value = 'true';
      }
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${name} needs a value: --${name} VALUE (or --${name}=VALUE)`);
      }
      value = next;
      i++;
    }
    if (name in flags) {
      if (!MULTI_LINE_INPUTS.has(name)) {
        throw new UsageError(`--${name} is given twice; it takes one value`);
      }
      flags[name] = `${flags[name]}\n${value}`;
    } else {
      flags[name] = value;
    }
  }
  return { flags, json, help: false };
}

/** KEYTURN_* variables that are settings, not inputs. */
export const KEYTURN_SETTINGS: ReadonlySet<string> = new Set([
  'KEYTURN_DEBUG',
  'KEYTURN_SCAN_WORKERS',
  'KEYTURN_IMAGE_FIXTURES',
]);

/**
 * Every input of the run, from the command line and the environment, in this
 * order: a flag; `KEYTURN_<NAME>` (a name a shell can export); the runner's
 * `INPUT_<NAME>`. The environment is shared by every command, so a
 * KEYTURN_ variable for another command's input is left alone; one that
 * names no input of any command is a typo and stops the run, and so is an
 * INPUT_ variable this action does not declare.
 */
export function gatherInputs(
  command: ActionCommand,
  flags: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  everyInput: ReadonlySet<string>,
): Record<string, string> {
  const declared = command.spec.inputs.map((input) => input.name);
  const byInputVariable = new Map(declared.map((name) => [inputVariableName(name), name]));
  const byKeyturnVariable = new Map(declared.map((name) => [keyturnVariable(name), name]));
  const anyKeyturnVariable = new Set([...everyInput].map(keyturnVariable));
  const inputs: Record<string, string> = {};
  const fromInputVariables: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (variable.startsWith('INPUT_')) {
      const name = byInputVariable.get(variable);
      if (name === undefined) {
        const written = variable.slice('INPUT_'.length).toLowerCase();
        const nearest = closestName(written, declared);
        throw new UsageError(
          `${variable} is set, but keyturn ${command.name} has no input '${written}'.` +
            `${nearest === undefined ? '' : ` Did you mean ${inputVariableName(nearest)} (${SECRET_INPUTS.has(nearest) ? keyturnVariable(nearest) : `--${nearest}`})?`}` +
            ` Unset it or rename it. (${helpHint(command)})`,
        );
      }
      fromInputVariables[name] = value;
    } else if (variable.startsWith('KEYTURN_')) {
      const name = byKeyturnVariable.get(variable);
      if (name !== undefined) inputs[name] = value;
      else if (!anyKeyturnVariable.has(variable) && !KEYTURN_SETTINGS.has(variable)) {
        const nearest = closestName(variable, [...anyKeyturnVariable, ...KEYTURN_SETTINGS]);
        throw new UsageError(
          `${variable} is set, but no keyturn input or setting has that name.` +
            `${nearest === undefined ? '' : ` Did you mean ${nearest}?`} Unset it or rename it.`,
        );
      }
    }
  }
  const fromKeyturnVariables = new Set(Object.keys(inputs));
  for (const [name, value] of Object.entries(fromInputVariables)) inputs[name] ??= value;
  Object.assign(inputs, flags);
  // A shell exports KEYTURN_GITHUB_TOKEN once for every command (keyturn
  // emulators prints such lines); a mode that must not be handed a
  // credential does not take it from there. Passed any other way, it is
  // still the action's to refuse.
  for (const name of command.unusedSecrets?.(inputs) ?? []) {
    if (fromKeyturnVariables.has(name) && !(name in fromInputVariables)) delete inputs[name];
  }
  return inputs;
}
