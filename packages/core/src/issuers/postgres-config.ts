import { InputError } from '../errors';
import { FieldReader } from './fields';

/** The postgres issuer's manifest fields and credential input, read without
 * loading `pg` (the manifest checks them in every bundle; ./postgres connects). */
export const POSTGRES_SERVICE = 'PostgreSQL';
export const POSTGRES_ADMIN_URL_INPUT = 'postgres-admin-url';
export const POSTGRES_FIELDS = ['host', 'port', 'database', 'role', 'roles', 'strategy', 'sslmode'] as const;
export const SSL_MODES = ['disable', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];
/** PostgreSQL truncates identifiers at 63 bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

export interface PostgresIssuerConfig {
  host: string;
  port: number;
  database: string;
  strategy: 'single' | 'alternate';
  /** single: one role; alternate: the two login roles. */
  roles: readonly string[];
  sslmode: SslMode;
}

export interface PostgresAdminLogin {
  user: string;
  password: string;
}

export interface PostgresTuning {
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Attempts of a connection that failed for the network, not for the password. */
  connectAttempts?: number;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Reads the manifest's `issuer:` fields of a postgres entry. */
export function parsePostgresConfig(raw: Readonly<Record<string, unknown>>, where: string): PostgresIssuerConfig {
  const fields: FieldReader = new FieldReader(raw, where);
  fields.only(['kind', ...POSTGRES_FIELDS]);
  const host = fields.requiredString('host', 'Give the database host name, such as db.internal.');
  if (!/^[A-Za-z0-9._:[\]-]+$/.test(host)) fields.fail('host', `is '${host}'`, 'Give a host name or an IP address.');
  const port = fields.integer('port', 5432, { min: 1, max: 65_535 });
  const database = fields.requiredString('database', 'Give the database the roles log in to, such as musehub.');
  const role = fields.string('role', 'Give the login role, such as musehub_app.');
  const roles = fields.stringList('roles', 'Give two login roles, such as [app_blue, app_green].');
  const strategy = fields.oneOf('strategy', ['single', 'alternate'], roles === undefined ? 'single' : 'alternate');
  if (role !== undefined && roles !== undefined) {
    fields.fail(
      'roles',
      'is given with role',
      'Give role (strategy: single) or roles (strategy: alternate), not both.',
    );
  }
  let names: string[];
  if (strategy === 'single') {
    if (roles !== undefined) {
      fields.fail('roles', 'is a list of roles but strategy is single', 'Use role: NAME, or strategy: alternate.');
    }
    if (role === undefined) fields.fail('role', 'is required with strategy single', 'Give the login role: role: NAME.');
    names = [role];
  } else {
    if (roles === undefined || roles.length !== 2) {
      fields.fail(
        'roles',
        roles === undefined ? 'is required with strategy alternate' : `names ${roles.length} roles`,
        'Give exactly two login roles of one group role: roles: [app_blue, app_green].',
      );
    }
    if (roles[0] === roles[1]) fields.fail('roles', 'names the same role twice', 'Give two different roles.');
    names = roles;
  }
  for (const name of names) {
    if (
      Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES ||
      [...name].some((character) => character.charCodeAt(0) < 0x20)
    ) {
      fields.fail(
        strategy === 'single' ? 'role' : 'roles',
        `'${name}' is not a role name`,
        'Role names are at most 63 bytes, without control characters.',
      );
    }
  }
  const sslmode = fields.oneOf('sslmode', SSL_MODES, 'verify-full');
  if (sslmode === 'disable' && !isLoopback(host)) {
    fields.fail(
      'sslmode',
      `is disable for ${host}`,
      'A password goes over this connection: use require or verify-full (disable is for loopback only).',
    );
  }
  return Object.freeze({ host, port, database, strategy, roles: Object.freeze(names), sslmode });
}

/** Reads `postgres-admin-url`: user and password of a role that may alter the
 * login roles, for the entry's own host (a credential for one server is
 * never sent to another). */
export function parseAdminUrl(text: string | undefined, config: PostgresIssuerConfig): PostgresAdminLogin | undefined {
  if (text === undefined || text === '') return undefined;
  const fix = "Give postgresql://ADMIN:PASSWORD@HOST:PORT/DATABASE for a role with CREATEROLE, on the entry's host.";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(POSTGRES_ADMIN_URL_INPUT, 'is not a URL', fix);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new InputError(POSTGRES_ADMIN_URL_INPUT, `uses ${url.protocol} (not postgresql:)`, fix);
  }
  if (url.username === '' || url.password === '') {
    throw new InputError(POSTGRES_ADMIN_URL_INPUT, 'has no user or no password', fix);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host !== '' && host !== config.host.replace(/^\[|\]$/g, '')) {
    throw new InputError(POSTGRES_ADMIN_URL_INPUT, `names host ${host}, not the entry's ${config.host}`, fix);
  }
  return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/** The URL the store holds in alternate mode. */
export function connectionUrl(config: PostgresIssuerConfig, role: string, password: string): string {
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return (
    `postgresql://${encodeURIComponent(role)}:${encodeURIComponent(password)}@${host}:${config.port}/` +
    `${encodeURIComponent(config.database)}?sslmode=${config.sslmode}`
  );
}

/** The role and password of a stored URL (alternate mode), or undefined when it is not one. */
export function parseConnectionUrl(value: string): { role: string; password: string } | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') return undefined;
    return { role: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  } catch {
    return undefined;
  }
}
