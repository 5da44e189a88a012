import { Emulator, type EmulatorRequest, jsonBody, type Reply, type Route } from './emulator';

/**
 * A local Heroku Platform API for config vars. Like the real one, both GET and
 * PATCH /apps/{app}/config-vars answer with EVERY config var of the app, which
 * is why a client must never print, log or keep that answer: tests seed a
 * second canary in another var and prove it never leaves the process.
 *
 * Rate limiting follows Heroku: each answer carries `RateLimit-Remaining`;
 * when the budget is spent the answer is 429.
 */
export interface HerokuEmulatorOptions {
  latencyMs?: number;
  /** Requests allowed before 429s start (Heroku's bucket holds 4500). */
  rateLimit?: number;
}

export interface HerokuEmulator {
  emulator: Emulator;
  url: string;
  addApiKey(key: string, apps?: readonly string[]): void;
  addApp(name: string, vars?: Record<string, string>): void;
  configVars(app: string): Readonly<Record<string, string>> | undefined;
  /** Refills the rate-limit bucket to `remaining`. */
  setRateLimitRemaining(remaining: number): void;
  close(): Promise<void>;
}

/** Heroku's limit for all config vars of an app together. */
const CONFIG_LIMIT_BYTES = 32 * 1024;

function herokuError(status: number, id: string, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { id, message } };
}

/** The key a request presents: `Bearer KEY`, or Basic auth whose password is
 * the key (heroku-client sends `:KEY`, the CLI `email:KEY`). */
export function herokuApiKey(request: EmulatorRequest): string | undefined {
  const [scheme = '', credential = ''] = (request.headers.authorization ?? '').split(' ');
  if (/^bearer$/i.test(scheme)) return credential;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** What Heroku's API requires of every request: the v3 Accept header, a JSON
 * body of string-or-null vars for PATCH. */
export function validateHerokuRequest(request: EmulatorRequest): string[] {
  const problems: string[] = [];
  const accept = String(request.headers.accept ?? '');
  if (!accept.includes('application/vnd.heroku+json; version=3')) {
    problems.push(`Accept is '${accept}', not application/vnd.heroku+json; version=3`);
  }
  if (request.method === 'PATCH') {
    const body = jsonBody(request);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) problems.push('body is not a JSON object');
    else {
      for (const [key, value] of Object.entries(body)) {
        if (!/^\w+$/.test(key)) problems.push(`config var name '${key}' is not \\w+`);
        if (value !== null && typeof value !== 'string') problems.push(`config var '${key}' is not a string or null`);
      }
    }
  }
  return problems;
}

export async function startHeroku(options: HerokuEmulatorOptions = {}): Promise<HerokuEmulator> {
  const keys = new Map<string, readonly string[] | undefined>();
  const apps = new Map<string, Record<string, string>>();
  let remaining = options.rateLimit ?? 4500;

  const guarded =
    (handler: (request: EmulatorRequest, app: Record<string, string>) => Reply): Route['handler'] =>
    (request, params) => {
      if (remaining <= 0) {
        return herokuError(429, 'rate_limit', 'Your account reached the API rate limit. Please wait a few minutes.', {
          'ratelimit-remaining': '0',
        });
      }
      remaining -= 1;
      const rateHeaders = { 'ratelimit-remaining': String(remaining) };
      const key = herokuApiKey(request);
      if (key === undefined || !keys.has(key)) {
        return herokuError(401, 'unauthorized', 'Invalid credentials provided.', rateHeaders);
      }
      const name = params.app ?? '';
      const app = apps.get(name);
      if (!app) return herokuError(404, 'not_found', "Couldn't find that app.", rateHeaders);
      const allowed = keys.get(key);
      if (allowed !== undefined && !allowed.includes(name)) {
        return herokuError(403, 'forbidden', 'You do not have access to the app.', rateHeaders);
      }
      const reply = handler(request, app);
      return { ...reply, headers: { ...reply.headers, ...rateHeaders } };
    };

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/apps/:app/config-vars',
      handler: guarded((_request, app) => ({ status: 200, body: { ...app } })),
    },
    {
      method: 'PATCH',
      path: '/apps/:app/config-vars',
      handler: guarded((request, app) => {
        const body = jsonBody(request);
        if (body === null || typeof body !== 'object') return herokuError(422, 'invalid_params', 'Invalid params.');
        const next = { ...app };
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
          if (value === null) delete next[key];
          else next[key] = String(value);
        }
        const size = Object.entries(next).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
        if (size > CONFIG_LIMIT_BYTES) {
          return herokuError(422, 'invalid_params', 'Config vars exceed the 32kb limit.');
        }
        for (const key of Object.keys(app)) delete app[key];
        Object.assign(app, next);
        return { status: 200, body: { ...app } };
      }),
    },
  ];

  const emulator = await Emulator.start({
    name: 'heroku',
    routes,
    validate: (request) => validateHerokuRequest(request),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  });
  return {
    emulator,
    url: emulator.url,
    addApiKey: (key, only) => keys.set(key, only),
    addApp: (name, vars = {}) => apps.set(name, { ...vars }),
    configVars: (app) => {
      const vars = apps.get(app);
      return vars ? { ...vars } : undefined;
    },
    setRateLimitRemaining: (value) => {
      remaining = value;
    },
    close: () => emulator.close(),
  };
}
