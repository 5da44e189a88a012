import type { ActionContext, ActionSpec } from '@keyturn/core';
import type { Printer } from './output';

/** A word after the command name that stands for an input: `keyturn rotate ID`. */
export interface Positional {
  readonly input: string;
  /** How usage and messages show it: `ID`, `ARCHIVE`. */
  readonly label: string;
}

/**
 * A command that runs an action: its flags, `--help`, defaults and the check
 * for undeclared inputs all come from the action's action.yml (`spec`, read
 * at build time), and it runs the same `main` as the action's entry.
 * Adding one is a single entry in ./commands.ts.
 */
export interface ActionCommand {
  readonly kind: 'action';
  readonly name: string;
  readonly spec: ActionSpec;
  readonly positionals?: readonly Positional[];
  /**
   * Secret inputs to ask for at a terminal when the environment has none,
   * given the inputs already known (say, github-token only when a target is
   * on GitHub). Secrets not listed are simply left unset.
   */
  readonly promptFor?: (known: Readonly<Record<string, string>>) => readonly string[] | Promise<readonly string[]>;
  /**
   * Secret inputs this mode refuses, given the inputs known (rotate-pat's
   * check-only takes no credential but `token`): left unset when they come
   * only from a shared KEYTURN_* variable.
   */
  readonly unusedSecrets?: (known: Readonly<Record<string, string>>) => readonly string[];
  /** Shown under `--help`, one command line each. */
  readonly examples?: readonly string[];
  /** What exit code 1 means for this command. */
  readonly failureMeans?: string;
  readonly run: (context: ActionContext, host: CommandHost) => Promise<void>;
}

/** What the CLI gives a command besides the action's context. */
export interface CommandHost {
  /** The bundle this process runs, which worker threads can start from;
   * undefined when run from sources. */
  readonly bundleFile: string | undefined;
  /** Data that `--json` prints as `report` (keyturn audit-image's findings). */
  report(value: unknown): void;
}

export interface ToolIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: Printer;
  readonly err: Printer;
  /** Resolves when the user asks to stop (Ctrl-C); tests resolve it themselves. */
  readonly waitForInterrupt: () => Promise<void>;
}

/** A command that is not an action (`keyturn emulators`). */
export interface ToolCommand {
  readonly kind: 'tool';
  readonly name: string;
  readonly summary: string;
  /** The text of `keyturn NAME --help`. */
  readonly help: string;
  /** The exit code. */
  readonly run: (io: ToolIo) => Promise<number>;
}

export type Command = ActionCommand | ToolCommand;

/** A mistake on the command line: exit 2, nothing sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}
