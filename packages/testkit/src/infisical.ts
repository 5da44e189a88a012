import { randomBytes, randomUUID } from 'node:crypto';
import { Emulator, type EmulatorRequest, jsonBody, type Reply } from './emulator';

/**
 * Infisical's API as @infisical/sdk v5 calls it: universal-auth login, the
 * raw secrets routes (`/api/v3/secrets/raw[/:name]`, GET with `version`,
 * POST to create, PATCH to update, DELETE), folders (`/api/v1/folders`) and
 * the version history route. Every secrets route checks the bearer token the
 * login issued (or a token given up front) and the project and environment;
 * errors carry Infisical's `{reqId, statusCode, message, error}` body.
 *
 * Held to Infisical's backend (secret-v2-bridge-service, secret-folder-service):
 * - a secret lives in a folder: `/` always exists, others exist once created
 *   (POST /api/v1/folders, idempotent: an existing folder is answered as
 *   created, and missing parents are made) or seeded. Reading, creating,
 *   updating or deleting a secret in a folder that does not exist answers
 *   404 `Folder with path '…' in environment with slug '…' not found`;
 *   listing one answers an empty list.
 * - creating a shared secret whose key exists answers 400 `Secret already
 *   exist` (error `BadRequest`). Two creates of one key at the same moment
 *   meet Infisical's unique index instead, whose DatabaseError answers 500
 *   `Something went wrong`: `createRaceAnswers500` makes the next conflicts
 *   answer that way.
 */
export interface InfisicalSecretVersion {
  version: number;
  value: string;
  /** Epoch ms. */
  createdAt: number;
}

export interface InfisicalSecretRecord {
  id: string;
  key: string;
  projectId: string;
  environment: string;
  path: string;
  /** Oldest first; the last is the current value. */
  versions: InfisicalSecretVersion[];
  createdAt: number;
}

export interface InfisicalEmulatorOptions {
  /** Universal-auth identities: client id to client secret. */
  clients?: Record<string, string>;
  /** Access tokens accepted without a login (an `infisical-token` input). */
  tokens?: string[];
  /** Project ids to their environment slugs. */
  projects?: Record<string, string[]>;
  now?: () => number;
  latencyMs?: number;
}

export interface InfisicalEmulator {
  emulator: Emulator;
  url: string;
  readonly secrets: Map<string, InfisicalSecretRecord>;
  /** The record of a secret, by its location. */
  find(location: {
    projectId: string;
    environment: string;
    secretPath?: string;
    key: string;
  }): InfisicalSecretRecord | undefined;
  /** Writes a new version as another client would (no request logged). */
  seed(
    location: { projectId: string; environment: string; secretPath?: string; key: string },
    value: string,
    createdAt?: number,
  ): number;
  /** Requests that change secrets: the login POST is left out, as it changes nothing. */
  secretWrites(): EmulatorRequest[];
  /** secretWrites() to the secrets themselves: keyturn's rotation markers
   * (folder `keyturn-rotations`) and folder creates left out. */
  valueWrites(): EmulatorRequest[];
  /** secretWrites() to keyturn's rotation markers and their folder. */
  markerWrites(): EmulatorRequest[];
  /** Access tokens issued by logins so far (to check that none leaks). */
  readonly issuedTokens: string[];
  /** The next `times` writes (POST creates, PATCH updates, DELETEs) are applied, then
   * never answered: the client times out not knowing whether they happened. */
  applyThenLoseAnswer(method: 'POST' | 'PATCH' | 'DELETE', times?: number): void;
  /** Makes a folder (and its parents) as the folders route does, without a request logged. */
  addFolder(location: { projectId: string; environment: string; secretPath: string }): void;
  /** Whether the folder exists. */
  hasFolder(location: { projectId: string; environment: string; secretPath: string }): boolean;
  /** The next `times` creates of a key that exists answer as two creates
   * racing past the existence check do (the unique index's 500), not 400. */
  createRaceAnswers500(times?: number): void;
  close(): Promise<void>;
}

const LOGIN_PATH = '/api/v1/auth/universal-auth/login';
/** keyturn's rotation markers live in this sub-folder (core's ROTATION_FOLDER). */
const MARKER_FOLDER = 'keyturn-rotations';

function touchesMarkers(request: EmulatorRequest): boolean {
  if (request.path === '/api/v1/folders') return true;
  try {
    const body = JSON.parse(request.body || '{}') as { secretPath?: unknown };
    return typeof body.secretPath === 'string' && body.secretPath.split('/').includes(MARKER_FOLDER);
  } catch {
    return false;
  }
}

function error(status: number, message: string): Reply {
  const names: Record<number, string> = {
    400: 'BadRequest',
    401: 'UnauthorizedError',
    403: 'PermissionDenied',
    404: 'NotFound',
    422: 'ValidationFailure',
  };
  return {
    status,
    body: { reqId: `req-${randomUUID()}`, statusCode: status, message, error: names[status] ?? 'Error' },
  };
}

class Refusal extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(String((reply.body as { message?: unknown }).message));
    this.reply = reply;
  }
}

function normalisePath(path: string | null | undefined): string {
  if (!path || path === '') return '/';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export async function startInfisical(options: InfisicalEmulatorOptions = {}): Promise<InfisicalEmulator> {
  const now = options.now ?? (() => Date.now());
  const clients = options.clients ?? {};
  const projects = options.projects ?? {};
  const tokens = new Set(options.tokens ?? []);
  const issuedTokens: string[] = [];
  const secrets = new Map<string, InfisicalSecretRecord>();
  const keyOf = (projectId: string, environment: string, path: string, key: string) =>
    `${projectId}\u0000${environment}\u0000${path}\u0000${key}`;
  const folders = new Set<string>();
  const folderOf = (projectId: string, environment: string, path: string) =>
    `${projectId}\u0000${environment}\u0000${path}`;
  const hasFolder = (projectId: string, environment: string, path: string) =>
    path === '/' || folders.has(folderOf(projectId, environment, path));
  const addFolder = (projectId: string, environment: string, path: string) => {
    const segments = path.split('/').filter(Boolean);
    for (let index = 1; index <= segments.length; index++) {
      folders.add(folderOf(projectId, environment, `/${segments.slice(0, index).join('/')}`));
    }
  };
  /** The folder a secret route names must exist (Infisical's findBySecretPath). */
  const requireFolder = (location: { projectId: string; environment: string; path: string }) => {
    if (!hasFolder(location.projectId, location.environment, location.path)) {
      throw new Refusal(
        error(404, `Folder with path '${location.path}' in environment with slug '${location.environment}' not found`),
      );
    }
  };
  let createRacesLeft = 0;

  const authorise = (request: EmulatorRequest) => {
    const header = String(request.headers.authorization ?? '');
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token === '') throw new Refusal(error(401, 'Missing Authorization Header in the request header.'));
    if (!tokens.has(token)) throw new Refusal(error(401, 'Invalid token'));
  };

  const locate = (params: { workspaceId?: unknown; environment?: unknown; secretPath?: unknown }) => {
    const projectId = typeof params.workspaceId === 'string' ? params.workspaceId : '';
    const environment = typeof params.environment === 'string' ? params.environment : '';
    if (projectId === '') throw new Refusal(error(422, 'workspaceId is required'));
    if (environment === '') throw new Refusal(error(422, 'environment is required'));
    const environments = projects[projectId];
    if (!environments) throw new Refusal(error(404, `Project with ID '${projectId}' not found`));
    if (!environments.includes(environment)) {
      throw new Refusal(error(404, `Environment with slug '${environment}' in project with ID ${projectId} not found`));
    }
    const path = normalisePath(typeof params.secretPath === 'string' ? params.secretPath : undefined);
    return { projectId, environment, path };
  };

  const shape = (record: InfisicalSecretRecord, entry: InfisicalSecretVersion, showValue: boolean) => ({
    id: record.id,
    _id: record.id,
    workspace: record.projectId,
    workspaceId: record.projectId,
    environment: record.environment,
    version: entry.version,
    type: 'shared',
    secretKey: record.key,
    secretValue: showValue ? entry.value : '<hidden-by-infisical>',
    secretValueHidden: !showValue,
    secretComment: '',
    secretPath: record.path,
    skipMultilineEncoding: false,
    isRotatedSecret: false,
    tags: [],
    secretMetadata: [],
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(entry.createdAt).toISOString(),
  });

  const answersToLose: Record<string, number> = {};
  /** The handler runs in full (the write is applied); only the answer is lost. */
  const losable =
    (
      method: 'POST' | 'PATCH' | 'DELETE',
      handler: (request: EmulatorRequest, params: Record<string, string>) => Reply,
    ) =>
    (request: EmulatorRequest, params: Record<string, string>): Reply | Promise<Reply> => {
      const reply = handler(request, params);
      const left = answersToLose[method] ?? 0;
      if (left <= 0 || reply.status >= 400) return reply;
      answersToLose[method] = left - 1;
      return new Promise<Reply>(() => {});
    };

  const guarded =
    (handler: (request: EmulatorRequest, params: Record<string, string>) => Reply) =>
    (request: EmulatorRequest, params: Record<string, string>): Reply => {
      try {
        authorise(request);
        return handler(request, params);
      } catch (caught) {
        if (caught instanceof Refusal) return caught.reply;
        throw caught;
      }
    };

  const bodyOf = (request: EmulatorRequest): Record<string, unknown> => {
    const body = jsonBody(request);
    if (typeof body !== 'object' || body === null) throw new Refusal(error(400, 'Body must be JSON'));
    return body as Record<string, unknown>;
  };

  const addVersion = (record: InfisicalSecretRecord, value: string, at: number) => {
    const last = record.versions[record.versions.length - 1];
    const version = (last?.version ?? 0) + 1;
    record.versions.push({ version, value, createdAt: at });
    return version;
  };

  const seed = (
    location: { projectId: string; environment: string; secretPath?: string; key: string },
    value: string,
    createdAt = now(),
  ) => {
    const path = normalisePath(location.secretPath);
    addFolder(location.projectId, location.environment, path);
    const key = keyOf(location.projectId, location.environment, path, location.key);
    let record = secrets.get(key);
    if (!record) {
      record = {
        id: randomUUID(),
        key: location.key,
        projectId: location.projectId,
        environment: location.environment,
        path,
        versions: [],
        createdAt,
      };
      secrets.set(key, record);
    }
    return addVersion(record, value, createdAt);
  };

  const emulator = await Emulator.start({
    name: 'infisical',
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    routes: [
      {
        method: 'POST',
        path: LOGIN_PATH,
        handler: (request) => {
          const body = jsonBody(request) as { clientId?: unknown; clientSecret?: unknown } | undefined;
          const clientId = typeof body?.clientId === 'string' ? body.clientId : '';
          const expected = clients[clientId];
          if (expected === undefined || body?.clientSecret !== expected) return error(401, 'Invalid credentials');
          const accessToken = `ey.${randomBytes(24).toString('base64url')}`;
          tokens.add(accessToken);
          issuedTokens.push(accessToken);
          return { status: 200, body: { accessToken, expiresIn: 7200, accessTokenMaxTTL: 43200, tokenType: 'Bearer' } };
        },
      },
      {
        method: 'GET',
        path: '/api/v3/secrets/raw',
        handler: guarded((request) => {
          const location = locate(Object.fromEntries(request.query));
          const show = request.query.get('viewSecretValue') !== 'false';
          if (!hasFolder(location.projectId, location.environment, location.path)) {
            return { status: 200, body: { secrets: [], imports: [] } };
          }
          const found = [...secrets.values()].filter(
            (record) =>
              record.projectId === location.projectId &&
              record.environment === location.environment &&
              record.path === location.path,
          );
          return {
            status: 200,
            body: {
              secrets: found.map((record) => shape(record, record.versions.at(-1) as InfisicalSecretVersion, show)),
              imports: [],
            },
          };
        }),
      },
      {
        method: 'GET',
        path: '/api/v3/secrets/raw/:name',
        handler: guarded((request, params) => {
          const location = locate(Object.fromEntries(request.query));
          requireFolder(location);
          const name = params.name ?? '';
          const record = secrets.get(keyOf(location.projectId, location.environment, location.path, name));
          if (!record) throw new Refusal(error(404, `Secret with name '${name}' not found`));
          const wanted = request.query.get('version');
          const entry =
            wanted === null || wanted === ''
              ? record.versions.at(-1)
              : record.versions.find((candidate) => candidate.version === Number(wanted));
          if (!entry) throw new Refusal(error(404, `Secret version ${wanted} of '${name}' not found`));
          return {
            status: 200,
            body: { secret: shape(record, entry, request.query.get('viewSecretValue') !== 'false') },
          };
        }),
      },
      {
        method: 'POST',
        path: '/api/v3/secrets/raw/:name',
        handler: losable(
          'POST',
          guarded((request, params) => {
            const body = bodyOf(request);
            const location = locate(body);
            const name = params.name ?? '';
            if (!/^[^\s/]+$/.test(name)) throw new Refusal(error(422, 'Secret key must not contain spaces or slashes'));
            if (typeof body.secretValue !== 'string') throw new Refusal(error(422, 'secretValue is required'));
            requireFolder(location);
            if (secrets.has(keyOf(location.projectId, location.environment, location.path, name))) {
              if (createRacesLeft > 0) {
                createRacesLeft -= 1;
                throw new Refusal({
                  status: 500,
                  body: {
                    reqId: `req-${randomUUID()}`,
                    statusCode: 500,
                    message: 'Something went wrong',
                    error: 'DatabaseError',
                  },
                });
              }
              throw new Refusal(error(400, 'Secret already exist'));
            }
            seed({ ...location, secretPath: location.path, key: name }, body.secretValue);
            const record = secrets.get(keyOf(location.projectId, location.environment, location.path, name));
            const entry = record?.versions.at(-1);
            if (!record || !entry) throw new Error('created secret vanished');
            return { status: 200, body: { secret: shape(record, entry, true) } };
          }),
        ),
      },
      {
        method: 'PATCH',
        path: '/api/v3/secrets/raw/:name',
        handler: losable(
          'PATCH',
          guarded((request, params) => {
            const body = bodyOf(request);
            const location = locate(body);
            requireFolder(location);
            const name = params.name ?? '';
            const record = secrets.get(keyOf(location.projectId, location.environment, location.path, name));
            if (!record) throw new Refusal(error(404, `Secret with name '${name}' not found`));
            if (typeof body.secretValue === 'string') addVersion(record, body.secretValue, now());
            const entry = record.versions.at(-1) as InfisicalSecretVersion;
            return { status: 200, body: { secret: shape(record, entry, true) } };
          }),
        ),
      },
      {
        method: 'DELETE',
        path: '/api/v3/secrets/raw/:name',
        handler: losable(
          'DELETE',
          guarded((request, params) => {
            const location = locate(bodyOf(request));
            requireFolder(location);
            const key = keyOf(location.projectId, location.environment, location.path, params.name ?? '');
            const record = secrets.get(key);
            if (!record) throw new Refusal(error(404, `Secret with name '${params.name}' not found`));
            secrets.delete(key);
            return {
              status: 200,
              body: { secret: shape(record, record.versions.at(-1) as InfisicalSecretVersion, false) },
            };
          }),
        ),
      },
      {
        method: 'POST',
        path: '/api/v1/folders',
        handler: guarded((request) => {
          const body = bodyOf(request);
          const location = locate({
            workspaceId: body.workspaceId ?? body.projectId,
            environment: body.environment,
            secretPath: body.path,
          });
          const name = typeof body.name === 'string' ? body.name.trim() : '';
          if (name === '') throw new Refusal(error(422, 'name is required'));
          const path = normalisePath(`${location.path === '/' ? '' : location.path}/${name}`);
          addFolder(location.projectId, location.environment, path);
          const now_ = new Date(now()).toISOString();
          return {
            status: 200,
            body: {
              folder: {
                id: randomUUID(),
                name,
                version: 1,
                description: typeof body.description === 'string' ? body.description : null,
                parentId: null,
                envId: `${location.projectId}-${location.environment}`,
                isReserved: false,
                createdAt: now_,
                updatedAt: now_,
                path,
              },
            },
          };
        }),
      },
      {
        method: 'GET',
        path: '/api/v1/secret/:secretId/secret-versions',
        handler: guarded((request, params) => {
          const record = [...secrets.values()].find((candidate) => candidate.id === params.secretId);
          if (!record) throw new Refusal(error(404, 'Secret not found'));
          const offset = Number(request.query.get('offset') ?? 0);
          const limit = Number(request.query.get('limit') ?? 20);
          const newestFirst = [...record.versions].reverse().slice(offset, offset + limit);
          return {
            status: 200,
            body: {
              secretVersions: newestFirst.map((entry) => ({
                id: `${record.id}-v${entry.version}`,
                secretId: record.id,
                version: entry.version,
                secretKey: record.key,
                secretValue: entry.value,
                createdAt: new Date(entry.createdAt).toISOString(),
              })),
            },
          };
        }),
      },
    ],
  });

  return {
    emulator,
    url: emulator.url,
    secrets,
    find: (location) =>
      secrets.get(keyOf(location.projectId, location.environment, normalisePath(location.secretPath), location.key)),
    seed,
    secretWrites: () => emulator.mutatingRequests().filter((request) => request.path !== LOGIN_PATH),
    valueWrites: () =>
      emulator.mutatingRequests().filter((request) => request.path !== LOGIN_PATH && !touchesMarkers(request)),
    markerWrites: () => emulator.mutatingRequests().filter(touchesMarkers),
    issuedTokens,
    applyThenLoseAnswer: (method, times = 1) => {
      answersToLose[method] = (answersToLose[method] ?? 0) + times;
    },
    addFolder: (location) => addFolder(location.projectId, location.environment, normalisePath(location.secretPath)),
    hasFolder: (location) => hasFolder(location.projectId, location.environment, normalisePath(location.secretPath)),
    createRaceAnswers500: (times = 1) => {
      createRacesLeft += times;
    },
    close: () => emulator.close(),
  };
}
