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
import { OLD, type Scenario, SECRETS, startScenario } from './scenario';
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

function dispatch(inputs: Record<string, string>) {
  return runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'emergency.yml'), {
    ...scenario.options({ event: { name: 'workflow_dispatch', payload: { inputs } }, inputs }),
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
});
