import type { Runner } from './runner';
import { SecretRegistry } from './secrets';
import {
  appendToFile,
  escapeLogText,
  formatCommand,
  formatFileCommandEntry,
  inputVariableName,
} from './workflow-commands';

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

/**
 * The Runner over the real runtime. On a runner, `::add-mask::` hands each
 * secret to the runner's masker. Anywhere else (a terminal, the CLI) nothing
 * would consume that command, so values are masked here instead: never
 * echoed, and scrubbed from every line written; outputs and the summary,
 * having no files to go to, are written to the log the same way.
 */
export function createActionsRunner(io: ActionsRunnerIo = processIo): Runner {
  const { env } = io;
  const onRunner = env.GITHUB_ACTIONS === 'true';
  const shown = new SecretRegistry({ setSecret: () => undefined });
  const writeLine = onRunner ? io.writeLine : (line: string) => io.writeLine(shown.redact(line));
  // Plain text (never a command keyturn means to send) always passes the one
  // escaping point, so foreign text inside it cannot start a workflow command.
  const writeText = (text: string) => writeLine(escapeLogText(text));
  return {
    getInput: (name) => (env[inputVariableName(name)] ?? '').trim(),
    setOutput: (name, value) => {
      if (env.GITHUB_OUTPUT) appendToFile(env.GITHUB_OUTPUT, formatFileCommandEntry(name, value));
      else writeText(`output ${name}=${value}`);
    },
    setSecret: (value) => {
      if (onRunner) writeLine(formatCommand('add-mask', value));
      else shown.mask(value);
    },
    debug: (message) => writeLine(formatCommand('debug', message)),
    info: (message) => writeText(message),
    warning: (message) => writeLine(formatCommand('warning', message)),
    error: (message) => writeLine(formatCommand('error', message)),
    isDebug: () => env.RUNNER_DEBUG === '1',
    appendSummary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) appendToFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
      else writeText(markdown);
    },
    setFailed: (message) => {
      io.setExitCode(1);
      writeLine(formatCommand('error', message));
    },
    env,
  };
}
