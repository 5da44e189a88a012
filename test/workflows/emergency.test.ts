/**
 * keyturn-emergency.yml run from the example caller on workflow_dispatch:
 * the on-compromise Fernet key is rotated now, with the reason in every
 * audit event and the old value revoked. An id that is not in the manifest
 * stops at plan, naming the nearest one, before any rotate job starts.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runWorkflow, type StandInCall } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_PAT, OLD, PROJECT, type Scenario, SECRETS, startScenario } from './scenario';
import { exampleFile, ROOT } from './setup';

const ROTATE_BUILT = existsSync(join(ROOT, 'actions', 'rotate', 'dist', 'index.js'));

let scenario: Scenario;
let rotateCalls: Record<string, string>[];
beforeEach(async () => {
  scenario = await startScenario();
  rotateCalls = [];
  const caller = (await readFile(exampleFile('emergency.yml'), 'utf8')).replace(
    '      aws-region: eu-west-1\n',
    `      aws-region: eu-west-1\n      heroku-api-url: ${scenario.heroku.url}\n`,
  );
  await scenario.caller.write('.github/workflows/emergency.yml', caller);
});
afterEach(() => scenario.close());

function dispatch(inputs: Record<string, string>, secrets: Record<string, string> = {}) {
  return runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'emergency.yml'), {
    ...scenario.options({
      event: { name: 'workflow_dispatch', payload: { inputs } },
      inputs,
      ...(Object.keys(secrets).length ? { secrets: { ...SECRETS, ...secrets } } : {}),
    }),
    pendingLocalActions: {
      'actions/rotate': (call: StandInCall) => {
        rotateCalls.push(call.with);
        return { outputs: { rotated: 'true', updated: '1', failed: '0', report: '[]' } };
      },
    },
  });
}

describe('keyturn-emergency.yml on workflow_dispatch', () => {
  it('rotates the on-compromise key now, forced, with the reason, revoking the old value', async () => {
    const result = await dispatch({
      secret: 'webhook-secret-key',
      reason: 'INC-4711 key in a log',
      'revoke-old': 'manifest',
    });
    expect(result.conclusion, result.log).toBe('success');
    const plan = result.step('rotate / plan', 'plan');
    expect(JSON.parse(plan.outputs.matrix ?? '')).toEqual({
      include: [{ secret: 'webhook-secret-key', store: 'ssm', decision: 'forced' }],
    });
    const rotateJobs = result.jobs.filter((job) => job.name.startsWith('rotate / rotate'));
    expect(rotateJobs.map((job) => [job.name, job.concurrencyGroup])).toEqual([
      ['rotate / rotate (webhook-secret-key, ssm, forced)', 'keyturn-rotate-webhook-secret-key'],
    ]);
    expect(result.job('rotate').outputs.rotated).toBe('true');
    if (!ROTATE_BUILT) {
      expect(rotateCalls).toEqual([
        expect.objectContaining({
          secret: 'webhook-secret-key',
          reason: 'INC-4711 key in a log',
          force: 'true',
          'revoke-old': '',
          'heroku-api-key': SECRETS.KEYTURN_HEROKU_API_KEY,
        }),
      ]);
    } else {
      const stored = scenario.ssm.parameters.get('/prod/musehub/WEBHOOK_SECRET_KEY')?.at(-1)?.value ?? '';
      expect(stored).not.toBe(OLD.fernet);
      expect(scenario.heroku.configVars('musehub-prod')?.WEBHOOK_SECRET_KEY).toBe(stored);
      const audit = result.artifacts.get('keyturn-audit-webhook-secret-key')?.files['keyturn-audit.jsonl'] ?? '';
      expect(audit).toContain('INC-4711 key in a log');
    }
  });

  it('passes revoke-old false through as false, never as the manifest default by accident', async () => {
    const result = await dispatch({ secret: 'webhook-secret-key', reason: 'drill', 'revoke-old': 'false' });
    expect(result.conclusion, result.log).toBe('success');
    if (!ROTATE_BUILT) expect(rotateCalls[0]?.['revoke-old']).toBe('false');
  });

  it('revoke-old true on a generated value is refused by rotate before anything changes', async () => {
    const result = await dispatch({ secret: 'webhook-secret-key', reason: 'drill', 'revoke-old': 'true' });
    if (!ROTATE_BUILT) {
      expect(rotateCalls[0]?.['revoke-old']).toBe('true');
      return;
    }
    expect(result.conclusion).toBe('failure');
    expect(result.step('rotate / rotate (webhook-secret-key, ssm, forced)', 'rotate').error).toMatch(/revoke-old/);
    expect(scenario.ssm.describe('/prod/musehub/WEBHOOK_SECRET_KEY')).toHaveLength(1);
  });

  it('an id not in the manifest fails at plan, names the nearest id, and rotates nothing', async () => {
    const result = await dispatch({ secret: 'webhook-secret', reason: 'INC-1', 'revoke-old': 'manifest' });
    expect(result.conclusion).toBe('failure');
    expect(result.step('rotate / plan', 'plan').error).toMatch(/webhook-secret-key/);
    expect(result.job('rotate / rotate').result).toBe('skipped');
    expect(rotateCalls).toEqual([]);
    expect(scenario.ssm.writes()).toEqual([]);
  });

  it.runIf(ROTATE_BUILT)(
    'rotates the github-pat entry with the token a person created: Infisical, both Heroku apps, old revoked',
    async () => {
      const result = await dispatch(
        { secret: 'readonly-pat', reason: 'INC-12 token in a log', 'revoke-old': 'manifest' },
        { NEW_GITHUB_PAT: NEW_PAT },
      );
      expect(result.conclusion, result.log).toBe('success');
      const rotate = result.step('rotate / rotate (readonly-pat, infisical, forced)', 'rotate');
      expect(rotate.outputs).toMatchObject({ rotated: 'true', updated: '2', failed: '0' });
      const stored = scenario.infisical.find({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' });
      expect(stored?.versions.at(-1)?.value).toBe(NEW_PAT);
      for (const app of ['raxx-console-prod', 'raxx-console-staging']) {
        expect(scenario.heroku.configVars(app)?.GITHUB_API_READONLY_TOKEN).toBe(NEW_PAT);
      }
      expect(scenario.credentials.revoked).toEqual([OLD.pat]);
      const stages = (JSON.parse(rotate.outputs.report ?? '[]') as { stage: string; outcome: string }[]).map(
        (row) => `${row.stage}:${row.outcome}`,
      );
      expect(stages).toContain('retire:done');
      expect(stages).toContain('verify-old:done');
      const audit = result.artifacts.get('keyturn-audit-readonly-pat')?.files['keyturn-audit.jsonl'] ?? '';
      expect(audit).toContain('INC-12 token in a log');
      expect(result.log + audit).not.toContain(NEW_PAT);
      expect(result.log + audit).not.toContain(OLD.pat);
    },
  );

  it.runIf(ROTATE_BUILT)('without the new token it fails saying a person is needed, changing nothing', async () => {
    const result = await dispatch({ secret: 'readonly-pat', reason: 'INC-13', 'revoke-old': 'manifest' });
    expect(result.conclusion).toBe('failure');
    expect(result.step('rotate / rotate (readonly-pat, infisical, forced)', 'rotate').error).toMatch(
      /new-token.*needs a person: create a token/,
    );
    expect(scenario.infisical.secretWrites()).toEqual([]);
    expect(scenario.heroku.emulator.mutatingRequests()).toEqual([]);
    expect(scenario.credentials.revokeRequests()).toEqual([]);
  });
});
