import { createRecordingRunner } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { runAction } from '../src/action';
import {
  type ActionSpec,
  closestName,
  editDistance,
  refuseUndeclaredInputs,
  undeclaredInputs,
} from '../src/declared-inputs';
import { InputError } from '../src/errors';

const SPEC: ActionSpec = {
  name: 'rotate-ssm',
  description: '',
  inputs: ['name', 'max-age', 'generate', 'dry-run', 'audit-log'].map((name) => ({
    name,
    description: '',
    required: false,
  })),
  outputs: [],
};

describe('declared inputs', () => {
  it.each([
    ['max-age', 'max-age', 0],
    ['expcet', 'expect', 1],
    ['max-agee', 'max-age', 1],
    ['dryrun', 'dry-run', 1],
    ['', 'abc', 3],
  ])('edit distance %s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('suggests the nearest name, case and _ not counting, and nothing when none is near', () => {
    const names = SPEC.inputs.map((input) => input.name);
    expect(closestName('max_agee', names)).toBe('max-age');
    expect(closestName('MAX_AGE', names)).toBe('max-age');
    expect(closestName('dryrun', names)).toBe('dry-run');
    expect(closestName('region', names)).toBeUndefined();
  });

  it('finds the INPUT_* variables no declared input maps to, as the runner names them', () => {
    const env = {
      INPUT_NAME: '/a',
      'INPUT_MAX-AGE': '90d',
      INPUT_MAX_AGEE: '90d',
      'INPUT_DRY-RUN': 'false',
      INPUT_GENERATE: 'hex:32',
      PATH: '/bin',
      GITHUB_OUTPUT: '/tmp/o',
    };
    expect(undeclaredInputs(env, SPEC.inputs)).toEqual([['INPUT_MAX_AGEE', 'max_agee']]);
  });

  it('names the undeclared input, the nearest declared one and the fix', () => {
    let error: unknown;
    try {
      refuseUndeclaredInputs({ INPUT_MAX_AGEE: '90d' }, SPEC);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      "input 'max_agee' is not an input of keyturn/rotate-ssm (it arrived as INPUT_MAX_AGEE, from a with: key or an env: variable). Did you mean 'max-age'? Rename the with: key; nothing was sent.",
    );
    expect(() => refuseUndeclaredInputs({ INPUT_REGION: 'x' }, SPEC)).toThrow(
      "The declared ones are: 'name', 'max-age', 'generate', 'dry-run', 'audit-log'.",
    );
  });

  it('fails the step before the logic runs', async () => {
    // The check reads the environment, where the runner puts every with: key.
    const runner = createRecordingRunner({ 'audit-log': '/dev/null' }, { INPUT_NAME: '/a', INPUT_MAX_AGEE: '90d' });
    let ran = false;
    const ok = await runAction('rotate-ssm', { runner, spec: SPEC }, async () => {
      ran = true;
    });
    expect(ok).toBe(false);
    expect(ran).toBe(false);
    expect(runner.failed).toMatch(/^keyturn\/rotate-ssm: input 'max_agee' is not an input.*Did you mean 'max-age'\?/);
  });
});
