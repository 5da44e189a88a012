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

/**
 * An error's message, with any excerpt of a body JSON.parse quoted taken
 * out: V8's message shows up to 10 characters around the bad token
 * (`Unexpected token 'k', ..."Value":kt9Xq2LmW7"... is not valid JSON`), and
 * the SDKs pass it on as theirs. A body that starts with, or breaks at, a
 * value would put part of it in the log; no body is ever quoted.
 */
export function errorMessage(error: unknown): string {
  return withoutQuotedBody(error instanceof Error ? error.message : String(error));
}

const QUOTED_JSON_BODY = /Unexpected token '.*?', (?:\.\.\.)?".*?"(?:\.\.\.)? is not valid JSON/gs;

/** `text` without the body excerpts JSON.parse's messages quote. */
export function withoutQuotedBody(text: string): string {
  return text.replace(QUOTED_JSON_BODY, 'the body is not valid JSON (not quoted)');
}
