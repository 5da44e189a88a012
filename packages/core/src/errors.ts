/**
 * Every failure keyturn reports falls in one of two families, so a user can
 * tell at a glance whether to fix their workflow or wait for a service:
 * - InputError: the user's configuration is wrong; nothing was changed.
 * - UpstreamError: a service answered badly or not at all.
 * Messages never hold a secret value: callers pass names, not values.
 */
export class KeyturnError extends Error {
  override name = 'KeyturnError';
}

export class InputError extends KeyturnError {
  override name = 'InputError';
  readonly input: string;
  readonly problem: string;
  readonly fix: string;

  constructor(input: string, problem: string, fix: string) {
    super(`input '${input}' ${problem}. ${fix}`);
    this.input = input;
    this.problem = problem;
    this.fix = fix;
  }
}

export interface UpstreamErrorDetails {
  /** The service, as a user knows it: "GitHub", "AWS SSM", "Heroku". */
  service: string;
  /** HTTP status, when the service answered at all. */
  status?: number;
  /** True when trying again later may succeed (throttling, 5xx, network). */
  retryable: boolean;
  /** How long the service asked us to wait, when it said. */
  retryAfterMs?: number;
}

export class UpstreamError extends KeyturnError {
  override name = 'UpstreamError';
  readonly service: string;
  /** The message without the service prefix. */
  readonly detail: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: UpstreamErrorDetails) {
    const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
    super(`${details.service}${status}: ${message}`);
    this.service = details.service;
    this.detail = message;
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * How a workflow gives keyturn AWS access, as every AWS error's fix says it.
 * One phrase, so the CLI can say the terminal way instead (its terminal
 * runner swaps exactly this text).
 */
export const CONFIGURE_AWS_IN_WORKFLOW = 'configure AWS first with aws-actions/configure-aws-credentials';

/** A check the run performs failed, as opposed to a request failing. */
export class CheckFailedError extends KeyturnError {
  override name = 'CheckFailedError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
