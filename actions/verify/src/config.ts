import {
  credentialUrlProblem,
  InputError,
  type InputReader,
  LONGEST_REQUEST,
  LONGEST_WAIT,
  parseStatusList,
  type StatusExpectation,
  StatusListSyntaxError,
} from '@keyturn/core';
import type { AuthScheme } from '@keyturn/core/adapters/http-verifier';

export interface VerifyConfig {
  url: URL;
  method: string;
  token: string | undefined;
  auth: AuthScheme;
  expect: StatusExpectation;
  withinMs: number;
  intervalMs: number;
  timeoutMs: number;
  dryRun: boolean;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Methods that change nothing on a well-behaved server: sent even in a dry run. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('url', `is not a URL`, 'Give an absolute URL such as https://api.example.com/health.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('url', `uses ${url.protocol}`, 'Use an http:// or https:// URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError('url', 'holds a user name or password', "Pass the credential in 'token' with auth: basic.");
  }
  return url;
}

function parseAuth(text: string): AuthScheme {
  if (text === 'bearer' || text === 'token' || text === 'basic') return { kind: text };
  if (text.startsWith('header:')) {
    const header = text.slice('header:'.length).trim();
    if (HEADER_NAME.test(header)) return { kind: 'header', header };
  }
  throw new InputError(
    'auth',
    `is '${text}'`,
    'Use bearer, token, basic, or header:NAME (for example header:X-Api-Key).',
  );
}

export function readVerifyConfig(inputs: InputReader): Readonly<VerifyConfig> {
  const url = parseUrl(inputs.required('url', 'Give the URL the credential is checked against.'));
  const method = inputs.string('method', 'GET').toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new InputError('method', `is '${method}'`, `Use one of: ${METHODS.join(', ')}.`);
  }
  const token = inputs.secret('token');
  const auth = parseAuth(inputs.string('auth', 'bearer'));
  if (auth.kind === 'basic' && token !== undefined && !token.includes(':')) {
    throw new InputError('token', 'has no ":" but auth is basic', "Give 'user:password'.");
  }
  let expect: StatusExpectation;
  try {
    expect = parseStatusList(inputs.string('expect', '2xx'));
  } catch (error) {
    if (!(error instanceof StatusListSyntaxError)) throw error;
    throw new InputError('expect', error.message, 'Give statuses or classes separated by commas: 200, 2xx, 401,403.');
  }
  if (token === undefined && expect.expectsRefusal) {
    // Without a credential a refusal proves nothing: an unset secret would
    // make "the old token is dead" pass while the old token still works.
    throw new InputError(
      'token',
      `is empty, and expect (${expect.text}) only accepts refusals`,
      'Pass the credential to prove dead; if it comes from a secret, check that the secret is set and reaches this job.',
    );
  }
  const clearText = token === undefined ? undefined : credentialUrlProblem(url);
  if (clearText) throw new InputError('url', clearText, 'Use an https:// URL: token is sent with the request.');
  const withinMs = inputs.duration('within', '0', LONGEST_WAIT);
  const intervalMs = inputs.duration('interval', '10s', LONGEST_WAIT);
  const timeoutMs = inputs.duration('timeout', '10s', LONGEST_REQUEST);
  if (intervalMs === 0 && withinMs > 0) {
    throw new InputError('interval', 'is 0 while within is set', 'Give a pause between attempts, such as 10s.');
  }
  if (timeoutMs === 0) throw new InputError('timeout', 'is 0', 'Give a time one request may take, such as 10s.');
  return Object.freeze({
    url,
    method,
    token,
    auth,
    expect,
    withinMs,
    intervalMs,
    timeoutMs,
    dryRun: inputs.boolean('dry-run', false),
  });
}
