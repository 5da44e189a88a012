import { type PostgresServer, postgresAvailable, startPostgres } from '@keyturn/testkit';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock';
import { CheckFailedError, InputError, UpstreamError } from '../../src/errors';
import { connectionUrl, openPostgresIssuer, type PostgresIssuer, parseConnectionUrl } from '../../src/issuers/postgres';
import { openIssuer } from '../../src/issuers/registry';
import { scramSha256Verifier } from '../../src/issuers/scram';
import type { StoredSecret } from '../../src/ports';
import { SecretRegistry } from '../../src/secrets';

// A real server, started by this file: initdb in a temp dir, scram-sha-256,
// every statement logged, pg_stat_statements loaded.
let server: PostgresServer;
const OLD = 'Old-password-of-app-0123456789';
const BLUE = 'Blue-password-0123456789abcdef';
const GREEN = 'Green-password-0123456789abcdef';

beforeAll(async () => {
  server = await startPostgres({ preload: ['pg_stat_statements'] });
  server.psql('CREATE EXTENSION pg_stat_statements');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

let secrets: SecretRegistry;
let masked: string[];
let logged: string[];
let logStart = 0;
const logSince = () => server.log().slice(logStart);
beforeEach(() => {
  masked = [];
  logged = [];
  secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  server.psql(`
    DROP ROLE IF EXISTS app, app_blue, app_green, app_group, lonely;
    CREATE ROLE app LOGIN PASSWORD '${OLD}';
    CREATE ROLE app_group NOLOGIN;
    CREATE ROLE app_blue LOGIN PASSWORD '${BLUE}' IN ROLE app_group;
    CREATE ROLE app_green LOGIN PASSWORD '${GREEN}' IN ROLE app_group;
    CREATE ROLE lonely LOGIN PASSWORD '${GREEN}';
    SELECT pg_stat_statements_reset();`);
  logStart = server.log().length;
});

function stored(value: string, version = '1'): StoredSecret {
  return { value, version, updatedAt: Date.parse('2026-01-01T00:00:00Z') };
}

function open(config: Record<string, unknown>, credentials: Record<string, string | undefined> = {}): PostgresIssuer {
  const fake = createFakeClock();
  return openPostgresIssuer(
    {
      config: {
        kind: 'postgres',
        host: server.host,
        port: server.port,
        database: 'postgres',
        sslmode: 'disable',
        ...config,
      },
      entry: 'secrets[0] (db-password)',
      credentials,
      secrets,
      clock: fake.clock,
      sleep: fake.sleep,
      log: { info: (message) => logged.push(message), warning: (message) => logged.push(message) },
      dryRun: false,
    },
    { connectTimeoutMs: 2_000 },
  );
}

async function login(user: string, password: string): Promise<'ok' | string> {
  const client = new pg.Client({ host: server.host, port: server.port, database: 'postgres', user, password });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query('SELECT 1 AS one');
    return result.rows[0]?.one === 1 ? 'ok' : 'no row';
  } catch (error) {
    return String((error as { code?: string }).code ?? error);
  } finally {
    await client.end().catch(() => {});
  }
}

function rolpassword(role: string): string {
  return server.psql(`SELECT rolpassword FROM pg_authid WHERE rolname = '${role}'`).trim();
}

// Off CI a machine without PostgreSQL skips these; CI requires them, so a
// failed apt-get install fails the run instead of passing it silently.
const runPostgres = postgresAvailable() || process.env.KEYTURN_REQUIRE_POSTGRES === '1';

describe.skipIf(!runPostgres)('postgres issuer against a real PostgreSQL', () => {
  it('single: the new password logs in, the old one is refused, and no plaintext reaches the server', async () => {
    const issuer = open({ role: 'app' });
    const current = stored(OLD);
    const check = await issuer.check(current);
    expect(check.plan).toBe('change the password of role app');
    const issued = await issuer.issue(current);
    expect(issued.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(masked).toContain(issued.value);
    expect(await login('app', OLD)).toBe('ok'); // issue changed nothing yet
    await issuer.apply?.(issued, current);
    await issuer.proveNew(issued.value);
    const retired = await issuer.retire(current, { graceMs: undefined });
    expect(retired.outcome).toBe('revoked');
    await issuer.proveRetired?.(current);

    expect(await login('app', issued.value)).toBe('ok');
    expect(await login('app', OLD)).toBe('28P01');
    // The server stored the verifier keyturn computed, as it was sent.
    expect(rolpassword('app')).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    // The statement reached the log (log_statement = all) with the verifier only.
    const log = logSince();
    expect(log).toMatch(/ALTER ROLE "app" PASSWORD 'SCRAM-SHA-256\$4096:/);
    expect(log).not.toContain(issued.value);
    const statements = server.psql('SELECT query FROM pg_stat_statements');
    expect(statements).toMatch(/ALTER ROLE/);
    expect(statements).not.toContain(issued.value);
  });

  it("keyturn's verifier is the one PostgreSQL would compute: a known salt gives a login the server accepts", async () => {
    const verifier = scramSha256Verifier('Known-password-42', { salt: Buffer.from('0123456789abcdef') });
    expect(verifier).toBe(scramSha256Verifier('Known-password-42', { salt: Buffer.from('0123456789abcdef') }));
    server.psql(`ALTER ROLE app PASSWORD '${verifier}'`);
    expect(rolpassword('app')).toBe(verifier);
    expect(await login('app', 'Known-password-42')).toBe('ok');
    expect(await login('app', 'Known-password-43')).toBe('28P01');
    expect(() => scramSha256Verifier('naïve')).toThrow(/printable ASCII/);
  });

  it('single with postgres-admin-url: the admin changes the password, the role need not log in', async () => {
    server.psql(`ALTER ROLE app PASSWORD 'something-nobody-stored-1'`);
    const issuer = open({ role: 'app' }, { 'postgres-admin-url': server.adminUrl });
    await issuer.check(undefined);
    const issued = await issuer.issue(undefined);
    await issuer.apply?.(issued, undefined);
    await issuer.proveNew(issued.value);
    expect(await login('app', issued.value)).toBe('ok');
    expect(masked).toContain(server.superuserPassword);
  });

  it('alternate: rotates the role not in use with its own previous login; the one in use keeps working', async () => {
    const issuer = open({ roles: ['app_blue', 'app_green'] });
    const current = stored(connectionUrl(issuer_config(), 'app_blue', BLUE), '2');
    const previous = stored(connectionUrl(issuer_config(), 'app_green', GREEN), '1');
    expect((await issuer.check(current, previous)).plan).toBe(
      'change the password of role app_green and switch the stored URL to it (app_blue is in use)',
    );
    const issued = await issuer.issue(current, previous);
    const parsed = parseConnectionUrl(issued.value);
    expect(parsed?.role).toBe('app_green');
    expect(issued.value).toBe(
      `postgresql://app_green:${parsed?.password}@127.0.0.1:${server.port}/postgres?sslmode=disable`,
    );
    await issuer.apply?.(issued, current, previous);
    await issuer.proveNew(issued.value);
    expect(await issuer.retire(current, { graceMs: undefined })).toMatchObject({ outcome: 'kept' });
    await issuer.proveRetired?.(current);
    // Nobody is cut off: clients on blue still log in; green has the new password.
    expect(await login('app_blue', BLUE)).toBe('ok');
    expect(await login('app_green', parsed?.password ?? '')).toBe('ok');
    expect(await login('app_green', GREEN)).toBe('28P01');

    // The next rotation switches back to blue, logging in with blue's (now previous) URL.
    const next = await issuer.issue(stored(issued.value, '3'), current);
    expect(parseConnectionUrl(next.value)?.role).toBe('app_blue');
    await issuer.apply?.(next, stored(issued.value, '3'), current);
    await issuer.proveNew(next.value);
    expect(await login('app_green', parsed?.password ?? '')).toBe('ok');
    expect(server.log()).not.toContain(parsed?.password);
  });

  it('alternate with revoke-old: the old role gets a password nobody holds, proven refused', async () => {
    const issuer = open({ roles: ['app_blue', 'app_green'] }, { 'postgres-admin-url': server.adminUrl });
    const current = stored(connectionUrl(issuer_config(), 'app_blue', BLUE));
    await issuer.check(current);
    const issued = await issuer.issue(current);
    await issuer.apply?.(issued, current);
    await issuer.proveNew(issued.value);
    // What rotate passes with revoke-old and no grace.
    expect(await issuer.retire(current, { graceMs: undefined, revokeOld: true })).toMatchObject({ outcome: 'revoked' });
    await issuer.proveRetired?.(current);
    expect(await login('app_blue', BLUE)).toBe('28P01');
  });

  describe('bad input is refused before any change, naming the field and the fix', () => {
    const unchanged = async () => {
      expect(logSince()).not.toMatch(/ALTER ROLE "(app|app_blue|app_green)"/);
      expect(await login('app', OLD)).toBe('ok');
    };

    it('no admin credential and no stored password', async () => {
      const issuer = open({ role: 'app' });
      const error = await issuer.check(undefined).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('postgres-admin-url');
      expect((error as Error).message).toMatch(/store holds no password of role app.*Pass postgres-admin-url/);
      await unchanged();
    });

    it('a role that does not exist', async () => {
      const issuer = open({ role: 'ghost' }, { 'postgres-admin-url': server.adminUrl });
      await expect(issuer.check(undefined)).rejects.toThrow(
        /role ghost does not exist at 127\.0\.0\.1:\d+\/postgres: create it/,
      );
      await unchanged();
    });

    it('alternate roles that share no group role', async () => {
      const issuer = open({ roles: ['app_blue', 'lonely'] }, { 'postgres-admin-url': server.adminUrl });
      await expect(issuer.check(undefined)).rejects.toThrow(/share no group role/);
      await unchanged();
    });

    it('a wrong stored password: every login refused, said so', async () => {
      const issuer = open({ role: 'app' });
      await expect(issuer.check(stored('not-the-password-at-all'))).rejects.toThrow(CheckFailedError);
      await unchanged();
    });

    it.each([
      [{ role: 'app', rol: 'x' }, 'secrets[0] (db-password).issuer.rol', /Did you mean 'role'/],
      [{ roles: ['a'] }, 'secrets[0] (db-password).issuer.roles', /exactly two login roles/],
      [{ role: 'app', roles: ['a', 'b'] }, 'secrets[0] (db-password).issuer.roles', /not both/],
      [
        { role: 'app', strategy: 'alternating' },
        'secrets[0] (db-password).issuer.strategy',
        /Did you mean 'alternate'/,
      ],
      [{ role: 'app', host: 'db.internal' }, 'secrets[0] (db-password).issuer.sslmode', /loopback only/],
      [{ role: 'app', port: 70000 }, 'secrets[0] (db-password).issuer.port', /1 to 65535/],
    ])('%j', (config, input, fix) => {
      let error: unknown;
      try {
        open(config);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe(input);
      expect((error as Error).message).toMatch(fix);
    });

    it('an admin URL for another host is refused (a credential never goes to another server)', () => {
      expect(() => open({ role: 'app' }, { 'postgres-admin-url': 'postgresql://a:b@elsewhere:5432/db' })).toThrow(
        /names host elsewhere, not the entry's 127\.0\.0\.1/,
      );
    });

    it('the registry refuses a typo in a field or the kind, naming the nearest', async () => {
      const base = {
        entry: 'secrets[0] (db-password)',
        credentials: {},
        secrets,
        clock: createFakeClock().clock,
        sleep: async () => {},
        log: { info() {}, warning() {} },
        dryRun: false,
      };
      await expect(openIssuer({ ...base, config: { kind: 'postgre', role: 'x' } })).rejects.toThrow(
        /issuer.kind' is 'postgre'. Did you mean 'postgres'/,
      );
      await expect(openIssuer({ ...base, config: { kind: 'postgres', hots: 'x' } })).rejects.toThrow(
        /issuer.hots' is not a field of the postgres issuer. Did you mean 'host'/,
      );
    });
  });

  describe('faults leave the role usable and a re-run converges', () => {
    it('the database goes down after the ALTER: the stored value is resumed, already accepted, proven', async () => {
      const issuer = open({ role: 'app' });
      const current = stored(OLD);
      await issuer.check(current);
      const issued = await issuer.issue(current);
      // (the engine stores issued.value here)
      await issuer.apply?.(issued, current);
      await server.pause();
      const error = await issuer.proveNew(issued.value).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as Error).message).toMatch(/PostgreSQL: logging in as app at 127\.0\.0\.1:\d+\/postgres/);
      await server.resume();
      // The re-run: the store's current is the new password, previous the old.
      const rerun = open({ role: 'app' });
      await rerun.check(stored(issued.value, '2'), current);
      await rerun.apply?.({ value: issued.value }, stored(issued.value, '2'), current);
      expect(logged).toContain('role app already accepts the new password');
      await rerun.proveNew(issued.value);
      await rerun.proveRetired?.(current);
    });

    it('the database is down during the ALTER: the old password still works, the re-run applies with it', async () => {
      const issuer = open({ role: 'app' });
      const current = stored(OLD);
      const issued = await issuer.issue(current);
      await server.pause();
      await expect(issuer.apply?.(issued, current)).rejects.toThrow(UpstreamError);
      await server.resume();
      expect(await login('app', OLD)).toBe('ok');
      // Resumed: current = the stored new value; the role's login is the previous one.
      const rerun = open({ role: 'app' });
      await rerun.check(stored(issued.value, '2'), current);
      await rerun.apply?.({ value: issued.value }, stored(issued.value, '2'), current);
      await rerun.proveNew(issued.value);
      expect(await login('app', OLD)).toBe('28P01');
    });

    it('a store write that fails after issue left the database untouched', async () => {
      const issuer = open({ role: 'app' });
      const issued = await issuer.issue(stored(OLD));
      await issuer.discard?.(issued);
      expect(await login('app', OLD)).toBe('ok');
      expect(await login('app', issued.value)).toBe('28P01');
    });
  });
});

function issuer_config() {
  return {
    host: server.host,
    port: server.port,
    database: 'postgres',
    strategy: 'alternate' as const,
    roles: ['app_blue', 'app_green'],
    sslmode: 'disable' as const,
  };
}
