// Reads each action's action.yml into `src/action-spec.generated.ts`, the
// module its entry and the CLI import: the declared inputs (refused when
// undeclared, the CLI's flags and --help) have one source, action.yml, and
// reach the bundle at build time without a YAML parser in it.
// Run by `npm run build`; a test fails when a generated file is stale.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;

/** The ActionSpec (packages/core/src/declared-inputs.ts) an action.yml declares. */
export function specFromActionYml(name, text) {
  const yml = parse(text);
  const text_ = (value) => (value === undefined || value === null ? '' : String(value).trim());
  const inputs = Object.entries(yml.inputs ?? {}).map(([input, declared]) => {
    const entry = { name: input, description: text_(declared?.description) };
    if (declared?.default !== undefined && declared.default !== null) entry.default = String(declared.default);
    entry.required = declared?.required === true || declared?.required === 'true';
    return entry;
  });
  const outputs = Object.entries(yml.outputs ?? {}).map(([output, declared]) => ({
    name: output,
    description: text_(declared?.description),
  }));
  return { name, description: text_(yml.description), inputs, outputs };
}

export function renderSpecModule(spec) {
  return [
    '// Generated from action.yml by scripts/action-spec.mjs (npm run build). Do not edit.',
    "import type { ActionSpec } from '@keyturn/core';",
    '',
    `export const ACTION_SPEC: ActionSpec = ${JSON.stringify(spec, null, 2)};`,
    '',
  ].join('\n');
}

export function actionsWithSpec() {
  return readdirSync(join(root, 'actions')).filter(
    (name) => existsSync(join(root, 'actions', name, 'action.yml')) && existsSync(join(root, 'actions', name, 'src')),
  );
}

export function generatedPath(name) {
  return join(root, 'actions', name, 'src', 'action-spec.generated.ts');
}

export function expectedModule(name) {
  return renderSpecModule(specFromActionYml(name, readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')));
}

export function writeSpecModules() {
  for (const name of actionsWithSpec()) {
    const path = generatedPath(name);
    const text = expectedModule(name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) writeSpecModules();
