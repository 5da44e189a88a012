import { createFakeClock } from '@keyturn/core';
import {
  DESTINATION_INPUTS,
  DESTINATION_SECRET_INPUTS,
  DESTINATIONS,
  destinationModule,
  openDestinations,
  parseTarget,
  readDestinationSettings,
  SCHEMES,
  TARGET_FIX,
  TARGET_FORMS,
} from '@keyturn/core/adapters/destinations';
import { readStoreSettings } from '@keyturn/core/adapters/store-inputs';
import { STORE_INPUTS, STORE_KINDS, STORE_SECRET_INPUTS, STORES, storeModule } from '@keyturn/core/adapters/stores';
import { describe, expect, it } from 'vitest';
import { InputReader } from '../../src/inputs';
import { SecretRegistry } from '../../src/secrets';

function reader(inputs: Record<string, string>) {
  const masked: string[] = [];
  const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  return { inputs: new InputReader((name) => inputs[name] ?? '', secrets), masked };
}

/** One line of each form a module documents, with its placeholders filled. */
function example(form: string): string {
  return form
    .replace(/\[.*\]$/, '')
    .replace('OWNER', 'acme')
    .replace('REPO', 'api')
    .replace('ENV', 'production')
    .replace(/ORG|APP/, 'acme-app')
    .replace('NAME', 'API_TOKEN');
}

describe('the destination registry', () => {
  const modules = Object.values(DESTINATIONS);

  it('gives every scheme and every kind to exactly one module', () => {
    const schemes = modules.flatMap((module) => Object.keys(module.schemes));
    const kinds = modules.flatMap((module) => Object.keys(module.kinds));
    expect(new Set(schemes).size).toBe(schemes.length);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(SCHEMES).toEqual(schemes);
  });

  it.each(TARGET_FORMS)('parses its documented form %s, routed to the module that lists its kind', (form) => {
    const target = parseTarget(example(form));
    const module = destinationModule(target);
    expect(Object.keys(module.kinds)).toContain(target.kind);
    expect(TARGET_FIX).toContain(form);
  });

  it('declares each input once, and its secrets are masked whether or not a target needs them', () => {
    const names = DESTINATION_INPUTS.map((input) => input.name);
    expect(new Set(names).size).toBe(names.length);
    const given = Object.fromEntries(DESTINATION_SECRET_INPUTS.map((name) => [name, `kt-canary-${name}`]));
    const { inputs, masked } = reader(given);
    readDestinationSettings(inputs, [], {});
    expect(masked).toEqual(expect.arrayContaining(Object.values(given)));
  });

  it('opens one adapter per credential given, and each serves only its own kinds', () => {
    const given = Object.fromEntries(DESTINATION_SECRET_INPUTS.map((name) => [name, `kt-canary-${name}`]));
    const settings = readDestinationSettings(reader(given).inputs, [], {});
    const fake = createFakeClock();
    const adapters = openDestinations(settings, {
      ...fake,
      runner: { info: () => {}, warning: () => {} },
    });
    expect(adapters).toHaveLength(modules.length);
    for (const form of TARGET_FORMS) {
      const target = parseTarget(example(form));
      expect(adapters.filter((adapter) => adapter.handles(target))).toHaveLength(1);
    }
    expect(
      openDestinations(readDestinationSettings(reader({}).inputs, [], {}), {
        ...fake,
        runner: { info: () => {}, warning: () => {} },
      }),
    ).toEqual([]);
  });
});

describe('the store registry', () => {
  it('is keyed by each module’s kind', () => {
    for (const kind of STORE_KINDS) expect(STORES[kind].kind).toBe(kind);
  });

  it('lists every store input once, and an input no store declares is not one', () => {
    const names = STORE_INPUTS.map((input) => input.name);
    expect(new Set(names).size).toBe(names.length);
    for (const kind of STORE_KINDS) {
      for (const input of storeModule(kind).inputs) expect(names).toContain(input.name);
    }
    expect(STORE_SECRET_INPUTS).toEqual(STORE_INPUTS.filter((input) => input.secret).map((input) => input.name));
  });

  it.each(STORE_KINDS)('refuses, with store %s, an input only other stores read', (kind) => {
    const own = new Set(storeModule(kind).inputs.map((input) => input.name));
    const foreign = STORE_INPUTS.find((input) => !own.has(input.name));
    if (!foreign) return;
    const { inputs } = reader({ [foreign.name]: 'x-set-by-mistake' });
    expect(() => readStoreSettings(inputs, kind, {})).toThrow(`input '${foreign.name}' is set but store is ${kind}`);
  });
});
