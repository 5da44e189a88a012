// Rebuilds every action's dist/ (and the CLI's, packages/cli/dist) with
// @vercel/ncc: `npm run build`, or `npm run build -- verify cli` for some.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeSpecModules } from './action-spec.mjs';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const bundles = [
  ...readdirSync(join(root, 'actions')).map((name) => ({ name, dir: join(root, 'actions', name) })),
  { name: 'cli', dir: join(root, 'packages', 'cli') },
].filter(({ name, dir }) => existsSync(join(dir, 'src', 'index.ts')) && (wanted.length === 0 || wanted.includes(name)));
// Each action's declared inputs, from its action.yml, before anything bundles them.
writeSpecModules();
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const { dir } of bundles) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [ncc, 'build', 'src/index.ts', '--out', 'dist', '--license', 'licenses.txt', '--target', 'es2022', '--quiet'],
    { cwd: dir, stdio: 'inherit' },
  );
  console.log(`built ${dir.slice(root.length)}/dist`);
}
