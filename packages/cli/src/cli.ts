import {
  type ActionContext,
  closestName,
  createActionsRunner,
  type InputError,
  inputVariableName,
  runAction,
} from '@keyturn/core';
import { gatherInputs, parseActionArgs } from './args';
import { type ActionCommand, type Command, type CommandHost, UsageError } from './command';
import { COMMANDS } from './commands';
import { commandHelp, topLevelHelp } from './help';
import { createPrinter, type Printer, type Stream } from './output';
import { keyturnVariable, SECRET_INPUTS, secretHowTo } from './secret-inputs';
import { createTerminalRunner } from './terminal-runner';
import { VERSION } from './version';

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Stream;
  readonly stderr: Stream;
  /**
   * Asks for a secret without echo; undefined when there is no terminal to
   * ask at. Resolves to the answer ('' for none).
   */
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  /** Resolves on Ctrl-C, for commands that run until stopped. */
  readonly waitForInterrupt?: () => Promise<void>;
  /** The bundle file this process runs (worker threads start from it). */
  readonly bundleFile?: string | undefined;
}

/** Runs the command line; resolves to the exit code (0 done, 1 failed, 2 bad usage or input). */
export async function runCli(io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const out = createPrinter(io.stdout, io.env);
  const err = createPrinter(io.stderr, io.env);
  const [first, ...rest] = io.argv;
  if (first === undefined) {
    err.line(topLevelHelp(commands, VERSION));
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const about = rest[0] === undefined ? undefined : commands.find((command) => command.name === rest[0]);
    if (about) return runCli({ ...io, argv: [about.name, '--help'] }, commands);
    out.line(topLevelHelp(commands, VERSION));
    return rest[0] === undefined ? 0 : usage(err, unknownCommand(rest[0], commands));
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    out.line(`keyturn ${VERSION} (Node.js ${process.versions.node})`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === first);
  if (!command) return usage(err, unknownCommand(first, commands));
  if (command.kind === 'tool') {
    if (rest.includes('--help') || rest.includes('-h')) {
      out.line(command.help);
      return 0;
    }
    return command.run({
      argv: rest,
      env: io.env,
      out,
      err,
      waitForInterrupt: io.waitForInterrupt ?? (() => new Promise(() => {})),
    });
  }
  try {
    return await runActionCommand(command, rest, io, out, err, commands);
  } catch (error) {
    if (error instanceof UsageError) return usage(err, error);
    throw error;
  }
}

function usage(err: Printer, error: UsageError): number {
  err.line(`${err.style('red', 'keyturn:')} ${error.message}`);
  return 2;
}

function unknownCommand(word: string, commands: readonly Command[]): UsageError {
  const names = commands.map((command) => command.name);
  const nearest = closestName(word.replace(/^-+/, ''), names);
  const what = word.startsWith('-') ? `${word} is not a flag of keyturn itself` : `no command '${word}'`;
  return new UsageError(
    `${what}. ${nearest === undefined ? '' : `Did you mean ${nearest}? `}Commands: ${names.join(', ')} (keyturn --help).`,
  );
}

function everyInputName(commands: readonly Command[]): Set<string> {
  const names = new Set<string>();
  for (const command of commands) {
    if (command.kind === 'action') for (const input of command.spec.inputs) names.add(input.name);
  }
  return names;
}

/** An action's InputError, as a person at a terminal fixes it: a flag or a variable, not a with: key. */
export function terminalInputMessage(command: ActionCommand, error: InputError): string {
  const workflowOnly = (sentence: string) => /\$\{\{|\bwith:|\bsecrets\./.test(sentence);
  const fix = error.fix
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !workflowOnly(sentence))
    .join(' ');
  const slot = (command.positionals ?? []).find((candidate) => candidate.input === error.input);
  if (SECRET_INPUTS.has(error.input)) {
    const missing = /required|empty|not given|missing/.test(error.problem);
    const how = missing
      ? `Set it with ${secretHowTo(error.input)}.`
      : `Unset ${keyturnVariable(error.input)} for this command.`;
    return `${keyturnVariable(error.input)} (the secret input ${error.input}) ${error.problem}. ${[fix, how].filter(Boolean).join(' ')}`;
  }
  const name = slot ? `${slot.label} (--${error.input})` : `--${error.input}`;
  return `${name} ${error.problem}. ${fix}`.trimEnd();
}

async function runActionCommand(
  command: ActionCommand,
  argv: readonly string[],
  io: CliIo,
  out: Printer,
  err: Printer,
  commands: readonly Command[],
): Promise<number> {
  const args = parseActionArgs(command, argv);
  if (args.help) {
    out.line(commandHelp(command, out));
    return 0;
  }
  const inputs = gatherInputs(command, args.flags, io.env, everyInputName(commands));
  for (const name of (await command.promptFor?.(inputs)) ?? []) {
    if (name in inputs || !SECRET_INPUTS.has(name) || !io.prompt) continue;
    inputs[name] = await io.prompt(`${name} (${keyturnVariable(name)}; typing is not shown, Enter for none): `);
  }
  // The action.yml defaults, as the runner passes them; an expression
  // (${{ github.api_url }}) has nothing to stand for here.
  for (const input of command.spec.inputs) {
    if (!(input.name in inputs) && input.default !== undefined && !input.default.includes('${{')) {
      inputs[input.name] = input.default;
    }
  }
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(io.env)) {
    if (!name.startsWith('INPUT_')) env[name] = value;
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariableName(name)] = value;

  let exitCode = 0;
  let inputError = false;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const describeInputError = (error: InputError) => {
    inputError = true;
    return terminalInputMessage(command, error);
  };
  let report: unknown;
  const host: CommandHost = {
    bundleFile: io.bundleFile,
    report: (value) => {
      report = value;
    },
  };
  const run = (context: ActionContext) => command.run(context, host);
  const onRunner = io.env.GITHUB_ACTIONS === 'true' && !args.json;
  if (onRunner) {
    // Inside a workflow: the runner's format, outputs to its files.
    // The message reads as the runner's (with: keys); the exit code is still
    // the CLI's promise, 2 for an input the caller got wrong.
    const runner = createActionsRunner({ env, writeLine: (line) => out.line(line), setExitCode });
    const markInputError = (error: InputError) => {
      inputError = true;
      return error.message;
    };
    await runAction(command.name, { runner, spec: command.spec, describeInputError: markInputError }, run);
    return inputError ? 2 : exitCode;
  }
  const runner = createTerminalRunner({
    env,
    getInput: (name) => (env[inputVariableName(name)] ?? '').trim(),
    out,
    err,
    json: args.json,
    setExitCode,
  });
  await runAction(command.name, { runner, spec: command.spec, describeInputError }, run);
  if (inputError) exitCode = 2;
  if (args.json) {
    out.line(
      JSON.stringify({
        command: command.name,
        ok: exitCode === 0,
        exitCode,
        outputs: runner.outputs,
        ...(runner.failure === undefined ? {} : { error: runner.failure }),
        ...(report === undefined ? {} : { report }),
      }),
    );
  } else if (Object.keys(runner.outputs).length > 0) {
    out.line();
    out.line(out.style('bold', 'outputs'));
    const width = Math.max(...Object.keys(runner.outputs).map((name) => name.length));
    for (const [name, value] of Object.entries(runner.outputs)) {
      const shown = /^[[{]/.test(value)
        ? '(JSON; --json prints it)'
        : value.includes('\n')
          ? `(${value.split('\n').length} lines; --json prints them)`
          : value === ''
            ? "''"
            : value;
      out.line(`  ${name.padEnd(width)}  ${shown}`);
    }
  }
  return exitCode;
}
