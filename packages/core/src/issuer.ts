import type { StoredSecret } from './ports';

/**
 * The issuer port: the credential's own source (a database role, an IAM
 * user, GitHub for a PAT). `rotate` runs an entry's issuer as its "issue"
 * stage, in SPEC's order:
 *
 *   check → issue → (store, targets) → proveNew → retire → proveRetired
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
   * Reads and checks what issuing needs (connection, permissions, the current
   * credential still works) without changing anything. A dry run stops here;
   * a failure here means nothing was changed.
   */
  check(current: StoredSecret | undefined): Promise<void>;
  /**
   * Makes the new credential at its source, given the current one (undefined
   * on first rotation), and returns the value to store. Must be safe to call
   * again for the same `current`: rotate calls it once per rotation, and a
   * rotation resumed after the store write never calls it again (the stored
   * value is reused), so an issuer never mints twice for one store version.
   */
  issue(current: StoredSecret | undefined): Promise<IssuedValue>;
  /** Proves the new value is accepted at the source (SELECT 1, STS, GET /user). Retried by the issuer within its own bound. */
  proveNew(value: string): Promise<void>;
  /**
   * Retires the old value: revoke, deactivate then delete after `graceMs`,
   * or nothing (alternate roles). Called only after the new value is stored,
   * at every target and proven. Safe to call again (already retired = done).
   */
  retire(old: StoredSecret, options: { graceMs: number | undefined }): Promise<RetireResult>;
  /** Proves the old value is refused (single-role postgres, github-pat 401). Absent when the kind cannot (alternate roles keep working by design). */
  proveRetired?(old: StoredSecret): Promise<void>;
}

export interface IssuedValue {
  /** The value to store (masked). */
  value: string;
  /** Names only, for the report and audit (the role switched to, the key id). */
  detail?: string;
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
  secrets: { mask(value: string): string };
  clock: { now(): number };
  sleep: (ms: number) => Promise<void>;
  log: { info(message: string): void; warning(message: string): void };
  dryRun: boolean;
}

/** One issuer kind: registered in ISSUERS, and nowhere else. */
export interface IssuerModule {
  readonly kind: string;
  /** Inputs the kind needs from the run (never from the manifest); `required` ones missing fail before any request. */
  readonly credentialInputs: readonly { input: string; required: boolean; fix: string }[];
  /** Semantic checks of `config` the JSON Schema cannot express; a problem is a sentence, the fix another. */
  check?(config: Readonly<Record<string, unknown>>): { field: string; problem: string; fix: string } | undefined;
  open(context: IssuerOpenContext): Issuer | Promise<Issuer>;
}

/**
 * The registered issuer kinds. The manifest schema (docs/rotation.schema.json)
 * knows the fields of postgres, aws-iam and github-pat; the code refuses a
 * kind that is not registered here with "not supported yet".
 */
export const ISSUERS: Readonly<Record<string, IssuerModule>> = {};
