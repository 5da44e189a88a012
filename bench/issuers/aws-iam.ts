// Wall time of one aws-iam rotation (check, issue, apply, proveNew, retire,
// proveRetired) against the IAM + STS emulator with a 2 s propagation delay,
// real clock and sleep, next to its floor: STS must see two changes (the new
// key, then the old key's deactivation), each 2 s after IAM made it.
// npm run bench:issuers
import { EMULATOR_ADMIN_KEY, startIam } from '@keyturn/testkit';
import { realSleep, systemClock } from '../../packages/core/src/clock';
import { type AwsIamTuning, openAwsIamIssuer } from '../../packages/core/src/issuers/aws-iam';
import type { StoredSecret } from '../../packages/core/src/ports';
import { SecretRegistry } from '../../packages/core/src/secrets';

const ROUNDS = 5;
const DELAY_MS = 2_000;
const USER = 'ci-deployer';
const iam = await startIam();
const first = iam.seedKey(USER);
const secrets = new SecretRegistry({ setSecret() {} });
const open = (tuning?: AwsIamTuning) =>
  openAwsIamIssuer(
    {
      config: { kind: 'aws-iam', user: USER },
      entry: 'bench',
      credentials: {},
      env: {
        AWS_ENDPOINT_URL_IAM: iam.url,
        AWS_ENDPOINT_URL_STS: iam.url,
        AWS_ACCESS_KEY_ID: EMULATOR_ADMIN_KEY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_ADMIN_KEY.secretAccessKey,
      },
      secrets,
      clock: systemClock,
      sleep: realSleep,
      log: { info() {}, warning() {} },
      dryRun: false,
    },
    tuning,
  );
const stored = (value: string): StoredSecret => ({ value, version: '1', updatedAt: Date.now() });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

let current = stored(JSON.stringify({ AccessKeyId: first.accessKeyId, SecretAccessKey: first.secretAccessKey }));
async function rotations(label: string, delayMs: number, tuning?: AwsIamTuning): Promise<number[]> {
  iam.propagationDelayMs = delayMs;
  const times: number[] = [];
  const proofs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const issuer = open(tuning);
    const started = performance.now();
    await issuer.check(current);
    const issued = await issuer.issue(current);
    await issuer.apply?.(issued, current);
    const proving = performance.now();
    await issuer.proveNew(issued.value);
    const proved = performance.now();
    await issuer.retire(current, { graceMs: undefined });
    await issuer.proveRetired?.(current);
    times.push(performance.now() - started);
    proofs.push(proved - proving);
    issuer.close();
    current = stored(issued.value);
  }
  console.log(
    `${label}: median ${median(times).toFixed(0)} ms per rotation (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); proveNew median ${median(proofs).toFixed(0)} ms`,
  );
  return times;
}

console.log(`aws-iam issuer, ${ROUNDS} rotations each, emulator on 127.0.0.1 through the AWS SDK`);
const immediate = await rotations('propagation 0 s (request cost only)', 0);
await rotations(`propagation ${DELAY_MS / 1000} s, default 1 s STS polling`, DELAY_MS);
await rotations(`propagation ${DELAY_MS / 1000} s, 250 ms STS polling`, DELAY_MS, { proveIntervalMs: 250 });
console.log(
  `floor with ${DELAY_MS / 1000} s propagation: ${(2 * DELAY_MS).toFixed(0)} ms (STS sees the new key and the deactivation ${DELAY_MS} ms after each) + request cost ${median(immediate).toFixed(0)} ms`,
);
await iam.close();
