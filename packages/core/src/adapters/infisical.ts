import { InfisicalSDK } from '@infisical/sdk';
import { CheckFailedError, errorMessage, UpstreamError } from '../errors';
import { policyFetch } from '../http-policy';
import type {
  Store,
  StoreAdapterDeps,
  StoredSecret,
  StoredVersion,
  StoreRollbackResult,
  StoreWriteResult,
} from '../ports';
import { DEFAULT_RETRY_POLICY, retryAfterFromHeaders, withRetry } from '../retry';
import { parseErrorDocument, parseUpstreamJson, upstreamText } from '../upstream-body';

/**
 * The Store port over Infisical, through @infisical/sdk's API layer (its
 * routes, parameters and bodies). Every update makes a new secret version;
 * "previous" is the version before the latest, and a rollback writes that
 * value again as a new version.
 *
 * Transport: the SDK (v5) retries every network error and 429 four times
 * with real sleeps of 1-8 s (about 15 s, each attempt with a 10 s timeout)
 * and has no option to change that. keyturn replaces the SDK client's
 * `request` with a single-attempt fetch with a timeout, and retries here with
 * the injected clock and sleep, honouring Retry-After, within a stated limit.
 */
export const INFISICAL_SERVICE = 'Infisical';
export const DEFAULT_INFISICAL_URL = 'https://app.infisical.com';

export interface InfisicalLocation {
  projectId: string;
  /** The environment slug: `dev`, `staging`, `prod`… */
  environment: string;
  /** The folder path; `/` by default. */
  secretPath: string;
}

export type InfisicalAuth = { clientId: string; clientSecret: string } | { accessToken: string };

export interface InfisicalStoreOptions extends StoreAdapterDeps {
  siteUrl: string;
  auth: InfisicalAuth;
  location: InfisicalLocation;
  /** One request's limit. */
  timeoutMs?: number;
}

/** A secret key Infisical accepts: no whitespace, no slash. */
export function infisicalKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  if (/[\s/]/.test(key)) return 'holds whitespace or a slash, which Infisical keys cannot';
  if (key.length > 500) return 'is longer than 500 characters';
  return undefined;
}

/** The failure of one HTTP exchange with Infisical. */
export class InfisicalHttpError extends Error {
  override name = 'InfisicalHttpError';
  readonly status: number;
  readonly serverMessage: string;
  readonly retryAfterMs: number | undefined;
  constructor(status: number, serverMessage: string, retryAfterMs: number | undefined) {
    super(`HTTP ${status}: ${serverMessage}`);
    this.status = status;
    this.serverMessage = serverMessage;
    this.retryAfterMs = retryAfterMs;
  }
}

interface RawSecret {
  secretKey: string;
  secretValue: string;
  version: number;
  updatedAt: string;
}

type RequestConfig = { params?: Record<string, unknown>; headers?: Record<string, string>; timeout?: number };
type Transport = (method: string, url: string, body: string | undefined, config?: RequestConfig) => Promise<unknown>;

/** The parts of the SDK instance keyturn uses; private in its typings, so
 * checked at runtime: an SDK upgrade that moves them fails loudly here. */
interface SdkInternals {
  apiClient: { request: Transport; baseURL: string; defaultHeaders: Record<string, string> };
  authApi: { universalAuthLogin(body: { clientId: string; clientSecret: string }): Promise<{ accessToken: string }> };
  secretsApi: {
    getSecret(params: Record<string, unknown>): Promise<{ secret: RawSecret }>;
    createSecret(name: string, body: Record<string, unknown>): Promise<{ secret: RawSecret }>;
    updateSecret(name: string, body: Record<string, unknown>): Promise<{ secret: RawSecret }>;
  };
}

function internalsOf(sdk: InfisicalSDK): SdkInternals {
  const internals = sdk as unknown as Partial<SdkInternals>;
  if (
    typeof internals.apiClient?.request !== 'function' ||
    typeof internals.authApi?.universalAuthLogin !== 'function' ||
    typeof internals.secretsApi?.getSecret !== 'function'
  ) {
    throw new Error(
      '@infisical/sdk no longer has the internals keyturn hooks (apiClient.request, authApi, secretsApi)',
    );
  }
  return internals as SdkInternals;
}

/** One attempt, bounded by a timeout: what the SDK's request does minus its retry. */
function boundedTransport(client: SdkInternals['apiClient'], timeoutMs: number, now: () => number): Transport {
  return async (method, url, body, config) => {
    const target = new URL(url.startsWith('/') ? url.slice(1) : url, client.baseURL);
    for (const [key, value] of Object.entries(config?.params ?? {})) {
      if (value !== undefined && value !== null) target.searchParams.append(key, String(value));
    }
    // The one HTTP policy: https (or loopback), no redirect to another origin
    // (the login's body holds the client secret), one deadline for it all.
    const send = policyFetch({ service: INFISICAL_SERVICE, timeoutMs: config?.timeout ?? timeoutMs });
    const response = await send(target, {
      method,
      headers: { ...client.defaultHeaders, ...config?.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (!response.ok) {
      const said = parseErrorDocument(text)?.message;
      throw new InfisicalHttpError(
        response.status,
        upstreamText(typeof said === 'string' ? said : response.statusText),
        retryAfterFromHeaders((name) => response.headers.get(name), now()),
      );
    }
    const data = parseUpstreamJson(text, {
      service: INFISICAL_SERVICE,
      status: response.status,
      what: `${method} ${target.pathname}`,
      contentType: response.headers.get('content-type') ?? undefined,
    });
    return data;
  };
}

export function mapInfisicalError(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof InfisicalHttpError) {
    const { status } = error;
    const retryable = status === 429 || status >= 500;
    let hint = '';
    if (status === 401) hint = '. Check infisical-client-id / infisical-client-secret, or infisical-token';
    if (status === 403) hint = '. The identity needs read and write access to this project, environment and path';
    return new UpstreamError(`${what} failed: ${error.serverMessage}${hint}`, {
      service: INFISICAL_SERVICE,
      status,
      retryable,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    });
  }
  // No answer: refused, reset, DNS, or our timeout.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const reason =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : errorMessage(error);
  return new UpstreamError(`${what} got no answer (${reason})`, { service: INFISICAL_SERVICE, retryable: true });
}

export class InfisicalStore implements Store {
  readonly kind = 'infisical';
  private readonly options: InfisicalStoreOptions;
  private readonly api: SdkInternals;
  private readonly sdk: InfisicalSDK;
  /** One login per store, shared by calls made at once (a plan asks many heads in parallel). */
  private loggingIn: Promise<void> | undefined;

  constructor(options: InfisicalStoreOptions) {
    this.options = options;
    this.sdk = new InfisicalSDK({ siteUrl: options.siteUrl });
    this.api = internalsOf(this.sdk);
    this.api.apiClient.request = boundedTransport(this.api.apiClient, options.timeoutMs ?? 15_000, () =>
      options.clock.now(),
    );
  }

  async read(name: string): Promise<StoredSecret | undefined> {
    const secret = await this.get(name, { withValue: true });
    return secret && this.stored(secret);
  }

  async head(name: string): Promise<StoredVersion | undefined> {
    const current = await this.get(name, { withValue: false });
    return current && { version: String(current.version), updatedAt: Date.parse(current.updatedAt) };
  }

  async previous(name: string): Promise<StoredVersion | undefined> {
    const current = await this.get(name, { withValue: false });
    if (!current || current.version <= 1) return undefined;
    const prior = await this.get(name, { withValue: false, version: current.version - 1 });
    return prior && { version: String(prior.version), updatedAt: Date.parse(prior.updatedAt) };
  }

  async readPrevious(name: string): Promise<StoredSecret | undefined> {
    const current = await this.get(name, { withValue: false });
    if (!current || current.version <= 1) return undefined;
    const prior = await this.get(name, { withValue: true, version: current.version - 1 });
    return prior && this.stored(prior);
  }

  async checkWritable(): Promise<void> {
    await this.login();
  }

  async write(name: string, value: string): Promise<StoreWriteResult> {
    this.options.secrets.mask(value);
    // Each attempt looks again: a write whose answer was lost (timeout, reset)
    // may have been applied, and writing it again would make a second version
    // of the same value, so previous() and rollback() would restore the new value.
    let firstSeen: { secret: RawSecret | undefined } | undefined;
    let previousVersion: number | undefined;
    const written = await this.call(`writing ${name}`, async () => {
      const retrying = firstSeen !== undefined;
      const latest = await this.fetchSecret(name, { withValue: retrying });
      if (firstSeen === undefined) firstSeen = { secret: latest };
      else if (latest) {
        this.options.secrets.mask(latest.secretValue);
        const before = firstSeen.secret?.version ?? 0;
        if (latest.version > before && latest.secretValue === value) {
          previousVersion = firstSeen.secret?.version;
          return { secret: latest };
        }
      }
      previousVersion = latest?.version;
      const body = { ...this.locationBody(), secretValue: value, type: 'shared' };
      return latest ? this.api.secretsApi.updateSecret(name, body) : this.api.secretsApi.createSecret(name, body);
    });
    // Infisical has no compare-and-set and no labels: the latest version is
    // the current one. A run whose write is no longer the latest lost a race
    // with another rotation and stops before any consumer hears of its value.
    const after = await this.get(name, { withValue: false });
    if (after && after.version !== written.secret.version) {
      throw new CheckFailedError(
        `another rotation wrote version ${after.version} of Infisical secret ${name} after this run wrote version ` +
          `${written.secret.version}; this run stops before any consumer, so the other rotation's value stays the one ` +
          'in use. Run again once it has finished, if a rotation is still due',
      );
    }
    return {
      version: String(written.secret.version),
      ...(previousVersion === undefined ? {} : { previousVersion: String(previousVersion) }),
    };
  }

  async rollback(name: string): Promise<StoreRollbackResult> {
    const current = await this.get(name, { withValue: false });
    if (!current)
      throw new CheckFailedError(`Infisical secret ${name} does not exist, so there is nothing to roll back`);
    if (current.version <= 1) {
      throw new CheckFailedError(`Infisical secret ${name} has a single version, so there is nothing to roll back to`);
    }
    const prior = await this.get(name, { withValue: true, version: current.version - 1 });
    if (!prior) throw new CheckFailedError(`version ${current.version - 1} of Infisical secret ${name} is gone`);
    const restored = this.stored(prior);
    const written = await this.call(`writing ${name}`, () =>
      this.api.secretsApi.updateSecret(name, { ...this.locationBody(), secretValue: restored.value, type: 'shared' }),
    );
    return {
      value: restored.value,
      version: String(written.secret.version),
      updatedAt: Date.parse(written.secret.updatedAt) || this.options.clock.now(),
      previousVersion: String(current.version),
      restoredVersion: String(prior.version),
    };
  }

  private stored(secret: RawSecret): StoredSecret {
    this.options.secrets.mask(secret.secretValue);
    return { value: secret.secretValue, version: String(secret.version), updatedAt: Date.parse(secret.updatedAt) };
  }

  private locationBody() {
    const { projectId, environment, secretPath } = this.options.location;
    return { workspaceId: projectId, environment, secretPath };
  }

  private login(): Promise<void> {
    this.loggingIn ??= this.logInOnce().catch((error: unknown) => {
      this.loggingIn = undefined; // a failed login is tried again by the next call
      throw error;
    });
    return this.loggingIn;
  }

  private async logInOnce(): Promise<void> {
    const { auth } = this.options;
    let token: string;
    if ('accessToken' in auth) token = auth.accessToken;
    else {
      const answer = await this.retrying('logging in with universal auth', () =>
        this.api.authApi.universalAuthLogin({ clientId: auth.clientId, clientSecret: auth.clientSecret }),
      );
      token = answer.accessToken;
    }
    this.options.secrets.mask(token);
    this.sdk.auth().accessToken(token);
  }

  private async get(name: string, options: { withValue: boolean; version?: number }): Promise<RawSecret | undefined> {
    return this.call(`reading ${name}`, () => this.fetchSecret(name, options));
  }

  /** One attempt, without retry: the caller's retry decides. */
  private async fetchSecret(
    name: string,
    options: { withValue: boolean; version?: number },
  ): Promise<RawSecret | undefined> {
    try {
      const answer = await this.api.secretsApi.getSecret({
        secretName: name,
        ...this.locationBody(),
        type: 'shared',
        expandSecretReferences: 'false',
        viewSecretValue: String(options.withValue),
        ...(options.version === undefined ? {} : { version: options.version }),
      });
      return answer.secret;
    } catch (error) {
      // A missing secret is a first rotation; a missing project, environment or folder is not.
      if (error instanceof InfisicalHttpError && error.status === 404 && /^secret/i.test(error.serverMessage)) {
        return undefined;
      }
      throw error;
    }
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    await this.login();
    return this.retrying(what, operation);
  }

  private retrying<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await operation();
        } catch (error) {
          throw mapInfisicalError(error, what);
        }
      },
      this.options.retry ?? DEFAULT_RETRY_POLICY,
      {
        clock: this.options.clock,
        sleep: this.options.sleep,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ attempt, waitMs, error }) =>
          this.options.onRetry?.(`${errorMessage(error)}; attempt ${attempt} failed, waiting ${waitMs} ms`),
      },
    );
  }
}
