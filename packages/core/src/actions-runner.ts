import type { Runner } from './runner';
import { appendToFile, formatCommand, formatFileCommandEntry, inputVariableName } from './workflow-commands';

export interface ActionsRunnerIo {
  env: NodeJS.ProcessEnv;
  /** Writes one line to the log (stdout on a runner). */
  writeLine: (line: string) => void;
  setExitCode: (code: number) => void;
}

const processIo: ActionsRunnerIo = {
  env: process.env,
  writeLine: (line) => {
    process.stdout.write(`${line}\n`);
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** The Runner over the real runtime. Outside a runner (a terminal, the CLI),
 * outputs and the summary go to the log instead of the missing files. */
export function createActionsRunner(io: ActionsRunnerIo = processIo): Runner {
  const { env, writeLine } = io;
  return {
    getInput: (name) => (env[inputVariableName(name)] ?? '').trim(),
    setOutput: (name, value) => {
      if (env.GITHUB_OUTPUT) appendToFile(env.GITHUB_OUTPUT, formatFileCommandEntry(name, value));
      else writeLine(`output ${name}=${value}`);
    },
    setSecret: (value) => writeLine(formatCommand('add-mask', value)),
    debug: (message) => writeLine(formatCommand('debug', message)),
    info: (message) => writeLine(message),
    warning: (message) => writeLine(formatCommand('warning', message)),
    error: (message) => writeLine(formatCommand('error', message)),
    isDebug: () => env.RUNNER_DEBUG === '1',
    appendSummary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) appendToFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
      else writeLine(markdown);
    },
    setFailed: (message) => {
      io.setExitCode(1);
      writeLine(formatCommand('error', message));
    },
    env,
  };
}
