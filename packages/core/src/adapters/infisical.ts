import { randomUUID } from 'node:crypto';
import { InfisicalSDK } from '@infisical/sdk';
import { CheckFailedError, errorMessage, UpstreamError } from '../errors';
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
import {
  boundedTransport,
  INFISICAL_SERVICE,
  InfisicalHttpError,
  internalsOf,
  mapInfisicalError,
  type RawSecret,
  type SdkInternals,
} from './infisical-transport';

export { INFISICAL_SERVICE, InfisicalHttpError, mapInfisicalError };

/**
 * The Store port over Infisical, through @infisical/sdk's API layer (its
 * routes, parameters and bodies). Every update makes a new secret version;
 * "previous" is the version before the latest, and a rollback writes that
 * value again as a new version.
 *
 * Rotation marker: Infisical has no labels, no compare-and-set on a value,
 * and every update (metadata too) makes a version, so keyturn keeps its
 * in-flight state in a marker secret of its own, `KEYTURN_ROTATION__<KEY>`
 * in the sub-folder `keyturn-rotations` of the secret's folder (a sub-folder,
 * so `infisical run`, exports and secret syncs of the folder never hand it to
 * an app; `--recursive` would, under its own key). It holds no secret: the
 * version the rotation started from, the run, when, and whether the
 * rotation resumes. A write creates it *before* the value; Infisical's create
 * refuses a key that exists (400 "Secret already exist", or the unique
 * index's 500 for two creates at the same moment, retried into the 400), so
 * that create is the compare-and-set: of two rotations started together one
 * creates the marker and writes, the other writes nothing and stops naming
 * the run that holds it.
 *   - marker `from` < current version, resuming: the value was written and
 *     the rotation did not finish: head() says `pending` (plan: unfinished;
 *     rotate resumes with the stored value) until settle() deletes it.
 *   - marker `from` >= current version: the value write never happened. A
 *     marker that old (STALE_MARKER_MS) belongs to a run that is gone: the
 *     next write deletes it and takes its place; a younger one stops the run.
 *   - previous(), readPrevious() and rollback() take the marker's `from` as
 *     the version before while it is there.
 *
 * Transport (./infisical-transport): the SDK (v5) retries every network
 * error and 429 four times with real sleeps of 1-8 s (about 15 s, each
 * attempt with a 10 s timeout) and has no option to change that. keyturn
 * replaces the SDK client's `request` with a single-attempt fetch with a
 * timeout, and retries here with the injected clock and sleep, honouring
 * Retry-After, within a stated limit.
 */
export const DEFAULT_INFISICAL_URL = 'https://app.infisical.com';
/** The sub-folder of a secret's folder that holds keyturn's rotation markers. */
export const ROTATION_FOLDER = 'keyturn-rotations';
/** The marker of secret KEY is the secret `KEYTURN_ROTATION__KEY` in ROTATION_FOLDER. */
export const MARKER_PREFIX = 'KEYTURN_ROTATION__';
/** Infisical's longest key. */
const INFISICAL_KEY_MAX = 500;
/** A marker whose value write never happened, this old, is a crashed run's:
 * the store write's own retries end well within it (DEFAULT_RETRY_POLICY: 5 min). */
export const STALE_MARKER_MS = 15 * 60_000;

export interface InfisicalLocation {
  projectId: string;
  /** The environment slug: `dev`, `staging`, `prod`… */
  environment: string;
  /** The folder path; `/` by default. */
  secretPath: string;
}

export type InfisicalAuth = { clientId: string; clientSecret: string } | { accessToken: string };

export interface InfisicalStoreOptions extends StoreAdapterDeps {
  siteUrl: string;
  auth: InfisicalAuth;
  location: InfisicalLocation;
  /** One request's limit. */
  timeoutMs?: number;
  /** Who is rotating, for the rotation marker and the message a concurrent
   * run stops with: the workflow run's URL, or a local run's host and pid. */
  runId?: string;
}

/** The run a rotation marker names, from the runner's environment. */
export function describeRun(env: Readonly<Record<string, string | undefined>>): string {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = env;
  if (GITHUB_RUN_ID && GITHUB_REPOSITORY) {
    const attempt = GITHUB_RUN_ATTEMPT ? `/attempts/${GITHUB_RUN_ATTEMPT}` : '';
    return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}${attempt}`;
  }
  return `a run outside GitHub Actions (pid ${process.pid})`;
}

/** A rotation marker, as read back. */
interface Marker {
  /** The version the rotation started from (0: the secret did not exist). NaN when unreadable. */
  from: number;
  run: string;
  nonce: string;
  /** The rotation resumes (rotate); false for a single write (rotate-ssm). */
  resume: boolean;
  /** When Infisical last wrote it, epoch ms. */
  updatedAt: number;
}

/** A secret key Infisical accepts: no whitespace, no slash. */
export function infisicalKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  if (/[\s/]/.test(key)) return 'holds whitespace or a slash, which Infisical keys cannot';
  const longest = INFISICAL_KEY_MAX - MARKER_PREFIX.length;
  if (key.length > longest) {
    return `is longer than ${longest} characters (Infisical keys hold ${INFISICAL_KEY_MAX}, and keyturn's rotation marker ${MARKER_PREFIX}KEY adds ${MARKER_PREFIX.length})`;
  }
  return undefined;
}

export class InfisicalStore implements Store {
  readonly kind = 'infisical';
  private readonly options: InfisicalStoreOptions;
  private readonly api: SdkInternals;
  private readonly sdk: InfisicalSDK;
  private readonly runId: string;
  /** One login per store, shared by calls made at once (a plan asks many heads in parallel). */
  private loggingIn: Promise<void> | undefined;

  constructor(options: InfisicalStoreOptions) {
    this.options = options;
    this.runId = options.runId ?? 'a run outside GitHub Actions';
    this.sdk = new InfisicalSDK({ siteUrl: options.siteUrl });
    this.api = internalsOf(this.sdk);
    this.api.apiClient.request = boundedTransport(this.api.apiClient, options.timeoutMs ?? 15_000, () =>
      options.clock.now(),
    );
  }

  async read(name: string): Promise<StoredSecret | undefined> {
    const secret = await this.get(name, { withValue: true });
    return secret && this.stored(secret);
  }

  async head(name: string): Promise<StoredVersion | undefined> {
    const [current, marker] = await Promise.all([this.get(name, { withValue: false }), this.readMarker(name)]);
    return current && this.headOf(current, marker);
  }

  /** Every head of this folder from two listings (the folder, with values
   * hidden, and its marker folder) instead of two reads per secret. A name
   * the listing lacks is asked on its own: Infisical leaves out of a list
   * what the identity may not see, and only a read tells that from absent. */
  async heads(names: readonly string[]): Promise<ReadonlyMap<string, StoredVersion | undefined>> {
    const [listed, markers] = await Promise.all([
      this.list(this.options.location.secretPath, false),
      this.list(this.markerPath(), true),
    ]);
    const result = new Map<string, StoredVersion | undefined>();
    const missing: string[] = [];
    for (const name of names) {
      const current = listed.get(name);
      if (!current) {
        missing.push(name);
        continue;
      }
      const raw = markers.get(`${MARKER_PREFIX}${name}`);
      result.set(name, this.headOf(current, raw && this.parseMarker(raw)));
    }
    for (const name of missing) result.set(name, await this.head(name));
    return result;
  }

  async previous(name: string): Promise<StoredVersion | undefined> {
    const before = await this.versionBefore(name);
    if (before === undefined) return undefined;
    const prior = await this.get(name, { withValue: false, version: before });
    return prior && { version: String(prior.version), updatedAt: Date.parse(prior.updatedAt) };
  }

  async readPrevious(name: string): Promise<StoredSecret | undefined> {
    const before = await this.versionBefore(name);
    if (before === undefined) return undefined;
    const prior = await this.get(name, { withValue: true, version: before });
    return prior && this.stored(prior);
  }

  async checkWritable(): Promise<void> {
    await this.login();
  }

  async write(name: string, value: string, options: StoreWriteOptions = {}): Promise<StoreWriteResult> {
    this.options.secrets.mask(value);
    const before = await this.get(name, { withValue: false });
    const from = before?.version ?? 0;
    const expected = options.expectedVersion;
    if (expected !== undefined && (before ? String(before.version) : null) !== expected) {
      throw new CheckFailedError(
        `another rotation of Infisical secret ${name} wrote version ${before?.version ?? '(deleted)'} since this run ` +
          `read ${expected === null ? 'that it did not exist' : `version ${expected}`}; this run wrote nothing. ` +
          'Run again, if a rotation is still due',
      );
    }
    // The marker first: of two rotations started together, one creates it.
    const nonce = await this.acquire(name, from, options.pending === true);
    let written: { secret: RawSecret };
    let previousVersion: number | undefined;
    try {
      ({ written, previousVersion } = await this.writeValue(name, value, from));
    } catch (error) {
      // A write that did not land leaves no marker behind to block the next
      // run. One that may have landed (no answer, and the service cannot
      // tell now) keeps it: the next head tells which (pending, or stale).
      const latest = await this.get(name, { withValue: false }).then(
        (found) => ({ version: found?.version ?? 0 }),
        () => undefined,
      );
      if (latest?.version === from) await this.release(name).catch(() => undefined);
      throw error;
    }
    // A run that took the marker over as stale (this one stalled past
    // STALE_MARKER_MS) is rotating now: this run's value is not the one to keep.
    const marker = await this.readMarker(name);
    if (marker?.nonce !== nonce) {
      throw new CheckFailedError(
        `another rotation of Infisical secret ${name} took over its rotation marker (${this.describeMarker(marker)}) ` +
          `while this run wrote version ${written.secret.version}; this run stops before any consumer. ` +
          'Run again once it has finished, if a rotation is still due',
      );
    }
    // Writers outside keyturn take no marker: the latest version is current.
    const after = await this.get(name, { withValue: false });
    if (after && after.version !== written.secret.version) {
      throw new CheckFailedError(
        `another rotation wrote version ${after.version} of Infisical secret ${name} after this run wrote version ` +
          `${written.secret.version}; this run stops before any consumer, so the other rotation's value stays the one ` +
          'in use. Run again once it has finished, if a rotation is still due',
      );
    }
    if (!options.pending) {
      await this.release(name).catch((error: unknown) => {
        throw new UpstreamError(
          `version ${written.secret.version} of Infisical secret ${name} is stored and current; only its rotation ` +
            `marker could not be deleted (${errorMessage(error)}): the next write takes it over`,
          { service: INFISICAL_SERVICE, retryable: false },
        );
      });
    }
    return {
      version: String(written.secret.version),
      ...(previousVersion === undefined ? {} : { previousVersion: String(previousVersion) }),
    };
  }

  /** The rotation finished: its marker goes. A marker from a later rotation
   * (started from `version` or after it) is that rotation's, and stays. */
  async settle(name: string, version: string): Promise<void> {
    const marker = await this.readMarker(name);
    if (marker && marker.from < Number(version)) await this.release(name);
  }

  async rollback(name: string): Promise<StoreRollbackResult> {
    const current = await this.get(name, { withValue: false });
    if (!current)
      throw new CheckFailedError(`Infisical secret ${name} does not exist, so there is nothing to roll back`);
    // An unfinished rotation is undone: its marker names the version it replaced.
    const marker = await this.readMarker(name);
    const unfinished = marker !== undefined && marker.from < current.version;
    const before = unfinished ? marker.from : current.version - 1;
    if (before < 1) {
      throw new CheckFailedError(`Infisical secret ${name} has a single version, so there is nothing to roll back to`);
    }
    const prior = await this.get(name, { withValue: true, version: before });
    if (!prior) throw new CheckFailedError(`version ${before} of Infisical secret ${name} is gone`);
    const restored = this.stored(prior);
    // A rollback is a write: it takes the marker (or keeps the unfinished rotation's, which it ends).
    if (!unfinished) await this.acquire(name, current.version, false);
    let written: { secret: RawSecret };
    try {
      written = await this.call(`writing ${name}`, async () => ({
        secret: secretOf(
          await this.api.secretsApi.updateSecret(name, {
            ...this.locationBody(),
            secretValue: restored.value,
            type: 'shared',
          }),
          `writing ${name}`,
        ),
      }));
    } catch (error) {
      if (!unfinished) {
        const latest = await this.get(name, { withValue: false }).catch(() => undefined);
        if (latest?.version === current.version) await this.release(name).catch(() => undefined);
      }
      throw error;
    }
    await this.release(name);
    return {
      value: restored.value,
      version: String(written.secret.version),
      updatedAt: Date.parse(written.secret.updatedAt) || this.options.clock.now(),
      previousVersion: String(current.version),
      restoredVersion: String(prior.version),
    };
  }

  /** The version the current one replaced: the marker's while a rotation is unfinished. */
  private async versionBefore(name: string): Promise<number | undefined> {
    const [current, marker] = await Promise.all([this.get(name, { withValue: false }), this.readMarker(name)]);
    if (!current) return undefined;
    const before = marker && marker.from < current.version ? marker.from : current.version - 1;
    return before >= 1 ? before : undefined;
  }

  private headOf(current: RawSecret, marker: Marker | undefined): StoredVersion {
    const pending = marker?.resume === true && marker.from < current.version;
    return {
      version: String(current.version),
      updatedAt: Date.parse(current.updatedAt),
      ...(pending ? { pending: true } : {}),
    };
  }

  /**
   * The value write, after the marker: each attempt looks again, because a
   * write whose answer was lost (timeout, reset) may have been applied, and
   * writing it again would make a second version of the same value, so
   * previous() and rollback() would restore the new value.
   */
  private async writeValue(
    name: string,
    value: string,
    from: number,
  ): Promise<{ written: { secret: RawSecret }; previousVersion: number | undefined }> {
    let firstSeen: { secret: RawSecret | undefined } | undefined;
    let previousVersion: number | undefined;
    const written = await this.call(`writing ${name}`, async () => {
      const retrying = firstSeen !== undefined;
      const latest = await this.fetchSecret(name, { withValue: retrying });
      if (firstSeen === undefined) {
        firstSeen = { secret: latest };
        // A rotation that finished between this run's read and its marker: it
        // replaced the version this one started from, so this one is not due.
        if ((latest?.version ?? 0) !== from) {
          await this.release(name).catch(() => undefined);
          throw new CheckFailedError(
            `another rotation wrote version ${latest?.version} of Infisical secret ${name} while this run started ` +
              `from version ${from}; this run wrote nothing. Run again, if a rotation is still due`,
          );
        }
      } else if (latest) {
        this.options.secrets.mask(latest.secretValue);
        const before = firstSeen.secret?.version ?? 0;
        if (latest.version > before && latest.secretValue === value) {
          previousVersion = firstSeen.secret?.version;
          return { secret: latest };
        }
      }
      previousVersion = latest?.version;
      const body = { ...this.locationBody(), secretValue: value, type: 'shared' };
      const answer = await (latest
        ? this.api.secretsApi.updateSecret(name, body)
        : this.api.secretsApi.createSecret(name, body));
      return { secret: secretOf(answer, `writing ${name}`) };
    });
    return { written, previousVersion };
  }

  /**
   * Creates this run's marker (the compare-and-set), or fails naming the run
   * that holds it. A marker whose value write never happened and that is
   * older than STALE_MARKER_MS, or a single write's marker whose write is
   * done (its run died before deleting it), is deleted and taken over.
   * Returns this run's nonce: a create whose answer was lost is recognised by it.
   */
  private async acquire(name: string, from: number, resume: boolean): Promise<string> {
    const nonce = randomUUID();
    const body = JSON.stringify({
      keyturn: 'rotation marker: no secret here; deleted when the rotation finishes',
      secret: name,
      from,
      run: this.runId,
      nonce,
      resume,
      at: new Date(this.options.clock.now()).toISOString(),
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      let created: boolean;
      try {
        created = await this.createMarker(name, body);
      } catch (error) {
        // A create whose answer never came may have made the marker: this run's, so it goes.
        const held = await this.readMarker(name).catch(() => undefined);
        if (held?.nonce === nonce) await this.release(name).catch(() => undefined);
        throw error;
      }
      if (created) return nonce;
      const held = await this.readMarker(name);
      if (!held) continue; // settled meanwhile: try once more
      if (held.nonce === nonce) return nonce; // this run's create, whose answer was lost
      const writeNeverHappened = !(held.from < from);
      const singleWriteDone = !held.resume && held.from < from;
      const stale = this.options.clock.now() - held.updatedAt >= STALE_MARKER_MS;
      if (attempt === 0 && ((writeNeverHappened && stale) || singleWriteDone)) {
        await this.release(name);
        continue;
      }
      throw this.heldError(name, held, from);
    }
    throw new CheckFailedError(
      `another rotation of Infisical secret ${name} took its rotation marker first; this run wrote nothing. ` +
        'Run again once it has finished, if a rotation is still due',
    );
  }

  private heldError(name: string, held: Marker, from: number): CheckFailedError {
    const where = `${this.markerPath()}/${MARKER_PREFIX}${name}`;
    if (held.resume && held.from < from) {
      return new CheckFailedError(
        `version ${from} of Infisical secret ${name} was stored by a rotation that has not finished ` +
          `(${this.describeMarker(held)}); this run wrote nothing. Run keyturn rotate for this secret: it resumes ` +
          `with that value (or roll back, which ends it). The marker is ${where}`,
      );
    }
    const until = new Date(held.updatedAt + STALE_MARKER_MS).toISOString();
    return new CheckFailedError(
      `another rotation of Infisical secret ${name} is in flight (${this.describeMarker(held)}); this run wrote ` +
        `nothing and stops, so that rotation's value is the one consumers get. If that run is gone, its marker ` +
        `${where} is taken over by the first run after ${until} (or delete it by hand)`,
    );
  }

  private describeMarker(marker: Marker | undefined): string {
    if (!marker) return 'its marker is gone';
    const since = Number.isFinite(marker.updatedAt) ? `, since ${new Date(marker.updatedAt).toISOString()}` : '';
    return `run ${upstreamText(marker.run, 160)}${since}`;
  }

  /** True when this call created the marker; false when the key exists. */
  private async createMarker(name: string, body: string): Promise<boolean> {
    const key = `${MARKER_PREFIX}${name}`;
    const create = () =>
      this.api.secretsApi.createSecret(key, { ...this.markerBody(), secretValue: body, type: 'shared' });
    try {
      await this.call(`creating the rotation marker of ${name}`, async () => {
        try {
          return await create();
        } catch (error) {
          // The marker folder is made on first use (idempotent at Infisical).
          if (!isFolderMissing(error)) throw error;
          const { projectId, environment, secretPath } = this.options.location;
          await this.api.foldersApi.create({
            workspaceId: projectId,
            environment,
            path: secretPath,
            name: ROTATION_FOLDER,
          });
          return create();
        }
      });
      return true;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 400 && /already exist/i.test(error.message)) return false;
      throw error;
    }
  }

  private async readMarker(name: string): Promise<Marker | undefined> {
    const raw = await this.call(`reading the rotation marker of ${name}`, async () => {
      try {
        const answer = await this.api.secretsApi.getSecret({
          secretName: `${MARKER_PREFIX}${name}`,
          ...this.markerBody(),
          type: 'shared',
          expandSecretReferences: 'false',
          viewSecretValue: 'true',
        });
        return secretOf(answer, `reading the rotation marker of ${name}`);
      } catch (error) {
        // No marker folder, or no marker in it: no rotation in flight.
        if (error instanceof InfisicalHttpError && error.status === 404) return undefined;
        throw error;
      }
    });
    return raw && this.parseMarker(raw);
  }

  private parseMarker(raw: RawSecret): Marker {
    let parsed: Record<string, unknown> = {};
    try {
      const value: unknown = JSON.parse(raw.secretValue);
      if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
    } catch {
      // Not keyturn's: a marker nobody can resume, taken over once stale.
    }
    return {
      from: typeof parsed.from === 'number' ? parsed.from : Number.NaN,
      run: typeof parsed.run === 'string' ? parsed.run : 'an unknown writer',
      nonce: typeof parsed.nonce === 'string' ? parsed.nonce : '',
      resume: parsed.resume === true,
      updatedAt: Date.parse(raw.updatedAt),
    };
  }

  /** Deletes the marker; one already gone is fine. */
  private async release(name: string): Promise<void> {
    await this.call(`deleting the rotation marker of ${name}`, async () => {
      try {
        await this.api.secretsApi.deleteSecret(`${MARKER_PREFIX}${name}`, { ...this.markerBody(), type: 'shared' });
      } catch (error) {
        if (!(error instanceof InfisicalHttpError && error.status === 404)) throw error;
      }
    });
  }

  /** The shared secrets of a folder by key, from one listing; a missing folder lists nothing. */
  private async list(secretPath: string, withValue: boolean): Promise<Map<string, RawSecret>> {
    const { projectId, environment } = this.options.location;
    const answer = await this.call(`listing ${secretPath}`, () =>
      this.api.secretsApi.listSecrets({
        workspaceId: projectId,
        environment,
        secretPath,
        viewSecretValue: String(withValue),
        expandSecretReferences: 'false',
        include_imports: 'false',
        recursive: 'false',
      }),
    );
    const secrets = Array.isArray(answer?.secrets) ? answer.secrets : [];
    return new Map(
      secrets
        .filter((secret) => (secret.type ?? 'shared') === 'shared' && typeof secret.secretKey === 'string')
        .map((secret) => [secret.secretKey, secret]),
    );
  }

  private markerPath(): string {
    const path = this.options.location.secretPath.replace(/\/+$/, '');
    return `${path}/${ROTATION_FOLDER}`;
  }

  private markerBody() {
    const { projectId, environment } = this.options.location;
    return { workspaceId: projectId, environment, secretPath: this.markerPath() };
  }

  private stored(secret: RawSecret): StoredSecret {
    this.options.secrets.mask(secret.secretValue);
    return { value: secret.secretValue, version: String(secret.version), updatedAt: Date.parse(secret.updatedAt) };
  }

  private locationBody() {
    const { projectId, environment, secretPath } = this.options.location;
    return { workspaceId: projectId, environment, secretPath };
  }

  private login(): Promise<void> {
    this.loggingIn ??= this.logInOnce().catch((error: unknown) => {
      this.loggingIn = undefined; // a failed login is tried again by the next call
      throw error;
    });
    return this.loggingIn;
  }

  private async logInOnce(): Promise<void> {
    const { auth } = this.options;
    let token: string;
    if ('accessToken' in auth) token = auth.accessToken;
    else {
      const answer = await this.retrying('logging in with universal auth', () =>
        this.api.authApi.universalAuthLogin({ clientId: auth.clientId, clientSecret: auth.clientSecret }),
      );
      token = answer.accessToken;
    }
    this.options.secrets.mask(token);
    this.sdk.auth().accessToken(token);
  }

  private async get(name: string, options: { withValue: boolean; version?: number }): Promise<RawSecret | undefined> {
    return this.call(`reading ${name}`, () => this.fetchSecret(name, options));
  }

  /** One attempt, without retry: the caller's retry decides. */
  private async fetchSecret(
    name: string,
    options: { withValue: boolean; version?: number },
  ): Promise<RawSecret | undefined> {
    try {
      const answer = await this.api.secretsApi.getSecret({
        secretName: name,
        ...this.locationBody(),
        type: 'shared',
        expandSecretReferences: 'false',
        viewSecretValue: String(options.withValue),
        ...(options.version === undefined ? {} : { version: options.version }),
      });
      return secretOf(answer, `reading ${name}`);
    } catch (error) {
      // A missing secret is a first rotation; a missing project, environment or folder is not.
      if (error instanceof InfisicalHttpError && error.status === 404 && /^secret/i.test(error.serverMessage)) {
        return undefined;
      }
      throw error;
    }
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    await this.login();
    return this.retrying(what, operation);
  }

  private retrying<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await operation();
        } catch (error) {
          if (error instanceof CheckFailedError) throw error;
          throw mapInfisicalError(error, what);
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

/** The secret in a 2xx answer; an answer without one is Infisical's fault, named, never a TypeError. */
function secretOf(answer: unknown, what: string): RawSecret {
  const secret = (answer as { secret?: Partial<RawSecret> } | undefined)?.secret;
  if (typeof secret !== 'object' || secret === null || typeof secret.version !== 'number') {
    throw new UpstreamError(`${what}: Infisical answered 2xx without the secret (no secret.version)`, {
      service: INFISICAL_SERVICE,
      retryable: false,
    });
  }
  return secret as RawSecret;
}

function isFolderMissing(error: unknown): boolean {
  return error instanceof InfisicalHttpError && error.status === 404 && /^folder/i.test(error.serverMessage);
}
