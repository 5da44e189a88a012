import type { InfisicalSDK } from '@infisical/sdk';
import { errorMessage, UpstreamError } from '../errors';
import { policyFetch } from '../http-policy';
import { retryAfterFromHeaders } from '../retry';
import { parseErrorDocument, parseUpstreamJson, upstreamText } from '../upstream-body';

/**
 * How keyturn talks to Infisical: the SDK's internals it hooks (checked at
 * runtime, since they are private in its typings), the one bounded attempt
 * that replaces the SDK's own request with its fixed 15 s of retries, and
 * the mapping of a failed exchange to an UpstreamError. The store's logic
 * (versions, the rotation marker) lives in ./infisical.
 */
export const INFISICAL_SERVICE = 'Infisical';

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

export interface RawSecret {
  secretKey: string;
  secretValue: string;
  version: number;
  updatedAt: string;
  type?: string;
}

type RequestConfig = { params?: Record<string, unknown>; headers?: Record<string, string>; timeout?: number };
type Transport = (method: string, url: string, body: string | undefined, config?: RequestConfig) => Promise<unknown>;

/** The parts of the SDK instance keyturn uses; private in its typings, so
 * checked at runtime: an SDK upgrade that moves them fails loudly here. */
export interface SdkInternals {
  apiClient: { request: Transport; baseURL: string; defaultHeaders: Record<string, string> };
  authApi: { universalAuthLogin(body: { clientId: string; clientSecret: string }): Promise<{ accessToken: string }> };
  secretsApi: {
    listSecrets(params: Record<string, unknown>): Promise<{ secrets: RawSecret[] }>;
    getSecret(params: Record<string, unknown>): Promise<{ secret: RawSecret }>;
    createSecret(name: string, body: Record<string, unknown>): Promise<{ secret: RawSecret }>;
    updateSecret(name: string, body: Record<string, unknown>): Promise<{ secret: RawSecret }>;
    deleteSecret(name: string, body: Record<string, unknown>): Promise<{ secret: RawSecret }>;
  };
  foldersApi: { create(body: Record<string, unknown>): Promise<{ folder: unknown }> };
}

export function internalsOf(sdk: InfisicalSDK): SdkInternals {
  const internals = sdk as unknown as Partial<SdkInternals>;
  if (
    typeof internals.apiClient?.request !== 'function' ||
    typeof internals.authApi?.universalAuthLogin !== 'function' ||
    typeof internals.secretsApi?.getSecret !== 'function' ||
    typeof internals.secretsApi?.listSecrets !== 'function' ||
    typeof internals.secretsApi?.deleteSecret !== 'function' ||
    typeof internals.foldersApi?.create !== 'function'
  ) {
    throw new Error(
      '@infisical/sdk no longer has the internals keyturn hooks (apiClient.request, authApi, secretsApi, foldersApi)',
    );
  }
  return internals as SdkInternals;
}

/** One attempt, bounded by a timeout: what the SDK's request does minus its retry. */
export function boundedTransport(client: SdkInternals['apiClient'], timeoutMs: number, now: () => number): Transport {
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
