import { fileURLToPath } from 'node:url';
import { runBundle, startInfisical, startSsm, withoutMaskCommands } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, GITHUB_TOKEN, HEROKU_KEY, HEROKU_NEIGHBOUR, startWorld, type World } from './helpers';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  expect(world.github.violations).toEqual([]);
  expect(world.heroku.emulator.violations).toEqual([]);
  await world.close();
});

function credentials(): Record<string, string> {
  return {
    'github-token': GITHUB_TOKEN,
    'github-api-url': world.github.url,
    'heroku-api-key': HEROKU_KEY,
    'heroku-api-url': world.heroku.url,
  };
}

/** Every debug switch a user might flip, and heroku-client's: none may make
 * a value (or Heroku's full-config answer) reach a log. */
const NOISY_ENV = { DEBUG: '*', RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', NODE_DEBUG: 'http' };

describe('propagate dist/index.js, run as the runner runs it', () => {
  it('fails with keyturn’s own message when targets are missing', async () => {
    const run = await runBundle(bundle, { inputs: { value: CANARY } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::keyturn/propagate: input 'targets' is empty.");
    expect(world.github.requests).toEqual([]);
  });

  it('updates GitHub and Heroku targets and never shows the value or the app’s other vars', async () => {
    const targets = [
      'github:acme/api/API_TOKEN',
      'github:acme/api@production/API_TOKEN',
      'github-org:acme/API_TOKEN?visibility=selected&repos=web,worker',
      'dependabot:acme/api/API_TOKEN',
      'dependabot-org:acme/API_TOKEN',
      'heroku:acme-api/API_TOKEN',
    ].join('\n');
    const run = await runBundle(bundle, {
      inputs: { value: CANARY, targets, ...credentials() },
      env: NOISY_ENV,
    });
    expect(run.code).toBe(0);
    expect(run.outputs.updated).toBe('6');
    expect(run.outputs.failed).toBe('0');
    expect(JSON.parse(run.outputs.report ?? '')).toHaveLength(6);
    expect(world.github.orgSecret('acme', 'API_TOKEN')).toMatchObject({
      value: CANARY,
      visibility: 'selected',
      selectedRepositoryIds: [world.github.repoId('acme/web'), world.github.repoId('acme/worker')],
    });
    expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(CANARY);
    expect(run.stdout).toContain(`::add-mask::${CANARY}`);
    const shown = withoutMaskCommands(run.everything);
    for (const secret of [CANARY, HEROKU_NEIGHBOUR, GITHUB_TOKEN, HEROKU_KEY]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(Buffer.from(secret).toString('base64'));
    }
    // The neighbour is never even registered for masking: it is never read.
    expect(run.everything).not.toContain(HEROKU_NEIGHBOUR);
  });

  it('fails the step at the end, one line per failed target, after updating the rest', async () => {
    const targets = ['github:acme/nope/API_TOKEN', 'heroku:acme-api/API_TOKEN', 'heroku:other-app/API_TOKEN'].join(
      '\n',
    );
    const run = await runBundle(bundle, { inputs: { value: CANARY, targets, ...credentials() }, env: NOISY_ENV });
    expect(run.code).toBe(1);
    expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(CANARY);
    expect(run.outputs).toMatchObject({ updated: '1', failed: '2' });
    expect(run.stdout).toContain('::error::keyturn/propagate: 2 of 3 target(s) failed (1 updated):');
    expect(run.stdout).toContain('github:acme/nope/API_TOKEN: GitHub (HTTP 404)');
    expect(run.stdout).toContain("heroku:other-app/API_TOKEN: Heroku (HTTP 404): app 'other-app' was not found");
    expect(run.summary).toContain('| github:acme/nope/API_TOKEN | failed |');
    expect(JSON.parse(run.audit)).toMatchObject({ event: 'secret.propagate.failed', updated: 1, failed: 2 });
    const shown = withoutMaskCommands(run.everything);
    expect(shown).not.toContain(CANARY);
    expect(run.everything).not.toContain(HEROKU_NEIGHBOUR);
  });

  for (const [shape, fault] of [
    ['a UTF-8 BOM ahead of the config map', { bodyPrefix: '\uFEFF' }],
    [
      'an HTML page echoing a var',
      { status: 200, headers: { 'content-type': 'text/html' }, body: `<p>DATABASE_URL=${HEROKU_NEIGHBOUR}</p>` },
    ],
  ] as const) {
    it(`fails the Heroku target with keyturn's message on a 2xx that is not JSON (${shape}), printing no var`, async () => {
      world.heroku.emulator.injectFault({ method: 'GET', path: '/apps/:app/config-vars', ...fault });
      const targets = 'heroku:acme-api/API_TOKEN\ngithub:acme/api/API_TOKEN';
      const run = await runBundle(bundle, { inputs: { value: CANARY, targets, ...credentials() }, env: NOISY_ENV });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('::error::keyturn/propagate: 1 of 2 target(s) failed (1 updated):');
      expect(run.stdout).toContain('heroku:acme-api/API_TOKEN: Heroku (HTTP 200): the answer to GET');
      expect(world.github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);
      expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
      expect(JSON.parse(run.audit)).toMatchObject({ event: 'secret.propagate.failed', updated: 1, failed: 1 });
      expect(run.everything).not.toContain(HEROKU_NEIGHBOUR);
      expect(run.everything).not.toContain(HEROKU_NEIGHBOUR.slice(4, 16));
      expect(withoutMaskCommands(run.everything)).not.toContain(CANARY);
    });
  }

  it('an upstream message echoing the value in hex, or a 12-character slice of it, is scrubbed everywhere', async () => {
    const hex = Buffer.from(CANARY).toString('hex');
    world.github.emulator.injectFault({
      method: 'PUT',
      status: 422,
      body: { message: `bad value ${hex} near '${CANARY.slice(5, 17)}'\n::warning::x` },
    });
    const run = await runBundle(bundle, {
      inputs: { value: CANARY, targets: 'github:acme/api/API_TOKEN', ...credentials() },
      env: NOISY_ENV,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('github:acme/api/API_TOKEN: GitHub (HTTP 422): bad value *** near');
    const shown = withoutMaskCommands(run.everything);
    for (let i = 0; i + 12 <= CANARY.length; i++) expect(shown).not.toContain(CANARY.slice(i, i + 12));
    for (let i = 0; i + 12 <= hex.length; i++) expect(shown).not.toContain(hex.slice(i, i + 12));
    expect(JSON.parse(run.outputs.report ?? '[]')[0].reason).toMatch(/bad value \*\*\* near '\*\*\*' ::warning::x/);
  });

  it('sends no mutating request in a dry run', async () => {
    const run = await runBundle(bundle, {
      inputs: { value: CANARY, targets: 'github-org:acme/X\nheroku:acme-api/X', 'dry-run': 'true', ...credentials() },
    });
    expect(run.code).toBe(0);
    expect(world.github.mutatingRequests()).toEqual([]);
    expect(world.heroku.emulator.mutatingRequests()).toEqual([]);
    expect(run.summary).toContain('unchanged-in-dry-run');
  });

  it('reads the value from SSM or Infisical when given source:', async () => {
    const ssm = await startSsm();
    const infisical = await startInfisical({
      clients: { 'machine-id': 'machine-secret-value' },
      projects: { 'proj-1': ['prod'] },
    });
    try {
      ssm.seed('/prod/api-token', CANARY);
      const fromSsm = await runBundle(bundle, {
        inputs: { source: 'ssm:/prod/api-token', targets: 'github:acme/api/API_TOKEN', ...credentials() },
        env: {
          AWS_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL_SSM: ssm.url,
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'example-secret-access-key',
        },
      });
      expect(fromSsm.code).toBe(0);
      expect(world.github.repoSecret('acme/api', 'API_TOKEN')?.value).toBe(CANARY);

      infisical.seed({ projectId: 'proj-1', environment: 'prod', key: 'API_TOKEN' }, `${CANARY}-2`);
      const fromInfisical = await runBundle(bundle, {
        inputs: {
          source: 'infisical:API_TOKEN',
          targets: 'heroku:acme-api/API_TOKEN',
          'infisical-url': infisical.url,
          'infisical-project-id': 'proj-1',
          'infisical-environment': 'prod',
          'infisical-client-id': 'machine-id',
          'infisical-client-secret': 'machine-secret-value',
          ...credentials(),
        },
      });
      expect(fromInfisical.code).toBe(0);
      expect(world.heroku.configVars('acme-api')?.API_TOKEN).toBe(`${CANARY}-2`);
      for (const run of [fromSsm, fromInfisical]) {
        expect(withoutMaskCommands(run.everything)).not.toContain(CANARY);
        expect(run.everything).not.toContain(HEROKU_NEIGHBOUR);
      }
      expect(withoutMaskCommands(fromInfisical.everything)).not.toContain('machine-secret-value');
    } finally {
      await Promise.all([ssm.close(), infisical.close()]);
    }
  });
});
