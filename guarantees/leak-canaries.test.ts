import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ociArchive, tokens } from '@keyturn/image-audit/testing';
import {
  type BundleRun,
  type Emulator,
  type EmulatorRequest,
  type Fault,
  type PostgresServer,
  postgresAvailable,
  runBundle,
  startFly,
  startGitHubWithCredentials,
  startHeroku,
  startIam,
  startInfisical,
  startPostgres,
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
  /** The rotator's own AWS secret (OIDC gives a workflow one), signing every IAM, STS and SSM call. */
  awsRotator: 'kTLeAkRoTaToR/9f8e7d6c5b4a3928170+6f5e4d3c2b',
  dbOld: 'Old-db-password-leak-canary-5e2a91c7d3',
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
  /** A CLI's command line (flags are its non-secret inputs; `inputs` holds the secret ones). */
  args?: string[];
  /** Files the run writes besides the runner's (audit-image's SARIF), searched too. */
  files?: string[];
  /** Canaries made when the world starts (a seeded IAM key's secret, an image's planted
   * tokens, the database's admin password): given to the run, searched like the rest. */
  given?: string[];
  /** More ways this row fails or runs (a truncated archive), beyond success, debug and dry run. */
  variants?: Record<string, { inputs?: Record<string, string>; env?: Record<string, string>; args?: string[] }>;
  /** Values born during the run (a generated key), read back from the services. */
  born(): string[];
  /** What the run must have done besides not leaking (audit-image: found every planted secret). */
  check?(run: BundleRun, files: string[]): void;
  close(): Promise<void>;
}

interface Step {
  name: string;
  emulator: string;
  fault: Pick<Fault, 'method' | 'path' | 'match'>;
  /** Canaries the run cannot hold yet when this step answers: an upstream
   * that echoes a value keyturn never saw is beyond any scrubbing, so the
   * hostile echo holds only what the run was given or has read. `seeded`:
   * the world's own canaries (World.given). */
  unknown?: (Canary | 'seeded')[];
}

interface Row {
  action: string;
  /** The committed bundle to run; actions/<first word of action>/dist/index.js by default. */
  bundle?: string;
  /** The CLI at a person's terminal: secrets from KEYTURN_* variables, no runner, so
   * nothing to mask for (everything is still searched). */
  terminal?: true;
  /** Scenarios the row's world makes (World.variants), beyond success, debug and dry run. */
  variants?: string[];
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
/** rotate prepares every target (GitHub's public key, Heroku's config) before it
 * reads the store's value: an echo then cannot hold a value the run never saw. */
const ROTATE_CONSUMER_STEPS: Step[] = CONSUMER_STEPS.map((step) =>
  step.name === 'GitHub public key' || step.name === 'Heroku read'
    ? { ...step, unknown: [...(step.unknown ?? []), 'value'] }
    : step,
);
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
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
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
          // An emergency rotation: the seeded value is young.
          force: 'true',
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
      ...ROTATE_CONSUMER_STEPS,
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

/** An AWS Query-protocol action (IAM, STS): `Action=…` in the form body. */
const queryAction = (name: string) => (request: EmulatorRequest) =>
  new URLSearchParams(request.body).get('Action') === name;
const ROTATOR_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDLEAKROTATOR',
  AWS_SECRET_ACCESS_KEY: C.awsRotator,
};

/** One PostgreSQL for the file, started on first use; each world makes its own role. */
let postgresServer: Promise<PostgresServer> | undefined;
const postgres = () => {
  postgresServer ??= startPostgres();
  return postgresServer;
};
afterAll(async () => {
  await (await postgresServer)?.stop();
}, 60_000);
const runPostgres = postgresAvailable() || process.env.KEYTURN_REQUIRE_POSTGRES === '1';
let roles = 0;

/** An image with a secret in every place audit-image looks: a file, a file a later
 * layer deletes, the build history (a build arg), the config's Env, a multi-line PEM. */
async function plantedImage() {
  const planted = {
    awsSecret: tokens.awsSecretAccessKey(),
    awsId: tokens.awsAccessKeyId(),
    pat: tokens.githubPat(),
    pem: tokens.privateKeyPem(),
    password: tokens.password(),
    npm: tokens.npm(),
  };
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-leak-image-'));
  const archive = join(dir, 'image.tar');
  const bytes = await ociArchive([
    {
      layers: [
        {
          createdBy: 'COPY . /app',
          items: [
            {
              path: 'app/.aws/credentials',
              content: `[default]\naws_access_key_id = ${planted.awsId}\naws_secret_access_key = ${planted.awsSecret}\n`,
            },
            { path: 'app/deploy.key', content: planted.pem },
            { path: 'app/.npmrc', content: `//registry.npmjs.org/:_authToken=${planted.npm}\n` },
          ],
        },
        { createdBy: 'RUN rm /app/.npmrc', items: [{ path: 'app/.wh..npmrc', content: '' }] },
      ],
      emptyHistory: [`|1 GITHUB_TOKEN=${planted.pat} /bin/sh -c echo building`],
      env: ['PATH=/usr/bin', `DB_PASSWORD=${planted.password}`],
    },
  ]);
  await writeFile(archive, bytes);
  const truncated = join(dir, 'truncated.tar');
  await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  return { planted, dir, archive, truncated, sarif: join(dir, 'image-audit.sarif') };
}

/** audit-image found every planted secret: a SARIF result at each place, one per secret. */
function foundEverySecret(run: BundleRun, files: string[]): void {
  const sarif = JSON.parse(files[0] ?? '{}') as { runs?: { results?: { locations?: unknown[] }[] }[] };
  const results = sarif.runs?.[0]?.results ?? [];
  const where = JSON.stringify(results);
  for (const place of ['app/.aws/credentials', 'app/deploy.key', 'app/.npmrc', 'DB_PASSWORD', 'GITHUB_TOKEN']) {
    expect(where, `a finding at ${place}`).toContain(place);
  }
  expect(run.code, 'secrets at or above medium fail the check').toBe(1);
}

async function issuerServices() {
  const s = await services();
  const iam = await startIam({
    callers: [{ accessKeyId: ROTATOR_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: C.awsRotator }],
  });
  return {
    ...s,
    iam,
    emulators: { ...s.emulators, iam: iam.emulator },
    close: async () => {
      await s.close();
      await iam.close();
    },
  };
}

const ISSUER_ROWS: Row[] = [
  {
    action: 'rotate (aws-iam issuer)',
    given: ['awsRotator', 'githubToken'],
    async start() {
      const s = await issuerServices();
      const old = s.iam.seedKey('ci-deployer', { ageMs: 100 * DAY });
      s.ssm.seed(
        '/ci/aws-key',
        JSON.stringify({ AccessKeyId: old.accessKeyId, SecretAccessKey: old.secretAccessKey }),
        {
          labels: ['current'],
          lastModified: Date.now() - 100 * DAY,
        },
      );
      const manifest = await manifestDir(
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
          'secrets:',
          '  - id: ci-key',
          '    store: { name: /ci/aws-key }',
          '    issuer: { kind: aws-iam, user: ci-deployer }',
          '    targets: [github:acme/api/AWS_CI_KEY]',
        ].join('\n'),
      );
      return {
        emulators: s.emulators,
        env: {
          ...ROTATOR_ENV,
          AWS_ENDPOINT_URL_SSM: s.ssm.url,
          AWS_ENDPOINT_URL_IAM: s.iam.url,
          AWS_ENDPOINT_URL_STS: s.iam.url,
        },
        inputs: {
          manifest: manifest.path,
          secret: 'ci-key',
          'github-token': C.githubToken,
          'github-api-url': s.github.url,
        },
        given: [
          old.secretAccessKey,
          JSON.stringify({ AccessKeyId: old.accessKeyId, SecretAccessKey: old.secretAccessKey }),
        ],
        born: () => [
          ...[...s.iam.keys.values()].map((key) => key.secretAccessKey),
          ...(s.ssm.parameters.get('/ci/aws-key') ?? []).map((version) => version.value),
        ],
        close: async () => {
          await s.close();
          await manifest.remove();
        },
      };
    },
    steps: [
      { name: 'SSM read', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['seeded'] },
      { name: 'IAM ListAccessKeys', emulator: 'iam', fault: { match: queryAction('ListAccessKeys') } },
      { name: 'IAM CreateAccessKey', emulator: 'iam', fault: { match: queryAction('CreateAccessKey') } },
      { name: 'STS GetCallerIdentity', emulator: 'iam', fault: { match: queryAction('GetCallerIdentity') } },
      { name: 'GitHub write', emulator: 'github', fault: { method: 'PUT' } },
      { name: 'IAM UpdateAccessKey', emulator: 'iam', fault: { match: queryAction('UpdateAccessKey') } },
    ],
  },
  {
    action: 'rotate (github-pat issuer)',
    given: ['newPat', 'oldPat', 'githubToken', 'herokuKey', 'neighbour'],
    async start() {
      const s = await services();
      s.ssm.seed('/ci/pat', C.oldPat, { labels: ['current'], lastModified: Date.now() - 100 * DAY });
      const manifest = await manifestDir(
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
          'secrets:',
          '  - id: deploy-pat',
          '    store: { name: /ci/pat }',
          '    issuer: { kind: github-pat, expected-login: rotator, min-days-left: 14, required-repos: [acme/api] }',
          '    targets: [github:acme/api/DEPLOY_TOKEN, heroku:acme-api/GITHUB_TOKEN]',
          '    revoke-old: true',
        ].join('\n'),
      );
      return {
        emulators: s.emulators,
        env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
        inputs: {
          manifest: manifest.path,
          secret: 'deploy-pat',
          'new-token': C.newPat,
          'github-token': C.githubToken,
          'heroku-api-key': C.herokuKey,
          ...s.urls,
        },
        born: () => [],
        close: async () => {
          await s.close();
          await manifest.remove();
        },
      };
    },
    steps: [
      { name: 'SSM read', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['oldPat', 'neighbour'] },
      { name: 'GitHub /user', emulator: 'github', fault: { path: '/user' }, unknown: ['neighbour'] },
      { name: 'GitHub write', emulator: 'github', fault: { method: 'PUT' }, unknown: ['neighbour'] },
      { name: 'Heroku read', emulator: 'heroku', fault: { method: 'GET' }, unknown: ['neighbour'] },
      { name: 'revoke', emulator: 'github', fault: { path: '/credentials/revoke' } },
    ],
  },
  ...(runPostgres
    ? [
        {
          action: 'rotate (postgres issuer, a real PostgreSQL)',
          given: ['dbOld', 'githubToken'],
          variants: ['as the admin, with debug logging', 'the database refusing the login'],
          async start() {
            const server = await postgres();
            const role = `leak_app_${++roles}_${process.pid}`;
            server.psql(`CREATE ROLE ${role} LOGIN PASSWORD '${C.dbOld}';`);
            const s = await services();
            s.ssm.seed('/prod/db-password', C.dbOld, { labels: ['current'], lastModified: Date.now() - 200 * DAY });
            const manifest = await manifestDir(
              [
                'version: 1',
                'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
                'secrets:',
                '  - id: db-password',
                '    store: { name: /prod/db-password }',
                `    issuer: { kind: postgres, host: ${server.host}, port: ${server.port}, database: postgres, role: ${role}, sslmode: disable }`,
                '    targets: [github:acme/api/DB_PASSWORD]',
              ].join('\n'),
            );
            return {
              emulators: s.emulators,
              env: { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL_SSM: s.ssm.url },
              inputs: {
                manifest: manifest.path,
                secret: 'db-password',
                'github-token': C.githubToken,
                'github-api-url': s.github.url,
              },
              given: [server.superuserPassword],
              born: () => (s.ssm.parameters.get('/prod/db-password') ?? []).map((version) => version.value),
              // The admin connection (postgres-admin-url, the superuser's password in it).
              variants: {
                'as the admin, with debug logging': {
                  inputs: { 'postgres-admin-url': server.adminUrl },
                  env: NOISY,
                },
                'the database refusing the login': {
                  inputs: {
                    'postgres-admin-url': server.adminUrl.replace(
                      server.superuserPassword,
                      `${server.superuserPassword}x`,
                    ),
                  },
                  env: NOISY,
                },
              },
              close: async () => {
                await s.close();
                await manifest.remove();
                server.psql(`DROP ROLE IF EXISTS ${role};`);
              },
            };
          },
          steps: [
            { name: 'SSM', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['dbOld'] },
            { name: 'GitHub write', emulator: 'github', fault: { method: 'PUT' } },
          ],
        } satisfies Row,
      ]
    : []),
];

const IMAGE_ROWS: Row[] = [
  {
    action: 'audit-image (secrets planted in the image)',
    given: [],
    variants: ['on one thread, fail-on high', 'a truncated archive'],
    async start() {
      const image = await plantedImage();
      return {
        emulators: {},
        env: { KEYTURN_SCAN_WORKERS: '2' },
        inputs: { archive: image.archive, sarif: image.sarif },
        files: [image.sarif],
        given: Object.values(image.planted),
        variants: {
          'on one thread, fail-on high': { inputs: { 'fail-on': 'high' }, env: { KEYTURN_SCAN_WORKERS: '0' } },
          'a truncated archive': { inputs: { archive: image.truncated } },
        },
        born: () => [],
        check: foundEverySecret,
        close: () => rm(image.dir, { recursive: true, force: true }),
      };
    },
    steps: [],
  },
];

const CLI_BUNDLE = fileURLToPath(new URL('../packages/cli/bin/keyturn.mjs', import.meta.url));

/** The `keyturn` command, run from its committed bundle as a person runs it
 * (terminal), as a workflow step runs it (GITHUB_ACTIONS=true), and with --json. */
function cliRows(mode: 'terminal' | 'runner' | 'json'): Row[] {
  const json = mode === 'json' ? ['--json'] : [];
  const how = { terminal: 'at a terminal', runner: 'on the runner', json: 'with --json' }[mode];
  const asPerson = mode === 'runner' ? {} : { terminal: true as const };
  return [
    {
      action: `keyturn plan (${how})`,
      bundle: CLI_BUNDLE,
      ...asPerson,
      given: ['infisicalSecret'],
      async start() {
        const world = await (ROWS.find((row) => row.action === 'plan') as Row).start();
        return {
          ...world,
          args: ['plan', '--manifest', world.inputs.manifest ?? '', ...json],
          inputs: { 'infisical-client-secret': C.infisicalSecret, 'infisical-client-id': 'kt-client' },
        };
      },
      steps: [
        { name: 'SSM', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['value'] },
        { name: 'Infisical login', emulator: 'infisical', fault: { path: /login$/ }, unknown: ['value'] },
      ],
    },
    {
      action: `keyturn rotate ID (${how})`,
      bundle: CLI_BUNDLE,
      ...asPerson,
      given: ['value', 'githubToken', 'herokuKey', 'flyToken', 'neighbour'],
      async start() {
        const world = await (ROWS.find((row) => row.action === 'rotate') as Row).start();
        const flags = ['github-api-url', 'heroku-api-url', 'fly-api-url', 'reason', 'force'].flatMap((name) => [
          `--${name}`,
          world.inputs[name] ?? '',
        ]);
        return {
          ...world,
          args: ['rotate', 'api-token', '--manifest', world.inputs.manifest ?? '', ...flags, ...json],
          inputs: {
            'github-token': C.githubToken,
            'heroku-api-key': C.herokuKey,
            'fly-api-token': C.flyToken,
          },
        };
      },
      steps: [
        { name: 'SSM', emulator: 'ssm', fault: { method: 'POST' }, unknown: ['value', 'neighbour'] },
        ...ROTATE_CONSUMER_STEPS,
      ],
    },
    {
      action: `keyturn audit-image ARCHIVE (${how})`,
      bundle: CLI_BUNDLE,
      ...asPerson,
      given: [],
      variants: ['a truncated archive'],
      async start() {
        const world = await (IMAGE_ROWS[0] as Row).start();
        const args = (archive: string) => ['audit-image', archive, '--sarif', world.files?.[0] ?? '', ...json];
        return {
          ...world,
          inputs: {},
          args: args(world.inputs.archive ?? ''),
          variants: {
            'a truncated archive': { args: args(world.variants?.['a truncated archive']?.inputs?.archive ?? '') },
          },
        };
      },
      steps: [],
    },
  ];
}

const EVERY_ROW: Row[] = [
  ...ROWS,
  ...ISSUER_ROWS,
  ...IMAGE_ROWS,
  ...cliRows('terminal'),
  ...cliRows('runner'),
  ...cliRows('json'),
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

const tally = { runs: 0, bytes: 0, hits: 0, sarif: 0 };
afterAll(() => {
  const cli = EVERY_ROW.filter((row) => row.bundle === CLI_BUNDLE).length;
  printFigure(
    `leak canaries: ${tally.runs} runs of ${EVERY_ROW.length} bundle rows (${EVERY_ROW.length - cli} actions incl. ${ISSUER_ROWS.length} issuers and audit-image, ` +
      `${cli} keyturn CLI), ${(tally.bytes / 1e6).toFixed(1)} MB searched (${tally.sarif} SARIF files), ` +
      `${tally.hits} hits (${ALL.length} canaries + seeded and born values × 8 forms, lines, every 12-character slice)`,
  );
});

/** `KEYTURN_GITHUB_TOKEN` for `github-token`: how a person's shell hands the CLI a secret. */
const shellVariable = (input: string) => `KEYTURN_${input.toUpperCase().replace(/-/g, '_')}`;

async function runAndSearch(
  row: Row,
  world: World,
  scenario: string,
  extra: Record<string, string>,
  env: Record<string, string>,
  args?: string[],
): Promise<void> {
  const actionDir = row.action.split(' ')[0] ?? row.action;
  const inputs = { ...world.inputs, ...extra };
  const run = await runBundle(row.bundle ?? bundle(actionDir), {
    inputs: row.terminal ? {} : inputs,
    env: {
      ...world.env,
      ...env,
      ...(row.terminal
        ? {
            GITHUB_ACTIONS: '',
            ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [shellVariable(name), value])),
          }
        : {}),
    },
    ...((args ?? world.args) ? { args: args ?? world.args } : {}),
    timeoutMs: 60_000,
  });
  const files = await Promise.all((world.files ?? []).map((file) => readFile(file, 'utf8').catch(() => '')));
  const given = world.given ?? [];
  const known = new Set([...Object.values(C), ...given]);
  const born = world.born().filter((value) => !known.has(value));
  const canaries = [...ALL.map((name) => C[name]), ...given, ...born];
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
    ...files,
  ].join('\n');
  const hits = findCanaries(shown, canaries);
  tally.runs += 1;
  tally.bytes += Buffer.byteLength(run.everything) + files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);
  tally.sarif += files.filter((file) => file !== '').length;
  tally.hits += hits.length;
  expect(hits, 'a canary was written').toEqual([]);
  expect(run.code, 'the run ended by itself, within its limits').not.toBeNull();
  // No crash: no uncaught error, no stack frame. (The CLI writes its own failures to
  // stderr, which may quote an upstream's parse error: that is a message, not a crash.)
  expect(run.stderr).not.toMatch(
    row.bundle === CLI_BUNDLE ? /Uncaught|^\s+at .+:\d+:\d+\)?$/m : /Uncaught|SyntaxError|at .+\(.+:\d+:\d+\)/,
  );
  if (scenario.startsWith('success')) world.check?.(run, files);
  // At a terminal there is no runner to mask for: nothing is printed, which is searched above.
  if (row.terminal) return;

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
  const maskLine = (value: string) => `::add-mask::${value.includes('\n') ? (value.split('\n')[1] ?? '') : value}`;
  for (const value of [...row.given.map((name) => C[name]), ...given]) {
    if (Object.values(inputs).includes(value))
      expect(early.has(maskLine(value)), 'an input canary masked before the first other line').toBe(true);
  }
  for (const value of born) expect(masked.has(maskLine(value)), 'a value born in the run is masked').toBe(true);
}

describe.each(EVERY_ROW)('leak canaries: $action', (row) => {
  const scenarios: [string, Record<string, string>, Record<string, string>][] = [
    ['success', {}, {}],
    ['success with debug logging', {}, NOISY],
    ['dry run with debug logging', { 'dry-run': 'true' }, NOISY],
  ];
  for (const [scenario, extra, env] of scenarios) {
    it.concurrent(scenario, async () => {
      const world = await row.start();
      try {
        await runAndSearch(row, world, scenario, extra, env);
      } finally {
        await world.close();
      }
    });
  }
  // A row's own ways to fail or run (a truncated archive, a login the database refuses).
  for (const name of row.variants ?? []) {
    it.concurrent(name, async () => {
      const world = await row.start();
      try {
        const variant = world.variants?.[name];
        expect(variant, `the world of ${row.action} makes variant ${name}`).toBeDefined();
        await runAndSearch(row, world, name, variant?.inputs ?? {}, variant?.env ?? {}, variant?.args);
      } finally {
        await world.close();
      }
    });
  }
  for (const step of row.steps) {
    for (const hostile of HOSTILE) {
      it.concurrent(`${step.name}: ${hostile}`, async () => {
        const world = await row.start();
        try {
          const seeded = step.unknown?.includes('seeded') ? [] : (world.given ?? []);
          const echoed = [
            ...row.given.filter((name) => !step.unknown?.includes(name)).map((name) => C[name]),
            ...seeded,
          ];
          const fault = hostileAnswers(echoed)[hostile] as Fault;
          world.emulators[step.emulator]?.injectFault({ ...step.fault, ...fault });
          await runAndSearch(row, world, hostile, {}, NOISY);
          const met = world.emulators[step.emulator]?.requests.some((request) => request.fault !== undefined);
          expect(met, 'the hostile answer met the run at this step').toBe(true);
        } finally {
          await world.close();
        }
      });
    }
  }
});

const HOSTILE = Object.keys(hostileAnswers([]));
