import {
  type PostgresServer,
  postgresAvailable,
  runWithManifest,
  type SsmEmulator,
  startPostgres,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unpacedMain as main } from './unpaced';

// rotate with the registered postgres issuer, through the manifest, against a
// real PostgreSQL and the SSM emulator: the issuer's own tests prove SCRAM and
// the strategies; this proves rotate wires the issuer's stages to the store.
const START = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const OLD = 'Old-db-password-canary-5e1f0a';
const runPostgres = postgresAvailable() || process.env.KEYTURN_REQUIRE_POSTGRES === '1';

describe.skipIf(!runPostgres)('rotate: a postgres issuer entry end to end', () => {
  let server: PostgresServer;
  let ssm: SsmEmulator;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = useEmulatorAwsCredentials();
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    restoreEnv?.();
    await server?.stop();
  });
  beforeEach(async () => {
    server.psql(`DROP ROLE IF EXISTS app; CREATE ROLE app LOGIN PASSWORD '${OLD}';`);
    ssm = await startSsm({ now: () => START });
    ssm.seed('/prod/db/password', OLD, { labels: ['current'], lastModified: START - 200 * DAY });
    return () => ssm.close();
  });

  const manifest = () => `
version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: db-password
    store: { name: /prod/db/password }
    issuer: { kind: postgres, host: ${server.host}, port: ${server.port}, database: postgres, role: app, sslmode: disable, strategy: single }
    max-age: 180d
`;
  const rotate = (inputs: Record<string, string>) =>
    runWithManifest('rotate', main, manifest(), inputs, {
      env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url },
      now: START,
    });

  it('changes the role password at the source, stores it, and the old password is refused', async () => {
    const run = await rotate({ secret: 'db-password', 'postgres-admin-url': server.adminUrl });
    expect(run.runner.failed).toBeUndefined();
    const stored = ssm.parameters.get('/prod/db/password')?.at(-1)?.value ?? '';
    expect(stored).not.toBe(OLD);
    expect(stored.length).toBeGreaterThanOrEqual(16);
    expect(await server.logsIn('app', stored)).toBe(true);
    expect(await server.logsIn('app', OLD)).toBe(false);
    expect(run.runner.outputs).toMatchObject({ rotated: 'true', version: '2', 'previous-version': '1' });
    // The recording runner masks nothing itself: these hold only if no code path printed them.
    for (const text of [run.runner.everything(), run.audit]) {
      expect(text).not.toContain(stored);
      expect(text).not.toContain(OLD);
      expect(text).not.toContain(server.superuserPassword);
    }
    expect(run.runner.masked).toEqual(expect.arrayContaining([stored, server.adminUrl]));
  });

  it('a dry run changes neither the database nor the store', async () => {
    const run = await rotate({ secret: 'db-password', 'postgres-admin-url': server.adminUrl, 'dry-run': 'true' });
    expect(run.runner.failed).toBeUndefined();
    expect(ssm.writes()).toEqual([]);
    expect(await server.logsIn('app', OLD)).toBe(true);
  });
});
