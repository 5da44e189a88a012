import { InputError } from '../errors';
import type { InputReader } from '../inputs';
import { DEFAULT_INFISICAL_URL, type InfisicalAuth, type InfisicalLocation, infisicalKeyProblem } from './infisical';
import { type SsmTier, ssmParameterNameProblem } from './ssm';

/**
 * The store inputs every action that reads or writes a store shares (`store`,
 * `aws-region`, `kms-key-id`, `tier`, `description`, `infisical-*`), read and
 * checked once, the same way, into frozen settings that `openStore`
 * (./stores) turns into an adapter. rotate-ssm, rotate-pat and propagate's
 * `source:` all go through here, so a store input means one thing everywhere.
 */
export type StoreKind = 'ssm' | 'infisical';
export const STORE_KINDS: readonly StoreKind[] = ['ssm', 'infisical'];

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

export type StoreSettings = SsmSettings | InfisicalSettings;

export type Env = Readonly<Record<string, string | undefined>>;

/** Inputs of one store, with the default action.yml gives them: set to
 * anything else with the other store, they are a mistake worth stopping on. */
const SSM_ONLY: Readonly<Record<string, string>> = {
  'kms-key-id': '',
  tier: '',
  description: '',
  'aws-region': '',
};
const INFISICAL_ONLY: Readonly<Record<string, string>> = {
  'infisical-url': DEFAULT_INFISICAL_URL,
  'infisical-project-id': '',
  'infisical-environment': '',
  'infisical-path': '/',
  'infisical-client-id': '',
  'infisical-client-secret': '',
  'infisical-token': '',
};
const SECRET_STORE_INPUTS = ['infisical-client-secret', 'infisical-token'] as const;
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;

/** Masks the store credentials given, whether or not this run uses them: a
 * credential passed by mistake is still a credential. */
export function maskStoreCredentials(inputs: InputReader): void {
  for (const name of SECRET_STORE_INPUTS) inputs.secret(name);
}

/** The `store` input: ssm (default) or infisical. */
export function readStoreKind(inputs: InputReader, input = 'store'): StoreKind {
  return inputs.oneOf(input, STORE_KINDS, 'ssm');
}

/** A secret's name in the store, checked against the store's own rules. */
export function readStoredName(inputs: InputReader, kind: StoreKind, input = 'name'): string {
  const name = inputs.required(
    input,
    kind === 'ssm' ? 'Give the SSM parameter name, such as /prod/api/token.' : 'Give the Infisical secret key.',
  );
  const problem = storedNameProblem(kind, name);
  if (problem) throw new InputError(input, problem, storedNameFix(kind));
  return name;
}

export function storedNameProblem(kind: StoreKind, name: string): string | undefined {
  return kind === 'ssm' ? ssmParameterNameProblem(name) : infisicalKeyProblem(name);
}

export function storedNameFix(kind: StoreKind): string {
  return kind === 'ssm'
    ? 'Use a name like my_secret or a path like /prod/api/token: letters, numbers, ".", "-", "_", not starting with aws or ssm.'
    : 'Use a key like API_TOKEN.';
}

/**
 * Reads the inputs of store `kind`, refusing the other store's inputs.
 * Credentials are masked before anything else reads them.
 */
export function readStoreSettings(inputs: InputReader, kind: StoreKind, env: Env): Readonly<StoreSettings> {
  maskStoreCredentials(inputs);
  refuseInputsOfOtherStore(inputs, kind);
  return Object.freeze(kind === 'ssm' ? readSsm(inputs, env) : readInfisical(inputs));
}

/** How a report names the store: "AWS SSM (eu-west-1)", "Infisical (prod /)". */
export function describeStore(settings: StoreSettings): string {
  if (settings.kind === 'ssm') return `AWS SSM (${settings.region})`;
  return `Infisical (${settings.location.environment} ${settings.location.secretPath})`;
}

/** The store inputs (`store` included) set to something other than their
 * default: with no secret name to store under, each of them is a mistake. */
export function storeInputsGiven(inputs: InputReader): string[] {
  const all: Readonly<Record<string, string>> = { store: 'ssm', ...SSM_ONLY, ...INFISICAL_ONLY };
  return Object.entries(all)
    .filter(([name, defaultValue]) => inputs.string(name, defaultValue) !== defaultValue)
    .map(([name]) => name);
}

function refuseInputsOfOtherStore(inputs: InputReader, kind: StoreKind): void {
  const foreign = kind === 'ssm' ? INFISICAL_ONLY : SSM_ONLY;
  for (const [name, defaultValue] of Object.entries(foreign)) {
    const given = inputs.string(name, defaultValue);
    if (given !== defaultValue) {
      throw new InputError(
        name,
        `is set but store is ${kind}`,
        `Remove it, or set store to ${kind === 'ssm' ? 'infisical' : 'ssm'}.`,
      );
    }
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const KMS_KEY =
  /^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+)$/;

function readSsm(inputs: InputReader, env: Env): SsmSettings {
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
  if (keyId !== undefined && !KMS_KEY.test(keyId)) {
    throw new InputError('kms-key-id', `is '${keyId}'`, 'Give a KMS key id, key ARN, alias ARN or alias/NAME.');
  }
  const tier = inputs.string('tier') === '' ? undefined : inputs.oneOf('tier', TIERS, 'Standard');
  const description = inputs.string('description') || undefined;
  if (description !== undefined && description.length > 1024) {
    throw new InputError('description', `is ${description.length} characters long`, 'SSM allows 1024.');
  }
  return { kind: 'ssm', region, endpoint: endpointText || undefined, keyId, tier, description };
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
