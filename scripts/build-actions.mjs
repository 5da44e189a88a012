// Rebuilds every action's dist/ with @vercel/ncc: `npm run build`, or
// `npm run build -- verify propagate` for some of them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions')).filter(
  (name) =>
    existsSync(join(root, 'actions', name, 'src', 'index.ts')) && (wanted.length === 0 || wanted.includes(name)),
);
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const action of actions) {
  const dir = join(root, 'actions', action);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [ncc, 'build', 'src/index.ts', '--out', 'dist', '--license', 'licenses.txt', '--target', 'es2022', '--quiet'],
    { cwd: dir, stdio: 'inherit' },
  );
  console.log(`built actions/${action}/dist`);
}
