import {
  GENERATOR_FORMS,
  type GeneratorSpec,
  GeneratorSyntaxError,
  InputError,
  type InputReader,
  parseGenerator,
} from '@keyturn/core';
import {
  DEFAULT_INFISICAL_URL,
  type InfisicalAuth,
  type InfisicalLocation,
  infisicalKeyProblem,
} from '@keyturn/core/adapters/infisical';
import { SSM_VALUE_LIMITS, type SsmTier, ssmParameterNameProblem } from '@keyturn/core/adapters/ssm';

export const DEFAULT_GENERATOR = 'hex:32';

export type ValueSource =
  | { kind: 'generate'; spec: GeneratorSpec; text: string }
  | { kind: 'value'; value: string }
  | { kind: 'rollback' };

export interface SsmSettings {
  kind: 'ssm';
  region: string;
  /** AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL): an emulator or a VPC endpoint. */
  endpoint: string | undefined;
  keyId: string | undefined;
  tier: SsmTier | undefined;
  description: string | undefined;
}

export interface InfisicalSettings {
  kind: 'infisical';
  siteUrl: string;
  location: InfisicalLocation;
  auth: InfisicalAuth;
}

export interface RotateConfig {
  name: string;
  store: SsmSettings | InfisicalSettings;
  source: ValueSource;
  /** Skip when the current version is younger than this. */
  maxAgeMs: number | undefined;
  dryRun: boolean;
}

/** Inputs of one store, with the default action.yml gives them: set to
 * anything else with the other store, they are a mistake worth stopping on. */
const SSM_ONLY: Record<string, string> = { 'kms-key-id': '', tier: '', description: '', 'aws-region': '' };
const INFISICAL_ONLY: Record<string, string> = {
  'infisical-url': DEFAULT_INFISICAL_URL,
  'infisical-project-id': '',
  'infisical-environment': '',
  'infisical-path': '/',
  'infisical-client-id': '',
  'infisical-client-secret': '',
  'infisical-token': '',
};
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
const PEM_PRIVATE_KEY_MAX = { 2048: 1732, 3072: 2516, 4096: 3300 } as const;

/** The most characters a generator can produce: checked against the store's
 * limit now, so an oversize value fails before anything is sent. */
export function generatedLengthBound(spec: GeneratorSpec): number {
  switch (spec.kind) {
    case 'hex':
      return spec.bytes * 2;
    case 'base64':
      return Math.ceil(spec.bytes / 3) * 4;
    case 'base64url':
      return Math.ceil((spec.bytes * 4) / 3);
    case 'alnum':
    case 'password':
      return spec.length;
    case 'uuid':
      return 36;
    case 'fernet':
      return 44;
    case 'ed25519':
      return 119;
    case 'rsa':
      return PEM_PRIVATE_KEY_MAX[spec.bits];
  }
}

function readSource(inputs: InputReader, rollback: boolean): ValueSource {
  const value = inputs.secret('value');
  const generate = inputs.string('generate');
  if (rollback) {
    if (value !== undefined) {
      throw new InputError(
        'value',
        'is set with rollback: true',
        'A rollback restores the previous version: drop value.',
      );
    }
    if (generate !== '') {
      throw new InputError(
        'generate',
        'is set with rollback: true',
        'A rollback restores the previous version: drop generate.',
      );
    }
    return { kind: 'rollback' };
  }
  if (value !== undefined) {
    if (generate !== '') {
      throw new InputError(
        'generate',
        'is set together with value',
        'Give one: value to store it, or generate to make one.',
      );
    }
    return { kind: 'value', value };
  }
  const text = generate === '' ? DEFAULT_GENERATOR : generate;
  try {
    return { kind: 'generate', spec: parseGenerator(text), text };
  } catch (error) {
    if (!(error instanceof GeneratorSyntaxError)) throw error;
    throw new InputError('generate', `is not a generator we know (${error.message})`, `Use ${GENERATOR_FORMS}.`);
  }
}

function refuseInputsOfOtherStore(inputs: InputReader, store: 'ssm' | 'infisical'): void {
  const foreign = store === 'ssm' ? INFISICAL_ONLY : SSM_ONLY;
  for (const [name, defaultValue] of Object.entries(foreign)) {
    // Credentials given to the wrong store are still credentials: masked first.
    if (/secret|token/.test(name)) inputs.secret(name);
    const given = inputs.string(name, defaultValue);
    if (given !== defaultValue) {
      throw new InputError(
        name,
        `is set but store is ${store}`,
        `Remove it, or set store to ${store === 'ssm' ? 'infisical' : 'ssm'}.`,
      );
    }
  }
}

function readSsm(inputs: InputReader, env: Readonly<Record<string, string | undefined>>): SsmSettings {
  const region = inputs.string('aws-region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (region === '') {
    throw new InputError(
      'aws-region',
      'is not set and neither is AWS_REGION',
      'Set aws-region (such as eu-west-1), or configure AWS first with aws-actions/configure-aws-credentials.',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InputError('aws-region', `is '${region}', not an AWS region`, 'Use a region code such as us-east-1.');
  }
  const endpointText = env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL || '';
  if (endpointText !== '' && !isHttpUrl(endpointText)) {
    throw new InputError(
      'AWS_ENDPOINT_URL_SSM',
      `is '${endpointText}', not a URL`,
      'Unset it, or give an http(s) URL.',
    );
  }
  const keyId = inputs.string('kms-key-id') || undefined;
  if (
    keyId !== undefined &&
    !/^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+)$/.test(
      keyId,
    )
  ) {
    throw new InputError('kms-key-id', `is '${keyId}'`, 'Give a KMS key id, key ARN, alias ARN or alias/NAME.');
  }
  const tierText = inputs.string('tier');
  const tier = tierText === '' ? undefined : inputs.oneOf('tier', TIERS, 'Standard');
  const description = inputs.string('description') || undefined;
  if (description !== undefined && description.length > 1024) {
    throw new InputError('description', `is ${description.length} characters long`, 'SSM allows 1024.');
  }
  return { kind: 'ssm', region, endpoint: endpointText || undefined, keyId, tier, description };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function readInfisical(inputs: InputReader): InfisicalSettings {
  const siteUrl = inputs.string('infisical-url', DEFAULT_INFISICAL_URL).replace(/\/+$/, '');
  if (!isHttpUrl(siteUrl)) {
    throw new InputError(
      'infisical-url',
      `is '${siteUrl}', not a URL`,
      'Give the instance URL, such as https://app.infisical.com.',
    );
  }
  if (/\/api$/.test(siteUrl)) {
    throw new InputError(
      'infisical-url',
      'ends with /api',
      'Give the instance URL without /api: keyturn adds the API paths.',
    );
  }
  const projectId = inputs.required(
    'infisical-project-id',
    'Give the Infisical project id (Project settings → Project ID).',
  );
  const environment = inputs.required(
    'infisical-environment',
    'Give the environment slug, such as dev, staging or prod.',
  );
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(environment)) {
    throw new InputError(
      'infisical-environment',
      `is '${environment}', not an environment slug`,
      'Use the slug, such as prod.',
    );
  }
  const secretPath = inputs.string('infisical-path', '/');
  if (!secretPath.startsWith('/') || /\s/.test(secretPath)) {
    throw new InputError(
      'infisical-path',
      `is '${secretPath}'`,
      'Give a folder path that starts with /, such as /backend.',
    );
  }
  const clientId = inputs.string('infisical-client-id');
  const clientSecret = inputs.secret('infisical-client-secret');
  const accessToken = inputs.secret('infisical-token');
  let auth: InfisicalAuth;
  if (accessToken !== undefined) {
    if (clientId !== '' || clientSecret !== undefined) {
      throw new InputError(
        'infisical-token',
        'is set together with universal-auth credentials',
        'Give either infisical-token, or infisical-client-id with infisical-client-secret.',
      );
    }
    auth = { accessToken };
  } else if (clientId !== '' && clientSecret !== undefined) {
    auth = { clientId, clientSecret };
  } else {
    const missing = clientId === '' ? 'infisical-client-id' : 'infisical-client-secret';
    throw new InputError(
      missing,
      'is required for universal auth',
      'Give infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.',
    );
  }
  return { kind: 'infisical', siteUrl, location: { projectId, environment, secretPath }, auth };
}

function checkSize(config: { store: SsmSettings | InfisicalSettings; source: ValueSource }): void {
  if (config.store.kind !== 'ssm' || config.source.kind === 'rollback') return;
  const tier = config.store.tier ?? 'Standard';
  const limit = SSM_VALUE_LIMITS[tier];
  const fix =
    tier === 'Standard'
      ? `SSM ${tier} parameters hold ${limit} bytes: set tier: Advanced (8192 bytes), or make the value smaller.`
      : `SSM parameters hold at most ${limit} bytes: make the value smaller.`;
  if (config.source.kind === 'value') {
    const size = Buffer.byteLength(config.source.value, 'utf8');
    if (size > limit) throw new InputError('value', `is ${size} bytes`, fix);
  } else {
    const bound = generatedLengthBound(config.source.spec);
    if (bound > limit) {
      throw new InputError('generate', `is '${config.source.text}', which makes values up to ${bound} bytes`, fix);
    }
  }
}

/** Every input read and checked, before any request. */
export function readRotateConfig(
  inputs: InputReader,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<RotateConfig> {
  const storeKind = inputs.oneOf('store', ['ssm', 'infisical'] as const, 'ssm');
  const name = inputs.required(
    'name',
    storeKind === 'ssm' ? 'Give the SSM parameter name, such as /prod/api/token.' : 'Give the Infisical secret key.',
  );
  const nameProblem = storeKind === 'ssm' ? ssmParameterNameProblem(name) : infisicalKeyProblem(name);
  if (nameProblem) {
    throw new InputError(
      'name',
      nameProblem,
      storeKind === 'ssm'
        ? 'Use a name like my_secret or a path like /prod/api/token: letters, numbers, ".", "-", "_", not starting with aws or ssm.'
        : 'Use a key like API_TOKEN.',
    );
  }
  const rollback = inputs.boolean('rollback', false);
  const source = readSource(inputs, rollback);
  const maxAgeText = inputs.string('max-age');
  let maxAgeMs: number | undefined;
  if (maxAgeText !== '') {
    if (rollback) {
      throw new InputError(
        'max-age',
        'is set with rollback: true',
        'A rollback happens whatever the age: drop max-age.',
      );
    }
    maxAgeMs = inputs.duration('max-age', '0');
  }
  refuseInputsOfOtherStore(inputs, storeKind);
  const store = storeKind === 'ssm' ? readSsm(inputs, env) : readInfisical(inputs);
  const dryRun = inputs.boolean('dry-run', false);
  const config: RotateConfig = { name, store, source, maxAgeMs, dryRun };
  checkSize(config);
  return Object.freeze(config);
}
