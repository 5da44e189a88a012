import type { InputReader } from '@keyturn/core';
import { readStoreCredentials, type StoreCredentials } from '@keyturn/core/adapters/manifest-stores';
import { DEFAULT_MANIFEST } from '@keyturn/core/manifest';

/** GitHub's limit on the jobs one matrix may make. */
export const MATRIX_MAX_JOBS = 256;

export interface PlanConfig {
  manifest: string;
  only: string | undefined;
  force: boolean;
  batchSize: number;
  dryRun: boolean;
  credentials: StoreCredentials;
  /** Heads asked of the stores at once. */
  concurrency: number;
}

export function readPlanConfig(inputs: InputReader): Readonly<PlanConfig> {
  const credentials = readStoreCredentials(inputs);
  return Object.freeze({
    manifest: inputs.string('manifest', DEFAULT_MANIFEST),
    only: inputs.string('only') || undefined,
    force: inputs.boolean('force', false),
    batchSize: inputs.integer('batch-size', MATRIX_MAX_JOBS, { min: 1, max: MATRIX_MAX_JOBS }),
    dryRun: inputs.boolean('dry-run', false),
    credentials,
    concurrency: 8,
  });
}
