/**
 * rotate-pat at scale: validate a new token (GET /user for both tokens, 5
 * required repositories), store it in SSM, push it to N repository secrets
 * and a Heroku app, revoke the old one and poll until GitHub refuses it,
 * against the emulators with a fixed latency on every answer. Real clients,
 * the action's own logic and real network time; the revocation poll's waits
 * are counted but not slept (a virtual clock), so the figure is the work, not
 * the 10 s pauses.
 *
 *   npm run bench:rotate-pat -- [--repos 100] [--latency 40] [--concurrency 4] [--polls 3]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAction } from '@keyturn/core';
import { createRecordingRunner, startGitHubWithCredentials, startHeroku, startSsm } from '@keyturn/testkit';
import { readPatConfig } from '../../actions/rotate-pat/src/config';
import { realDeps } from '../../actions/rotate-pat/src/main';
import { runPat } from '../../actions/rotate-pat/src/rotate-pat';

const { values } = parseArgs({
  options: {
    repos: { type: 'string', default: '100' },
    latency: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '4' },
    // GET /user calls with the old token that still succeed after the revocation.
    polls: { type: 'string', default: '3' },
  },
});
const REPOS = Number(values.repos);
const LATENCY_MS = Number(values.latency);
const NEW_TOKEN = 'github_pat_11BENCHNEW0000000000000_0000000000000000000000';
const OLD_TOKEN = 'ghp_BENCHOLD000000000000000000000000000000';
const WRITER = 'ghp_BENCHWRITER0000000000000000000000000000';
const HEROKU_KEY = 'bench-heroku-key-00000000';
const DAY = 86_400_000;

process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';

let waitedMs = 0;
const clock = { now: () => Date.now() + waitedMs };
const sleep = async (ms: number) => {
  waitedMs += ms;
};

const { github, credentials } = await startGitHubWithCredentials({
  latencyMs: LATENCY_MS,
  now: clock.now,
  revokeAfter: { requests: Number(values.polls) },
});
github.addToken(OLD_TOKEN, { login: 'rotator' });
github.addToken(NEW_TOKEN, { login: 'rotator' });
credentials.profile(NEW_TOKEN, { expiresAt: Date.now() + 90 * DAY });
github.addToken(WRITER, { login: 'secrets-bot' });
const lines: string[] = [];
for (let i = 0; i < REPOS; i++) {
  const repo = `acme/repo-${String(i).padStart(3, '0')}`;
  github.addRepo(repo);
  lines.push(`github:${repo}/DEPLOY_TOKEN`);
}
const heroku = await startHeroku({ latencyMs: LATENCY_MS });
heroku.addApiKey(HEROKU_KEY);
heroku.addApp('acme-api', { GITHUB_TOKEN: OLD_TOKEN });
lines.push('heroku:acme-api/GITHUB_TOKEN');
const ssm = await startSsm({ latencyMs: LATENCY_MS, now: clock.now });
ssm.seed('/ci/github-token', OLD_TOKEN, { labels: ['current'] });

const dir = await mkdtemp(join(tmpdir(), 'keyturn-bench-pat-'));
const runner = createRecordingRunner(
  {
    'new-token': NEW_TOKEN,
    'old-token': OLD_TOKEN,
    'required-repos': lines
      .slice(0, 5)
      .map((line) => line.split(':')[1]?.split('/').slice(0, 2).join('/'))
      .join('\n'),
    name: '/ci/github-token',
    targets: lines.join('\n'),
    'github-token': WRITER,
    'github-api-url': github.url,
    'heroku-api-key': HEROKU_KEY,
    'heroku-api-url': heroku.url,
    concurrency: values.concurrency ?? '4',
    'revoke-old': 'true',
    'audit-log': join(dir, 'audit.jsonl'),
  },
  { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url },
);
const started = performance.now();
const ok = await runAction('rotate-pat', { runner, clock, sleep }, (context) =>
  runPat(context, readPatConfig(context.inputs, context.runner.env), realDeps),
);
const wallMs = performance.now() - started;
const audit = await readFile(join(dir, 'audit.jsonl'), 'utf8');
await rm(dir, { recursive: true, force: true });

const requests = github.requests;
const count = (test: (path: string, method: string) => boolean) =>
  requests.filter((request) => test(request.path, request.method)).length;
const revokeAt = requests.findIndex((request) => request.path === '/credentials/revoke');
const lastWriteAt = requests.map((request) => request.method).lastIndexOf('PUT');
const everything = `${runner.everything()}\n${audit}`;
const report = {
  targets: lines.length,
  concurrency: Number(values.concurrency),
  latency_ms: LATENCY_MS,
  github_requests: requests.length,
  user_requests: count((path) => path === '/user'),
  repo_reads: count((path, method) => method === 'GET' && /^\/repos\/[^/]+\/[^/]+$/.test(path)),
  key_requests: count((path) => path.endsWith('/public-key')),
  secret_puts: count((_path, method) => method === 'PUT'),
  revoke_requests: count((path) => path === '/credentials/revoke'),
  heroku_requests: heroku.emulator.requests.length,
  ssm_requests: ssm.emulator.requests.length,
  ssm_writes: ssm.writes().length,
  revoke_after_last_write: revokeAt > lastWriteAt,
  poll_waits_s: waitedMs / 1000,
  wall_s: +(wallMs / 1000).toFixed(2),
  secrets_correct: lines.filter((line) => {
    if (line.startsWith('heroku:')) return heroku.configVars('acme-api')?.GITHUB_TOKEN === NEW_TOKEN;
    const repo = line.slice('github:'.length).split('/').slice(0, 2).join('/');
    return github.repoSecret(repo, 'DEPLOY_TOKEN')?.value === NEW_TOKEN;
  }).length,
  tokens_shown: [NEW_TOKEN, OLD_TOKEN].filter((token) => everything.includes(token)).length,
  openapi_violations: github.violations.length,
  revoked: runner.outputs.revoked,
  ok,
};
console.log(JSON.stringify(report, null, 2));
await Promise.all([github.close(), heroku.close(), ssm.close()]);
process.exit(ok && report.secrets_correct === lines.length && report.tokens_shown === 0 ? 0 : 1);
