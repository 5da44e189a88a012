import { createActionsRunner, inputVariableName, type Runner } from '@keyturn/core';

/**
 * The Runner for a terminal. A terminal has no runner to consume
 * `::add-mask::`, so masking happens here: every line is scrubbed of the
 * values registered so far, and outputs are printed the same way.
 */
export function createCliRunner(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
  writeLine: (line: string) => void,
  setExitCode: (code: number) => void,
): Runner {
  const masked = new Set<string>();
  const scrub = (line: string) => {
    let out = line;
    for (const value of [...masked].sort((a, b) => b.length - a.length)) out = out.split(value).join('***');
    return out;
  };
  const inputEnv: NodeJS.ProcessEnv = { ...env, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' };
  for (const [name, value] of Object.entries(inputs)) inputEnv[inputVariableName(name)] = value;
  const base = createActionsRunner({ env: inputEnv, writeLine: (line) => writeLine(scrub(line)), setExitCode });
  return {
    ...base,
    setSecret: (value) => {
      if (value !== '') masked.add(value);
    },
  };
}
