/**
 * A grace rotation and its clean-up, real clients against the emulators,
 * every answer `latency` ms late, the clock moved (not slept) between them.
 *
 *   npm run bench:grace -- [--targets 30] [--latency 40]
 *
 * One generated entry with grace: 24h in Secrets Manager and T targets,
 * a third each GitHub repository secrets (one repository each), Heroku
 * apps and Fly apps. Day 0 rotates (old value to NAME_PREVIOUS first);
 * day 1 deletes the companions. Reported: requests and mutating requests
 * per target for each service, against the floor of each run:
 *   rotation: 2 writes per target (companion + value) and 1 read per scope
 *             (GitHub public key, Heroku config, Fly list);
 *   clean-up: 1 write per target (the delete) and 1 read per scope (prepare).
 * GitHub's write pacing (80 a minute) is off here: it is a budget, not cost.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ActionContext, realSleep, runAction } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { openStore } from '@keyturn/core/adapters/stores';
import {
  createRecordingRunner,
  type EmulatorRequest,
  startFly,
  startGitHub,
  startHeroku,
  startSecretsManager,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { readRotateConfig } from '../../actions/rotate/src/config';
import { rotateEntry } from '../../actions/rotate/src/rotate';

const { values } = parseArgs({
  options: { targets: { type: 'string', default: '30' }, latency: { type: 'string', default: '40' } },
});
const PER_SERVICE = Math.max(1, Math.floor(Number(values.targets) / 3));
const LATENCY = Number(values.latency);
const HOUR = 3_600_000;
const restoreEnv = useEmulatorAwsCredentials();
const dir = await mkdtemp(join(tmpdir(), 'keyturn-bench-grace-'));
let offset = 0;
const clock = { now: () => Date.now() + offset };

const [sm, github, heroku, fly] = await Promise.all([
  startSecretsManager({ region: 'eu-west-1', now: clock.now, latencyMs: LATENCY }),
  startGitHub({ now: clock.now, latencyMs: LATENCY }),
  startHeroku({ latencyMs: LATENCY }),
  startFly({ now: clock.now, latencyMs: LATENCY }),
]);
const GITHUB_TOKEN = 'ghp_bench_grace_0000000000000000000000000';
const HEROKU_KEY = 'heroku-bench-grace-key';
const FLY_TOKEN = 'fly-bench-grace-token-000000000000';
github.addToken(GITHUB_TOKEN, { login: 'bench' });
heroku.addApiKey(HEROKU_KEY);
fly.addToken(FLY_TOKEN);
const targets: string[] = [];
for (let index = 0; index < PER_SERVICE; index++) {
  github.addRepo(`acme/svc-${index}`);
  heroku.addApp(`acme-svc-${index}`, { JWT_SIGNING_KEY: 'old-value', OTHER: 'kept' });
  fly.addApp(`acme-svc-${index}`, { JWT_SIGNING_KEY: 'old-value' });
  targets.push(
    `github:acme/svc-${index}/JWT_SIGNING_KEY`,
    `heroku:acme-svc-${index}/JWT_SIGNING_KEY`,
    `fly:acme-svc-${index}/JWT_SIGNING_KEY`,
  );
}
sm.seed('bench/jwt', 'old-value', { createdAt: Date.now() - 100 * 24 * HOUR });
const manifest = join(dir, 'rotation.yml');
await writeFile(
  manifest,
  `version: 1
secrets:
  - id: jwt
    store: { kind: secrets-manager, name: bench/jwt, region: eu-west-1 }
    generate: base64:64
    max-age: 90d
    grace: 24h
    targets: [${targets.join(', ')}]
`,
);

const env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url, GITHUB_API_URL: github.url };
const inputs = {
  manifest,
  secret: 'jwt',
  'github-token': GITHUB_TOKEN,
  'heroku-api-key': HEROKU_KEY,
  'heroku-api-url': heroku.url,
  'fly-api-token': FLY_TOKEN,
  'fly-api-url': fly.url,
  concurrency: '8',
};
const main = async (context: ActionContext) =>
  rotateEntry(context, await readRotateConfig(context.inputs, context.runner.env), {
    openStore,
    openDestinations: (settings, context, concurrency) =>
      openDestinations(settings, context, { concurrency, githubWritePace: false }),
    fetch: (input, init) => globalThis.fetch(input, init),
  });

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const snapshot = () => ({
  github: [...github.requests],
  heroku: [...heroku.emulator.requests],
  fly: [...fly.emulator.requests],
  sm: [...sm.emulator.requests],
});
function measure(label: string, before: ReturnType<typeof snapshot>, ms: number, ok: boolean): void {
  const after = snapshot();
  const line = (service: 'github' | 'heroku' | 'fly', perTarget: number) => {
    const fresh: EmulatorRequest[] = after[service].slice(before[service].length);
    const writes = fresh.filter((request) => MUTATING.has(request.method)).length;
    return `${service} ${(fresh.length / perTarget).toFixed(2)} req/target (${(writes / perTarget).toFixed(2)} writes)`;
  };
  const smCalls = after.sm.length - before.sm.length;
  console.log(
    `${label}: ${ok ? 'ok' : 'FAILED'} in ${(ms / 1000).toFixed(2)} s; ${line('github', PER_SERVICE)}, ` +
      `${line('heroku', PER_SERVICE)}, ${line('fly', PER_SERVICE)}; Secrets Manager ${smCalls} requests`,
  );
}

async function run(label: string): Promise<void> {
  const runner = createRecordingRunner({ 'audit-log': join(dir, 'audit.jsonl'), ...inputs }, env);
  const before = snapshot();
  const started = performance.now();
  const ok = await runAction('rotate', { runner, clock, sleep: realSleep }, main);
  measure(label, before, performance.now() - started, ok && runner.failed === undefined);
  if (runner.failed) console.log(runner.failed);
}

try {
  console.log(
    `grace rotation: ${PER_SERVICE * 3} targets (${PER_SERVICE} each GitHub, Heroku, Fly), ${LATENCY} ms latency`,
  );
  await run('day 0, rotation with companions');
  offset += 12 * HOUR;
  await run('day 0.5, window open');
  offset += 13 * HOUR;
  await run('day 1, clean-up');
  await run('day 1, clean-up re-run');
} finally {
  restoreEnv();
  await Promise.all([sm.close(), github.close(), heroku.close(), fly.close()]);
  await rm(dir, { recursive: true, force: true });
}
