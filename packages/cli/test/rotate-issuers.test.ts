import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type GitHubCredentials,
  type GitHubEmulator,
  type HerokuEmulator,
  type PostgresServer,
  postgresAvailable,
  type SsmEmulator,
  startGitHubWithCredentials,
  startHeroku,
  startPostgres,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers';

/**
 * `keyturn rotate ID` on issuer entries, through the CLI's one wiring: the
 * secret inputs an issuer declares in its registry come from KEYTURN_*
 * variables or the no-echo prompt (never flags), for github-pat against the
 * GitHub emulator and for postgres against a real PostgreSQL.
 */
const DAY = 86_400_000;
const OLD_PAT = 'ghp_cliOldPatCanary000000000000000000000';
const NEW_PAT = 'ghp_cliNewPatCanary111111111111111111111';
const HEROKU_KEY = 'heroku-key-cli-issuer-canary-2b7c';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useEmulatorAwsCredentials();
});
afterAll(() => restoreEnv());

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyturn-cli-issuers-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('keyturn rotate ID: a github-pat entry', () => {
  let ssm: SsmEmulator;
  let github: GitHubEmulator;
  let credentials: GitHubCredentials;
  let heroku: HerokuEmulator;
  let env: NodeJS.ProcessEnv;
  let manifest: string;
  beforeEach(async () => {
    ssm = await startSsm();
    ({ github, credentials } = await startGitHubWithCredentials());
    heroku = await startHeroku();
    github.addToken(OLD_PAT, { login: 'raxx-bot' });
    github.addToken(NEW_PAT, { login: 'raxx-bot' });
    credentials.profile(NEW_PAT, { expiresAt: Date.now() + 60 * DAY });
    heroku.addApiKey(HEROKU_KEY);
    heroku.addApp('console', { GITHUB_TOKEN: OLD_PAT });
    ssm.seed('/ci/readonly-pat', OLD_PAT, { labels: ['current'], lastModified: Date.now() - 100 * DAY });
    manifest = join(dir, 'rotation.yml');
    await writeFile(
      manifest,
      `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: readonly-pat
    store: { name: /ci/readonly-pat }
    issuer: { kind: github-pat, expected-login: raxx-bot, min-days-left: 14 }
    targets: [heroku:console/GITHUB_TOKEN]
    revoke-old: true
`,
    );
    env = { AWS_ENDPOINT_URL_SSM: ssm.url, KEYTURN_HEROKU_API_KEY: HEROKU_KEY };
  });
  afterEach(async () => {
    await Promise.all([ssm.close(), github.close(), heroku.close()]);
  });
  const args = ['rotate', 'readonly-pat', '--github-api-url', '', '--heroku-api-url', '', '--force', 'true'];
  const argv = () =>
    args.map((arg, index) =>
      args[index - 1] === '--github-api-url' ? github.url : args[index - 1] === '--heroku-api-url' ? heroku.url : arg,
    );
  const stored = () => ssm.parameters.get('/ci/readonly-pat')?.at(-1)?.value;

  it('takes the new token from KEYTURN_NEW_TOKEN: stored, pushed, the old one revoked', async () => {
    const run = await cli([...argv(), '--manifest', manifest], { ...env, KEYTURN_NEW_TOKEN: NEW_PAT });
    expect(run.code, run.text).toBe(0);
    expect(stored()).toBe(NEW_PAT);
    expect(heroku.configVars('console')?.GITHUB_TOKEN).toBe(NEW_PAT);
    expect(credentials.revoked).toEqual([OLD_PAT]);
    expect(run.text).not.toContain(NEW_PAT);
    expect(run.text).not.toContain(OLD_PAT);
  });

  it('asks for it at a terminal without echo, naming the variable', async () => {
    const run = await cli([...argv(), '--manifest', manifest], env, { answers: { 'new-token': NEW_PAT } });
    expect(run.code, run.text).toBe(0);
    expect(stored()).toBe(NEW_PAT);
    expect(run.text).not.toContain(NEW_PAT);
  });

  it('refuses a token given as a flag, and without one says a person is needed (exit 2, nothing written)', async () => {
    const flag = await cli([...argv(), '--manifest', manifest, '--new-token', NEW_PAT], env);
    expect(flag.code).toBe(2);
    expect(flag.text).toContain('KEYTURN_NEW_TOKEN');
    expect(flag.text).not.toContain(NEW_PAT);
    const missing = await cli([...argv(), '--manifest', manifest], env);
    expect(missing.code).toBe(2);
    expect(missing.text).toMatch(/KEYTURN_NEW_TOKEN \(the secret input new-token\) is empty.*needs a person/s);
    expect([...ssm.writes(), ...heroku.emulator.mutatingRequests(), ...github.mutatingRequests()]).toEqual([]);
  });
});

describe.skipIf(!(postgresAvailable() || process.env.KEYTURN_REQUIRE_POSTGRES === '1'))(
  'keyturn rotate ID: a postgres entry against a real PostgreSQL',
  () => {
    const OLD = 'Old-cli-db-password-canary-77c1';
    let server: PostgresServer;
    let ssm: SsmEmulator;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(async () => {
      server.psql(`DROP ROLE IF EXISTS cli_app; CREATE ROLE cli_app LOGIN PASSWORD '${OLD}';`);
      ssm = await startSsm();
      ssm.seed('/prod/cli-db', OLD, { labels: ['current'], lastModified: Date.now() - 200 * DAY });
      return () => ssm.close();
    });
    const login = (password: string) => server.logsIn('cli_app', password);

    it('changes the role password with the admin URL from KEYTURN_POSTGRES_ADMIN_URL', async () => {
      const manifest = join(dir, 'rotation.yml');
      await writeFile(
        manifest,
        `version: 1
defaults: { store: { kind: ssm, region: eu-west-1 }, max-age: 90d }
secrets:
  - id: db-password
    store: { name: /prod/cli-db }
    issuer: { kind: postgres, host: ${server.host}, port: ${server.port}, database: postgres, role: cli_app, sslmode: disable }
`,
      );
      const run = await cli(['rotate', 'db-password', '--manifest', manifest], {
        AWS_ENDPOINT_URL_SSM: ssm.url,
        KEYTURN_POSTGRES_ADMIN_URL: server.adminUrl,
      });
      expect(run.code, run.text).toBe(0);
      const stored = ssm.parameters.get('/prod/cli-db')?.at(-1)?.value ?? '';
      expect(stored).not.toBe(OLD);
      expect(await login(stored)).toBe(true);
      expect(await login(OLD)).toBe(false);
      expect(run.text).not.toContain(stored);
      expect(run.text).not.toContain(server.adminUrl);
    });
  },
);
