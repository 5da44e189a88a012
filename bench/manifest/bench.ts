/**
 * plan and rotate at scale, real clients against the emulators, real time.
 *
 *   npm run bench:manifest -- [--secrets 500] [--targets 50] [--latency 40]
 *
 * plan: a manifest of N secrets, half in SSM, half in Infisical (one
 * folder), every answer 40 ms late. SSM's floor is one `head` request per
 * secret; Infisical's is one listing of each folder and one of its rotation
 * markers (plus one login), whatever the number of secrets in it. Wall time
 * is set against the SSM heads at `concurrency` in flight.
 *
 * rotate: one entry with T targets (half Heroku apps, half GitHub repository
 * secrets). The first run stops at its verify step (the API is down), so the
 * version stays pending; the re-run resumes it. Its floor for mutating
 * requests is zero for Heroku (compared, not written) and one per GitHub
 * target (GitHub secrets cannot be read back).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ActionContext, realSleep, runAction, systemClock } from '@keyturn/core';
import {
  createRecordingRunner,
  startGitHub,
  startHeroku,
  startInfisical,
  startProtectedResource,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { main as planMain } from '../../actions/plan/src/main';
import { main as rotateMain } from '../../actions/rotate/src/main';

const { values } = parseArgs({
  options: {
    secrets: { type: 'string', default: '500' },
    targets: { type: 'string', default: '50' },
    latency: { type: 'string', default: '40' },
  },
});
const SECRETS = Number(values.secrets);
const TARGETS = Number(values.targets);
const LATENCY = Number(values.latency);
const DAY = 86_400_000;
const PLAN_CONCURRENCY = 8;
const restoreEnv = useEmulatorAwsCredentials();
const dir = await mkdtemp(join(tmpdir(), 'keyturn-bench-manifest-'));

async function run(
  action: string,
  main: (context: ActionContext) => Promise<void>,
  inputs: Record<string, string>,
  env: Record<string, string>,
) {
  const runner = createRecordingRunner({ 'audit-log': join(dir, `${action}.jsonl`), ...inputs }, env);
  const started = performance.now();
  const ok = await runAction(action, { runner, clock: systemClock, sleep: realSleep }, main);
  return { ok, runner, ms: performance.now() - started };
}

// ---- plan over SECRETS secrets
{
  const ssm = await startSsm({ latencyMs: LATENCY });
  const infisical = await startInfisical({
    latencyMs: LATENCY,
    clients: { bench: 'bench-secret' },
    projects: { p1: ['prod'] },
  });
  const lines = ['version: 1', 'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }', 'secrets:'];
  for (let i = 0; i < SECRETS; i++) {
    const age = (i * 7) % 200;
    if (i % 2 === 0) {
      ssm.seed(`/bench/s${i}`, `v${i}`, { labels: ['current'], lastModified: Date.now() - age * DAY });
      lines.push(`  - { id: s${i}, store: { name: /bench/s${i} }, generate: hex:16, targets: [heroku:app-${i}/KEY] }`);
    } else {
      infisical.seed({ projectId: 'p1', environment: 'prod', key: `S${i}` }, `v${i}`, Date.now() - age * DAY);
      lines.push(
        `  - { id: s${i}, store: { kind: infisical, name: S${i}, project: p1, environment: prod, url: '${infisical.url}' }, generate: hex:16 }`,
      );
    }
  }
  const manifest = join(dir, 'plan.yml');
  await writeFile(manifest, `${lines.join('\n')}\n`);
  const result = await run(
    'plan',
    planMain,
    { manifest, 'infisical-client-id': 'bench', 'infisical-client-secret': 'bench-secret' },
    { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url },
  );
  const ssmRequests = ssm.emulator.requests.length;
  const infisicalRequests = infisical.emulator.requests.length;
  const total = ssmRequests + infisicalRequests;
  const ssmSecrets = Math.ceil(SECRETS / 2);
  const floorMs = Math.ceil(ssmSecrets / PLAN_CONCURRENCY) * LATENCY;
  const infisicalSecrets = SECRETS - ssmSecrets;
  console.log(
    `plan: ${SECRETS} secrets (${SECRETS / 2} SSM, ${SECRETS / 2} Infisical), ${LATENCY} ms latency, ok=${result.ok}`,
  );
  console.log(`  due ${result.runner.outputs.due}, batches ${result.runner.outputs.batches}`);
  console.log(
    `  requests: ${total} = ${(total / SECRETS).toFixed(3)} per secret; SSM ${ssmRequests} = ${(ssmRequests / ssmSecrets).toFixed(3)} per SSM secret (floor 1); ` +
      `Infisical ${infisicalRequests} incl. login = ${(infisicalRequests / infisicalSecrets).toFixed(3)} per Infisical secret (floor: 2 listings per folder + 1 login = 3)`,
  );
  console.log(
    `  wall: ${(result.ms / 1000).toFixed(2)} s; floor at ${PLAN_CONCURRENCY} in flight ${(floorMs / 1000).toFixed(2)} s (x${(result.ms / floorMs).toFixed(2)}), sequential ${((SECRETS * LATENCY) / 1000).toFixed(1)} s`,
  );
  console.log(`  writes: SSM ${ssm.writes().length}, Infisical ${infisical.secretWrites().length}`);
  await Promise.all([ssm.close(), infisical.close()]);
}

// ---- rotate with TARGETS targets, then the resumed re-run
{
  const ssm = await startSsm({ latencyMs: LATENCY });
  const github = await startGitHub({ latencyMs: LATENCY });
  const heroku = await startHeroku({ latencyMs: LATENCY });
  github.addToken('ghp_bench_writer_000000000000000000000000', { login: 'bench' });
  heroku.addApiKey('heroku-bench-key');
  let apiUp = false;
  const api = await startProtectedResource({ accepts: (credential) => apiUp && credential.length === 48 });
  const targets: string[] = [];
  for (let i = 0; i < TARGETS; i++) {
    if (i % 2 === 0) {
      heroku.addApp(`bench-app-${i}`, { API_TOKEN: 'old', OTHER: 'x' });
      targets.push(`heroku:bench-app-${i}/API_TOKEN`);
    } else {
      github.addRepo(`acme/repo-${i}`);
      targets.push(`github:acme/repo-${i}/API_TOKEN`);
    }
  }
  ssm.seed('/bench/rotate', 'old', { labels: ['current'], lastModified: Date.now() - 100 * DAY });
  const manifest = join(dir, 'rotate.yml');
  await writeFile(
    manifest,
    `version: 1\nsecrets:\n  - id: wide\n    store: { kind: ssm, name: /bench/rotate, region: eu-west-1 }\n    generate: hex:24\n    max-age: 90d\n    targets: [${targets.join(', ')}]\n    verify: [{ url: '${api.url}/me' }]\n`,
  );
  const inputs = {
    manifest,
    secret: 'wide',
    'github-token': 'ghp_bench_writer_000000000000000000000000',
    'heroku-api-key': 'heroku-bench-key',
    'heroku-api-url': heroku.url,
    concurrency: '8',
  };
  const env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url, GITHUB_API_URL: github.url };
  const counts = () => ({
    github: github.requests.length,
    githubWrites: github.mutatingRequests().length,
    heroku: heroku.emulator.requests.length,
    herokuWrites: heroku.emulator.mutatingRequests().length,
    ssm: ssm.emulator.requests.length,
    ssmWrites: ssm.writes().length,
  });
  const first = await run('rotate', rotateMain, inputs, env);
  const afterFirst = counts();
  apiUp = true;
  const second = await run('rotate', rotateMain, inputs, env);
  const afterSecond = counts();
  const targetRequests = afterFirst.github + afterFirst.heroku;
  console.log(
    `rotate: 1 entry, ${TARGETS} targets (${Math.ceil(TARGETS / 2)} Heroku, ${Math.floor(TARGETS / 2)} GitHub), ${LATENCY} ms latency`,
  );
  console.log(
    `  first run (stopped at verify, ok=${first.ok}): ${(first.ms / 1000).toFixed(2)} s; target requests ${targetRequests} = ${(targetRequests / TARGETS).toFixed(2)} per target (GitHub ${afterFirst.github}, Heroku ${afterFirst.heroku}); SSM ${afterFirst.ssm} (${afterFirst.ssmWrites} writes)`,
  );
  console.log(
    `  re-run (resumed, ok=${second.ok}, rotated=${second.runner.outputs.rotated}, updated=${second.runner.outputs.updated}): ${(second.ms / 1000).toFixed(2)} s; mutating requests: Heroku ${afterSecond.herokuWrites - afterFirst.herokuWrites} (floor 0), GitHub ${afterSecond.githubWrites - afterFirst.githubWrites} (floor ${Math.floor(TARGETS / 2)}: write-only), SSM ${afterSecond.ssmWrites - afterFirst.ssmWrites} (the pending label cleared)`,
  );
  await Promise.all([ssm.close(), github.close(), heroku.close(), api.close()]);
}

// ---- rotate on Infisical: what the rotation marker costs, first run and resumed re-run
{
  const infisical = await startInfisical({ latencyMs: LATENCY, tokens: ['bench-token'], projects: { p1: ['prod'] } });
  const heroku = await startHeroku({ latencyMs: LATENCY });
  heroku.addApiKey('heroku-bench-key');
  heroku.addApp('bench-infisical', { API_TOKEN: 'old' });
  let apiUp = false;
  const api = await startProtectedResource({ accepts: () => apiUp });
  infisical.seed({ projectId: 'p1', environment: 'prod', key: 'API_TOKEN' }, 'old', Date.now() - 100 * DAY);
  const manifest = join(dir, 'rotate-infisical.yml');
  await writeFile(
    manifest,
    `version: 1\nsecrets:\n  - id: infisical-token\n    store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }\n    generate: hex:24\n    max-age: 90d\n    targets: [heroku:bench-infisical/API_TOKEN]\n    verify: [{ url: '${api.url}/me' }]\n`,
  );
  const inputs = {
    manifest,
    secret: 'infisical-token',
    'infisical-token': 'bench-token',
    'heroku-api-key': 'heroku-bench-key',
    'heroku-api-url': heroku.url,
  };
  const counts = () => ({
    all: infisical.emulator.requests.length,
    values: infisical.valueWrites().length,
    markers: infisical.markerWrites().length,
  });
  const first = await run('rotate', rotateMain, inputs, {});
  const afterFirst = counts();
  apiUp = true;
  const second = await run('rotate', rotateMain, inputs, {});
  const afterSecond = counts();
  console.log(`rotate on Infisical: 1 entry, 1 Heroku target, ${LATENCY} ms latency`);
  console.log(
    `  first run (stopped at verify, ok=${first.ok}): ${(first.ms / 1000).toFixed(2)} s; Infisical ${afterFirst.all} requests, ` +
      `${afterFirst.values} value write(s), ${afterFirst.markers} marker write(s) (create: folder missing, folder, create)`,
  );
  console.log(
    `  re-run (resumed, ok=${second.ok}, version ${second.runner.outputs.version}): ${(second.ms / 1000).toFixed(2)} s; Infisical ${afterSecond.all - afterFirst.all} requests, ` +
      `${afterSecond.values - afterFirst.values} value write(s) (floor 0), ${afterSecond.markers - afterFirst.markers} marker write(s) (the delete)`,
  );
  await Promise.all([infisical.close(), heroku.close(), api.close()]);
}

restoreEnv();
await rm(dir, { recursive: true, force: true });
