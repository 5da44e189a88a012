import type { Clock, Sleep } from './clock';
import type { RetryPolicy } from './retry';
import type { Target } from './targets';

/**
 * The ports the service adapters implement. Logic depends on these; the SSM,
 * Infisical, GitHub and Heroku adapters live in ./adapters (imported by
 * subpath, so a bundle carries only the SDKs it uses), and adding a service
 * is one adapter behind one of these interfaces.
 */

/** A version of a secret, without its value. */
export interface StoredVersion {
  version: string;
  /** When this version was written, epoch ms. */
  updatedAt: number;
  /** True when a rotation wrote this version as current and has not
   * finished yet (targets, proofs): the next plan resumes it with this value.
   * Stores that cannot mark versions leave it undefined (Infisical marks it
   * with a marker secret of its own). */
  pending?: boolean;
  /** When the rotation that wrote this version finished with a grace period
   * (epoch ms): its old value is still at the targets' `NAME_PREVIOUS`
   * companions until a later run, past the grace, removes them. Read from the
   * store's own mark (`openGrace`), so it survives runners. */
  graceSince?: number;
}

export interface StoreWriteOptions {
  /** Mark the new version as a rotation in flight until `settle` (rotate). */
  pending?: boolean;
  /** The current version the caller decided to rotate from (`head` before
   * its checks; `null`: the secret did not exist). The write refuses, before
   * writing, when another rotation moved current since: two staggered runs
   * do not both rotate. */
  expectedVersion?: string | null;
}

/** One version of a secret held by a store, with its value. */
export interface StoredSecret extends StoredVersion {
  /** Masked by the store before it is returned. */
  value: string;
}

export interface StoreWriteResult {
  version: string;
  /** The version that was current before, now kept as the previous one. */
  previousVersion?: string;
}

export interface StoreRollbackResult extends StoredSecret {
  /** The version that was current before the rollback, now the previous one. */
  previousVersion: string;
  /** The older version whose value was made current again. */
  restoredVersion: string;
}

/** What every Store adapter is built with, besides its own location and
 * auth: masking for what it reads, and the injected time its retries use. */
export interface StoreAdapterDeps {
  /** Registers every value (and token) read so it is masked at once. */
  secrets: { mask(value: string): string };
  clock: Clock;
  sleep: Sleep;
  retry?: RetryPolicy;
  random?: () => number;
  /** Told before each retry wait, for a log line. */
  onRetry?: (message: string) => void;
}

/**
 * A secret store that keeps versions. "Current" is the version consumers
 * should use (SSM: labelled `current`; Infisical: the latest); "previous" is
 * the one it replaced (SSM: labelled `previous`; Infisical: the prior
 * version), kept so a rotation can be undone.
 */
export interface Store {
  /** The store's name for reports: "ssm", "infisical". */
  readonly kind: string;
  /** The current version, or undefined when the secret does not exist yet. */
  read(name: string): Promise<StoredSecret | undefined>;
  /** The current version's number and age, without reading (or decrypting)
   * its value: enough for a max-age decision or a plan. */
  head(name: string): Promise<StoredVersion | undefined>;
  /** `head` of many secrets of this store at once, where the store can list
   * a location in fewer requests than one per secret (Infisical: a folder).
   * Answers every name asked; plan prefers it to `head`. */
  heads?(names: readonly string[]): Promise<ReadonlyMap<string, StoredVersion | undefined>>;
  /** The version a rollback would restore (no value), or undefined when there is none. */
  previous(name: string): Promise<StoredVersion | undefined>;
  /** Fails, before anything is written, when the store would refuse a write
   * (wrong parameter type, a version limit held by a label…). */
  checkWritable(name: string): Promise<void>;
  /** Writes a new current version; the replaced one stays retrievable. */
  write(name: string, value: string, options?: StoreWriteOptions): Promise<StoreWriteResult>;
  /** The previous version with its value (masked), for proofs that the old value is refused. */
  readPrevious?(name: string): Promise<StoredSecret | undefined>;
  /** Clears the in-flight mark `write(…, { pending: true })` set: the rotation finished. */
  settle?(name: string, version: string): Promise<void>;
  /** Marks `version` (the current one) as having a grace window open since
   * `since`: an SSM label / a Secrets Manager staging label
   * `grace-since-YYYYMMDDTHHMMSSZ`. A grace mark on any other version goes,
   * so one window is open at a time. Idempotent. Stores without it cannot
   * hold a grace (the manifest refuses grace there). */
  openGrace?(name: string, version: string, since: number): Promise<void>;
  /** Clears every grace mark: the companions are gone. Idempotent. */
  closeGrace?(name: string): Promise<void>;
  /** Writes the previous version's value as a new current version. */
  rollback(name: string): Promise<StoreRollbackResult>;
}

export type PropagationOutcome = 'updated' | 'unchanged' | 'unchanged-in-dry-run' | 'failed';

/**
 * Where a value is pushed (GitHub secrets, Heroku config vars). Each target
 * succeeds or fails on its own, so one bad line never stops the others: both
 * methods take one target, and may be called concurrently for many.
 */
export interface Destination {
  /** Whether this adapter serves the target's kind. */
  handles(target: Target): boolean;
  /** Reads what a write needs (a scope's public key, an org secret's
   * visibility) and checks access, without changing anything: a dry run stops
   * here. Reads shared by several targets are made once per run. */
  prepare(target: Target): Promise<void>;
  /** Writes the value (preparing first when not done yet). */
  write(target: Target, value: string): Promise<void>;
  /** Whether the target already holds `value`, where the service lets
   * keyturn tell without keeping it (Heroku, Fly config). Absent where it
   * cannot (GitHub secrets are write-only): those are always written. */
  holds?(target: Target, value: string): Promise<boolean>;
  /** Removes the secret at the target (a grace period's `NAME_PREVIOUS`
   * companion, a target dropped from the manifest). `absent` when nothing
   * was there: a re-run after a partial clean-up recognises what is gone.
   * Prepare first: a place out of reach fails there, so an answer that the
   * secret is missing means it is gone. */
  delete?(target: Target): Promise<DeleteOutcome>;
  /** Where a service limits several writes together (Heroku: all of an
   * app's config vars ≤ 32 KB), the problem with making all of `writes`,
   * from what prepare read; undefined when they fit. Nothing is sent. */
  writesProblem?(writes: readonly { target: Target; value: string }[]): Promise<string | undefined>;
}

export type DeleteOutcome = 'deleted' | 'absent';

export interface VerifyResult {
  ok: boolean;
  /** The last HTTP status seen, when any answer came. */
  status?: number;
  attempts: number;
  elapsedMs: number;
  /** Why the last attempt did not satisfy the expectation. */
  reason?: string;
}

export interface Verifier {
  check(credential: string | undefined): Promise<VerifyResult>;
}
