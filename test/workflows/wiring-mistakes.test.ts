// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow expressions, not templates
/**
 * The harness is only worth having if a wiring mistake fails. Each case
 * plants one mistake in a copy of a real workflow (or its example caller) and
 * expects the run to stop naming it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { legacyDockerArchive } from '@keyturn/image-audit/testing';
import { expandMatrix, runWorkflow, WorkflowError } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CallerRepository,
  callerRepository,
  exampleFile,
  fakeDocker,
  harnessOptions,
  workflowFile,
} from './setup';

let caller: CallerRepository;
let image: string;
beforeEach(async () => {
  caller = await callerRepository();
  await fakeDocker(caller);
  image = join(caller.dir, '..', 'clean.tar');
  await writeFile(
    image,
    await legacyDockerArchive({
      layers: [{ items: [{ path: 'app/main.js', content: '1;\n' }], createdBy: 'COPY app /app' }],
    }),
  );
});
afterEach(() => caller.remove());

const event = { name: 'pull_request', payload: { pull_request: { number: 1, head: { repo: { fork: false } } } } };

async function runMutated(file: string, from: string, to: string) {
  const text = await readFile(file, 'utf8');
  expect(text, `the mutation needs ${from} in ${file}`).toContain(from);
  const mutated = join(caller.dir, '..', 'mutated.yml');
  await writeFile(mutated, text.replace(from, to));
  const reusable = (uses: string) =>
    uses.includes('keyturn-image-audit.yml') && file.includes('.github')
      ? mutated
      : harnessOptions(caller, { event }).reusableWorkflows?.(uses);
  return runWorkflow(file.includes('examples') ? mutated : exampleFile('image-audit.yml'), {
    ...harnessOptions(caller, { event, env: { KEYTURN_TEST_IMAGE: image } }),
    reusableWorkflows: reusable,
  });
}

describe('a wiring mistake fails the run, naming it', () => {
  const reusable = workflowFile('keyturn-image-audit.yml');
  const cases: [string, string, string, string, RegExp][] = [
    [
      'a misspelled step output',
      reusable,
      'sarif_file: ${{ steps.audit.outputs.sarif-file }}',
      'sarif_file: ${{ steps.audit.outputs.sarif_file }}',
      /steps\.audit\.outputs has no "sarif_file" \(it has: findings, sarif-file\)/,
    ],
    [
      'a misspelled step id',
      reusable,
      "steps.audit.outputs.sarif-file != ''",
      "steps.audti.outputs.sarif-file != ''",
      /steps has no "audti"/,
    ],
    [
      "an input the action doesn't have",
      reusable,
      'fail-on: ${{ inputs.fail-on }}',
      'fail_on: ${{ inputs.fail-on }}',
      /audit-image has no input "fail_on" \(did you mean "fail-on"\?\)/,
    ],
    [
      'an input the workflow does not declare',
      reusable,
      'rules: ${{ inputs.rules }}',
      'rules: ${{ inputs.rule }}',
      /inputs has no "rule"/,
    ],
    [
      'a third-party action on a tag',
      reusable,
      'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist',
      'actions/checkout@v7 # v7.0.1\n        with:\n          persist',
      /actions\/checkout@v7 is not pinned to a full commit SHA/,
    ],
    [
      'a stand-in input misspelled',
      reusable,
      'category: ${{ inputs.sarif-category }}',
      'categroy: ${{ inputs.sarif-category }}',
      /upload-sarif has no input "categroy" \(did you mean "category"\?\)/,
    ],
    [
      'a caller input misspelled',
      exampleFile('image-audit.yml'),
      'build-command:',
      'build-comand:',
      /unexpected input "build-comand" \(did you mean "build-command"\?\)/,
    ],
    [
      'a required caller input missing',
      exampleFile('image-audit.yml'),
      '      keyturn-ref: 0123456789abcdef0123456789abcdef01234567\n',
      '',
      /input "keyturn-ref" is required/,
    ],
    [
      'an unknown context',
      reusable,
      '${{ inputs.retention-days }}',
      '${{ input.retention-days }}',
      /Unrecognized named-value: 'input'/,
    ],
  ];
  for (const [what, file, from, to, message] of cases) {
    it(what, async () => {
      await expect(runMutated(file, from, to)).rejects.toThrow(message);
    });
  }

  it('a checkout that keeps its credentials fails the job', async () => {
    const run = await runMutated(reusable, 'persist-credentials: false\n      # Before', 'clean: true\n      # Before');
    expect(run.conclusion).toBe('failure');
    expect(run.jobs.flatMap((job) => job.steps)[0]?.error).toMatch(/persist-credentials must be false/);
  });

  it('a job without the permission an action needs fails the step, as GitHub would', async () => {
    const run = await runMutated(reusable, '      security-events: write\n    outputs', '    outputs');
    const upload = run.jobs.flatMap((job) => job.steps).find((step) => step.name === 'Findings to code scanning');
    expect(upload?.error ?? '').toMatch(/not accessible by integration/);
  });
});

describe('matrix expansion follows GitHub', () => {
  it('product, exclude, include', () => {
    expect(
      expandMatrix(
        { os: ['a', 'b'], node: [1, 2], exclude: [{ os: 'b', node: 2 }], include: [{ os: 'a', extra: 'x' }] },
        'm',
      ),
    ).toEqual([
      { os: 'a', node: 1, extra: 'x' },
      { os: 'a', node: 2, extra: 'x' },
      { os: 'b', node: 1 },
    ]);
    expect(expandMatrix({ include: [{ id: 'one' }, { id: 'two' }] }, 'm')).toEqual([{ id: 'one' }, { id: 'two' }]);
  });
  it('an empty matrix is an error, as on GitHub', () => {
    expect(() => expandMatrix({ include: [] }, 'jobs.rotate')).toThrow(WorkflowError);
    expect(() => expandMatrix({ id: [] }, 'jobs.rotate')).toThrow(/does not contain any values/);
  });
  it('more than 256 jobs is an error', () => {
    expect(() => expandMatrix({ n: Array.from({ length: 257 }, (_, i) => i) }, 'm')).toThrow(/256/);
  });
});
