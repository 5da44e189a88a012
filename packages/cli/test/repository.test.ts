import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionsWithSpec, expectedModule, generatedPath } from '../../../scripts/action-spec.mjs';
import { MULTI_LINE_INPUTS } from '../src/args';
import { COMMANDS } from '../src/commands';
import { nodeVersionProblem, SUPPORTED_NODE } from '../src/node-version';
import { SECRET_INPUTS } from '../src/secret-inputs';

const root = new URL('../../../', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe('one source for what an action declares', () => {
  it.each(actionsWithSpec())('%s: action-spec.generated.ts is what its action.yml says (npm run build)', (name) => {
    expect(readFileSync(generatedPath(name), 'utf8')).toBe(expectedModule(name));
  });

  it('every secret input is declared by some command, and every multi-line input too', () => {
    const declared = new Set(
      COMMANDS.flatMap((command) => (command.kind === 'action' ? command.spec.inputs.map((i) => i.name) : [])),
    );
    for (const name of [...SECRET_INPUTS, ...MULTI_LINE_INPUTS]) expect(declared).toContain(name);
  });

  it('an input described as one item per line can be repeated as a flag', () => {
    for (const command of COMMANDS) {
      if (command.kind !== 'action') continue;
      for (const input of command.spec.inputs) {
        const perLine = /per line/i.test(input.description) && !/^File/.test(input.description);
        expect(MULTI_LINE_INPUTS.has(input.name), `${command.name} --${input.name}`).toBe(perLine);
      }
    }
  });
});

describe('the Node.js versions keyturn runs on', () => {
  it('are the ones package.json states', () => {
    expect(json('package.json').engines.node).toBe(SUPPORTED_NODE);
    expect(json('packages/cli/package.json').engines.node).toBe(SUPPORTED_NODE);
  });

  it.each([
    ['20.19.0', false],
    ['22.14.0', false],
    ['v22.15.0', true],
    ['23.7.0', false],
    ['23.8.0', true],
    ['24.0.0', true],
    ['26.1.0', true],
  ])('%s runs keyturn: %s', (version, ok) => {
    const problem = nodeVersionProblem(version);
    expect(problem === undefined).toBe(ok);
    if (problem) expect(problem).toMatch(/needs Node\.js 22\.15 or later .*Install a current Node\.js/);
  });
});

describe('a repository people can depend on', () => {
  const text = (path: string) => readFileSync(new URL(path, root), 'utf8');

  it.each(['README.md', 'CHANGELOG.md', 'docs/contract.md'])('%s links only to files inside the repository', (doc) => {
    const base = new URL(doc, root);
    for (const [, target = ''] of text(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|#|mailto:)/.test(target)) continue;
      const resolved = new URL(target.split('#')[0] ?? '', base);
      expect(resolved.href.startsWith(root.href), `${doc}: ${target}`).toBe(true);
      expect(existsSync(resolved), `${doc}: ${target}`).toBe(true);
    }
  });

  it('README pins keyturn at @v1, and the license is there', () => {
    const uses = [...text('README.md').matchAll(/uses: acme\/keyturn\/\S+/g)].map(([use]) => use);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/@v1$/);
    expect(text('LICENSE')).toMatch(/^MIT License/);
    expect(json('package.json').license).toBe('MIT');
  });

  it('the CLI version has a CHANGELOG section, as the release workflow requires', () => {
    const version = json('packages/cli/package.json').version as string;
    expect(text('CHANGELOG.md')).toContain(`## [${version}]`);
    expect(text('.github/workflows/release.yml')).toContain('packages/cli/package.json');
  });
});
