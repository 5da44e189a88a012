import type { Runner } from '@keyturn/core';

/**
 * A Runner for logic tests: inputs from a map, everything the action says
 * recorded, so a test can assert on logs, outputs, summary and masks.
 */
export interface RecordingRunner extends Runner {
  readonly outputs: Record<string, string>;
  readonly masked: string[];
  readonly logs: string[];
  readonly summary: string[];
  failed: string | undefined;
  /** Every text the action produced (logs, outputs, summary, failure). */
  everything(): string;
}

export function createRecordingRunner(
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
): RecordingRunner {
  const outputs: Record<string, string> = {};
  const masked: string[] = [];
  const logs: string[] = [];
  const summary: string[] = [];
  const runner: RecordingRunner = {
    outputs,
    masked,
    logs,
    summary,
    failed: undefined,
    env,
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    setSecret: (value) => {
      masked.push(value);
    },
    debug: (message) => {
      logs.push(`debug: ${message}`);
    },
    info: (message) => {
      logs.push(message);
    },
    warning: (message) => {
      logs.push(`warning: ${message}`);
    },
    error: (message) => {
      logs.push(`error: ${message}`);
    },
    isDebug: () => env.RUNNER_DEBUG === '1',
    appendSummary: async (markdown) => {
      summary.push(markdown);
    },
    setFailed: (message) => {
      runner.failed = message;
    },
    everything: () => [...logs, ...Object.values(outputs), ...summary, runner.failed ?? ''].join('\n'),
  };
  return runner;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}
