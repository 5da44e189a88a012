// Wall time of one postgres rotation (single and alternate: check, issue,
// apply, proveNew, retire, proveRetired) against a real throwaway cluster,
// next to its floor: the server's own ALTER ROLE time on an open connection.
// npm run bench:issuers
import { startPostgres } from '@keyturn/testkit';
import pg from 'pg';
import { realSleep, systemClock } from '../../packages/core/src/clock';
import { connectionUrl, openPostgresIssuer } from '../../packages/core/src/issuers/postgres';
import { scramSha256Verifier } from '../../packages/core/src/issuers/scram';
import type { StoredSecret } from '../../packages/core/src/ports';
import { SecretRegistry } from '../../packages/core/src/secrets';

const ROUNDS = 20;
const server = await startPostgres({ logStatements: false });
server.psql(`CREATE ROLE app LOGIN PASSWORD 'start-password-0123456789';
  CREATE ROLE grp NOLOGIN;
  CREATE ROLE app_blue LOGIN PASSWORD 'blue-password-0123456789' IN ROLE grp;
  CREATE ROLE app_green LOGIN PASSWORD 'green-password-0123456789' IN ROLE grp;`);
const secrets = new SecretRegistry({ setSecret() {} });
const context = (config: Record<string, unknown>) =>
  openPostgresIssuer({
    config: {
      kind: 'postgres',
      host: server.host,
      port: server.port,
      database: 'postgres',
      sslmode: 'disable',
      ...config,
    },
    entry: 'bench',
    credentials: { 'postgres-admin-url': server.adminUrl },
    secrets,
    clock: systemClock,
    sleep: realSleep,
    log: { info() {}, warning() {} },
    dryRun: false,
  });
const stored = (value: string): StoredSecret => ({ value, version: '1', updatedAt: Date.now() });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function rotate(config: Record<string, unknown>, current: StoredSecret): Promise<[number, StoredSecret]> {
  const issuer = context(config);
  const started = performance.now();
  await issuer.check(current);
  const issued = await issuer.issue(current);
  await issuer.apply?.(issued, current);
  await issuer.proveNew(issued.value);
  await issuer.retire(current, { graceMs: undefined });
  await issuer.proveRetired?.(current);
  return [performance.now() - started, stored(issued.value)];
}

const single: number[] = [];
let current = stored('start-password-0123456789');
for (let round = 0; round < ROUNDS; round++) {
  const [ms, next] = await rotate({ role: 'app' }, current);
  single.push(ms);
  current = next;
}
const alternate: number[] = [];
const base = {
  host: server.host,
  port: server.port,
  database: 'postgres',
  strategy: 'alternate' as const,
  roles: ['app_blue', 'app_green'],
  sslmode: 'disable' as const,
};
current = stored(connectionUrl(base, 'app_blue', 'blue-password-0123456789'));
for (let round = 0; round < ROUNDS; round++) {
  const [ms, next] = await rotate({ roles: ['app_blue', 'app_green'] }, current);
  alternate.push(ms);
  current = next;
}
const client = new pg.Client(server.adminUrl);
await client.connect();
const alter: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const verifier = scramSha256Verifier(`floor-password-${round}`);
  const started = performance.now();
  await client.query(`ALTER ROLE grp PASSWORD '${verifier}'`);
  alter.push(performance.now() - started);
}
await client.end();
await server.stop();
console.log(
  `postgres rotation, median of ${ROUNDS}: single ${median(single).toFixed(1)} ms, alternate ${median(alternate).toFixed(1)} ms; server ALTER ROLE ${median(alter).toFixed(2)} ms`,
);
