import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_SPEC as PLAN_SPEC } from '@keyturn/action-plan/action-spec';
import { main as plan } from '@keyturn/action-plan/main';
import { ACTION_SPEC as PROPAGATE_SPEC } from '@keyturn/action-propagate/action-spec';
import { main as propagate } from '@keyturn/action-propagate/main';
import { ACTION_SPEC as ROTATE_SPEC } from '@keyturn/action-rotate/action-spec';
import { main as rotate } from '@keyturn/action-rotate/main';
import { ACTION_SPEC as ROTATE_PAT_SPEC } from '@keyturn/action-rotate-pat/action-spec';
import { main as rotatePat } from '@keyturn/action-rotate-pat/main';
import { ACTION_SPEC as ROTATE_SSM_SPEC } from '@keyturn/action-rotate-ssm/action-spec';
import { main as rotateSsm } from '@keyturn/action-rotate-ssm/main';
import { ACTION_SPEC as VERIFY_SPEC } from '@keyturn/action-verify/action-spec';
import { main as verify } from '@keyturn/action-verify/main';
import { type ActionContext, createFakeClock, inputVariableName, runAction } from '@keyturn/core';
import {
  createRecordingRunner,
  type Emulator,
  runBundle,
  runWithManifest,
  startFly,
  startGitHub,
  startHeroku,
  startInfisical,
  startProtectedResource,
  startSecretsManager,
  startSsm,
} from '@keyturn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../packages/cli/test/helpers';
import { TOKEN as CLI_TOKEN, USAGE_ERROR_ROWS } from '../packages/cli/test/usage-error-rows';
import { TARGET_PLACE_REFUSALS, TARGET_SYNTAX_REFUSALS } from '../packages/core/test/target-refusals';
import { UNDECLARED_INPUT_ROWS } from '../packages/core/test/undeclared-input-rows';
import { printFigure } from './figure';

/**
 * Guarantee 2, "bad input fails before anything changes": one table of bad
 * inputs across every action, the manifest and the CLI. Each row fails
 * naming the input (or the manifest's entry and field, or the flag), and
 * the emulators of every service see not one mutating request, from any row.
 * The rows come from the tables the unit tests use (target lines, the
 * manifest corpus, undeclared with: keys, CLI usage errors) and from
 * ACTION_INPUT_ROWS below (bad values of each action's declared inputs).
 */
type Main = (context: ActionContext) => Promise<void>;
const ACTIONS: Record<string, { main: Main; spec: typeof PLAN_SPEC }> = {
  'rotate-ssm': { main: rotateSsm, spec: ROTATE_SSM_SPEC },
  propagate: { main: propagate, spec: PROPAGATE_SPEC },
  verify: { main: verify, spec: VERIFY_SPEC },
  'rotate-pat': { main: rotatePat, spec: ROTATE_PAT_SPEC },
  plan: { main: plan, spec: PLAN_SPEC },
  rotate: { main: rotate, spec: ROTATE_SPEC },
};

const CANARY = 'kt_bad_input_canary_3f9a1c7e5b';
let services: Record<string, Emulator & { url: string }>;
let urls: Record<string, string>;
let closers: (() => Promise<void>)[] = [];
/** A valid manifest, so plan's and rotate's other inputs are what is wrong. */
let manifest: string;

async function writeManifest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-bad-input-'));
  const path = join(dir, 'rotation.yml');
  await writeFile(
    path,
    [
      'version: 1',
      'defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }',
      'secrets:',
      '  - { id: a, store: { name: /prod/api-token }, generate: hex:16, targets: [github:acme/api/A] }',
    ].join('\n'),
  );
  return path;
}

beforeAll(async () => {
  const [github, heroku, fly, ssm, infisical, sm, api] = await Promise.all([
    startGitHub(),
    startHeroku(),
    startFly(),
    startSsm(),
    startInfisical({ tokens: ['kt-infisical-token'], projects: { p1: ['prod'] } }),
    startSecretsManager(),
    startProtectedResource(),
  ]);
  github.addToken(CANARY, { login: 'rotator' });
  github.addRepo('acme/api', { environments: ['production'] });
  heroku.addApiKey(CANARY);
  heroku.addApp('acme-api', {});
  fly.addToken(CANARY, ['acme-web']);
  fly.addApp('acme-web', {});
  ssm.seed('/prod/api-token', CANARY, { labels: ['current'] });
  infisical.seed({ projectId: 'p1', environment: 'prod', key: 'API_TOKEN' }, CANARY);
  sm.seed('prod/api-token', CANARY);
  api.accept(CANARY);
  services = {
    github: Object.assign(github.emulator, { url: github.url }),
    heroku: Object.assign(heroku.emulator, { url: heroku.url }),
    fly: Object.assign(fly.emulator, { url: fly.url }),
    ssm: Object.assign(ssm.emulator, { url: ssm.url }),
    infisical: Object.assign(infisical.emulator, { url: infisical.url }),
    sm: Object.assign(sm.emulator, { url: sm.url }),
    api: Object.assign(api.emulator, { url: api.url }),
  };
  urls = Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.url]));
  closers = [github, heroku, fly, ssm, infisical, sm, api].map((service) => () => service.close());
  manifest = await writeManifest();
});

const tally = { rows: 0, actions: new Set<string>(), groups: new Map<string, number>() };
afterAll(async () => {
  const mutating = Object.values(services).reduce((sum, service) => sum + service.mutatingRequests().length, 0);
  await Promise.all(closers.map((close) => close()));
  const groups = [...tally.groups].map(([group, count]) => `${group} ${count}`).join(', ');
  printFigure(
    `bad input: ${tally.rows} rows (${groups}), ${tally.actions.size} actions + manifest + CLI covered, ` +
      `${mutating} mutating requests`,
  );
});

function counted(group: string, action: string): void {
  tally.rows += 1;
  tally.actions.add(action);
  tally.groups.set(group, (tally.groups.get(group) ?? 0) + 1);
}

/** Every service's mutating requests so far. */
const mutations = () => Object.values(services).flatMap((service) => service.mutatingRequests());

/** The env every run gets: AWS pointed at the emulators. */
const awsEnv = () => ({
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'kt-aws-secret',
  AWS_ENDPOINT_URL_SSM: urls.ssm ?? '',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.sm ?? '',
  GITHUB_API_URL: urls.github ?? '',
});

/** Runs an action in its wrapper (undeclared inputs refused as the bundle
 * does) with a recording runner and a fake clock. */
async function runInProcess(action: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  const { main, spec } = ACTIONS[action] as (typeof ACTIONS)[string];
  const allEnv: Record<string, string> = { ...awsEnv(), ...env };
  for (const [name, value] of Object.entries(inputs)) allEnv[inputVariableName(name)] = value;
  const runner = createRecordingRunner({ 'audit-log': '/dev/null', ...inputs }, allEnv);
  const time = createFakeClock();
  const ok = await runAction(action, { runner, clock: time.clock, sleep: time.sleep, spec }, main);
  return { ok, failed: runner.failed ?? '', everything: runner.everything() };
}

function expectNothingChanged(before: number, text: string): void {
  expect(mutations().slice(before), 'a mutating request was sent').toEqual([]);
  expect(text).not.toContain(CANARY);
}

const credentials = () => ({
  'github-token': CANARY,
  'github-api-url': urls.github ?? '',
  'heroku-api-key': CANARY,
  'heroku-api-url': urls.heroku ?? '',
  'fly-api-token': CANARY,
  'fly-api-url': urls.fly ?? '',
});

describe('a target line that names no place, or another place, fails propagate naming it', () => {
  it.each([...TARGET_SYNTAX_REFUSALS, ...TARGET_PLACE_REFUSALS])('%j', async (line, message) => {
    const before = mutations().length;
    const run = await runInProcess('propagate', {
      value: CANARY,
      targets: `github:acme/api/OK_TOKEN\n${line}`,
      ...credentials(),
    });
    expect(run.ok).toBe(false);
    expect(run.failed).toMatch(/input 'targets'/);
    expect(run.failed).toMatch(message);
    expectNothingChanged(before, run.everything);
    counted('target lines', 'propagate');
  });
});

const fixtures = fileURLToPath(new URL('../packages/core/test/manifest/fixtures', import.meta.url));
const manifests = readdirSync(fixtures)
  .filter((name) => name.startsWith('invalid-'))
  .sort()
  .map((name) => {
    const text = readFileSync(join(fixtures, name), 'utf8');
    return { name, text, expected: /^# expect: (.+)$/m.exec(text)?.[1] ?? '' };
  });

describe.each(['plan', 'rotate'])('a bad manifest fails %s naming entry and field', (action) => {
  it.each(manifests)('$name', async ({ text, expected }) => {
    const before = mutations().length;
    const { main } = ACTIONS[action] as (typeof ACTIONS)[string];
    const run = await runWithManifest(
      action,
      main,
      text,
      { secret: 'a', ...credentials(), 'infisical-token': CANARY, 'new-token': CANARY },
      { env: awsEnv() },
    );
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(new RegExp(`^keyturn/${action}: manifest \\S+ has (a problem|\\d+ problems)`));
    expect(run.runner.failed).toContain(expected);
    expectNothingChanged(before, run.runner.everything());
    counted('manifests', action);
  });
});

describe('a with: key the action does not declare fails its bundle naming the input meant', () => {
  it.each(UNDECLARED_INPUT_ROWS)('%s with %s', async (action, inputs, typo, meant) => {
    const before = mutations().length;
    const run = await runBundle(fileURLToPath(new URL(`../actions/${action}/dist/index.js`, import.meta.url)), {
      inputs: inputs({ api: urls.api ?? '', github: urls.github ?? '', heroku: urls.heroku ?? '' }),
      env: awsEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`input '${typo}' is not an input of keyturn/${action}`);
    expect(run.stdout).toContain(`Did you mean '${meant}'?`);
    expectNothingChanged(before, run.everything);
    counted('undeclared inputs', action);
  });
});

describe('a usage error of the CLI exits 2 naming the flag', () => {
  it.each(USAGE_ERROR_ROWS)('%s', async (_, argv, env, message) => {
    const before = mutations().length;
    const run = await cli(argv({ api: `${urls.api}/me`, github: urls.github ?? '', heroku: urls.heroku ?? '' }), {
      ...awsEnv(),
      ...env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.text).not.toContain(CLI_TOKEN);
    expectNothingChanged(before, run.text);
    counted('CLI', 'cli');
  });
});

/**
 * Bad values of declared inputs, per action: [action, inputs, the input the
 * message must name]. Every row also carries the credentials it would need,
 * so nothing but the bad value stops it.
 */
type InputRow = [action: string, inputs: () => Record<string, string>, names: string, env?: Record<string, string>];
const ssmBase = () => ({ name: '/prod/api-token' });
const infisicalBase = () => ({
  name: 'API_TOKEN',
  store: 'infisical',
  'infisical-url': urls.infisical ?? '',
  'infisical-project-id': 'p1',
  'infisical-environment': 'prod',
  'infisical-token': 'kt-infisical-token',
});
const propagateBase = () => ({ value: CANARY, targets: 'github:acme/api/API_TOKEN', ...credentials() });
const verifyBase = () => ({ url: `${urls.api}/v1/me`, token: CANARY });
const patBase = () => ({ 'new-token': CANARY, 'expected-login': 'rotator', 'github-api-url': urls.github ?? '' });
const ACTION_INPUT_ROWS: InputRow[] = [
  ['rotate-ssm', () => ({ ...ssmBase(), generate: 'hex:0' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), generate: 'hexx:32' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), generate: 'rsa:1024' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), generate: 'alnum:many' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), generate: 'base64:100000' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), store: 'sssm' }), 'store'],
  ['rotate-ssm', () => ({ ...ssmBase(), 'max-age': '90x' }), 'max-age'],
  ['rotate-ssm', () => ({ ...ssmBase(), 'max-age': '-1d' }), 'max-age'],
  ['rotate-ssm', () => ({ ...ssmBase(), rollback: 'maybe' }), 'rollback'],
  ['rotate-ssm', () => ({ ...ssmBase(), 'dry-run': 'yes' }), 'dry-run'],
  ['rotate-ssm', () => ({ ...ssmBase(), tier: 'Premium' }), 'tier'],
  ['rotate-ssm', () => ({ ...ssmBase(), 'kms-key-id': 'my key' }), 'kms-key-id'],
  ['rotate-ssm', () => ({ ...ssmBase(), 'aws-region': 'mars-north' }), 'aws-region'],
  ['rotate-ssm', () => ({ name: '' }), 'name'],
  ['rotate-ssm', () => ({ name: 'prod api token' }), 'name'],
  ['rotate-ssm', () => ({ name: '/aws/reserved' }), 'name'],
  ['rotate-ssm', () => ({ ...ssmBase(), value: '', generate: 'hex:0' }), 'generate'],
  ['rotate-ssm', () => ({ ...ssmBase(), value: 'x'.repeat(9_000) }), 'value'],
  ['rotate-ssm', () => ({ ...ssmBase(), rollback: 'true', value: CANARY }), 'value'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-url': 'http://infisical.example.com' }), 'infisical-url'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-url': 'ftp://localhost' }), 'infisical-url'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-project-id': '' }), 'infisical-project-id'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-environment': '' }), 'infisical-environment'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-path': 'no-slash' }), 'infisical-path'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-path': '/a/../b' }), 'infisical-path'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-token': '' }), 'infisical-client-id'],
  ['rotate-ssm', () => ({ ...infisicalBase(), name: 'API TOKEN' }), 'name'],
  // Infisical keys hold 500 characters and the rotation marker KEYTURN_ROTATION__KEY adds 18.
  ['rotate-ssm', () => ({ ...infisicalBase(), name: 'K'.repeat(483) }), 'name'],
  ['rotate-ssm', () => ({ name: 'prod/api token', store: 'secrets-manager' }), 'name'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-path': '/a/./b' }), 'infisical-path'],
  ['rotate-ssm', () => ({ ...infisicalBase(), 'infisical-path': '/a/%2e%2e' }), 'infisical-path'],
  ['rotate-ssm', ssmBase, 'AWS_ENDPOINT_URL_SSM', { AWS_ENDPOINT_URL_SSM: 'http://ssm.internal.example' }],
  ['rotate-ssm', ssmBase, 'AWS_ENDPOINT_URL_SSM', { AWS_ENDPOINT_URL_SSM: 'not a url' }],
  [
    'rotate-ssm',
    () => ({ name: 'prod/api-token', store: 'secrets-manager' }),
    'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://sm.internal.example' },
  ],
  [
    'propagate',
    () => ({ ...propagateBase(), value: '', source: 'ssm:/prod/api-token' }),
    'AWS_ENDPOINT_URL_SSM',
    { AWS_ENDPOINT_URL_SSM: 'http://10.1.2.3:4566' },
  ],
  ['propagate', () => ({ ...propagateBase(), targets: '' }), 'targets'],
  ['propagate', () => ({ ...propagateBase(), targets: 'github:acme/api/A\ngithub:acme/api/A' }), 'targets'],
  ['propagate', () => ({ ...propagateBase(), concurrency: '0' }), 'concurrency'],
  ['propagate', () => ({ ...propagateBase(), concurrency: '99' }), 'concurrency'],
  ['propagate', () => ({ ...propagateBase(), concurrency: 'four' }), 'concurrency'],
  ['propagate', () => ({ ...propagateBase(), 'fail-fast': 'maybe' }), 'fail-fast'],
  ['propagate', () => ({ ...propagateBase(), 'github-api-url': 'http://api.github.example' }), 'github-api-url'],
  ['propagate', () => ({ ...propagateBase(), 'github-api-url': 'not a url' }), 'github-api-url'],
  [
    'propagate',
    () => ({ ...propagateBase(), targets: 'heroku:acme-api/A', 'heroku-api-url': 'http://heroku.example' }),
    'heroku-api-url',
  ],
  [
    'propagate',
    () => ({ ...propagateBase(), targets: 'fly:acme-web/A', 'fly-api-url': 'http://fly.example' }),
    'fly-api-url',
  ],
  ['propagate', () => ({ ...propagateBase(), 'github-token': '' }), 'github-token'],
  ['propagate', () => ({ ...propagateBase(), targets: 'heroku:acme-api/A', 'heroku-api-key': '' }), 'heroku-api-key'],
  ['propagate', () => ({ ...propagateBase(), targets: 'fly:acme-web/A', 'fly-api-token': '' }), 'fly-api-token'],
  ['propagate', () => ({ ...propagateBase(), value: '', source: 'vault:/x' }), 'source'],
  ['propagate', () => ({ ...propagateBase(), source: 'ssm:/prod/api-token' }), 'value'],
  ['propagate', () => ({ ...propagateBase(), value: '', source: 'ssm:' }), 'source'],
  ['propagate', () => ({ ...propagateBase(), value: '' }), 'value'],
  ['propagate', () => ({ ...propagateBase(), value: 'x'.repeat(48 * 1024 + 1) }), 'value'],
  ['propagate', () => ({ ...propagateBase(), 'dry-run': 'maybe' }), 'dry-run'],
  ['verify', () => ({ ...verifyBase(), url: '' }), 'url'],
  ['verify', () => ({ ...verifyBase(), url: 'not a url' }), 'url'],
  ['verify', () => ({ ...verifyBase(), url: 'http://api.example.com/v1/me' }), 'url'],
  ['verify', () => ({ ...verifyBase(), url: 'file:///etc/passwd' }), 'url'],
  ['verify', () => ({ ...verifyBase(), method: 'FETCH' }), 'method'],
  ['verify', () => ({ ...verifyBase(), auth: 'digest' }), 'auth'],
  ['verify', () => ({ ...verifyBase(), auth: 'header:' }), 'auth'],
  ['verify', () => ({ ...verifyBase(), auth: 'header:bad name' }), 'auth'],
  ['verify', () => ({ ...verifyBase(), expect: 'ok' }), 'expect'],
  ['verify', () => ({ ...verifyBase(), expect: '99' }), 'expect'],
  ['verify', () => ({ ...verifyBase(), expect: '6xx' }), 'expect'],
  ['verify', () => ({ ...verifyBase(), within: '7h' }), 'within'],
  ['verify', () => ({ ...verifyBase(), within: 'soon' }), 'within'],
  ['verify', () => ({ ...verifyBase(), interval: '7h' }), 'interval'],
  ['verify', () => ({ ...verifyBase(), interval: '0s', within: '1m' }), 'interval'],
  ['verify', () => ({ ...verifyBase(), timeout: '11m' }), 'timeout'],
  ['verify', () => ({ ...verifyBase(), timeout: '0s' }), 'timeout'],
  ['rotate-pat', () => ({ ...patBase(), 'new-token': '' }), 'new-token'],
  ['rotate-pat', () => ({ ...patBase(), 'min-days-left': '-1' }), 'min-days-left'],
  ['rotate-pat', () => ({ ...patBase(), 'min-days-left': 'seven' }), 'min-days-left'],
  ['rotate-pat', () => ({ ...patBase(), 'revoke-within': '7h' }), 'revoke-within'],
  [
    'rotate-pat',
    () => ({ ...patBase(), 'revoke-within': '0s', 'revoke-old': 'true', 'old-token': 'ghp_oldTokenOld0a1b2c3d4e5f6' }),
    'revoke-within',
  ],
  ['rotate-pat', () => ({ ...patBase(), 'required-repos': 'acme/../api' }), 'required-repos'],
  ['rotate-pat', () => ({ ...patBase(), 'required-repos': 'not-a-repo' }), 'required-repos'],
  ['rotate-pat', () => ({ ...patBase(), 'expected-login': 'bad login!' }), 'expected-login'],
  ['rotate-pat', () => ({ ...patBase(), 'check-only': 'maybe' }), 'check-only'],
  ['rotate-pat', () => ({ ...patBase(), 'revoke-old': 'maybe' }), 'revoke-old'],
  ['rotate-pat', () => ({ ...patBase(), 'revoke-old': 'true' }), 'old-token'],
  ['rotate-pat', () => ({ ...patBase(), 'expected-login': '' }), 'expected-login'],
  ['rotate-pat', () => ({ ...patBase(), targets: 'github:acme/api@../X', ...credentials() }), 'targets'],
  ['rotate-pat', () => ({ ...patBase(), 'github-api-url': 'http://api.github.example' }), 'github-api-url'],
  ['plan', () => ({ manifest: '/nonexistent/rotation.yml' }), 'manifest'],
  ['plan', () => ({ manifest: '' }), 'manifest'],
  ['plan', () => ({ manifest, 'batch-size': '0' }), 'batch-size'],
  ['plan', () => ({ manifest, 'batch-size': '257' }), 'batch-size'],
  ['plan', () => ({ manifest, force: 'maybe' }), 'force'],
  ['plan', () => ({ manifest, only: 'Not An Id' }), 'only'],
  ['plan', () => ({ manifest, only: 'no-such-entry' }), 'only'],
  ['rotate', () => ({ manifest: '/nonexistent/rotation.yml', secret: 'a' }), 'manifest'],
  ['rotate', () => ({ manifest, secret: '' }), 'secret'],
  ['rotate', () => ({ manifest, secret: 'Not An Id' }), 'secret'],
  ['rotate', () => ({ manifest, secret: 'no-such-entry' }), 'secret'],
  ['rotate', () => ({ manifest, secret: 'a', ...credentials(), concurrency: '0' }), 'concurrency'],
  ['rotate', () => ({ manifest, secret: 'a', ...credentials(), 'dry-run': 'maybe' }), 'dry-run'],
];

describe('a bad value of a declared input fails the action naming the input', () => {
  const rows = ACTION_INPUT_ROWS.map(([action, inputs, names, env]) => ({ action, inputs, names, env }));
  it.each(rows)('$action: $names', async ({ action, inputs, names, env }) => {
    const before = mutations().length;
    const run = await runInProcess(action, inputs(), env);
    expect(run.ok, 'the run must fail').toBe(false);
    expect(run.failed).toContain(`input '${names}'`);
    expectNothingChanged(before, run.everything);
    counted('input values', action);
  });
});
