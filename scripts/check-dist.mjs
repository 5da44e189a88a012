// Fails when actions/*/dist differs from what the sources build: the bundles
// the runner executes must be exactly what review saw in src/.
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
execFileSync(process.execPath, [new URL('build-actions.mjs', import.meta.url).pathname], {
  cwd: root,
  stdio: 'inherit',
});
const changed = execFileSync(
  'git',
  ['status', '--porcelain', '--', 'actions/*/dist', 'actions/*/src/action-spec.generated.ts', 'packages/cli/dist'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (changed.trim() !== '') {
  console.error(`dist/ is out of date; run \`npm run build\` and commit:\n${changed}`);
  process.exit(1);
}
console.log('dist/ matches the sources');
