import { runCli } from '../src/cli';
import type { Command } from '../src/command';
import type { Stream } from '../src/output';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "never printed" checks. */
  text: string;
}

export interface CliOptions {
  /** Both streams are terminals (colour, progress lines). */
  tty?: boolean;
  /** Answers to secret prompts, by input name; no prompt is offered when unset. */
  answers?: Record<string, string>;
  commands?: readonly Command[];
  /** Resolves the interruption a tool command waits for. */
  interrupt?: Promise<void>;
}

/** Runs the CLI in-process, collecting what it prints and its exit code. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stream = (write: (text: string) => void): Stream => ({ isTTY: options.tty ?? false, columns: 100, write });
  const asked: string[] = [];
  const code = await runCli(
    {
      argv,
      env: { 'INPUT_AUDIT-LOG': '/dev/null', ...env },
      stdout: stream((text) => {
        stdout += text;
      }),
      stderr: stream((text) => {
        stderr += text;
      }),
      prompt: options.answers
        ? async (question) => {
            const name = question.split(' ')[0] ?? '';
            asked.push(name);
            return options.answers?.[name] ?? '';
          }
        : undefined,
      ...(options.interrupt ? { waitForInterrupt: () => options.interrupt as Promise<void> } : {}),
    },
    ...(options.commands ? [options.commands] : []),
  );
  return { code, stdout, stderr, text: `${stdout}${stderr}` };
}
