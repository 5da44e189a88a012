import { Emulator, type EmulatorRequest, type Reply } from './emulator';

/**
 * A generic API guarded by credentials, for `verify`: it answers 200 to a
 * credential it accepts and 401 (with WWW-Authenticate, as RFC 9110 asks) to
 * anything else. A revocation can take effect after a number of requests, so
 * polling until the old credential is refused is exercised without waiting.
 */
export type PresentedScheme = 'bearer' | 'token' | 'basic' | 'header';

export interface ProtectedResource {
  emulator: Emulator;
  url: string;
  accept(credential: string): void;
  /** Refuses `credential` once `afterRequests` more requests have been seen. */
  revoke(credential: string, options?: { afterRequests?: number }): void;
  close(): Promise<void>;
}

export interface ProtectedResourceOptions {
  /** For `header:NAME` auth: the header that carries the credential. */
  headerName?: string;
  /** Also accept a credential this says yes to: a service that reads its
   * key from where keyturn pushes it (a Heroku config var), so it accepts
   * whatever value was rotated in, and refuses the old one once replaced. */
  accepts?: (credential: string) => boolean;
}

/** The credential a request presents, as the action would have been given it. */
export function presentedCredential(request: EmulatorRequest, headerName?: string): string | undefined {
  if (headerName) {
    const value = request.headers[headerName.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  }
  const authorization = request.headers.authorization;
  if (!authorization) return undefined;
  const [scheme = '', ...rest] = authorization.split(' ');
  const credential = rest.join(' ');
  switch (scheme.toLowerCase()) {
    case 'bearer':
    case 'token':
      return credential;
    case 'basic':
      return Buffer.from(credential, 'base64').toString('utf8');
    default:
      return undefined;
  }
}

export async function startProtectedResource(options: ProtectedResourceOptions = {}): Promise<ProtectedResource> {
  const accepted = new Set<string>();
  const revocations = new Map<string, number>();
  const answer = (request: EmulatorRequest): Reply => {
    for (const [credential, left] of revocations) {
      if (left <= 0) {
        accepted.delete(credential);
        revocations.delete(credential);
      } else revocations.set(credential, left - 1);
    }
    const credential = presentedCredential(request, options.headerName);
    if (credential !== undefined && (accepted.has(credential) || options.accepts?.(credential) === true)) {
      return { status: 200, body: { ok: true, path: request.path } };
    }
    return {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="keyturn-emulator"' },
      body: { message: 'Bad credentials' },
    };
  };
  const emulator = await Emulator.start({
    name: 'protected-resource',
    routes: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((method) => ({
      method,
      path: '/*',
      handler: answer,
    })),
  });
  return {
    emulator,
    url: emulator.url,
    accept: (credential) => {
      accepted.add(credential);
    },
    revoke: (credential, revokeOptions = {}) => {
      revocations.set(credential, revokeOptions.afterRequests ?? 0);
    },
    close: () => emulator.close(),
  };
}
