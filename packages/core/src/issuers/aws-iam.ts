import {
  type AccessKeyMetadata,
  CreateAccessKeyCommand,
  type CreateAccessKeyCommandOutput,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { requireXmlAnswers } from '../adapters/aws-query-answer';
import { formatDuration } from '../duration';
import { CheckFailedError, errorMessage, InputError, UpstreamError } from '../errors';
import type { IssuedValue, Issuer, IssuerCheck, IssuerOpenContext, RetireResult } from '../issuer';
import type { StoredSecret } from '../ports';
import { withRetry } from '../retry';
import {
  type AccessKeyPair,
  AWS_IAM_SERVICE,
  AWS_STS_SERVICE,
  type AwsIamEndpoints,
  type AwsIamIssuerConfig,
  accessKeyJson,
  parseAccessKeyJson,
  parseAwsIamConfig,
  readAwsIamEndpoints,
} from './aws-iam-config';

/**
 * The `aws-iam` issuer: a new access key for an IAM user, made by the
 * workflow's own AWS identity (OIDC, from the environment), stored as
 * `{"AccessKeyId": …, "SecretAccessKey": …}`.
 *
 * - AWS allows two keys per user, so a rotation needs a free slot: an
 *   inactive second key (the one the last rotation retired) is deleted first;
 *   an active second key is refused before any change, with what to do.
 * - IAM hands out a key's secret once, so `issue` is the change itself: a
 *   store write that fails is followed by `discard`, which deletes the key.
 * - IAM is eventually consistent: STS may refuse a new key, and accept an old
 *   one, for seconds. `proveNew` and `proveRetired` ask STS
 *   GetCallerIdentity until it answers as it must, within a bound.
 * - Retiring deactivates the old key (refusal proven); it is deleted at once
 *   with revoke-old, and otherwise by the next rotation (which needs its
 *   slot), so a deactivated key can be turned back on by hand until then.
 *   With `grace`, rotate keeps the old key working for the window and
 *   `finishGrace` deactivates it, proves it refused and deletes it.
 */
export interface AwsIamTuning {
  /** Attempts of one IAM or STS call that failed for throttling, 5xx or the network. */
  attempts?: number;
  /** How long STS may take to accept the new key and refuse the old one. */
  proveWithinMs?: number;
  /** The wait between two STS checks. */
  proveIntervalMs?: number;
  requestTimeoutMs?: number;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
]);
const REFUSED_KEY = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch']);

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function codeOf(error: unknown): string {
  return String((error as SdkError | undefined)?.name ?? '').replace(/Exception$/, '');
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/**
 * A key id as messages show it, AKIA…0002: the full id is in the stored JSON,
 * and keyturn scrubs any 12 characters of a stored value from its output.
 */
export function shortKey(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** How an STS answer about a key reads: accepted (with the caller ARN), refused, or a failure to retry. */
type StsAnswer = { accepted: true; arn: string } | { accepted: false; code: string };

export class AwsIamIssuer implements Issuer {
  readonly kind = 'aws-iam';
  /** Every rotation retires the old key (deactivates it), with or without revoke-old. */
  readonly retiresOld = true;
  private readonly config: AwsIamIssuerConfig;
  /** `secrets[3] (ci-key).issuer`, for messages about its fields. */
  private readonly where: string;
  private readonly endpoints: AwsIamEndpoints;
  private readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  private readonly context: Pick<IssuerOpenContext, 'secrets' | 'clock' | 'sleep' | 'log'>;
  private readonly tuning: Required<AwsIamTuning>;
  private iamClient: IAMClient | undefined;

  constructor(
    config: AwsIamIssuerConfig,
    where: string,
    endpoints: AwsIamEndpoints,
    credentials: AwsIamIssuer['credentials'],
    context: Pick<IssuerOpenContext, 'secrets' | 'clock' | 'sleep' | 'log'>,
    tuning: AwsIamTuning = {},
  ) {
    this.config = config;
    this.where = where;
    this.endpoints = endpoints;
    this.credentials = credentials;
    this.context = context;
    this.tuning = {
      attempts: tuning.attempts ?? 5,
      proveWithinMs: tuning.proveWithinMs ?? 120_000,
      proveIntervalMs: tuning.proveIntervalMs ?? 1_000,
      requestTimeoutMs: tuning.requestTimeoutMs ?? 20_000,
    };
  }

  private sdkOptions(endpoint: string | undefined) {
    return {
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: this.tuning.requestTimeoutMs },
    };
  }

  private iam(): IAMClient {
    this.iamClient ??= requireXmlAnswers(
      new IAMClient({
        // IAM is global: its endpoint and signing region are us-east-1 in the aws partition.
        region: 'us-east-1',
        ...(this.credentials ? { credentials: this.credentials } : {}),
        ...this.sdkOptions(this.endpoints.iam),
      }),
      AWS_IAM_SERVICE,
    );
    return this.iamClient;
  }

  /** One IAM call, its failures typed, retried for throttling, 5xx and the network. */
  private async call<T>(doing: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await send(AbortSignal.timeout(this.tuning.requestTimeoutMs));
        } catch (error) {
          throw this.typed(error, doing, AWS_IAM_SERVICE);
        }
      },
      { maxAttempts: this.tuning.attempts, baseDelayMs: 500, maxDelayMs: 8_000, totalTimeMs: 60_000 },
      {
        clock: this.context.clock,
        sleep: this.context.sleep,
        onRetry: ({ waitMs, error }) =>
          this.context.log.info(`${doing}: ${errorMessage(error)}; trying again in ${waitMs} ms`),
      },
    );
  }

  private typed(error: unknown, doing: string, service: string): Error {
    if (error instanceof InputError || error instanceof CheckFailedError || error instanceof UpstreamError)
      return error;
    const code = codeOf(error);
    const status = statusOf(error);
    const message = `${doing}: ${code || 'error'}: ${errorMessage(error)}`;
    if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(errorMessage(error))) {
      return new InputError(
        'AWS_ACCESS_KEY_ID',
        'is not set, and the AWS SDK found no other credentials (a web identity token, a profile or an instance role)',
        'Configure AWS in the job first (aws-actions/configure-aws-credentials with OIDC), with a role that may call ' +
          `iam:ListAccessKeys, iam:CreateAccessKey, iam:UpdateAccessKey and iam:DeleteAccessKey on user ${this.config.user}.`,
      );
    }
    if (code === 'NoSuchEntity') return new NoSuchEntity(message);
    if (code === 'AccessDenied' || status === 403) {
      return new CheckFailedError(
        `${message}. The workflow's AWS identity needs iam:ListAccessKeys, iam:CreateAccessKey, iam:UpdateAccessKey ` +
          `and iam:DeleteAccessKey on arn:aws:iam::<account>:user/${this.config.user}`,
      );
    }
    const retryable = THROTTLING.has(code) || (status !== undefined && status >= 500) || status === undefined;
    return new UpstreamError(message, { service, ...(status === undefined ? {} : { status }), retryable });
  }

  private async listKeys(): Promise<AccessKeyMetadata[]> {
    const keys: AccessKeyMetadata[] = [];
    let marker: string | undefined;
    // Two keys per user: one page, but follow Marker as every IAM List call may page.
    for (let page = 0; page < 10; page++) {
      const output: ListAccessKeysCommandOutput = await this.call(`ListAccessKeys ${this.config.user}`, (signal) =>
        this.iam().send(
          new ListAccessKeysCommand({ UserName: this.config.user, ...(marker ? { Marker: marker } : {}) }),
          { abortSignal: signal },
        ),
      );
      keys.push(...(output.AccessKeyMetadata ?? []));
      if (!output.IsTruncated || !output.Marker) return keys;
      marker = output.Marker;
    }
    throw new UpstreamError(`ListAccessKeys ${this.config.user} did not end after 10 pages`, {
      service: AWS_IAM_SERVICE,
      retryable: false,
    });
  }

  /** The user's keys, or an InputError when the user does not exist. */
  private async keysOfUser(): Promise<AccessKeyMetadata[]> {
    try {
      return await this.listKeys();
    } catch (error) {
      if (!(error instanceof NoSuchEntity)) throw error;
      throw new InputError(
        `${this.where}.user`,
        `is '${this.config.user}', and IAM has no user of that name in this account`,
        'Fix issuer.user (IAM user names are case-sensitive; give the name, not the ARN), or create the user first.',
      );
    }
  }

  /** What issuing will do to make room, or an error saying why it cannot, before any change. */
  private slot(keys: AccessKeyMetadata[], current: AccessKeyPair | undefined): { deleteFirst: string | undefined } {
    if (keys.length < 2) return { deleteFirst: undefined };
    const inactive = keys.filter((key) => key.Status !== 'Active');
    const first = inactive[0];
    if (first?.AccessKeyId) return { deleteFirst: first.AccessKeyId };
    const describe = (key: AccessKeyMetadata) =>
      `${shortKey(key.AccessKeyId ?? '')} (created ${key.CreateDate?.toISOString().slice(0, 10) ?? '?'}${
        key.AccessKeyId === current?.AccessKeyId ? ', the one the store holds' : ''
      })`;
    const other = keys.find((key) => key.AccessKeyId !== current?.AccessKeyId) ?? keys[1];
    throw new CheckFailedError(
      `IAM user ${this.config.user} already holds two active access keys, ${keys.map(describe).join(' and ')}: ` +
        'AWS allows two per user, so a new one cannot be made, and keyturn deletes only a key that is already inactive. ' +
        `Find out what uses ${other?.AccessKeyId ?? 'the other key'}, then deactivate or delete it ` +
        `(aws iam update-access-key --user-name ${this.config.user} --access-key-id ${other?.AccessKeyId ?? 'KEY'} --status Inactive) and run again`,
    );
  }

  private currentPair(current: StoredSecret | undefined, which = 'current'): AccessKeyPair | undefined {
    return current === undefined ? undefined : parseAccessKeyJson(current.value, which);
  }

  async check(current: StoredSecret | undefined, _previous?: StoredSecret): Promise<IssuerCheck> {
    const pair = this.currentPair(current);
    const keys = await this.keysOfUser();
    const { deleteFirst } = this.slot(keys, pair);
    if (pair && !keys.some((key) => key.AccessKeyId === pair.AccessKeyId)) {
      this.context.log.warning(
        `the store's current key ${shortKey(pair.AccessKeyId)} is not a key of IAM user ${this.config.user} (deleted already?)`,
      );
    }
    return {
      plan:
        (deleteFirst ? `delete the inactive key ${shortKey(deleteFirst)}, then ` : '') +
        `create an access key for IAM user ${this.config.user}` +
        (pair ? ` and deactivate ${shortKey(pair.AccessKeyId)}` : ''),
    };
  }

  async issue(current: StoredSecret | undefined, _previous?: StoredSecret): Promise<IssuedValue> {
    const pair = this.currentPair(current);
    const keys = await this.keysOfUser();
    const { deleteFirst } = this.slot(keys, pair);
    if (deleteFirst) {
      await this.deleteKey(deleteFirst);
      this.context.log.info(
        `deleted the inactive access key ${shortKey(deleteFirst)} of ${this.config.user} to make room`,
      );
    }
    const before = new Set(keys.map((key) => key.AccessKeyId).filter((id) => id !== deleteFirst));
    let created: CreateAccessKeyCommandOutput;
    try {
      created = await this.call(`CreateAccessKey ${this.config.user}`, (signal) =>
        this.iam().send(new CreateAccessKeyCommand({ UserName: this.config.user }), { abortSignal: signal }),
      );
    } catch (error) {
      await this.deleteUnanswered(before, answeredNo(error));
      throw error;
    }
    const secret = created.AccessKey?.SecretAccessKey;
    if (secret) this.context.secrets.mask(secret);
    const id = created.AccessKey?.AccessKeyId;
    if (!id || !secret) {
      throw new UpstreamError('CreateAccessKey answered without AccessKeyId and SecretAccessKey', {
        service: AWS_IAM_SERVICE,
        retryable: false,
      });
    }
    const value = this.context.secrets.mask(accessKeyJson({ AccessKeyId: id, SecretAccessKey: secret }));
    return { value, detail: `access key ${shortKey(id)} of IAM user ${this.config.user}` };
  }

  /**
   * CreateAccessKey failed, but IAM may have made a key all the same (its
   * answer lost to a reset or a gateway's 5xx, on any attempt): a key the
   * listing before the call did not have is one of this run's, and nobody can
   * use it (its secret was only in the lost answer). Left, it takes the
   * user's second slot and every later rotation stops at "two active keys".
   * When IAM's last word was a refusal (LimitExceeded), the new key may as
   * well be another run's, made between the listing and the create, whose
   * secret that run holds and is storing: it is named, never deleted.
   */
  private async deleteUnanswered(before: ReadonlySet<string | undefined>, refused: boolean): Promise<void> {
    try {
      for (const key of await this.keysOfUser()) {
        if (!key.AccessKeyId || before.has(key.AccessKeyId)) continue;
        if (refused) {
          this.context.log.warning(
            `${shortKey(key.AccessKeyId)} appeared while CreateAccessKey was refused, and is not deleted: it may be ` +
              "another rotation's. If no store holds it, delete it before the next rotation",
          );
          continue;
        }
        await this.deleteKey(key.AccessKeyId);
        this.context.log.warning(
          `deleted ${shortKey(key.AccessKeyId)}, which IAM made though its answer was lost: no one holds its secret`,
        );
      }
    } catch (error) {
      this.context.log.warning(
        `could not check IAM user ${this.config.user} for a key made by the failed CreateAccessKey (${errorMessage(error)}): ` +
          'if the next rotation finds two active keys, delete the one no store holds',
      );
    }
  }

  /** Deletes a key; one that is gone already is fine. */
  private async deleteKey(id: string): Promise<'deleted' | 'gone'> {
    try {
      await this.call(`DeleteAccessKey ${shortKey(id)}`, (signal) =>
        this.iam().send(new DeleteAccessKeyCommand({ UserName: this.config.user, AccessKeyId: id }), {
          abortSignal: signal,
        }),
      );
      return 'deleted';
    } catch (error) {
      if (error instanceof NoSuchEntity) return 'gone';
      throw error;
    }
  }

  /** The store could not take the new key: delete it, or no later run finds a free slot. */
  async discard(issued: IssuedValue): Promise<void> {
    const { AccessKeyId: id } = parseAccessKeyJson(issued.value, 'new');
    try {
      await this.deleteKey(id);
      this.context.log.info(`deleted the new access key ${shortKey(id)}: the store could not take it`);
    } catch (error) {
      // The store's failure is the one the run reports; this one says what is left behind.
      this.context.log.warning(
        `could not delete the new access key ${shortKey(id)} the store did not take (${errorMessage(error)}): delete it ` +
          `(aws iam list-access-keys --user-name ${this.config.user} names it in full; then aws iam delete-access-key), or the next rotation finds two active keys`,
      );
    }
  }

  /** A resumed rotation: the stored key must still be an active key of the user. */
  async apply(issued: IssuedValue, _current: StoredSecret | undefined, _previous?: StoredSecret): Promise<void> {
    const { AccessKeyId: id } = parseAccessKeyJson(issued.value, 'new');
    const key = (await this.keysOfUser()).find((candidate) => candidate.AccessKeyId === id);
    if (!key) {
      throw new CheckFailedError(
        `the stored access key ${shortKey(id)} is no longer a key of IAM user ${this.config.user}, so this rotation cannot ` +
          'finish with it: write the key consumers hold back to the store (or delete the unfinished version) and rotate again',
      );
    }
    if (key.Status !== 'Active') {
      throw new CheckFailedError(
        `the stored access key ${shortKey(id)} of IAM user ${this.config.user} is inactive: reactivate it ` +
          `(aws iam update-access-key --user-name ${this.config.user} --access-key-id ID --status Active, the ID from aws iam list-access-keys) and run again`,
      );
    }
  }

  /** STS GetCallerIdentity signed with `pair`. */
  private async askSts(pair: AccessKeyPair): Promise<StsAnswer> {
    const client = requireXmlAnswers(
      new STSClient({
        region: this.endpoints.region,
        credentials: { accessKeyId: pair.AccessKeyId, secretAccessKey: pair.SecretAccessKey },
        ...this.sdkOptions(this.endpoints.sts),
      }),
      AWS_STS_SERVICE,
    );
    try {
      const answer = await client.send(new GetCallerIdentityCommand({}), {
        abortSignal: AbortSignal.timeout(this.tuning.requestTimeoutMs),
      });
      return { accepted: true, arn: answer.Arn ?? '' };
    } catch (error) {
      const code = codeOf(error);
      if (REFUSED_KEY.has(code)) return { accepted: false, code };
      throw this.typed(error, `GetCallerIdentity with key ${shortKey(pair.AccessKeyId)}`, AWS_STS_SERVICE);
    } finally {
      client.destroy();
    }
  }

  /** Asks STS until `done` holds or the bound passes; transient failures count as "not yet". */
  private async untilSts(
    pair: AccessKeyPair,
    done: (answer: StsAnswer) => boolean,
  ): Promise<{ ok: true; answer: StsAnswer } | { ok: false; last: string; attempts: number; elapsed: number }> {
    const started = this.context.clock.now();
    let last = '';
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.askSts(pair);
        if (done(answer)) return { ok: true, answer };
        last = answer.accepted ? `accepted as ${answer.arn}` : `refused (${answer.code})`;
      } catch (error) {
        if (!(error instanceof UpstreamError) || !error.retryable) throw error;
        last = errorMessage(error);
      }
      const elapsed = this.context.clock.now() - started;
      if (elapsed + this.tuning.proveIntervalMs > this.tuning.proveWithinMs) {
        return { ok: false, last, attempts: attempt, elapsed };
      }
      await this.context.sleep(this.tuning.proveIntervalMs);
    }
  }

  private userArn(arn: string): boolean {
    // arn:aws:iam::123456789012:user/ci-deployer, or with a path: user/deploy/ci-deployer
    const found = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
    return found?.[1] === this.config.user;
  }

  async proveNew(value: string): Promise<void> {
    const pair = parseAccessKeyJson(value, 'new');
    const result = await this.untilSts(pair, (answer) => answer.accepted);
    if (!result.ok) {
      throw new CheckFailedError(
        `STS still refuses the new access key ${shortKey(pair.AccessKeyId)} after ${formatDuration(result.elapsed)} ` +
          `(${result.attempts} attempt(s), last: ${result.last}); IAM is eventually consistent, usually within seconds. ` +
          'The key is stored, marked unfinished, and no consumer has it yet: run rotate again to resume with it',
      );
    }
    const arn = result.answer.accepted ? result.answer.arn : '';
    if (!this.userArn(arn)) {
      throw new CheckFailedError(
        `STS says the new access key ${shortKey(pair.AccessKeyId)} belongs to ${arn || 'nobody'}, not IAM user ${this.config.user}`,
      );
    }
  }

  async retire(
    old: StoredSecret,
    options: { graceMs: number | undefined; revokeOld?: boolean },
  ): Promise<RetireResult> {
    const { AccessKeyId: id } = parseAccessKeyJson(old.value, 'previous');
    try {
      await this.call(`UpdateAccessKey ${shortKey(id)} Inactive`, (signal) =>
        this.iam().send(
          new UpdateAccessKeyCommand({ UserName: this.config.user, AccessKeyId: id, Status: 'Inactive' }),
          { abortSignal: signal },
        ),
      );
    } catch (error) {
      if (!(error instanceof NoSuchEntity)) throw error;
      return { outcome: 'already-retired', detail: `access key ${shortKey(id)} is deleted already` };
    }
    if (options.revokeOld === true) {
      await this.deleteKey(id);
      return { outcome: 'revoked', detail: `access key ${shortKey(id)} deactivated and deleted (revoke-old)` };
    }
    return {
      outcome: 'deactivated',
      detail:
        options.graceMs === undefined
          ? `access key ${shortKey(id)} deactivated; the next rotation deletes it`
          : `access key ${shortKey(id)} deactivated; deleted once the grace of ${formatDuration(options.graceMs)} has passed`,
    };
  }

  async proveRetired(old: StoredSecret): Promise<void> {
    const pair = parseAccessKeyJson(old.value, 'previous');
    const result = await this.untilSts(pair, (answer) => !answer.accepted);
    if (!result.ok) {
      throw new CheckFailedError(
        `STS still accepts the old access key ${shortKey(pair.AccessKeyId)} after ${formatDuration(result.elapsed)} ` +
          `(${result.attempts} attempt(s), last: ${result.last}), though IAM has it deactivated: run rotate again to check once more`,
      );
    }
  }

  /** After a grace window (the old key kept working for it): deactivated, proven refused, deleted. */
  async finishGrace(old: StoredSecret): Promise<RetireResult> {
    const { AccessKeyId: id } = parseAccessKeyJson(old.value, 'previous');
    const key = (await this.keysOfUser()).find((candidate) => candidate.AccessKeyId === id);
    if (!key) return { outcome: 'already-retired', detail: `access key ${shortKey(id)} is deleted already` };
    if (key.Status === 'Active') {
      await this.retire(old, { graceMs: undefined });
      await this.proveRetired(old);
    }
    await this.deleteKey(id);
    return {
      outcome: 'revoked',
      detail: `access key ${shortKey(id)} deactivated, refused and deleted after its grace`,
    };
  }

  /** When the oldest active key was made: the age an IAM key policy measures. Reads no stored value. */
  async createdAt(): Promise<number | undefined> {
    const active = (await this.keysOfUser()).filter((key) => key.Status === 'Active' && key.CreateDate);
    const times = active.map((key) => (key.CreateDate as Date).getTime());
    return times.length ? Math.min(...times) : undefined;
  }

  close(): void {
    this.iamClient?.destroy();
  }
}

/** IAM said the user or key does not exist. */
class NoSuchEntity extends CheckFailedError {
  override name = 'NoSuchEntity';
}

/** The registry's `open` for aws-iam: fields and endpoints read, credentials
 * from the environment given (else the SDK's default chain), nothing asked. */
/** IAM's last answer was a refusal (LimitExceeded 409, a validation or
 * throttling 400): as opposed to no answer, or a 5xx, after every attempt. */
function answeredNo(error: unknown): boolean {
  if (error instanceof UpstreamError) return error.status !== undefined && error.status >= 400 && error.status < 500;
  return error instanceof CheckFailedError || error instanceof InputError;
}

export function openAwsIamIssuer(context: IssuerOpenContext, tuning?: AwsIamTuning): AwsIamIssuer {
  const where = `${context.entry}.issuer`;
  const config = parseAwsIamConfig(context.config, where);
  const env = context.env ?? {};
  const endpoints = readAwsIamEndpoints(env);
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  let credentials: AwsIamIssuer['credentials'];
  if (accessKeyId && secretAccessKey) {
    context.secrets.mask(secretAccessKey);
    if (env.AWS_SESSION_TOKEN) context.secrets.mask(env.AWS_SESSION_TOKEN);
    credentials = {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  const deadline = context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs };
  return new AwsIamIssuer(config, where, endpoints, credentials, context, { ...deadline, ...tuning });
}
