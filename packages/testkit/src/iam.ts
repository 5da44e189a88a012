import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Emulator, type EmulatorRequest, type Reply } from './emulator';

/**
 * AWS IAM (access keys) and STS (GetCallerIdentity) over the AWS Query
 * protocol: `POST /` with a form-encoded `Action=…&Version=…` body, answers in
 * XML with the API references' element names, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`, so the
 * unmodified @aws-sdk/client-iam and @aws-sdk/client-sts talk to it through
 * `endpoint`. It keeps the rules that bite a key rotation:
 * - two access keys per user at most (`LimitExceeded`, HTTP 409);
 * - `NoSuchEntity` (404) for a user or key that does not exist;
 * - every request's SigV4 signature is checked against the key's secret, so
 *   a request signed with a wrong or retired secret is refused
 *   (`SignatureDoesNotMatch`, `InvalidClientTokenId` for a key that is
 *   unknown, inactive or deleted);
 * - eventual consistency: a key's creation, deactivation and deletion reach
 *   STS `propagationDelayMs` after IAM accepted them (AWS documents "usually
 *   within seconds"): until then STS answers as before the change.
 * Both services are one HTTP server; the request's signing scope (`iam` or
 * `sts`) says which service was meant, as AWS's endpoints do.
 */
export interface IamAccessKey {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createDate: number;
  /** IAM's changes to this key, for STS's delayed view. */
  history: { at: number; state: 'Active' | 'Inactive' | 'Deleted' }[];
}

export interface IamUser {
  userName: string;
  userId: string;
  arn: string;
  createDate: number;
}

export interface IamEmulatorOptions {
  /** The emulator's clock (epoch ms): tests share a fake clock with the code under test. */
  now?: () => number;
  /** How long a key change takes to reach STS. */
  propagationDelayMs?: number;
  account?: string;
  latencyMs?: number;
  /** Keys that sign as the rotator (an assumed role, as OIDC gives a workflow); EMULATOR_ADMIN_KEY by default. */
  callers?: readonly { accessKeyId: string; secretAccessKey: string }[];
}

export interface IamFailure {
  /** `CreateAccessKey`, `GetCallerIdentity`… */
  action: string;
  code: string;
  message?: string;
  status?: number;
  times?: number;
}

export interface IamEmulator {
  emulator: Emulator;
  url: string;
  readonly users: Map<string, IamUser>;
  /** Every key that exists, by id (deleted keys are gone from IAM). */
  readonly keys: Map<string, IamAccessKey>;
  propagationDelayMs: number;
  addUser(userName: string): IamUser;
  /** A key made as another tool would (no request logged); `ageMs` back-dates it, already propagated. */
  seedKey(userName: string, options?: { status?: 'Active' | 'Inactive'; ageMs?: number }): IamAccessKey;
  /** Fails the next call(s) of an action, after its signature was checked. */
  failNext(failure: IamFailure): void;
  /** Drops the failures not yet fired. */
  clearFailures(): void;
  /** Whether STS accepts this key now (its IAM state as of propagationDelayMs ago). */
  stsAccepts(accessKeyId: string): boolean;
  /** The actions called, in order. */
  actions(): string[];
  /** Requests that change IAM (every Query call is a POST). */
  writes(): EmulatorRequest[];
  close(): Promise<void>;
}

export const IAM_MAX_ACCESS_KEYS = 2;
/** The rotator's own credentials (what OIDC gives a workflow); useEmulatorAwsCredentials sets them. */
export const EMULATOR_ADMIN_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-secret' };
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM_WRITES = new Set(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey']);

class QueryFault extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
  constructor(code: string, message: string, status = 400, type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `4a2a4f3e-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Signature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): Signature | undefined {
  const found =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!found) return undefined;
  const [, accessKeyId, date, region, service, signed, signature] = found as unknown as string[];
  return {
    accessKeyId: accessKeyId as string,
    date: date as string,
    region: region as string,
    service: service as string,
    signedHeaders: (signed as string).split(';'),
    signature: signature as string,
  };
}

/** AWS Signature Version 4, recomputed from the request as AWS does. */
function expectedSignature(request: EmulatorRequest, signature: Signature, secret: string): string {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
  };
  const query = [...request.query.entries()]
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const payloadHash = header('x-amz-content-sha256') || createHash('sha256').update(request.body, 'utf8').digest('hex');
  const canonical = [
    request.method,
    request.path.split('/').map(uriEncode).join('/') || '/',
    query,
    `${signature.signedHeaders.map((name) => `${name}:${header(name)}`).join('\n')}\n`,
    signature.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    header('x-amz-date'),
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, signature.date), signature.region), signature.service),
    'aws4_request',
  );
  return hmac(key, toSign).toString('hex');
}

export async function startIam(options: IamEmulatorOptions = {}): Promise<IamEmulator> {
  const now = options.now ?? (() => Date.now());
  const account = options.account ?? '123456789012';
  const users = new Map<string, IamUser>();
  const keys = new Map<string, IamAccessKey>();
  /** Deleted keys, for STS's delayed view of the deletion. */
  const deleted = new Map<string, IamAccessKey>();
  const failures: IamFailure[] = [];
  const calls: string[] = [];
  let userCounter = 0;
  let keyCounter = 0;

  const state: { propagationDelayMs: number } = { propagationDelayMs: options.propagationDelayMs ?? 0 };

  const newKeyId = () => {
    keyCounter += 1;
    return `AKIA${randomBytes(6).toString('hex').toUpperCase()}${keyCounter.toString(36).toUpperCase().padStart(4, '0')}`;
  };

  const addUser = (userName: string): IamUser => {
    userCounter += 1;
    const user: IamUser = {
      userName,
      userId: `AIDA${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 21),
      arn: `arn:aws:iam::${account}:user/${userName}`,
      createDate: now() - 86_400_000 * 400 - userCounter,
    };
    users.set(userName, user);
    return user;
  };

  const makeKey = (userName: string, at: number, status: 'Active' | 'Inactive'): IamAccessKey => {
    const key: IamAccessKey = {
      userName,
      accessKeyId: newKeyId(),
      secretAccessKey: randomBytes(30).toString('base64').replace(/[+/=]/g, 'x').slice(0, 40),
      status,
      createDate: at,
      history: [{ at, state: status }],
    };
    keys.set(key.accessKeyId, key);
    return key;
  };

  /** What STS knows of a key now: its IAM state as of `propagationDelayMs` ago. */
  const stsView = (
    accessKeyId: string,
  ): { key: IamAccessKey; state: 'Active' | 'Inactive' | 'Deleted' } | undefined => {
    const key = keys.get(accessKeyId) ?? deleted.get(accessKeyId);
    if (!key) return undefined;
    const cutoff = now() - state.propagationDelayMs;
    const seen = key.history.filter((change) => change.at <= cutoff).at(-1);
    return seen ? { key, state: seen.state } : undefined;
  };

  const user = (params: URLSearchParams): IamUser => {
    const userName = params.get('UserName');
    if (!userName) {
      // The rotator is a role: IAM cannot default UserName to the caller.
      throw new QueryFault('ValidationError', 'Must specify userName when calling with non-User credentials');
    }
    const found = users.get(userName);
    if (!found) throw new QueryFault('NoSuchEntity', `The user with name ${userName} cannot be found.`, 404);
    return found;
  };

  const keyOf = (params: URLSearchParams, owner: IamUser): IamAccessKey => {
    const id = params.get('AccessKeyId') ?? '';
    const key = keys.get(id);
    if (!key || key.userName !== owner.userName) {
      throw new QueryFault('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);
    }
    return key;
  };

  const member = (key: { userName: string; accessKeyId: string; status: string; createDate: number }) =>
    `<member><UserName>${xmlEscape(key.userName)}</UserName><AccessKeyId>${key.accessKeyId}</AccessKeyId>` +
    `<Status>${key.status}</Status><CreateDate>${iso(key.createDate)}</CreateDate></member>`;

  const respond = (action: string, xmlns: string, result: string | undefined, id: string): Reply => ({
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
    body:
      `<${action}Response xmlns="${xmlns}">` +
      (result === undefined ? '' : `<${action}Result>${result}</${action}Result>`) +
      `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`,
  });

  const iam: Record<string, (params: URLSearchParams) => string | undefined> = {
    GetUser(params) {
      const found = user(params);
      return (
        `<User><Path>/</Path><UserName>${xmlEscape(found.userName)}</UserName><UserId>${found.userId}</UserId>` +
        `<Arn>${found.arn}</Arn><CreateDate>${iso(found.createDate)}</CreateDate></User>`
      );
    },
    ListAccessKeys(params) {
      const found = user(params);
      const owned = [...keys.values()].filter((key) => key.userName === found.userName);
      // MaxItems/Marker paging, as IAM pages every List call.
      const start = Number(params.get('Marker') ?? '0') || 0;
      const max = Number(params.get('MaxItems') ?? '100') || 100;
      const page = owned.slice(start, start + max);
      const more = start + max < owned.length;
      return (
        `<UserName>${xmlEscape(found.userName)}</UserName><AccessKeyMetadata>${page.map(member).join('')}</AccessKeyMetadata>` +
        `<IsTruncated>${more}</IsTruncated>${more ? `<Marker>${start + max}</Marker>` : ''}`
      );
    },
    CreateAccessKey(params) {
      const found = user(params);
      const owned = [...keys.values()].filter((key) => key.userName === found.userName);
      if (owned.length >= IAM_MAX_ACCESS_KEYS) {
        throw new QueryFault('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${IAM_MAX_ACCESS_KEYS}`, 409);
      }
      const key = makeKey(found.userName, now(), 'Active');
      return (
        `<AccessKey><UserName>${xmlEscape(key.userName)}</UserName><AccessKeyId>${key.accessKeyId}</AccessKeyId>` +
        `<Status>Active</Status><SecretAccessKey>${key.secretAccessKey}</SecretAccessKey>` +
        `<CreateDate>${iso(key.createDate)}</CreateDate></AccessKey>`
      );
    },
    UpdateAccessKey(params) {
      const found = user(params);
      const status = params.get('Status');
      if (status !== 'Active' && status !== 'Inactive') {
        throw new QueryFault(
          'ValidationError',
          `1 validation error detected: Value '${status ?? 'null'}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
        );
      }
      const key = keyOf(params, found);
      if (key.status !== status) {
        key.status = status;
        key.history.push({ at: now(), state: status });
      }
      return undefined;
    },
    DeleteAccessKey(params) {
      const found = user(params);
      const key = keyOf(params, found);
      keys.delete(key.accessKeyId);
      key.history.push({ at: now(), state: 'Deleted' });
      deleted.set(key.accessKeyId, key);
      return undefined;
    },
  };

  const callers = new Map(
    (options.callers ?? [EMULATOR_ADMIN_KEY]).map((caller) => [caller.accessKeyId, caller.secretAccessKey]),
  );
  const rotator = { arn: `arn:aws:sts::${account}:assumed-role/keyturn-rotator/ci`, userId: 'AROAEXAMPLEROTATOR:ci' };

  /** Who signed the request, or a fault: the rotator's own keys everywhere, a user's key (as STS sees it) at STS. */
  const authenticate = (
    request: EmulatorRequest,
    signature: Signature | undefined,
    service: 'iam' | 'sts',
    action: string,
  ): { arn: string; userId: string } => {
    if (!signature) throw new QueryFault('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    let secret = callers.get(signature.accessKeyId);
    let caller = secret === undefined ? undefined : rotator;
    let userKey = false;
    if (secret === undefined) {
      // IAM sees a key's state at once; STS only after it propagated.
      const seen =
        service === 'sts'
          ? stsView(signature.accessKeyId)
          : (() => {
              const key = keys.get(signature.accessKeyId);
              return key ? { key, state: key.status } : undefined;
            })();
      if (seen?.state === 'Active') {
        const owner = users.get(seen.key.userName);
        secret = seen.key.secretAccessKey;
        caller = { arn: owner?.arn ?? '', userId: owner?.userId ?? '' };
        userKey = true;
      }
    }
    if (secret === undefined || caller === undefined) {
      throw new QueryFault('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    if (expectedSignature(request, signature, secret) !== signature.signature) {
      throw new QueryFault(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        403,
      );
    }
    if (userKey && service === 'iam') {
      // The users here hold no IAM permissions: only the rotator manages keys.
      throw new QueryFault(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action`,
        403,
      );
    }
    return caller;
  };

  const route = async (request: EmulatorRequest): Promise<Reply> => {
    const id = requestId();
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? '';
    calls.push(action);
    const signature = parseAuthorization(String(request.headers.authorization ?? ''));
    const service = signature?.service === 'sts' ? 'sts' : 'iam';
    const xmlns = service === 'sts' ? STS_XMLNS : IAM_XMLNS;
    try {
      const caller = authenticate(request, signature, service, action);
      const version = params.get('Version');
      const expectedVersion = service === 'sts' ? '2011-06-15' : '2010-05-08';
      const handler = service === 'sts' ? (action === 'GetCallerIdentity' ? () => '' : undefined) : iam[action];
      if (version !== expectedVersion || !handler) {
        throw new QueryFault(
          'InvalidAction',
          `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      const failure = failures.findIndex((candidate) => candidate.action === action);
      if (failure >= 0) {
        const injected = failures[failure] as IamFailure;
        injected.times = (injected.times ?? 1) - 1;
        if (injected.times <= 0) failures.splice(failure, 1);
        const status = injected.status ?? (injected.code === 'ServiceFailure' ? 500 : 400);
        throw new QueryFault(
          injected.code,
          injected.message ?? 'injected fault',
          status,
          status >= 500 ? 'Receiver' : 'Sender',
        );
      }
      if (service === 'sts') {
        return respond(
          action,
          xmlns,
          `<Arn>${caller.arn}</Arn><UserId>${caller.userId}</UserId><Account>${account}</Account>`,
          id,
        );
      }
      return respond(action, xmlns, handler(params), id);
    } catch (error) {
      if (!(error instanceof QueryFault)) throw error;
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
        body:
          `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.type}</Type><Code>${error.code}</Code>` +
          `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
    }
  };

  const emulator = await Emulator.start({
    name: 'iam',
    routes: [{ method: 'POST', path: '/', handler: route }],
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    validate: (request) => {
      const problems: string[] = [];
      if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        problems.push(`content-type is ${String(request.headers['content-type'])}, not a form-encoded Query body`);
      }
      if (!request.headers['x-amz-date']) problems.push('no X-Amz-Date header');
      return problems;
    },
  });

  return {
    emulator,
    url: emulator.url,
    users,
    keys,
    get propagationDelayMs() {
      return state.propagationDelayMs;
    },
    set propagationDelayMs(ms: number) {
      state.propagationDelayMs = ms;
    },
    addUser,
    seedKey(userName, seedOptions = {}) {
      if (!users.has(userName)) addUser(userName);
      const at = now() - (seedOptions.ageMs ?? 0) - state.propagationDelayMs;
      return makeKey(userName, at, seedOptions.status ?? 'Active');
    },
    failNext(failure) {
      failures.push({ ...failure });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    stsAccepts: (accessKeyId) => stsView(accessKeyId)?.state === 'Active',
    actions: () => [...calls],
    writes: () =>
      emulator.requests.filter((request) => IAM_WRITES.has(new URLSearchParams(request.body).get('Action') ?? '')),
    close: () => emulator.close(),
  };
}
