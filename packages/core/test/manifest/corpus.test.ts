import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../src/manifest';

/**
 * One corpus of manifests, each run through the published schema (a fresh
 * ajv on docs/rotation.schema.json, as an editor would use it) and through
 * the code. A file's header says what the schema must say of it and what
 * the code must report; schema-valid files with an `expect` are the
 * semantic checks a schema cannot make.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const corpus = join(here, 'fixtures');
const schemaPath = join(here, '../../../../docs/rotation.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(schemaPath, 'utf8')),
);

import { parse } from 'yaml';

const cases = readdirSync(corpus)
  .filter((name) => name.endsWith('.yml'))
  .sort()
  .map((name) => {
    const text = readFileSync(join(corpus, name), 'utf8');
    const schema = /^# schema: (valid|invalid)$/m.exec(text)?.[1];
    const expected = /^# expect: (.+)$/m.exec(text)?.[1];
    return { name, text, schema, expected };
  });

describe('the manifest corpus', () => {
  it('holds at least 30 invalid manifests and some valid ones', () => {
    expect(cases.filter((one) => one.expected !== undefined).length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((one) => one.expected === undefined).length).toBeGreaterThanOrEqual(5);
    for (const one of cases) expect(one.schema, one.name).toBeDefined();
  });

  it.each(cases)('$name: the schema says $schema', ({ text, schema }) => {
    let data: unknown;
    try {
      data = parse(text);
    } catch {
      expect(schema).toBe('invalid');
      return;
    }
    expect(validate(data), JSON.stringify(validate.errors)).toBe(schema === 'valid');
  });

  it.each(cases)('$name: the code agrees', ({ name, text, expected }) => {
    if (expected === undefined) {
      const manifest = parseManifest(text, name);
      expect(manifest.entries.length).toBeGreaterThan(0);
      return;
    }
    let error: unknown;
    try {
      parseManifest(text, name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const message = (error as ManifestError).message;
    expect(message).toContain(`manifest ${name} has `);
    expect(message).toContain(expected);
    // Every problem names a place and says how to fix it.
    for (const problem of (error as ManifestError).problems) {
      expect(problem.where).toMatch(/^(manifest|defaults|secrets\[\d+\]( \([a-zA-Z0-9_-]+\))?)$/);
      expect(problem.fix.length).toBeGreaterThan(10);
    }
  });
});
