/**
 * The manifest-driven demo: the scheduled rotation workflow a user copies
 * (examples/workflows/rotation.yml → keyturn-rotation.yml) run by the
 * workflow harness over the example manifest (examples/rotation.yml), against
 * the local emulators of SSM, Infisical, GitHub and Heroku, each keyturn step
 * its committed bundle. Values are never printed: the log is the runner's,
 * masked; the last section compares values without showing them.
 */
import { runWorkflow, type WorkflowRun } from '@keyturn/testkit';
import { JWT_SECRET, OLD, startScenario } from '../test/workflows/scenario';

const started = Date.now();
const scenario = await startScenario();
let run: WorkflowRun | undefined;
try {
  console.log('keyturn demo: the scheduled rotation workflow over examples/rotation.yml, against local emulators');
  console.log(
    '(SSM, Secrets Manager, Infisical, GitHub, Heroku, Fly.io and a billing service that accepts the token its Heroku app holds)\n',
  );

  run = await runWorkflow(`${scenario.caller.dir}/.github/workflows/rotation.yml`, {
    ...scenario.options({ event: { name: 'schedule', payload: { schedule: '17 6 * * *' } } }),
    onLog: (line) => {
      if (!line.includes('::')) console.log(line);
    },
  });

  console.log('\n=== the inventory (plan job summary)');
  console.log(run.step('rotation / plan', 'plan').summary.trim());

  const rotateJobs = run.jobs.filter((job) => job.name.startsWith('rotation / rotate ('));
  console.log('\n=== rotation jobs');
  for (const job of rotateJobs) console.log(`${job.name}: ${job.result} (concurrency group ${job.concurrencyGroup})`);
  for (const job of rotateJobs) {
    const summary = job.steps.find((step) => step.id === 'rotate')?.summary.trim();
    if (summary) console.log(`\n${summary}`);
  }

  const stored = scenario.ssm.parameters.get('/prod/billing/api-token')?.at(-1)?.value ?? '';
  const checks: [string, boolean][] = [
    ['SSM /prod/billing/api-token has a new current version', stored !== '' && stored !== OLD.billing],
    [
      'GitHub acme/billing BILLING_TOKEN holds it',
      scenario.github.repoSecret('acme/billing', 'BILLING_TOKEN')?.value === stored,
    ],
    [
      'GitHub acme/billing@production BILLING_TOKEN holds it',
      scenario.github.environmentSecret('acme/billing', 'production', 'BILLING_TOKEN')?.value === stored,
    ],
    [
      'Heroku acme-billing BILLING_TOKEN holds it',
      scenario.heroku.configVars('acme-billing')?.BILLING_TOKEN === stored,
    ],
    [
      'the billing service accepted the new token',
      scenario.billingAnswers.some((a) => a.token === stored && a.status === 200),
    ],
    [
      'the billing service refused the old token (401)',
      scenario.billingAnswers.some((a) => a.token === OLD.billing && a.status === 401),
    ],
    ['session-signing-key (not due) left alone', scenario.ssm.describe('/prod/billing/session-key').length === 1],
    [
      'webhook-secret-key (on-compromise) left alone',
      scenario.ssm.describe('/prod/musehub/WEBHOOK_SECRET_KEY').length === 1,
    ],
    [
      'deploy-aws-key (its IAM key 30 days old: not due) left alone',
      scenario.iam.writes().length === 0 && scenario.ssm.describe('/prod/deploy/aws-access-key').length === 1,
    ],
    ['no Infisical secret written', scenario.infisical.secretWrites().length === 0],
    ['no value in the log', !run.log.includes(stored) && !run.log.includes(OLD.billing)],
  ];
  const jwt = scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY') ?? '';
  const jwtVersions = scenario.secretsManager.describe(JWT_SECRET);
  checks.push(
    [
      'Secrets Manager cloudforge/jwt-signing-key has a new AWSCURRENT, the old one AWSPREVIOUS',
      jwtVersions.length === 2 && jwt !== '' && jwt !== OLD.jwt,
    ],
    ['Fly cloudforge-api JWT_SIGNING_KEY holds the new key', jwt !== '' && jwt !== OLD.jwt],
    [
      'Fly cloudforge-api JWT_SIGNING_KEY_PREVIOUS holds the old key for the 24h grace',
      scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY_PREVIOUS') === OLD.jwt,
    ],
    ['no JWT key in the log', !run.log.includes(jwt) && !run.log.includes(OLD.jwt)],
  );

  // The next scheduled run, 25 hours later (the emulators' and the bundles' clocks moved, no sleep).
  scenario.advance(25 * 3_600_000);
  console.log('\n=== 25 hours later: the next scheduled run closes the grace window');
  const nextDay = await runWorkflow(`${scenario.caller.dir}/.github/workflows/rotation.yml`, {
    ...scenario.options({ event: { name: 'schedule', payload: { schedule: '17 6 * * *' } } }),
  });
  console.log(nextDay.step('rotation / plan', 'plan').summary.trim());
  const cleanup = nextDay.jobs.find((job) => job.name.startsWith('rotation / rotate (jwt-signing-key'));
  const cleanupSummary = cleanup?.steps.find((step) => step.id === 'rotate')?.summary.trim();
  if (cleanupSummary) console.log(`\n${cleanupSummary}`);
  checks.push(
    ['next day: the workflow succeeded', nextDay.conclusion === 'success'],
    [
      'next day: JWT_SIGNING_KEY_PREVIOUS removed from Fly, JWT_SIGNING_KEY kept',
      scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY_PREVIOUS') === undefined &&
        scenario.fly.secretValue('cloudforge-api', 'JWT_SIGNING_KEY') === jwt,
    ],
    ['next day: no new version stored', scenario.secretsManager.describe(JWT_SECRET).length === 2],
  );
  console.log('\n=== where things are now');
  for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);

  console.log('\n=== audit trail (the artifacts the jobs uploaded)');
  for (const artifact of run.artifacts.values()) {
    for (const [file, text] of Object.entries(artifact.files)) {
      console.log(`-- ${artifact.name}/${file} (kept ${artifact.retentionDays ?? 90} days)`);
      console.log(text.trim());
    }
  }
  const failed = run.conclusion !== 'success' || checks.some(([, ok]) => !ok);
  console.log(`\nworkflow ${run.conclusion}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failed) process.exitCode = 1;
} finally {
  await scenario.close();
}
