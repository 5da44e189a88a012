import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FlyEmulator,
  type GitHubEmulator,
  type HerokuEmulator,
  runWithManifest,
  type SsmEmulator,
  startFly,
  startGitHub,
  startHeroku,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unpacedMain as main } from './unpaced';

/**
 * grace: 24h on a generated entry, against the SSM, GitHub, Heroku and Fly
 * emulators with an injected clock: day 0 keeps the old value at every
 * NAME_PREVIOUS, day 0.5 leaves it alone, day 1 removes it; faults while
 * writing or deleting a companion leave everything consistent and a re-run
 * converges.
 */
const START = Date.parse('2026-06-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OLD = 'old-jwt-key-canary-4e1f9a7c';
const GITHUB_TOKEN = 'ghp_writer_canary_grace_000000000000000';
const HEROKU_KEY = 'heroku-key-canary-grace-71b2';
const FLY_TOKEN = 'fly-token-canary-grace-0000000000000000';
const NAME = '/prod/jwt/signing-key';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('rotate with grace: 24h', () => {
  let ssm: SsmEmulator;
  let github: GitHubEmulator;
  let heroku: HerokuEmulator;
  let fly: FlyEmulator;
  let env: Record<string, string>;
  let now = START;

  const manifest = (entry = '') => `
version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 30d }
secrets:
  - id: jwt-signing-key
    store: { name: ${NAME} }
    generate: base64:64
    grace: 24h
    targets:
      - github:acme/api/JWT_SIGNING_KEY
      - heroku:acme-api/JWT_SIGNING_KEY
      - fly:acme-api/JWT_SIGNING_KEY
${entry}`;

  const rotate = (inputs: Record<string, string> = {}, text = manifest()) =>
    runWithManifest(
      'rotate',
      main,
      text,
      {
        secret: 'jwt-signing-key',
        'github-token': GITHUB_TOKEN,
        'heroku-api-key': HEROKU_KEY,
        'heroku-api-url': heroku.url,
        'fly-api-token': FLY_TOKEN,
        'fly-api-url': fly.url,
        ...inputs,
      },
      { env, now },
    );
  const mutating = () => [
    ...github.mutatingRequests(),
    ...heroku.emulator.mutatingRequests(),
    ...fly.writes(),
    ...ssm.writes(),
  ];
  const stored = () => ssm.parameters.get(NAME)?.at(-1)?.value ?? '';
  const held = () => ({
    github: github.repoSecret('acme/api', 'JWT_SIGNING_KEY')?.value,
    githubPrevious: github.repoSecret('acme/api', 'JWT_SIGNING_KEY_PREVIOUS')?.value,
    heroku: heroku.configVars('acme-api')?.JWT_SIGNING_KEY,
    herokuPrevious: heroku.configVars('acme-api')?.JWT_SIGNING_KEY_PREVIOUS,
    fly: fly.secretValue('acme-api', 'JWT_SIGNING_KEY'),
    flyPrevious: fly.secretValue('acme-api', 'JWT_SIGNING_KEY_PREVIOUS'),
  });
  const graceLabels = () =>
    ssm
      .describe(NAME)
      .flatMap(({ version, labels }) =>
        labels.filter((label) => label.startsWith('grace-since-')).map((label) => `${version}:${label}`),
      );

  beforeEach(async () => {
    now = START;
    ssm = await startSsm({ now: () => now });
    github = await startGitHub({ now: () => now });
    github.addToken(GITHUB_TOKEN, { login: 'rotator' });
    github.addRepo('acme/api');
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('acme-api', { JWT_SIGNING_KEY: OLD, OTHER: 'untouched' });
    fly = await startFly({ now: () => now });
    fly.addToken(FLY_TOKEN, ['acme-api']);
    fly.addApp('acme-api', { JWT_SIGNING_KEY: OLD });
    env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url, GITHUB_API_URL: github.url };
    ssm.seed(NAME, OLD, { labels: ['current'], lastModified: START - 40 * DAY });
  });
  afterEach(async () => {
    expect(github.violations).toEqual([]);
    await Promise.all([ssm.close(), github.close(), heroku.close(), fly.close()]);
  });

  it('day 0 keeps the old value at every NAME_PREVIOUS, day 0.5 leaves it, day 1 removes it', async () => {
    const day0 = await rotate();
    expect(day0.runner.failed).toBeUndefined();
    const value = stored();
    expect(value).not.toBe(OLD);
    expect(held()).toEqual({
      github: value,
      githubPrevious: OLD,
      heroku: value,
      herokuPrevious: OLD,
      fly: value,
      flyPrevious: OLD,
    });
    expect(heroku.configVars('acme-api')?.OTHER).toBe('untouched');
    // At each service the companion was written before the target got the new value.
    const paths = (requests: { method: string; path: string; body: string }[]) =>
      requests.map((request) => `${request.method} ${request.path} ${request.method === 'PATCH' ? request.body : ''}`);
    const githubOrder = paths(github.mutatingRequests());
    expect(githubOrder[0]).toContain('JWT_SIGNING_KEY_PREVIOUS');
    expect(githubOrder).toHaveLength(2);
    const herokuOrder = paths(heroku.emulator.mutatingRequests());
    expect(herokuOrder[0]).toContain('JWT_SIGNING_KEY_PREVIOUS');
    expect(herokuOrder[1]).not.toContain('PREVIOUS');
    const flyOrder = paths(fly.writes());
    expect(flyOrder).toEqual([
      'POST /v1/apps/acme-api/secrets/JWT_SIGNING_KEY_PREVIOUS ',
      'POST /v1/apps/acme-api/secrets/JWT_SIGNING_KEY ',
    ]);
    expect(day0.report.filter((row) => row.stage === 'companion').map((row) => [row.target, row.outcome])).toEqual([
      ['github:acme/api/JWT_SIGNING_KEY_PREVIOUS', 'updated'],
      ['heroku:acme-api/JWT_SIGNING_KEY_PREVIOUS', 'updated'],
      ['fly:acme-api/JWT_SIGNING_KEY_PREVIOUS', 'updated'],
    ]);
    expect(day0.report.find((row) => row.stage === 'retire')).toMatchObject({ outcome: 'skipped' });
    expect(graceLabels()).toEqual(['2:grace-since-20260601T000000Z']);
    expect(ssm.describe(NAME).find((entry) => entry.version === 1)?.labels).toEqual(['previous']);
    const completed = day0.events.find((event) => event.event === 'secret.rotate.completed');
    expect(completed).toMatchObject({ grace_until: '2026-06-02T00:00:00.000Z' });
    for (const text of [day0.audit, day0.runner.everything()]) {
      expect(text).not.toContain(OLD);
      expect(text).not.toContain(value);
    }

    now = START + 12 * HOUR;
    const before = mutating().length;
    const halfDay = await rotate();
    expect(halfDay.runner.failed).toBeUndefined();
    expect(mutating().length).toBe(before);
    expect(halfDay.report).toEqual([
      expect.objectContaining({
        stage: 'finish-grace',
        outcome: 'skipped',
        detail: expect.stringContaining('2026-06-02T00:00:00.000Z'),
      }),
    ]);
    expect(held().githubPrevious).toBe(OLD);

    now = START + 25 * HOUR;
    const day1 = await rotate();
    expect(day1.runner.failed).toBeUndefined();
    expect(held()).toEqual({
      github: value,
      githubPrevious: undefined,
      heroku: value,
      herokuPrevious: undefined,
      fly: value,
      flyPrevious: undefined,
    });
    expect(day1.runner.outputs.rotated).toBe('false');
    expect(stored()).toBe(value);
    expect(graceLabels()).toEqual([]);
    expect(day1.events.map((event) => event.event)).toEqual(['secret.grace.finished']);

    // Converged: a later run changes nothing anywhere.
    now = START + 26 * HOUR;
    const settled = mutating().length;
    const again = await rotate();
    expect(again.runner.failed).toBeUndefined();
    expect(mutating().length).toBe(settled);
  });

  it("the companion must fit Heroku's 32 KB with the new value: refused before anything is written", async () => {
    const big = 'o'.repeat(4000);
    ssm.seed(NAME, big, { labels: ['current'], lastModified: START - 40 * DAY });
    heroku.addApp('acme-api', { JWT_SIGNING_KEY: big, OTHER: 'x'.repeat(26_000) });
    const text = manifest().replace('generate: base64:64', 'generate: alnum:4000');
    const before = mutating().length;
    const run = await rotate({}, text);
    expect(run.runner.failed).toContain("app acme-api's config vars would take");
    expect(run.runner.failed).toContain('NAME_PREVIOUS');
    expect(mutating().length).toBe(before);
    // Without grace the same value fits: the old one is replaced, not kept.
    const plain = await rotate({}, text.replace('    grace: 24h\n', ''));
    expect(plain.runner.failed).toBeUndefined();
  });

  it('a companion that cannot be written stops before any target gets the new value; a re-run converges', async () => {
    heroku.emulator.injectFault({ method: 'PATCH', path: '/apps/:app/config-vars', status: 403, times: 1 });
    const first = await rotate();
    expect(first.runner.failed).toBeDefined();
    expect(held()).toMatchObject({ github: undefined, heroku: OLD, fly: OLD, herokuPrevious: undefined });
    expect(ssm.describe(NAME).at(-1)?.labels).toContain('pending');
    expect(first.runner.failed).toContain('no target was given the new value');

    const second = await rotate();
    expect(second.runner.failed).toBeUndefined();
    const value = stored();
    expect(held()).toEqual({
      github: value,
      githubPrevious: OLD,
      heroku: value,
      herokuPrevious: OLD,
      fly: value,
      flyPrevious: OLD,
    });
    expect(ssm.describe(NAME).at(-1)?.labels).not.toContain('pending');
    expect(graceLabels()).toHaveLength(1);
  });

  it('a companion that cannot be deleted keeps the window open; the next run finishes it', async () => {
    await rotate();
    now = START + 25 * HOUR;
    github.emulator.injectFault({
      method: 'DELETE',
      path: '/repos/:owner/:repo/actions/secrets/:name',
      status: 403,
      times: 1,
    });
    const failing = await rotate();
    expect(failing.runner.failed).toContain('could not be deleted');
    expect(held()).toMatchObject({ githubPrevious: OLD, herokuPrevious: undefined, flyPrevious: undefined });
    expect(graceLabels()).toHaveLength(1);

    const herokuWrites = heroku.emulator.mutatingRequests().length;
    const flyWrites = fly.writes().length;
    const retry = await rotate();
    expect(retry.runner.failed).toBeUndefined();
    expect(held()).toMatchObject({ githubPrevious: undefined, herokuPrevious: undefined, flyPrevious: undefined });
    expect(
      Object.fromEntries(
        retry.report.filter((row) => row.stage === 'finish-grace').map((row) => [row.target ?? '', row.outcome]),
      ),
    ).toEqual({
      'github:acme/api/JWT_SIGNING_KEY_PREVIOUS': 'done',
      'heroku:acme-api/JWT_SIGNING_KEY_PREVIOUS': 'already-done',
      'fly:acme-api/JWT_SIGNING_KEY_PREVIOUS': 'already-done',
      '': 'done',
    });
    // Heroku and Fly list their names: nothing was sent to either.
    expect(heroku.emulator.mutatingRequests().length).toBe(herokuWrites);
    expect(fly.writes().length).toBe(flyWrites);
    expect(graceLabels()).toEqual([]);
  });

  it('a rotation while a window is open closes it first: one old value is kept at a time', async () => {
    await rotate();
    const first = stored();
    now = START + 2 * HOUR;
    const forced = await rotate({ force: 'true', reason: 'INC-9' });
    expect(forced.runner.failed).toBeUndefined();
    const second = stored();
    expect(second).not.toBe(first);
    expect(held()).toMatchObject({ github: second, githubPrevious: first, herokuPrevious: first, flyPrevious: first });
    expect(graceLabels()).toEqual(['3:grace-since-20260601T020000Z']);
    expect(forced.events.map((event) => event.event)).toEqual([
      'secret.grace.finished',
      'secret.propagate.completed',
      'secret.rotate.completed',
    ]);
  });

  it('dry run with an open window past its grace changes nothing', async () => {
    await rotate();
    now = START + 25 * HOUR;
    const before = mutating().length;
    const dry = await rotate({ 'dry-run': 'true' });
    expect(dry.runner.failed).toBeUndefined();
    expect(mutating().length).toBe(before);
    expect(dry.report.filter((row) => row.stage === 'finish-grace').map((row) => row.outcome)).toEqual([
      'would-do',
      'would-do',
      'would-do',
    ]);
    expect(held().githubPrevious).toBe(OLD);
  });

  describe('prune: targets the last rotation wrote that the manifest no longer lists', () => {
    const pastLog = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'keyturn-past-'));
      const path = join(dir, 'keyturn-audit.jsonl');
      const event = (time: string, targets: string[]) =>
        JSON.stringify({
          time,
          event: 'secret.rotate.completed',
          outcome: 'success',
          secret_id: 'jwt-signing-key',
          targets,
        });
      await writeFile(
        path,
        [
          event('2026-03-01T00:00:00.000Z', ['github:acme/api/ANCIENT_KEY']),
          'not json at all',
          JSON.stringify({
            event: 'secret.rotate.completed',
            outcome: 'success',
            secret_id: 'other',
            time: 'x',
            targets: ['heroku:acme-api/OTHER'],
          }),
          event('2026-05-01T00:00:00.000Z', [
            'github:acme/api/JWT_SIGNING_KEY',
            'github:acme/api/LEGACY_JWT_KEY',
            'heroku:acme-api/LEGACY_JWT_KEY',
            'heroku:acme-api/NEVER_THERE',
            'not-a-target',
          ]),
          '',
        ].join('\n'),
      );
      return path;
    };

    it('deletes them only when asked, after the rotation; a re-run finds them gone', async () => {
      heroku.addApp('acme-api', { JWT_SIGNING_KEY: OLD, LEGACY_JWT_KEY: OLD, OTHER: 'untouched' });
      const log = await pastLog();
      const unasked = await rotate({ 'previous-audit-log': log });
      expect(unasked.runner.failed).toBeUndefined();
      expect(heroku.configVars('acme-api')?.LEGACY_JWT_KEY).toBe(OLD);
      expect(unasked.report.some((row) => row.stage === 'prune')).toBe(false);

      now = START + 2 * DAY;
      const asked = await rotate({ prune: 'true', 'previous-audit-log': log });
      expect(asked.runner.failed).toBeUndefined();
      expect(heroku.configVars('acme-api')?.LEGACY_JWT_KEY).toBeUndefined();
      expect(heroku.configVars('acme-api')?.OTHER).toBe('untouched');
      expect(
        Object.fromEntries(asked.report.filter((row) => row.stage === 'prune').map((row) => [row.target, row.outcome])),
      ).toEqual({
        'github:acme/api/LEGACY_JWT_KEY': 'already-done',
        'heroku:acme-api/LEGACY_JWT_KEY': 'done',
        'heroku:acme-api/NEVER_THERE': 'already-done',
      });
      expect(asked.events.map((event) => event.event)).toContain('secret.targets.pruned');

      const herokuWrites = heroku.emulator.mutatingRequests().length;
      const again = await rotate({ prune: 'true', 'previous-audit-log': log });
      expect(again.runner.failed).toBeUndefined();
      expect(heroku.emulator.mutatingRequests().length).toBe(herokuWrites);
      expect(github.violations).toEqual([]);
    });

    it('prune without a previous audit log, or with one that is not a file, is refused before any request', async () => {
      for (const inputs of [
        { prune: 'true' },
        { prune: 'true', 'previous-audit-log': '/nonexistent/keyturn-audit.jsonl' },
      ]) {
        const before = [
          github.requests.length,
          heroku.emulator.requests.length,
          fly.emulator.requests.length,
          ssm.emulator.requests.length,
        ];
        const run = await rotate(inputs);
        expect(run.runner.failed).toMatch(/previous-audit-log/);
        expect([
          github.requests.length,
          heroku.emulator.requests.length,
          fly.emulator.requests.length,
          ssm.emulator.requests.length,
        ]).toEqual(before);
      }
    });
  });
});
