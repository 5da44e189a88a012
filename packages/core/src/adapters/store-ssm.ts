import { CONFIGURE_AWS_IN_WORKFLOW, InputError } from '../errors';
import { credentialUrlProblem } from '../http-policy';
import type { InputReader } from '../inputs';
import type { Env, ModuleInput, StoreModule } from './module-types';
import { createSsmClient, SSM_VALUE_LIMITS, SsmStore, type SsmTier, ssmParameterNameProblem } from './ssm';

/** AWS SSM Parameter Store: SecureString parameters, labels `current` / `previous`. */
export interface SsmSettings {
  kind: 'ssm';
  region: string;
  /** AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL): an emulator or a VPC endpoint. */
  endpoint: string | undefined;
  keyId: string | undefined;
  tier: SsmTier | undefined;
  description: string | undefined;
}

const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;

const KMS_KEY =
  /^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+)$/;

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Inputs the AWS stores share; each is declared once, here. */
export const AWS_REGION_INPUT: ModuleInput = {
  name: 'aws-region',
  default: '',
  secret: false,
  description: "AWS region of the store (default: the runner's AWS_REGION).",
};
export const KMS_KEY_INPUT: ModuleInput = {
  name: 'kms-key-id',
  default: '',
  secret: false,
  description: "KMS key to encrypt with (default: the store's AWS managed key).",
  writeOnly: true,
};
export const DESCRIPTION_INPUT: ModuleInput = {
  name: 'description',
  default: '',
  secret: false,
  description: 'Description kept with the secret.',
  writeOnly: true,
};

/** `aws-region`, else AWS_REGION / AWS_DEFAULT_REGION, checked. */
export function readAwsRegion(inputs: InputReader, env: Env): string {
  const region = inputs.string('aws-region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (region === '') {
    throw new InputError(
      'aws-region',
      'is not set and neither is AWS_REGION',
      `Set aws-region (such as eu-west-1), or ${CONFIGURE_AWS_IN_WORKFLOW}.`,
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InputError('aws-region', `is '${region}', not an AWS region`, 'Use a region code such as us-east-1.');
  }
  return region;
}

/** The service's endpoint variable (the AWS SDK convention), else AWS_ENDPOINT_URL. */
export function readAwsEndpoint(env: Env, variable: string): string | undefined {
  const endpointText = env[variable] || env.AWS_ENDPOINT_URL || '';
  const named = env[variable] ? variable : 'AWS_ENDPOINT_URL';
  if (endpointText !== '' && !isHttpUrl(endpointText)) {
    throw new InputError(named, `is '${endpointText}', not a URL`, 'Unset it, or give an http(s) URL.');
  }
  // Signed requests carry the access key id and any session token in headers:
  // the HTTP policy's rule (https, or http to this machine) holds here too.
  const problem = endpointText === '' ? undefined : credentialUrlProblem(new URL(endpointText));
  if (problem) {
    throw new InputError(named, `is '${endpointText}', which ${problem}`, 'Use the https:// endpoint, or unset it.');
  }
  return endpointText || undefined;
}

export function readKmsKeyId(inputs: InputReader): string | undefined {
  const keyId = inputs.string('kms-key-id') || undefined;
  if (keyId !== undefined && !KMS_KEY.test(keyId)) {
    throw new InputError('kms-key-id', `is '${keyId}'`, 'Give a KMS key id, key ARN, alias ARN or alias/NAME.');
  }
  return keyId;
}

export function readDescription(inputs: InputReader, max: number, service: string): string | undefined {
  const description = inputs.string('description') || undefined;
  if (description !== undefined && description.length > max) {
    throw new InputError('description', `is ${description.length} characters long`, `${service} allows ${max}.`);
  }
  return description;
}

export const ssmStore: StoreModule<'ssm', SsmSettings> = {
  kind: 'ssm',
  service: 'AWS SSM',
  marksGrace: true,
  inputs: [
    AWS_REGION_INPUT,
    KMS_KEY_INPUT,
    {
      name: 'tier',
      default: '',
      secret: false,
      description: 'SSM parameter tier: Standard (4 KB), Advanced (8 KB) or Intelligent-Tiering.',
      writeOnly: true,
    },
    DESCRIPTION_INPUT,
  ],
  nameHint: 'Give the SSM parameter name, such as /prod/api/token.',
  nameProblem: ssmParameterNameProblem,
  nameFix:
    'Use a name like my_secret or a path like /prod/api/token: letters, numbers, ".", "-", "_", not starting with aws or ssm.',
  sourceForm: 'ssm:/path/NAME',
  sourceProblem: (name) => (name.startsWith('/') ? undefined : 'has no leading /'),

  readSettings(inputs, env) {
    const region = readAwsRegion(inputs, env);
    const endpoint = readAwsEndpoint(env, 'AWS_ENDPOINT_URL_SSM');
    const keyId = readKmsKeyId(inputs);
    const tier = inputs.string('tier') === '' ? undefined : inputs.oneOf('tier', TIERS, 'Standard');
    const description = readDescription(inputs, 1024, 'SSM');
    return { kind: 'ssm', region, endpoint, keyId, tier, description };
  },

  describe: (settings) => `AWS SSM (${settings.region})`,
  locationKey: (settings) =>
    `ssm|${settings.region}|${settings.endpoint ?? ''}|${settings.keyId ?? ''}|${settings.tier ?? ''}`,

  valueLimit(settings) {
    const tier = settings.tier ?? 'Standard';
    const bytes = SSM_VALUE_LIMITS[tier];
    const fix =
      tier === 'Standard'
        ? `SSM ${tier} parameters hold ${bytes} bytes: set tier: Advanced (8192 bytes), or make the value smaller.`
        : `SSM parameters hold at most ${bytes} bytes: make the value smaller.`;
    return { bytes, fix };
  },

  open(settings, context) {
    const client = createSsmClient({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs }),
    });
    return new SsmStore({
      client,
      clock: context.clock,
      sleep: context.sleep,
      secrets: context.secrets,
      onRetry: (message) => context.runner.info(`retrying: ${message}`),
      ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
      ...(settings.tier === undefined ? {} : { tier: settings.tier }),
      ...(settings.description === undefined ? {} : { description: settings.description }),
    });
  },
};
