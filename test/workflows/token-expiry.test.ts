/**
 * keyturn-token-expiry.yml run from the example caller on a schedule, over
 * the example manifest: plan (check-expiry) lists the github-pat entries,
 * and one job per entry runs rotate check-expiry as its committed bundle,
 * reading the token from the entry's store (Infisical) and asking the GitHub
 * emulator's GET /user when it expires. The stored token has 10 days left
 * and readonly-pat's min-days-left is 14: its job fails, naming the entry and
 * the date; once a token with 90 days is stored, the run passes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runWorkflow } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_PAT, OLD, PROJECT, type Scenario, SECRETS, startScenario } from './scenario';
import { exampleFile } from './setup';

let scenario: Scenario;
beforeEach(async () => {
  scenario = await startScenario();
  await scenario.caller.write(
    '.github/workflows/token-expiry.yml',
    await readFile(exampleFile('token-expiry.yml'), 'utf8'),
  );
});
afterEach(() => scenario.close());

const run = () =>
  runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'token-expiry.yml'), {
    ...scenario.options({ event: { name: 'schedule' } }),
  });
const JOB = 'expiry / check (readonly-pat, infisical, check-expiry)';
const mutating = () => [
  ...scenario.github.mutatingRequests(),
  ...scenario.heroku.emulator.mutatingRequests(),
  ...scenario.infisical.secretWrites(),
  ...scenario.ssm.writes(),
];

describe('keyturn-token-expiry.yml over the manifest', () => {
  it('fails the github-pat entry whose stored token expires within min-days-left, naming it and the date', async () => {
    const result = await run();
    expect(result.conclusion, result.log).toBe('failure');
    const list = result.step('expiry / list', 'plan');
    expect(list.outcome).toBe('success');
    // Only the github-pat entry: the generated secrets have no expiry to check.
    expect(JSON.parse(list.outputs.matrix ?? '')).toEqual({
      include: [{ secret: 'readonly-pat', store: 'infisical', decision: 'check-expiry' }],
    });
    const check = result.step(JOB, 'check');
    expect(check.outcome).toBe('failure');
    expect(check.outputs['days-left']).toBe('10');
    const date = check.outputs['expires-at']?.slice(0, 10) ?? '';
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(check.error).toContain(
      `readonly-pat: the stored credential (classic token of raxx-bot) expires in 10 day(s), on ${date}`,
    );
    expect(check.error).toContain('within min-days-left 14');
    expect(check.error).toContain('needs a person');
    expect(result.job(JOB).permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect([...result.artifacts.keys()]).toContain('keyturn-audit-expiry-readonly-pat');
    // It only reads: the store and GET /user; nothing is written anywhere.
    expect(mutating()).toEqual([]);
    expect(scenario.github.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(result.log).not.toContain(OLD.pat);
    expect(result.log).not.toContain(SECRETS.KEYTURN_INFISICAL_CLIENT_SECRET);
  });

  it('passes once the stored token has more than min-days-left to go', async () => {
    scenario.infisical.seed({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' }, NEW_PAT);
    const result = await run();
    expect(result.conclusion, result.log).toBe('success');
    const check = result.step(JOB, 'check');
    expect(check.outcome).toBe('success');
    expect(Number(check.outputs['days-left'])).toBeGreaterThanOrEqual(89);
    expect(mutating()).toEqual([]);
    expect(result.log).not.toContain(NEW_PAT);
  });
});
