import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Workspace hygiene: every package declares what it imports (its sources in
 * `dependencies`, its tests in either), and no package reaches into another
 * by a relative path — the CLI runs the actions through their workspace
 * packages (`@keyturn/action-propagate/main`), not `../../../actions/…`.
 * Imports are read with TypeScript's own pre-processor, not a regular
 * expression, so strings that look like imports are not counted. The
 * repository's tooling (`scripts/`) and documents (`docs/`) are not packages.
 */
const root = join(import.meta.dirname, '..');
const packageDirs = ['packages', 'actions'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter((dir) => existsSync(join(dir, 'package.json'))),
);

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'dist' || name === 'node_modules' ? [] : files(path);
    return /\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  return info.importedFiles.map((entry) => entry.fileName);
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
/** The repository's test runner, declared once at the root (biome turns on its
 * test-file rules in any package that declares it). */
const RUNNER = 'vitest';

describe.each(packageDirs.map((dir) => ({ dir, name: relative(root, dir) })))('$name', ({ dir }) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
  const any = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})]);

  it('declares every package its sources import in dependencies', () => {
    const undeclared = files(join(dir, 'src')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.') && !builtins.has(specifier.split('/')[0] ?? ''))
        .map(packageName)
        .filter((name) => name !== manifest.name && !runtime.has(name) && !builtins.has(name))
        .map((name) => `${relative(root, file)}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('declares every package its tests import', () => {
    const undeclared = [...files(join(dir, 'test')), ...files(join(dir, 'bin'))].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.'))
        .map(packageName)
        .filter((name) => name !== manifest.name && name !== RUNNER && !any.has(name) && !builtins.has(name))
        .map((name) => `${relative(root, file)}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('reaches no other package by a relative path', () => {
    const reaching = [...files(join(dir, 'src')), ...files(join(dir, 'test'))].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) => {
          const target = join(file, '..', specifier);
          // The repository's own tooling and documents belong to no package.
          return ![dir, join(root, 'scripts'), join(root, 'docs')].some((allowed) => target.startsWith(allowed));
        })
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    );
    expect(reaching).toEqual([]);
  });
});
