import { fileURLToPath } from 'node:url';
import { runBundle, type SsmEmulator, startInfisical, startSsm, withoutMaskCommands } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CANARY = 'kt-canary-bundle-7c3e91d2a4f6';
const AWS_SECRET = 'aws-secret-canary-0b8d4e';

/** Everything a reader of the log, outputs, summary or audit file could see,
 * with the masked `value` output left out as the runner would hide it. */
function visible(run: Awaited<ReturnType<typeof runBundle>>): string {
  const { value: _value, ...outputs } = run.outputs;
  return withoutMaskCommands([run.stdout, run.stderr, JSON.stringify(outputs), run.summary, run.audit].join('\n'));
}

describe('rotate-ssm dist/index.js, run as the runner runs it', () => {
  let ssm: SsmEmulator;
  let env: Record<string, string>;
  beforeEach(async () => {
    ssm = await startSsm();
    env = {
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    };
  });
  afterEach(async () => {
    await ssm.close();
  });

  it('fails with keyturn’s own message when name is missing, sending nothing', async () => {
    const run = await runBundle(bundle, { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::keyturn/rotate-ssm: input 'name' is required but was not given.");
    expect(ssm.emulator.requests).toEqual([]);
  });

  it('rotates twice and rolls back, labels moving, the value only in the masked output', async () => {
    const first = await runBundle(bundle, { env, inputs: { name: '/prod/api/token', value: CANARY } });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`::add-mask::${CANARY}`);
    expect(first.outputs).toMatchObject({ rotated: 'true', version: '1', 'previous-version': '', value: CANARY });
    const second = await runBundle(bundle, { env, inputs: { name: '/prod/api/token', generate: 'base64:48' } });
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1', 'age-days': '0' });
    expect(ssm.describe('/prod/api/token')).toEqual([
      { version: 1, labels: ['previous'] },
      { version: 2, labels: ['current'] },
    ]);
    const back = await runBundle(bundle, { env, inputs: { name: '/prod/api/token', rollback: 'true' } });
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ rotated: 'true', version: '3', 'previous-version': '2', value: CANARY });
    expect(back.stdout).toContain(`::add-mask::${CANARY}`);
    expect(JSON.parse(back.audit)).toMatchObject({
      event: 'secret.rotate.completed',
      action: 'rotate-ssm',
      secret_name: '/prod/api/token',
      store: 'ssm',
      version: '3',
      previous_version: '2',
      restored_version: '1',
      actor: 'octocat',
      run_url: 'https://github.com/acme/keyturn-tests/actions/runs/42',
    });
    expect(back.summary).toContain('rolled back: version 3 holds version 1');
    const generated = second.outputs.value ?? '';
    expect(generated).toHaveLength(64);
    for (const run of [first, second, back]) {
      const text = visible(run);
      for (const secret of [CANARY, generated, Buffer.from(CANARY).toString('base64'), AWS_SECRET]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(ssm.emulator.violations).toEqual([]);
  });

  it('sends no write in a dry run, and none for a bad input', async () => {
    ssm.seed('/prod/api/token', 'existing-value', { labels: ['current'] });
    const dry = await runBundle(bundle, { env, inputs: { name: '/prod/api/token', 'dry-run': 'true' } });
    expect(dry.code).toBe(0);
    expect(dry.outputs).toMatchObject({ rotated: 'false', version: '1' });
    expect(dry.summary).toContain('(dry run)');
    const requestsBefore = ssm.emulator.requests.length;
    const bad = await runBundle(bundle, { env, inputs: { name: '/prod/api/token', generate: 'hex:99999' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("::error::keyturn/rotate-ssm: input 'generate'");
    expect(ssm.emulator.requests).toHaveLength(requestsBefore);
    expect(ssm.writes()).toEqual([]);
  });

  it('keeps values out of a debug log, on success and on failure', async () => {
    const debugEnv = { ...env, RUNNER_DEBUG: '1' };
    const ok = await runBundle(bundle, { env: debugEnv, inputs: { name: '/prod/debug', value: CANARY } });
    expect(ok.code).toBe(0);
    ssm.deny('PutParameter', 'kms:Encrypt');
    const denied = await runBundle(bundle, { env: debugEnv, inputs: { name: '/prod/debug', value: `${CANARY}-2` } });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain(
      '::error::keyturn/rotate-ssm: AWS SSM (HTTP 400): access denied: the role lacks kms:Encrypt',
    );
    expect(JSON.parse(denied.audit)).toMatchObject({ event: 'secret.rotate.failed', secret_name: '/prod/debug' });
    for (const run of [ok, denied]) expect(visible(run)).not.toContain(CANARY);
  });

  it('rotates in Infisical with universal auth, the client secret and token never shown', async () => {
    const infisical = await startInfisical({
      clients: { 'machine-id': 'client-secret-canary-55aa' },
      projects: { 'proj-1': ['prod'] },
    });
    try {
      const inputs = {
        store: 'infisical',
        name: 'API_TOKEN',
        'infisical-url': infisical.url,
        'infisical-project-id': 'proj-1',
        'infisical-environment': 'prod',
        'infisical-client-id': 'machine-id',
        'infisical-client-secret': 'client-secret-canary-55aa',
      };
      const first = await runBundle(bundle, { inputs: { ...inputs, value: CANARY } });
      const second = await runBundle(bundle, { inputs });
      expect(first.code).toBe(0);
      expect(second.code).toBe(0);
      expect(second.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1' });
      expect(JSON.parse(second.audit)).toMatchObject({ store: 'infisical', version: '2', previous_version: '1' });
      for (const run of [first, second]) {
        const text = visible(run);
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain('client-secret-canary-55aa');
        for (const token of infisical.issuedTokens) expect(text).not.toContain(token);
      }
    } finally {
      await infisical.close();
    }
  });
});
