import {
  type GitHubEmulator,
  type HerokuEmulator,
  type ProtectedResource,
  runWithManifest,
  type SsmEmulator,
  startGitHub,
  startHeroku,
  startProtectedResource,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unpacedMain as main } from './unpaced';

const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const OLD = 'old-value-canary-6b1d2e90';
const GITHUB_TOKEN = 'ghp_writer_canary_0000000000000000000000';
const HEROKU_KEY = 'heroku-key-canary-5c7d';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

describe('rotate: one manifest entry end to end against the emulators', () => {
  let ssm: SsmEmulator;
  let github: GitHubEmulator;
  let heroku: HerokuEmulator;
  let api: ProtectedResource;
  let apiDown = false;
  let env: Record<string, string>;
  let now = START;

  const manifest = (extra = '') => `
version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: api-token
    store: { name: /prod/api/token }
    generate: base64url:32
    targets:
      - github:acme/api/API_TOKEN
      - github:acme/api@production/API_TOKEN
      - heroku:acme-api/API_TOKEN
    verify:
      - { url: '${api.url}/v1/me', expect: 2xx }
      - { url: '${api.url}/v1/me', old: true, expect: '401' }
  - id: fernet-key
    store: { name: /prod/fernet }
    generate: fernet
    max-age: on-compromise
    targets: [heroku:acme-api/FERNET_KEY]
${extra}`;

  const credentials = {
    'github-token': GITHUB_TOKEN,
    'heroku-api-key': HEROKU_KEY,
  };
  const rotate = (inputs: Record<string, string>, text = manifest()) =>
    runWithManifest('rotate', main, text, { ...credentials, ...inputs }, { env, now });
  const mutating = () => [...github.mutatingRequests(), ...heroku.emulator.mutatingRequests(), ...ssm.writes()];
  const storedValue = () => ssm.parameters.get('/prod/api/token')?.at(-1)?.value ?? '';

  beforeEach(async () => {
    now = START;
    apiDown = false;
    ssm = await startSsm({ now: () => now });
    github = await startGitHub({ now: () => now });
    github.addToken(GITHUB_TOKEN, { login: 'rotator' });
    github.addRepo('acme/api', { environments: ['production'] });
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('acme-api', { API_TOKEN: OLD, OTHER: 'untouched' });
    // The API reads its key from its Heroku config, as the real service would.
    api = await startProtectedResource({
      accepts: (credential) => !apiDown && heroku.configVars('acme-api')?.API_TOKEN === credential,
    });
    env = {
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SSM: ssm.url,
      GITHUB_API_URL: github.url,
    };
    ssm.seed('/prod/api/token', OLD, { labels: ['current'], lastModified: START - 100 * DAY });
  });
  afterEach(async () => {
    await Promise.all([ssm.close(), github.close(), heroku.close(), api.close()]);
  });

  const herokuWithUrl = () => ({ 'heroku-api-url': heroku.url });

  it('rotates in order: generate, store, every target, new accepted, old refused, audit', async () => {
    const run = await rotate({ secret: 'api-token', reason: 'INC-4711', ...herokuWithUrl() });
    expect(run.runner.failed).toBeUndefined();
    const value = storedValue();
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(run.runner.outputs).toMatchObject({
      rotated: 'true',
      version: '2',
      'previous-version': '1',
      updated: '3',
      failed: '0',
    });
    expect(github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(value);
    expect(github.environmentSecret('acme/api', 'production', 'API_TOKEN')?.value).toBe(value);
    expect(heroku.configVars('acme-api')).toEqual({ API_TOKEN: value, OTHER: 'untouched' });
    expect(ssm.describe('/prod/api/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['current'] },
    ]);
    const report = JSON.parse(run.runner.outputs.report ?? '') as { stage: string; outcome: string }[];
    expect(report.map((row) => `${row.stage}:${row.outcome}`)).toEqual([
      'issue:done',
      'store:done',
      'target:updated',
      'target:updated',
      'target:updated',
      'verify-new:done',
      'verify-old:done',
      'audit:done',
    ]);
    expect(run.events.map((event) => event.event)).toEqual(['secret.propagate.completed', 'secret.rotate.completed']);
    for (const event of run.events) expect(event).toMatchObject({ reason: 'INC-4711', secret_id: 'api-token' });
    expect(run.events[1]).toMatchObject({ version: '2', previous_version: '1', resumed: false });
    // SSM: head, writable check, the old value (for the old-refused proof), the write and its labels
    // (pending before current moves), the history read again to see `current` stayed
    // (another rotation may have moved it), and last the pending mark cleared.
    expect(ssm.operations()).toEqual([
      'GetParameterHistory',
      'GetParameterHistory',
      'GetParameterHistory',
      'GetParameter',
      'GetParameterHistory',
      'PutParameter',
      'LabelParameterVersion',
      'LabelParameterVersion',
      'LabelParameterVersion',
      'GetParameterHistory',
      'UnlabelParameterVersion',
    ]);
    const shown = run.runner.everything() + run.audit;
    for (const secret of [value, OLD, GITHUB_TOKEN, HEROKU_KEY]) expect(shown).not.toContain(secret);
    expect(run.runner.masked).toContain(value);
    expect([...github.violations, ...ssm.emulator.violations, ...heroku.emulator.violations]).toEqual([]);

    // Run again at once: not due, nothing sent that changes anything.
    const before = mutating().length;
    const again = await rotate({ secret: 'api-token', ...herokuWithUrl() });
    expect(again.runner.failed).toBeUndefined();
    expect(again.runner.outputs).toMatchObject({ rotated: 'false', version: '2' });
    expect(again.runner.summary.join('\n')).toContain('younger than max-age 90d: due on 2026-08-30');
    expect(mutating().length).toBe(before);
  });

  it('a run that stops after the store resumes with the same value, leaving Heroku alone', async () => {
    apiDown = true;
    const first = await rotate({ secret: 'api-token', ...herokuWithUrl() });
    expect(first.ok).toBe(false);
    expect(first.runner.failed).toContain('keyturn/rotate: the new value failed GET');
    const value = storedValue();
    // Stored and pushed, marked unfinished; the old value still the previous version.
    expect(ssm.describe('/prod/api/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['pending', 'current'] },
    ]);
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(value);
    expect(first.events.map((event) => [event.event, event.stage])).toEqual([
      ['secret.propagate.completed', undefined],
      ['secret.rotate.failed', 'verify-new'],
    ]);
    expect(first.runner.summary.join('\n')).toContain('Version 2 is stored and marked unfinished');

    apiDown = false;
    now += DAY;
    const herokuWrites = heroku.emulator.mutatingRequests().length;
    const githubWrites = github.mutatingRequests().length;
    const ssmPuts = ssm
      .writes()
      .filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.PutParameter').length;
    const second = await rotate({ secret: 'api-token', ...herokuWithUrl() });
    expect(second.runner.failed).toBeUndefined();
    expect(storedValue()).toBe(value);
    expect(second.runner.outputs).toMatchObject({
      rotated: 'true',
      version: '2',
      'previous-version': '1',
      updated: '2',
    });
    const report = JSON.parse(second.runner.outputs.report ?? '') as {
      stage: string;
      outcome: string;
      target?: string;
    }[];
    expect(report.map((row) => `${row.stage}:${row.outcome}${row.target ? `:${row.target}` : ''}`)).toEqual([
      'issue:already-done',
      'store:already-done',
      'target:updated:github:acme/api/API_TOKEN',
      'target:updated:github:acme/api@production/API_TOKEN',
      'target:unchanged:heroku:acme-api/API_TOKEN',
      'verify-new:done',
      'verify-old:done',
      'audit:done',
    ]);
    // Heroku compared, not written (no release); GitHub cannot be read back, so rewritten; no new store version.
    expect(heroku.emulator.mutatingRequests().length).toBe(herokuWrites);
    expect(github.mutatingRequests().length - githubWrites).toBe(2);
    expect(ssm.writes().filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.PutParameter').length).toBe(
      ssmPuts,
    );
    expect(ssm.describe('/prod/api/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['current'] },
    ]);
    expect(second.events.at(-1)).toMatchObject({ event: 'secret.rotate.completed', resumed: true });
    expect(second.runner.everything()).not.toContain(value);
  });

  it('a target it cannot write fails before anything changes', async () => {
    github.addRepo('acme/other');
    const text = manifest().replace(
      '      - heroku:acme-api/API_TOKEN',
      '      - heroku:acme-api/API_TOKEN\n      - github:acme/missing/API_TOKEN',
    );
    const run = await rotate({ secret: 'api-token', ...herokuWithUrl() }, text);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/^keyturn\/rotate: GitHub \(HTTP 404\)/);
    expect(mutating()).toEqual([]);
    expect(run.runner.summary.join('\n')).toContain('Nothing was changed.');
  });

  it('dry run: every read and check, no change', async () => {
    const run = await rotate({ secret: 'api-token', 'dry-run': 'true', ...herokuWithUrl() });
    expect(run.runner.failed).toBeUndefined();
    expect(run.runner.outputs).toMatchObject({ rotated: 'false', updated: '0' });
    const report = JSON.parse(run.runner.outputs.report ?? '') as { stage: string; outcome: string }[];
    expect(report.every((row) => row.outcome === 'would-do')).toBe(true);
    expect(report).toHaveLength(7);
    expect(mutating()).toEqual([]);
    expect(run.events).toMatchObject([{ event: 'secret.rotate.skipped', dry_run: true }]);
  });

  it('on-compromise rotates only with force', async () => {
    const skipped = await rotate({ secret: 'fernet-key', ...herokuWithUrl() });
    expect(skipped.runner.outputs.rotated).toBe('false');
    expect(skipped.runner.summary.join('\n')).toContain('max-age is on-compromise');
    expect(mutating()).toEqual([]);
    const forced = await rotate({ secret: 'fernet-key', force: 'true', reason: 'leak', ...herokuWithUrl() });
    expect(forced.runner.failed).toBeUndefined();
    expect(forced.runner.outputs).toMatchObject({ rotated: 'true', version: '1', 'previous-version': '' });
    expect(heroku.configVars('acme-api')?.FERNET_KEY).toMatch(/^[A-Za-z0-9_-]{43}=$/);
  });

  it.each([
    [{ secret: 'api-tokn' }, "keyturn/rotate: input 'secret' is 'api-tokn', which is not an id in"],
    [
      { secret: 'api-token', 'heroku-api-key': '' },
      "input 'heroku-api-key' is empty but secrets[0] (api-token) needs it: it has target heroku:acme-api/API_TOKEN.",
    ],
    [{ secret: 'api-token', 'github-token': '' }, "input 'github-token' is empty but secrets[0] (api-token) needs it"],
    [
      { secret: 'api-token', 'revoke-old': 'true' },
      "input 'revoke-old' is true but secrets[0] (api-token) generates its value",
    ],
    [{ secret: 'api-token', concurrency: '99' }, "input 'concurrency' is '99'"],
    [{ secret: '' }, "input 'secret' is required"],
  ])('bad input %j fails before any request', async (inputs, message) => {
    const run = await rotate({ ...herokuWithUrl(), ...inputs });
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toContain(message);
    expect([
      ...github.requests,
      ...heroku.emulator.requests,
      ...ssm.emulator.requests,
      ...api.emulator.requests,
    ]).toEqual([]);
  });
});
