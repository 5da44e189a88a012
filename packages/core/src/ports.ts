import type { Target } from './targets';

/**
 * The ports the service adapters implement. Logic depends on these; the SSM,
 * Infisical, GitHub and Heroku adapters live beside the actions that need
 * them, and adding a service is one adapter behind one of these interfaces.
 */

/** One version of a secret held by a store. */
export interface StoredSecret {
  /** Masked by the store before it is returned. */
  value: string;
  version: string;
  /** When this version was written, epoch ms. */
  updatedAt: number;
}

export interface Store {
  /** The store's name for reports: "ssm", "infisical". */
  readonly kind: string;
  /** The current version, or undefined when the secret does not exist yet. */
  read(name: string): Promise<StoredSecret | undefined>;
  /** Writes a new current version; the replaced one stays retrievable. */
  write(name: string, value: string): Promise<{ version: string; previousVersion?: string }>;
  /** Makes the previous version current again; returns what is current now. */
  rollback(name: string): Promise<StoredSecret & { previousVersion: string }>;
}

export type PropagationOutcome = 'updated' | 'unchanged-in-dry-run' | 'failed';

export interface PropagationResult {
  target: string;
  outcome: PropagationOutcome;
  /** Why it failed; never holds a value. */
  reason?: string;
}

export interface Destination {
  /** Whether this adapter serves the target's kind. */
  handles(target: Target): boolean;
  /** Reads what is needed to write (keys, existing visibility) and checks access. */
  prepare(targets: readonly Target[]): Promise<void>;
  write(target: Target, value: string): Promise<void>;
}

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
