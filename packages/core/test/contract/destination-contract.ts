import { describe, expect, it } from 'vitest';
import { checkValueFits, DESTINATIONS, destinationModule, parseTarget } from '../../src/adapters/destinations';
import { InputError, UpstreamError } from '../../src/errors';
import type { Destination } from '../../src/ports';
import { TargetSyntaxError } from '../../src/targets';

/**
 * The Destination port's contract, run against every destination adapter
 * with its emulator (destinations.test.ts). What propagation relies on: the
 * adapter serves its module's kinds and no other; prepare reads and changes
 * nothing; write lands the value, and writing it again is harmless; a place
 * that does not exist fails naming the place, never the value; bad names and
 * oversize values are refused by the module before any request.
 */
export interface DestinationHarness {
  destination: Destination;
  /** Two lines this adapter serves, whose places exist. */
  lines: readonly [string, string];
  /** A line this adapter serves whose place does not exist (or the credential may not reach). */
  missing: string;
  /** The part of `missing` the error must name (app, repository). */
  missingPlace: string;
  /** A line of this module's scheme with a name its service refuses. */
  badName: string;
  /** What the emulator holds at a line's place. */
  held(line: string): string | undefined;
  /** Requests that changed (or would have changed) state, so far. */
  writes(): number;
  /** Every request so far. */
  requests(): number;
  /** Mutating requests a delete of a missing name sends: 0 where prepare's
   * read lists the names (Heroku, Fly), 1 where only the DELETE can tell (GitHub: 404). */
  absentDeleteSends: number;
  /** Requests the emulator found off the service's published API (GitHub: OpenAPI). */
  violations?(): readonly string[];
  close(): Promise<void>;
}

const VALUE = 'kt-contract-destination-value-7e3a';
const NEWER = 'kt-contract-destination-newer-c41d';

export function destinationContract(label: string, start: () => Promise<DestinationHarness>): void {
  const withHarness = (test: (harness: DestinationHarness) => Promise<void>) => async () => {
    const harness = await start();
    try {
      await test(harness);
    } finally {
      await harness.close();
    }
  };

  describe(`Destination contract: ${label}`, () => {
    it(
      "serves its module's kinds and no other",
      withHarness(async ({ destination, lines }) => {
        const own = destinationModule(parseTarget(lines[0]));
        for (const line of lines) expect(destination.handles(parseTarget(line))).toBe(true);
        for (const module of Object.values(DESTINATIONS)) {
          if (module === own) continue;
          for (const form of Object.values(module.schemes).flat()) {
            const line = form
              .replace(/\[.*\]$/, '')
              .replace('OWNER', 'acme')
              .replace('REPO', 'api')
              .replace('ENV', 'production')
              .replace(/ORG|APP/, 'acme-app')
              .replace('NAME', 'API_TOKEN');
            expect(destination.handles(parseTarget(line))).toBe(false);
          }
        }
      }),
    );

    it(
      'prepare reads and changes nothing',
      withHarness(async ({ destination, lines, writes, held }) => {
        for (const line of lines) await destination.prepare(parseTarget(line));
        expect(writes()).toBe(0);
        for (const line of lines) expect(held(line)).not.toBe(VALUE);
      }),
    );

    it(
      'write lands the value at each place, preparing first when needed; writing again is harmless',
      withHarness(async ({ destination, lines, held }) => {
        const [first, second] = lines.map((line) => parseTarget(line));
        if (!first || !second) throw new Error('two lines');
        await destination.write(first, VALUE);
        await destination.prepare(second);
        await destination.write(second, VALUE);
        expect(held(first.line)).toBe(VALUE);
        expect(held(second.line)).toBe(VALUE);
        await destination.write(first, VALUE);
        expect(held(first.line)).toBe(VALUE);
        await destination.write(first, NEWER);
        expect(held(first.line)).toBe(NEWER);
        expect(held(second.line)).toBe(VALUE);
      }),
    );

    it(
      'delete removes the secret and only it; deleting again, or a name never written, is absent',
      withHarness(async ({ destination, lines, held, violations }) => {
        const [first, second] = lines.map((line) => parseTarget(line));
        if (!first || !second) throw new Error('two lines');
        if (!destination.delete) throw new Error('the adapter has no delete');
        await destination.write(first, VALUE);
        await destination.write(second, NEWER);
        expect(await destination.delete(first)).toBe('deleted');
        expect(held(first.line)).toBeUndefined();
        expect(held(second.line)).toBe(NEWER);
        expect(await destination.delete(first)).toBe('absent');
        expect(held(second.line)).toBe(NEWER);
        // Written again after a delete (a later rotation), then removed again.
        await destination.write(first, VALUE);
        expect(held(first.line)).toBe(VALUE);
        expect(await destination.delete(first)).toBe('deleted');
        expect(held(first.line)).toBeUndefined();
        expect(violations?.() ?? []).toEqual([]);
      }),
    );

    it(
      'delete of a name nobody wrote sends no change where the service lists names, and is absent',
      withHarness(async ({ destination, lines, writes, absentDeleteSends }) => {
        const [first] = lines.map((line) => parseTarget(line));
        if (!first || !destination.delete) throw new Error('a line and delete');
        await destination.prepare(first);
        expect(await destination.delete(first)).toBe('absent');
        expect(writes()).toBe(absentDeleteSends);
      }),
    );

    it(
      'a place that does not exist fails naming the place, never the value, and nothing is written',
      withHarness(async ({ destination, missing, missingPlace, writes }) => {
        const target = parseTarget(missing);
        const error = await destination.write(target, VALUE).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(error).toBeInstanceOf(UpstreamError);
        expect((error as Error).message).toContain(missingPlace);
        expect((error as Error).message).not.toContain(VALUE);
        expect(writes()).toBe(0);
      }),
    );

    it(
      'a name the service refuses, or a value too large for it, is refused before any request',
      withHarness(async ({ badName, lines, requests }) => {
        expect(() => parseTarget(badName)).toThrow(TargetSyntaxError);
        const huge = 'x'.repeat(1024 * 1024);
        expect(() => checkValueFits([parseTarget(lines[0])], huge, 'value')).toThrow(InputError);
        expect(requests()).toBe(0);
      }),
    );
  });
}
