import { createHash } from 'node:crypto';
import { Emulator, type EmulatorRequest, type Reply } from './emulator';

/**
 * Fly.io's Machines API app-secrets resource (`/v1/apps/{app_name}/secrets`,
 * per the Machines API OpenAPI reference): list (names and digests, never
 * values), set one (`POST …/secrets/{secret_name}` with `{"value"}`), get one,
 * delete one, and the bulk update. Setting a secret stages it: the app's
 * secrets version goes up and machines keep the secrets they booted with
 * until they are updated (`fly secrets deploy`), which the emulator records
 * so a test can prove keyturn never restarted a machine. Errors are the
 * reference's ErrorResponse, `{"error": "…"}`. Tokens are sent as
 * `Authorization: Bearer <token>` (or `FlyV1 <macaroon>`), and may be limited
 * to some apps, as deploy tokens are.
 */
export interface FlySecret {
  value: string;
  digest: string;
  createdAt: string;
  updatedAt: string;
}

export interface FlyApp {
  name: string;
  secrets: Map<string, FlySecret>;
  /** Goes up with every secrets change. */
  secretsVersion: number;
  /** The secrets version the app's machines run with; only a deploy moves it. */
  deployedVersion: number;
}

export interface FlyEmulatorOptions {
  now?: () => number;
  latencyMs?: number;
}

export interface FlyEmulator {
  emulator: Emulator;
  url: string;
  /** A token; with `apps`, limited to those apps (a deploy token). */
  addToken(token: string, apps?: readonly string[]): void;
  addApp(name: string, secrets?: Record<string, string>): void;
  app(name: string): FlyApp | undefined;
  /** The value a secret holds (tests only; the API never returns it). */
  secretValue(app: string, name: string): string | undefined;
  /** Requests that changed state. */
  writes(): EmulatorRequest[];
  close(): Promise<void>;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const flyError = (status: number, error: string): Reply => ({ status, body: { error } });

/** Fly shows a digest of each value, never the value. */
function digestOf(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

export async function startFly(options: FlyEmulatorOptions = {}): Promise<FlyEmulator> {
  const now = options.now ?? (() => Date.now());
  const apps = new Map<string, FlyApp>();
  const tokens = new Map<string, readonly string[] | undefined>();

  function authorize(request: EmulatorRequest, appName: string): FlyApp | Reply {
    const header = String(request.headers.authorization ?? '');
    const match = /^(?:Bearer|FlyV1) (\S+)$/.exec(header);
    const token = match?.[1] ?? '';
    if (!tokens.has(token)) return flyError(401, 'unauthorized');
    const allowed = tokens.get(token);
    if (allowed && !allowed.includes(appName)) return flyError(403, 'unauthorized');
    const app = apps.get(appName);
    if (!app) return flyError(404, 'app not found');
    return app;
  }

  const view = (name: string, secret: FlySecret) => ({
    name,
    digest: secret.digest,
    created_at: secret.createdAt,
    updated_at: secret.updatedAt,
  });

  function set(app: FlyApp, name: string, value: string): FlySecret {
    const at = new Date(now()).toISOString();
    const existing = app.secrets.get(name);
    const secret = { value, digest: digestOf(value), createdAt: existing?.createdAt ?? at, updatedAt: at };
    app.secrets.set(name, secret);
    app.secretsVersion += 1;
    return secret;
  }

  function parseBody(request: EmulatorRequest): Record<string, unknown> | undefined {
    try {
      const body = JSON.parse(request.body) as unknown;
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  const emulator = await Emulator.start({
    name: 'fly',
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    validate: (request) => {
      const problems: string[] = [];
      if (!request.path.startsWith('/v1/')) problems.push('not under /v1');
      if (request.method === 'POST' && !String(request.headers['content-type'] ?? '').startsWith('application/json')) {
        problems.push(`content-type is ${String(request.headers['content-type'])}, not application/json`);
      }
      if (request.query.has('show_secrets')) problems.push('show_secrets asked: values are for the app itself only');
      return problems;
    },
    routes: [
      {
        method: 'GET',
        path: '/v1/apps/:app/secrets',
        handler: (request, params) => {
          const app = authorize(request, params.app ?? '');
          if (!('secrets' in app)) return app;
          return { status: 200, body: { secrets: [...app.secrets].map(([name, secret]) => view(name, secret)) } };
        },
      },
      {
        method: 'POST',
        path: '/v1/apps/:app/secrets',
        handler: (request, params) => {
          const app = authorize(request, params.app ?? '');
          if (!('secrets' in app)) return app;
          const values = parseBody(request)?.values;
          if (typeof values !== 'object' || values === null) return flyError(400, 'values is required');
          for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
            if (!SECRET_NAME.test(name)) return flyError(400, `invalid secret name ${name}`);
            if (value === null) {
              app.secrets.delete(name);
              app.secretsVersion += 1;
            } else if (typeof value === 'string') set(app, name, value);
            else return flyError(400, 'values must be strings or null');
          }
          return {
            status: 200,
            body: {
              secrets: [...app.secrets].map(([name, secret]) => view(name, secret)),
              version: app.secretsVersion,
            },
          };
        },
      },
      {
        method: 'GET',
        path: '/v1/apps/:app/secrets/:name',
        handler: (request, params) => {
          const app = authorize(request, params.app ?? '');
          if (!('secrets' in app)) return app;
          const secret = app.secrets.get(params.name ?? '');
          return secret ? { status: 200, body: view(params.name ?? '', secret) } : flyError(404, 'secret not found');
        },
      },
      {
        method: 'POST',
        path: '/v1/apps/:app/secrets/:name',
        handler: (request, params) => {
          const app = authorize(request, params.app ?? '');
          if (!('secrets' in app)) return app;
          const name = params.name ?? '';
          if (!SECRET_NAME.test(name)) return flyError(400, 'invalid secret name');
          const value = parseBody(request)?.value;
          if (typeof value !== 'string' || value === '') return flyError(400, 'value is required');
          const secret = set(app, name, value);
          return { status: 201, body: { ...view(name, secret), version: app.secretsVersion } };
        },
      },
      {
        method: 'DELETE',
        path: '/v1/apps/:app/secrets/:name',
        handler: (request, params) => {
          const app = authorize(request, params.app ?? '');
          if (!('secrets' in app)) return app;
          if (!app.secrets.delete(params.name ?? '')) return flyError(404, 'secret not found');
          app.secretsVersion += 1;
          return { status: 200, body: { version: app.secretsVersion } };
        },
      },
    ],
  });

  return {
    emulator,
    url: emulator.url,
    addToken(token, scope) {
      tokens.set(token, scope);
    },
    addApp(name, secrets = {}) {
      const app: FlyApp = { name, secrets: new Map(), secretsVersion: 0, deployedVersion: 0 };
      for (const [key, value] of Object.entries(secrets)) set(app, key, value);
      app.deployedVersion = app.secretsVersion;
      apps.set(name, app);
    },
    app: (name) => apps.get(name),
    secretValue: (app, name) => apps.get(app)?.secrets.get(name)?.value,
    writes: () => emulator.mutatingRequests(),
    close: () => emulator.close(),
  };
}
