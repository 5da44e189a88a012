import { type AuditLog, auditContextFromEnv, createAuditLog } from './audit';
import { type Clock, realSleep, type Sleep, systemClock } from './clock';
import { type ActionSpec, refuseUndeclaredInputs } from './declared-inputs';
import { errorMessage, InputError, KeyturnError } from './errors';
import { InputReader } from './inputs';
import type { Runner } from './runner';
import { SecretRegistry } from './secrets';

/** What every action's logic receives: nothing global, all injectable. */
export interface ActionContext {
  readonly action: string;
  /** A view of the runner that scrubs registered secrets from every message,
   * output and summary it is given. */
  readonly runner: Runner;
  readonly secrets: SecretRegistry;
  readonly inputs: InputReader;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly audit: AuditLog;
  /** Sets an output that is meant to carry a secret (it must be masked). */
  setSecretOutput(name: string, value: string): void;
}

export interface ActionDeps {
  runner: Runner;
  clock?: Clock;
  sleep?: Sleep;
  /** The action's action.yml, read at build time: an input it does not
   * declare fails the run before anything else is done. */
  spec?: ActionSpec;
  /** How a user's mistake about an input reads where this run was started:
   * the CLI names flags and environment variables, not `with:` keys. */
  describeInputError?: (error: InputError) => string;
}

export const DEFAULT_AUDIT_LOG = 'keyturn-audit.jsonl';

function redactingRunner(runner: Runner, secrets: SecretRegistry): Runner {
  const scrub = secrets.redact.bind(secrets);
  return {
    getInput: (name) => runner.getInput(name),
    setOutput: (name, value) => runner.setOutput(name, scrub(value)),
    setSecret: (value) => secrets.mask(value),
    debug: (message) => runner.debug(scrub(message)),
    info: (message) => runner.info(scrub(message)),
    warning: (message) => runner.warning(scrub(message)),
    error: (message) => runner.error(scrub(message)),
    isDebug: () => runner.isDebug(),
    appendSummary: (markdown) => runner.appendSummary(scrub(markdown)),
    setFailed: (message) => runner.setFailed(scrub(message)),
    progress: (done, total, unit) => runner.progress?.(done, total, unit),
    env: runner.env,
  };
}

/**
 * The one wrapper every action runs in. It builds the context, runs the logic,
 * and turns any failure into `keyturn/<action>: <message>` with exit code 1.
 * User mistakes and upstream failures read as written; anything else is a bug
 * and says so. No stack trace is printed unless debug logging is on, and then
 * scrubbed like every other line.
 */
export async function runAction(
  action: string,
  deps: ActionDeps,
  main: (context: ActionContext) => Promise<void>,
): Promise<boolean> {
  const secrets = new SecretRegistry(deps.runner);
  const runner = redactingRunner(deps.runner, secrets);
  const clock = deps.clock ?? systemClock;
  try {
    if (deps.spec) refuseUndeclaredInputs(runner.env, deps.spec);
    const inputs = new InputReader((name) => runner.getInput(name), secrets);
    const auditPath = inputs.string('audit-log', DEFAULT_AUDIT_LOG);
    const context: ActionContext = {
      action,
      runner,
      secrets,
      inputs,
      clock,
      sleep: deps.sleep ?? realSleep,
      audit: createAuditLog(auditPath, auditContextFromEnv(runner.env), secrets, () => clock.now()),
      setSecretOutput(name, value) {
        if (value !== '' && !secrets.isMasked(value)) {
          throw new Error(`output '${name}' would carry a value that was never masked`);
        }
        deps.runner.setOutput(name, value);
      },
    };
    await main(context);
    return true;
  } catch (error) {
    const known = error instanceof KeyturnError;
    const message = known
      ? error instanceof InputError && deps.describeInputError
        ? deps.describeInputError(error)
        : error.message
      : `unexpected error: ${errorMessage(error)}. This is a bug in keyturn; please report it with a debug log.`;
    if (!known && error instanceof Error && error.stack && runner.isDebug()) runner.debug(error.stack);
    runner.setFailed(`keyturn/${action}: ${message}`);
    return false;
  }
}
