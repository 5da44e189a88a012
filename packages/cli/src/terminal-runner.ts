import { CONFIGURE_AWS_IN_WORKFLOW, type Runner, SecretRegistry } from '@keyturn/core';
import { markdownToText, neutralizeControls, type Printer } from './output';

/** What a person at a terminal does instead of adding a workflow step. */
export const CONFIGURE_AWS_AT_TERMINAL =
  'configure AWS first: export AWS_PROFILE=… (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_REGION';

export interface TerminalRunner extends Runner {
  /** Outputs set by the action, scrubbed; shown or printed as JSON at the end. */
  readonly outputs: Record<string, string>;
  /** The failure message, when the run failed. */
  readonly failure: string | undefined;
}

/**
 * The Runner for a person at a terminal. Nothing here speaks the runner's
 * protocol: no `::error::`, no `%0A`, no `output x=` lines. What the action
 * says goes to stderr as plain lines (warnings and errors marked, in colour
 * on a terminal), the job summary is rendered as text on stdout, and the
 * outputs are kept for the end of the run. There is no runner to mask
 * values, so every line is scrubbed of the values registered as secrets.
 *
 * `json`: stdout carries only the final JSON document; the summary goes to
 * stderr with the rest.
 */
export function createTerminalRunner(options: {
  env: Readonly<Record<string, string | undefined>>;
  getInput: (name: string) => string;
  out: Printer;
  err: Printer;
  json: boolean;
  setExitCode: (code: number) => void;
}): TerminalRunner {
  const { out, err, env } = options;
  const shown = new SecretRegistry({ setSecret: () => undefined });
  // A fix written for a workflow is said the terminal way.
  const clean = (text: string) =>
    neutralizeControls(shown.redact(text)).replaceAll(CONFIGURE_AWS_IN_WORKFLOW, CONFIGURE_AWS_AT_TERMINAL);
  const say = (printer: Printer, text: string, prefix = '') => {
    for (const line of clean(text).split('\n')) printer.line(`${prefix}${line}`);
  };
  const debugging = env.RUNNER_DEBUG === '1' || env.KEYTURN_DEBUG === '1';
  const outputs: Record<string, string> = {};
  let failure: string | undefined;
  return {
    outputs,
    get failure() {
      return failure;
    },
    getInput: options.getInput,
    setOutput: (name, value) => {
      outputs[name] = shown.redact(value);
    },
    setSecret: (value) => shown.mask(value),
    debug: (message) => {
      if (debugging) say(err, message, err.style('dim', 'debug: '));
    },
    info: (message) => say(err, message),
    warning: (message) => say(err, message, err.style('yellow', 'warning: ')),
    error: (message) => say(err, message, err.style('red', 'error: ')),
    isDebug: () => debugging,
    appendSummary: async (markdown) => {
      const printer = options.json ? err : out;
      printer.line();
      for (const line of markdownToText(clean(markdown))) {
        printer.line(line);
      }
    },
    setFailed: (message) => {
      // `keyturn/verify: …` names the action for a runner's log; here it is a command.
      const [, action = '', rest = message] = /^keyturn\/([\w-]+): ([\s\S]*)$/.exec(message) ?? [];
      failure = clean(rest);
      options.setExitCode(1);
      say(err, rest, err.style('red', action ? `keyturn ${action} failed: ` : 'keyturn failed: '));
    },
    progress: (done, total, unit) => {
      err.status(`${progressText(done, total, unit)}${done === total ? '' : '…'}`);
      if (done === total) err.status('');
    },
    env,
  };
}

/** `37/200 targets`, or for bytes `412/1024 MiB (40%)`. */
export function progressText(done: number, total: number, unit: string): string {
  if (unit !== 'bytes') return `${done}/${total} ${unit}`;
  const mib = (bytes: number) => Math.round(bytes / 1_048_576);
  const percent = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
  return `${mib(done)}/${mib(total)} MiB${percent}`;
}
