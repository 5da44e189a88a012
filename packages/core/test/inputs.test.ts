import { describe, expect, it } from 'vitest';
import { readTargets } from '../src/adapters/destinations';
import { InputError } from '../src/errors';
import { InputReader } from '../src/inputs';
import { SecretRegistry } from '../src/secrets';

function reader(inputs: Record<string, string>) {
  const masked: string[] = [];
  const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  return { inputs: new InputReader((name) => inputs[name] ?? '', secrets), masked };
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('InputReader', () => {
  it('trims, applies defaults and requires', () => {
    const { inputs } = reader({ a: '  x  ' });
    expect(inputs.string('a')).toBe('x');
    expect(inputs.string('b', 'def')).toBe('def');
    const error = inputError(() => inputs.required('b', 'Set it.'));
    expect(error.input).toBe('b');
    expect(error.message).toBe("input 'b' is required but was not given. Set it.");
  });

  it('reads YAML 1.2 booleans and rejects anything else', () => {
    const { inputs } = reader({ t: 'True', f: 'FALSE', bad: 'yes' });
    expect(inputs.boolean('t', false)).toBe(true);
    expect(inputs.boolean('f', true)).toBe(false);
    expect(inputs.boolean('unset', true)).toBe(true);
    expect(inputError(() => inputs.boolean('bad', false)).message).toContain("is 'yes', not a boolean");
  });

  it('reads durations, integers in range and choices', () => {
    const { inputs } = reader({ d: '10m', n: '12', big: '1000', c: 'ssm', bad: 'vault' });
    expect(inputs.duration('d', '0')).toBe(600_000);
    expect(inputs.duration('unset', '90s')).toBe(90_000);
    expect(inputs.integer('n', 4, { min: 1, max: 100 })).toBe(12);
    expect(inputError(() => inputs.integer('big', 4, { min: 1, max: 100 })).fix).toContain('from 1 to 100');
    expect(inputs.oneOf('c', ['ssm', 'infisical'], 'ssm')).toBe('ssm');
    expect(inputError(() => inputs.oneOf('bad', ['ssm', 'infisical'], 'ssm')).fix).toBe('Use one of: ssm, infisical.');
  });

  it('masks a secret input the moment it is read', () => {
    const { inputs, masked } = reader({ token: ' ghp_abcdefghijklmnop ' });
    expect(inputs.secret('token')).toBe('ghp_abcdefghijklmnop');
    expect(masked).toContain('ghp_abcdefghijklmnop');
    expect(inputs.secret('unset')).toBeUndefined();
  });

  it('splits lists by line, skipping blanks and comments', () => {
    const { inputs } = reader({ list: 'a\n\n  b  # the second\n# only a comment\nc#d\n' });
    expect(inputs.lines('list')).toEqual(['a', 'b', 'c#d']);
  });
});

describe('readTargets', () => {
  it('parses every line and names the bad one', () => {
    const { inputs } = reader({ targets: 'github:acme/api/TOKEN\nheroku:acme-api/TOKEN\ngithub:acme/api/GITHUB_X' });
    const error = inputError(() => readTargets(inputs, 'targets'));
    expect(error.input).toBe('targets');
    expect(error.message).toContain('line 3: secret name');
    expect(error.message).toContain('GITHUB_');
  });

  it('refuses two lines that write the same secret', () => {
    const { inputs } = reader({ targets: 'github:acme/api/TOKEN\ngithub:ACME/api/token' });
    expect(inputError(() => readTargets(inputs, 'targets')).message).toContain('lines 1 and 2 name the same secret');
  });
});
