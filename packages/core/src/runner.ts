/**
 * The port between keyturn and the GitHub Actions runtime. The real adapter
 * (actions-runner.ts) speaks the runner's workflow and file commands; tests
 * pass a recording fake. Logic only sees this interface, so it runs in a
 * terminal (the CLI) or a test exactly as on a runner.
 */
export interface Runner {
  /** The raw input, '' when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Tells the runner to mask a value in every later log line. */
  setSecret(value: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  isDebug(): boolean;
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  /** How far long work has come (`done` of `total` units: targets, bytes).
   * A terminal shows it as one rewritten line; the runner's log ignores it. */
  progress?(done: number, total: number, unit: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}
