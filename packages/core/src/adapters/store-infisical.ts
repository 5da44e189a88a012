import { InputError } from '../errors';
import { credentialUrlProblem } from '../http-policy';
import {
  DEFAULT_INFISICAL_URL,
  describeRun,
  type InfisicalAuth,
  type InfisicalLocation,
  InfisicalStore,
  infisicalKeyProblem,
} from './infisical';
import type { StoreModule } from './module-types';
import { isHttpUrl } from './store-ssm';

/** Infisical: secret versions; universal auth or an access token. */
export interface InfisicalSettings {
  kind: 'infisical';
  siteUrl: string;
  location: InfisicalLocation;
  auth: InfisicalAuth;
}

/** Why an Infisical folder path does not name exactly one folder (a `..`
 * segment would climb to another once the URL is normalised), or undefined. */
export function infisicalPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return ', which does not start with /';
  if (path === '/') return undefined;
  const unsafe = /[^\x21-\x7e]|[%\\?#]/.exec(path);
  if (unsafe) {
    const character = unsafe[0];
    return /[%\\?#]/.test(character)
      ? `, which holds '${character}'`
      : `, which holds U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  const segments = path.slice(1).replace(/\/$/, '').split('/');
  for (const segment of segments) {
    if (segment === '') return ', which has an empty segment (//)';
    if (segment === '.' || segment === '..') return `, whose segment '${segment}' names no folder of its own`;
  }
  return undefined;
}

export const infisicalStore: StoreModule<'infisical', InfisicalSettings> = {
  kind: 'infisical',
  service: 'Infisical',
  inputs: [
    { name: 'infisical-url', default: DEFAULT_INFISICAL_URL, secret: false, description: 'Infisical instance URL.' },
    { name: 'infisical-project-id', default: '', secret: false, description: 'Infisical project id.' },
    {
      name: 'infisical-environment',
      default: '',
      secret: false,
      description: 'Infisical environment slug (dev, staging, prod).',
    },
    { name: 'infisical-path', default: '/', secret: false, description: 'Infisical folder path.' },
    { name: 'infisical-client-id', default: '', secret: false, description: 'Infisical universal-auth client id.' },
    {
      name: 'infisical-client-secret',
      default: '',
      secret: true,
      description: 'Infisical universal-auth client secret. Masked at once.',
    },
    {
      name: 'infisical-token',
      default: '',
      secret: true,
      description: 'An Infisical access token, instead of universal auth. Masked at once.',
    },
  ],
  nameHint: 'Give the Infisical secret key.',
  nameProblem: infisicalKeyProblem,
  nameFix: 'Use a key like API_TOKEN.',
  sourceForm: 'infisical:NAME',

  readSettings(inputs) {
    const siteUrl = inputs.string('infisical-url', DEFAULT_INFISICAL_URL).replace(/\/+$/, '');
    if (!isHttpUrl(siteUrl)) {
      throw new InputError(
        'infisical-url',
        `is '${siteUrl}', not a URL`,
        'Give the instance URL, such as https://app.infisical.com.',
      );
    }
    const problem = credentialUrlProblem(new URL(siteUrl));
    if (problem) throw new InputError('infisical-url', problem, 'Give the https:// instance URL.');
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
    const pathProblem = infisicalPathProblem(secretPath);
    if (pathProblem) {
      throw new InputError(
        'infisical-path',
        `is '${secretPath}'${pathProblem}`,
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
  },

  describe: (settings) => `Infisical (${settings.location.environment} ${settings.location.secretPath})`,
  locationKey: ({ siteUrl, location }) =>
    `infisical|${siteUrl}|${location.projectId}|${location.environment}|${location.secretPath}`,

  open(settings, context) {
    return new InfisicalStore({
      siteUrl: settings.siteUrl,
      auth: settings.auth,
      location: settings.location,
      clock: context.clock,
      sleep: context.sleep,
      secrets: context.secrets,
      runId: describeRun(context.runner.env ?? {}),
      onRetry: (message) => context.runner.info(`retrying: ${message}`),
      ...(context.requestTimeoutMs === undefined ? {} : { timeoutMs: context.requestTimeoutMs }),
    });
  },
};
