import type { ActionContext, Destination } from '@keyturn/core';
import { createGitHubClient } from '@keyturn/core/adapters/github-client';
import { GitHubSecretsDestination } from '@keyturn/core/adapters/github-secrets';
import { HerokuConfigDestination } from '@keyturn/core/adapters/heroku';
import type { PropagateConfig } from './config';

export interface DestinationTuning {
  /** GitHub write pacing; tests and benchmarks change it, runs keep GitHub's. */
  githubWritePace?: { writes: number; perMs: number } | false;
}

/** The real destinations, each built only when a target needs it. */
export function realDestinations(
  config: PropagateConfig,
  context: ActionContext,
  tuning: DestinationTuning = {},
): Destination[] {
  const destinations: Destination[] = [];
  const log = (message: string) => context.runner.info(message);
  if (config.githubToken !== undefined) {
    const client = createGitHubClient({
      token: config.githubToken,
      baseUrl: config.githubApiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log,
      concurrency: config.concurrency,
      ...(tuning.githubWritePace === undefined ? {} : { writePace: tuning.githubWritePace }),
    });
    destinations.push(new GitHubSecretsDestination(client, { notice: (message) => context.runner.warning(message) }));
  }
  if (config.herokuApiKey !== undefined) {
    destinations.push(
      new HerokuConfigDestination({
        apiKey: config.herokuApiKey,
        baseUrl: config.herokuApiUrl,
        clock: context.clock,
        sleep: context.sleep,
        log,
      }),
    );
  }
  return destinations;
}
