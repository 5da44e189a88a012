import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Heroku from 'heroku-client';
import HerokuRequest from 'heroku-client/lib/request.js';
import type { Clock, Sleep } from '../clock';
import { UpstreamError } from '../errors';
import type { DeleteOutcome, Destination } from '../ports';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryAfterFromHeaders, withRetry } from '../retry';
import type { Target } from '../targets';
import { MAX_UPSTREAM_BODY_BYTES, malformedAnswer, parseErrorDocument, parseUpstreamObject } from '../upstream-body';
import type { HerokuTarget } from './destination-heroku';

/**
 * Heroku config vars as a Destination, on heroku-client.
 *
 * Heroku answers GET and PATCH /apps/{app}/config-vars with EVERY config var
 * of the app: that answer is never printed, logged, kept, nor put in an error.
 * Of it this adapter keeps one number per app (the bytes the other vars take,
 * to check Heroku's 32 KB limit before writing) and drops the rest at once.
 * heroku-client's debug output (which prints answers) is forced off, whatever
 * the options or environment say, and its own network retries (up to 15 s of
 * real sleeping) are replaced by keyturn's, which use the injected sleep.
 */
export const DEFAULT_HEROKU_API_URL = 'https://api.heroku.com';
/** Heroku's limit for all of an app's config vars together. */
export const HEROKU_CONFIG_MAX_BYTES = 32 * 1024;

export interface HerokuOptions {
  apiKey: string;
  /** `heroku-api-url`; only scheme, host and port are used, as heroku-client does. */
  baseUrl?: string;
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  log?: (message: string) => void;
  policy?: RetryPolicy;
  /** One request's limit (default 30 s). */
  timeoutMs?: number;
}

const RATE_LIMIT_WAIT_MS = 4_000;

interface HerokuFailure {
  statusCode?: number;
  code?: string;
  /** Heroku's error document ({id, message}); never the config map. */
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

/** heroku-client's request, minus its own retry loop (a refused connection
 * fails at once and keyturn's bounded, injected-sleep retry takes over) and
 * minus its logging: besides the `debug` option, heroku-client calls the
 * `debug` package with every answer body (every config var of the app) and
 * the request headers (the API key) whenever that package can be loaded and
 * DEBUG names it. Here nothing is logged, whatever is installed or set. */
class SingleAttemptRequest extends HerokuRequest {
  override handleError(error: Error): void {
    this.reject(error);
  }

  /** heroku-client's own timeout is an idle one (req.setTimeout): a server
   * trickling a byte every few seconds never trips it. This one is total. */
  override setRequestTimeout(req: import('node:http').ClientRequest): void {
    const limit = Number(this.options.timeout ?? 30_000);
    const timer = setTimeout(() => {
      req.destroy();
      this.reject(new Error(`no complete answer within ${limit} ms`));
    }, limit);
    timer.unref();
    req.once('close', () => clearTimeout(timer));
  }

  override logRequest(): void {}

  override logResponse(): void {}

  /** Every answer is read here and parsed in keyturn's one parsing place:
   * heroku-client's own `handleSuccess` calls `JSON.parse` inside a stream
   * listener, so a 2xx body that is not JSON (a BOM ahead of the map, a
   * proxy's HTML page) threw out of the listener, killed Node and printed the
   * body (every config var of the app) to stderr. Nothing thrown here may
   * escape the promise. Next-Range is not followed: config vars are one
   * object, never a ranged list. */
  override handleResponse(res: IncomingMessage): void {
    this.middleware(res, () => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const status = res.statusCode ?? 0;
      const source = { service: 'Heroku', status, contentType: res.headers['content-type'], what: this.what };
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= MAX_UPSTREAM_BODY_BYTES) chunks.push(chunk);
        else {
          res.destroy();
          this.reject(malformedAnswer(source, `is more than ${MAX_UPSTREAM_BODY_BYTES} bytes`));
        }
      });
      res.on('error', (error) => this.reject(error));
      res.on('end', () => {
        try {
          const body = Buffer.concat(chunks).toString('utf8');
          if (status >= 200 && status < 300) this.resolve(parseUpstreamObject(body, source));
          else
            this.handleFailure(res as IncomingMessage & { statusCode: number; headers: Record<string, string> }, body);
        } catch (error) {
          this.reject(error);
        }
      });
    });
  }

  private get what(): string | undefined {
    const path = this.options.path;
    return typeof path === 'string' ? `${String(this.options.method ?? 'GET')} ${path.split('?')[0]}` : undefined;
  }

  /** Failures keep the response headers (RateLimit-Remaining, Retry-After). */
  override handleFailure(res: { statusCode: number; headers: Record<string, string> }, buffer: string): void {
    const error = new Error(`Heroku answered ${res.statusCode}`) as Error & HerokuFailure;
    error.statusCode = res.statusCode;
    error.headers = res.headers;
    error.body = parseErrorDocument(buffer);
    this.reject(error);
  }
}

class QuietHeroku extends Heroku {
  override request(options: Record<string, unknown>): Promise<unknown> {
    const merged = {
      ...this.options,
      ...options,
      headers: { ...(this.options.headers ?? {}), ...((options.headers as object | undefined) ?? {}) },
      // Forced: either would print the full config map to stderr.
      debug: false,
      debugHeaders: false,
      logger: undefined,
    };
    return new SingleAttemptRequest(merged).request();
  }
}

function herokuFailure(error: unknown, target: HerokuTarget, now: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const failure = error as HerokuFailure;
  const status = failure.statusCode;
  const service = 'Heroku';
  if (status === undefined) {
    const code = failure.code ?? (error instanceof Error ? error.message : 'no answer');
    return new UpstreamError(`no answer for app ${target.app} (${code})`, { service, retryable: true });
  }
  const id = (failure.body as { id?: unknown } | undefined)?.id;
  const herokuId = typeof id === 'string' && /^[\w-]+$/.test(id) ? ` [${id}]` : '';
  const details = { service, status };
  switch (true) {
    case status === 401:
      return new UpstreamError(`the API key was refused${herokuId}; check heroku-api-key`, {
        ...details,
        retryable: false,
      });
    case status === 403:
      return new UpstreamError(`the API key may not change app ${target.app}${herokuId}; check heroku-api-key`, {
        ...details,
        retryable: false,
      });
    case status === 404:
      return new UpstreamError(`app '${target.app}' was not found${herokuId}; check the app name in the target line`, {
        ...details,
        retryable: false,
      });
    case status === 429 || status >= 500: {
      const headers = failure.headers ?? {};
      const retryAfterMs = retryAfterFromHeaders((name) => {
        const value = headers[name];
        return Array.isArray(value) ? value[0] : value;
      }, now);
      // Heroku's bucket refills about 75 requests a minute and a 429 rarely
      // says when: wait long enough for a few to come back.
      const wait = retryAfterMs ?? (status === 429 ? RATE_LIMIT_WAIT_MS : undefined);
      return new UpstreamError(
        status === 429 ? `rate limit reached (RateLimit-Remaining: 0)${herokuId}` : `server error${herokuId}`,
        { ...details, retryable: true, ...(wait === undefined ? {} : { retryAfterMs: wait }) },
      );
    }
    default:
      return new UpstreamError(`config var ${target.name} of app ${target.app} was refused${herokuId}`, {
        ...details,
        retryable: false,
      });
  }
}

export class HerokuConfigDestination implements Destination {
  private readonly client: QuietHeroku;
  private readonly options: HerokuOptions;
  /** Per app: the bytes its config vars take, keyed by var name; never values. */
  private readonly sizes = new Map<string, Promise<Map<string, number>>>();
  /** Per app and var: an HMAC of the value under a key that lives only in
   * this object, so `holds` can compare without keeping any value (the
   * digest is useless outside this run). */
  private readonly digests = new Map<string, Map<string, string>>();
  private readonly digestKey = randomBytes(32);

  constructor(options: HerokuOptions) {
    this.options = options;
    this.client = new QuietHeroku({
      token: options.apiKey,
      host: options.baseUrl ?? DEFAULT_HEROKU_API_URL,
      timeout: options.timeoutMs ?? 30_000,
    });
  }

  handles(target: Target): boolean {
    return target.kind === 'heroku';
  }

  async prepare(target: Target): Promise<void> {
    await this.varSizes(this.herokuTarget(target));
  }

  /** Whether the var already holds `value`, from the config read by
   * prepare: a rotation re-run writes (and so releases and restarts the
   * app's dynos) only where the value differs. */
  async holds(target: Target, value: string): Promise<boolean> {
    const heroku = this.herokuTarget(target);
    await this.varSizes(heroku);
    return this.digests.get(heroku.app)?.get(heroku.name) === this.digest(value);
  }

  private digest(value: string): string {
    return createHmac('sha256', this.digestKey).update(value, 'utf8').digest('base64');
  }

  async writesProblem(writes: readonly { target: Target; value: string }[]): Promise<string | undefined> {
    const byApp = new Map<string, Map<string, number>>();
    for (const { target, value } of writes) {
      if (target.kind !== 'heroku') continue;
      const heroku = this.herokuTarget(target);
      const planned = byApp.get(heroku.app) ?? new Map<string, number>();
      planned.set(heroku.name, Buffer.byteLength(heroku.name + value, 'utf8'));
      byApp.set(heroku.app, planned);
    }
    for (const [app, planned] of byApp) {
      const sizes = await this.varSizes({ kind: 'heroku', app, name: '', line: `heroku:${app}/` });
      let total = 0;
      for (const [name, bytes] of sizes) if (!planned.has(name)) total += bytes;
      for (const bytes of planned.values()) total += bytes;
      if (total > HEROKU_CONFIG_MAX_BYTES) {
        return `app ${app}'s config vars would take ${total} bytes with ${[...planned.keys()].join(' and ')}; Heroku allows ${HEROKU_CONFIG_MAX_BYTES}`;
      }
    }
    return undefined;
  }

  async write(target: Target, value: string): Promise<void> {
    const heroku = this.herokuTarget(target);
    const sizes = await this.varSizes(heroku);
    let others = 0;
    for (const [name, bytes] of sizes) if (name !== heroku.name) others += bytes;
    const total = others + Buffer.byteLength(heroku.name + value, 'utf8');
    if (total > HEROKU_CONFIG_MAX_BYTES) {
      throw new UpstreamError(
        `app ${heroku.app}'s config vars would take ${total} bytes with ${heroku.name}; Heroku allows ${HEROKU_CONFIG_MAX_BYTES}`,
        { service: 'Heroku', retryable: false },
      );
    }
    // The answer is the app's whole config: awaited and dropped, never bound.
    await this.call(heroku, () =>
      this.client.patch(`/apps/${encodeURIComponent(heroku.app)}/config-vars`, { body: { [heroku.name]: value } }),
    );
    sizes.set(heroku.name, Buffer.byteLength(heroku.name + value, 'utf8'));
    this.digests.get(heroku.app)?.set(heroku.name, this.digest(value));
  }

  /** Unsets the var: Heroku's PATCH takes `null` for a var to remove. A var
   * the config read (prepare) did not show is already gone, and nothing is
   * sent: an unset that changes nothing would still cut a release and
   * restart the app's dynos. */
  async delete(target: Target): Promise<DeleteOutcome> {
    const heroku = this.herokuTarget(target);
    const sizes = await this.varSizes(heroku);
    if (!sizes.has(heroku.name)) return 'absent';
    await this.call(heroku, () =>
      this.client.patch(`/apps/${encodeURIComponent(heroku.app)}/config-vars`, { body: { [heroku.name]: null } }),
    );
    sizes.delete(heroku.name);
    this.digests.get(heroku.app)?.delete(heroku.name);
    return 'deleted';
  }

  private herokuTarget(target: Target): HerokuTarget {
    if (target.kind !== 'heroku') throw new Error(`Heroku cannot take ${target.line}`);
    return target;
  }

  private varSizes(target: HerokuTarget): Promise<Map<string, number>> {
    let sizes = this.sizes.get(target.app);
    if (!sizes) {
      sizes = this.call(target, async () => {
        const config = (await this.client.get(`/apps/${encodeURIComponent(target.app)}/config-vars`)) as Record<
          string,
          unknown
        >;
        const sizes = new Map<string, number>();
        const digests = new Map<string, string>();
        for (const [name, value] of Object.entries(config)) {
          if (typeof value !== 'string' && value !== null) {
            throw malformedAnswer(
              { service: 'Heroku', status: 200, what: `GET /apps/${target.app}/config-vars` },
              'holds a config var that is not a string',
            );
          }
          sizes.set(name, Buffer.byteLength(name + (value ?? '')));
          if (value !== null) digests.set(name, this.digest(value));
        }
        this.digests.set(target.app, digests);
        return sizes;
      });
      this.sizes.set(target.app, sizes);
    }
    return sizes;
  }

  private call<T>(target: HerokuTarget, operation: () => Promise<T>): Promise<T> {
    const { clock, sleep } = this.options;
    return withRetry(
      async () => {
        try {
          return await operation();
        } catch (error) {
          throw herokuFailure(error, target, clock.now());
        }
      },
      this.options.policy ?? DEFAULT_RETRY_POLICY,
      {
        clock,
        sleep,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ waitMs, error }) =>
          this.options.log?.(
            `Heroku: ${(error as UpstreamError).detail} for app ${target.app}; retrying in ${Math.ceil(waitMs / 1000)}s`,
          ),
      },
    );
  }
}
