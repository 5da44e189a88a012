export const id = 492;
export const ids = [492];
export const modules = {

/***/ 9111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPostgresIssuer: () => (/* binding */ openPostgresIssuer)
});

// UNUSED EXPORTS: PostgresIssuer, connectionUrl, parseConnectionUrl, parsePostgresConfig

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/pg/esm/index.mjs
var esm = __webpack_require__(5757);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/issuers/postgres-config.ts
var postgres_config = __webpack_require__(6297);
;// CONCATENATED MODULE: ../core/src/issuers/scram.ts

/**
 * A SCRAM-SHA-256 password verifier, computed on this side as psql's
 * `\password` and libpq's PQencryptPasswordConn do (RFC 5802, RFC 7677), in
 * the text form PostgreSQL stores in pg_authid.rolpassword:
 *
 *   SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
 *
 * `ALTER ROLE … PASSWORD '<verifier>'` stores it as it is, so the plaintext
 * never reaches the server: not the statement, its log, nor
 * pg_stat_statements. The verifier proves nothing to a reader (deriving a
 * login from it means brute-forcing 4096 PBKDF2 rounds per guess).
 *
 * The password must be ASCII without control characters: SASLprep leaves such
 * text unchanged, so no normalisation is needed (keyturn draws its passwords
 * from that alphabet; anything else is refused rather than prepared wrongly).
 */
const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;
function scramSha256Verifier(password, options = {}) {
    if (!/^[\x20-\x7e]+$/.test(password)) {
        throw new Error('a SCRAM verifier is only computed here for printable ASCII passwords');
    }
    const salt = options.salt ?? (0,external_node_crypto_.randomBytes)(SALT_BYTES);
    const iterations = options.iterations ?? SCRAM_ITERATIONS;
    const salted = (0,external_node_crypto_.pbkdf2Sync)(password, salt, iterations, 32, 'sha256');
    const clientKey = (0,external_node_crypto_.createHmac)('sha256', salted).update('Client Key').digest();
    const storedKey = (0,external_node_crypto_.createHash)('sha256').update(clientKey).digest();
    const serverKey = (0,external_node_crypto_.createHmac)('sha256', salted).update('Server Key').digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

;// CONCATENATED MODULE: ../core/src/issuers/postgres.ts






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
function drawPassword() {
    let password = '';
    for (let index = 0; index < PASSWORD_LENGTH; index++) {
        password += PASSWORD_ALPHABET[(0,external_node_crypto_.randomInt)(PASSWORD_ALPHABET.length)];
    }
    return password;
}
function sqlState(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : undefined;
}
function isAuthFailure(error) {
    const code = sqlState(error);
    return code === INVALID_PASSWORD || code === INVALID_AUTHORIZATION;
}
/** A network failure (the server is down or unreachable), worth trying again. */
function isNetworkFailure(error) {
    const code = sqlState(error);
    if (code !== undefined && /^[A-Z]+$/.test(code) && code.startsWith('E'))
        return true;
    if (code === '57P03' || code === '53300')
        return true; // cannot connect now / too many connections
    const message = (0,errors/* errorMessage */.gJ)(error);
    return /timeout|terminated|ECONNRESET|ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN/i.test(message);
}
class PostgresIssuer {
    kind = 'postgres';
    config;
    admin;
    context;
    tuning;
    /** Alternate mode: whether retire replaced the old role's password (revoke-old). */
    oldReplaced = false;
    constructor(config, admin, context, tuning = {}) {
        this.config = config;
        this.admin = admin;
        this.context = context;
        this.tuning = {
            connectTimeoutMs: tuning.connectTimeoutMs ?? 10_000,
            statementTimeoutMs: tuning.statementTimeoutMs ?? 15_000,
            connectAttempts: tuning.connectAttempts ?? 3,
        };
    }
    ssl() {
        if (this.config.sslmode === 'disable')
            return false;
        if (this.config.sslmode === 'require')
            return { rejectUnauthorized: false };
        return { rejectUnauthorized: true, servername: this.config.host };
    }
    where() {
        return `${this.config.host}:${this.config.port}/${this.config.database}`;
    }
    /** One connection, its failures typed: a refused password is a CheckFailedError
     * (never retried), an unreachable server an UpstreamError (retried here). */
    async connect(login) {
        const attempt = async () => {
            const client = new esm/* default.Client */.Ay.Client({
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
            client.on('error', () => { });
            try {
                await client.connect();
                return client;
            }
            catch (error) {
                await client.end().catch(() => { });
                throw this.typed(error, `logging in as ${login.user}`);
            }
        };
        return (0,retry/* withRetry */.bD)(attempt, { maxAttempts: this.tuning.connectAttempts, baseDelayMs: 500, maxDelayMs: 4_000, totalTimeMs: 30_000 }, {
            clock: this.context.clock,
            sleep: this.context.sleep,
            onRetry: ({ waitMs }) => this.context.log.info(`${postgres_config/* POSTGRES_SERVICE */.i3} unreachable; trying again in ${waitMs} ms`),
        });
    }
    typed(error, doing) {
        if (error instanceof errors/* CheckFailedError */.CO || error instanceof errors/* UpstreamError */.gA || error instanceof errors/* InputError */.dz)
            return error;
        const state = sqlState(error);
        const detail = `${doing} at ${this.where()}: ${(0,errors/* errorMessage */.gJ)(error)}${state ? ` (SQLSTATE ${state})` : ''}`;
        if (isAuthFailure(error))
            return new AuthRefused(detail);
        return new errors/* UpstreamError */.gA(detail, { service: postgres_config/* POSTGRES_SERVICE */.i3, retryable: isNetworkFailure(error) });
    }
    async withClient(login, work) {
        const client = await this.connect(login);
        try {
            return await work(client);
        }
        catch (error) {
            throw this.typed(error, `as ${login.user}`);
        }
        finally {
            await client.end().catch(() => { });
        }
    }
    /** The role the current value logs in as, and the one a rotation changes. */
    roles(current) {
        const [first, second] = this.config.roles;
        if (this.config.strategy === 'single')
            return { inUse: first, next: first };
        if (current === undefined)
            return { inUse: undefined, next: first };
        const parsed = (0,postgres_config/* parseConnectionUrl */.zP)(current.value);
        if (parsed === undefined) {
            throw new errors/* CheckFailedError */.CO(`the store's current value is not a postgresql:// URL; in strategy alternate the store holds the ` +
                `connection URL of the role in use. Write postgresql://ROLE:PASSWORD@${this.config.host}:${this.config.port}/${this.config.database} to the store, or use strategy single`);
        }
        if (!this.config.roles.includes(parsed.role)) {
            throw new errors/* CheckFailedError */.CO(`the store's current URL logs in as ${parsed.role}, which is not one of roles [${this.config.roles.join(', ')}]; ` +
                'fix the roles field (or the stored URL) so the role in use is one of them');
        }
        return { inUse: parsed.role, next: parsed.role === first ? second : first };
    }
    /** The logins that may change `role`'s password, most likely first. */
    logins(role, current, previous) {
        if (this.admin)
            return [{ ...this.admin, source: postgres_config/* POSTGRES_ADMIN_URL_INPUT */.HS }];
        const logins = [];
        const add = (stored, label) => {
            if (stored === undefined)
                return;
            if (this.config.strategy === 'single') {
                logins.push({ user: role, password: stored.value, source: `role ${role} with the ${label} password` });
                return;
            }
            const parsed = (0,postgres_config/* parseConnectionUrl */.zP)(stored.value);
            if (parsed?.role === role)
                logins.push({ user: role, password: parsed.password, source: `the ${label} URL` });
        };
        add(current, 'stored');
        add(previous, 'previous stored');
        return logins;
    }
    /** Logs in with the first login that works; a refused password moves on to the next. */
    async loginFor(role, current, previous) {
        const logins = this.logins(role, current, previous);
        if (logins.length === 0) {
            throw new errors/* InputError */.dz(postgres_config/* POSTGRES_ADMIN_URL_INPUT */.HS, `is not set, and the store holds no password of role ${role} to log in with`, `Pass postgres-admin-url (a role with CREATEROLE on ${this.config.host}), or store ${role}'s current ` +
                (this.config.strategy === 'single' ? 'password first.' : 'connection URL as the previous version first.'));
        }
        const refused = [];
        for (const login of logins) {
            try {
                await this.withClient(login, async () => undefined);
                return login;
            }
            catch (error) {
                if (!(error instanceof AuthRefused))
                    throw error;
                refused.push(login.source);
            }
        }
        throw new errors/* CheckFailedError */.CO(`${postgres_config/* POSTGRES_SERVICE */.i3} at ${this.where()} refused every login keyturn has for ${role} (${refused.join('; ')}). ` +
            "Pass postgres-admin-url, or store the role's working password");
    }
    async check(current, previous) {
        const { inUse, next } = this.roles(current);
        const login = await this.loginFor(next, current, previous);
        await this.withClient(login, async (client) => {
            const found = await client.query('SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1::text[])', [this.config.roles]);
            for (const role of this.config.roles) {
                const row = found.rows.find((candidate) => candidate.rolname === role);
                if (row === undefined) {
                    throw new errors/* CheckFailedError */.CO(`role ${role} does not exist at ${this.where()}: create it (CREATE ROLE ${role} LOGIN${this.config.strategy === 'alternate' ? ' IN ROLE <group>' : ''}) or fix the issuer's ${this.config.strategy === 'single' ? 'role' : 'roles'} field`);
                }
                if (!row.rolcanlogin)
                    throw new errors/* CheckFailedError */.CO(`role ${role} at ${this.where()} cannot log in: ALTER ROLE ${role} LOGIN`);
            }
            if (this.config.strategy === 'alternate') {
                const groups = await client.query(`SELECT r.rolname AS member, g.rolname AS grp FROM pg_auth_members m
             JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
            WHERE r.rolname = ANY($1::text[])`, [this.config.roles]);
                const [a, b] = this.config.roles;
                const of = (role) => new Set(groups.rows.filter((row) => row.member === role).map((row) => row.grp));
                const shared = [...of(a)].filter((group) => of(b).has(group));
                if (shared.length === 0) {
                    throw new errors/* CheckFailedError */.CO(`roles ${a} and ${b} share no group role at ${this.where()}, so switching between them would change ` +
                        `what clients may do: GRANT one group role (that owns the privileges) to both`);
                }
            }
            if (login.source === postgres_config/* POSTGRES_ADMIN_URL_INPUT */.HS) {
                const me = await client.query('SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user');
                const row = me.rows[0];
                if (!row?.rolsuper && !row?.rolcreaterole) {
                    throw new errors/* CheckFailedError */.CO(`the ${postgres_config/* POSTGRES_ADMIN_URL_INPUT */.HS} role cannot change other roles' passwords: give it CREATEROLE (or use the role's own login)`);
                }
            }
        });
        const plan = this.config.strategy === 'single'
            ? `change the password of role ${next}`
            : `change the password of role ${next} and switch the stored URL to it${inUse ? ` (${inUse} is in use)` : ''}`;
        return { plan };
    }
    async issue(current, _previous) {
        const { next } = this.roles(current);
        const password = this.context.secrets.mask(drawPassword());
        const value = this.config.strategy === 'single'
            ? password
            : this.context.secrets.mask((0,postgres_config/* connectionUrl */.C7)(this.config, next, password));
        return { value, detail: `role ${next}` };
    }
    /** issue changed nothing at the source: there is nothing to undo. */
    async discard(_issued) { }
    /** The role and password an issued (or stored) value logs in with. */
    credentialOf(value) {
        if (this.config.strategy === 'single')
            return { role: this.config.roles[0], password: value };
        const parsed = (0,postgres_config/* parseConnectionUrl */.zP)(value);
        if (parsed === undefined || !this.config.roles.includes(parsed.role)) {
            throw new errors/* CheckFailedError */.CO(`the value to apply is not a connection URL of one of roles [${this.config.roles.join(', ')}]`);
        }
        return parsed;
    }
    async apply(issued, current, previous) {
        const target = this.credentialOf(issued.value);
        // Already accepted (a resumed rotation whose ALTER ran): nothing to do.
        try {
            await this.withClient({ user: target.role, password: target.password }, async () => undefined);
            this.context.log.info(`role ${target.role} already accepts the new password`);
            return;
        }
        catch (error) {
            if (!(error instanceof AuthRefused))
                throw error;
        }
        // A resumed single-role rotation: the store's current value is the new
        // password, so the role's own login is the previous one.
        const candidates = [current, previous].filter((stored) => stored !== undefined && stored.value !== issued.value);
        const login = await this.loginFor(target.role, candidates[0], candidates[1]);
        await this.alter(login, target.role, target.password);
        this.context.log.info(`ALTER ROLE ${target.role}: new SCRAM-SHA-256 verifier set`);
    }
    async alter(login, role, password) {
        const verifier = scramSha256Verifier(password);
        await this.withClient(login, async (client) => {
            await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${client.escapeLiteral(verifier)}`);
        });
    }
    async proveNew(value) {
        const { role, password } = this.credentialOf(value);
        try {
            await this.withClient({ user: role, password }, async (client) => {
                const result = await client.query('SELECT 1 AS one');
                if (result.rows[0]?.one !== 1)
                    throw new errors/* CheckFailedError */.CO(`SELECT 1 as ${role} did not answer 1`);
            });
        }
        catch (error) {
            if (error instanceof AuthRefused) {
                throw new errors/* CheckFailedError */.CO(`the new password of role ${role} is refused at ${this.where()}: ${error.message}`);
            }
            throw error;
        }
    }
    async retire(old, options) {
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
        }
        catch (error) {
            if (!(error instanceof AuthRefused) || this.admin)
                throw error;
            this.oldReplaced = true;
            return { outcome: 'already-retired', detail: `role ${parsed.role}` };
        }
        this.oldReplaced = true;
        return { outcome: 'revoked', detail: `role ${parsed.role}: its password replaced by one nobody holds` };
    }
    /** Single mode, and alternate with revoke-old: the old password is refused. */
    async proveRetired(old) {
        // An alternate role kept for its clients is meant to work: nothing to prove.
        if (this.config.strategy === 'alternate' && !this.oldReplaced)
            return;
        const { role, password } = this.credentialOf(old.value);
        try {
            await this.withClient({ user: role, password }, async () => undefined);
        }
        catch (error) {
            if (error instanceof AuthRefused)
                return;
            throw error;
        }
        throw new errors/* CheckFailedError */.CO(`the old password of role ${role} still logs in at ${this.where()}`);
    }
}
/** The server refused a password (SQLSTATE 28P01/28000): the answer a proof of retirement wants. */
class AuthRefused extends errors/* CheckFailedError */.CO {
    name = 'AuthRefused';
}
/** The registry's `open` for postgres. */
function openPostgresIssuer(context, tuning) {
    const config = (0,postgres_config/* parsePostgresConfig */.zp)(context.config, `${context.entry}.issuer`);
    const admin = (0,postgres_config/* parseAdminUrl */.kt)(context.credentials[postgres_config/* POSTGRES_ADMIN_URL_INPUT */.HS], config);
    if (admin)
        context.secrets.mask(admin.password);
    const deadline = context.requestTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: context.requestTimeoutMs, statementTimeoutMs: context.requestTimeoutMs };
    return new PostgresIssuer(config, admin, context, { ...deadline, ...tuning });
}



/***/ })

};
