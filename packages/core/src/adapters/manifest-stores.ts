import { CONFIGURE_AWS_IN_WORKFLOW, InputError } from '../errors';
import type { InputReader } from '../inputs';
import type { ManifestEntry } from '../manifest';
import { DEFAULT_INFISICAL_URL, type InfisicalAuth } from './infisical';
import type { Env, StoreSettings } from './store-inputs';
import { storeModule } from './stores';

/**
 * From a manifest entry's `store:` (location, in the manifest) and the run's
 * credential inputs (never in the manifest) to the settings `openStore`
 * takes. plan and rotate both come through here, so an entry's store means
 * the same to both.
 */
export interface StoreCredentials {
  infisical: InfisicalAuth | undefined;
}

/** Reads (and masks) the store credential inputs once per run. */
export function readStoreCredentials(inputs: InputReader): StoreCredentials {
  const clientId = inputs.string('infisical-client-id');
  const clientSecret = inputs.secret('infisical-client-secret');
  const accessToken = inputs.secret('infisical-token');
  if (accessToken !== undefined && (clientId !== '' || clientSecret !== undefined)) {
    throw new InputError(
      'infisical-token',
      'is set together with universal-auth credentials',
      'Give either infisical-token, or infisical-client-id with infisical-client-secret.',
    );
  }
  if (accessToken !== undefined) return { infisical: { accessToken } };
  if (clientSecret !== undefined && clientId === '') {
    throw new InputError(
      'infisical-client-id',
      'is empty but infisical-client-secret is set',
      "Give the machine identity's client id too.",
    );
  }
  if (clientSecret !== undefined) return { infisical: { clientId, clientSecret } };
  return { infisical: undefined };
}

export function manifestStoreSettings(entry: ManifestEntry, credentials: StoreCredentials, env: Env): StoreSettings {
  const { store } = entry;
  if (store.kind === 'ssm') {
    const region = awsRegion(entry, env);
    const endpoint = env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL || undefined;
    return {
      kind: 'ssm',
      region,
      endpoint,
      keyId: store.kmsKeyId,
      tier: store.tier,
      description: undefined,
    };
  }
  if (store.kind === 'infisical') {
    if (!credentials.infisical) {
      throw new InputError(
        'infisical-client-secret',
        `is empty but ${entry.label} is stored in Infisical`,
        'Pass infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.',
      );
    }
    return {
      kind: 'infisical',
      siteUrl: (store.url ?? DEFAULT_INFISICAL_URL).replace(/\/+$/, ''),
      location: { projectId: store.project ?? '', environment: store.environment ?? '', secretPath: store.path ?? '/' },
      auth: credentials.infisical,
    };
  }
  const region = awsRegion(entry, env);
  return {
    kind: 'secrets-manager',
    region,
    endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined,
    keyId: store.kmsKeyId,
    description: undefined,
  };
}

/** An AWS store's region: the entry's (or defaults.store's), else the
 * runner's AWS_REGION, as configure-aws-credentials sets it. */
function awsRegion(entry: ManifestEntry, env: Env): string {
  const region = entry.store.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
  if (region === '') {
    throw new InputError(
      'manifest',
      `${entry.label}: store.region is not set, in defaults.store either, and AWS_REGION is empty`,
      `Set region in the entry or defaults.store (eu-west-1), or ${CONFIGURE_AWS_IN_WORKFLOW}.`,
    );
  }
  return region;
}

/** One adapter per distinct store location (one Infisical login, one SSM client per region). */
export function storeKey(settings: StoreSettings): string {
  return storeModule(settings.kind).locationKey(settings);
}
