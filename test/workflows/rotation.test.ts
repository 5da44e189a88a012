// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are workflow expressions, not templates
/**
 * keyturn-rotation.yml run from the example caller on a `schedule` event,
 * over the example manifest (one due secret, one not due, one
 * on-compromise, one PAT) against the emulators. plan runs as its committed
 * bundle; so does rotate once its bundle exists (until then its declared
 * stand-in records each call, and the end-to-end checks are skipped, saying so).
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runWorkflow, type StandInCall } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AWS_ROLE, OLD, type Scenario, SECRETS, startScenario } from './scenario';
import { ROOT, resolveReusable, workflowFile } from './setup';

const ROTATE_BUILT = existsSync(join(ROOT, 'actions', 'rotate', 'dist', 'index.js'));

let scenario: Scenario;
let rotateCalls: Record<string, string>[];
beforeEach(async () => {
  scenario = await startScenario();
  rotateCalls = [];
});
afterEach(() => scenario.close());

const schedule = { name: 'schedule', payload: { schedule: '17 6 * * *' } };

function run(reusable?: string) {
  return runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'rotation.yml'), {
    ...scenario.options({ event: schedule }),
    reusableWorkflows: (uses) => (reusable && uses.includes('keyturn-rotation.yml') ? reusable : resolveReusable(uses)),
    pendingLocalActions: {
      'actions/rotate': async (call: StandInCall) => {
        rotateCalls.push(call.with);
        await appendFile(join(call.workspace, call.with['audit-log'] ?? ''), '{"event":"stand-in"}\n');
        return { outputs: { rotated: 'true', updated: '3', failed: '0', report: '[]' } };
      },
    },
  });
}

describe('keyturn-rotation.yml on schedule', () => {
  it('plans every secret, runs one rotate job for the due one only, in its own concurrency group', async () => {
    const result = await run();
    expect(result.conclusion, result.log).toBe('success');

    const plan = result.step('rotation / plan', 'plan');
    const matrix = JSON.parse(plan.outputs.matrix ?? '');
    expect(matrix).toEqual({
      include: [
        { secret: 'billing-api-token', store: 'ssm', decision: 'due' },
        { secret: 'jwt-signing-key', store: 'secrets-manager', decision: 'due' },
      ],
    });
    expect(plan.outputs.due).toBe('2');
    const decisions = Object.fromEntries(
      (JSON.parse(plan.outputs.report ?? '[]') as { id: string; decision: string }[]).map((row) => [
        row.id,
        row.decision,
      ]),
    );
    expect(decisions).toEqual({
      'billing-api-token': 'due',
      'session-signing-key': 'not-due',
      'webhook-secret-key': 'on-compromise',
      'jwt-signing-key': 'due',
      'deploy-aws-key': 'not-due',
      'readonly-pat': 'needs-person',
    });
    for (const id of Object.keys(decisions)) expect(plan.summary).toContain(id);
    // deploy-aws-key is aged by its key at IAM (30 days), asked with the OIDC role's keys; nothing changed there.
    expect(scenario.iam.actions()).toEqual(['ListAccessKeys']);
    expect(scenario.iam.writes()).toEqual([]);

    // 80 writes a minute / 3 targets at most → the input's 4 stands.
    expect(result.job('rotation / plan').outputs['max-parallel']).toBe('4');
    const rotateJobs = result.jobs.filter((job) => job.jobId === 'rotate');
    expect(rotateJobs.map((job) => job.concurrencyGroup)).toEqual([
      'keyturn-rotate-billing-api-token',
      'keyturn-rotate-jwt-signing-key',
    ]);
    expect(rotateJobs[0]?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(scenario.assumed).toEqual([AWS_ROLE, AWS_ROLE, AWS_ROLE]);
    expect([...result.artifacts.keys()].sort()).toEqual([
      'keyturn-audit-billing-api-token',
      'keyturn-audit-jwt-signing-key',
      'keyturn-audit-plan',
    ]);
    expect(result.artifacts.get('keyturn-audit-plan')?.retentionDays).toBe(90);

    const rotate = result.step('rotation / rotate (billing-api-token, ssm, due)', 'rotate');
    expect(rotate.outcome).toBe('success');
    if (!ROTATE_BUILT) {
      expect(rotateCalls).toHaveLength(2);
      expect(rotateCalls[0]).toMatchObject({
        secret: 'billing-api-token',
        reason: 'scheduled rotation',
        'github-token': SECRETS.KEYTURN_GITHUB_TOKEN,
        'heroku-api-key': SECRETS.KEYTURN_HEROKU_API_KEY,
        'heroku-api-url': scenario.heroku.url,
        'dry-run': 'false',
      });
    }
    for (const secret of Object.values(SECRETS)) expect(result.log).not.toContain(secret);
  });

  it.runIf(ROTATE_BUILT)('rotates billing-api-token end to end and leaves the others alone', async () => {
    const result = await run();
    expect(result.conclusion, result.log).toBe('success');
    const versions = scenario.ssm.describe('/prod/billing/api-token');
    expect(versions.at(-1)?.labels).toContain('current');
    const stored = scenario.ssm.parameters.get('/prod/billing/api-token')?.at(-1)?.value ?? '';
    expect(stored).not.toBe(OLD.billing);
    expect(scenario.github.repoSecret('acme/billing', 'BILLING_TOKEN')?.value).toBe(stored);
    expect(scenario.github.environmentSecret('acme/billing', 'production', 'BILLING_TOKEN')?.value).toBe(stored);
    expect(scenario.heroku.configVars('acme-billing')?.BILLING_TOKEN).toBe(stored);
    expect(scenario.billingAnswers).toContainEqual({ token: stored, status: 200 });
    expect(scenario.billingAnswers).toContainEqual({ token: OLD.billing, status: 401 });
    expect(scenario.ssm.describe('/prod/billing/session-key')).toHaveLength(1);
    expect(scenario.ssm.describe('/prod/musehub/WEBHOOK_SECRET_KEY')).toHaveLength(1);
    expect(scenario.heroku.configVars('musehub-prod')?.WEBHOOK_SECRET_KEY).toBe(OLD.fernet);
    expect(scenario.infisical.secretWrites()).toEqual([]);
    const audit = result.artifacts.get('keyturn-audit-billing-api-token')?.files['keyturn-audit.jsonl'] ?? '';
    expect(audit).toContain('secret.rotate.completed');
    expect(audit).toContain('scheduled rotation');
    expect([result.log, audit, ...result.summaries].join('\n')).not.toContain(stored);
  });
});

describe('keyturn-rotation.yml when one rotation fails', () => {
  it('the other due secret still rotates, both audit logs are kept, the run is red', async () => {
    await scenario.close();
    scenario = await startScenario({ sessionKeyAgeDays: 200, withoutBillingApp: true });
    const result = await runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'rotation.yml'), {
      ...scenario.options({ event: schedule }),
      pendingLocalActions: {
        'actions/rotate': async (call: StandInCall) => {
          await appendFile(join(call.workspace, call.with['audit-log'] ?? ''), '{"event":"stand-in"}\n');
          return call.with.secret === 'billing-api-token'
            ? { fail: 'heroku:acme-billing/BILLING_TOKEN: app not found' }
            : { outputs: { rotated: 'true', updated: '1', failed: '0', report: '[]' } };
        },
      },
    });
    expect(result.conclusion).toBe('failure');
    const jobs = Object.fromEntries(
      result.jobs.filter((job) => job.jobId === 'rotate' && job.matrix).map((job) => [job.matrix?.secret, job.result]),
    );
    expect(jobs).toEqual({
      'billing-api-token': 'failure',
      'session-signing-key': 'success',
      'jwt-signing-key': 'success',
    });
    expect([...result.artifacts.keys()].sort()).toEqual([
      'keyturn-audit-billing-api-token',
      'keyturn-audit-jwt-signing-key',
      'keyturn-audit-plan',
      'keyturn-audit-session-signing-key',
    ]);
    if (ROTATE_BUILT) {
      const session = scenario.ssm.parameters.get('/prod/billing/session-key')?.at(-1)?.value ?? '';
      expect(session).not.toBe(OLD.session);
      expect(scenario.github.repoSecret('acme/billing', 'SESSION_SIGNING_KEY')?.value).toBe(session);
      const audit = result.artifacts.get('keyturn-audit-billing-api-token')?.files['keyturn-audit.jsonl'] ?? '';
      expect(audit).toContain('secret.rotate.failed');
    }
  });
});

describe('keyturn-rotation.yml wiring mistakes fail the run', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'a matrix field that is not there',
      'group: keyturn-rotate-${{ matrix.secret }}',
      'group: keyturn-rotate-${{ matrix.id }}',
      /matrix has no "id" \(it has: secret, store, decision\)/,
    ],
    [
      "a job output misspelled in the rotate job's if:",
      "needs.plan.outputs.due != '0' }}",
      "needs.plan.outputs.dues != '0' }}",
      /needs\.plan\.outputs has no "dues"/,
    ],
    [
      'a step output the plan action does not have',
      'matrix: ${{ steps.plan.outputs.matrix }}',
      'matrix: ${{ steps.plan.outputs.matrixes }}',
      /steps\.plan\.outputs has no "matrixes"/,
    ],
  ];
  for (const [what, from, to, message] of cases) {
    it(what, async () => {
      const text = await readFile(workflowFile('keyturn-rotation.yml'), 'utf8');
      expect(text).toContain(from);
      const mutated = join(scenario.caller.dir, '..', 'mutated-rotation.yml');
      await writeFile(mutated, text.replace(from, to));
      await expect(run(mutated)).rejects.toThrow(message);
    });
  }

  it('an if: that skips the rotation is caught by what the run did', async () => {
    const text = await readFile(workflowFile('keyturn-rotation.yml'), 'utf8');
    const mutated = join(scenario.caller.dir, '..', 'mutated-rotation.yml');
    await writeFile(mutated, text.replace("needs.plan.outputs.due != '0' }}", "needs.plan.outputs.due == '0' }}"));
    const result = await run(mutated);
    expect(result.jobs.filter((job) => job.name.startsWith('rotation / rotate (')).length).toBe(0);
    expect(result.job('rotation / rotate').result).toBe('skipped');
  });
});
