/**
 * propagate at scale: one value to 200 repository secrets, 10 environment
 * secrets and 1 organization secret on the GitHub emulator, 40 ms latency on
 * every answer, GitHub's write budget enforced (80 writes a minute, 403 with
 * retry-after beyond). Real time, real clients, the action's own logic.
 *
 *   npm run bench:propagate -- [--concurrency 4] [--compress 1] [--latency 40] [--pace on|off]
 *
 * `--compress N` shrinks the minute of the write budget (server and client
 * pacing alike) N times, to see the pipeline without a two-minute wait.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { realSleep, runAction, systemClock } from '@keyturn/core';
import { createRecordingRunner, startGitHub } from '@keyturn/testkit';
import { readPropagateConfig } from '../../actions/propagate/src/config';
import { realDeps } from '../../actions/propagate/src/main';
import { propagate } from '../../actions/propagate/src/propagate';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '4' },
    compress: { type: 'string', default: '1' },
    repos: { type: 'string', default: '200' },
    environments: { type: 'string', default: '10' },
    latency: { type: 'string', default: '40' },
    // `off` sends writes as fast as concurrency allows and leaves the budget
    // to the server's 403s: the reactive path alone.
    pace: { type: 'string', default: 'on' },
  },
});
const concurrency = Number(values.concurrency);
const compress = Number(values.compress);
const LATENCY_MS = Number(values.latency);
const WRITES = 80;
const windowMs = 60_000 / compress;
const TOKEN = 'ghp_bench_token_00000000000000000000000000';
const VALUE = 'kt_bench_value_0123456789abcdef';

const github = await startGitHub({ latencyMs: LATENCY_MS, writeBudget: { writes: WRITES, windowMs } });
github.addToken(TOKEN, { login: 'bench' });
github.addOrg('acme');
const environments = Array.from({ length: Number(values.environments) }, (_, i) => `env-${i}`);
github.addRepo('acme/app', { environments });
const lines: string[] = [];
for (let i = 0; i < Number(values.repos); i++) {
  const repo = `repo-${String(i).padStart(3, '0')}`;
  github.addRepo(`acme/${repo}`);
  lines.push(`github:acme/${repo}/DEPLOY_TOKEN`);
}
for (const environment of environments) lines.push(`github:acme/app@${environment}/DEPLOY_TOKEN`);
lines.push('github-org:acme/DEPLOY_TOKEN');

const dir = await mkdtemp(join(tmpdir(), 'keyturn-bench-'));
const runner = createRecordingRunner({
  value: VALUE,
  targets: lines.join('\n'),
  'github-token': TOKEN,
  'github-api-url': github.url,
  concurrency: String(concurrency),
  'audit-log': join(dir, 'audit.jsonl'),
});
const started = performance.now();
const ok = await runAction('propagate', { runner, clock: systemClock, sleep: realSleep }, async (context) => {
  await propagate(
    context,
    readPropagateConfig(context.inputs, context.runner.env),
    realDeps(
      values.pace === 'off'
        ? { githubWritePace: false }
        : compress === 1
          ? {}
          : { githubWritePace: { writes: WRITES, perMs: windowMs } },
    ),
  );
});
const wallMs = performance.now() - started;
await rm(dir, { recursive: true, force: true });

const targets = lines.length;
const requests = github.requests.length;
const keyRequests = github.requests.filter((request) => request.path.endsWith('/public-key')).length;
const puts = github.requests.filter((request) => request.method === 'PUT').length;
const scopes = Number(values.repos) + environments.length + 1;
const floorRequests = scopes + targets;
const failed = Number(runner.outputs.failed ?? targets);
const stored = lines.filter((line) => {
  const [, path = ''] = line.split(':');
  const [owner = '', repoPart = '', name = ''] = path.split('/');
  if (line.startsWith('github-org:')) return github.orgSecret('acme', 'DEPLOY_TOKEN')?.value === VALUE;
  const [repo = '', env] = repoPart.split('@');
  return env
    ? github.environmentSecret(`${owner}/${repo}`, env, name)?.value === VALUE
    : github.repoSecret(`${owner}/${repo}`, name)?.value === VALUE;
}).length;
const budgetFloorMs = Math.max(0, Math.ceil(targets / WRITES) - 1) * windowMs;
const latencyFloorMs = (requests * LATENCY_MS) / concurrency;

const report = {
  targets,
  scopes,
  concurrency,
  client_write_pacing: values.pace,
  latency_ms: LATENCY_MS,
  write_budget: `${WRITES} per ${windowMs / 1000}s`,
  requests,
  key_requests: keyRequests,
  puts,
  other_requests: requests - keyRequests - puts,
  floor_requests: floorRequests,
  requests_per_target: +(requests / targets).toFixed(3),
  floor_requests_per_target: +(floorRequests / targets).toFixed(3),
  secondary_rate_limit_403s: github.rateLimited,
  wall_s: +(wallMs / 1000).toFixed(2),
  latency_floor_s: +(latencyFloorMs / 1000).toFixed(2),
  write_budget_floor_s: +(budgetFloorMs / 1000).toFixed(2),
  failures: failed,
  values_stored_and_correct: stored,
  openapi_violations: github.violations.length,
  ok,
};
console.log(JSON.stringify(report, null, 2));
await github.close();
process.exit(ok && failed === 0 && stored === targets && github.violations.length === 0 ? 0 : 1);
