// Runs every action's committed dist/index.js once with no inputs, as a
// runner would with a workflow that forgot them: each must fail with its own
// `keyturn/<action>:` message and exit 1, never a load error such as
// "Cannot find module" (a bundle that builds can still fail at run time).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
const scratch = mkdtempSync(join(tmpdir(), 'keyturn-smoke-'));
let bad = 0;
for (const action of actions) {
  const bundle = join(root, 'actions', action, 'dist', 'index.js');
  const env = { PATH: process.env.PATH, HOME: scratch, GITHUB_OUTPUT: join(scratch, 'out'), RUNNER_TEMP: scratch };
  const run = spawnSync(process.execPath, [bundle], { env, cwd: scratch, encoding: 'utf8', timeout: 60_000 });
  const said = `${run.stdout}${run.stderr}`;
  const ok = run.status === 1 && said.includes(`::error::keyturn/${action}: `) && run.stderr.trim() === '';
  console.log(`${ok ? 'ok  ' : 'FAIL'} actions/${action}: exit ${run.status}: ${said.trim().split('\n').pop()}`);
  if (!ok) bad++;
}
process.exit(bad === 0 ? 0 : 1);
