import {
  type InfisicalEmulator,
  type SsmEmulator,
  startInfisical,
  startSecretsManager,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { InfisicalStore } from '../../src/adapters/infisical';
import { createSecretsManagerClient, SecretsManagerStore } from '../../src/adapters/secrets-manager';
import { createSsmClient, SsmStore } from '../../src/adapters/ssm';
import type { StoreKind } from '../../src/adapters/stores';
import { createFakeClock } from '../../src/clock';
import { SecretRegistry } from '../../src/secrets';
import { type StoreHarness, storeContract } from './store-contract';

/** One harness per registered store: a store kind without one does not compile. */
const HARNESSES: Record<StoreKind, () => Promise<StoreHarness>> = {
  async ssm() {
    const restoreEnv = useEmulatorAwsCredentials();
    const fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const ssm: SsmEmulator = await startSsm({ now: () => fake.clock.now() });
    const client = createSsmClient({ region: 'eu-west-1', endpoint: ssm.url });
    const secrets = new SecretRegistry({ setSecret: () => {} });
    const name = '/contract/api-token';
    return {
      store: new SsmStore({ client, secrets, clock: fake.clock, sleep: fake.sleep, random: () => 0.5 }),
      name,
      advance: (ms) => fake.advance(ms),
      now: () => fake.clock.now(),
      isMasked: (value) => secrets.isMasked(value),
      refuseNextWrite: () => ssm.deny('PutParameter', 'ssm:PutParameter'),
      writes: () => ssm.writes().length,
      async close() {
        client.destroy();
        await ssm.close();
        restoreEnv();
      },
    };
  },

  async infisical() {
    const fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const infisical: InfisicalEmulator = await startInfisical({
      clients: { 'machine-id': 'machine-secret-value' },
      projects: { 'proj-1': ['prod'] },
      now: () => fake.clock.now(),
    });
    const secrets = new SecretRegistry({ setSecret: () => {} });
    return {
      store: new InfisicalStore({
        siteUrl: infisical.url,
        auth: { clientId: 'machine-id', clientSecret: 'machine-secret-value' },
        location: { projectId: 'proj-1', environment: 'prod', secretPath: '/' },
        secrets,
        clock: fake.clock,
        sleep: fake.sleep,
        random: () => 0.5,
        timeoutMs: 2_000,
      }),
      name: 'CONTRACT_API_TOKEN',
      advance: (ms) => fake.advance(ms),
      now: () => fake.clock.now(),
      isMasked: (value) => secrets.isMasked(value),
      refuseNextWrite: () =>
        infisical.emulator.injectFault({
          method: 'PATCH',
          path: /\/secrets\//,
          status: 403,
          body: { statusCode: 403, message: 'You are not allowed to edit secrets', error: 'PermissionDenied' },
          times: 1,
        }),
      writes: () => infisical.secretWrites().length,
      close: () => infisical.close(),
    };
  },

  async 'secrets-manager'() {
    const restoreEnv = useEmulatorAwsCredentials();
    const fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const sm = await startSecretsManager({ now: () => fake.clock.now() });
    const client = createSecretsManagerClient({ region: 'eu-west-1', endpoint: sm.url });
    const secrets = new SecretRegistry({ setSecret: () => {} });
    return {
      store: new SecretsManagerStore({ client, secrets, clock: fake.clock, sleep: fake.sleep, random: () => 0.5 }),
      name: 'contract/api-token',
      advance: (ms) => fake.advance(ms),
      now: () => fake.clock.now(),
      isMasked: (value) => secrets.isMasked(value),
      refuseNextWrite: () => sm.deny('PutSecretValue'),
      writes: () => sm.writes().length,
      async close() {
        client.destroy();
        await sm.close();
        restoreEnv();
      },
    };
  },
};

for (const [kind, start] of Object.entries(HARNESSES)) storeContract(kind, start);
