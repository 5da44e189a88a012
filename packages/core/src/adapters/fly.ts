import type { Clock, Sleep } from '../clock';
import { UpstreamError } from '../errors';
import type { DeleteOutcome, Destination } from '../ports';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryAfterFromHeaders, withRetry } from '../retry';
import type { Target } from '../targets';
import { parseUpstreamObject } from '../upstream-body';
import type { FlyTarget } from './destination-fly';

/**
 * Fly.io app secrets as a Destination, through the Machines API's secrets
 * resource (`/v1/apps/{app_name}/secrets`). Setting a secret there stages it:
 * Fly keeps it in the app's vault and raises the app's secrets version, and
 * no machine restarts. Machines read secrets when they boot, so a new value
 * reaches the app when its machines are next updated — `fly secrets deploy
 * -a APP` (or the next `fly deploy`). keyturn says so once per app; it never
 * restarts machines itself, since that is a deploy, with its own health
 * checks and rollout strategy, which the app's owner chooses.
 *
 * `prepare` lists the app's secrets (names and digests; the API never
 * returns values to a token outside the app), which proves the app exists
 * and the token may reach it without changing anything.
 */
export const DEFAULT_FLY_API_URL = 'https://api.machines.dev';
const SERVICE = 'Fly.io';
const TIMEOUT_MS = 30_000;

export interface FlyOptions {
  token: string;
  /** `fly-api-url`: https://api.machines.dev, or an emulator. */
  baseUrl?: string;
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  log?: (message: string) => void;
  /** Told once per app after its first write: how to roll its machines. */
  notice?: (message: string) => void;
  policy?: RetryPolicy;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The kinds this adapter serves. */
export const FLY_KINDS: Readonly<Record<FlyTarget['kind'], true>> = Object.freeze({ fly: true });

function isFlyTarget(target: Target): target is FlyTarget {
  return Object.hasOwn(FLY_KINDS, target.kind);
}

function authorization(token: string): string {
  // Macaroon tokens from `fly tokens create` come as "FlyV1 fm2_…" and are sent as they are.
  return token.startsWith('FlyV1 ') ? token : `Bearer ${token}`;
}

function failure(status: number, headers: Headers, target: FlyTarget, now: number): UpstreamError {
  const details = { service: SERVICE, status };
  switch (true) {
    case status === 401:
      return new UpstreamError('the API token was refused; check fly-api-token', { ...details, retryable: false });
    case status === 403:
      return new UpstreamError(`the API token may not change the secrets of app ${target.app}; check fly-api-token`, {
        ...details,
        retryable: false,
      });
    case status === 404:
      return new UpstreamError(`app '${target.app}' was not found; check the app name in the target line`, {
        ...details,
        retryable: false,
      });
    case status === 429 || status >= 500: {
      const retryAfterMs = retryAfterFromHeaders((name) => headers.get(name) ?? undefined, now);
      return new UpstreamError(status === 429 ? 'rate limited' : 'server error', {
        ...details,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    default:
      // Fly's ErrorResponse text is not repeated: it may echo what was sent.
      return new UpstreamError(`secret ${target.name} of app ${target.app} was refused`, {
        ...details,
        retryable: false,
      });
  }
}

/** A DELETE answered 404: the secret is already gone (the app was reached by prepare). */
class SecretAbsent extends Error {}

export class FlySecretsDestination implements Destination {
  private readonly options: FlyOptions;
  private readonly baseUrl: string;
  /** Per app: the names of its secrets, from prepare's list (names only). */
  private readonly names = new Map<string, Promise<Set<string>>>();
  private readonly told = new Set<string>();

  constructor(options: FlyOptions) {
    this.options = options;
    this.baseUrl = (options.baseUrl ?? DEFAULT_FLY_API_URL).replace(/\/+$/, '');
  }

  handles(target: Target): boolean {
    return isFlyTarget(target);
  }

  async prepare(target: Target): Promise<void> {
    await this.secretNames(this.flyTarget(target));
  }

  private secretNames(fly: FlyTarget): Promise<Set<string>> {
    let names = this.names.get(fly.app);
    if (!names) {
      names = this.request(fly, 'GET', `/v1/apps/${encodeURIComponent(fly.app)}/secrets`).then((answer) => {
        const listed = Array.isArray(answer.secrets) ? (answer.secrets as unknown[]) : [];
        return new Set(
          listed.flatMap((secret) => {
            const name = (secret as { name?: unknown } | null)?.name;
            return typeof name === 'string' ? [name] : [];
          }),
        );
      });
      this.names.set(fly.app, names);
    }
    return names;
  }

  /** Unsets the secret (`DELETE …/secrets/{name}`; staged like a set). A name
   * prepare's list did not show is already gone and nothing is sent; a 404
   * (removed since) is gone too. */
  async delete(target: Target): Promise<DeleteOutcome> {
    const fly = this.flyTarget(target);
    const names = await this.secretNames(fly);
    if (!names.has(fly.name)) return 'absent';
    const path = `/v1/apps/${encodeURIComponent(fly.app)}/secrets/${encodeURIComponent(fly.name)}`;
    try {
      await this.request(fly, 'DELETE', path, undefined, { absentOk: true });
    } catch (error) {
      if (error instanceof SecretAbsent) return 'absent';
      throw error;
    } finally {
      names.delete(fly.name);
    }
    return 'deleted';
  }

  async write(target: Target, value: string): Promise<void> {
    const fly = this.flyTarget(target);
    const names = await this.secretNames(fly);
    const answer = await this.request(
      fly,
      'POST',
      `/v1/apps/${encodeURIComponent(fly.app)}/secrets/${encodeURIComponent(fly.name)}`,
      { value },
    );
    names.add(fly.name);
    if (!this.told.has(fly.app)) {
      this.told.add(fly.app);
      const version = typeof answer.version === 'number' ? ` (secrets version ${answer.version})` : '';
      this.options.notice?.(
        `${fly.line}: staged in app ${fly.app}${version}; its machines keep the old value until they are updated: ` +
          `run fly secrets deploy -a ${fly.app} (or deploy the app) to roll them`,
      );
    }
  }

  private flyTarget(target: Target): FlyTarget {
    if (!isFlyTarget(target)) throw new Error(`Fly.io cannot take ${target.line}`);
    return target;
  }

  private request(
    target: FlyTarget,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    options: { absentOk?: boolean } = {},
  ): Promise<Record<string, unknown>> {
    const { clock, sleep } = this.options;
    const fetch = this.options.fetch ?? globalThis.fetch;
    return withRetry(
      async () => {
        let response: Response;
        try {
          response = await fetch(`${this.baseUrl}${path}`, {
            method,
            redirect: 'error',
            signal: AbortSignal.timeout(this.options.timeoutMs ?? TIMEOUT_MS),
            headers: {
              authorization: authorization(this.options.token),
              accept: 'application/json',
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
        } catch (error) {
          const code = (error as { name?: string }).name ?? 'network error';
          throw new UpstreamError(`no answer for app ${target.app} (${code})`, { service: SERVICE, retryable: true });
        }
        // The body is read under the same deadline: one that stops mid-way
        // (a trickle past the deadline, a reset) is an answer that never came.
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          const code = (error as { name?: string }).name ?? 'network error';
          throw new UpstreamError(`the answer for app ${target.app} stopped (${code})`, {
            service: SERVICE,
            retryable: true,
          });
        }
        if (response.status === 404 && options.absentOk) throw new SecretAbsent();
        if (!response.ok) throw failure(response.status, response.headers, target, clock.now());
        return parseUpstreamObject(text, {
          service: SERVICE,
          status: response.status,
          what: `the secrets of app ${target.app}`,
          contentType: response.headers.get('content-type') ?? undefined,
        });
      },
      this.options.policy ?? DEFAULT_RETRY_POLICY,
      {
        clock,
        sleep,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ waitMs, error }) =>
          this.options.log?.(
            `Fly.io: ${(error as UpstreamError).detail} for app ${target.app}; retrying in ${Math.ceil(waitMs / 1000)}s`,
          ),
      },
    );
  }
}
