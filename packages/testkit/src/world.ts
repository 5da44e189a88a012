import { randomBytes } from 'node:crypto';
import { type FlyEmulator, startFly } from './fly';
import { type GitHubEmulator, startGitHub } from './github';
import { type HerokuEmulator, startHeroku } from './heroku';
import { EMULATOR_ADMIN_KEY, type IamEmulator, startIam } from './iam';
import { type InfisicalEmulator, startInfisical } from './infisical';
import { type ProtectedResource, startProtectedResource } from './protected-resource';
import { type SecretsManagerEmulator, startSecretsManager } from './secrets-manager';
import { type SsmEmulator, startSsm } from './ssm';

/**
 * A small world to try keyturn on, every service on 127.0.0.1 at an
 * ephemeral port: GitHub (secrets, environments, GET /user), AWS SSM, AWS
 * Secrets Manager, Infisical, Heroku, Fly.io, and an API that accepts one token. `keyturn emulators`
 * starts it and prints `exports`, the shell lines that point keyturn at it.
 * Credentials are fresh random values each start, so nothing here works
 * twice or anywhere else.
 */
export interface World {
  github: GitHubEmulator;
  ssm: SsmEmulator;
  infisical: InfisicalEmulator;
  heroku: HerokuEmulator;
  fly: FlyEmulator;
  secretsManager: SecretsManagerEmulator;
  /** IAM + STS: user ci-deployer with one access key, 100 days old (an aws-iam issuer's world). */
  iam: IamEmulator;
  api: ProtectedResource;
  /** Variables that point keyturn at the world (KEYTURN_*, AWS_*). */
  env: Record<string, string>;
  /** Settings that would clash with another command's inputs if exported (Infisical's store inputs). */
  infisicalSettings: { url: string; projectId: string; environment: string; token: string };
  /** Command lines to try, in order. */
  tryThis: string[];
  close(): Promise<void>;
}

export const WORLD = {
  login: 'keyturn-demo',
  repo: 'acme/api',
  environment: 'production',
  app: 'acme-api',
  flyApp: 'acme-web',
  secretsManagerName: 'demo/api-token',
  parameter: '/demo/api/token',
  infisicalKey: 'API_TOKEN',
  infisicalEnvironment: 'dev',
  iamUser: 'ci-deployer',
  iamKeyParameter: '/demo/ci/aws-key',
} as const;

const token = (prefix: string) => `${prefix}${randomBytes(18).toString('hex')}`;

export async function startWorld(): Promise<World> {
  const githubToken = token('ghp_');
  const herokuKey = token('hrku-');
  const flyToken = token('fo1_');
  const infisicalToken = token('st.');
  const projectId = randomBytes(12).toString('hex');
  const current = token('kt_demo_');
  const awsKey = { accessKeyId: 'AKIDKEYTURNDEMO', secretAccessKey: token('demo-') };
  const [github, ssm, infisical, heroku, fly, secretsManager, api, iam] = await Promise.all([
    startGitHub(),
    startSsm(),
    startInfisical({ tokens: [infisicalToken], projects: { [projectId]: [WORLD.infisicalEnvironment] } }),
    startHeroku(),
    startFly(),
    startSecretsManager(),
    startProtectedResource(),
    // The world's own AWS key, and the one tests put in the process environment (useEmulatorAwsCredentials).
    startIam({ callers: [awsKey, EMULATOR_ADMIN_KEY] }),
  ]);
  const iamKey = iam.seedKey(WORLD.iamUser, { ageMs: 100 * 86_400_000 });
  ssm.seed(
    WORLD.iamKeyParameter,
    JSON.stringify({ AccessKeyId: iamKey.accessKeyId, SecretAccessKey: iamKey.secretAccessKey }),
    { type: 'SecureString', labels: ['current'] },
  );
  github.addToken(githubToken, { login: WORLD.login });
  github.addRepo(WORLD.repo, { environments: [WORLD.environment] });
  heroku.addApiKey(herokuKey);
  heroku.addApp(WORLD.app, { OTHER_VAR: 'left alone' });
  fly.addToken(flyToken, [WORLD.flyApp]);
  fly.addApp(WORLD.flyApp, {});
  secretsManager.seed(WORLD.secretsManagerName, current);
  ssm.seed(WORLD.parameter, current, { type: 'SecureString', labels: ['current'] });
  infisical.seed({ projectId, environment: WORLD.infisicalEnvironment, key: WORLD.infisicalKey }, current);
  api.accept(current);

  const env = {
    KEYTURN_GITHUB_API_URL: github.url,
    KEYTURN_GITHUB_TOKEN: githubToken,
    KEYTURN_HEROKU_API_URL: heroku.url,
    KEYTURN_HEROKU_API_KEY: herokuKey,
    KEYTURN_FLY_API_URL: fly.url,
    KEYTURN_FLY_API_TOKEN: flyToken,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ENDPOINT_URL_STS: iam.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: awsKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: awsKey.secretAccessKey,
  };
  const targets = `--targets github:${WORLD.repo}/API_TOKEN --targets github:${WORLD.repo}@${WORLD.environment}/API_TOKEN --targets heroku:${WORLD.app}/API_TOKEN --targets fly:${WORLD.flyApp}/API_TOKEN`;
  const tryThis = [
    `keyturn rotate-ssm --name ${WORLD.parameter} --generate base64url:32 --dry-run`,
    `keyturn rotate-ssm --name ${WORLD.parameter} --generate base64url:32`,
    `keyturn propagate --source ssm:${WORLD.parameter} ${targets}`,
    `keyturn rotate-ssm --store secrets-manager --name ${WORLD.secretsManagerName} --dry-run`,
    `keyturn verify --url ${api.url}/v1/me --expect 401   # asks for the token: the old one still works, so this fails (exit 1)`,
    `KEYTURN_INFISICAL_TOKEN=${infisicalToken} keyturn rotate-ssm --store infisical --name ${WORLD.infisicalKey} --infisical-url ${infisical.url} --infisical-project-id ${projectId} --infisical-environment ${WORLD.infisicalEnvironment}`,
  ];
  return {
    github,
    ssm,
    infisical,
    heroku,
    fly,
    secretsManager,
    iam,
    api,
    env,
    infisicalSettings: {
      url: infisical.url,
      projectId,
      environment: WORLD.infisicalEnvironment,
      token: infisicalToken,
    },
    tryThis,
    close: async () => {
      await Promise.all([
        github.close(),
        ssm.close(),
        infisical.close(),
        heroku.close(),
        fly.close(),
        secretsManager.close(),
        iam.close(),
        api.close(),
      ]);
    },
  };
}

/** `export NAME='value'` lines, quoted for any POSIX shell. */
export function exportLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`);
}
