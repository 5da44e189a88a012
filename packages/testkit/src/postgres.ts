import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL server for a test run: a throwaway cluster made with
 * `initdb` in a temp directory, listening on 127.0.0.1 at a free port, with
 * `scram-sha-256` for every TCP login in pg_hba.conf and every statement
 * logged (so a test can read the log for a password), removed by `stop()`.
 * No emulator: the server is the test.
 *
 * The binaries are Debian's `postgresql` package (.ci/run installs it):
 * `KEYTURN_PG_BIN`, else the newest /usr/lib/postgresql/N/bin, else PATH.
 * PostgreSQL refuses to run as root, so under root (CI) the cluster belongs
 * to the `postgres` user the package creates.
 */
export interface PostgresServer {
  host: string;
  port: number;
  /** The bootstrap superuser and its password (for setting up roles). */
  superuser: string;
  superuserPassword: string;
  /** postgresql://superuser:password@127.0.0.1:port/postgres */
  adminUrl: string;
  /** Everything the server logged so far (log_statement = all). */
  log(): string;
  /** Runs SQL as the superuser through psql; returns its output. */
  psql(sql: string, database?: string): string;
  /** Whether `user` logs in with `password` over TCP (and can run a query),
   * as an application would: the proof a rotation took. */
  logsIn(user: string, password: string): Promise<boolean>;
  /** Stops the server (the data stays, for restart). */
  pause(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops the server and removes the cluster. */
  stop(): Promise<void>;
}

export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.KEYTURN_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return found ? join(found, '..') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a PostgreSQL server can be started here (tests skip with a reason when not). */
export function postgresAvailable(): boolean {
  return postgresBinDir() !== undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function owner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(
  options: { logStatements?: boolean; preload?: readonly string[] } = {},
): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === undefined)
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (or set KEYTURN_PG_BIN)');
  const as = owner();
  const root = mkdtempSync(join(tmpdir(), 'keyturn-pg-'));
  const data = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'server.log');
  const pwFile = join(root, 'pwfile');
  const superuser = 'keyturn_admin';
  const superuserPassword = `admin-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  writeFileSync(pwFile, `${superuserPassword}\n`, { mode: 0o600 });
  execFileSync('mkdir', ['-p', socketDir]);
  writeFileSync(logFile, '');
  if (as) for (const path of [root, socketDir, logFile, pwFile]) chownSync(path, as.uid, as.gid);
  const run = (file: string, args: string[]) =>
    execFileSync(join(bin, file), args, {
      stdio: 'pipe',
      encoding: 'utf8',
      ...(as ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
  run('initdb', ['-D', data, '-U', superuser, `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '--no-sync', '-E', 'UTF8']);
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all scram-sha-256',
      'host all all 127.0.0.1/32 scram-sha-256',
      'host all all ::1/128 scram-sha-256',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      socketDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      `log_statement=${options.logStatements === false ? 'none' : 'all'}`,
      '-c',
      'log_min_error_statement=error',
      '-c',
      'log_connections=on',
      '-c',
      'shared_buffers=16MB',
      '-c',
      'max_connections=40',
      ...(options.preload?.length ? ['-c', `shared_preload_libraries=${options.preload.join(',')}`] : []),
    ];
    const out = await import('node:fs').then((fs) => fs.openSync(logFile, 'a'));
    child = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', out, out],
      ...(as ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1'], { stdio: 'ignore' });
        return;
      } catch {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`postgres did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const halt = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGINT'); // fast shutdown
    await exited;
  };
  await start();
  const adminUrl = `postgresql://${superuser}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${port}/postgres`;
  return {
    host: '127.0.0.1',
    port,
    superuser,
    superuserPassword,
    adminUrl,
    log: () => readFileSync(logFile, 'utf8'),
    psql: (sql, database = 'postgres') =>
      execFileSync(
        join(bin, 'psql'),
        [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-At',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          superuser,
          '-d',
          database,
          '-c',
          sql,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, PGPASSWORD: superuserPassword, PGCONNECT_TIMEOUT: '5' },
        },
      ),
    logsIn: async (user, password) => {
      const client = new pg.Client({ host: '127.0.0.1', port, database: 'postgres', user, password });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => {});
      }
    },
    pause: halt,
    resume: start,
    stop: async () => {
      await halt();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
