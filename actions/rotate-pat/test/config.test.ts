import { InputReader, SecretRegistry } from '@keyturn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPatConfig } from '../src/config';
import { expectNoSecret, NEW_TOKEN, OLD_TOKEN, rotation, runRotatePat, startWorld, type World } from './helpers';

function read(inputs: Record<string, string>, env: Record<string, string> = { AWS_REGION: 'eu-west-1' }) {
  const masked: string[] = [];
  const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  const reader = new InputReader((name) => inputs[name] ?? '', secrets);
  return { config: () => readPatConfig(reader, env), masked };
}

describe('readPatConfig', () => {
  it('reads a full rotation into a frozen config, masking every credential', () => {
    const { config, masked } = read({
      'new-token': NEW_TOKEN,
      'old-token': OLD_TOKEN,
      'required-repos': 'acme/api\n# a comment\nacme/web.site',
      name: 'GITHUB_TOKEN',
      store: 'infisical',
      'infisical-project-id': 'p',
      'infisical-environment': 'prod',
      'infisical-client-id': 'id',
      'infisical-client-secret': 'kt-infisical-secret',
      targets: 'github:acme/api/DEPLOY_TOKEN',
      'github-token': 'ghp_writer',
      'revoke-old': 'true',
      'revoke-within': '5m',
    });
    const result = config();
    expect(result).toMatchObject({
      mode: 'rotate',
      newTokenType: 'fine-grained',
      oldTokenType: 'classic',
      expectedLogin: undefined,
      minDaysLeft: 7,
      requiredRepos: [
        { owner: 'acme', repo: 'api', line: 'acme/api' },
        { owner: 'acme', repo: 'web.site', line: 'acme/web.site' },
      ],
      store: { name: 'GITHUB_TOKEN', settings: { kind: 'infisical' } },
      revokeOld: true,
      revokeWithinMs: 300_000,
      githubApiUrl: 'https://api.github.com',
      dryRun: false,
    });
    expect(Object.isFrozen(result)).toBe(true);
    expect(masked).toEqual(expect.arrayContaining([NEW_TOKEN, OLD_TOKEN, 'kt-infisical-secret', 'ghp_writer']));
  });

  it('reads check-only with the runner’s GITHUB_API_URL', () => {
    const { config } = read(
      { 'check-only': 'true', token: OLD_TOKEN, 'min-days-left': '30' },
      {
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      },
    );
    expect(config()).toEqual({
      mode: 'check',
      token: OLD_TOKEN,
      tokenType: 'classic',
      githubApiUrl: 'https://ghe.example.com/api/v3',
      minDaysLeft: 30,
    });
  });
});

/** Each row: inputs over a valid rotation, then what the failure must say. */
const BAD_INPUTS: [string, Record<string, string>, RegExp][] = [
  ['no new token', { 'new-token': '' }, /input 'new-token' is required \(unless check-only: true\)/],
  ['the same token twice', { 'old-token': NEW_TOKEN }, /input 'new-token' is the same as old-token/],
  [
    'no way to check the identity',
    { 'old-token': '', 'revoke-old': 'false' },
    /input 'expected-login' is empty and no old-token is given/,
  ],
  ['a malformed login', { 'expected-login': 'not a login' }, /input 'expected-login' is 'not a login'/],
  [
    'revoke-old with no old token',
    { 'old-token': '', 'expected-login': 'rotator' },
    /input 'old-token' is empty but revoke-old/,
  ],
  [
    'revoke-old of an app token',
    { 'old-token': 'ghs_kt_app_token_0000000000000000000000' },
    /GitHub App installation token/,
  ],
  ['revoke-within 0', { 'revoke-within': '0' }, /input 'revoke-within' is 0/],
  ['a bad duration', { 'revoke-within': 'soon' }, /input 'revoke-within' is 'soon', not a duration/],
  ['revoke-within past a job', { 'revoke-within': '25d' }, /input 'revoke-within' is '25d', longer than the 6h/],
  ['min-days-left not a number', { 'min-days-left': 'seven' }, /input 'min-days-left' is 'seven'/],
  ['a bad repository line', { 'required-repos': 'acme/api\nacme' }, /input 'required-repos' line 2 is 'acme'/],
  ['a reserved SSM name', { name: '/aws/token' }, /input 'name' /],
  ['an Infisical input with SSM', { 'infisical-token': 'kt-x' }, /input 'infisical-token' is set but store is ssm/],
  ['a bad target line', { targets: 'gitlab:acme/api/X' }, /input 'targets' line 1/],
  [
    'Infisical inputs without name',
    {
      name: '',
      store: 'infisical',
      'infisical-project-id': 'p',
      'infisical-environment': 'prod',
      'infisical-token': 'kt-8f3a2c1d9e7b0a64',
    },
    /input 'name' is empty but store inputs are set \(store, infisical-project-id, infisical-environment, infisical-token\), so new-token would not be stored.*Give name/,
  ],
  [
    'an SSM input without name',
    { name: '', 'kms-key-id': 'alias/ci' },
    /input 'name' is empty but store inputs are set \(kms-key-id\)/,
  ],
  ['a GitHub target without a writer', { 'github-token': '' }, /input 'github-token' is empty but github:acme/],
  ['token without check-only', { token: OLD_TOKEN }, /input 'token' is set without check-only: true/],
  ['check-only without token', { 'check-only': 'true', 'new-token': '' }, /input 'token' is required with check-only/],
  [
    'check-only with rotation inputs',
    { 'check-only': 'true', token: OLD_TOKEN },
    /input 'new-token' is set with check-only/,
  ],
  ['a bad API URL', { 'github-api-url': 'ftp://github.example' }, /input 'github-api-url' uses ftp:/],
];

describe('rotate-pat: bad input fails before any request, and names the input', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it.each(BAD_INPUTS)('%s', async (_label, override, message) => {
    const before = {
      github: world.github.requests.length,
      heroku: world.heroku.emulator.requests.length,
      ssm: world.ssm.emulator.requests.length,
    };
    const run = await runRotatePat(world, rotation(world, override));
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(message);
    expect(world.github.requests.length).toBe(before.github);
    expect(world.heroku.emulator.requests.length).toBe(before.heroku);
    expect(world.ssm.emulator.requests.length).toBe(before.ssm);
    expectNoSecret(run.everything, expect);
  });
});
