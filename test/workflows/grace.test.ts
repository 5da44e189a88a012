/**
 * The example manifest's jwt-signing-key (Secrets Manager, base64:64,
 * grace: 24h, a Fly target) through keyturn-rotation.yml on three scheduled
 * days, every keyturn step its committed bundle, the clock moved by the
 * scenario (no real sleep): day 0 rotates and keeps the old key at
 * JWT_SIGNING_KEY_PREVIOUS, day 0.5 leaves it alone, day 1 removes it.
 */
import { join } from 'node:path';
import { runWorkflow } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JWT_SECRET, OLD, type Scenario, SECRETS, startScenario } from './scenario';

const HOUR = 3_600_000;
const schedule = { name: 'schedule', payload: { schedule: '17 6 * * *' } };

let scenario: Scenario;
beforeEach(async () => {
  scenario = await startScenario();
});
afterEach(() => scenario.close());

const run = () =>
  runWorkflow(join(scenario.caller.dir, '.github', 'workflows', 'rotation.yml'), scenario.options({ event: schedule }));
const decisionOf = (result: Awaited<ReturnType<typeof run>>, id: string) =>
  (
    JSON.parse(result.step('rotation / plan', 'plan').outputs.report ?? '[]') as { id: string; decision: string }[]
  ).find((row) => row.id === id)?.decision;
const fly = () => ({
  current: scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY'),
  previous: scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY_PREVIOUS'),
});
const graceStages = () =>
  scenario.secretsManager
    .describe(JWT_SECRET)
    .flatMap((version) => version.stages.filter((stage) => stage.startsWith('grace-since-')));

describe('jwt-signing-key with grace: 24h, scheduled daily', () => {
  it('day 0 keeps the old key at JWT_SIGNING_KEY_PREVIOUS, day 0.5 leaves it, day 1 removes it', async () => {
    const day0 = await run();
    expect(day0.conclusion, day0.log).toBe('success');
    expect(decisionOf(day0, 'jwt-signing-key')).toBe('due');
    const versions = scenario.secretsManager.describe(JWT_SECRET);
    expect(versions).toHaveLength(2);
    const current = versions.find((version) => version.stages.includes('AWSCURRENT'));
    const previous = versions.find((version) => version.stages.includes('AWSPREVIOUS'));
    expect(previous?.stages).toEqual(['AWSPREVIOUS']);
    expect(current?.stages).not.toContain('AWSPENDING');
    expect(graceStages()).toHaveLength(1);
    const key = fly().current ?? '';
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
    expect(fly()).toEqual({ current: key, previous: OLD.jwt });
    const day0Audit = day0.artifacts.get('keyturn-audit-jwt-signing-key')?.files['keyturn-audit.jsonl'] ?? '';
    expect(day0Audit).toContain('"grace_until"');
    const everything = [day0.log, day0Audit, ...day0.summaries].join('\n');
    for (const value of [key, OLD.jwt, ...Object.values(SECRETS)]) expect(everything).not.toContain(value);

    scenario.advance(12 * HOUR);
    const halfDay = await run();
    expect(halfDay.conclusion, halfDay.log).toBe('success');
    expect(decisionOf(halfDay, 'jwt-signing-key')).toBe('in-grace');
    expect(halfDay.step('rotation / plan', 'plan').outputs.due).toBe('0');
    expect(halfDay.jobs.filter((job) => job.name.startsWith('rotation / rotate ('))).toEqual([]);
    expect(fly()).toEqual({ current: key, previous: OLD.jwt });
    expect(halfDay.step('rotation / plan', 'plan').summary).toContain('leave: grace window open until');

    scenario.advance(13 * HOUR);
    const day1 = await run();
    expect(day1.conclusion, day1.log).toBe('success');
    expect(decisionOf(day1, 'jwt-signing-key')).toBe('finish-grace');
    const job = day1.jobs.find(
      (one) => one.name === 'rotation / rotate (jwt-signing-key, secrets-manager, finish-grace)',
    );
    expect(job?.result).toBe('success');
    expect(fly()).toEqual({ current: key, previous: undefined });
    expect(scenario.secretsManager.describe(JWT_SECRET)).toHaveLength(2);
    expect(graceStages()).toEqual([]);
    const day1Audit = day1.artifacts.get('keyturn-audit-jwt-signing-key')?.files['keyturn-audit.jsonl'] ?? '';
    expect(day1Audit).toContain('secret.grace.finished');
    expect(day1Audit).not.toContain('secret.rotate.completed');

    scenario.advance(24 * HOUR);
    const day2 = await run();
    expect(decisionOf(day2, 'jwt-signing-key')).toBe('not-due');
    expect(day2.jobs.filter((one) => one.name.startsWith('rotation / rotate ('))).toEqual([]);
  });
});
