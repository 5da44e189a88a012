import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as rotate } from '@keyturn/action-rotate/main';
import { main as rotateSsm } from '@keyturn/action-rotate-ssm/main';
import { type ActionContext, createFakeClock, runAction, type Store } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { openStore } from '@keyturn/core/adapters/stores';
import {
  createRecordingRunner,
  type EmulatorRequest,
  type Fault,
  type InfisicalEmulator,
  type RecordingRunner,
  startHeroku,
  startInfisical,
  startSecretsManager,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { readRotateConfig as readEntryConfig } from '../actions/rotate/src/config';
import { rotateEntry } from '../actions/rotate/src/rotate';
import { printFigure } from './figure';

/**
 * Two rotations of one secret started together (both have read the store
 * before either writes: the emulator holds the writes until both arrived):
 * exactly one wins, the other stops with a message naming the secret and
 * the other rotation, and the store's versions and labels say one story
 * (current is the winner's value, previous the value both replaced, no
 * second current, no pending mark left) that every consumer agrees with.
 * The workflows' concurrency groups keep this from happening; this is what
 * happens when they are missing or two people run the CLI at once.
 */
const ORIGINAL = 'kt_concurrency_original_5e1d';
const operation = (name: string) => (request: EmulatorRequest) =>
  String(request.headers['x-amz-target'] ?? '').endsWith(`.${name}`);

interface Outcome {
  runs: { ok: boolean; runner: RecordingRunner }[];
  /** The store's current value, previous value and anything inconsistent. */
  store(): { current: string | undefined; previous: string | undefined; problems: string[] };
  /** Values at consumers. */
  consumers(): string[];
}

interface Row {
  name: string;
  race(): Promise<Outcome & { close(): Promise<void> }>;
}

async function together(
  main: (context: ActionContext) => Promise<void>,
  action: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
) {
  const start = () => {
    const runner = createRecordingRunner({ 'audit-log': '/dev/null', ...inputs }, { AWS_REGION: 'eu-west-1', ...env });
    const time = createFakeClock();
    return runAction(action, { runner, clock: time.clock, sleep: time.sleep }, main).then((ok) => ({ ok, runner }));
  };
  return Promise.all([start(), start()]);
}

const ROWS: Row[] = [
  {
    name: 'rotate-ssm on SSM',
    async race() {
      const restore = useEmulatorAwsCredentials();
      const ssm = await startSsm();
      ssm.seed('/prod/api-token', ORIGINAL, { labels: ['current'] });
      ssm.emulator.injectFault({ method: 'POST', match: operation('PutParameter'), gather: 2, times: 2 } as Fault);
      const runs = await together(
        rotateSsm,
        'rotate-ssm',
        { name: '/prod/api-token' },
        { AWS_ENDPOINT_URL_SSM: ssm.url },
      );
      return {
        runs,
        store: () => ssmStory(ssm.parameters.get('/prod/api-token') ?? []),
        consumers: () => [],
        close: async () => {
          await ssm.close();
          restore();
        },
      };
    },
  },
  {
    name: 'rotate (manifest) on SSM with a Heroku consumer',
    async race() {
      const restore = useEmulatorAwsCredentials();
      const [ssm, heroku] = await Promise.all([startSsm(), startHeroku()]);
      ssm.seed('/prod/api-token', ORIGINAL, { labels: ['current'] });
      heroku.addApiKey('kt-heroku-key');
      heroku.addApp('acme-api', { API_TOKEN: ORIGINAL });
      const dir = await mkdtemp(join(tmpdir(), 'keyturn-race-'));
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        [
          'version: 1',
          'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
          'secrets:',
          '  - { id: api-token, store: { name: /prod/api-token }, generate: hex:16, targets: [heroku:acme-api/API_TOKEN] }',
        ].join('\n'),
      );
      ssm.emulator.injectFault({ method: 'POST', match: operation('PutParameter'), gather: 2, times: 2 } as Fault);
      const runs = await together(
        rotate,
        'rotate',
        {
          manifest,
          secret: 'api-token',
          force: 'true',
          'heroku-api-key': 'kt-heroku-key',
          'heroku-api-url': heroku.url,
        },
        { AWS_ENDPOINT_URL_SSM: ssm.url },
      );
      return {
        runs,
        store: () => ssmStory(ssm.parameters.get('/prod/api-token') ?? []),
        consumers: () => [heroku.configVars('acme-api')?.API_TOKEN ?? ''],
        close: async () => {
          await Promise.all([ssm.close(), heroku.close()]);
          await rm(dir, { recursive: true, force: true });
          restore();
        },
      };
    },
  },
  {
    name: 'rotate-ssm on Infisical',
    async race() {
      const infisical = await startInfisical({ tokens: ['kt-access'], projects: { p1: ['prod'] } });
      infisical.seed(INFISICAL_LOCATION, ORIGINAL);
      // A rotation ran here before: the marker folder exists, so both creates are the marker's.
      infisical.addFolder({ ...INFISICAL_LOCATION, secretPath: '/keyturn-rotations' });
      infisical.emulator.injectFault({ method: 'POST', path: '/api/v3/secrets/raw/:name', gather: 2, times: 2 });
      const runs = await together(
        rotateSsm,
        'rotate-ssm',
        { name: 'API_TOKEN', ...INFISICAL_INPUTS, 'infisical-url': infisical.url },
        {},
      );
      return {
        runs,
        store: () => infisicalStory(infisical),
        consumers: () => [],
        close: () => infisical.close(),
      };
    },
  },
  {
    name: 'rotate (manifest) on Infisical with a Heroku consumer',
    async race() {
      const [infisical, heroku] = await Promise.all([
        startInfisical({ tokens: ['kt-access'], projects: { p1: ['prod'] } }),
        startHeroku(),
      ]);
      infisical.seed(INFISICAL_LOCATION, ORIGINAL);
      heroku.addApiKey('kt-heroku-key');
      heroku.addApp('acme-api', { API_TOKEN: ORIGINAL });
      const dir = await mkdtemp(join(tmpdir(), 'keyturn-race-'));
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        [
          'version: 1',
          'secrets:',
          `  - { id: api-token, store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }, generate: hex:16, max-age: 90d, targets: [heroku:acme-api/API_TOKEN] }`,
        ].join('\n'),
      );
      // The first rotation in this folder: both creates meet a missing marker folder, make it, and race again.
      infisical.emulator.injectFault({ method: 'POST', path: '/api/v3/secrets/raw/:name', gather: 2, times: 2 });
      const runs = await together(
        rotate,
        'rotate',
        {
          manifest,
          secret: 'api-token',
          force: 'true',
          'infisical-token': 'kt-access',
          'heroku-api-key': 'kt-heroku-key',
          'heroku-api-url': heroku.url,
        },
        {},
      );
      return {
        runs,
        store: () => infisicalStory(infisical),
        consumers: () => [heroku.configVars('acme-api')?.API_TOKEN ?? ''],
        close: async () => {
          await Promise.all([infisical.close(), heroku.close()]);
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'rotate-ssm on Secrets Manager',
    async race() {
      const restore = useEmulatorAwsCredentials();
      const sm = await startSecretsManager();
      sm.seed('prod/api-token', ORIGINAL);
      sm.emulator.injectFault({ method: 'POST', match: operation('PutSecretValue'), gather: 2, times: 2 } as Fault);
      const runs = await together(
        rotateSsm,
        'rotate-ssm',
        { name: 'prod/api-token', store: 'secrets-manager' },
        { AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
      );
      return {
        runs,
        store: () => {
          const versions = sm.secrets.get('prod/api-token')?.versions ?? [];
          const holding = (stage: string) => versions.filter((version) => version.stages.includes(stage));
          const problems: string[] = [];
          if (holding('AWSCURRENT').length !== 1) problems.push('AWSCURRENT is not on exactly one version');
          if (holding('AWSPENDING').length > 0) problems.push('AWSPENDING is left on a version');
          return {
            current: holding('AWSCURRENT')[0]?.value,
            previous: holding('AWSPREVIOUS')[0]?.value,
            problems,
          };
        },
        consumers: () => [],
        close: async () => {
          await sm.close();
          restore();
        },
      };
    },
  },
];

const INFISICAL_LOCATION = { projectId: 'p1', environment: 'prod', key: 'API_TOKEN' };
const INFISICAL_INPUTS = {
  store: 'infisical',
  'infisical-project-id': 'p1',
  'infisical-environment': 'prod',
  'infisical-token': 'kt-access',
};

/** Infisical has no labels: current is the latest version, previous the one a
 * rollback restores (the one before, once no rotation marker is left). The
 * loser wrote nothing, so exactly one version was added. */
function infisicalStory(infisical: InfisicalEmulator) {
  const versions = infisical.find(INFISICAL_LOCATION)?.versions ?? [];
  const marker = infisical.find({
    ...INFISICAL_LOCATION,
    secretPath: '/keyturn-rotations',
    key: 'KEYTURN_ROTATION__API_TOKEN',
  });
  const problems: string[] = [];
  if (versions.length !== 2) problems.push(`${versions.length - 1} versions were added, not 1`);
  if (marker) problems.push('the rotation marker is left');
  return { current: versions.at(-1)?.value, previous: versions.at(-2)?.value, problems };
}

function ssmStory(versions: { value: string; labels: string[] }[]) {
  const holding = (label: string) => versions.filter((version) => version.labels.includes(label));
  const problems: string[] = [];
  if (holding('current').length !== 1) problems.push('label current is not on exactly one version');
  if (holding('previous').length !== 1) problems.push('label previous is not on exactly one version');
  if (holding('pending').length > 0) problems.push('label pending is left on a version');
  return { current: holding('current')[0]?.value, previous: holding('previous')[0]?.value, problems };
}

const tally = { races: 0, oneWinner: 0, violations: 0, rollbacks: 0, rollbackRaces: 0, staggered: 0, staggeredOne: 0 };
afterAll(() => {
  printFigure(
    `concurrency: ${tally.races} races (SSM and Infisical, each alone and with a consumer via the manifest; Secrets Manager), ` +
      `${tally.oneWinner} with exactly one winner, ${tally.violations} inconsistent stores or consumers; ` +
      `after a race, rollback restored the value consumers held ${tally.rollbacks}/${tally.rollbackRaces}; ` +
      `${tally.staggered} staggered pairs (the second decided before the first wrote, wrote after it finished), ${tally.staggeredOne} with one rotation`,
  );
});

describe('two rotations of one secret started together', () => {
  it.each(ROWS)('$name: exactly one wins, the other stops saying why', async (row) => {
    const race = await row.race();
    try {
      tally.races += 1;
      const winners = race.runs.filter((run) => run.ok);
      const losers = race.runs.filter((run) => !run.ok);
      const story = race.store();
      const consumers = race.consumers();
      const winnerValue = winners[0]?.runner.outputs.value;
      const consistent =
        story.problems.length === 0 &&
        story.previous === ORIGINAL &&
        (winnerValue === undefined || story.current === winnerValue) &&
        consumers.every((value) => value === story.current);
      if (!consistent) tally.violations += 1;
      if (winners.length === 1) tally.oneWinner += 1;
      expect(
        race.runs.map((run) => run.runner.failed ?? 'ok'),
        'exactly one run wins',
      ).toHaveLength(2);
      expect(winners, race.runs.map((run) => run.runner.failed ?? 'ok').join('\n')).toHaveLength(1);
      expect(losers[0]?.runner.failed).toMatch(/another (rotation|write)/);
      expect(story.problems).toEqual([]);
      expect(story.previous, 'the value both replaced is previous').toBe(ORIGINAL);
      // rotate's outputs carry no value: the consumer tells which won.
      const current = winnerValue ?? consumers[0];
      expect(story.current).toBe(current);
      for (const value of consumers) expect(value, 'every consumer holds the current value').toBe(story.current);
    } finally {
      await race.close();
    }
  });
});

describe('after a race, a rollback restores the value consumers held', () => {
  it("Infisical: the loser wrote nothing, so the version before the winner's is the one replaced", async () => {
    const infisical = await startInfisical({ tokens: ['kt-access'], projects: { p1: ['prod'] } });
    try {
      tally.rollbackRaces += 1;
      infisical.seed(INFISICAL_LOCATION, ORIGINAL);
      infisical.addFolder({ ...INFISICAL_LOCATION, secretPath: '/keyturn-rotations' });
      infisical.emulator.injectFault({ method: 'POST', path: '/api/v3/secrets/raw/:name', gather: 2, times: 2 });
      const inputs = { name: 'API_TOKEN', ...INFISICAL_INPUTS, 'infisical-url': infisical.url };
      const runs = await together(rotateSsm, 'rotate-ssm', inputs, {});
      expect(runs.filter((run) => run.ok)).toHaveLength(1);
      const [back] = await together(rotateSsm, 'rotate-ssm', { ...inputs, rollback: 'true' }, {}).then((both) =>
        both.filter((run) => run.ok),
      );
      // Two rollbacks at once: one restores, the other stops at the marker.
      expect(back?.runner.outputs.value, "the rollback restores the original, never a loser's value").toBe(ORIGINAL);
      expect(infisical.find(INFISICAL_LOCATION)?.versions.at(-1)?.value).toBe(ORIGINAL);
      tally.rollbacks += 1;
    } finally {
      await infisical.close();
    }
  });
});

/**
 * Two staggered rotations: the second run read the store (and decided the
 * secret is due) before the first wrote, and reaches its own write after the
 * first has finished. No store lock is involved: each write is held to the
 * version its run decided on, so the second writes nothing.
 */
describe('two staggered rotations of one secret', () => {
  const STORES: {
    name: string;
    start(): Promise<{
      env: Record<string, string>;
      store: string;
      story(): ReturnType<typeof ssmStory>;
      close(): Promise<void>;
    }>;
  }[] = [
    {
      name: 'SSM',
      async start() {
        const restore = useEmulatorAwsCredentials();
        const ssm = await startSsm();
        ssm.seed('/prod/api-token', ORIGINAL, {
          labels: ['current'],
          lastModified: Date.parse('2020-01-01T00:00:00Z'),
        });
        return {
          env: { AWS_ENDPOINT_URL_SSM: ssm.url },
          store: '{ kind: ssm, name: /prod/api-token, region: eu-west-1 }',
          story: () => ssmStory(ssm.parameters.get('/prod/api-token') ?? []),
          close: async () => {
            await ssm.close();
            restore();
          },
        };
      },
    },
    {
      name: 'Infisical',
      async start() {
        const infisical = await startInfisical({ tokens: ['kt-access'], projects: { p1: ['prod'] } });
        infisical.seed(INFISICAL_LOCATION, ORIGINAL, Date.parse('2020-01-01T00:00:00Z'));
        return {
          env: {},
          store: `{ kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }`,
          story: () => infisicalStory(infisical),
          close: () => infisical.close(),
        };
      },
    },
  ];

  it.each(STORES)("$name: the second writes nothing and says why; consumers hold the first's value", async (row) => {
    const world = await row.start();
    const heroku = await startHeroku();
    heroku.addApiKey('kt-heroku-key');
    heroku.addApp('acme-api', { API_TOKEN: ORIGINAL });
    const dir = await mkdtemp(join(tmpdir(), 'keyturn-stagger-'));
    try {
      tally.staggered += 1;
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        `version: 1\nsecrets:\n  - { id: api-token, store: ${world.store}, generate: hex:16, max-age: 90d, targets: [heroku:acme-api/API_TOKEN] }\n`,
      );
      let secondRead: () => void = () => undefined;
      const secondHasRead = new Promise<void>((resolve) => {
        secondRead = resolve;
      });
      let firstDone: () => void = () => undefined;
      const firstHasFinished = new Promise<void>((resolve) => {
        firstDone = resolve;
      });
      // The first run writes only once the second has read; the second writes only once the first finished.
      const paced =
        (role: 'first' | 'second'): typeof openStore =>
        (settings, context) => {
          const store = openStore(settings, context);
          return Object.assign(Object.create(store) as Store, {
            head: async (name: string) => {
              const head = await store.head(name);
              if (role === 'second') secondRead();
              return head;
            },
            write: async (...args: Parameters<Store['write']>) => {
              await (role === 'first' ? secondHasRead : firstHasFinished);
              return store.write(...args);
            },
          });
        };
      const run = (role: 'first' | 'second') => {
        const runner = createRecordingRunner(
          {
            'audit-log': '/dev/null',
            manifest,
            secret: 'api-token',
            'infisical-token': 'kt-access',
            'heroku-api-key': 'kt-heroku-key',
            'heroku-api-url': heroku.url,
          },
          { AWS_REGION: 'eu-west-1', ...world.env },
        );
        const time = createFakeClock();
        return runAction('rotate', { runner, clock: time.clock, sleep: time.sleep }, async (context) =>
          rotateEntry(context, await readEntryConfig(context.inputs, context.runner.env), {
            openStore: paced(role),
            openDestinations: (settings, ctx, concurrency) =>
              openDestinations(settings, ctx, { concurrency, githubWritePace: false }),
            fetch,
          }),
        )
          .then((ok) => ({ ok, runner }))
          .finally(() => {
            if (role === 'first') firstDone();
          });
      };
      const [first, second] = await Promise.all([run('first'), run('second')]);
      const story = world.story();
      if (first.ok && !second.ok) tally.staggeredOne += 1;
      expect(first.runner.failed).toBeUndefined();
      expect(second.runner.failed).toMatch(
        /another rotation of .*(made version 2 current|wrote version 2) since this run read version 1; this run wrote nothing/,
      );
      expect(story.problems).toEqual([]);
      expect(story.previous).toBe(ORIGINAL);
      expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(story.current);
    } finally {
      await Promise.all([world.close(), heroku.close()]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
