import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { CheckFailedError, CONFIGURE_AWS_IN_WORKFLOW, errorMessage, UpstreamError } from '../errors';
import { graceMark, graceSinceOf, parseGraceMark } from '../grace';
import { PageBudget } from '../pagination';
import type {
  Store,
  StoreAdapterDeps,
  StoredSecret,
  StoredVersion,
  StoreRollbackResult,
  StoreWriteOptions,
  StoreWriteResult,
} from '../ports';
import { DEFAULT_RETRY_POLICY, withRetry } from '../retry';
import { withTotalDeadline } from './aws-deadline';

/**
 * The Store port over AWS Secrets Manager, with AWS's own staging labels, as
 * AWS's rotation functions use them: a write puts the new value as a version
 * labelled AWSPENDING, then moves AWSCURRENT to it (Secrets Manager moves
 * AWSPREVIOUS to the version AWSCURRENT left by itself), then takes
 * AWSPENDING off. Moving AWSCURRENT is the commit point: a run that stops
 * before it leaves AWSCURRENT on the value consumers hold. A rotation that
 * asks to stay marked (`pending: true`) keeps AWSPENDING on the new current
 * version until `settle`, so the next plan can see it unfinished. `previous`
 * is the version labelled AWSPREVIOUS, and a rollback moves AWSCURRENT back
 * to it: no new version, the old one is current again.
 *
 * Versions are named by their ClientRequestToken, which keyturn makes once
 * per write and sends again on a retry: Secrets Manager ignores a repeated
 * request with the same token and value, so a retried write never makes two
 * versions. The SDK's own retry is off; keyturn's uses the injected clock.
 */
export const SECRETS_MANAGER_SERVICE = 'AWS Secrets Manager';
export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';
/** Bytes a SecretString may hold. */
export const SECRETS_MANAGER_VALUE_MAX_BYTES = 65_536;
const NAME_MAX_LENGTH = 512;
/** ListSecretVersionIds pages read at most: 100 versions a page, and AWS keeps about 100. */
const MAX_VERSION_PAGES = 5;

/** Why Secrets Manager would refuse (or mis-resolve) this secret name, or undefined. */
export function secretsManagerNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > NAME_MAX_LENGTH)
    return `is ${name.length} characters long; Secrets Manager allows ${NAME_MAX_LENGTH}`;
  if (name.startsWith('arn:')) return 'is an ARN; give the secret name';
  if (!/^[A-Za-z0-9/_+=.@-]+$/.test(name)) {
    return 'holds a character Secrets Manager does not allow (letters, numbers and / _ + = . @ -)';
  }
  // AWS's advice: a name ending like an ARN's random suffix confuses partial-ARN lookups.
  if (/-[A-Za-z0-9]{6}$/.test(name)) return "ends with a hyphen and six characters, which AWS reads as an ARN's suffix";
  return undefined;
}

export interface SecretsManagerClientOptions {
  region: string;
  /** AWS_ENDPOINT_URL_SECRETS_MANAGER: an emulator or a VPC endpoint. */
  endpoint?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** A client whose failures come back at once, for SecretsManagerStore to retry.
 * Credentials come from the default chain, as for SSM (OIDC included). */
export function createSecretsManagerClient(options: SecretsManagerClientOptions): SecretsManagerClient {
  const requestTimeout = options.requestTimeoutMs ?? 20_000;
  const client = new SecretsManagerClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout },
  });
  return withTotalDeadline(client, requestTimeout);
}

export interface SecretsManagerStoreOptions extends StoreAdapterDeps {
  client: SecretsManagerClient;
  /** For a secret keyturn creates; an existing secret keeps its key. */
  keyId?: string;
  /** For a secret keyturn creates. */
  description?: string;
  /** Version ids (ClientRequestToken); tests pin them. */
  newVersionId?: () => string;
}

interface VersionInfo {
  versionId: string;
  stages: readonly string[];
  createdAt: number;
}

interface AwsError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const errorType = (error: unknown): string =>
  (typeof error === 'object' && error !== null ? (error as AwsError).name : undefined) ?? 'Error';

/** An UpstreamError that remembers the AWS error type, for the callers that expect one. */
export class SecretsManagerError extends UpstreamError {
  readonly awsType: string;
  constructor(message: string, details: ConstructorParameters<typeof UpstreamError>[1], awsType: string) {
    super(message, details);
    this.awsType = awsType;
  }
}

const isAwsError = (error: unknown, type: string): boolean =>
  error instanceof SecretsManagerError && error.awsType === type;

/** Turns an SDK error into a message a platform engineer can act on. Upstream
 * message text is not repeated: the type names the problem. */
export function mapSecretsManagerError(error: unknown, operation: string, name: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const type = errorType(error);
  const fail = (message: string, retryable: boolean) => new SecretsManagerError(message, details(retryable), type);
  const status = (error as AwsError | undefined)?.$metadata?.httpStatusCode;
  const details = (retryable: boolean) => ({
    service: SECRETS_MANAGER_SERVICE,
    retryable,
    ...(status === undefined ? {} : { status }),
  });
  switch (type) {
    case 'ThrottlingException':
    case 'InternalServiceError':
    case 'ServiceUnavailableException':
      return fail(`${operation} on secret ${name} was throttled or failed (${type}); retrying may succeed`, true);
    case 'ResourceNotFoundException':
      return fail(`secret ${name} or the version asked for does not exist`, false);
    case 'AccessDeniedException':
      return fail(
        `access denied: the role lacks secretsmanager:${operation} on secret ${name} (and kms:Encrypt / kms:Decrypt on its KMS key). ` +
          'Grant it in the IAM policy of the role the workflow assumes',
        false,
      );
    case 'InvalidRequestException':
      return fail(
        `Secrets Manager refused ${operation} on secret ${name} (InvalidRequestException): it may be scheduled for deletion; restore it (aws secretsmanager restore-secret) or use another name`,
        false,
      );
    case 'DecryptionFailure':
    case 'EncryptionFailure':
      return fail(
        `KMS could not ${type === 'DecryptionFailure' ? 'decrypt' : 'encrypt'} secret ${name}; check the KMS key and that the role may use it`,
        false,
      );
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'CredentialsProviderError':
      return fail(`AWS refused or found no credentials (${type}): ${CONFIGURE_AWS_IN_WORKFLOW}`, false);
    default:
      return fail(`${operation} on secret ${name} failed: ${type}`, status === undefined || status >= 500);
  }
}

export class SecretsManagerStore implements Store {
  readonly kind = 'secrets-manager';
  private readonly options: SecretsManagerStoreOptions;

  constructor(options: SecretsManagerStoreOptions) {
    this.options = options;
  }

  async read(name: string): Promise<StoredSecret | undefined> {
    return this.valueAt(name, { VersionStage: AWSCURRENT });
  }

  async readPrevious(name: string): Promise<StoredSecret | undefined> {
    return this.valueAt(name, { VersionStage: AWSPREVIOUS });
  }

  async head(name: string): Promise<StoredVersion | undefined> {
    const current = (await this.versions(name))?.find((entry) => entry.stages.includes(AWSCURRENT));
    if (!current) return undefined;
    const graceSince = graceSinceOf(current.stages);
    return {
      version: current.versionId,
      updatedAt: current.createdAt,
      ...(current.stages.includes(AWSPENDING) ? { pending: true } : {}),
      ...(graceSince === undefined ? {} : { graceSince }),
    };
  }

  /** A staging label `grace-since-…` on the version (custom labels are
   * Secrets Manager's own mechanism; a version may hold 20). */
  async openGrace(name: string, version: string, since: number): Promise<void> {
    const mark = graceMark(since);
    const versions = (await this.versions(name)) ?? [];
    if (!versions.some((entry) => entry.versionId === version && entry.stages.includes(mark))) {
      await this.moveStage(name, mark, version, undefined);
    }
    await this.removeGraceMarks(name, versions, { version, mark });
  }

  async closeGrace(name: string): Promise<void> {
    await this.removeGraceMarks(name, (await this.versions(name)) ?? [], undefined);
  }

  private async removeGraceMarks(
    name: string,
    versions: readonly VersionInfo[],
    except: { version: string; mark: string } | undefined,
  ): Promise<void> {
    for (const entry of versions) {
      for (const stage of entry.stages) {
        if (parseGraceMark(stage) === undefined) continue;
        if (except && entry.versionId === except.version && stage === except.mark) continue;
        await this.moveStage(name, stage, undefined, entry.versionId);
      }
    }
  }

  async previous(name: string): Promise<StoredVersion | undefined> {
    const previous = (await this.versions(name))?.find((entry) => entry.stages.includes(AWSPREVIOUS));
    return previous && { version: previous.versionId, updatedAt: previous.createdAt };
  }

  async checkWritable(name: string): Promise<void> {
    const secret = await this.describe(name);
    if (secret) this.refuseUnwritable(name, secret);
  }

  async write(name: string, value: string, options: StoreWriteOptions = {}): Promise<StoreWriteResult> {
    this.options.secrets.mask(value);
    const versionId = this.options.newVersionId?.() ?? randomUUID();
    const secret = await this.describe(name);
    if (secret) this.refuseUnwritable(name, secret);
    const current = secret && currentOf(secret);
    if (!current) {
      const created = secret ? undefined : await this.create(name, value, versionId);
      if (created) {
        if (options.pending) await this.moveStage(name, AWSPENDING, versionId, undefined);
        return { version: versionId };
      }
    }
    // Staged first: AWSPENDING names the new value while consumers still hold AWSCURRENT.
    await this.call('PutSecretValue', name, () =>
      this.options.client.send(
        new PutSecretValueCommand({
          SecretId: name,
          SecretString: value,
          ClientRequestToken: versionId,
          VersionStages: [AWSPENDING],
        }),
      ),
    );
    const holder = current ?? currentOf((await this.describe(name)) ?? {});
    try {
      await this.moveStage(name, AWSCURRENT, versionId, holder);
    } catch (error) {
      // AWSCURRENT left `holder` for another version meanwhile: moving it is a
      // compare-and-set (RemoveFromVersionId), and another rotation won it.
      const now = currentOf((await this.describe(name)) ?? {});
      if (!isAwsError(error, 'InvalidParameterException') || now === undefined || now === holder) throw error;
      await this.moveStage(name, AWSPENDING, undefined, versionId).catch(() => undefined);
      throw new CheckFailedError(
        `another rotation of secret ${name} made version ${now} AWSCURRENT while this one ran (this run wrote ` +
          `version ${versionId}); this run stops before any consumer, so the other rotation's value stays the one in ` +
          'use. Run again once it has finished, if a rotation is still due',
      );
    }
    if (!options.pending) await this.moveStage(name, AWSPENDING, undefined, versionId);
    return holder ? { version: versionId, previousVersion: holder } : { version: versionId };
  }

  async settle(name: string, version: string): Promise<void> {
    await this.moveStage(name, AWSPENDING, undefined, version);
  }

  async rollback(name: string): Promise<StoreRollbackResult> {
    const versions = await this.versions(name);
    if (!versions) throw new CheckFailedError(`secret ${name} does not exist, so there is nothing to roll back`);
    const current = versions.find((entry) => entry.stages.includes(AWSCURRENT));
    const previous = versions.find((entry) => entry.stages.includes(AWSPREVIOUS));
    if (!current || !previous || previous.versionId === current.versionId) {
      throw new CheckFailedError(`secret ${name} has no ${AWSPREVIOUS} version, so there is nothing to roll back to`);
    }
    const restored = await this.valueAt(name, { VersionId: previous.versionId });
    if (!restored) throw new CheckFailedError(`version ${previous.versionId} of secret ${name} is gone`);
    // Native: AWSCURRENT goes back to the older version; AWS puts AWSPREVIOUS on the one it left.
    await this.moveStage(name, AWSCURRENT, previous.versionId, current.versionId);
    return {
      ...restored,
      previousVersion: current.versionId,
      restoredVersion: previous.versionId,
    };
  }

  private refuseUnwritable(name: string, secret: DescribeSecretCommandOutput): void {
    if (secret.DeletedDate) {
      throw new CheckFailedError(
        `secret ${name} is scheduled for deletion, so Secrets Manager refuses new versions. ` +
          `Restore it (aws secretsmanager restore-secret --secret-id ${name}) or rotate under another name`,
      );
    }
    if (secret.RotationEnabled) {
      throw new CheckFailedError(
        `secret ${name} has rotation turned on in Secrets Manager: its rotation function and keyturn would rotate it ` +
          `in turn. Turn it off (aws secretsmanager cancel-rotate-secret --secret-id ${name}) or leave this secret to that function`,
      );
    }
  }

  private async create(name: string, value: string, versionId: string): Promise<boolean> {
    const { keyId, description } = this.options;
    try {
      await this.call('CreateSecret', name, () =>
        this.options.client.send(
          new CreateSecretCommand({
            Name: name,
            SecretString: value,
            ClientRequestToken: versionId,
            ...(keyId ? { KmsKeyId: keyId } : {}),
            ...(description ? { Description: description } : {}),
          }),
        ),
      );
      return true;
    } catch (error) {
      // Created by someone else since we looked: write a version instead.
      if (isAwsError(error, 'ResourceExistsException')) {
        return false;
      }
      throw error;
    }
  }

  /**
   * Moves `stage` to version `to` (or off version `from` when `to` is
   * undefined). A move that already happened (a lost answer, a re-run) is
   * recognised and not an error, so retries converge.
   */
  private async moveStage(
    name: string,
    stage: string,
    to: string | undefined,
    from: string | undefined,
  ): Promise<void> {
    try {
      await this.call('UpdateSecretVersionStage', name, () =>
        this.options.client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: stage,
            ...(to === undefined ? {} : { MoveToVersionId: to }),
            ...(from === undefined ? {} : { RemoveFromVersionId: from }),
          }),
        ),
      );
    } catch (error) {
      // Refused as already done (InvalidParameterException), or no answer at
      // all (a reset, a 5xx after the move was applied): where the stage is now
      // says whether the move happened. A describe that fails too tells nothing.
      const stages = (await this.describe(name).catch(() => undefined))?.VersionIdsToStages;
      if (stages === undefined) throw error;
      const done = to === undefined ? !(stages[from ?? ''] ?? []).includes(stage) : (stages[to] ?? []).includes(stage);
      if (!done) throw error;
    }
  }

  private async describe(name: string): Promise<DescribeSecretCommandOutput | undefined> {
    try {
      return await this.call('DescribeSecret', name, () =>
        this.options.client.send(new DescribeSecretCommand({ SecretId: name })),
      );
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  /** Every labelled version, without values; undefined when the secret does not exist. */
  private async versions(name: string): Promise<VersionInfo[] | undefined> {
    const versions: VersionInfo[] = [];
    // One bound for every paginated read: a NextToken forever, or one seen
    // before (a cycle), is a broken answer, not more versions.
    const budget = new PageBudget(SECRETS_MANAGER_SERVICE, `ListSecretVersionIds on secret ${name}`, MAX_VERSION_PAGES);
    let nextToken: string | undefined;
    do {
      budget.page();
      const token = nextToken;
      let answer: ListSecretVersionIdsCommandOutput;
      try {
        answer = await this.call('ListSecretVersionIds', name, () =>
          this.options.client.send(
            new ListSecretVersionIdsCommand({
              SecretId: name,
              MaxResults: 100,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
        throw error;
      }
      for (const entry of answer.Versions ?? []) {
        if (entry.VersionId === undefined) continue;
        versions.push({
          versionId: entry.VersionId,
          stages: entry.VersionStages ?? [],
          createdAt: entry.CreatedDate?.getTime() ?? 0,
        });
      }
      nextToken = answer.NextToken;
      if (nextToken) budget.cursor(nextToken);
    } while (nextToken);
    return versions;
  }

  private async valueAt(
    name: string,
    selector: { VersionStage: string } | { VersionId: string },
  ): Promise<StoredSecret | undefined> {
    let answer: GetSecretValueCommandOutput;
    try {
      answer = await this.call('GetSecretValue', name, () =>
        this.options.client.send(new GetSecretValueCommand({ SecretId: name, ...selector })),
      );
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
    const value = answer.SecretString;
    if (value === undefined || answer.VersionId === undefined) {
      throw new UpstreamError(`GetSecretValue on secret ${name} answered without a SecretString (a binary secret?)`, {
        service: SECRETS_MANAGER_SERVICE,
        retryable: false,
      });
    }
    this.options.secrets.mask(value);
    return { value, version: answer.VersionId, updatedAt: answer.CreatedDate?.getTime() ?? 0 };
  }

  private call<T>(operation: string, name: string, send: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await send();
        } catch (error) {
          throw mapSecretsManagerError(error, operation, name);
        }
      },
      this.options.retry ?? DEFAULT_RETRY_POLICY,
      {
        clock: this.options.clock,
        sleep: this.options.sleep,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ attempt, waitMs, error }) =>
          this.options.onRetry?.(`${errorMessage(error)}; attempt ${attempt} failed, waiting ${waitMs} ms`),
      },
    );
  }
}

function currentOf(secret: Pick<DescribeSecretCommandOutput, 'VersionIdsToStages'>): string | undefined {
  return Object.entries(secret.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(AWSCURRENT))?.[0];
}
