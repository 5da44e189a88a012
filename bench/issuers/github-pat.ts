// One github-pat rotation through rotate (SPEC's readonly-pat entry: the
// token in Infisical, two Heroku apps, revoke-old) against the emulators:
// requests per service and per stage, and wall time, median of ROUNDS.
// GitHub carries out the revocation after 2 more GET /user calls, so the
// poll is exercised; the sleep is the fake clock's (no real waiting).
// The floor: GitHub 2 GET /user (new, old) + 1 repo read + 1 proof + 1
// revoke + polls until 401; Infisical 1 login + reads + 1 write; Heroku
// 2 config reads + 2 writes.
// npm run bench:issuers:github-pat
import type { ActionContext } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { openStore } from '@keyturn/core/adapters/stores';
import { runWithManifest, startGitHubWithCredentials, startHeroku, startInfisical } from '@keyturn/testkit';
import { readRotateConfig } from '../../actions/rotate/src/config';
import { rotateEntry } from '../../actions/rotate/src/rotate';

const ROUNDS = 10;
const DAY = 86_400_000;
const now = Date.now();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const main = async (context: ActionContext) =>
  rotateEntry(context, await readRotateConfig(context.inputs, context.runner.env), {
    openStore,
    openDestinations: (settings, ctx, concurrency) => openDestinations(settings, ctx, { concurrency }),
    fetch: (input, init) => globalThis.fetch(input, init),
  });

const walls: number[] = [];
let counts: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  const oldPat = `ghp_benchOldPat${String(round).padStart(25, '0')}`;
  const newPat = `ghp_benchNewPat${String(round).padStart(25, '0')}`;
  const { github, credentials } = await startGitHubWithCredentials({ revokeAfter: { requests: 2 } });
  const heroku = await startHeroku();
  const infisical = await startInfisical({ clients: { ci: 'bench-secret' }, projects: { p: ['prod'] } });
  github.addToken(oldPat, { login: 'raxx-bot' });
  github.addToken(newPat, { login: 'raxx-bot' });
  github.addRepo('raxx-app/TradeMasterAPI');
  credentials.profile(newPat, { expiresAt: now + 90 * DAY });
  heroku.addApiKey('bench-heroku');
  heroku.addApp('console-prod', { TOKEN: oldPat });
  heroku.addApp('console-staging', { TOKEN: oldPat });
  infisical.seed({ projectId: 'p', environment: 'prod', key: 'READONLY' }, oldPat, now - 100 * DAY);
  const manifest = `version: 1
defaults: { max-age: 90d }
secrets:
  - id: readonly-pat
    issuer: { kind: github-pat, expected-login: raxx-bot, min-days-left: 14, required-repos: [raxx-app/TradeMasterAPI] }
    store: { kind: infisical, name: READONLY, project: p, environment: prod, url: '${infisical.url}' }
    targets: [heroku:console-prod/TOKEN, heroku:console-staging/TOKEN]
    revoke-old: true
`;
  const started = performance.now();
  const run = await runWithManifest(
    'rotate',
    main,
    manifest,
    {
      secret: 'readonly-pat',
      force: 'true',
      'new-token': newPat,
      'github-api-url': github.url,
      'heroku-api-key': 'bench-heroku',
      'heroku-api-url': heroku.url,
      'infisical-client-id': 'ci',
      'infisical-client-secret': 'bench-secret',
    },
    { now },
  );
  walls.push(performance.now() - started);
  if (!run.ok || credentials.revoked[0] !== oldPat) throw new Error(`round ${round} failed: ${run.runner.failed}`);
  const path = (prefix: string) => github.requests.filter((request) => request.path.startsWith(prefix)).length;
  counts = {
    github_get_user: path('/user'),
    github_repo_reads: path('/repos/'),
    github_revoke: credentials.revokeRequests().length,
    github_total: github.requests.length,
    infisical_total: infisical.emulator.requests.length,
    infisical_writes: infisical.secretWrites().length,
    heroku_total: heroku.emulator.requests.length,
    heroku_writes: heroku.emulator.mutatingRequests().length,
    poll_sleeps: run.sleeps.length,
  };
  await Promise.all([github.close(), heroku.close(), infisical.close()]);
}
console.log(JSON.stringify({ rounds: ROUNDS, wall_ms_median: Math.round(median(walls)), ...counts }, null, 2));
