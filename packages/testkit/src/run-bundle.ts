import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputVariableName as inputVariable } from '@keyturn/core';

/**
 * Runs an action's bundled dist/index.js the way the runner does: inputs as
 * INPUT_* variables, fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and the
 * Node that runs the tests (Node 24 under `npm test`, as `runs.using: node24`).
 */
export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Outputs parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  summary: string;
  /** The audit log's text ('' when none was written). */
  audit: string;
  /** Every text the run produced, for canary checks: stdout, stderr, the
   * output file, the summary and the audit log. */
  everything: string;
}

export interface BundleOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  timeoutMs?: number;
  cwd?: string;
  /** Arguments after the bundle: a CLI's command line (`rotate api-token`). */
  args?: readonly string[];
}

/** Parses the GITHUB_OUTPUT file format: `name=value` or heredoc blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

export async function runBundle(bundle: string, options: BundleOptions = {}): Promise<BundleRun> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-bundle-'));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const auditPath = join(dir, 'audit.jsonl');
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTOR: 'octocat',
    GITHUB_REPOSITORY: 'acme/keyturn-tests',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: dir,
    [inputVariable('audit-log')]: auditPath,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;

  try {
    const child = spawn(process.execPath, [bundle, ...(options.args ?? [])], {
      env,
      cwd: options.cwd ?? dir,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    const outputText = await readFile(outputPath, 'utf8');
    const summary = await readFile(summaryPath, 'utf8');
    const audit = await readFile(auditPath, 'utf8').catch(() => '');
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(outputText),
      summary,
      audit,
      everything: [stdout, stderr, outputText, summary, audit].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Drops the `::add-mask::` commands: they are how a value reaches the
 * runner's masker, consumed by the runner and never shown in a log. */
export function withoutMaskCommands(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}
