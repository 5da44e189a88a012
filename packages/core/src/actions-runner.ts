import { appendFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { Runner } from './runner';

/** The Runner over the real runtime: workflow commands on stdout and the
 * runner's file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). */
export function createActionsRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    isDebug: () => core.isDebug(),
    appendSummary: async (markdown) => {
      const path = env.GITHUB_STEP_SUMMARY;
      // Outside a runner (the CLI, a local try) the summary goes to the log.
      if (path) appendFileSync(path, `${markdown}\n`);
      else core.info(markdown);
    },
    setFailed: (message) => core.setFailed(message),
    env,
  };
}
