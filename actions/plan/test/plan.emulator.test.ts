import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type InfisicalEmulator,
  runWithManifest,
  type SsmEmulator,
  startInfisical,
  startSecretsManager,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main';

const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

const CLIENT_SECRET = 'infisical-client-secret-canary-41d7';
const VALUE = 'stored-value-canary-9e2f';

describe('plan against the SSM and Infisical emulators', () => {
  let ssm: SsmEmulator;
  let infisical: InfisicalEmulator;
  let env: Record<string, string>;
  const manifest = () => `
version: 1
defaults:
  store: { kind: ssm, region: eu-west-1 }
  max-age: 90d
secrets:
  - id: old-token
    store: { name: /prod/old }
    generate: hex:32
    targets: [github:acme/api/OLD_TOKEN, heroku:acme-api/OLD_TOKEN]
  - id: young-token
    store: { name: /prod/young }
    generate: hex:32
  - id: fernet-key
    store: { name: /prod/fernet }
    generate: fernet
    max-age: on-compromise
  - id: never-stored
    store: { name: /prod/new }
    generate: uuid
  - id: half-done
    store: { name: /prod/half }
    generate: hex:16
  - id: infisical-pat
    store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: ${infisical.url} }
    generate: alnum:40
    max-age: 30d
`;
  const plan = (inputs: Record<string, string> = {}, text = manifest()) =>
    runWithManifest(
      'plan',
      main,
      text,
      { 'infisical-client-id': 'ci', 'infisical-client-secret': CLIENT_SECRET, ...inputs },
      { env, now: START },
    );

  beforeEach(async () => {
    ssm = await startSsm({ now: () => START });
    infisical = await startInfisical({ clients: { ci: CLIENT_SECRET }, projects: { p1: ['prod'] }, now: () => START });
    env = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url };
    ssm.seed('/prod/old', VALUE, { labels: ['current'], lastModified: START - 120 * DAY });
    ssm.seed('/prod/young', VALUE, { labels: ['current'], lastModified: START - 10 * DAY });
    ssm.seed('/prod/fernet', VALUE, { labels: ['current'], lastModified: START - 400 * DAY });
    ssm.seed('/prod/half', 'older', { labels: ['previous'], lastModified: START - 100 * DAY });
    ssm.seed('/prod/half', VALUE, { labels: ['current', 'pending'], lastModified: START - DAY });
    infisical.seed({ projectId: 'p1', environment: 'prod', key: 'API_TOKEN' }, VALUE, START - 31 * DAY);
  });
  afterEach(async () => {
    await ssm.close();
    await infisical.close();
  });

  it('decides every secret from its head alone, and orders unfinished first, then most overdue', async () => {
    const run = await plan();
    expect(run.runner.failed).toBeUndefined();
    expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
      include: [
        { secret: 'half-done', store: 'ssm', decision: 'unfinished' },
        { secret: 'never-stored', store: 'ssm', decision: 'due' },
        { secret: 'old-token', store: 'ssm', decision: 'due' },
        { secret: 'infisical-pat', store: 'infisical', decision: 'due' },
      ],
    });
    expect(run.runner.outputs).toMatchObject({ due: '4', batches: '1' });
    const byId = Object.fromEntries(run.report.map((row) => [row.id, row]));
    expect(byId['old-token']).toMatchObject({
      decision: 'due',
      'age-days': 120,
      'due-date': '2026-05-02',
      targets: 2,
      issuer: '',
    });
    expect(byId['young-token']).toMatchObject({
      decision: 'not-due',
      'age-days': 10,
      'due-date': '2026-08-20',
      reason: 'due on 2026-08-20',
    });
    expect(byId['fernet-key']).toMatchObject({ decision: 'on-compromise', 'due-date': null });
    expect(byId['never-stored']).toMatchObject({ decision: 'due', version: null });
    expect(byId['half-done']).toMatchObject({ decision: 'unfinished', version: '2' });
    expect(byId['infisical-pat']).toMatchObject({ decision: 'due', 'age-days': 31, store: 'Infisical (prod /)' });
    // The inventory: every secret, its store, age, next due date, targets and what this run does.
    const summary = run.runner.summary.join('\n');
    expect(summary).toContain('4 of 6 secret(s) to rotate (1 unfinished, resumed); 1 not due, 1 on-compromise.');
    expect(summary).toContain('| young-token | AWS SSM (eu-west-1) /prod/young | 10 | 2026-08-20 | 0 | leave |');
    expect(summary).toContain(
      '| fernet-key | AWS SSM (eu-west-1) /prod/fernet | 400 | on compromise | 0 | leave: never scheduled: rotated only in an emergency |',
    );
    // Heads only: one history read per SSM secret; Infisical: a login, one listing of the folder
    // with values hidden and one of its rotation markers (they hold no secret); nothing written.
    expect(ssm.operations()).toEqual(Array(5).fill('GetParameterHistory'));
    expect(ssm.writes()).toEqual([]);
    expect(infisical.secretWrites()).toEqual([]);
    const reads = infisical.emulator.requests.filter((request) => request.path.includes('/secrets/'));
    expect(
      reads.map(
        (request) => `${request.path} ${request.query.get('secretPath')} ${request.query.get('viewSecretValue')}`,
      ),
    ).toEqual(['/api/v3/secrets/raw / false', '/api/v3/secrets/raw /keyturn-rotations true']);
    expect(run.runner.everything()).not.toContain(VALUE);
    expect(run.runner.everything()).not.toContain(CLIENT_SECRET);
    expect(run.events).toMatchObject([
      {
        event: 'rotation.plan.completed',
        outcome: 'success',
        due: ['half-done', 'never-stored', 'old-token', 'infisical-pat'],
      },
    ]);
    expect(ssm.emulator.violations).toEqual([]);
  });

  describe('github-pat entries: a person makes the token', () => {
    const withPats = () => `${manifest()}  - id: readonly-pat
    issuer: { kind: github-pat, expected-login: raxx-bot, min-days-left: 14 }
    store: { name: /prod/pat }
    targets: [heroku:acme-api/READONLY_PAT]
  - id: young-pat
    issuer: { kind: github-pat, expected-login: raxx-bot }
    store: { name: /prod/young-pat }
`;
    beforeEach(() => {
      ssm.seed('/prod/pat', VALUE, { labels: ['current'], lastModified: START - 100 * DAY });
      ssm.seed('/prod/young-pat', VALUE, { labels: ['current'], lastModified: START - 5 * DAY });
    });

    it('a due one is reported as needing a person, with a warning, and is not in the matrix', async () => {
      const run = await plan({}, withPats());
      expect(run.runner.failed).toBeUndefined();
      const matrix = JSON.parse(run.runner.outputs.matrix ?? '') as { include: { secret: string }[] };
      expect(matrix.include.map((job) => job.secret)).not.toContain('readonly-pat');
      expect(run.runner.outputs.due).toBe('4');
      const row = run.report.find((one) => one.id === 'readonly-pat');
      expect(row).toMatchObject({ decision: 'needs-person', issuer: 'github-pat', 'age-days': 100 });
      expect(String(row?.reason)).toMatch(
        /max-age 90d; needs a person: create a token .* emergency workflow with new-token/,
      );
      expect(run.report.find((one) => one.id === 'young-pat')).toMatchObject({ decision: 'not-due' });
      expect(run.runner.logs).toContainEqual(expect.stringMatching(/^warning: readonly-pat is due and needs a person/));
      expect(run.runner.summary.join('\n')).toContain('1 due but needing a person');
    });

    it('forced (the emergency workflow), it is in the matrix', async () => {
      const run = await plan({ only: 'readonly-pat', force: 'true' }, withPats());
      expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
        include: [{ secret: 'readonly-pat', store: 'ssm', decision: 'forced' }],
      });
    });

    it('check-expiry: the matrix lists every github-pat entry, due or not, and nothing else', async () => {
      const run = await plan({ 'check-expiry': 'true' }, withPats());
      expect(run.runner.failed).toBeUndefined();
      expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
        include: [
          { secret: 'readonly-pat', store: 'ssm', decision: 'check-expiry' },
          { secret: 'young-pat', store: 'ssm', decision: 'check-expiry' },
        ],
      });
      expect(run.runner.outputs.due).toBe('2');
      expect(run.report.map((row) => row.id)).toEqual(['readonly-pat', 'young-pat']);
      // Heads only, as always: the tokens are read by rotate check-expiry, one job each.
      expect(ssm.operations()).toEqual(['GetParameterHistory', 'GetParameterHistory']);
      const forced = await plan({ 'check-expiry': 'true', force: 'true' }, withPats());
      expect(forced.runner.failed).toMatch(/input 'force' is true with check-expiry: true/);
    });
  });

  it('reports every secret and then fails when one store cannot be read', async () => {
    ssm.deny('GetParameterHistory', 'ssm:GetParameterHistory');
    const run = await plan();
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(
      /^keyturn\/plan: 5 of 6 secret\(s\) could not be read, so they cannot be planned \(the others were\):/,
    );
    expect(run.runner.failed).toContain('old-token (AWS SSM (eu-west-1) /prod/old): ');
    expect(run.runner.failed).toContain('ssm:GetParameterHistory');
    // the Infisical secret is still planned, and the outputs are set
    expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
      include: [{ secret: 'infisical-pat', store: 'infisical', decision: 'due' }],
    });
    expect(run.report.filter((row) => row.decision === 'unreadable')).toHaveLength(5);
    expect(run.runner.summary.join('\n')).toContain(
      '| old-token | AWS SSM (eu-west-1) /prod/old | - | - | 2 | error: ',
    );
  });

  it('only and force: one secret, whatever its age, even on-compromise', async () => {
    const run = await plan({ only: 'fernet-key', force: 'true' });
    expect(run.runner.failed).toBeUndefined();
    expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
      include: [{ secret: 'fernet-key', store: 'ssm', decision: 'forced' }],
    });
    expect(run.report).toHaveLength(1);
    expect(ssm.operations()).toEqual(['GetParameterHistory']);
    const young = await plan({ only: 'young-token' });
    expect(JSON.parse(young.runner.outputs.matrix ?? '')).toEqual({ include: [] });
    expect(young.runner.outputs.due).toBe('0');
    expect(young.runner.outputs.batches).toBe('0');
  });

  it('an unknown only names the nearest id and asks nothing', async () => {
    const run = await plan({ only: 'old-tokn' });
    expect(run.runner.failed).toBe(
      "keyturn/plan: input 'only' is 'old-tokn', which is not an id in " +
        run.manifestPath +
        ". Did you mean 'old-token'?",
    );
    expect(ssm.emulator.requests).toEqual([]);
    expect(infisical.emulator.requests).toEqual([]);
  });

  it('an Infisical entry without Infisical credentials fails before any request', async () => {
    const run = await runWithManifest('plan', main, manifest(), {}, { env, now: START });
    expect(run.runner.failed).toMatch(
      /^keyturn\/plan: input 'infisical-client-secret' is empty but secrets\[5\] \(infisical-pat\) is stored in Infisical\./,
    );
    expect(ssm.emulator.requests).toEqual([]);
  });

  it('a Secrets Manager entry: AWSPENDING on the current version is an unfinished rotation', async () => {
    const sm = await startSecretsManager({ region: 'eu-west-1', now: () => START });
    try {
      sm.seed('jwt-key', 'old', { createdAt: START - 200 * DAY });
      sm.seed('jwt-key', 'new', { stages: ['AWSCURRENT', 'AWSPENDING'], createdAt: START - DAY });
      sm.seed('api-key', 'v', { createdAt: START - 100 * DAY });
      const text = `version: 1
defaults: { store: { kind: secrets-manager, region: eu-west-1 }, max-age: 90d }
secrets:
  - { id: jwt, store: { name: jwt-key }, generate: base64:64 }
  - { id: api, store: { name: api-key }, generate: hex:16 }
`;
      const run = await runWithManifest(
        'plan',
        main,
        text,
        {},
        {
          env: { ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url },
          now: START,
        },
      );
      expect(run.runner.failed).toBeUndefined();
      expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual({
        include: [
          { secret: 'jwt', store: 'secrets-manager', decision: 'unfinished' },
          { secret: 'api', store: 'secrets-manager', decision: 'due' },
        ],
      });
      expect(sm.writes()).toEqual([]);
    } finally {
      await sm.close();
    }
  });

  it('a grace window: left alone until it ends, then finish-grace in the matrix (SSM label, Secrets Manager stage)', async () => {
    const sm = await startSecretsManager({ region: 'eu-west-1', now: () => START });
    try {
      const HOUR = 3_600_000;
      // Both rotated at START - 12h and finished then: the mark holds the finish time.
      ssm.seed('/prod/jwt', 'older', { labels: ['previous'], lastModified: START - 40 * DAY });
      ssm.seed('/prod/jwt', VALUE, {
        labels: ['current', 'grace-since-20260531T120000Z'],
        lastModified: START - 12 * HOUR,
      });
      sm.seed('jwt-key', 'older', { createdAt: START - 40 * DAY });
      sm.seed('jwt-key', VALUE, {
        stages: ['AWSCURRENT', 'grace-since-20260531T120000Z'],
        createdAt: START - 12 * HOUR,
      });
      const text = `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 30d }
secrets:
  - { id: jwt-ssm, store: { name: /prod/jwt }, generate: base64:64, grace: 24h, targets: [fly:acme-api/JWT_KEY, github:acme/api/JWT_KEY] }
  - { id: jwt-sm, store: { kind: secrets-manager, name: jwt-key }, generate: base64:64, grace: 6h, targets: [fly:acme-api/JWT_SM] }
`;
      const at = (now: number) =>
        runWithManifest('plan', main, text, {}, { env: { ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url }, now });
      const halfDay = await at(START);
      expect(halfDay.runner.failed).toBeUndefined();
      const byId = Object.fromEntries(halfDay.report.map((row) => [row.id, row]));
      expect(byId['jwt-ssm']).toMatchObject({
        decision: 'in-grace',
        'grace-until': '2026-06-01T12:00:00.000Z',
        reason:
          'grace window open until 2026-06-01T12:00:00.000Z: the NAME_PREVIOUS companions at 2 target(s) are left alone',
      });
      expect(byId['jwt-sm']).toMatchObject({ decision: 'finish-grace', 'grace-until': '2026-05-31T18:00:00.000Z' });
      expect(JSON.parse(halfDay.runner.outputs.matrix ?? '')).toEqual({
        include: [{ secret: 'jwt-sm', store: 'secrets-manager', decision: 'finish-grace' }],
      });
      const summary = halfDay.runner.summary.join('\n');
      expect(summary).toContain(
        '1 of 2 secret(s) to rotate (1 closing a grace window); 0 not due, 0 on-compromise, 1 in a grace window.',
      );
      expect(summary).toContain('leave: grace window open until 2026-06-01T12:00:00.000Z');

      const nextDay = await at(START + 13 * HOUR);
      expect(
        JSON.parse(nextDay.runner.outputs.matrix ?? '').include.map((job: { secret: string; decision: string }) => [
          job.secret,
          job.decision,
        ]),
      ).toEqual([
        ['jwt-ssm', 'finish-grace'],
        ['jwt-sm', 'finish-grace'],
      ]);
      expect(ssm.writes()).toEqual([]);
      expect(sm.writes()).toEqual([]);
    } finally {
      await sm.close();
    }
  });

  it('with an earlier audit log, reports the targets the manifest no longer lists; without one, says it did not check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyturn-plan-past-'));
    const log = join(dir, 'keyturn-audit.jsonl');
    await writeFile(
      log,
      `${JSON.stringify({
        time: '2026-05-01T00:00:00.000Z',
        event: 'secret.rotate.completed',
        outcome: 'success',
        secret_id: 'old-token',
        targets: ['github:acme/api/OLD_TOKEN', 'heroku:acme-api/OLD_TOKEN', 'heroku:acme-legacy/OLD_TOKEN'],
      })}\n`,
    );
    const withLog = await plan({ 'previous-audit-log': log });
    expect(withLog.runner.failed).toBeUndefined();
    const byId = Object.fromEntries(withLog.report.map((row) => [row.id, row]));
    expect(byId['old-token']?.['removed-targets']).toEqual(['heroku:acme-legacy/OLD_TOKEN']);
    expect(byId['young-token']?.['removed-targets']).toEqual([]);
    expect(withLog.runner.summary.join('\n')).toContain(
      '1 secret(s) were last written to targets the manifest no longer lists; they still hold the value (rotate with prune: true and this previous-audit-log deletes them): old-token: heroku:acme-legacy/OLD_TOKEN.',
    );
    // Reported, never in the matrix on its own, and nothing deleted by plan.
    expect(JSON.parse(withLog.runner.outputs.matrix ?? '').include).toHaveLength(4);
    expect(ssm.writes()).toEqual([]);

    const without = await plan();
    expect(without.report.every((row) => row['removed-targets'] === null)).toBe(true);
    expect(without.runner.summary.join('\n')).toContain('Targets removed from the manifest are not checked');
  });

  it('an Infisical rotation that stopped after its write is unfinished, from its rotation marker', async () => {
    const at = { projectId: 'p1', environment: 'prod' };
    infisical.seed({ ...at, key: 'API_TOKEN' }, 'old-canary-value', START - 40 * DAY);
    const current = infisical.seed({ ...at, key: 'API_TOKEN' }, VALUE, START - DAY);
    const marker = {
      from: current - 1,
      resume: true,
      run: 'https://github.com/acme/infra/actions/runs/9',
      nonce: 'n1',
    };
    infisical.seed(
      { ...at, secretPath: '/keyturn-rotations', key: 'KEYTURN_ROTATION__API_TOKEN' },
      JSON.stringify(marker),
      START - DAY,
    );
    const only = `version: 1\nsecrets:\n  - { id: infisical-pat, store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }, generate: alnum:40, max-age: 30d }\n`;
    const run = await plan({}, only);
    expect(run.report).toMatchObject([{ id: 'infisical-pat', decision: 'unfinished', version: String(current) }]);
    expect(JSON.parse(run.runner.outputs.matrix ?? '').include).toEqual([
      { secret: 'infisical-pat', store: expect.any(String), decision: 'unfinished' },
    ]);
    // A marker whose write never happened (from = the current version) is not unfinished: the version is young.
    infisical.seed(
      { ...at, secretPath: '/keyturn-rotations', key: 'KEYTURN_ROTATION__API_TOKEN' },
      JSON.stringify({ ...marker, from: current }),
      START - DAY,
    );
    expect((await plan({}, only)).report).toMatchObject([{ decision: 'not-due' }]);
  });

  it('many Infisical secrets in one folder: one login, one listing of the folder and one of its markers', async () => {
    const entries = Array.from(
      { length: 12 },
      (_, i) =>
        `  - { id: i${i}, store: { kind: infisical, name: K${i}, project: p1, environment: prod, url: '${infisical.url}' }, generate: hex:8 }`,
    ).join('\n');
    for (let i = 0; i < 12; i++)
      infisical.seed({ projectId: 'p1', environment: 'prod', key: `K${i}` }, VALUE, START - DAY);
    const run = await plan({}, `version: 1\ndefaults: { max-age: 30d }\nsecrets:\n${entries}\n`);
    expect(run.runner.failed).toBeUndefined();
    const paths = infisical.emulator.requests.map((request) => request.path);
    expect(paths.filter((path) => path.includes('/auth/'))).toHaveLength(1);
    expect(paths.filter((path) => path.includes('/secrets/'))).toEqual(['/api/v3/secrets/raw', '/api/v3/secrets/raw']);
    expect(run.report.map((row) => row.version)).toEqual(Array(12).fill('1'));
  });

  it('past batch-size, due secrets come in batches and the summary says so', async () => {
    const entries = Array.from(
      { length: 5 },
      (_, i) => `  - { id: s${i}, store: { name: /bulk/s${i} }, generate: hex:8 }`,
    ).join('\n');
    const text = `version: 1\ndefaults: { store: { kind: ssm }, max-age: 30d }\nsecrets:\n${entries}\n`;
    for (let i = 0; i < 5; i++)
      ssm.seed(`/bulk/s${i}`, VALUE, { labels: ['current'], lastModified: START - (40 + i) * DAY });
    const run = await plan({ 'batch-size': '2' }, text);
    expect(run.runner.failed).toBeUndefined();
    const batches = JSON.parse(run.runner.outputs['matrix-batches'] ?? '') as { include: { secret: string }[] }[];
    expect(batches.map((batch) => batch.include.map((job) => job.secret))).toEqual([
      ['s4', 's3'],
      ['s2', 's1'],
      ['s0'],
    ]);
    expect(JSON.parse(run.runner.outputs.matrix ?? '')).toEqual(batches[0]);
    expect(run.runner.outputs).toMatchObject({ due: '5', batches: '3' });
    const summary = run.runner.summary.join('\n');
    expect(summary).toContain('A matrix holds at most 2 jobs: the 5 rotations come in 3 batches');
    expect(summary).toContain('| s0 | AWS SSM (eu-west-1) /bulk/s0 | 40 | 2026-05-22 | 0 | rotate (batch 3): ');
  });
});
