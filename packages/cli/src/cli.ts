import { runAction } from '@keyturn/core';
import { ACTIONS } from './actions';
import { parseArgs, UsageError } from './args';
import { createCliRunner } from './cli-runner';

const HELP = `keyturn: secret rotation from a terminal, the same engine as the actions.

usage: keyturn <action> [--input value]... [--dry-run]

actions: ${Object.keys(ACTIONS).join(', ')}
Inputs are the action's inputs by name (see its action.yml); repeat a flag
for a multi-line input such as --targets. Secret inputs (token, value,
github-token, …) come from the environment as INPUT_<NAME>, never from flags.

example:
  INPUT_TOKEN=$OLD_TOKEN keyturn verify --url https://api.example.com/me --expect 401 --within 10m
`;

export interface CliIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  writeLine: (line: string) => void;
  setExitCode: (code: number) => void;
}

export async function runCli(io: CliIo): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.writeLine(`keyturn: ${error.message}`);
    io.setExitCode(2);
    return;
  }
  if (args === 'help') {
    io.writeLine(HELP);
    return;
  }
  const main = ACTIONS[args.action];
  if (!main) {
    io.writeLine(`keyturn: no action '${args.action}'; there are: ${Object.keys(ACTIONS).join(', ')}`);
    io.setExitCode(2);
    return;
  }
  const runner = createCliRunner(args.inputs, io.env, io.writeLine, io.setExitCode);
  await runAction(args.action, { runner }, main);
}
