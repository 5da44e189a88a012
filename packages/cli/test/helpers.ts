import { runCli } from '../src/cli';

/** Runs the CLI in-process, collecting what it prints and its exit code. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  let code = 0;
  await runCli({
    argv,
    env: { 'INPUT_AUDIT-LOG': '/dev/null', ...env },
    writeLine: (line) => lines.push(line),
    setExitCode: (value) => {
      code = value;
    },
  });
  return { code, text: lines.join('\n') };
}
