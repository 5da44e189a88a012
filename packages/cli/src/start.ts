import { runCli } from './cli';
import { processStream } from './output';
import { promptSecret } from './prompt';

export async function start(bundleFile: string): Promise<void> {
  const stderr = processStream(process.stderr);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  process.exitCode = await runCli({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: processStream(process.stdout),
    stderr,
    prompt: interactive ? (question) => promptSecret(process.stdin, stderr, question) : undefined,
    // Only a command that runs until stopped listens: anywhere else Ctrl-C ends keyturn at once.
    waitForInterrupt: () => new Promise((resolve) => process.once('SIGINT', () => resolve())),
    bundleFile,
  });
}
