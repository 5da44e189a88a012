/**
 * The example manifest (examples/rotation.yml) brought to life against the
 * local emulators, for the rotation tests and `npm run demo`:
 *
 *   billing-api-token    SSM, 120 days old (max-age 90d)  → due
 *   session-signing-key  SSM, 30 days old (max-age 180d)  → not due
 *   webhook-secret-key   SSM, 400 days old, on-compromise → never scheduled
 *   jwt-signing-key      Secrets Manager, 95 days old, grace 24h, a Fly target → due (the old key kept at
 *                        JWT_SIGNING_KEY_PREVIOUS for 24 hours, then removed)
 *   deploy-aws-key       SSM, aws-iam issuer, key 30 days old → not due (aged by the key's CreateDate)
 *   readonly-pat         Infisical, github-pat issuer, 200 days old (max-age 90d)
 *                        → needs a person (the emergency workflow with new-token; the expiry monitor)
 *
 * The billing service is a small HTTP server that accepts exactly the token
 * its Heroku app holds (a Heroku config change restarts the dynos), so
 * "new accepted, old refused" is proven against what rotation changed.
 * The only edits to the example files are endpoints: the manifest's verify
 * URL and Infisical URL, the caller's Heroku and Fly API URLs.
 *
 * Time: `advance(ms)` moves the clock of the emulators and of every keyturn
 * bundle the harness starts (a preload, clock-offset.cjs, through
 * NODE_OPTIONS), so a test can run "the next day" with no real sleep.
 */

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  defaultStandIns,
  type FlyEmulator,
  GITHUB_WRITE_BUDGET,
  type GitHubCredentials,
  type GitHubEmulator,
  type HarnessOptions,
  type HerokuEmulator,
  type IamEmulator,
  type InfisicalEmulator,
  type SecretsManagerEmulator,
  type SsmEmulator,
  startFly,
  startGitHubWithCredentials,
  startHeroku,
  startIam,
  startInfisical,
  startSecretsManager,
  startSsm,
} from '@keyturn/testkit';
import { type CallerRepository, callerRepository, exampleFile, harnessOptions, ROOT } from './setup';

const DAY = 86_400_000;
export const SECRETS = {
  KEYTURN_GITHUB_TOKEN: 'ghp_scenarioWriteToken000000000000000000',
  KEYTURN_HEROKU_API_KEY: 'scenario-heroku-api-key-5c1e',
  KEYTURN_FLY_API_TOKEN: 'scenario-fly-api-token-0d4b2a9e1c7f',
  KEYTURN_INFISICAL_CLIENT_ID: 'keyturn-ci',
  KEYTURN_INFISICAL_CLIENT_SECRET: 'scenario-infisical-client-secret-77aa',
};
export const OLD = {
  billing: 'old-billing-token-canary-3f9a1c',
  session: 'old-session-key-canary-8b2d4e',
  fernet: 'b2xkLWZlcm5ldC1rZXktY2FuYXJ5LTAwMDAwMDAwMDA=',
  pat: 'ghp_oldReadonlyPatCanary0000000000000000',
  jwt: 'b2xkLWp3dC1zaWduaW5nLWtleS1jYW5hcnktNGE5YzFlN2IyZDBmLTAwMDAwMDAwMDA=',
};
export const JWT_SECRET = 'cloudforge/jwt-signing-key';
const CLOCK_PRELOAD = join(ROOT, 'test', 'workflows', 'clock-offset.cjs');
/** The token a person created for readonly-pat (the emergency workflow's new-token). */
export const NEW_PAT = 'github_pat_11scenarioNewReadonlyPat_000000000000000000000';
/** When the stored (old) PAT expires: 10 days after the scenario starts, within its min-days-left 14. */
export const OLD_PAT_DAYS_LEFT = 10;

export const PROJECT = '2f6c1b7e-4f0a-4c1d-9b7e-5a3d2c1b0a99';
export const AWS_ROLE = 'arn:aws:iam::123456789012:role/keyturn-rotator';

export interface Scenario {
  ssm: SsmEmulator;
  github: GitHubEmulator;
  /** GET /user per token, POST /credentials/revoke. */
  credentials: GitHubCredentials;
  heroku: HerokuEmulator;
  infisical: InfisicalEmulator;
  secretsManager: SecretsManagerEmulator;
  fly: FlyEmulator;
  /** IAM + STS: user legacy-deployer and its key (deploy-aws-key). */
  iam: IamEmulator;
  /** Moves the clock of the emulators and of the bundles the next runs start. */
  advance(ms: number): void;
  /** The billing service's URL. */
  billingUrl: string;
  /** Requests the billing service answered, with the status. */
  billingAnswers: { token: string; status: number }[];
  caller: CallerRepository;
  manifest: string;
  /** Roles the OIDC stand-in assumed. */
  assumed: string[];
  options(extra: Partial<HarnessOptions> & Pick<HarnessOptions, 'event'>): HarnessOptions;
  close(): Promise<void>;
}

function billingService(heroku: HerokuEmulator, answers: Scenario['billingAnswers']): Promise<Server> {
  const server = createServer((request, response) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const current = heroku.configVars('acme-billing')?.BILLING_TOKEN;
    const status = token !== '' && token === current ? 200 : 401;
    answers.push({ token, status });
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status === 200 ? '{"account":"billing"}' : '{"error":"invalid token"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface ScenarioOptions {
  /** Age of session-signing-key (max-age 180d); 30 days (not due) unless said. */
  sessionKeyAgeDays?: number;
  /** Leave the acme-billing Heroku app out, so its target fails. */
  withoutBillingApp?: boolean;
}

export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const now = Date.now();
  let offset = 0;
  const clock = () => Date.now() + offset;
  const [ssm, { github, credentials }, heroku, infisical, secretsManager, fly, iam] = await Promise.all([
    startSsm({ now: clock }),
    startGitHubWithCredentials({ writeBudget: GITHUB_WRITE_BUDGET, now: clock }),
    startHeroku(),
    startInfisical({
      clients: { [SECRETS.KEYTURN_INFISICAL_CLIENT_ID]: SECRETS.KEYTURN_INFISICAL_CLIENT_SECRET },
      projects: { [PROJECT]: ['prod'] },
      now: clock,
    }),
    startSecretsManager({ region: 'eu-west-1', now: clock }),
    startFly({ now: clock }),
    startIam({ now: clock }),
  ]);
  const billingAnswers: Scenario['billingAnswers'] = [];
  const billing = await billingService(heroku, billingAnswers);
  const billingUrl = `http://127.0.0.1:${(billing.address() as AddressInfo).port}`;

  github.addToken(SECRETS.KEYTURN_GITHUB_TOKEN, { login: 'keyturn-bot' });
  github.addRepo('acme/billing', { environments: ['production'] });
  github.addRepo('raxx-app/TradeMasterAPI');
  github.addToken(OLD.pat, { login: 'raxx-bot' });
  github.addToken(NEW_PAT, { login: 'raxx-bot' });
  credentials.profile(OLD.pat, { expiresAt: now + OLD_PAT_DAYS_LEFT * DAY + 3_600_000, scopes: ['repo'] });
  credentials.profile(NEW_PAT, { expiresAt: now + 90 * DAY + 3_600_000 });
  heroku.addApiKey(SECRETS.KEYTURN_HEROKU_API_KEY);
  if (!options.withoutBillingApp) {
    heroku.addApp('acme-billing', { BILLING_TOKEN: OLD.billing, DATABASE_URL: 'postgres://left-alone' });
  }
  heroku.addApp('musehub-prod', { WEBHOOK_SECRET_KEY: OLD.fernet });
  heroku.addApp('raxx-console-prod', { GITHUB_API_READONLY_TOKEN: OLD.pat });
  heroku.addApp('raxx-console-staging', { GITHUB_API_READONLY_TOKEN: OLD.pat });
  ssm.seed('/prod/billing/api-token', OLD.billing, { labels: ['current'], lastModified: now - 120 * DAY });
  ssm.seed('/prod/billing/session-key', OLD.session, {
    labels: ['current'],
    lastModified: now - (options.sessionKeyAgeDays ?? 30) * DAY,
  });
  ssm.seed('/prod/musehub/WEBHOOK_SECRET_KEY', OLD.fernet, { labels: ['current'], lastModified: now - 400 * DAY });
  const deployKey = iam.seedKey('legacy-deployer', { ageMs: 30 * DAY });
  ssm.seed(
    '/prod/deploy/aws-access-key',
    JSON.stringify({ AccessKeyId: deployKey.accessKeyId, SecretAccessKey: deployKey.secretAccessKey }),
    { labels: ['current'], lastModified: now - 30 * DAY },
  );
  infisical.seed({ projectId: PROJECT, environment: 'prod', key: 'API_READONLY_TOKEN' }, OLD.pat, now - 200 * DAY);
  secretsManager.seed(JWT_SECRET, OLD.jwt, { createdAt: now - 95 * DAY });
  fly.addToken(SECRETS.KEYTURN_FLY_API_TOKEN, ['cloudforge-api']);
  fly.addApp('cloudforge-api', { JWT_SIGNING_KEY: OLD.jwt });

  const example = await readFile(join(ROOT, 'examples', 'rotation.yml'), 'utf8');
  const manifest = example
    .replaceAll('https://billing.example.com', billingUrl)
    .replace('      path: /\n', `      path: /\n      url: '${infisical.url}'\n`);
  const callerWorkflow = (await readFile(exampleFile('rotation.yml'), 'utf8')).replace(
    '      aws-region: eu-west-1\n',
    `      aws-region: eu-west-1\n      heroku-api-url: ${heroku.url}\n      fly-api-url: ${fly.url}\n`,
  );
  const caller = await callerRepository({
    '.github/rotation.yml': manifest,
    '.github/workflows/rotation.yml': callerWorkflow,
  });
  const assumed: string[] = [];
  return {
    ssm,
    github,
    credentials,
    heroku,
    infisical,
    secretsManager,
    fly,
    iam,
    advance(ms) {
      offset += ms;
    },
    billingUrl,
    billingAnswers,
    caller,
    manifest,
    assumed,
    options: (extra) =>
      harnessOptions(
        caller,
        {
          secrets: SECRETS,
          github: { api_url: github.url, repository: 'acme/app' },
          ...extra,
          env: {
            AWS_ENDPOINT_URL_SSM: ssm.url,
            AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
            AWS_ENDPOINT_URL_IAM: iam.url,
            AWS_ENDPOINT_URL_STS: iam.url,
            NODE_OPTIONS: `--require ${CLOCK_PRELOAD}`,
            KEYTURN_TEST_CLOCK_OFFSET_MS: String(offset),
            ...extra.env,
          },
        },
        defaultStandIns({ assumed }),
      ),
    async close() {
      await Promise.all([
        ssm.close(),
        github.close(),
        heroku.close(),
        infisical.close(),
        secretsManager.close(),
        fly.close(),
        iam.close(),
        new Promise((resolve) => billing.close(resolve)),
        caller.remove(),
      ]);
    },
  };
}
