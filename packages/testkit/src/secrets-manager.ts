import { randomUUID } from 'node:crypto';
import { AwsJsonFault as SmFault, startAwsJsonEmulator } from './aws-json';
import type { Emulator, EmulatorRequest } from './emulator';

/**
 * AWS Secrets Manager over the AWS JSON 1.1 protocol (`POST /`,
 * `X-Amz-Target: secretsmanager.<Operation>`), so the unmodified
 * @aws-sdk/client-secrets-manager talks to it through `endpoint`. It keeps
 * the rules of the API reference that a rotation meets: versions named by
 * their ClientRequestToken (a repeated token with the same value is ignored,
 * with another value refused), staging labels that name one version each and
 * move when attached elsewhere, AWSPREVIOUS following AWSCURRENT whenever
 * AWSCURRENT moves, UpdateSecretVersionStage refusing to move a label without
 * RemoveFromVersionId naming its holder, versions without labels listed only
 * as deprecated, secrets scheduled for deletion refusing reads and writes,
 * 64 KB values, and the error `__type`s the SDK maps to its exceptions.
 */
export const SECRETS_MANAGER_CURRENT = 'AWSCURRENT';
export const SECRETS_MANAGER_PREVIOUS = 'AWSPREVIOUS';
export const SECRETS_MANAGER_PENDING = 'AWSPENDING';
/** Beyond this many versions, the oldest deprecated (unlabelled) ones are removed, as AWS does. */
export const SECRETS_MANAGER_MAX_VERSIONS = 100;
const MAX_STAGES_PER_VERSION = 20;
const MAX_SECRET_STRING_BYTES = 65_536;
const WRITE_OPERATIONS = new Set(
  ['CreateSecret', 'PutSecretValue', 'UpdateSecretVersionStage', 'DeleteSecret', 'RestoreSecret', 'UpdateSecret'].map(
    (operation) => `secretsmanager.${operation}`,
  ),
);

export interface SecretsManagerVersion {
  versionId: string;
  value: string;
  stages: string[];
  /** Epoch ms. */
  createdAt: number;
}

export interface SecretsManagerSecret {
  name: string;
  arn: string;
  description: string | undefined;
  kmsKeyId: string | undefined;
  rotationEnabled: boolean;
  deletedAt: number | undefined;
  createdAt: number;
  changedAt: number;
  /** Oldest first. */
  versions: SecretsManagerVersion[];
}

export interface SecretsManagerEmulatorOptions {
  now?: () => number;
  region?: string;
  account?: string;
  latencyMs?: number;
}

export interface SecretsManagerFailure {
  operation: string;
  type: string;
  message?: string;
  status?: number;
  times?: number;
}

export interface SecretsManagerEmulator {
  emulator: Emulator;
  url: string;
  readonly secrets: Map<string, SecretsManagerSecret>;
  /** Adds a version as another tool would (no request logged); stages move as PutSecretValue moves them. */
  seed(
    name: string,
    value: string,
    options?: { stages?: string[]; createdAt?: number; rotationEnabled?: boolean },
  ): string;
  /** Marks a secret scheduled for deletion (DeleteSecret with a recovery window). */
  scheduleDeletion(name: string): void;
  failNext(failure: SecretsManagerFailure): void;
  /** Refuses an operation as IAM would, naming `secretsmanager:<Operation>`. */
  deny(operation: string): void;
  /** `[versionId, stages]` of each kept version, oldest first. */
  describe(name: string): { versionId: string; stages: string[] }[];
  operations(): string[];
  /** Requests that change state (every JSON 1.1 call is a POST, so reads are left out by operation). */
  writes(): EmulatorRequest[];
  close(): Promise<void>;
}

const NOT_FOUND = "Secrets Manager can't find the specified secret.";
const DELETED = "You can't perform this operation on the secret because it was marked for deletion.";

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 512) {
    throw new SmFault(
      'ValidationException',
      "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 1 and 512",
    );
  }
  if (!/^[A-Za-z0-9/_+=.@-]+$/.test(name)) {
    throw new SmFault(
      'ValidationException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
  return name;
}

function checkToken(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token.length < 32 || token.length > 64) {
    throw new SmFault(
      'ValidationException',
      "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
    );
  }
  return token;
}

function checkValue(value: unknown): string {
  if (typeof value !== 'string') {
    throw new SmFault('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
  }
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_STRING_BYTES) {
    throw new SmFault(
      'ValidationException',
      `1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SECRET_STRING_BYTES}`,
    );
  }
  return value;
}

const seconds = (ms: number) => ms / 1000;

export async function startSecretsManager(
  options: SecretsManagerEmulatorOptions = {},
): Promise<SecretsManagerEmulator> {
  const now = options.now ?? (() => Date.now());
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const secrets = new Map<string, SecretsManagerSecret>();
  const failures: SecretsManagerFailure[] = [];
  const denials = new Set<string>();
  const calls: string[] = [];

  /** A secret by name or by its ARN (full, or without the six-character suffix). */
  function find(secretId: unknown, options: { allowDeleted?: boolean } = {}): SecretsManagerSecret {
    if (typeof secretId !== 'string' || secretId === '') {
      throw new SmFault(
        'ValidationException',
        "1 validation error detected: Value at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const secret =
      secrets.get(secretId) ??
      [...secrets.values()].find(
        (entry) => entry.arn === secretId || entry.arn.replace(/-[A-Za-z0-9]{6}$/, '') === secretId,
      );
    if (!secret) throw new SmFault('ResourceNotFoundException', NOT_FOUND);
    if (secret.deletedAt !== undefined && !options.allowDeleted) throw new SmFault('InvalidRequestException', DELETED);
    return secret;
  }

  /** Attaches `stages` to `version`, taking each from the version that held it; AWSCURRENT leaving a version leaves AWSPREVIOUS there. */
  function attach(secret: SecretsManagerSecret, version: SecretsManagerVersion, stages: readonly string[]): void {
    for (const stage of stages) {
      const holder = secret.versions.find((entry) => entry !== version && entry.stages.includes(stage));
      if (holder) {
        holder.stages = holder.stages.filter((label) => label !== stage);
        if (stage === SECRETS_MANAGER_CURRENT) movePrevious(secret, holder);
      }
      if (!version.stages.includes(stage)) version.stages.push(stage);
    }
    if (version.stages.length > MAX_STAGES_PER_VERSION) {
      throw new SmFault('LimitExceededException', 'A version can have at most 20 staging labels.');
    }
  }

  function movePrevious(secret: SecretsManagerSecret, to: SecretsManagerVersion): void {
    for (const entry of secret.versions)
      entry.stages = entry.stages.filter((label) => label !== SECRETS_MANAGER_PREVIOUS);
    to.stages.push(SECRETS_MANAGER_PREVIOUS);
  }

  function addVersion(secret: SecretsManagerSecret, versionId: string, value: string): SecretsManagerVersion {
    const version: SecretsManagerVersion = { versionId, value, stages: [], createdAt: now() };
    secret.versions.push(version);
    secret.changedAt = version.createdAt;
    while (secret.versions.length > SECRETS_MANAGER_MAX_VERSIONS) {
      const oldest = secret.versions.findIndex((entry) => entry.stages.length === 0);
      if (oldest < 0) break;
      secret.versions.splice(oldest, 1);
    }
    return version;
  }

  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${randomUUID().replace(/-/g, '').slice(0, 6)}`;

  function createSecret(input: Record<string, unknown>): unknown {
    const name = checkName(input.Name);
    const token = checkToken(input.ClientRequestToken) ?? randomUUID();
    const existing = secrets.get(name);
    if (existing) {
      if (existing.deletedAt !== undefined) {
        throw new SmFault(
          'InvalidRequestException',
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        );
      }
      const same = existing.versions.find((entry) => entry.versionId === token);
      if (same && same.value === input.SecretString) return { ARN: existing.arn, Name: name, VersionId: token };
      throw new SmFault('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const description = input.Description;
    if (description !== undefined && (typeof description !== 'string' || description.length > 2048)) {
      throw new SmFault(
        'ValidationException',
        "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048",
      );
    }
    const at = now();
    const secret: SecretsManagerSecret = {
      name,
      arn: arnOf(name),
      description: description as string | undefined,
      kmsKeyId: input.KmsKeyId as string | undefined,
      rotationEnabled: false,
      deletedAt: undefined,
      createdAt: at,
      changedAt: at,
      versions: [],
    };
    if (input.SecretString === undefined && input.SecretBinary === undefined) {
      secrets.set(name, secret);
      return { ARN: secret.arn, Name: name };
    }
    const version = addVersion(secret, token, checkValue(input.SecretString));
    version.stages.push(SECRETS_MANAGER_CURRENT);
    secrets.set(name, secret);
    return { ARN: secret.arn, Name: name, VersionId: token };
  }

  function putSecretValue(input: Record<string, unknown>): unknown {
    const secret = find(input.SecretId);
    const token = checkToken(input.ClientRequestToken) ?? randomUUID();
    const value = checkValue(input.SecretString);
    const stages = (input.VersionStages as string[] | undefined) ?? [SECRETS_MANAGER_CURRENT];
    if (!Array.isArray(stages) || stages.length < 1 || stages.length > MAX_STAGES_PER_VERSION) {
      throw new SmFault(
        'ValidationException',
        "1 validation error detected: Value at 'versionStages' failed to satisfy constraint: Member must have length between 1 and 20",
      );
    }
    const existing = secret.versions.find((entry) => entry.versionId === token);
    if (existing) {
      // The same request again (a retry): ignored. Another value under the same id: refused.
      if (existing.value !== value) {
        throw new SmFault(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create a new version.",
        );
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages] };
    }
    const version = addVersion(secret, token, value);
    attach(secret, version, stages);
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages] };
  }

  function updateSecretVersionStage(input: Record<string, unknown>): unknown {
    const secret = find(input.SecretId);
    const stage = input.VersionStage;
    if (typeof stage !== 'string' || stage.length < 1 || stage.length > 256) {
      throw new SmFault(
        'ValidationException',
        "1 validation error detected: Value at 'versionStage' failed to satisfy constraint: Member must have length between 1 and 256",
      );
    }
    const removeFrom = input.RemoveFromVersionId as string | undefined;
    const moveTo = input.MoveToVersionId as string | undefined;
    const holder = secret.versions.find((entry) => entry.stages.includes(stage));
    const target = moveTo === undefined ? undefined : secret.versions.find((entry) => entry.versionId === moveTo);
    if (moveTo !== undefined && !target) {
      throw new SmFault(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret version: ${moveTo}`,
      );
    }
    if (removeFrom !== undefined) {
      const from = secret.versions.find((entry) => entry.versionId === removeFrom);
      if (!from) throw new SmFault('InvalidParameterException', `Not a valid version: ${removeFrom}`);
      if (!from.stages.includes(stage)) {
        throw new SmFault(
          'InvalidParameterException',
          `When you move staging label ${stage}, if you specify RemoveFromVersionId, it must be set to the version that currently has the staging label ${stage}.`,
        );
      }
    } else if (holder && target && holder !== target) {
      throw new SmFault(
        'InvalidParameterException',
        `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    if (!target && stage === SECRETS_MANAGER_CURRENT) {
      throw new SmFault(
        'InvalidParameterException',
        "You can't remove the AWSCURRENT staging label without moving it to another version.",
      );
    }
    if (target) attach(secret, target, [stage]);
    else if (holder) holder.stages = holder.stages.filter((label) => label !== stage);
    secret.changedAt = now();
    return { ARN: secret.arn, Name: secret.name };
  }

  function getSecretValue(input: Record<string, unknown>): unknown {
    const secret = find(input.SecretId);
    const versionId = input.VersionId as string | undefined;
    const stage =
      (input.VersionStage as string | undefined) ?? (versionId === undefined ? SECRETS_MANAGER_CURRENT : undefined);
    const version = secret.versions.find(
      (entry) =>
        (versionId === undefined || entry.versionId === versionId) &&
        (stage === undefined || entry.stages.includes(stage)),
    );
    if (!version) {
      throw new SmFault(
        'ResourceNotFoundException',
        versionId !== undefined
          ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
          : `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.value,
      VersionStages: [...version.stages],
      CreatedDate: seconds(version.createdAt),
    };
  }

  function describeSecret(input: Record<string, unknown>): unknown {
    const secret = find(input.SecretId, { allowDeleted: true });
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : { Description: secret.description }),
      ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
      RotationEnabled: secret.rotationEnabled,
      CreatedDate: seconds(secret.createdAt),
      LastChangedDate: seconds(secret.changedAt),
      ...(secret.deletedAt === undefined ? {} : { DeletedDate: seconds(secret.deletedAt) }),
      VersionIdsToStages: Object.fromEntries(
        secret.versions.filter((entry) => entry.stages.length > 0).map((entry) => [entry.versionId, [...entry.stages]]),
      ),
    };
  }

  function listSecretVersionIds(input: Record<string, unknown>): unknown {
    const secret = find(input.SecretId);
    const max = (input.MaxResults as number | undefined) ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      throw new SmFault(
        'ValidationException',
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
    }
    const listed = secret.versions.filter((entry) => input.IncludeDeprecated === true || entry.stages.length > 0);
    const start =
      input.NextToken === undefined ? 0 : Number.parseInt(String(input.NextToken).replace(/^page-/, ''), 10);
    if (!Number.isInteger(start) || start < 0 || start > listed.length) {
      throw new SmFault('InvalidNextTokenException', 'The NextToken value is invalid.');
    }
    const page = listed.slice(start, start + max);
    const next = start + max < listed.length ? `page-${start + max}` : undefined;
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.map((entry) => ({
        VersionId: entry.versionId,
        VersionStages: [...entry.stages],
        CreatedDate: seconds(entry.createdAt),
      })),
      ...(next === undefined ? {} : { NextToken: next }),
    };
  }

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateSecret: createSecret,
    PutSecretValue: putSecretValue,
    UpdateSecretVersionStage: updateSecretVersionStage,
    GetSecretValue: getSecretValue,
    DescribeSecret: describeSecret,
    ListSecretVersionIds: listSecretVersionIds,
  };

  const emulator = await startAwsJsonEmulator({
    name: 'secrets-manager',
    targetPrefix: 'secretsmanager',
    signingName: 'secretsmanager',
    messageField: 'Message',
    internalErrorType: 'InternalServiceError',
    requestId: randomUUID,
    operations,
    failures,
    calls,
    denied: (operation) =>
      denials.has(operation)
        ? `User: arn:aws:sts::${account}:assumed-role/keyturn/ci is not authorized to perform: secretsmanager:${operation} ` +
          `on resource: keyturn because no identity-based policy allows the secretsmanager:${operation} action`
        : undefined,
    latencyMs: options.latencyMs,
  });

  return {
    emulator,
    url: emulator.url,
    secrets,
    seed(name, value, seedOptions = {}) {
      let secret = secrets.get(name);
      if (!secret) {
        const at = seedOptions.createdAt ?? now();
        secret = {
          name,
          arn: arnOf(name),
          description: undefined,
          kmsKeyId: undefined,
          rotationEnabled: false,
          deletedAt: undefined,
          createdAt: at,
          changedAt: at,
          versions: [],
        };
        secrets.set(name, secret);
      }
      if (seedOptions.rotationEnabled !== undefined) secret.rotationEnabled = seedOptions.rotationEnabled;
      const version = addVersion(secret, randomUUID(), value);
      if (seedOptions.createdAt !== undefined) version.createdAt = seedOptions.createdAt;
      attach(secret, version, seedOptions.stages ?? [SECRETS_MANAGER_CURRENT]);
      return version.versionId;
    },
    scheduleDeletion(name) {
      const secret = secrets.get(name);
      if (secret) secret.deletedAt = now();
    },
    failNext(failure) {
      failures.push({ ...failure });
    },
    deny(operation) {
      denials.add(operation);
    },
    describe(name) {
      return (secrets.get(name)?.versions ?? []).map((entry) => ({
        versionId: entry.versionId,
        stages: [...entry.stages],
      }));
    },
    operations: () => [...calls],
    writes: () =>
      emulator.requests.filter((request) => WRITE_OPERATIONS.has(String(request.headers['x-amz-target'] ?? ''))),
    close: () => emulator.close(),
  };
}
