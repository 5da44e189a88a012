/**
 * `npm run demo`: one full rotation against the local emulators, each step a
 * run of an action's committed bundle exactly as the runner runs it.
 *
 *   rotate-ssm  generate a token, store it in (emulated) AWS SSM: labels move
 *   propagate   push it to a repo secret, an environment secret and a Heroku app
 *   verify      the new token is accepted by the API…
 *   verify      …and, once the old one is revoked, the old one gets 401
 *
 * Values are never printed: the step summaries, outputs and the audit trail
 * are shown as the runner would show them.
 */
import { fileURLToPath } from 'node:url';
import {
  type BundleRun,
  runBundle,
  startGitHub,
  startHeroku,
  startProtectedResource,
  startSsm,
} from '@keyturn/testkit';

const bundle = (action: string) => fileURLToPath(new URL(`../actions/${action}/dist/index.js`, import.meta.url));
const GITHUB_TOKEN = 'ghp_demo_write_token_0000000000000000000';
const HEROKU_KEY = 'demo-heroku-api-key-0000';
const PARAMETER = '/demo/billing-api/token';

const [ssm, github, heroku, api] = await Promise.all([
  startSsm(),
  startGitHub(),
  startHeroku(),
  startProtectedResource(),
]);
github.addToken(GITHUB_TOKEN, { login: 'keyturn-demo' });
github.addRepo('acme/billing', { environments: ['production'] });
heroku.addApiKey(HEROKU_KEY);
heroku.addApp('acme-billing', { OTHER_VAR: 'left alone' });

const awsEnv = {
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_SSM: ssm.url,
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'emulator-secret',
};
const audit: string[] = [];

function show(step: string, run: BundleRun): void {
  console.log(`\n=== ${step}: exit ${run.code}`);
  console.log(run.summary.trim() || '(no summary)');
  const outputs = Object.entries(run.outputs).map(([name, value]) => `${name}=${name === 'value' ? '***' : value}`);
  console.log(`outputs: ${outputs.join(' ')}`);
  audit.push(run.audit.trim());
  if (run.code !== 0) {
    console.log(run.stdout, run.stderr);
    throw new Error(`${step} failed`);
  }
}

try {
  // Before: the API accepts a token that SSM holds as version 1.
  const oldToken = 'demo-old-token-1f2e3d4c';
  api.accept(oldToken);
  const seeded = await runBundle(bundle('rotate-ssm'), { env: awsEnv, inputs: { name: PARAMETER, value: oldToken } });
  if (seeded.code !== 0) throw new Error(`seeding SSM failed: ${seeded.stdout}`);

  const rotated = await runBundle(bundle('rotate-ssm'), {
    env: awsEnv,
    inputs: { name: PARAMETER, generate: 'base64url:32', description: 'billing API token' },
  });
  show('rotate-ssm', rotated);
  const newToken = rotated.outputs.value ?? '';

  show(
    'propagate',
    await runBundle(bundle('propagate'), {
      env: awsEnv,
      inputs: {
        source: `ssm:${PARAMETER}`,
        targets: [
          'github:acme/billing/BILLING_TOKEN',
          'github:acme/billing@production/BILLING_TOKEN',
          'heroku:acme-billing/BILLING_TOKEN',
        ].join('\n'),
        'github-token': GITHUB_TOKEN,
        'github-api-url': github.url,
        'heroku-api-key': HEROKU_KEY,
        'heroku-api-url': heroku.url,
      },
    }),
  );

  // The service picks up the new token (in real life: a deploy or restart).
  api.accept(newToken);
  show(
    'verify (new token)',
    await runBundle(bundle('verify'), { inputs: { url: `${api.url}/v1/account`, token: newToken } }),
  );

  // Revocation is asynchronous on most services: it lands a little later.
  api.revoke(oldToken, { afterRequests: 1 });
  show(
    'verify (old token is dead)',
    await runBundle(bundle('verify'), {
      inputs: { url: `${api.url}/v1/account`, token: oldToken, expect: '401', within: '1m', interval: '1s' },
    }),
  );

  const versions = ssm.parameters.get(PARAMETER) ?? [];
  console.log('\n=== where the value is now');
  for (const version of versions) console.log(`SSM ${PARAMETER} v${version.version} [${version.labels.join(',')}]`);
  const repoSecret = github.repoSecret('acme/billing', 'BILLING_TOKEN');
  const envSecret = github.environmentSecret('acme/billing', 'production', 'BILLING_TOKEN');
  const herokuVar = heroku.configVars('acme-billing')?.BILLING_TOKEN;
  for (const [where, value] of [
    ['GitHub acme/billing BILLING_TOKEN', repoSecret?.value],
    ['GitHub acme/billing@production BILLING_TOKEN', envSecret?.value],
    ['Heroku acme-billing BILLING_TOKEN', herokuVar],
  ] as const) {
    console.log(`${where}: ${value === newToken ? 'holds the new value' : 'DIFFERS'}`);
    if (value !== newToken) process.exitCode = 1;
  }
  console.log('\n=== audit trail (keyturn-audit.jsonl)');
  console.log(audit.filter(Boolean).join('\n'));
} finally {
  await Promise.all([ssm.close(), github.close(), heroku.close(), api.close()]);
}
