import { describe, expect, it } from 'vitest';
import { checkValueFits, parseTarget } from '../src/adapters/destinations';
import { InputError } from '../src/errors';
import type { Destination } from '../src/ports';
import { describePropagation, propagateValue, propagationFailure, propagationSummary } from '../src/propagation';
import type { Target } from '../src/targets';

const VALUE = 'kt_canary_propagation_3f9a1c';

/** A destination in memory: records writes, fails the lines it is told to. */
function fakeDestination(failing: Record<string, string> = {}) {
  const written = new Map<string, string>();
  const prepared: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const destination: Destination = {
    handles: (target) => target.kind === 'github',
    async prepare(target) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      prepared.push(target.line);
      const reason = failing[target.line];
      if (reason) throw new Error(reason);
    },
    async write(target, value) {
      written.set(target.line, value);
    },
  };
  return { destination, written, prepared, maxInFlight: () => maxInFlight };
}

const targets = (...lines: string[]): Target[] => lines.map(parseTarget);
const silent = { info: () => {}, error: () => {} };

describe('propagateValue', () => {
  it('writes every target, at most `concurrency` at a time, and reports each', async () => {
    const fake = fakeDestination();
    const lines = ['github:a/b/X', 'github:a/c/X', 'github:a/d/X', 'github:a/e/X', 'github:a/f/X'];
    const report = await propagateValue(VALUE, targets(...lines), [fake.destination], {
      concurrency: 2,
      failFast: false,
      dryRun: false,
      log: silent,
    });
    expect(report.rows.map((row) => row.outcome)).toEqual(Array(5).fill('updated'));
    expect(report.updated).toBe(5);
    expect(fake.maxInFlight()).toBe(2);
    expect([...fake.written.values()]).toEqual(Array(5).fill(VALUE));
    expect(propagationFailure(report)).toBeUndefined();
  });

  it('keeps going past a failure, then names every failed target without the value', async () => {
    const fake = fakeDestination({ 'github:a/c/X': 'GitHub (HTTP 404): repository a/c was not found' });
    const report = await propagateValue(
      VALUE,
      targets('github:a/b/X', 'github:a/c/X', 'github:a/d/X'),
      [fake.destination],
      {
        concurrency: 1,
        failFast: false,
        dryRun: false,
        log: silent,
      },
    );
    expect(report).toMatchObject({ updated: 2, failed: 1 });
    const failure = propagationFailure(report);
    expect(failure?.message).toBe(
      '1 of 3 target(s) failed (2 updated):\n  github:a/c/X: GitHub (HTTP 404): repository a/c was not found',
    );
    const summary = propagationSummary(report, 'keyturn test');
    expect(summary).toContain('2 updated, 1 failed of 3 target(s).');
    expect(summary).not.toContain(VALUE);
  });

  it('stops starting targets after a failure with fail-fast, and reports them skipped', async () => {
    const fake = fakeDestination({ 'github:a/b/X': 'refused' });
    const report = await propagateValue(VALUE, targets('github:a/b/X', 'github:a/c/X'), [fake.destination], {
      concurrency: 1,
      failFast: true,
      dryRun: false,
      log: silent,
    });
    expect(report.rows).toEqual([
      { target: 'github:a/b/X', outcome: 'failed', reason: 'refused' },
      { target: 'github:a/c/X', outcome: 'skipped', reason: 'not attempted: fail-fast after a failure' },
    ]);
    expect(describePropagation(report)).toBe('0 updated, 1 failed, 1 skipped of 2 target(s).');
  });

  it('prepares but never writes in a dry run', async () => {
    const fake = fakeDestination();
    const report = await propagateValue(VALUE, targets('github:a/b/X'), [fake.destination], {
      concurrency: 4,
      failFast: false,
      dryRun: true,
      log: silent,
    });
    expect(fake.prepared).toEqual(['github:a/b/X']);
    expect(fake.written.size).toBe(0);
    expect(describePropagation(report)).toBe('0 updated, 0 failed, 1 checked and left unchanged of 1 target(s).');
  });

  it('refuses, before touching any target, a target no destination serves', async () => {
    const fake = fakeDestination();
    await expect(
      propagateValue(VALUE, targets('github:acme/api/X', 'heroku:app/X'), [fake.destination], {
        concurrency: 1,
        failFast: false,
        dryRun: false,
        log: silent,
      }),
    ).rejects.toThrow('no destination handles heroku:app/X');
    expect(fake.prepared).toEqual([]);
    expect(fake.written.size).toBe(0);
  });
});

describe('checkValueFits', () => {
  it('refuses a value larger than a target allows, naming the input and the target', () => {
    expect(() => checkValueFits(targets('heroku:app/X'), 'x'.repeat(33 * 1024), 'value')).toThrow(InputError);
    expect(() => checkValueFits(targets('heroku:app/X'), 'x'.repeat(33 * 1024), 'new-token')).toThrow(
      /input 'new-token' is too large for heroku:app\/X/,
    );
    expect(() => checkValueFits(targets('github:a/b/X'), 'small', 'value')).not.toThrow();
  });
});
