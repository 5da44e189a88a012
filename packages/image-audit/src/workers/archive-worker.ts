import { parentPort } from 'node:worker_threads';
import { errorMessage, InputError, KeyturnError } from '@keyturn/core';
import { type ArchiveOutcome, type ArchiveWorkerData, readArchiveHere } from '../read/reader-thread';

/**
 * The reader worker: decompresses and walks the archive, hands file windows
 * to the scan workers through the ring, and posts back what it learned (or
 * the error, with an InputError's parts kept so the user is told which
 * input to change).
 */
export async function runArchiveWorker({ path, options, channels }: ArchiveWorkerData): Promise<void> {
  let outcome: ArchiveOutcome;
  try {
    outcome = { read: await readArchiveHere(path, options, channels) };
  } catch (error) {
    outcome =
      error instanceof InputError
        ? { inputError: { input: error.input, problem: error.problem, fix: error.fix } }
        : {
            failure: {
              message: errorMessage(error),
              stack: error instanceof Error ? error.stack : undefined,
              ours: error instanceof KeyturnError,
            },
          };
  }
  parentPort?.postMessage(outcome);
}
