import { UpstreamError } from './errors';

/**
 * The one HTTP policy for every request that carries a credential:
 * - the URL is https://, or http:// to this machine only (emulators), so a
 *   token never travels in clear text over a network;
 * - a redirect is followed only within the same origin (scheme, host, port):
 *   a redirect elsewhere is an UpstreamError, never a second request, so a
 *   header or a body holding a credential (Infisical's universal-auth login
 *   sends the client secret in its body, and fetch re-sends a body on a 307)
 *   goes only where it was meant to;
 * - the whole exchange, redirects and body included, ends by one deadline.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host) || host.endsWith('.localhost');
}

/** Why a URL may not carry a credential, or undefined when it may. */
export function credentialUrlProblem(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? undefined
      : `is http:// to ${url.hostname}, so credentials would travel in clear text (http:// is for this machine only)`;
  }
  return `uses ${url.protocol}`;
}

const MAX_REDIRECTS = 5;

export interface PolicyFetchOptions {
  /** The service, as a user knows it, for messages. */
  service: string;
  /** The total deadline of one exchange, redirects and body included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** fetch under the policy. The deadline covers reading the body too: the
 * returned Response's body is read under the same signal. */
export function policyFetch(options: PolicyFetchOptions): typeof fetch {
  const base = options.fetch ?? fetch;
  return async (input, init) => {
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)])
      : AbortSignal.timeout(options.timeoutMs);
    let url = new URL(input instanceof Request ? input.url : String(input));
    let request: RequestInit = { ...init, redirect: 'manual', signal };
    const origin = url.origin;
    for (let hop = 0; ; hop++) {
      const problem = credentialUrlProblem(url);
      if (problem) throw new UpstreamError(`refused to send a request: ${url.origin} ${problem}`, failure(options));
      const response = await base(url, request);
      if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (location === null) return response;
      const next = new URL(location, url);
      if (next.origin !== origin) {
        throw new UpstreamError(
          `answered ${response.status} redirecting to another origin (${next.origin}); keyturn does not follow it with credentials`,
          { ...failure(options), status: response.status },
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw new UpstreamError(`redirected more than ${MAX_REDIRECTS} times`, {
          ...failure(options),
          status: response.status,
        });
      }
      // 301/302/303 turn into a GET without a body, as fetch does; 307/308 keep both.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && request.method !== 'HEAD')
      ) {
        const { body: _dropped, ...rest } = request;
        request = { ...rest, method: 'GET' };
      }
      url = next;
    }
  };
}

function failure(options: PolicyFetchOptions) {
  return { service: options.service, retryable: false };
}
