/**
 * The rotate-ssm sequence for the issue note: three rotations then a rollback,
 * each one a run of the bundled action (dist/index.js) as the runner runs it,
 * against the SSM emulator and then the Infisical emulator. Prints, after each
 * step, the outputs and what the store holds (versions and labels; values
 * shown only as a short fingerprint so the sequence can be followed).
 *
 *   npm run bench:rotate-ssm
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runBundle, startInfisical, startSsm } from '@keyturn/testkit';

const bundle = fileURLToPath(new URL('../../actions/rotate-ssm/dist/index.js', import.meta.url));
const fingerprint = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8);
const steps: { title: string; inputs: Record<string, string> }[] = [
  { title: 'rotation 1 (creates)', inputs: {} },
  { title: 'rotation 2', inputs: {} },
  { title: 'rotation 3', inputs: {} },
  { title: 'rollback', inputs: { rollback: 'true' } },
];

function describeOutputs(outputs: Record<string, string>): string {
  return `rotated=${outputs.rotated} version=${outputs.version} previous-version=${outputs['previous-version'] || "''"}`;
}

const ssm = await startSsm();
try {
  const name = '/demo/api/token';
  const env = {
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'emulator-secret',
  };
  console.log(`SSM emulator, parameter ${name}`);
  for (const step of steps) {
    const started = performance.now();
    const run = await runBundle(bundle, { env, inputs: { name, ...step.inputs } });
    const ms = Math.round(performance.now() - started);
    if (run.code !== 0) throw new Error(`${step.title} failed: ${run.stdout}`);
    const held = (ssm.parameters.get(name) ?? [])
      .map((entry) => `v${entry.version}[${entry.labels.join(',') || '-'}]=${fingerprint(entry.value)}`)
      .join('  ');
    console.log(`  ${step.title.padEnd(22)} ${describeOutputs(run.outputs).padEnd(48)} ${held}   (${ms} ms)`);
  }
} finally {
  await ssm.close();
}

const infisical = await startInfisical({ clients: { 'demo-id': 'demo-secret' }, projects: { demo: ['prod'] } });
try {
  const location = { projectId: 'demo', environment: 'prod', key: 'API_TOKEN' };
  const inputs = {
    store: 'infisical',
    name: location.key,
    'infisical-url': infisical.url,
    'infisical-project-id': location.projectId,
    'infisical-environment': location.environment,
    'infisical-client-id': 'demo-id',
    'infisical-client-secret': 'demo-secret',
  };
  console.log(`\nInfisical emulator, secret ${location.key} (project demo, env prod, path /)`);
  for (const step of steps) {
    const started = performance.now();
    const run = await runBundle(bundle, { inputs: { ...inputs, ...step.inputs } });
    const ms = Math.round(performance.now() - started);
    if (run.code !== 0) throw new Error(`${step.title} failed: ${run.stdout}`);
    const held = (infisical.find(location)?.versions ?? [])
      .map((entry) => `v${entry.version}=${fingerprint(entry.value)}`)
      .join('  ');
    console.log(`  ${step.title.padEnd(22)} ${describeOutputs(run.outputs).padEnd(48)} ${held}   (${ms} ms)`);
  }
} finally {
  await infisical.close();
}
