import { InputError, type InputReader } from '@keyturn/core';
import { readStoreCredentials, type StoreCredentials } from '@keyturn/core/adapters/manifest-stores';
import { DEFAULT_MANIFEST } from '@keyturn/core/manifest';

/** GitHub's limit on the jobs one matrix may make. */
export const MATRIX_MAX_JOBS = 256;

export interface PlanConfig {
  manifest: string;
  only: string | undefined;
  force: boolean;
  /** The matrix lists every entry whose stored credential expires at its source, for rotate check-expiry. */
  checkExpiry: boolean;
  batchSize: number;
  dryRun: boolean;
  credentials: StoreCredentials;
  /** Heads asked of the stores at once. */
  concurrency: number;
  /** An earlier run's audit log: where each secret's value went last time. */
  previousAuditLog: string | undefined;
}

export function readPlanConfig(inputs: InputReader): Readonly<PlanConfig> {
  const credentials = readStoreCredentials(inputs);
  const checkExpiry = inputs.boolean('check-expiry', false);
  if (checkExpiry && inputs.boolean('force', false)) {
    throw new InputError('force', 'is true with check-expiry: true', 'An expiry check rotates nothing: remove force.');
  }
  return Object.freeze({
    checkExpiry,
    manifest: inputs.string('manifest', DEFAULT_MANIFEST),
    only: inputs.string('only') || undefined,
    force: inputs.boolean('force', false),
    batchSize: inputs.integer('batch-size', MATRIX_MAX_JOBS, { min: 1, max: MATRIX_MAX_JOBS }),
    dryRun: inputs.boolean('dry-run', false),
    credentials,
    concurrency: 8,
    previousAuditLog: inputs.string('previous-audit-log') || undefined,
  });
}
