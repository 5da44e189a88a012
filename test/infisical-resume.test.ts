import { main as planMain } from '@keyturn/action-plan/main';
import { main } from '@keyturn/action-rotate/main';
import {
  type HerokuEmulator,
  type InfisicalEmulator,
  type ProtectedResource,
  runWithManifest,
  startHeroku,
  startInfisical,
  startProtectedResource,
} from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * A generated entry stored in Infisical: a rotation that stops after its
 * store write is shown by plan as unfinished (from its rotation marker) and
 * resumed with the same value, never written again.
 */
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const OLD = 'old-infisical-canary-2f8a61c3';
const HEROKU_KEY = 'heroku-key-canary-77a0';
const location = { projectId: 'p1', environment: 'prod', key: 'API_TOKEN' };

describe('rotate: an Infisical entry that stops after its store write', () => {
  let infisical: InfisicalEmulator;
  let heroku: HerokuEmulator;
  let api: ProtectedResource;
  let apiDown = false;
  let now = START;

  const manifest = () => `
version: 1
secrets:
  - id: api-token
    store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod, url: '${infisical.url}' }
    generate: base64url:32
    max-age: 30d
    targets: [heroku:acme-api/API_TOKEN]
    verify: [{ url: '${api.url}/v1/me', expect: 2xx }]
`;
  const inputs = () => ({
    secret: 'api-token',
    'infisical-token': 'kt-infisical-access',
    'heroku-api-key': HEROKU_KEY,
    'heroku-api-url': heroku.url,
  });
  const rotate = () => runWithManifest('rotate', main, manifest(), inputs(), { now });
  const plan = () =>
    runWithManifest('plan', planMain, manifest(), { 'infisical-token': 'kt-infisical-access' }, { now });
  const versions = () => infisical.find(location)?.versions.map((version) => version.value) ?? [];
  const marker = () =>
    infisical.find({ ...location, secretPath: '/keyturn-rotations', key: 'KEYTURN_ROTATION__API_TOKEN' });

  beforeEach(async () => {
    now = START;
    apiDown = false;
    infisical = await startInfisical({ tokens: ['kt-infisical-access'], projects: { p1: ['prod'] }, now: () => now });
    heroku = await startHeroku();
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('acme-api', { API_TOKEN: OLD });
    api = await startProtectedResource({
      accepts: (credential) => !apiDown && heroku.configVars('acme-api')?.API_TOKEN === credential,
    });
    infisical.seed(location, OLD, START - 40 * DAY);
  });
  afterEach(async () => {
    await Promise.all([infisical.close(), heroku.close(), api.close()]);
  });

  it('plan shows it unfinished and the next rotate resumes with the same value: no new version', async () => {
    apiDown = true;
    const first = await rotate();
    expect(first.ok).toBe(false);
    expect(first.runner.failed).toContain('the new value failed GET');
    const value = versions()[1] ?? '';
    expect(versions()).toEqual([OLD, value]);
    expect(first.runner.summary.join('\n')).toContain('Version 2 is stored and marked unfinished');
    expect(marker()).toBeDefined();

    // Young (written a moment ago), yet due: unfinished.
    now += DAY;
    const planned = await plan();
    expect(planned.report).toMatchObject([{ id: 'api-token', decision: 'unfinished', version: '2' }]);
    expect(JSON.parse(planned.runner.outputs.matrix ?? '').include).toMatchObject([{ decision: 'unfinished' }]);

    apiDown = false;
    const writesBefore = infisical.valueWrites().length;
    const second = await rotate();
    expect(second.runner.failed, second.runner.everything()).toBeUndefined();
    expect(second.runner.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1' });
    const rows = second.report.map((row) => `${row.stage}:${row.outcome}`);
    expect(rows.slice(0, 3)).toEqual(['issue:already-done', 'store:already-done', 'target:unchanged']);
    expect(infisical.valueWrites().length, 'no second value written').toBe(writesBefore);
    expect(versions()).toEqual([OLD, value]);
    expect(heroku.configVars('acme-api')?.API_TOKEN).toBe(value);
    expect(marker(), 'settled: the marker is gone').toBeUndefined();
    expect(second.events.at(-1)).toMatchObject({ event: 'secret.rotate.completed', resumed: true });

    const after = await plan();
    expect(after.report).toMatchObject([{ decision: 'not-due' }]);
    const shown = first.runner.everything() + second.runner.everything() + planned.runner.everything();
    for (const secret of [value, OLD, HEROKU_KEY, 'kt-infisical-access']) expect(shown).not.toContain(secret);
  });
});
