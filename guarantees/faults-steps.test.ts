import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionContext, createFakeClock, runAction } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { createGitHubClient } from '@keyturn/core/adapters/github-client';
import { openStore } from '@keyturn/core/adapters/stores';
import {
  createRecordingRunner,
  type Emulator,
  type EmulatorRequest,
  type Fault,
  type PostgresServer,
  postgresAvailable,
  presentedCredential,
  startFly,
  startGitHubWithCredentials,
  startHeroku,
  startIam,
  startInfisical,
  startPostgres,
  startProtectedResource,
  startSecretsManager,
  startSsm,
  startTcpProxy,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPropagateConfig } from '../actions/propagate/src/config';
import { propagate } from '../actions/propagate/src/propagate';
import { readRotateConfig as readEntryConfig } from '../actions/rotate/src/config';
import { rotateEntry } from '../actions/rotate/src/rotate';
import { readPatConfig } from '../actions/rotate-pat/src/config';
import { runPat } from '../actions/rotate-pat/src/rotate-pat';
import { readRotateConfig } from '../actions/rotate-ssm/src/config';
import { rotate as rotateSsm } from '../actions/rotate-ssm/src/rotate';
import { printFigure } from './figure';

/**
 * Guarantee 3, "store first, then consumers, then revoke", and 4, "faults
 * are expected": every flow (rotate-ssm, propagate, rotate-pat, rotate with
 * the manifest) with a fault at every step it takes (500, 502, 503, 429
 * with Retry-After, GitHub's secondary-limit 403, a timeout, a trickled
 * answer, a connection reset, 422, a 2xx that is not JSON), held for as long
 * as the flow retries. After the run, whatever it did: the store holds a
 * value; every consumer that changed holds that same value; the previous
 * value is retrievable; the old token is revoked only if everything before
 * succeeded. Then the fault is lifted, the flow runs again, and it must
 * converge: success, store and every consumer on one new value, previous
 * the original. The flows run with their real adapters over HTTP to the
 * emulators, on a fake clock, with a short request deadline so a hang or
 * a trickle ends quickly.
 */
// Long enough for a loaded CI machine to answer, short enough for a hang to end soon.
const DEADLINE_MS = 1_000;
const ORIGINAL = 'kt_faults_original_value_9d3e';
const OLD_PAT = 'ghp_FaultsOldToken0a1b2c3d4e5f60718293a4b5';
const NEW_PAT = 'github_pat_11FAULTSNEW0a1b2c3d4e_5f60718293a4b5c6d7e8f9a';
const WRITER = 'ghp_FaultsWriter0a1b2c3d4e5f60718293a4b5c6';
const HEROKU_KEY = 'kt-faults-heroku-key';
const FLY_TOKEN = 'fm2_kt-faults-fly-token';
const DAY = 86_400_000;

const operation = (name: string) => (request: EmulatorRequest) =>
  String(request.headers['x-amz-target'] ?? '').endsWith(`.${name}`);

const FAULTS: Record<string, { fault: Fault; github?: true }> = {
  '500': { fault: { status: 500, body: { message: 'Internal Server Error', __type: 'InternalServerError' } } },
  '502': { fault: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' } },
  '503': { fault: { status: 503, body: { message: 'Service Unavailable', __type: 'ServiceUnavailable' } } },
  '429 with Retry-After': {
    fault: {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'Too Many Requests', __type: 'ThrottlingException' },
    },
  },
  'secondary-limit 403': {
    github: true,
    fault: {
      status: 403,
      headers: { 'retry-after': '60' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    },
  },
  timeout: { fault: { hang: true } },
  'trickled answer': { fault: { status: 200, body: { padding: 'x'.repeat(2_000) }, trickleMs: 30 } },
  'connection reset': { fault: { reset: true } },
  '422': { fault: { status: 422, body: { message: 'Validation Failed', __type: 'ValidationException' } } },
  '2xx that is not JSON': { fault: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>OK</html>' } },
};

/** A write the service applied whose answer never reached keyturn: held for
 * every attempt, so each retry is applied again and loses its answer too. */
const LOST: Record<string, Fault> = {
  'applied, then the connection reset': { applied: true, reset: true },
  'applied, then answered 500': {
    applied: true,
    status: 500,
    body: { message: 'Internal Server Error', __type: 'InternalServerError' },
  },
};

interface World {
  emulators: Record<string, Emulator>;
  run(): Promise<{ ok: boolean; failed: string | undefined }>;
  /** Broken promises of guarantee 3 in the services' state now. */
  violations(after: 'fault' | 'rerun'): string[] | Promise<string[]>;
  close(): Promise<void>;
}

interface Step {
  name: string;
  emulator: string;
  match: Pick<Fault, 'method' | 'path' | 'match'>;
  github?: true;
  /** A write: it also gets the lost-answer faults (applied, answer lost). */
  write?: true;
}

interface Flow {
  name: string;
  start(): Promise<World>;
  steps: Step[];
}

/** Runs `logic` in the action wrapper with a recording runner and a fake clock. */
async function inWrapper(
  action: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  logic: (context: ActionContext) => Promise<void>,
  /** A clock the world shares with its emulators (IAM's propagation delay, a grace window). */
  time = createFakeClock(Date.now()),
) {
  const runner = createRecordingRunner({ 'audit-log': '/dev/null', ...inputs }, { AWS_REGION: 'eu-west-1', ...env });
  const ok = await runAction(action, { runner, clock: time.clock, sleep: time.sleep }, logic);
  return { ok, failed: runner.failed, outputs: runner.outputs };
}

const tuning = { githubWritePace: false as const, requestTimeoutMs: DEADLINE_MS };
const quickStore: typeof openStore = (settings, context) =>
  openStore(settings, { ...context, requestTimeoutMs: DEADLINE_MS });
const quickFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(DEADLINE_MS) });

/** SSM seeded with the original value; labels read back as the store's story. */
async function ssmWorld(name: string) {
  const ssm = await startSsm();
  ssm.seed(name, ORIGINAL, { labels: ['current'], lastModified: Date.now() - 400 * DAY });
  const story = () => {
    const versions = ssm.parameters.get(name) ?? [];
    const labelled = (label: string) => versions.filter((version) => version.labels.includes(label));
    return {
      current: labelled('current')[0]?.value,
      previous: labelled('previous')[0]?.value,
      problems: [
        ...(labelled('current').length === 1 ? [] : ['label current is not on exactly one version']),
        ...(labelled('previous').length > 1 ? ['label previous is on two versions'] : []),
      ],
    };
  };
  return { ssm, story, close: () => ssm.close() };
}

async function consumerWorld() {
  const { github, credentials } = await startGitHubWithCredentials({});
  github.addToken(WRITER, { login: 'secrets-bot' });
  github.addToken(OLD_PAT, { login: 'rotator' });
  github.addToken(NEW_PAT, { login: 'rotator', access: ['acme/api'] });
  credentials.profile(NEW_PAT, { scopes: [], expiresAt: Date.now() + 60 * DAY });
  credentials.profile(OLD_PAT, { scopes: ['repo'], expiresAt: Date.now() + 5 * DAY });
  github.addRepo('acme/api', { environments: ['production'] });
  const heroku = await startHeroku();
  heroku.addApiKey(HEROKU_KEY);
  heroku.addApp('acme-api', { OTHER: 'left alone' });
  const fly = await startFly();
  fly.addToken(FLY_TOKEN, ['acme-web']);
  fly.addApp('acme-web', {});
  const values = (name: string) => ({
    'github repo': github.repoSecret('acme/api', name)?.value,
    'github env': github.environmentSecret('acme/api', 'production', name)?.value,
    heroku: heroku.configVars('acme-api')?.[name],
    fly: fly.secretValue('acme-web', name),
  });
  const inputs = {
    'github-token': WRITER,
    'github-api-url': github.url,
    'heroku-api-key': HEROKU_KEY,
    'heroku-api-url': heroku.url,
    'fly-api-token': FLY_TOKEN,
    'fly-api-url': fly.url,
  };
  const targets = (name: string) => [
    `github:acme/api/${name}`,
    `github:acme/api@production/${name}`,
    `heroku:acme-api/${name}`,
    `fly:acme-web/${name}`,
  ];
  return {
    github,
    credentials,
    heroku,
    fly,
    values,
    inputs,
    targets,
    emulators: { github: github.emulator, heroku: heroku.emulator, fly: fly.emulator },
    close: async () => void (await Promise.all([github.close(), heroku.close(), fly.close()])),
  };
}

/** The invariant over one store story and the consumers' values. */
function invariant(
  story: { current: string | undefined; previous: string | undefined; problems: string[] },
  consumers: Record<string, string | undefined>,
  original: string,
  after: 'fault' | 'rerun',
): string[] {
  const broken = [...story.problems];
  if (story.current === undefined) broken.push('the store holds no current value');
  if (story.current !== original && story.previous !== original) {
    broken.push('the store moved on but its previous is not the original value');
  }
  for (const [consumer, value] of Object.entries(consumers)) {
    if (value !== undefined && value !== original && value !== story.current) {
      broken.push(`${consumer} holds a value the store does not hold as current`);
    }
    if (after === 'rerun' && value !== story.current) broken.push(`${consumer} did not converge on the store's value`);
  }
  if (after === 'rerun' && story.current === original) broken.push('the re-run did not rotate');
  return broken;
}

/** Infisical seeded with the original value, long ago. Its story: current is
 * the latest version; previous is what a rollback restores (the marker's
 * `from` while a rotation is unfinished, else the one before); after a
 * re-run no rotation marker is left and exactly one version was added. */
async function infisicalWorld() {
  const infisical = await startInfisical({ tokens: ['kt-faults-access'], projects: { p1: ['prod'] } });
  const location = { projectId: 'p1', environment: 'prod', key: 'API_TOKEN' };
  const markerAt = { ...location, secretPath: '/keyturn-rotations', key: 'KEYTURN_ROTATION__API_TOKEN' };
  infisical.seed(location, ORIGINAL, Date.now() - 400 * DAY);
  const story = (after: 'fault' | 'rerun') => {
    const versions = infisical.find(location)?.versions ?? [];
    const marker = infisical.find(markerAt)?.versions.at(-1)?.value;
    const from = marker === undefined ? undefined : Number((JSON.parse(marker) as { from?: unknown }).from);
    const before = from !== undefined && from < versions.length ? from : versions.length - 1;
    const problems: string[] = [];
    if (after === 'rerun' && marker !== undefined && JSON.parse(marker).resume === true) {
      problems.push('an unfinished-rotation marker is left after the re-run');
    }
    if (after === 'rerun' && versions.length !== 2) problems.push(`${versions.length - 1} versions were added, not 1`);
    return { current: versions.at(-1)?.value, previous: versions[before - 1]?.value, problems };
  };
  return {
    infisical,
    story,
    inputs: {
      store: 'infisical',
      'infisical-url': infisical.url,
      'infisical-project-id': 'p1',
      'infisical-environment': 'prod',
      'infisical-token': 'kt-faults-access',
    },
    close: () => infisical.close(),
  };
}

const INFISICAL_STEPS: Step[] = [
  { name: 'Infisical read', emulator: 'infisical', match: { method: 'GET' } },
  {
    name: 'Infisical marker create',
    emulator: 'infisical',
    match: { method: 'POST', path: '/api/v3/secrets/raw/KEYTURN_ROTATION__API_TOKEN' },
    write: true,
  },
  { name: 'Infisical write', emulator: 'infisical', match: { method: 'PATCH' }, write: true },
  { name: 'Infisical marker delete', emulator: 'infisical', match: { method: 'DELETE' }, write: true },
];

const SSM_STEPS: Step[] = [
  { name: 'SSM GetParameterHistory', emulator: 'ssm', match: { match: operation('GetParameterHistory') } },
  { name: 'SSM PutParameter', emulator: 'ssm', match: { match: operation('PutParameter') }, write: true },
  {
    name: 'SSM LabelParameterVersion',
    emulator: 'ssm',
    match: { match: operation('LabelParameterVersion') },
    write: true,
  },
];
const CONSUMER_STEPS: Step[] = [
  { name: 'GitHub public key', emulator: 'github', match: { path: /public-key$/ }, github: true },
  { name: 'GitHub secret write', emulator: 'github', match: { method: 'PUT' }, github: true, write: true },
  { name: 'Heroku config read', emulator: 'heroku', match: { method: 'GET' } },
  { name: 'Heroku config write', emulator: 'heroku', match: { method: 'PATCH' }, write: true },
  { name: 'Fly secrets', emulator: 'fly', match: { method: 'POST' }, write: true },
];
/** An AWS Query-protocol action (IAM, STS): `Action=…` in the form body. */
const queryAction = (name: string) => (request: EmulatorRequest) =>
  new URLSearchParams(request.body).get('Action') === name;

const FLOWS: Flow[] = [
  {
    name: 'rotate-ssm',
    steps: SSM_STEPS,
    async start() {
      const store = await ssmWorld('/prod/api-token');
      const inputs = { name: '/prod/api-token', generate: 'hex:16' };
      return {
        emulators: { ssm: store.ssm.emulator },
        run: () =>
          inWrapper('rotate-ssm', inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }, (context) =>
            rotateSsm(context, readRotateConfig(context.inputs, context.runner.env), (config, ctx) =>
              quickStore(config.store, ctx),
            ),
          ),
        violations: (after) => invariant(store.story(), {}, ORIGINAL, after),
        close: store.close,
      };
    },
  },
  {
    name: 'rotate-ssm on Secrets Manager',
    steps: ['DescribeSecret', 'PutSecretValue', 'UpdateSecretVersionStage', 'ListSecretVersionIds'].map((name) => ({
      name: `Secrets Manager ${name}`,
      emulator: 'sm',
      match: { match: operation(name) },
      ...(name === 'PutSecretValue' || name === 'UpdateSecretVersionStage' ? { write: true as const } : {}),
    })),
    async start() {
      const sm = await startSecretsManager();
      sm.seed('prod/api-token', ORIGINAL);
      const inputs = { name: 'prod/api-token', store: 'secrets-manager', generate: 'hex:16' };
      return {
        emulators: { sm: sm.emulator },
        run: () =>
          inWrapper('rotate-ssm', inputs, { AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url }, (context) =>
            rotateSsm(context, readRotateConfig(context.inputs, context.runner.env), (config, ctx) =>
              quickStore(config.store, ctx),
            ),
          ),
        violations: (after) => {
          const versions = sm.secrets.get('prod/api-token')?.versions ?? [];
          const staged = (stage: string) => versions.filter((version) => version.stages.includes(stage));
          const problems = staged('AWSCURRENT').length === 1 ? [] : ['AWSCURRENT is not on exactly one version'];
          // AWSPENDING may mark a rotation that stopped part-way; a finished one leaves none.
          if (after === 'rerun' && staged('AWSPENDING').length > 0)
            problems.push('AWSPENDING is left after the re-run');
          const story = {
            current: staged('AWSCURRENT')[0]?.value,
            previous: staged('AWSPREVIOUS')[0]?.value,
            problems,
          };
          return invariant(story, {}, ORIGINAL, after);
        },
        close: () => sm.close(),
      };
    },
  },
  {
    name: 'rotate-ssm on Infisical',
    steps: INFISICAL_STEPS,
    async start() {
      const store = await infisicalWorld();
      // max-age: a first run that stored its value (its marker delete failed) is not due again.
      const inputs = { name: 'API_TOKEN', generate: 'hex:16', 'max-age': '90d', ...store.inputs };
      return {
        emulators: { infisical: store.infisical.emulator },
        run: () =>
          inWrapper('rotate-ssm', inputs, {}, (context) =>
            rotateSsm(context, readRotateConfig(context.inputs, context.runner.env), (config, ctx) =>
              quickStore(config.store, ctx),
            ),
          ),
        violations: (after) => invariant(store.story(after), {}, ORIGINAL, after),
        close: () => store.close(),
      };
    },
  },
  {
    name: 'rotate (manifest) on Infisical',
    steps: [...INFISICAL_STEPS, ...CONSUMER_STEPS],
    async start() {
      const store = await infisicalWorld();
      const consumers = await consumerWorld();
      const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = await mkdtemp(join(tmpdir(), 'keyturn-faults-'));
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        [
          'version: 1',
          'secrets:',
          '  - id: api-token',
          `    store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${store.infisical.url}' }`,
          '    generate: hex:16',
          '    max-age: 90d',
          `    targets: [${consumers.targets('API_TOKEN').join(', ')}]`,
        ].join('\n'),
      );
      const inputs = { manifest, secret: 'api-token', 'infisical-token': 'kt-faults-access', ...consumers.inputs };
      return {
        emulators: { infisical: store.infisical.emulator, ...consumers.emulators },
        run: () =>
          inWrapper('rotate', inputs, {}, async (context) =>
            rotateEntry(context, await readEntryConfig(context.inputs, context.runner.env), {
              openStore: quickStore,
              openDestinations: (settings, ctx, concurrency) =>
                openDestinations(settings, ctx, { ...tuning, concurrency }),
              fetch: quickFetch,
            }),
          ),
        violations: (after) => invariant(store.story(after), consumers.values('API_TOKEN'), ORIGINAL, after),
        close: async () => {
          await consumers.close();
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'propagate',
    steps: [
      { name: 'SSM read', emulator: 'ssm', match: { match: operation('GetParameterHistory') } },
      ...CONSUMER_STEPS,
    ],
    async start() {
      const store = await ssmWorld('/prod/api-token');
      const consumers = await consumerWorld();
      const inputs = {
        source: 'ssm:/prod/api-token',
        targets: consumers.targets('API_TOKEN').join('\n'),
        ...consumers.inputs,
      };
      return {
        emulators: { ssm: store.ssm.emulator, ...consumers.emulators },
        run: () =>
          inWrapper('propagate', inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }, async (context) => {
            await propagate(context, readPropagateConfig(context.inputs, context.runner.env), {
              destinations: (config, ctx) =>
                openDestinations(config.destinations, ctx, { ...tuning, concurrency: config.concurrency }),
              store: (config, ctx) => quickStore(config.store as NonNullable<typeof config.store>, ctx),
            });
          }),
        // propagate writes no store: a consumer holds the original or nothing new.
        violations: (after) => {
          const values = consumers.values('API_TOKEN');
          const broken = Object.entries(values)
            .filter(([, value]) => value !== undefined && value !== ORIGINAL)
            .map(([consumer]) => `${consumer} holds a value the store does not hold`);
          if (after === 'rerun') {
            for (const [consumer, value] of Object.entries(values)) {
              if (value !== ORIGINAL) broken.push(`${consumer} did not converge on the store's value`);
            }
          }
          return broken;
        },
        close: async () => {
          await consumers.close();
          await store.close();
        },
      };
    },
  },
  {
    name: 'rotate (manifest)',
    steps: [
      ...SSM_STEPS,
      {
        name: 'SSM UnlabelParameterVersion',
        emulator: 'ssm',
        match: { match: operation('UnlabelParameterVersion') },
        write: true,
      },
      ...CONSUMER_STEPS,
    ],
    async start() {
      const store = await ssmWorld('/prod/api-token');
      const consumers = await consumerWorld();
      const dir = await mkdtemp(join(tmpdir(), 'keyturn-faults-'));
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
          'secrets:',
          '  - id: api-token',
          '    store: { name: /prod/api-token }',
          '    generate: hex:16',
          `    targets: [${consumers.targets('API_TOKEN').join(', ')}]`,
        ].join('\n'),
      );
      const inputs = { manifest, secret: 'api-token', ...consumers.inputs };
      return {
        emulators: { ssm: store.ssm.emulator, ...consumers.emulators },
        run: () =>
          inWrapper('rotate', inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }, async (context) =>
            rotateEntry(context, await readEntryConfig(context.inputs, context.runner.env), {
              openStore: quickStore,
              openDestinations: (settings, ctx, concurrency) =>
                openDestinations(settings, ctx, { ...tuning, concurrency }),
              fetch: quickFetch,
            }),
          ),
        violations: (after) => {
          const story = store.story();
          const broken = invariant(story, consumers.values('API_TOKEN'), ORIGINAL, after);
          const pending = (store.ssm.parameters.get('/prod/api-token') ?? []).filter((v) =>
            v.labels.includes('pending'),
          );
          if (after === 'rerun' && pending.length > 0) broken.push('the pending mark is left after the re-run');
          return broken;
        },
        close: async () => {
          await consumers.close();
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'rotate-pat',
    steps: [
      { name: 'GitHub GET /user', emulator: 'github', match: { path: '/user' }, github: true },
      ...SSM_STEPS,
      { name: 'GitHub secret write', emulator: 'github', match: { method: 'PUT' }, github: true, write: true },
      { name: 'Heroku config write', emulator: 'heroku', match: { method: 'PATCH' }, write: true },
      {
        name: 'GitHub revoke',
        emulator: 'github',
        match: { path: '/credentials/revoke' },
        github: true,
        write: true,
      },
    ],
    async start() {
      const store = await ssmWorld('/ci/pat');
      store.ssm.seed('/ci/pat', OLD_PAT, { labels: ['current'] });
      const consumers = await consumerWorld();
      const inputs = {
        'new-token': NEW_PAT,
        'old-token': OLD_PAT,
        name: '/ci/pat',
        targets: ['github:acme/api/DEPLOY_TOKEN', 'heroku:acme-api/DEPLOY_TOKEN'].join('\n'),
        'revoke-old': 'true',
        'revoke-within': '1m',
        ...consumers.inputs,
      };
      const values = () => {
        const all = consumers.values('DEPLOY_TOKEN');
        return { 'github repo': all['github repo'], heroku: all.heroku };
      };
      return {
        emulators: { ssm: store.ssm.emulator, ...consumers.emulators },
        run: () =>
          inWrapper('rotate-pat', inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }, (context) =>
            runPat(context, readPatConfig(context.inputs, context.runner.env), {
              github: (token, apiUrl, ctx) =>
                createGitHubClient({
                  ...(token === undefined ? {} : { token }),
                  baseUrl: apiUrl,
                  clock: ctx.clock,
                  sleep: ctx.sleep,
                  writePace: false,
                  requestTimeoutMs: DEADLINE_MS,
                }),
              fetch: quickFetch,
              openStore: quickStore,
              openDestinations: (settings, ctx, concurrency) =>
                openDestinations(settings, ctx, { ...tuning, concurrency }),
            }),
          ),
        violations: (after) => {
          const story = store.story();
          // The store's original here is the old token (seeded last).
          const broken = invariant(story, values(), OLD_PAT, after).filter(
            (problem) => !problem.startsWith('the store moved on but'),
          );
          if (story.current !== OLD_PAT && story.previous !== OLD_PAT) {
            broken.push('the store moved on but the old token is not its previous');
          }
          const revoked = consumers.credentials.revoked.includes(OLD_PAT);
          const everyoneNew = story.current === NEW_PAT && Object.values(values()).every((value) => value === NEW_PAT);
          if (revoked && !everyoneNew)
            broken.push('the old token was revoked before store and targets held the new one');
          if (after === 'rerun' && !revoked) broken.push('the re-run did not revoke the old token');
          return broken;
        },
        close: async () => {
          await consumers.close();
          await store.close();
        },
      };
    },
  },
];

async function manifestFile(lines: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-faults-'));
  const path = join(dir, 'rotation.yml');
  await writeFile(path, lines.join('\n'));
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

const rotateDeps = {
  openStore: quickStore,
  openDestinations: (
    settings: Parameters<typeof openDestinations>[0],
    ctx: Parameters<typeof openDestinations>[1],
    concurrency: number,
  ) => openDestinations(settings, ctx, { ...tuning, concurrency }),
  fetch: quickFetch,
  issuerRequestTimeoutMs: DEADLINE_MS,
};

/** rotate (the manifest entry `id`) in the action wrapper, on `time`. */
const rotateRun = (
  inputs: Record<string, string>,
  env: Record<string, string>,
  time?: ReturnType<typeof createFakeClock>,
) =>
  inWrapper(
    'rotate',
    inputs,
    env,
    async (context) => rotateEntry(context, await readEntryConfig(context.inputs, context.runner.env), rotateDeps),
    time,
  );

/** A fake clock that moves with real time as well: STS is asked until a time
 * bound (not an attempt count) passes, and each hung request's deadline must
 * count against that bound as it does in a real run. */
function clockWithRealTime() {
  const time = createFakeClock(Date.now());
  const started = performance.now();
  return { ...time, clock: { now: () => time.clock.now() + Math.round(performance.now() - started) } };
}

const MORE_FLOWS: Flow[] = [
  {
    name: 'rotate (aws-iam issuer)',
    steps: [
      {
        name: 'IAM DeleteAccessKey (the inactive second key)',
        emulator: 'iam',
        match: { match: queryAction('DeleteAccessKey') },
        write: true,
      },
      { name: 'IAM CreateAccessKey', emulator: 'iam', match: { match: queryAction('CreateAccessKey') }, write: true },
      {
        name: 'SSM PutParameter (the new key)',
        emulator: 'ssm',
        match: { match: operation('PutParameter') },
        write: true,
      },
      {
        name: 'SSM LabelParameterVersion',
        emulator: 'ssm',
        match: { match: operation('LabelParameterVersion') },
        write: true,
      },
      { name: 'STS GetCallerIdentity', emulator: 'iam', match: { match: queryAction('GetCallerIdentity') } },
      { name: 'GitHub secret write', emulator: 'github', match: { method: 'PUT' }, github: true, write: true },
      {
        name: 'IAM UpdateAccessKey (deactivate the old)',
        emulator: 'iam',
        match: { match: queryAction('UpdateAccessKey') },
        write: true,
      },
    ],
    async start() {
      const time = clockWithRealTime();
      const iam = await startIam({ now: time.clock.now, propagationDelayMs: 2_000 });
      const store = await ssmWorld('/ci/aws-key');
      const consumers = await consumerWorld();
      iam.seedKey('ci-deployer', { status: 'Inactive', ageMs: 300 * DAY });
      const old = iam.seedKey('ci-deployer', { ageMs: 100 * DAY });
      const original = JSON.stringify({ AccessKeyId: old.accessKeyId, SecretAccessKey: old.secretAccessKey });
      store.ssm.seed('/ci/aws-key', original, { labels: ['current'], lastModified: Date.now() - 100 * DAY });
      const manifest = await manifestFile([
        'version: 1',
        'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
        'secrets:',
        '  - id: ci-key',
        '    store: { name: /ci/aws-key }',
        '    issuer: { kind: aws-iam, user: ci-deployer }',
        '    targets: [github:acme/api/AWS_CI_KEY]',
      ]);
      const inputs = { manifest: manifest.path, secret: 'ci-key', ...consumers.inputs };
      const env = { AWS_ENDPOINT_URL_SSM: store.ssm.url, AWS_ENDPOINT_URL_IAM: iam.url, AWS_ENDPOINT_URL_STS: iam.url };
      const keyOf = (value: string | undefined) =>
        value === undefined ? undefined : iam.keys.get((JSON.parse(value) as { AccessKeyId: string }).AccessKeyId);
      return {
        emulators: { ssm: store.ssm.emulator, iam: iam.emulator, ...consumers.emulators },
        run: () => rotateRun(inputs, env, time),
        violations: (after) => {
          const story = store.story();
          const consumer = { 'github repo': consumers.values('AWS_CI_KEY')['github repo'] };
          const broken = invariant(story, consumer, original, after);
          if (keyOf(story.current)?.status !== 'Active') broken.push('the store holds a key IAM does not have active');
          const everyoneNew = story.current !== original && consumer['github repo'] === story.current;
          if (old.accessKeyId !== undefined && iam.keys.get(old.accessKeyId)?.status !== 'Active' && !everyoneNew) {
            broken.push('the old key was deactivated before the store and every consumer held the new one');
          }
          const keys = [...iam.keys.values()].filter((key) => key.userName === 'ci-deployer');
          if (after === 'rerun') {
            if (iam.keys.get(old.accessKeyId)?.status !== 'Inactive')
              broken.push('the re-run did not deactivate the old key');
            const strays = keys.filter(
              (key) => key.status === 'Active' && key.accessKeyId !== keyOf(story.current)?.accessKeyId,
            );
            if (strays.length > 0) broken.push(`the re-run left ${strays.length} active key(s) no store version holds`);
          }
          broken.push(...iam.emulator.violations);
          return broken;
        },
        close: async () => {
          await consumers.close();
          await store.close();
          await iam.close();
          await manifest.remove();
        },
      };
    },
  },
  {
    name: 'rotate (github-pat issuer)',
    steps: [
      { name: 'GitHub GET /user', emulator: 'github', match: { path: '/user' }, github: true },
      { name: 'SSM PutParameter', emulator: 'ssm', match: { match: operation('PutParameter') }, write: true },
      { name: 'GitHub secret write', emulator: 'github', match: { method: 'PUT' }, github: true, write: true },
      { name: 'Heroku config write', emulator: 'heroku', match: { method: 'PATCH' }, write: true },
      { name: 'GitHub revoke', emulator: 'github', match: { path: '/credentials/revoke' }, github: true, write: true },
    ],
    async start() {
      const store = await ssmWorld('/ci/pat');
      store.ssm.seed('/ci/pat', OLD_PAT, { labels: ['current'], lastModified: Date.now() - 100 * DAY });
      const consumers = await consumerWorld();
      const manifest = await manifestFile([
        'version: 1',
        'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
        'secrets:',
        '  - id: deploy-pat',
        '    store: { name: /ci/pat }',
        '    issuer: { kind: github-pat, expected-login: rotator, min-days-left: 14, required-repos: [acme/api] }',
        '    targets: [github:acme/api/DEPLOY_TOKEN, heroku:acme-api/DEPLOY_TOKEN]',
        '    revoke-old: true',
      ]);
      const inputs = { manifest: manifest.path, secret: 'deploy-pat', 'new-token': NEW_PAT, ...consumers.inputs };
      const values = () => {
        const all = consumers.values('DEPLOY_TOKEN');
        return { 'github repo': all['github repo'], heroku: all.heroku };
      };
      return {
        emulators: { ssm: store.ssm.emulator, ...consumers.emulators },
        run: () => rotateRun(inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }),
        violations: (after) => patViolations(store.story(), values(), consumers.credentials.revoked, after),
        close: async () => {
          await consumers.close();
          await store.close();
          await manifest.remove();
        },
      };
    },
  },
  {
    name: 'rotate (manifest) with verify checks',
    steps: [
      { name: 'SSM PutParameter', emulator: 'ssm', match: { match: operation('PutParameter') }, write: true },
      { name: 'verify new', emulator: 'api', match: { match: (request) => presentedCredential(request) !== ORIGINAL } },
      {
        name: 'verify old (refused)',
        emulator: 'api',
        match: { match: (request) => presentedCredential(request) === ORIGINAL },
      },
    ],
    async start() {
      const store = await ssmWorld('/prod/api-token');
      const consumers = await consumerWorld();
      consumers.heroku.addApp('acme-svc', { API_TOKEN: ORIGINAL });
      // The service reads its key from its Heroku config: it accepts what was rotated in, and refuses the old once replaced.
      const api = await startProtectedResource({
        accepts: (credential) => consumers.heroku.configVars('acme-svc')?.API_TOKEN === credential,
      });
      const manifest = await manifestFile([
        'version: 1',
        'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
        'secrets:',
        '  - id: api-token',
        '    store: { name: /prod/api-token }',
        '    generate: hex:16',
        '    targets: [github:acme/api/API_TOKEN, heroku:acme-svc/API_TOKEN]',
        '    verify:',
        `      - { url: '${api.url}/v1/me', expect: 2xx, within: 1m, interval: 10s, timeout: 1s }`,
        `      - { url: '${api.url}/v1/me', old: true, expect: '401', within: 1m, interval: 10s, timeout: 1s }`,
      ]);
      const inputs = { manifest: manifest.path, secret: 'api-token', ...consumers.inputs };
      return {
        emulators: { ssm: store.ssm.emulator, api: api.emulator, ...consumers.emulators },
        run: () => rotateRun(inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url }),
        violations: (after) => {
          const all = consumers.values('API_TOKEN');
          const broken = invariant(
            store.story(),
            { 'github repo': all['github repo'], heroku: consumers.heroku.configVars('acme-svc')?.API_TOKEN },
            ORIGINAL,
            after,
          );
          const pending = (store.ssm.parameters.get('/prod/api-token') ?? []).filter((v) =>
            v.labels.includes('pending'),
          );
          if (after === 'rerun' && pending.length > 0) broken.push('the pending mark is left after the re-run');
          return broken;
        },
        close: async () => {
          await consumers.close();
          await store.close();
          await api.close();
          await manifest.remove();
        },
      };
    },
  },
  graceFlow('open'),
  graceFlow('close'),
];

/**
 * grace: 24h. `open`: the rotation itself, whose companion writes (the old
 * value at every NAME_PREVIOUS) come before any target gets the new value.
 * `close`: a later run past the window, which deletes every companion and
 * then clears the store's grace mark.
 */
function graceFlow(phase: 'open' | 'close'): Flow {
  const companion = (request: EmulatorRequest) =>
    request.path.endsWith('_PREVIOUS') || request.body.includes('_PREVIOUS');
  const steps: Step[] =
    phase === 'open'
      ? [
          {
            name: 'GitHub companion write',
            emulator: 'github',
            match: { method: 'PUT', match: companion },
            github: true,
            write: true,
          },
          {
            name: 'Heroku companion write',
            emulator: 'heroku',
            match: { method: 'PATCH', match: companion },
            write: true,
          },
          {
            name: 'SSM grace mark',
            emulator: 'ssm',
            match: {
              match: (request) => operation('LabelParameterVersion')(request) && request.body.includes('grace-since-'),
            },
            write: true,
          },
        ]
      : [
          {
            name: 'GitHub companion delete',
            emulator: 'github',
            match: { method: 'DELETE' },
            github: true,
            write: true,
          },
          {
            name: 'Heroku companion delete',
            emulator: 'heroku',
            match: { method: 'PATCH', match: companion },
            write: true,
          },
          {
            name: 'SSM grace mark removed',
            emulator: 'ssm',
            match: { match: operation('UnlabelParameterVersion') },
            write: true,
          },
        ];
  return {
    name: `rotate with grace: 24h (${phase === 'open' ? 'companions written' : 'companions deleted after the window'})`,
    steps,
    async start() {
      const time = createFakeClock(Date.now());
      const ssm = await startSsm({ now: time.clock.now });
      ssm.seed('/prod/jwt-key', ORIGINAL, { labels: ['current'], lastModified: time.clock.now() - 400 * DAY });
      const consumers = await consumerWorld();
      const manifest = await manifestFile([
        'version: 1',
        'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
        'secrets:',
        '  - id: jwt-key',
        '    store: { name: /prod/jwt-key }',
        '    generate: base64:32',
        '    grace: 24h',
        '    targets: [github:acme/api/JWT_KEY, heroku:acme-api/JWT_KEY]',
      ]);
      const inputs = { manifest: manifest.path, secret: 'jwt-key', ...consumers.inputs };
      const env = { AWS_ENDPOINT_URL_SSM: ssm.url };
      const run = () => rotateRun(inputs, env, time);
      if (phase === 'close') {
        const opened = await run();
        if (!opened.ok) throw new Error(`the grace rotation before the faulted run failed: ${opened.failed}`);
        time.advance(25 * 3_600_000);
      }
      const rotated = phase === 'close' ? ssm.parameters.get('/prod/jwt-key')?.at(-1)?.value : undefined;
      const labelled = (label: string) =>
        (ssm.parameters.get('/prod/jwt-key') ?? []).filter((v) => v.labels.includes(label));
      const marks = () =>
        (ssm.parameters.get('/prod/jwt-key') ?? []).flatMap((v) =>
          v.labels.filter((l) => l.startsWith('grace-since-')),
        );
      return {
        emulators: { ssm: ssm.emulator, ...consumers.emulators },
        run,
        violations: (after) => {
          const current = labelled('current')[0]?.value;
          const previous = labelled('previous')[0]?.value;
          const story = {
            current,
            previous,
            problems: labelled('current').length === 1 ? [] : ['label current is not on exactly one version'],
          };
          const targets = consumers.values('JWT_KEY');
          const companions = consumers.values('JWT_KEY_PREVIOUS');
          const live = { 'github repo': targets['github repo'], heroku: targets.heroku };
          const kept = { 'github repo companion': companions['github repo'], 'heroku companion': companions.heroku };
          const broken: string[] = [];
          if (phase === 'open') {
            broken.push(...invariant(story, live, ORIGINAL, after));
            for (const [where, value] of Object.entries(kept)) {
              if (value !== undefined && value !== ORIGINAL)
                broken.push(`${where} holds something other than the old value`);
              if (after === 'rerun' && value !== ORIGINAL)
                broken.push(`${where} does not hold the old value after the re-run`);
            }
            // A target handed the new value before its companion kept the old one would cut the window short.
            if (
              Object.values(live).some((value) => value !== undefined && value !== ORIGINAL) &&
              Object.values(kept).some((value) => value !== ORIGINAL)
            ) {
              broken.push('a target holds the new value while a companion does not yet hold the old one');
            }
            if (after === 'rerun' && marks().length !== 1) broken.push('the finished rotation carries no grace mark');
          } else {
            if (current !== rotated || previous !== ORIGINAL) broken.push('closing the window changed the store');
            for (const [where, value] of Object.entries(live))
              if (value !== rotated) broken.push(`${where} lost the current value`);
            for (const [where, value] of Object.entries(kept)) {
              if (value !== undefined && value !== ORIGINAL)
                broken.push(`${where} holds something other than the old value`);
              if (after === 'rerun' && value !== undefined) broken.push(`${where} is still there after the re-run`);
            }
            // The mark is the record that companions remain: it goes last.
            if (marks().length === 0 && Object.values(kept).some((value) => value !== undefined)) {
              broken.push('the grace mark is gone while a companion remains');
            }
            if (after === 'rerun' && marks().length > 0) broken.push('the grace mark is left after the re-run');
          }
          return broken;
        },
        close: async () => {
          await consumers.close();
          await ssm.close();
          await manifest.remove();
        },
      };
    },
  };
}

/** rotate-pat's and the github-pat issuer's promise: the old token is revoked only once everyone holds the new one. */
function patViolations(
  story: { current: string | undefined; previous: string | undefined; problems: string[] },
  values: Record<string, string | undefined>,
  revokedTokens: readonly string[],
  after: 'fault' | 'rerun',
): string[] {
  // The store's original here is the old token (seeded last).
  const broken = invariant(story, values, OLD_PAT, after).filter(
    (problem) => !problem.startsWith('the store moved on but'),
  );
  if (story.current !== OLD_PAT && story.previous !== OLD_PAT) {
    broken.push('the store moved on but the old token is not its previous');
  }
  const revoked = revokedTokens.includes(OLD_PAT);
  const everyoneNew = story.current === NEW_PAT && Object.values(values).every((value) => value === NEW_PAT);
  if (revoked && !everyoneNew) broken.push('the old token was revoked before store and targets held the new one');
  if (after === 'rerun' && !revoked) broken.push('the re-run did not revoke the old token');
  return broken;
}

// Once for the file: the scenarios run concurrently, and the SDKs read these variables.
const restoreAwsCredentials = useEmulatorAwsCredentials();
const tally = { scenarios: 0, violations: 0, converged: 0, failedRuns: 0, lost: 0, postgres: 0 };
afterAll(() => {
  restoreAwsCredentials();
  printFigure(
    `faults × steps: ${tally.scenarios} scenarios (${FLOWS.length + MORE_FLOWS.length + (runPostgres ? 1 : 0)} flows incl. the aws-iam, github-pat and postgres issuers, grace and verify; ` +
      `SSM, Secrets Manager and Infisical stores; × their steps × ${Object.keys(FAULTS).length} faults, ${tally.lost} with a write applied and its answer lost, ${tally.postgres} at a real PostgreSQL), ` +
      `${tally.failedRuns} runs stopped by the fault (the rest got through it, converged), ${tally.violations} invariant violations, ` +
      `${tally.converged}/${tally.scenarios} converged on re-run`,
  );
});

describe.each([...FLOWS, ...MORE_FLOWS])('faults × steps: $name', (flow) => {
  for (const step of flow.steps) {
    const faults = Object.entries(FAULTS).filter(([, { github }]) => !github || step.github);
    const lost = step.write ? Object.entries(LOST).map(([name, fault]) => [name, { fault }] as const) : [];
    for (const [faultName, { fault }] of [...faults, ...lost]) {
      it.concurrent(`${step.name}: ${faultName}`, async () => {
        const world = await flow.start();
        try {
          const emulator = world.emulators[step.emulator] as Emulator;
          emulator.injectFault({ ...fault, ...step.match });
          const first = await world.run();
          const hit = emulator.requests.some((request) => request.fault !== undefined);
          expect(hit, 'the fault must meet the flow at this step').toBe(true);
          const broken = await world.violations('fault');
          emulator.clearFaults();
          // A run that got through its fault (a lost answer recognised as applied)
          // must already stand where a converged re-run would; another run would
          // be a second rotation.
          const again = first.ok ? first : await world.run();
          const notConverged = again.ok ? await world.violations('rerun') : [`the re-run failed: ${again.failed}`];
          tally.scenarios += 1;
          if (faultName in LOST) tally.lost += 1;
          if (!first.ok) tally.failedRuns += 1;
          tally.violations += broken.length;
          if (notConverged.length === 0) tally.converged += 1;
          expect(broken, 'after the faulted run').toEqual([]);
          expect(notConverged, 'after a re-run without the fault').toEqual([]);
        } finally {
          await world.close();
        }
      });
    }
  }
});

/**
 * The postgres issuer against a real PostgreSQL, through a TCP proxy that
 * drops the connection when a statement goes by: before ALTER ROLE runs,
 * after it ran (its answer lost), and at the proof (the new login's SELECT 1);
 * and the store write before it with each HTTP fault. The database must
 * accept the store's current or previous password at every moment, every
 * consumer must hold one it accepts, and a re-run must converge.
 */
const runPostgres = postgresAvailable() || process.env.KEYTURN_REQUIRE_POSTGRES === '1';
describe.skipIf(!runPostgres)('faults × steps: rotate (postgres issuer, a real PostgreSQL)', () => {
  let server: PostgresServer;
  let roles = 0;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  const logsIn = async (role: string, password: string | undefined) =>
    password !== undefined && (await server.logsIn(role, password));

  type PgFault =
    | { kind: 'tcp'; pattern: RegExp; applied?: boolean }
    | { kind: 'http'; fault: Fault; match: Step['match'] };
  const putParameter = { match: operation('PutParameter') };
  const scenarios: [string, PgFault][] = [
    ['ALTER ROLE: the connection dropped before it ran', { kind: 'tcp', pattern: /ALTER ROLE/ }],
    ['ALTER ROLE: it ran, then its answer was lost', { kind: 'tcp', pattern: /ALTER ROLE/, applied: true }],
    ['the proof (the new login): the connection dropped', { kind: 'tcp', pattern: /SELECT 1 AS one/ }],
    ...Object.entries(FAULTS)
      .filter(([, { github }]) => !github)
      .map(
        ([name, { fault }]) =>
          [`SSM PutParameter: ${name}`, { kind: 'http', fault, match: putParameter }] as [string, PgFault],
      ),
    ...Object.entries(LOST).map(
      ([name, fault]) =>
        [`SSM PutParameter: ${name}`, { kind: 'http', fault, match: putParameter }] as [string, PgFault],
    ),
  ];

  for (const [name, fault] of scenarios) {
    it.concurrent(name, async () => {
      const role = `faults_app_${++roles}_${process.pid}`;
      server.psql(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD '${ORIGINAL}';`);
      const proxy = await startTcpProxy({ host: server.host, port: server.port });
      const store = await ssmWorld('/prod/db-password');
      const consumers = await consumerWorld();
      const manifest = await manifestFile([
        'version: 1',
        'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
        'secrets:',
        '  - id: db-password',
        '    store: { name: /prod/db-password }',
        `    issuer: { kind: postgres, host: ${proxy.host}, port: ${proxy.port}, database: postgres, role: ${role}, sslmode: disable }`,
        '    targets: [github:acme/api/DB_PASSWORD]',
      ]);
      const inputs = { manifest: manifest.path, secret: 'db-password', ...consumers.inputs };
      const run = () => rotateRun(inputs, { AWS_ENDPOINT_URL_SSM: store.ssm.url });
      const violations = async (after: 'fault' | 'rerun') => {
        const story = store.story();
        const consumer = { 'github repo': consumers.values('DB_PASSWORD')['github repo'] };
        const broken = invariant(story, consumer, ORIGINAL, after);
        const current = await logsIn(role, story.current);
        if (!current && !(await logsIn(role, story.previous))) {
          broken.push('the database accepts neither the current nor the previous password the store holds');
        }
        const handedOut = consumer['github repo'];
        if (handedOut !== undefined && !(await logsIn(role, handedOut)))
          broken.push('a consumer holds a password the database refuses');
        if (after === 'rerun') {
          if (!current) broken.push('the database refuses the password the re-run stored');
          if (await logsIn(role, ORIGINAL)) broken.push('the old password still logs in after the re-run');
        }
        return broken;
      };
      try {
        if (fault.kind === 'tcp') proxy.dropOn({ pattern: fault.pattern, ...(fault.applied ? { applied: true } : {}) });
        else store.ssm.emulator.injectFault({ ...fault.fault, ...fault.match });
        const first = await run();
        const met =
          fault.kind === 'tcp' ? proxy.drops > 0 : store.ssm.emulator.requests.some((r) => r.fault !== undefined);
        expect(met, 'the fault must meet the flow at this step').toBe(true);
        const broken = await violations('fault');
        proxy.clear();
        store.ssm.emulator.clearFaults();
        const again = first.ok ? first : await run();
        const notConverged = again.ok ? await violations('rerun') : [`the re-run failed: ${again.failed}`];
        tally.scenarios += 1;
        tally.postgres += 1;
        if (fault.kind === 'tcp' ? fault.applied : fault.fault.applied) tally.lost += 1;
        if (!first.ok) tally.failedRuns += 1;
        tally.violations += broken.length;
        if (notConverged.length === 0) tally.converged += 1;
        expect(broken, 'after the faulted run').toEqual([]);
        expect(notConverged, 'after a re-run without the fault').toEqual([]);
      } finally {
        await consumers.close();
        await store.close();
        await proxy.close();
        await manifest.remove();
        server.psql(`DROP ROLE IF EXISTS ${role};`);
      }
    });
  }
});
