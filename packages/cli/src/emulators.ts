import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolCommand } from './command';

/** The repository the bundle sits in (packages/cli/dist/index.js, or src/ under tests). */
const root = `${resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')}/`;

/**
 * `keyturn emulators` runs scripts/emulators.ts from the clone: the emulators
 * live in packages/testkit and check GitHub requests against
 * @octokit/openapi (13 MB), so they stay out of the CLI's bundle and need
 * the clone's `npm ci`.
 */
export const emulatorsCommand: ToolCommand = {
  kind: 'tool',
  name: 'emulators',
  summary:
    'Start local emulators of GitHub, AWS SSM, Secrets Manager, IAM and STS, Infisical, Heroku and Fly.io, and print the exports that point keyturn at them.',
  help: [
    'keyturn emulators: start every keyturn test emulator on 127.0.0.1 and seed a small world',
    '(a GitHub repo with an environment, a Heroku app, an SSM parameter, an Infisical',
    'secret, and an API that accepts the token they hold).',
    '',
    'usage: keyturn emulators [--json]',
    '',
    'It prints `export …` lines (KEYTURN_GITHUB_API_URL, KEYTURN_GITHUB_TOKEN, AWS_ENDPOINT_URL_SSM, …)',
    'to paste into another shell, and commands to try there. Ctrl-C stops the emulators.',
    '--json prints the settings as one JSON document. Runs from a clone after npm ci.',
    '',
    'exit codes: 0 stopped by Ctrl-C; 2 bad usage, or not run from a clone with npm ci done.',
  ].join('\n'),
  async run(io) {
    const unknown = io.argv.find((arg) => arg !== '--json');
    if (unknown !== undefined) {
      io.err.line(
        `keyturn: ${unknown} is not a flag of keyturn emulators; it takes only --json (keyturn emulators --help).`,
      );
      return 2;
    }
    const script = `${root}scripts/emulators.ts`;
    const loader = `${root}scripts/register-ts.mjs`;
    if (!existsSync(script) || !existsSync(`${root}node_modules/@octokit/openapi`)) {
      io.err.line(
        `keyturn: keyturn emulators runs from a clone of the keyturn repository after npm ci (looked in ${root}).`,
      );
      return 2;
    }
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', '--import', loader, script, ...io.argv],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout.setEncoding('utf8');
    let pending = '';
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) io.out.line(line);
    });
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
    // Ctrl-C reaches the emulators too (same terminal); stopping them is theirs.
    void io.waitForInterrupt().then(() => child.kill('SIGINT'));
    return exited;
  },
};
