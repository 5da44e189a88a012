import { createRecordingRunner } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { runAction } from '../src/action';
import { InputError, UpstreamError } from '../src/errors';

const CANARY = 'canary-5f2b9e7d1c3a';
const quiet = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  createRecordingRunner({ 'audit-log': '/dev/null', ...inputs }, env);

describe('runAction', () => {
  it('passes a clean run through', async () => {
    const runner = quiet();
    expect(await runAction('x', { runner }, async ({ runner: r }) => r.setOutput('a', '1'))).toBe(true);
    expect(runner.failed).toBeUndefined();
    expect(runner.outputs).toEqual({ a: '1' });
  });

  it('fails a user mistake with the action name and the fix', async () => {
    const runner = quiet();
    await runAction('rotate-ssm', { runner }, async () => {
      throw new InputError('generate', "is 'hex'", 'Write hex:N.');
    });
    expect(runner.failed).toBe("keyturn/rotate-ssm: input 'generate' is 'hex'. Write hex:N.");
  });

  it('fails an upstream error with the service and status', async () => {
    const runner = quiet();
    await runAction('propagate', { runner }, async () => {
      throw new UpstreamError('Bad credentials', { service: 'GitHub', status: 401, retryable: false });
    });
    expect(runner.failed).toBe('keyturn/propagate: GitHub (HTTP 401): Bad credentials');
  });

  it('calls anything else a bug, without a stack trace unless debugging', async () => {
    const runner = quiet();
    await runAction('plan', { runner }, async () => {
      throw new TypeError('x is undefined');
    });
    expect(runner.failed).toMatch(/^keyturn\/plan: unexpected error: x is undefined\. This is a bug in keyturn/);
    expect(runner.logs.join('\n')).not.toContain('at ');

    const debugging = quiet({}, { RUNNER_DEBUG: '1' });
    await runAction('plan', { runner: debugging }, async () => {
      throw new TypeError(`bad ${CANARY}`);
    });
    expect(debugging.logs.some((line) => line.startsWith('debug: TypeError'))).toBe(true);
  });

  it('scrubs masked values from every message, even in debug stack traces', async () => {
    const runner = quiet({ token: CANARY }, { RUNNER_DEBUG: '1' });
    await runAction('verify', { runner }, async ({ inputs, runner: r }) => {
      const token = inputs.secret('token');
      r.info(`token is ${token}`);
      r.warning(`base64 ${Buffer.from(CANARY).toString('base64')}`);
      await r.appendSummary(`| ${token} |`);
      r.setOutput('echo', `${token}`);
      throw new Error(`request failed for ${token}`);
    });
    expect(runner.everything()).not.toContain(CANARY);
    expect(runner.everything()).not.toContain(Buffer.from(CANARY).toString('base64'));
    expect(runner.failed).toContain('request failed for ***');
    expect(runner.masked).toContain(CANARY);
  });

  it('refuses to put a value that was never masked into a secret output', async () => {
    const runner = quiet();
    await runAction('rotate-ssm', { runner }, async (context) => {
      context.setSecretOutput('value', 'never-masked-value');
    });
    expect(runner.failed).toContain("output 'value' would carry a value that was never masked");
    expect(runner.outputs).toEqual({});
  });

  it('lets a masked value through a secret output, unscrubbed for the next step', async () => {
    const runner = quiet();
    await runAction('rotate-ssm', { runner }, async (context) => {
      context.setSecretOutput('value', context.secrets.mask(CANARY));
    });
    expect(runner.outputs).toEqual({ value: CANARY });
  });
});
