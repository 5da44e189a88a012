import type { ActionContext } from '@keyturn/core';
import { openDestinations } from '@keyturn/core/adapters/destinations';
import { createGitHubClient } from '@keyturn/core/adapters/github-client';
import { openStore } from '@keyturn/core/adapters/stores';
import { readPatConfig } from './config';
import { type PatDeps, runPat } from './rotate-pat';

/** The real dependencies: Octokit for GitHub, the store and destination adapters, fetch for the poll. */
export const realDeps: PatDeps = {
  github: (token, apiUrl, context) =>
    createGitHubClient({
      ...(token === undefined ? {} : { token }),
      baseUrl: apiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log: (message) => context.runner.info(message),
    }),
  fetch: (input, init) => globalThis.fetch(input, init),
  openStore,
  openDestinations: (settings, context, concurrency) => openDestinations(settings, context, { concurrency }),
};

/** rotate-pat with its real dependencies: the action's entry and the CLI run this. */
export const main = (context: ActionContext) =>
  runPat(context, readPatConfig(context.inputs, context.runner.env), realDeps);
