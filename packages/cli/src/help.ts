import { inputVariableName } from '@keyturn/core';
import { isBooleanInput, MULTI_LINE_INPUTS } from './args';
import type { ActionCommand, Command } from './command';
import { columns, type Printer, wrap } from './output';
import { keyturnVariable, SECRET_INPUTS } from './secret-inputs';

export const EXIT_CODES = [
  ['0', 'done (in a dry run: everything checked, nothing changed)'],
  ['1', 'the rotation or check failed (a service refused, a target failed, a token still works)'],
  ['2', 'bad usage or input (an unknown flag, a missing or invalid input, a Node.js too old); nothing was sent'],
] as const;

function exitCodeLines(): string[] {
  return ['exit codes:', ...columns(EXIT_CODES.map(([code, meaning]) => [`  ${code}`, meaning]))];
}

export function topLevelHelp(commands: readonly Command[], version: string): string {
  // The first sentence of each description, so a row fits a line.
  const rows = commands.map((command) => [
    `  ${command.name}`,
    (command.kind === 'action' ? command.spec.description : command.summary).replace(/(?<=\.)\s.*$/s, ''),
  ]);
  return [
    `keyturn ${version}: secret rotation from a terminal, on the same engine as the GitHub Actions.`,
    '',
    'usage: keyturn COMMAND [--input VALUE]... [--json]',
    "       keyturn COMMAND --help      the command's inputs, defaults and examples",
    '       keyturn --version',
    '',
    'commands:',
    ...columns(rows),
    '',
    "Flags are the action's inputs by name (keyturn COMMAND --help lists them); a",
    'flag keyturn does not know is an error. Any input can also come from the',
    'environment as KEYTURN_<NAME> (KEYTURN_GITHUB_API_URL); a flag wins.',
    'Secret inputs (token, value, github-token, ...) are never flags: export',
    "KEYTURN_<NAME> (KEYTURN_GITHUB_TOKEN) or the runner's INPUT_<NAME>, or leave",
    'it unset and keyturn asks for it at a terminal, without echo.',
    '',
    'Output is for a person at a terminal; --json prints one JSON document on',
    'stdout for scripts; inside GitHub Actions (GITHUB_ACTIONS=true) it is the',
    "runner's format. keyturn emulators starts local services to try it on.",
    '',
    ...exitCodeLines(),
  ].join('\n');
}

function usageLine(command: ActionCommand): string {
  const words = (command.positionals ?? []).map((slot) => slot.label);
  const required = command.spec.inputs
    .filter((input) => input.required && !SECRET_INPUTS.has(input.name))
    .filter((input) => !(command.positionals ?? []).some((slot) => slot.input === input.name))
    .map((input) => `--${input.name} VALUE`);
  return ['usage: keyturn', command.name, ...words, ...required, '[--input VALUE]...', '[--json]'].join(' ');
}

export function commandHelp(command: ActionCommand, printer: Pick<Printer, 'columns'>): string {
  const width = Math.min(printer.columns, 100);
  const flagRows: string[][] = [];
  const secretRows: string[][] = [];
  for (const input of command.spec.inputs) {
    const notes: string[] = [];
    if (input.required) notes.push('required.');
    if (input.default !== undefined && input.default !== '' && !isBooleanInput(input)) {
      notes.push(input.default.includes('${{') ? '' : `Default ${input.default}.`);
    }
    if (MULTI_LINE_INPUTS.has(input.name)) notes.push('Repeat the flag for each line.');
    const text = [notes.filter(Boolean).join(' '), input.description].filter(Boolean).join(' ');
    if (SECRET_INPUTS.has(input.name)) {
      secretRows.push([`  ${keyturnVariable(input.name)}`, `(${input.name}) ${text}`]);
      continue;
    }
    const slot = (command.positionals ?? []).find((candidate) => candidate.input === input.name);
    const flag = slot
      ? `  ${slot.label}, --${input.name} VALUE`
      : isBooleanInput(input)
        ? `  --${input.name} [true|false]`
        : `  --${input.name} VALUE`;
    flagRows.push([flag, isBooleanInput(input) ? `Default ${input.default}. ${text}` : text]);
  }
  flagRows.push(['  --json', 'Print one JSON document (outputs, failure) on stdout; everything else goes to stderr.']);
  flagRows.push(['  -h, --help', 'This help.']);
  const table = (rows: string[][]) => {
    const nameWidth = Math.min(Math.max(...rows.map((row) => (row[0] ?? '').length)), 36);
    return rows.map(([name = '', text = '']) => {
      const description = wrap(text, Math.max(width - nameWidth - 2, 30), nameWidth + 2);
      return name.length > nameWidth
        ? `${name}\n${' '.repeat(nameWidth + 2)}${description}`
        : `${name.padEnd(nameWidth)}  ${description}`;
    });
  };
  const lines = [
    `keyturn ${command.name}: ${wrap(command.spec.description, width - command.name.length - 10, 2)}`,
    '',
    usageLine(command),
    '',
    'inputs (flags, or KEYTURN_<NAME> in the environment):',
    ...table(flagRows),
  ];
  if (secretRows.length > 0) {
    lines.push(
      '',
      'secret inputs (never flags: from the environment, or asked for at a terminal):',
      ...table(secretRows),
      `  The runner's names (${command.spec.inputs
        .filter((input) => SECRET_INPUTS.has(input.name))
        .map((input) => inputVariableName(input.name))
        .join(', ')}) are read too.`,
    );
  }
  if (command.spec.outputs.length > 0) {
    lines.push(
      '',
      'outputs (shown at the end; --json prints them):',
      ...table(command.spec.outputs.map((output) => [`  ${output.name}`, output.description])),
    );
  }
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'examples:', ...command.examples.map((example) => `  ${example}`));
  }
  lines.push('', ...exitCodeLines());
  if (command.failureMeans) lines.push(`  For ${command.name}, 1 means ${command.failureMeans}.`);
  return lines.join('\n');
}
