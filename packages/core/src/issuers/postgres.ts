import { randomInt } from 'node:crypto';
import pg from 'pg';
import { CheckFailedError, errorMessage, InputError, UpstreamError } from '../errors';
import type { IssuedValue, Issuer, IssuerCheck, IssuerOpenContext, RetireOptions, RetireResult } from '../issuer';
import type { StoredSecret } from '../ports';
import { withRetry } from '../retry';
import {
  connectionUrl,
  POSTGRES_ADMIN_URL_INPUT,
  POSTGRES_SERVICE,
  type PostgresAdminLogin,
  type PostgresIssuerConfig,
  type PostgresTuning,
  parseAdminUrl,
  parseConnectionUrl,
  parsePostgresConfig,
} from './postgres-config';
import { scramSha256Verifier } from './scram';

/**
 * The `postgres` issuer: a login role's password changed with
 * `ALTER ROLE … PASSWORD '<SCRAM-SHA-256 verifier>'`, the verifier computed
 * here (./scram), so the plaintext never reaches the server, its log or
 * pg_stat_statements.
 *
 * - `strategy: single` (`role: app`): the store holds the password. `issue`
 *   draws it, the engine stores it, `apply` runs the ALTER, and the old
 *   password is refused from that moment (`proveRetired` checks it).
 * - `strategy: alternate` (`roles: [app_blue, app_green]`, both members of one
 *   group role that owns the privileges): the store holds a connection URL.
 *   The role the current URL names is in use; the other one gets the new
 *   password and the new URL, so clients move over on their next deploy and
 *   nobody is cut off. The old role keeps its password until the next
 *   rotation replaces it (or `revoke-old` replaces it with one nobody knows).
 *
 * Logins, in order: `postgres-admin-url` (a role with CREATEROLE); else the
 * role itself with the password the store holds (a role may change its own
 * password): single mode the current value (or, in a resumed rotation whose
 * ALTER did not run, the previous one), alternate mode the previous URL,
 * which names the role not in use with its last password.
 */
/** Letters and digits only: the password goes into URLs, .env files and shells unquoted. */
const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_LENGTH = 40;
const INVALID_PASSWORD = '28P01';
const INVALID_AUTHORIZATION = '28000';

function drawPassword(): string {
  let password = '';
  for (let index = 0; index < PASSWORD_LENGTH; index++) {
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  }
  return password;
}

interface Login {
  user: string;
  password: string;
  /** How the message names it: "postgres-admin-url", "role app (the stored password)". */
  source: string;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isAuthFailure(error: unknown): boolean {
  const code = sqlState(error);
  return code === INVALID_PASSWORD || code === INVALID_AUTHORIZATION;
}

/** A network failure (the server is down or unreachable), worth trying again. */
function isNetworkFailure(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && /^[A-Z]+$/.test(code) && code.startsWith('E')) return true;
  if (code === '57P03' || code === '53300') return true; // cannot connect now / too many connections
  const message = errorMessage(error);
  return /timeout|terminated|ECONNRESET|ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN/i.test(message);
}

export class PostgresIssuer implements Issuer {
  readonly kind = 'postgres';
  private readonly config: PostgresIssuerConfig;
  private readonly admin: PostgresAdminLogin | undefined;
  private readonly context: Pick<IssuerOpenContext, 'secrets' | 'clock' | 'sleep' | 'log'>;
  private readonly tuning: Required<PostgresTuning>;
  /** Alternate mode: whether retire replaced the old role's password (revoke-old). */
  private oldReplaced = false;

  constructor(
    config: PostgresIssuerConfig,
    admin: PostgresAdminLogin | undefined,
    context: Pick<IssuerOpenContext, 'secrets' | 'clock' | 'sleep' | 'log'>,
    tuning: PostgresTuning = {},
  ) {
    this.config = config;
    this.admin = admin;
    this.context = context;
    this.tuning = {
      connectTimeoutMs: tuning.connectTimeoutMs ?? 10_000,
      statementTimeoutMs: tuning.statementTimeoutMs ?? 15_000,
      connectAttempts: tuning.connectAttempts ?? 3,
    };
  }

  private ssl(): pg.ClientConfig['ssl'] {
    if (this.config.sslmode === 'disable') return false;
    if (this.config.sslmode === 'require') return { rejectUnauthorized: false };
    return { rejectUnauthorized: true, servername: this.config.host };
  }

  private where(): string {
    return `${this.config.host}:${this.config.port}/${this.config.database}`;
  }

  /** One connection, its failures typed: a refused password is a CheckFailedError
   * (never retried), an unreachable server an UpstreamError (retried here). */
  private async connect(login: { user: string; password: string }): Promise<pg.Client> {
    const attempt = async (): Promise<pg.Client> => {
      const client = new pg.Client({
        host: this.config.host,
        port: this.config.port,
        database: this.config.database,
        user: login.user,
        password: login.password,
        ssl: this.ssl(),
        connectionTimeoutMillis: this.tuning.connectTimeoutMs,
        query_timeout: this.tuning.statementTimeoutMs,
        statement_timeout: this.tuning.statementTimeoutMs,
        application_name: 'keyturn',
      });
      client.on('error', () => {});
      try {
        await client.connect();
        return client;
      } catch (error) {
        await client.end().catch(() => {});
        throw this.typed(error, `logging in as ${login.user}`);
      }
    };
    return withRetry(
      attempt,
      { maxAttempts: this.tuning.connectAttempts, baseDelayMs: 500, maxDelayMs: 4_000, totalTimeMs: 30_000 },
      {
        clock: this.context.clock,
        sleep: this.context.sleep,
        onRetry: ({ waitMs }) => this.context.log.info(`${POSTGRES_SERVICE} unreachable; trying again in ${waitMs} ms`),
      },
    );
  }

  private typed(error: unknown, doing: string): Error {
    if (error instanceof CheckFailedError || error instanceof UpstreamError || error instanceof InputError)
      return error;
    const state = sqlState(error);
    const detail = `${doing} at ${this.where()}: ${errorMessage(error)}${state ? ` (SQLSTATE ${state})` : ''}`;
    if (isAuthFailure(error)) return new AuthRefused(detail);
    return new UpstreamError(detail, { service: POSTGRES_SERVICE, retryable: isNetworkFailure(error) });
  }

  private async withClient<T>(
    login: { user: string; password: string },
    work: (client: pg.Client) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(login);
    try {
      return await work(client);
    } catch (error) {
      throw this.typed(error, `as ${login.user}`);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** The role the current value logs in as, and the one a rotation changes. */
  private roles(current: StoredSecret | undefined): { inUse: string | undefined; next: string } {
    const [first, second] = this.config.roles as [string, string?];
    if (this.config.strategy === 'single') return { inUse: first, next: first };
    if (current === undefined) return { inUse: undefined, next: first };
    const parsed = parseConnectionUrl(current.value);
    if (parsed === undefined) {
      throw new CheckFailedError(
        `the store's current value is not a postgresql:// URL; in strategy alternate the store holds the ` +
          `connection URL of the role in use. Write postgresql://ROLE:PASSWORD@${this.config.host}:${this.config.port}/${this.config.database} to the store, or use strategy single`,
      );
    }
    if (!this.config.roles.includes(parsed.role)) {
      throw new CheckFailedError(
        `the store's current URL logs in as ${parsed.role}, which is not one of roles [${this.config.roles.join(', ')}]; ` +
          'fix the roles field (or the stored URL) so the role in use is one of them',
      );
    }
    return { inUse: parsed.role, next: parsed.role === first ? (second as string) : first };
  }

  /** The logins that may change `role`'s password, most likely first. */
  private logins(role: string, current: StoredSecret | undefined, previous: StoredSecret | undefined): Login[] {
    if (this.admin) return [{ ...this.admin, source: POSTGRES_ADMIN_URL_INPUT }];
    const logins: Login[] = [];
    const add = (stored: StoredSecret | undefined, label: string) => {
      if (stored === undefined) return;
      if (this.config.strategy === 'single') {
        logins.push({ user: role, password: stored.value, source: `role ${role} with the ${label} password` });
        return;
      }
      const parsed = parseConnectionUrl(stored.value);
      if (parsed?.role === role) logins.push({ user: role, password: parsed.password, source: `the ${label} URL` });
    };
    add(current, 'stored');
    add(previous, 'previous stored');
    return logins;
  }

  /** Logs in with the first login that works; a refused password moves on to the next. */
  private async loginFor(
    role: string,
    current: StoredSecret | undefined,
    previous: StoredSecret | undefined,
  ): Promise<Login> {
    const logins = this.logins(role, current, previous);
    if (logins.length === 0) {
      throw new InputError(
        POSTGRES_ADMIN_URL_INPUT,
        `is not set, and the store holds no password of role ${role} to log in with`,
        `Pass postgres-admin-url (a role with CREATEROLE on ${this.config.host}), or store ${role}'s current ` +
          (this.config.strategy === 'single' ? 'password first.' : 'connection URL as the previous version first.'),
      );
    }
    const refused: string[] = [];
    for (const login of logins) {
      try {
        await this.withClient(login, async () => undefined);
        return login;
      } catch (error) {
        if (!(error instanceof AuthRefused)) throw error;
        refused.push(login.source);
      }
    }
    throw new CheckFailedError(
      `${POSTGRES_SERVICE} at ${this.where()} refused every login keyturn has for ${role} (${refused.join('; ')}). ` +
        "Pass postgres-admin-url, or store the role's working password",
    );
  }

  async check(current: StoredSecret | undefined, previous?: StoredSecret): Promise<IssuerCheck> {
    const { inUse, next } = this.roles(current);
    const login = await this.loginFor(next, current, previous);
    await this.withClient(login, async (client) => {
      const found = await client.query<{ rolname: string; rolcanlogin: boolean }>(
        'SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1::text[])',
        [this.config.roles],
      );
      for (const role of this.config.roles) {
        const row = found.rows.find((candidate) => candidate.rolname === role);
        if (row === undefined) {
          throw new CheckFailedError(
            `role ${role} does not exist at ${this.where()}: create it (CREATE ROLE ${role} LOGIN${
              this.config.strategy === 'alternate' ? ' IN ROLE <group>' : ''
            }) or fix the issuer's ${this.config.strategy === 'single' ? 'role' : 'roles'} field`,
          );
        }
        if (!row.rolcanlogin)
          throw new CheckFailedError(`role ${role} at ${this.where()} cannot log in: ALTER ROLE ${role} LOGIN`);
      }
      if (this.config.strategy === 'alternate') {
        const groups = await client.query<{ member: string; grp: string }>(
          `SELECT r.rolname AS member, g.rolname AS grp FROM pg_auth_members m
             JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
            WHERE r.rolname = ANY($1::text[])`,
          [this.config.roles],
        );
        const [a, b] = this.config.roles as [string, string];
        const of = (role: string) => new Set(groups.rows.filter((row) => row.member === role).map((row) => row.grp));
        const shared = [...of(a)].filter((group) => of(b).has(group));
        if (shared.length === 0) {
          throw new CheckFailedError(
            `roles ${a} and ${b} share no group role at ${this.where()}, so switching between them would change ` +
              `what clients may do: GRANT one group role (that owns the privileges) to both`,
          );
        }
      }
      if (login.source === POSTGRES_ADMIN_URL_INPUT) {
        const me = await client.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
          'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
        );
        const row = me.rows[0];
        if (!row?.rolsuper && !row?.rolcreaterole) {
          throw new CheckFailedError(
            `the ${POSTGRES_ADMIN_URL_INPUT} role cannot change other roles' passwords: give it CREATEROLE (or use the role's own login)`,
          );
        }
      }
    });
    const plan =
      this.config.strategy === 'single'
        ? `change the password of role ${next}`
        : `change the password of role ${next} and switch the stored URL to it${inUse ? ` (${inUse} is in use)` : ''}`;
    return { plan };
  }

  async issue(current: StoredSecret | undefined, _previous?: StoredSecret): Promise<IssuedValue> {
    const { next } = this.roles(current);
    const password = this.context.secrets.mask(drawPassword());
    const value =
      this.config.strategy === 'single'
        ? password
        : this.context.secrets.mask(connectionUrl(this.config, next, password));
    return { value, detail: `role ${next}` };
  }

  /** issue changed nothing at the source: there is nothing to undo. */
  async discard(_issued: IssuedValue): Promise<void> {}

  /** The role and password an issued (or stored) value logs in with. */
  private credentialOf(value: string): { role: string; password: string } {
    if (this.config.strategy === 'single') return { role: this.config.roles[0] as string, password: value };
    const parsed = parseConnectionUrl(value);
    if (parsed === undefined || !this.config.roles.includes(parsed.role)) {
      throw new CheckFailedError(
        `the value to apply is not a connection URL of one of roles [${this.config.roles.join(', ')}]`,
      );
    }
    return parsed;
  }

  async apply(issued: IssuedValue, current: StoredSecret | undefined, previous?: StoredSecret): Promise<void> {
    const target = this.credentialOf(issued.value);
    // Already accepted (a resumed rotation whose ALTER ran): nothing to do.
    try {
      await this.withClient({ user: target.role, password: target.password }, async () => undefined);
      this.context.log.info(`role ${target.role} already accepts the new password`);
      return;
    } catch (error) {
      if (!(error instanceof AuthRefused)) throw error;
    }
    // A resumed single-role rotation: the store's current value is the new
    // password, so the role's own login is the previous one.
    const candidates = [current, previous].filter(
      (stored): stored is StoredSecret => stored !== undefined && stored.value !== issued.value,
    );
    const login = await this.loginFor(target.role, candidates[0], candidates[1]);
    await this.alter(login, target.role, target.password);
    this.context.log.info(`ALTER ROLE ${target.role}: new SCRAM-SHA-256 verifier set`);
  }

  private async alter(login: { user: string; password: string }, role: string, password: string): Promise<void> {
    const verifier = scramSha256Verifier(password);
    await this.withClient(login, async (client) => {
      await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${client.escapeLiteral(verifier)}`);
    });
  }

  async proveNew(value: string): Promise<void> {
    const { role, password } = this.credentialOf(value);
    try {
      await this.withClient({ user: role, password }, async (client) => {
        const result = await client.query<{ one: number }>('SELECT 1 AS one');
        if (result.rows[0]?.one !== 1) throw new CheckFailedError(`SELECT 1 as ${role} did not answer 1`);
      });
    } catch (error) {
      if (error instanceof AuthRefused) {
        throw new CheckFailedError(`the new password of role ${role} is refused at ${this.where()}: ${error.message}`);
      }
      throw error;
    }
  }

  async retire(old: StoredSecret, options: RetireOptions): Promise<RetireResult> {
    if (this.config.strategy === 'single') {
      return { outcome: 'revoked', detail: `role ${this.config.roles[0]}: ALTER ROLE replaced the old password` };
    }
    const parsed = this.credentialOf(old.value);
    // revoke-old (graceMs 0 means the same to a direct caller); without it the old role keeps working.
    if (options.revokeOld !== true && options.graceMs !== 0) {
      return { outcome: 'kept', detail: `role ${parsed.role} keeps its password until the next rotation replaces it` };
    }
    // revoke-old: the old role's password is replaced by one nobody keeps.
    try {
      const login = this.admin ? { ...this.admin } : { user: parsed.role, password: parsed.password };
      await this.alter(login, parsed.role, drawPassword());
    } catch (error) {
      if (!(error instanceof AuthRefused) || this.admin) throw error;
      this.oldReplaced = true;
      return { outcome: 'already-retired', detail: `role ${parsed.role}` };
    }
    this.oldReplaced = true;
    return { outcome: 'revoked', detail: `role ${parsed.role}: its password replaced by one nobody holds` };
  }

  /** Single mode, and alternate with revoke-old: the old password is refused. */
  async proveRetired(old: StoredSecret): Promise<void> {
    // An alternate role kept for its clients is meant to work: nothing to prove.
    if (this.config.strategy === 'alternate' && !this.oldReplaced) return;
    const { role, password } = this.credentialOf(old.value);
    try {
      await this.withClient({ user: role, password }, async () => undefined);
    } catch (error) {
      if (error instanceof AuthRefused) return;
      throw error;
    }
    throw new CheckFailedError(`the old password of role ${role} still logs in at ${this.where()}`);
  }
}

/** The server refused a password (SQLSTATE 28P01/28000): the answer a proof of retirement wants. */
class AuthRefused extends CheckFailedError {
  override name = 'AuthRefused';
}

/** The registry's `open` for postgres. */
export function openPostgresIssuer(context: IssuerOpenContext, tuning?: PostgresTuning): PostgresIssuer {
  const config = parsePostgresConfig(context.config, `${context.entry}.issuer`);
  const admin = parseAdminUrl(context.credentials[POSTGRES_ADMIN_URL_INPUT], config);
  if (admin) context.secrets.mask(admin.password);
  const deadline =
    context.requestTimeoutMs === undefined
      ? {}
      : { connectTimeoutMs: context.requestTimeoutMs, statementTimeoutMs: context.requestTimeoutMs };
  return new PostgresIssuer(config, admin, context, { ...deadline, ...tuning });
}

export { connectionUrl, parseConnectionUrl, parsePostgresConfig } from './postgres-config';
