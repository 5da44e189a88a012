import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  type GetParameterHistoryCommandOutput,
  LabelParameterVersionCommand,
  type ParameterHistory,
  PutParameterCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
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
import { upstreamText } from '../upstream-body';
import { withTotalDeadline } from './aws-deadline';

/**
 * The Store port over AWS Systems Manager Parameter Store.
 *
 * Values are `SecureString` parameters. A rotation writes a new version and
 * then moves two labels: `previous` to the version that was current, then
 * `current` to the new one. Moving `current` is the commit point: a run that
 * stops before it leaves `current` on the value consumers hold, and the next
 * run rotates again from there. Labels move (SSM lets a label name one version
 * only), so they never pile up on old versions — which matters because SSM
 * keeps 100 versions and refuses a write while the oldest carries a label.
 *
 * The SDK's own retry is turned off (`maxAttempts: 1`, see createSsmClient):
 * throttling and 5xx are retried here, with the injected clock and sleep.
 */
export const SSM_SERVICE = 'AWS SSM';
export const CURRENT_LABEL = 'current';
export const PREVIOUS_LABEL = 'previous';
/** On the current version while the rotation that wrote it has not finished
 * (rotate): plan sees it and resumes with that value, as AWSPENDING does. */
export const PENDING_LABEL = 'pending';
/** A version labelled pending but never current, this old, was left by a run that died before its `current` label. */
export const STALE_PENDING_MS = 15 * 60_000;
export const SSM_MAX_VERSIONS = 100;
export type SsmTier = 'Standard' | 'Advanced' | 'Intelligent-Tiering';
/** Bytes a value may hold: Standard 4 KB, Advanced (and Intelligent-Tiering,
 * which moves to Advanced when needed) 8 KB. */
export const SSM_VALUE_LIMITS: Readonly<Record<SsmTier, number>> = Object.freeze({
  Standard: 4096,
  Advanced: 8192,
  'Intelligent-Tiering': 8192,
});
const NAME_MAX_LENGTH = 1011;
const MAX_HIERARCHY_LEVELS = 15;

/** Why SSM would refuse this parameter name, or undefined when it is valid. */
export function ssmParameterNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > NAME_MAX_LENGTH) return `is ${name.length} characters long; SSM allows ${NAME_MAX_LENGTH}`;
  if (name.includes('/') && !name.startsWith('/')) return `is a path that does not start with '/'`;
  const bare = name.startsWith('/') ? name.slice(1) : name;
  const segments = bare.split('/');
  if (segments.some((segment) => segment === '')) return 'has an empty path segment';
  if (segments.some((segment) => !/^[a-zA-Z0-9_.-]+$/.test(segment))) {
    return 'holds a character SSM does not allow (each path segment is letters, numbers, ".", "-" and "_")';
  }
  if (/^(aws|ssm)/i.test(bare)) return `starts with '${bare.slice(0, 3)}', a prefix SSM reserves`;
  if (segments.length > MAX_HIERARCHY_LEVELS)
    return `has ${segments.length} levels; SSM allows ${MAX_HIERARCHY_LEVELS}`;
  return undefined;
}

export interface SsmClientOptions {
  region: string;
  /** An endpoint other than AWS's, e.g. a local emulator (AWS_ENDPOINT_URL_SSM). */
  endpoint?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** An SSM client whose failures come back at once, for SsmStore to retry.
 * Credentials come from the default chain: environment variables (which
 * aws-actions/configure-aws-credentials exports, OIDC included), web
 * identity, shared files, then instance roles. */
export function createSsmClient(options: SsmClientOptions): SSMClient {
  const requestTimeout = options.requestTimeoutMs ?? 20_000;
  const client = new SSMClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout },
  });
  return withTotalDeadline(client, requestTimeout);
}

/** GetParameterHistory pages read at most: SSM keeps 100 versions, 50 a page. */
export const SSM_MAX_HISTORY_PAGES = 10;

export interface SsmStoreOptions extends StoreAdapterDeps {
  client: SSMClient;
  keyId?: string;
  tier?: SsmTier;
  description?: string;
}

interface VersionInfo {
  version: number;
  labels: readonly string[];
  type: string;
  updatedAt: number;
}

/** What the history says about a parameter, without any value. */
interface ParameterState {
  versions: VersionInfo[];
  latest: VersionInfo;
  /** The version labelled `current`, or the latest when no version is. */
  current: VersionInfo;
  labelledPrevious: VersionInfo | undefined;
}

const IAM_ACTIONS: Record<string, string> = {
  PutParameter: 'ssm:PutParameter',
  GetParameter: 'ssm:GetParameter',
  GetParameterHistory: 'ssm:GetParameterHistory',
  LabelParameterVersion: 'ssm:LabelParameterVersion',
  UnlabelParameterVersion: 'ssm:UnlabelParameterVersion',
};
const KMS_HINT: Record<string, string> = {
  PutParameter: 'kms:Encrypt',
  GetParameter: 'kms:Decrypt',
};

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Turns an SDK error into a message a platform engineer can act on. */
export function mapSsmError(error: unknown, operation: string, name: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const aws = (typeof error === 'object' && error !== null ? error : {}) as AwsError;
  const type = aws.name ?? 'Error';
  const status = aws.$metadata?.httpStatusCode;
  const details = (retryable: boolean) => ({
    service: SSM_SERVICE,
    retryable,
    ...(status === undefined ? {} : { status }),
  });
  const said = aws.message ? `: ${upstreamText(aws.message)}` : '';
  switch (type) {
    case 'ThrottlingException':
    case 'TooManyUpdates':
    case 'InternalServerError':
    case 'ServiceUnavailable':
      return new UpstreamError(
        `${operation} on ${name} was throttled or failed (${type}); retrying may succeed`,
        details(true),
      );
    case 'ParameterNotFound':
      return new UpstreamError(`parameter ${name} does not exist`, details(false));
    case 'AccessDeniedException': {
      const named = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(aws.message ?? '')?.[1];
      const action = named ?? IAM_ACTIONS[operation] ?? `ssm:${operation}`;
      const kms = KMS_HINT[operation];
      const also = kms && kms !== action ? ` (a SecureString also needs ${kms} on its KMS key)` : '';
      return new UpstreamError(
        `access denied: the role lacks ${action} on ${name}${also}. Grant it in the IAM policy of the role the workflow assumes`,
        details(false),
      );
    }
    case 'HierarchyTypeMismatchException':
      return new UpstreamError(
        `parameter ${name} exists with another type than SecureString, and SSM cannot change a parameter's type. ` +
          `Delete it (aws ssm delete-parameter --name ${name}) and run again, or rotate under a new name`,
        details(false),
      );
    case 'ParameterMaxVersionLimitExceeded':
      return new UpstreamError(
        `parameter ${name} holds ${SSM_MAX_VERSIONS} versions and its oldest carries a label, so SSM refuses a new ` +
          'version. Remove that label (aws ssm unlabel-parameter-version) and run again',
        details(false),
      );
    case 'InvalidKeyId':
      return new UpstreamError(
        `the KMS key for ${name} was not found or is disabled; check kms-key-id (a key id, key ARN or alias/NAME)`,
        details(false),
      );
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'CredentialsProviderError':
      return new UpstreamError(
        `AWS refused or found no credentials (${type}): ${CONFIGURE_AWS_IN_WORKFLOW}`,
        details(false),
      );
    default:
      if (status === undefined || status >= 500) {
        // No answer at all (refused, reset, timed out) or a server error.
        return new UpstreamError(`${operation} on ${name} failed: ${type}${said}`, details(true));
      }
      return new UpstreamError(`${operation} on ${name} failed: ${type}${said}`, details(false));
  }
}

function isParameterNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as AwsError).name === 'ParameterNotFound';
}

export class SsmStore implements Store {
  readonly kind = 'ssm';
  private readonly options: SsmStoreOptions;

  constructor(options: SsmStoreOptions) {
    this.options = options;
  }

  async read(name: string): Promise<StoredSecret | undefined> {
    const state = await this.state(name);
    if (!state) return undefined;
    return this.valueOf(name, state.current);
  }

  async head(name: string): Promise<StoredVersion | undefined> {
    const state = await this.state(name);
    if (!state) return undefined;
    const { current } = state;
    const graceSince = graceSinceOf(current.labels);
    return {
      version: String(current.version),
      updatedAt: current.updatedAt,
      ...(current.labels.includes(PENDING_LABEL) ? { pending: true } : {}),
      ...(graceSince === undefined ? {} : { graceSince }),
    };
  }

  async openGrace(name: string, version: string, since: number): Promise<void> {
    const mark = graceMark(since);
    const state = await this.state(name);
    const holder = state?.versions.find((entry) => entry.labels.includes(mark));
    if (!holder || holder.version !== Number(version)) await this.label(name, Number(version), mark);
    await this.unlabelGrace(name, state, { except: { version: Number(version), mark } });
  }

  async closeGrace(name: string): Promise<void> {
    await this.unlabelGrace(name, await this.state(name), {});
  }

  /** Removes grace marks (all, or all but one) from every version that carries one. */
  private async unlabelGrace(
    name: string,
    state: ParameterState | undefined,
    { except }: { except?: { version: number; mark: string } },
  ): Promise<void> {
    for (const entry of state?.versions ?? []) {
      const marks = entry.labels.filter(
        (label) =>
          parseGraceMark(label) !== undefined && !(except && entry.version === except.version && label === except.mark),
      );
      if (marks.length === 0) continue;
      await this.call('UnlabelParameterVersion', name, () =>
        this.options.client.send(
          new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: entry.version, Labels: marks }),
        ),
      );
    }
  }

  async readPrevious(name: string): Promise<StoredSecret | undefined> {
    const state = await this.state(name);
    return state?.labelledPrevious && this.valueOf(name, state.labelledPrevious);
  }

  async settle(name: string, version: string): Promise<void> {
    // A label already gone comes back in InvalidLabels: settled too, so a re-run converges.
    await this.call('UnlabelParameterVersion', name, () =>
      this.options.client.send(
        new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: Number(version), Labels: [PENDING_LABEL] }),
      ),
    );
  }

  async previous(name: string): Promise<StoredVersion | undefined> {
    const state = await this.state(name);
    const previous = state?.labelledPrevious;
    return previous && { version: String(previous.version), updatedAt: previous.updatedAt };
  }

  async checkWritable(name: string): Promise<void> {
    const state = await this.state(name);
    if (state) this.refuseUnwritable(name, state);
  }

  async write(name: string, value: string, options: StoreWriteOptions = {}): Promise<StoreWriteResult> {
    this.options.secrets.mask(value);
    const state = await this.state(name);
    if (state) this.refuseUnwritable(name, state);
    this.refuseMovedOn(name, state, options.expectedVersion);
    const version = await this.put(name, value);
    // SSM numbers versions one by one and has no compare-and-set: a version
    // between the one read and the one written is another writer's, so two
    // rotations started together end here for all but one, before a label moves.
    await this.refuseForeignVersions(name, state?.latest.version ?? 0, version, value);
    // Before `current` moves (the commit point), so a version that became
    // current is never without its mark.
    try {
      if (options.pending) await this.label(name, version, PENDING_LABEL);
      if (state) await this.label(name, state.current.version, PREVIOUS_LABEL);
      await this.label(name, version, CURRENT_LABEL);
    } catch (error) {
      // A label move failed, or was applied and its answer lost. If `current`
      // moved, the version is an unfinished rotation and keeps `pending` for
      // the re-run to resume. If not, it never became current: its `pending`
      // goes, or every run for STALE_PENDING_MS would take it for one in flight.
      const now = await this.state(name).catch(() => undefined);
      if (options.pending && now && now.current.version !== version) {
        await this.settle(name, String(version)).catch(() => undefined);
      }
      throw error;
    }
    // Labels move last-writer-wins: the run whose `current` did not stay stops
    // before any consumer hears of its value.
    const after = await this.state(name);
    if (after && after.current.version !== version) {
      if (options.pending) await this.settle(name, String(version)).catch(() => undefined);
      throw new CheckFailedError(
        `another rotation of ${name} moved label '${CURRENT_LABEL}' to version ${after.current.version} while ` +
          `this one ran (this run wrote version ${version}); this run stops before any consumer, so the other ` +
          "rotation's value stays the one in use. Run again once it has finished, if a rotation is still due",
      );
    }
    return {
      version: String(version),
      ...(state ? { previousVersion: String(state.current.version) } : {}),
    };
  }

  async rollback(name: string): Promise<StoreRollbackResult> {
    const state = await this.state(name);
    if (!state) throw new CheckFailedError(`parameter ${name} does not exist, so there is nothing to roll back`);
    const restored = state.labelledPrevious;
    if (!restored) {
      throw new CheckFailedError(
        `no version of ${name} is labelled '${PREVIOUS_LABEL}', so there is nothing to roll back to. ` +
          'Rollback restores the version a keyturn rotation replaced',
      );
    }
    this.refuseUnwritable(name, state);
    const old = await this.valueOf(name, restored);
    const version = await this.put(name, old.value);
    await this.label(name, state.current.version, PREVIOUS_LABEL);
    await this.label(name, version, CURRENT_LABEL);
    return {
      value: old.value,
      version: String(version),
      updatedAt: this.options.clock.now(),
      previousVersion: String(state.current.version),
      restoredVersion: String(restored.version),
    };
  }

  /** Stops when a version between `read` and `written` holds another value:
   * a concurrent writer's (a retried write whose answer was lost holds ours). */
  private async refuseForeignVersions(name: string, read: number, written: number, value: string): Promise<void> {
    for (let version = read + 1; version < written; version++) {
      const other = await this.call('GetParameter', name, async () => {
        try {
          return await this.options.client.send(
            new GetParameterCommand({ Name: `${name}:${version}`, WithDecryption: true }),
          );
        } catch (error) {
          // SSM keeps 100 versions: one already gone is not ours to judge.
          const type = (error as { name?: string }).name;
          if (type === 'ParameterNotFound' || type === 'ParameterVersionNotFound') return undefined;
          throw error;
        }
      });
      const found = other?.Parameter?.Value;
      if (found === undefined) continue;
      this.options.secrets.mask(found);
      if (found !== value) {
        throw new CheckFailedError(
          `another rotation wrote version ${version} of ${name} while this one ran (this run read version ${read} ` +
            `and wrote version ${written}); this run stops before moving labels, so the other rotation's version ` +
            'becomes current and no consumer hears of this one. Run again once it has finished, if a rotation is still due',
        );
      }
    }
  }

  /**
   * SSM has no compare-and-set, so a rotation that decided on version N
   * checks, just before its PutParameter, that nobody rotated since: `current`
   * is still N, and no newer version carries `pending` without `current` (a
   * rotation between its PutParameter and its `current` label). A pending
   * version left that way longer than STALE_PENDING_MS belongs to a run that
   * died there; it never became current, so it is passed over. What is left
   * of the window is one run's PutParameter to its `pending` label.
   */
  private refuseMovedOn(name: string, state: ParameterState | undefined, expected: string | null | undefined): void {
    if (expected === undefined) return;
    const current = state ? String(state.current.version) : null;
    if (current !== expected) {
      throw new CheckFailedError(
        `another rotation of ${name} made ${current === null ? 'it disappear' : `version ${current} current`} since this ` +
          `run read ${expected === null ? 'that it did not exist' : `version ${expected}`}; this run wrote nothing. ` +
          'Run again, if a rotation is still due',
      );
    }
    const inFlight = state?.versions.find(
      (entry) =>
        entry.version > state.current.version &&
        entry.labels.includes(PENDING_LABEL) &&
        this.options.clock.now() - entry.updatedAt < STALE_PENDING_MS,
    );
    if (inFlight) {
      throw new CheckFailedError(
        `another rotation of ${name} wrote version ${inFlight.version} and has not made it current yet (in flight ` +
          `since ${new Date(inFlight.updatedAt).toISOString()}); this run wrote nothing. Run again once it has ` +
          'finished, if a rotation is still due',
      );
    }
  }

  /** Refuses, before writing, what SSM would refuse after a partial run. */
  private refuseUnwritable(name: string, state: ParameterState): void {
    const type = state.latest.type;
    if (type !== 'SecureString') {
      throw new CheckFailedError(
        `parameter ${name} is a ${type}, not a SecureString, and SSM cannot change a parameter's type. ` +
          `Delete it (aws ssm delete-parameter --name ${name}) and run again, or rotate under a new name`,
      );
    }
    const oldest = state.versions[0];
    if (state.versions.length >= SSM_MAX_VERSIONS && oldest && oldest.labels.length > 0) {
      throw new CheckFailedError(
        `parameter ${name} holds ${SSM_MAX_VERSIONS} versions and the oldest, version ${oldest.version}, carries ` +
          `label(s) ${oldest.labels.join(', ')}; SSM deletes the oldest version on each write and refuses while it is ` +
          `labelled. Remove the label (aws ssm unlabel-parameter-version --name ${name} --parameter-version ` +
          `${oldest.version} --labels ${oldest.labels.join(' ')}) and run again`,
      );
    }
  }

  private call<T>(operation: string, name: string, send: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await send();
        } catch (error) {
          throw mapSsmError(error, operation, name);
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

  /** Every kept version, without values; undefined when the parameter does not exist. */
  private async state(name: string): Promise<ParameterState | undefined> {
    const versions: VersionInfo[] = [];
    // SSM keeps at most 100 versions: 2 pages of 50. A NextToken forever, or
    // one seen before, is a broken answer, not more history.
    const budget = new PageBudget(SSM_SERVICE, `GetParameterHistory on ${name}`, SSM_MAX_HISTORY_PAGES);
    let nextToken: string | undefined;
    do {
      budget.page();
      const token = nextToken;
      const page = await this.call('GetParameterHistory', name, () => this.historyPage(name, token));
      if (!page) return undefined;
      for (const entry of page.Parameters ?? []) versions.push(infoOf(entry));
      nextToken = page.NextToken;
      if (nextToken) budget.cursor(nextToken);
    } while (nextToken);
    if (versions.length === 0) return undefined;
    versions.sort((a, b) => a.version - b.version);
    const latest = versions[versions.length - 1] as VersionInfo;
    const labelledCurrent = versions.find((entry) => entry.labels.includes(CURRENT_LABEL));
    return {
      versions,
      latest,
      current: labelledCurrent ?? latest,
      labelledPrevious: versions.find((entry) => entry.labels.includes(PREVIOUS_LABEL)),
    };
  }

  private async historyPage(
    name: string,
    nextToken: string | undefined,
  ): Promise<GetParameterHistoryCommandOutput | undefined> {
    try {
      return await this.options.client.send(
        new GetParameterHistoryCommand({
          Name: name,
          WithDecryption: false,
          MaxResults: 50,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
    } catch (error) {
      // The first rotation of a parameter: not an error, version 1 follows.
      if (isParameterNotFound(error)) return undefined;
      throw error;
    }
  }

  private async valueOf(name: string, info: VersionInfo): Promise<StoredSecret> {
    const answer = await this.call('GetParameter', name, () =>
      this.options.client.send(new GetParameterCommand({ Name: `${name}:${info.version}`, WithDecryption: true })),
    );
    const value = answer.Parameter?.Value;
    if (value === undefined) {
      throw new UpstreamError(`GetParameter on ${name} answered without a value`, {
        service: SSM_SERVICE,
        retryable: false,
      });
    }
    this.options.secrets.mask(value);
    return { value, version: String(info.version), updatedAt: info.updatedAt };
  }

  private async put(name: string, value: string): Promise<number> {
    const { keyId, tier, description } = this.options;
    const answer = await this.call('PutParameter', name, () =>
      this.options.client.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'SecureString',
          Overwrite: true,
          ...(keyId ? { KeyId: keyId } : {}),
          ...(tier ? { Tier: tier } : {}),
          ...(description ? { Description: description } : {}),
        }),
      ),
    );
    if (answer.Version === undefined) {
      throw new UpstreamError(`PutParameter on ${name} answered without a version`, {
        service: SSM_SERVICE,
        retryable: false,
      });
    }
    return answer.Version;
  }

  private async label(name: string, version: number, label: string): Promise<void> {
    const answer = await this.call('LabelParameterVersion', name, () =>
      this.options.client.send(
        new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [label] }),
      ),
    );
    if (answer.InvalidLabels && answer.InvalidLabels.length > 0) {
      throw new UpstreamError(`SSM refused label(s) ${answer.InvalidLabels.join(', ')} on ${name}`, {
        service: SSM_SERVICE,
        retryable: false,
      });
    }
  }
}

function infoOf(entry: ParameterHistory): VersionInfo {
  return {
    version: entry.Version ?? 0,
    labels: entry.Labels ?? [],
    type: entry.Type ?? 'String',
    updatedAt: entry.LastModifiedDate?.getTime() ?? 0,
  };
}
