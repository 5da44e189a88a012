import { createActionsRunner, inputVariableName, type Runner } from '@keyturn/core';

/**
 * The Runner for a terminal: the Actions runner with the command line's
 * inputs as INPUT_* variables and no runner files, so outputs and the summary
 * are printed. Off a runner it masks values itself (see createActionsRunner).
 */
export function createCliRunner(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
  writeLine: (line: string) => void,
  setExitCode: (code: number) => void,
): Runner {
  const inputEnv: NodeJS.ProcessEnv = { ...env, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' };
  for (const [name, value] of Object.entries(inputs)) inputEnv[inputVariableName(name)] = value;
  return createActionsRunner({ env: inputEnv, writeLine, setExitCode });
}
