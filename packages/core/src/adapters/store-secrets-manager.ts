import type { StoreModule } from './module-types';
import {
  createSecretsManagerClient,
  SECRETS_MANAGER_VALUE_MAX_BYTES,
  SecretsManagerStore,
  secretsManagerNameProblem,
} from './secrets-manager';
import {
  AWS_REGION_INPUT,
  DESCRIPTION_INPUT,
  KMS_KEY_INPUT,
  readAwsEndpoint,
  readAwsRegion,
  readDescription,
  readKmsKeyId,
} from './store-ssm';

/** AWS Secrets Manager: versions staged AWSCURRENT / AWSPREVIOUS (and AWSPENDING in flight). */
export interface SecretsManagerSettings {
  kind: 'secrets-manager';
  region: string;
  /** AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL): an emulator or a VPC endpoint. */
  endpoint: string | undefined;
  /** For a secret keyturn creates. */
  keyId: string | undefined;
  /** For a secret keyturn creates. */
  description: string | undefined;
}

export const secretsManagerStore: StoreModule<'secrets-manager', SecretsManagerSettings> = {
  kind: 'secrets-manager',
  service: 'AWS Secrets Manager',
  marksGrace: true,
  inputs: [AWS_REGION_INPUT, KMS_KEY_INPUT, DESCRIPTION_INPUT],
  nameHint: 'Give the Secrets Manager secret name, such as prod/api/token.',
  nameProblem: secretsManagerNameProblem,
  nameFix: 'Use a name like prod/api/token: letters, numbers and / _ + = . @ -, up to 512 characters.',
  sourceForm: 'secrets-manager:NAME',

  readSettings(inputs, env) {
    return {
      kind: 'secrets-manager',
      region: readAwsRegion(inputs, env),
      endpoint: readAwsEndpoint(env, 'AWS_ENDPOINT_URL_SECRETS_MANAGER'),
      keyId: readKmsKeyId(inputs),
      description: readDescription(inputs, 2048, 'Secrets Manager'),
    };
  },

  describe: (settings) => `AWS Secrets Manager (${settings.region})`,
  locationKey: (settings) =>
    `secrets-manager|${settings.region}|${settings.endpoint ?? ''}|${settings.keyId ?? ''}|${settings.description ?? ''}`,

  valueLimit: () => ({
    bytes: SECRETS_MANAGER_VALUE_MAX_BYTES,
    fix: `Secrets Manager holds at most ${SECRETS_MANAGER_VALUE_MAX_BYTES} bytes a secret: make the value smaller.`,
  }),

  open(settings, context) {
    const client = createSecretsManagerClient({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs }),
    });
    return new SecretsManagerStore({
      client,
      clock: context.clock,
      sleep: context.sleep,
      secrets: context.secrets,
      onRetry: (message) => context.runner.info(`retrying: ${message}`),
      ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
      ...(settings.description === undefined ? {} : { description: settings.description }),
    });
  },
};
