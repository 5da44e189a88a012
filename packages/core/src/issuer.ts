import { ISSUER_MODULES } from './issuers/registry';
import type { StoredSecret } from './ports';

/**
 * The issuer port: the credential's own source (a database role, an IAM
 * user, GitHub for a PAT). `rotate` runs an entry's issuer around its store
 * write, in the four-step shape AWS's rotation functions use (create, set,
 * test, finish), with their known failures designed out:
 *
 *   check → issue → store (pending) → apply → proveNew → targets → retire → proveRetired
 *
 * - `issue` makes the value; where the source allows it (postgres) it changes
 *   nothing there yet, and `apply` does, after the store holds the value: a
 *   run that dies between the two loses nothing, and a resumed rotation calls
 *   `apply` again with the stored value (every step is idempotent).
 * - Where making the value is the change (IAM hands out a key's secret once),
 *   a store write that fails is followed by `discard`, so no orphan credential
 *   is left to block the next run (AWS's "pending version left attached").
 * - `proveNew` runs before any target is written and retries through the
 *   source's eventual consistency within its own bound, so no consumer is
 *   handed a credential its source does not accept yet.
 * - The old credential keeps working until everything before `retire`
 *   succeeded.
 *
 * An entry without `issuer:` generates its value instead and uses its
 * `verify` checks as proofs. Every value an issuer returns or is given is
 * already masked by the caller's SecretRegistry; an issuer masks anything
 * else it reads (an admin URL, a session token) the moment it reads it.
 */
export interface Issuer {
  /** The manifest's `issuer.kind`. */
  readonly kind: string;
  /**
   * Reads and checks what issuing needs (connection, permissions, the role or
   * user exists, the rules hold) without changing anything. A dry run stops
   * here; a failure here means nothing was changed.
   */
  check(
    current: StoredSecret | undefined,
    previous?: StoredSecret,
    options?: { resuming?: boolean },
  ): Promise<IssuerCheck | undefined>;
  /**
   * Makes the new credential, given the current one (undefined on first
   * rotation), and returns the value to store. A rotation resumed after the
   * store write never calls it again (the stored value is reused), so an
   * issuer never mints twice for one store version.
   */
  issue(current: StoredSecret | undefined, previous?: StoredSecret): Promise<IssuedValue>;
  /** Makes the source accept the issued value (postgres: ALTER ROLE). Called
   * after the store write and again on a resumed rotation; idempotent. */
  apply?(issued: IssuedValue, current: StoredSecret | undefined, previous?: StoredSecret): Promise<void>;
  /** Undoes an `issue` whose value the store could not take (aws-iam: deletes
   * the key it created). Safe to call when there is nothing to undo. */
  discard?(issued: IssuedValue): Promise<void>;
  /** Proves the new value is accepted at the source (SELECT 1, STS, GET /user),
   * retried by the issuer within its own bound. */
  proveNew(value: string): Promise<void>;
  /**
   * Retires the old value: revoke, deactivate (deleted after `graceMs`), or
   * keep. Called only after the new value is stored, at every target and
   * proven. Safe to call again (already retired = done).
   */
  retire(old: StoredSecret, options: RetireOptions): Promise<RetireResult>;
  /** True when `retire` runs on every rotation, not only with revoke-old
   * (aws-iam deactivates the old key each time; revoke-old deletes it at once). */
  readonly retiresOld?: boolean;
  /** Proves the old value is refused. Absent when the kind cannot (alternate
   * roles keep working by design). */
  proveRetired?(old: StoredSecret): Promise<void>;
  /** A later run, once the grace period passed: removes what `retire` kept
   * (aws-iam: deletes the deactivated key). Idempotent. */
  finishGrace?(old: StoredSecret): Promise<RetireResult>;
  /** When the credential in use was made at its source, epoch ms, where the
   * source says (an IAM key's CreateDate), read without any stored value:
   * plan prefers it to the store's age (IssuerModule.createdAt opens for it). */
  createdAt?(): Promise<number | undefined>;
  /** When the current credential expires at its source (a PAT's expiration
   * date), for rotate's check-expiry: read-only, changes nothing. */
  expiry?(current: StoredSecret): Promise<IssuerExpiry>;
}

export interface IssuerExpiry {
  /** Epoch ms; undefined when the credential does not expire. */
  expiresAt: number | undefined;
  /** Fewer days left than this fails the check (github-pat: min-days-left). */
  warnDays: number;
  /** What it is, without its value: "classic token of raxx-bot". */
  subject: string;
  /** What a person should do when it expires too soon. */
  fix: string;
}

export interface IssuerCheck {
  /** What `issue` would do, for a dry run's plan: "rotate role app_green (app_blue is in use)". */
  plan: string;
  /**
   * The store's current version already holds the credential this run would
   * issue (github-pat: new-token was stored by a run that stopped before it
   * finished, in a store with no pending mark, such as Infisical). rotate
   * then resumes instead of storing it again: no issue, no store write, and
   * the old credential is the store's previous version — never the current
   * one, which would revoke the new token.
   */
  alreadyStored?: boolean;
}

export interface IssuedValue {
  /** The value to store (masked). */
  value: string;
  /** Names only, for the report and audit (the role switched to, the key id). */
  detail?: string;
}

export interface RetireOptions {
  /** The entry's grace (ms), undefined without one. */
  graceMs: number | undefined;
  /** The run's revoke-old: remove the old credential at once. */
  revokeOld?: boolean;
}

export interface RetireResult {
  outcome: 'revoked' | 'deactivated' | 'kept' | 'already-retired';
  detail?: string;
}

/** What opening an issuer is given by rotate. */
export interface IssuerOpenContext {
  /** The manifest entry's `issuer` object as written (already schema-checked). */
  config: Readonly<Record<string, unknown>>;
  /** The entry's id, for messages: `secrets[2] (db-password)`. */
  entry: string;
  /** The run's secret inputs by name (`new-token`, `postgres-admin-url`), masked. Only the names in `credentialInputs`. */
  credentials: Readonly<Record<string, string | undefined>>;
  /** The process environment (AWS_ENDPOINT_URL_IAM, AWS_REGION…). */
  env?: Readonly<Record<string, string | undefined>>;
  secrets: { mask(value: string): string };
  clock: { now(): number };
  sleep: (ms: number) => Promise<void>;
  log: { info(message: string): void; warning(message: string): void };
  dryRun: boolean;
  /** The run retires the old credential (revoke-old): a kind that cannot says so in `check`. */
  retireOld?: boolean;
  /** A shorter deadline for each request to the issuer's service than its own
   * default (the fault suites' 1 s, so a hang ends quickly); unset in real runs. */
  requestTimeoutMs?: number;
}

export interface IssuerCredentialInput {
  input: string;
  required: boolean;
  /** Masked the moment it is read, and refused as a CLI flag. */
  secret: boolean;
  /** The action.yml description. */
  description: string;
  fix: string;
}

/** One issuer kind: registered in ISSUERS (./issuers/registry), and nowhere else. */
export interface IssuerModule {
  readonly kind: string;
  /** The manifest fields besides `kind`: any other is refused, naming the nearest. */
  readonly fields: readonly string[];
  /** Inputs the kind needs from the run (never from the manifest); `required` ones missing fail before any request. */
  readonly credentialInputs: readonly IssuerCredentialInput[];
  /** Semantic checks of `config` the JSON Schema cannot express; a problem is a sentence, the fix another. */
  check?(config: Readonly<Record<string, unknown>>): { field: string; problem: string; fix: string } | undefined;
  /**
   * Set when the new credential is made by a person (a GitHub PAT): an
   * unattended run cannot rotate it, so plan reports a due entry as
   * `needs-person` (with `fix`) instead of scheduling a job that must fail.
   */
  readonly madeByPerson?: { input: string; fix: string };
  /** The kind can report when the current credential expires (Issuer.expiry). */
  readonly expires?: boolean;
  /** Why an entry of this config cannot keep its old credential working for
   * a `grace` window (postgres single: ALTER ROLE refuses the old password at
   * once), as a problem and a fix; undefined when it can. */
  graceProblem?(config: Readonly<Record<string, unknown>>): { problem: string; fix: string } | undefined;
  open(context: IssuerOpenContext): Issuer | Promise<Issuer>;
  /** The credential's own age at its source (epoch ms of its creation), for
   * plan: asked with no stored value and no run credential (empty
   * `credentials`). Absent when the source does not say. */
  createdAt?(context: IssuerOpenContext): Promise<number | undefined>;
}

/**
 * The registered issuer kinds (./issuers/registry, one module each). The
 * manifest schema (docs/rotation.schema.json) knows the fields of postgres,
 * aws-iam and github-pat; the code refuses a kind that is not registered
 * with "not supported yet".
 */
export const ISSUERS: Readonly<Record<string, IssuerModule>> = ISSUER_MODULES;
