import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DESTINATION_INPUTS, SCHEMES, TARGET_FORMS } from '../src/adapters/destinations';
import { STORE_INPUTS, STORE_KINDS, storeModule } from '../src/adapters/stores';

/**
 * action.yml files are checked against the registries (not generated from
 * them: each action words its inputs for its own use). What drifts is what
 * fails: an input a registered store or destination reads that an action
 * taking stores or targets does not declare, a default other than the one
 * the code assumes, a secret input whose description does not say it is
 * masked, and a `targets`, `store`, `source` or `name` description that
 * leaves out a registered kind.
 */
const root = join(import.meta.dirname, '..', '..', '..');
interface ActionInput {
  description: string;
  default?: string;
  required?: boolean;
}
const actions = readdirSync(join(root, 'actions')).flatMap((name) => {
  try {
    const yml = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, ActionInput>;
    };
    return [{ name, inputs: yml.inputs ?? {} }];
  } catch {
    return [];
  }
});
const registryInputs = [...DESTINATION_INPUTS, ...STORE_INPUTS];

describe.each(actions)('actions/$name/action.yml against the registries', ({ inputs }) => {
  it('gives every registry input it declares the registry default, and says each secret one is masked', () => {
    for (const input of registryInputs) {
      const declared = inputs[input.name];
      if (!declared) continue;
      expect({ input: input.name, default: declared.default ?? '' }).toEqual({
        input: input.name,
        default: input.default,
      });
      if (input.secret) expect(declared.description, input.name).toMatch(/Masked at once/);
    }
  });

  it.runIf('targets' in inputs)('takes every destination input, and lists every target form', () => {
    for (const input of DESTINATION_INPUTS) expect(Object.keys(inputs)).toContain(input.name);
    const description = inputs.targets?.description ?? '';
    for (const form of TARGET_FORMS) expect(description).toContain(form.replace(/\[.*\]$/, ''));
    for (const scheme of SCHEMES) expect(description).toContain(`${scheme}:`);
  });

  it.runIf('store' in inputs)(
    'takes every store input, and names every store kind where it says what a store is',
    () => {
      for (const input of STORE_INPUTS) expect(Object.keys(inputs)).toContain(input.name);
      for (const kind of STORE_KINDS) expect(inputs.store?.description).toContain(kind);
      if (inputs.source) {
        for (const kind of STORE_KINDS) expect(inputs.source.description).toContain(storeModule(kind).sourceForm);
      }
    },
  );

  it.runIf('source' in inputs && !('store' in inputs))(
    'takes every store input a read needs, naming every source form',
    () => {
      for (const input of STORE_INPUTS) if (!input.writeOnly) expect(Object.keys(inputs)).toContain(input.name);
      for (const kind of STORE_KINDS) expect(inputs.source?.description).toContain(storeModule(kind).sourceForm);
    },
  );
});

describe('docs/rotation.schema.json against the registries', () => {
  const schema = JSON.parse(readFileSync(join(root, 'docs', 'rotation.schema.json'), 'utf8')) as {
    $defs: Record<string, { properties?: Record<string, { enum?: string[] }>; description?: string }>;
  };

  it('lets a manifest name every registered store kind', () => {
    expect(schema.$defs.store?.properties?.kind?.enum).toEqual(expect.arrayContaining([...STORE_KINDS]));
  });

  it('lists every target form in the target description', () => {
    const description = JSON.stringify(schema.$defs);
    for (const form of TARGET_FORMS) expect(description).toContain(form.replace(/\[.*\]$/, ''));
  });
});
