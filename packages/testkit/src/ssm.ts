import { createHash } from 'node:crypto';
import { AwsJsonFault as SsmFault, startAwsJsonEmulator } from './aws-json';
import type { Emulator, EmulatorRequest } from './emulator';

/**
 * AWS Systems Manager Parameter Store over the AWS JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: AmazonSSM.<Operation>`), so the unmodified
 * @aws-sdk/client-ssm talks to it through `endpoint`. It keeps the rules that
 * bite in production: 100 versions with the oldest refused for deletion while
 * labelled, 10 labels per version that move between versions, label and name
 * syntax, 4 KB Standard / 8 KB Advanced values, no type change on overwrite,
 * and the error `__type` names the SDK maps to its exception classes.
 */
export type SsmParameterType = 'String' | 'StringList' | 'SecureString';
export type SsmTier = 'Standard' | 'Advanced';

export interface SsmParameterVersion {
  version: number;
  value: string;
  type: SsmParameterType;
  tier: SsmTier;
  keyId: string | undefined;
  description: string | undefined;
  labels: string[];
  /** Epoch ms. */
  lastModified: number;
}

export interface SsmEmulatorOptions {
  /** The emulator's clock (epoch ms), so a test can age a parameter. */
  now?: () => number;
  region?: string;
  account?: string;
  latencyMs?: number;
}

export interface SsmFailure {
  /** `PutParameter`, `LabelParameterVersion`… */
  operation: string;
  type: string;
  message?: string;
  status?: number;
  /** How many calls of the operation fail; 1 when unset. */
  times?: number;
}

export interface SsmEmulator {
  emulator: Emulator;
  url: string;
  /** Every parameter's kept versions, oldest first. */
  readonly parameters: Map<string, SsmParameterVersion[]>;
  /** Creates or overwrites a parameter as another tool would (no request logged). */
  seed(
    name: string,
    value: string,
    options?: { type?: SsmParameterType; tier?: SsmTier; labels?: string[]; lastModified?: number },
  ): number;
  /** The next calls of an operation fail with this error `__type`. */
  failNext(failure: SsmFailure): void;
  /** Refuses an operation as IAM would, naming `action` (`ssm:PutParameter`, `kms:Encrypt`). */
  deny(operation: string, action: string): void;
  /** `[version, labels]` of each kept version, oldest first: for assertions and the note. */
  describe(name: string): { version: number; labels: string[] }[];
  /** The operations called, in order (`PutParameter`, `GetParameter`…). */
  operations(): string[];
  /** Requests that change state. Every JSON 1.1 call is a POST, so the base
   * emulator's mutatingRequests() counts reads too; this counts by operation. */
  writes(): EmulatorRequest[];
  close(): Promise<void>;
}

export const SSM_MAX_VERSIONS = 100;
export const SSM_MAX_LABELS_PER_VERSION = 10;
export const SSM_HISTORY_PAGE_MAX = 50;
const WRITE_OPERATIONS = new Set(
  ['PutParameter', 'LabelParameterVersion', 'UnlabelParameterVersion', 'DeleteParameter', 'DeleteParameters'].map(
    (operation) => `AmazonSSM.${operation}`,
  ),
);
const VALUE_LIMIT: Record<SsmTier, number> = { Standard: 4096, Advanced: 8192 };
const MAX_HIERARCHY_LEVELS = 15;
const NAME_MAX_LENGTH = 2048;
const DESCRIPTION_MAX_LENGTH = 1024;

const PATTERN_MESSAGE =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of ' +
  'sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 ' +
  'symbols .-_';

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SsmFault(
      'ValidationException',
      "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must not be null",
    );
  }
  if (name.length > NAME_MAX_LENGTH) {
    throw new SsmFault(
      'ValidationException',
      `1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length less than or equal to ${NAME_MAX_LENGTH}`,
    );
  }
  const bare = name.startsWith('/') ? name.slice(1) : name;
  const segments = bare.split('/');
  if (name.includes('/') && !name.startsWith('/'))
    throw new SsmFault('ValidationException', 'Parameter name must be a fully qualified name.');
  if (segments.some((segment) => !/^[a-zA-Z0-9_.-]+$/.test(segment)) || /^(aws|ssm)/i.test(bare)) {
    throw new SsmFault('ParameterPatternMismatchException', PATTERN_MESSAGE);
  }
  if (segments.length > MAX_HIERARCHY_LEVELS) {
    throw new SsmFault(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_HIERARCHY_LEVELS} levels. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html`,
    );
  }
  return name;
}

/** Why a label is refused (it then comes back in `InvalidLabels`), or undefined. */
export function ssmLabelProblem(label: string): string | undefined {
  if (label.length < 1 || label.length > 100) return 'must be 1 to 100 characters';
  if (!/^[a-zA-Z0-9_.-]+$/.test(label)) return 'may hold only letters, numbers, periods, hyphens and underscores';
  if (/^\d/.test(label)) return 'cannot begin with a number';
  if (/^(aws|ssm)/i.test(label)) return 'cannot begin with aws or ssm';
  return undefined;
}

function isKeyId(keyId: string): boolean {
  return (
    /^alias\/[a-zA-Z0-9/_-]+$/.test(keyId) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(keyId) ||
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(keyId)
  );
}

/** What GetParameter returns for a SecureString read without decryption: an
 * opaque blob, as KMS ciphertext is. Never the value. */
function ciphertextOf(value: string): string {
  return `AQICAH${createHash('sha256').update(value).digest('base64')}`;
}

export async function startSsm(options: SsmEmulatorOptions = {}): Promise<SsmEmulator> {
  const now = options.now ?? (() => Date.now());
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const parameters = new Map<string, SsmParameterVersion[]>();
  const failures: SsmFailure[] = [];
  const denials = new Map<string, string>();
  const calls: string[] = [];

  const arnOf = (name: string) => `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const history = (name: string): SsmParameterVersion[] => {
    const versions = parameters.get(name);
    if (!versions || versions.length === 0) throw new SsmFault('ParameterNotFound', '');
    return versions;
  };
  const latest = (versions: SsmParameterVersion[]) => versions[versions.length - 1] as SsmParameterVersion;

  function putParameter(input: Record<string, unknown>): unknown {
    const name = checkName(input.Name);
    const value = input.Value;
    if (typeof value !== 'string' || value.length === 0) {
      throw new SsmFault(
        'ValidationException',
        "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const existing = parameters.get(name);
    const previous = existing && existing.length > 0 ? latest(existing) : undefined;
    const requestedType = input.Type as string | undefined;
    if (requestedType !== undefined && !['String', 'StringList', 'SecureString'].includes(requestedType)) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value '${requestedType}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
      );
    }
    if (!previous && requestedType === undefined) {
      throw new SsmFault('ValidationException', 'A parameter type is required when you create a parameter.');
    }
    if (previous && input.Overwrite !== true) {
      throw new SsmFault(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    if (previous && input.Tags !== undefined) {
      throw new SsmFault(
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const type = (requestedType ?? previous?.type) as SsmParameterType;
    if (previous && previous.type !== type) {
      throw new SsmFault(
        'HierarchyTypeMismatchException',
        'Parameter Type cannot be changed for an existing parameter. To change the type, delete the parameter and create it again with the new type.',
      );
    }
    const keyId = input.KeyId as string | undefined;
    if (keyId !== undefined) {
      if (type !== 'SecureString') {
        throw new SsmFault('ValidationException', 'KeyId is required for SecureString type parameter only.');
      }
      if (!isKeyId(keyId)) throw new SsmFault('InvalidKeyId', 'Invalid keyId');
    }
    const requestedTier = input.Tier as string | undefined;
    if (requestedTier !== undefined && !['Standard', 'Advanced', 'Intelligent-Tiering'].includes(requestedTier)) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value '${requestedTier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]`,
      );
    }
    const size = Buffer.byteLength(value, 'utf8');
    if (size > VALUE_LIMIT.Advanced) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${VALUE_LIMIT.Advanced}`,
      );
    }
    let tier: SsmTier;
    if (requestedTier === 'Advanced') tier = 'Advanced';
    else if (requestedTier === 'Intelligent-Tiering')
      tier = previous?.tier === 'Advanced' || size > VALUE_LIMIT.Standard ? 'Advanced' : 'Standard';
    else if (requestedTier === 'Standard') {
      if (previous?.tier === 'Advanced') {
        throw new SsmFault(
          'ValidationException',
          "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
        );
      }
      tier = 'Standard';
    } else tier = previous?.tier ?? 'Standard';
    if (tier === 'Standard' && size > VALUE_LIMIT.Standard) {
      throw new SsmFault(
        'ValidationException',
        'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/advanced-parameters.html',
      );
    }
    const description = input.Description as string | undefined;
    if (description !== undefined && description.length > DESCRIPTION_MAX_LENGTH) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to ${DESCRIPTION_MAX_LENGTH}`,
      );
    }
    const versions = existing ?? [];
    if (versions.length >= SSM_MAX_VERSIONS) {
      const oldest = versions[0] as SsmParameterVersion;
      if (oldest.labels.length > 0) {
        throw new SsmFault(
          'ParameterMaxVersionLimitExceeded',
          `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. ` +
            `Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. ` +
            'Move the label to another version of the parameter, and try again.',
        );
      }
      versions.shift();
    }
    const version = (previous?.version ?? 0) + 1;
    versions.push({
      version,
      value,
      type,
      tier,
      keyId: type === 'SecureString' ? (keyId ?? previous?.keyId ?? 'alias/aws/ssm') : undefined,
      description: description ?? previous?.description,
      labels: [],
      lastModified: now(),
    });
    parameters.set(name, versions);
    return { Version: version, Tier: tier };
  }

  /** `name`, `name:7` or `name:label`. */
  function select(raw: unknown): { name: string; found: SsmParameterVersion; selector: string | undefined } {
    if (typeof raw !== 'string') return select(checkName(raw));
    const colon = raw.lastIndexOf(':');
    const name = colon > 0 ? raw.slice(0, colon) : raw;
    const selector = colon > 0 ? raw.slice(colon + 1) : undefined;
    checkName(name);
    const versions = history(name);
    if (selector === undefined) return { name, found: latest(versions), selector };
    const found = /^\d+$/.test(selector)
      ? versions.find((entry) => entry.version === Number(selector))
      : versions.find((entry) => entry.labels.includes(selector));
    if (!found) {
      throw new SsmFault(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
      );
    }
    return { name, found, selector };
  }

  function shown(name: string, entry: SsmParameterVersion, decrypt: boolean): string {
    return entry.type === 'SecureString' && !decrypt
      ? ciphertextOf(`${name}:${entry.version}:${entry.value}`)
      : entry.value;
  }

  function getParameter(input: Record<string, unknown>): unknown {
    const { name, found, selector } = select(input.Name);
    return {
      Parameter: {
        Name: name,
        Type: found.type,
        Value: shown(name, found, input.WithDecryption === true),
        Version: found.version,
        ...(selector === undefined ? {} : { Selector: `:${selector}` }),
        LastModifiedDate: found.lastModified / 1_000,
        ARN: arnOf(name),
        DataType: 'text',
      },
    };
  }

  function getParameterHistory(input: Record<string, unknown>): unknown {
    const name = checkName(input.Name);
    const versions = history(name);
    const maxResults = input.MaxResults === undefined ? SSM_HISTORY_PAGE_MAX : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > SSM_HISTORY_PAGE_MAX) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${SSM_HISTORY_PAGE_MAX}`,
      );
    }
    let start = 0;
    if (input.NextToken !== undefined) {
      const decoded = /^page:(\d+)$/.exec(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
      if (!decoded) throw new SsmFault('InvalidNextToken', 'The specified token is not valid.');
      start = Number(decoded[1]);
    }
    const page = versions.slice(start, start + maxResults);
    const end = start + page.length;
    return {
      Parameters: page.map((entry) => ({
        Name: name,
        Type: entry.type,
        ...(entry.keyId ? { KeyId: entry.keyId } : {}),
        LastModifiedDate: entry.lastModified / 1_000,
        LastModifiedUser: `arn:aws:sts::${account}:assumed-role/keyturn/ci`,
        ...(entry.description ? { Description: entry.description } : {}),
        Value: shown(name, entry, input.WithDecryption === true),
        Version: entry.version,
        Labels: [...entry.labels],
        Tier: entry.tier,
        Policies: [],
        DataType: 'text',
      })),
      ...(end < versions.length ? { NextToken: Buffer.from(`page:${end}`).toString('base64') } : {}),
    };
  }

  function labelParameterVersion(input: Record<string, unknown>): unknown {
    const name = checkName(input.Name);
    const versions = history(name);
    const labels = input.Labels;
    if (!Array.isArray(labels) || labels.length < 1 || labels.length > SSM_MAX_LABELS_PER_VERSION) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value at 'labels' failed to satisfy constraint: Member must have length less than or equal to ${SSM_MAX_LABELS_PER_VERSION}`,
      );
    }
    const target =
      input.ParameterVersion === undefined
        ? latest(versions)
        : versions.find((entry) => entry.version === Number(input.ParameterVersion));
    if (!target) {
      throw new SsmFault(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${String(input.ParameterVersion)} of ${name}. Verify the version and try again.`,
      );
    }
    const valid = (labels as string[]).filter((label) => ssmLabelProblem(label) === undefined);
    const invalid = (labels as string[]).filter((label) => ssmLabelProblem(label) !== undefined);
    const after = new Set([...target.labels, ...valid]);
    if (after.size > SSM_MAX_LABELS_PER_VERSION) {
      throw new SsmFault(
        'ParameterVersionLabelLimitExceeded',
        `A parameter version can have maximum ${SSM_MAX_LABELS_PER_VERSION} labels.Move one or more labels to another version and try again.`,
      );
    }
    // A label names one version of a parameter: attaching it moves it.
    for (const entry of versions) {
      if (entry !== target) entry.labels = entry.labels.filter((label) => !valid.includes(label));
    }
    target.labels = [...after];
    return { InvalidLabels: invalid, ParameterVersion: target.version };
  }

  /** AWS: both Labels and ParameterVersion are required; a label the
   * version does not carry comes back in InvalidLabels, not as an error. */
  function unlabelParameterVersion(input: Record<string, unknown>): unknown {
    const name = checkName(input.Name);
    const versions = history(name);
    const labels = input.Labels;
    if (!Array.isArray(labels) || labels.length < 1 || labels.length > SSM_MAX_LABELS_PER_VERSION) {
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value at 'labels' failed to satisfy constraint: Member must have length less than or equal to ${SSM_MAX_LABELS_PER_VERSION}`,
      );
    }
    if (input.ParameterVersion === undefined) {
      throw new SsmFault(
        'ValidationException',
        "1 validation error detected: Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null",
      );
    }
    const target = versions.find((entry) => entry.version === Number(input.ParameterVersion));
    if (!target) {
      throw new SsmFault(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${String(input.ParameterVersion)} of ${name}. Verify the version and try again.`,
      );
    }
    const removed = (labels as string[]).filter((label) => target.labels.includes(label));
    const invalid = (labels as string[]).filter((label) => !target.labels.includes(label));
    target.labels = target.labels.filter((label) => !removed.includes(label));
    return { RemovedLabels: removed, InvalidLabels: invalid };
  }

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    PutParameter: putParameter,
    UnlabelParameterVersion: unlabelParameterVersion,
    GetParameter: getParameter,
    GetParameterHistory: getParameterHistory,
    LabelParameterVersion: labelParameterVersion,
  };

  const emulator = await startAwsJsonEmulator({
    name: 'ssm',
    targetPrefix: 'AmazonSSM',
    signingName: 'ssm',
    messageField: 'message',
    internalErrorType: 'InternalServerError',
    requestId,
    operations,
    failures,
    calls,
    denied: (operation) => {
      const action = denials.get(operation);
      return action === undefined
        ? undefined
        : `User: arn:aws:sts::${account}:assumed-role/keyturn/ci is not authorized to perform: ${action} on resource: ` +
            `${arnOf('keyturn')} because no identity-based policy allows the ${action} action`;
    },
    latencyMs: options.latencyMs,
  });

  return {
    emulator,
    url: emulator.url,
    parameters,
    seed(name, value, seedOptions = {}) {
      const versions = parameters.get(name) ?? [];
      const previous = versions[versions.length - 1];
      if (versions.length >= SSM_MAX_VERSIONS) versions.shift();
      const version = (previous?.version ?? 0) + 1;
      const labels = seedOptions.labels ?? [];
      for (const entry of versions) entry.labels = entry.labels.filter((label) => !labels.includes(label));
      versions.push({
        version,
        value,
        type: seedOptions.type ?? previous?.type ?? 'SecureString',
        tier: seedOptions.tier ?? previous?.tier ?? 'Standard',
        keyId: undefined,
        description: undefined,
        labels: [...labels],
        lastModified: seedOptions.lastModified ?? now(),
      });
      parameters.set(name, versions);
      return version;
    },
    failNext(failure) {
      failures.push({ ...failure });
    },
    deny(operation, action) {
      denials.set(operation, action);
    },
    describe(name) {
      return (parameters.get(name) ?? []).map((entry) => ({ version: entry.version, labels: [...entry.labels] }));
    },
    operations: () => [...calls],
    writes: () =>
      emulator.requests.filter((request) => WRITE_OPERATIONS.has(String(request.headers['x-amz-target'] ?? ''))),
    close: () => emulator.close(),
  };
}

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`;
}

/** Gives the AWS SDK's default credential chain (which reads the process
 * environment) a key pair for the emulator; returns what puts the environment
 * back. The emulator checks that requests are signed, not by whom. */
export function useEmulatorAwsCredentials(): () => void {
  const saved = {
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
  };
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret';
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
