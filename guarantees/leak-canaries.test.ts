import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Emulator,
  type Fault,
  runBundle,
  startFly,
  startGitHubWithCredentials,
  startHeroku,
  startInfisical,
  startProtectedResource,
  startSecretsManager,
  startSsm,
} from '@keyturn/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { findCanaries } from './canaries';
import { printFigure } from './figure';

/**
 * Guarantee 1, "no value is ever printed": every action's committed bundle,
 * run as the runner runs it (packages/testkit/src/run-bundle.ts), through
 * success, dry run, debug logging, failure at each step and hostile
 * upstreams (echoing every canary the run holds, a 2xx that is not JSON,
 * an HTML page, a huge answer). Every byte written (stdout, stderr, the
 * outputs file, the summary, the audit log) is searched for every canary in
 * raw, base64, base64url, hex, URL-encoded and JSON-escaped form, each line
 * of a multi-line one, and as any 12-character slice of those. Each canary
 * given as an input is masked before the first line that is not a mask
 * command; each value born in the run is masked too. An action is a row.
 */
const C = {
  value: 'kt_leak_value_4c1f9e2b7a5d3068e1',
  githubToken: 'ghp_kTLeAkWrItEr0a1b2c3d4e5f60718293a4',
  herokuKey: 'hrku-LEAKHEROKU-9e8d7c6b-5a4f-4e3d-b2c1-a09f8e7d6c5b',
  flyToken: 'fm2_FlyLeakTokn_Qm9vYmFyYmF6cXV4cXV1eA',
  neighbour: 'NeIgHbOuR_db_password_73e1a9c5b02d',
  newPat: 'github_pat_11KTLEAKNEW0a1b2c3d4e_5f60718293a4b5c6d7e8f9a0b1',
  oldPat: 'ghp_KTLEAKOLD9f8e7d6c5b4a39281706f5e4d3c2b1',
  infisicalSecret: 'infisical-client-secret-6a9f03d1e7b2c84f',
  pem: [
    '-----BEGIN PRIVATE KEY-----',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7leakcanaryQ2x',
    'Zt4mWq9LpR3vN8sYc1KdF6hJ0oUaE5bT9gX2iM7nV4wC3yB8fA1eD6jH0kS5lG9r',
    '-----END PRIVATE KEY-----',
  ].join('\n'),
};
type Canary = keyof typeof C;
const ALL = Object.keys(C) as Canary[];
/** Debug switches a user might flip, heroku-client's among them. */
const NOISY = { DEBUG: '*', RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', NODE_DEBUG: 'http' };
const AWS_CREDENTIALS = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };

interface World {
  emulators: Record<string, Emulator>;
  env: Record<string, string>;
  inputs: Record<string, string>;
  /** Values born during the run (a generated key), read back from the services. */
  born(): string[];
  close(): Promise<void>;
}

interface Step {
  name: string;
  emulator: string;
  fault: Pick<Fault, 'method' | 'path'>;
  /** Canaries the run cannot hold yet when this step answers: an upstream
   * that echoes a value keyturn never saw is beyond any scrubbing, so the
   * hostile echo holds only what the run was given or has read. */
  unknown?: Canary[];
}

interface Row {
  action: string;
  /** The canaries given to this run (inputs or seeded values it reads). */
  given: Canary[];
  start(): Promise<World>;
  steps: Step[];
}

const bundle = (action: string) => fileURLToPath(new URL(`../actions/${action}/dist/index.js`, import.meta.url));
const DAY = 86_400_000;

async function services() {
  const { github, credentials } = await startGitHubWithCredentials({});
  github.addToken(C.githubToken, { login: 'secrets-bot' });
  github.addToken(C.oldPat, { login: 'rotator' });
  github.addToken(C.newPat, { login: 'rotator', access: ['acme/api'] });
  credentials.profile(C.newPat, { scopes: [], expiresAt: Date.now() + 60 * DAY });
  credentials.profile(C.oldPat, { scopes: ['repo'], expiresAt: Date.now() + 5 * DAY });
  github.addOrg('acme');
  github.addRepo('acme/api', { environments: ['production'] });
  const heroku = await startHeroku();
  heroku.addApiKey(C.herokuKey);
  heroku.addApp('acme-api', { DATABASE_URL: C.neighbour, API_TOKEN: 'old-value' });
  const fly = await startFly();
  fly.addToken(C.flyToken, ['acme-web']);
  fly.addApp('acme-web', { DATABASE_URL: C.neighbour });
  const ssm = await startSsm();
  ssm.seed('/prod/api-token', C.value, { labels: ['current'] });
  ssm.seed('/prod/tls-key', C.pem, { labels: ['current'] });
  const emulators = { github: github.emulator, heroku: heroku.emulator, fly: fly.emulator, ssm: ssm.emulator };
  const urls = {
    'github-api-url': github.url,
    'heroku-api-url': heroku.url,
    'fly-api-url': fly.url,
  };
  const close = async () => void (await Promise.all([github.close(), heroku.close(), fly.close(), ssm.close()]));
  return { github, heroku, fly, ssm, emulators, urls, close };
}

const CONSUMER_STEPS: Step[] = [
  { name: 'GitHub public key', emulator: 'github', fault: { path: /public-key$/ } },
  { name: 'GitHub write', emulator: 'github', fault: { method: 'PUT' } },
  { name: 'Heroku read', emulator: 'heroku', fault: { method: 'GET' }, unknown: ['neighbour'] },
  { name: 'Heroku write', emulator: 'heroku', fault: { method: 'PATCH' } },
  { name: 'Fly write', emulator: 'fly', fault: { method: 'POST' } },
];
const TARGETS = [
  'github:acme/api/API_TOKEN',
  'github:acme/api@production/API_TOKEN',
  'github-org:acme/API_TOKEN',
  'heroku:acme-api/API_TOKEN',
  'fly:acme-web/API_TOKEN',
].join('\n');

async function manifestDir(text: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-leak-'));
  const path = join(dir, 'rotation.yml');
  await writeFile(path, text);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

const ROWS: Row[] = [
  {
    action: 'propagate',
    given: ALL.filter((c) => c !== 'infisicalSecret' && c !== 'newPat' && c !== 'oldPat'),
    async start() {
      const s = await services();
      return {
        emulators: s.emulators,
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
        inputs: {
          source: 'ssm:/prod/api-token',
          targets: TARGETS,
          'github-token': C.githubToken,
          'heroku-api-key': C.herokuKey,
          'fly-api-token': C.flyToken,
          ...s.urls,
        },
        born: () => [],
        close: s.close,
      };
    },
    steps: [
      { name: 'SSM read', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['value', 'neighbour'] },
      ...CONSUMER_STEPS,
    ],
  },
  {
    action: 'propagate (a multi-line PEM)',
    given: ['pem', 'githubToken', 'herokuKey', 'neighbour'],
    async start() {
      const s = await services();
      return {
        emulators: s.emulators,
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
        inputs: {
          source: 'ssm:/prod/tls-key',
          targets: 'github:acme/api/TLS_KEY\nheroku:acme-api/TLS_KEY',
          'github-token': C.githubToken,
          'heroku-api-key': C.herokuKey,
          ...s.urls,
        },
        born: () => [],
        close: s.close,
      };
    },
    steps: [
      { name: 'SSM read', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['pem', 'neighbour'] },
      { name: 'Heroku write', emulator: 'heroku', fault: { method: 'PATCH' } },
    ],
  },
  {
    action: 'rotate-ssm',
    given: ['value'],
    async start() {
      const ssm = await startSsm();
      ssm.seed('/prod/api-token', C.value, { labels: ['current'] });
      return {
        emulators: { ssm: ssm.emulator },
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: ssm.url },
        inputs: { name: '/prod/api-token', generate: 'ed25519' },
        born: () => (ssm.parameters.get('/prod/api-token') ?? []).map((version) => version.value),
        close: () => ssm.close(),
      };
    },
    steps: [{ name: 'SSM history', emulator: 'ssm', fault: { path: '/', method: 'POST' }, unknown: ['value'] }],
  },
  {
    action: 'rotate-ssm (Infisical, universal auth)',
    given: ['value', 'infisicalSecret'],
    async start() {
      const infisical = await startInfisical({
        clients: { 'kt-client': C.infisicalSecret },
        projects: { p1: ['prod'] },
      });
      infisical.seed({ projectId: 'p1', environment: 'prod', key: 'API_TOKEN' }, C.value);
      return {
        emulators: { infisical: infisical.emulator },
        env: {},
        inputs: {
          name: 'API_TOKEN',
          store: 'infisical',
          generate: 'password:40',
          'infisical-url': infisical.url,
          'infisical-project-id': 'p1',
          'infisical-environment': 'prod',
          'infisical-client-id': 'kt-client',
          'infisical-client-secret': C.infisicalSecret,
        },
        // keyturn's rotation markers (folder keyturn-rotations) hold no secret, only a version and a run.
        born: () =>
          [...infisical.secrets.values()]
            .filter((record) => !record.path.endsWith('/keyturn-rotations'))
            .flatMap((record) => record.versions.map((v) => v.value)),
        close: () => infisical.close(),
      };
    },
    steps: [
      { name: 'Infisical login', emulator: 'infisical', fault: { path: /login$/ }, unknown: ['value'] },
      { name: 'Infisical read', emulator: 'infisical', fault: { method: 'GET' }, unknown: ['value'] },
      // rotate-ssm reads Infisical's versions without their values.
      { name: 'Infisical write', emulator: 'infisical', fault: { method: 'PATCH' }, unknown: ['value'] },
    ],
  },
  {
    action: 'rotate-ssm (Secrets Manager)',
    given: ['value'],
    async start() {
      const sm = await startSecretsManager();
      sm.seed('prod/api-token', C.value);
      return {
        emulators: { sm: sm.emulator },
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
        inputs: { name: 'prod/api-token', store: 'secrets-manager', generate: 'base64:48' },
        born: () => (sm.secrets.get('prod/api-token')?.versions ?? []).map((version) => version.value),
        close: () => sm.close(),
      };
    },
    steps: [{ name: 'Secrets Manager describe', emulator: 'sm', fault: { method: 'POST' }, unknown: ['value'] }],
  },
  {
    action: 'rotate-pat',
    given: ['newPat', 'oldPat', 'githubToken', 'herokuKey', 'neighbour'],
    async start() {
      const s = await services();
      return {
        emulators: s.emulators,
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
        inputs: {
          'new-token': C.newPat,
          'old-token': C.oldPat,
          'required-repos': 'acme/api',
          name: '/ci/pat',
          targets: 'github:acme/api/DEPLOY_TOKEN\nheroku:acme-api/GITHUB_TOKEN',
          'github-token': C.githubToken,
          'heroku-api-key': C.herokuKey,
          'revoke-old': 'true',
          // A revoke answered but not applied is polled for this long.
          'revoke-within': '3s',
          ...s.urls,
        },
        born: () => [],
        close: s.close,
      };
    },
    steps: [
      { name: 'GitHub /user', emulator: 'github', fault: { path: '/user' }, unknown: ['neighbour'] },
      { name: 'SSM write', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['neighbour'] },
      { name: 'GitHub write', emulator: 'github', fault: { method: 'PUT' }, unknown: ['neighbour'] },
      { name: 'Heroku read', emulator: 'heroku', fault: { method: 'GET' }, unknown: ['neighbour'] },
      { name: 'revoke', emulator: 'github', fault: { path: '/credentials/revoke' } },
    ],
  },
  {
    action: 'verify',
    given: ['oldPat'],
    async start() {
      const api = await startProtectedResource();
      api.accept(C.oldPat);
      return {
        emulators: { api: api.emulator },
        env: {},
        inputs: { url: `${api.url}/v1/me`, token: C.oldPat, expect: '2xx' },
        born: () => [],
        close: () => api.close(),
      };
    },
    steps: [{ name: 'the checked URL', emulator: 'api', fault: {} }],
  },
  {
    action: 'rotate',
    given: ['value', 'githubToken', 'herokuKey', 'flyToken', 'neighbour'],
    async start() {
      const s = await services();
      const manifest = await manifestDir(
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 } }',
          'secrets:',
          '  - id: api-token',
          '    store: { name: /prod/api-token }',
          '    generate: base64url:32',
          `    targets: [${TARGETS.split('\n').join(', ')}]`,
        ].join('\n'),
      );
      return {
        emulators: s.emulators,
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
        inputs: {
          manifest: manifest.path,
          secret: 'api-token',
          reason: 'INC-4242',
          'github-token': C.githubToken,
          'heroku-api-key': C.herokuKey,
          'fly-api-token': C.flyToken,
          ...s.urls,
        },
        born: () => (s.ssm.parameters.get('/prod/api-token') ?? []).map((version) => version.value),
        close: async () => {
          await s.close();
          await manifest.remove();
        },
      };
    },
    steps: [
      { name: 'SSM', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['value', 'neighbour'] },
      ...CONSUMER_STEPS,
    ],
  },
  {
    action: 'plan',
    given: ['infisicalSecret'],
    async start() {
      const ssm = await startSsm();
      ssm.seed('/prod/api-token', C.value, { labels: ['current'] });
      const infisical = await startInfisical({
        clients: { 'kt-client': C.infisicalSecret },
        projects: { p1: ['prod'] },
      });
      infisical.seed({ projectId: 'p1', environment: 'prod', key: 'API_TOKEN' }, C.value);
      const manifest = await manifestDir(
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
          'secrets:',
          '  - { id: ssm-token, store: { name: /prod/api-token }, generate: hex:16 }',
          `  - { id: inf-token, store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }, generate: hex:16 }`,
        ].join('\n'),
      );
      return {
        emulators: { ssm: ssm.emulator, infisical: infisical.emulator },
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: ssm.url },
        inputs: {
          manifest: manifest.path,
          'infisical-client-id': 'kt-client',
          'infisical-client-secret': C.infisicalSecret,
        },
        born: () => [],
        close: async () => {
          await Promise.all([ssm.close(), infisical.close()]);
          await manifest.remove();
        },
      };
    },
    steps: [
      { name: 'SSM', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['value'] },
      { name: 'Infisical login', emulator: 'infisical', fault: { path: /login$/ }, unknown: ['value'] },
      { name: 'Infisical read', emulator: 'infisical', fault: { method: 'GET' }, unknown: ['value'] },
    ],
  },
];

/** What a hostile upstream answers instead, echoing `canaries` in every form. */
function hostileAnswers(canaries: string[]): Record<string, Fault> {
  const echo = canaries
    .map((canary) => {
      const bytes = Buffer.from(canary);
      return [canary, bytes.toString('hex'), bytes.toString('base64'), encodeURIComponent(canary)].join(' ');
    })
    .join(' | ');
  return {
    // Retried, then answered: the retry's debug line sees the echo.
    '503 echoing every canary, then recovering': {
      status: 503,
      headers: { 'retry-after': '0' },
      body: { message: `unavailable: ${echo}`, Message: echo },
      times: 2,
    },
    '422 echoing every canary': {
      status: 422,
      body: { message: echo, Message: echo, __type: 'ValidationException', errors: [echo] },
    },
    'a 2xx that is not JSON': { status: 200, body: `\uFEFF{"x":"${echo}"}` },
    'an HTML page': {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: `<html><body><pre>${echo}</pre></body></html>`,
    },
    'a huge answer': { status: 200, body: { message: `${echo} `.repeat(400) } },
  };
}

const tally = { runs: 0, bytes: 0, hits: 0 };
afterAll(() => {
  printFigure(
    `leak canaries: ${tally.runs} runs of ${ROWS.length} bundle rows, ${(tally.bytes / 1e6).toFixed(1)} MB searched, ` +
      `${tally.hits} hits (${ALL.length} canaries + values born in runs × 8 forms, lines, every 12-character slice)`,
  );
});

async function runAndSearch(
  row: Row,
  world: World,
  extra: Record<string, string>,
  env: Record<string, string>,
): Promise<void> {
  const actionDir = row.action.split(' ')[0] ?? row.action;
  const run = await runBundle(bundle(actionDir), {
    inputs: { ...world.inputs, ...extra },
    env: { ...world.env, ...env },
    timeoutMs: 60_000,
  });
  const born = world.born().filter((value) => !Object.values(C).includes(value));
  const canaries = [...ALL.map((name) => C[name]), ...born];
  // The mask commands are how a value reaches the runner's masker: consumed
  // by the runner, never shown. Everything else is searched.
  const lines = run.stdout.split('\n');
  const shown = [
    lines.filter((line) => !line.startsWith('::add-mask::')).join('\n'),
    run.stderr,
    // rotate-ssm's `value` output is the value, by contract (SPEC: masked):
    // it must be masked, and is searched nowhere else.
    ...Object.entries(run.outputs)
      .filter(([name]) => !(name === 'value' && row.action.startsWith('rotate-ssm')))
      .map(([name, value]) => `${name}=${value}`),
    run.summary,
    run.audit,
  ].join('\n');
  const hits = findCanaries(shown, canaries);
  tally.runs += 1;
  tally.bytes += Buffer.byteLength(run.everything);
  tally.hits += hits.length;
  expect(hits, 'a canary was written').toEqual([]);
  expect(run.stderr).not.toMatch(/Uncaught|SyntaxError|at .+\(.+:\d+:\d+\)/);

  // Masked before the first line that could hold it: an input's canary
  // before any line but mask commands; a value born in the run, at all.
  const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
  const early = new Set(lines.slice(0, firstOther < 0 ? lines.length : firstOther));
  // Command data escapes %, CR and LF (as the runner's toolkit does).
  const masked = new Set(
    lines
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')),
  );
  for (const name of row.given) {
    const inInputs = Object.values(world.inputs).includes(C[name]);
    const value = C[name];
    const line = `::add-mask::${value.includes('\n') ? (value.split('\n')[1] ?? '') : value}`;
    if (inInputs) expect(early.has(line), `${name} masked before the first other line`).toBe(true);
  }
  for (const value of born) {
    const line = `::add-mask::${value.includes('\n') ? (value.split('\n')[1] ?? '') : value}`;
    expect(masked.has(line), 'a value born in the run is masked').toBe(true);
  }
}

describe.each(ROWS)('leak canaries: $action', (row) => {
  const scenarios: [string, Record<string, string>, Record<string, string>][] = [
    ['success', {}, {}],
    ['success with debug logging', {}, NOISY],
    ['dry run with debug logging', { 'dry-run': 'true' }, NOISY],
  ];
  for (const [scenario, extra, env] of scenarios) {
    it.concurrent(scenario, async () => {
      const world = await row.start();
      try {
        await runAndSearch(row, world, extra, env);
      } finally {
        await world.close();
      }
    });
  }
  for (const step of row.steps) {
    const echoed = row.given.filter((name) => !step.unknown?.includes(name)).map((name) => C[name]);
    for (const [hostile, fault] of Object.entries(hostileAnswers(echoed))) {
      it.concurrent(`${step.name}: ${hostile}`, async () => {
        const world = await row.start();
        try {
          world.emulators[step.emulator]?.injectFault({ ...step.fault, ...fault });
          await runAndSearch(row, world, {}, NOISY);
        } finally {
          await world.close();
        }
      });
    }
  }
});
