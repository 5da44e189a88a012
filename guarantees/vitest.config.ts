import { defineConfig } from 'vitest/config';

/** The guarantee suites (README "Guarantees"): run by `.ci/run` through
 * `npm run guarantees`, each printing its one-line figure. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['guarantees/**/*.test.ts'],
    maxWorkers: 2,
    // Bundle runs mostly wait on their child process: several at once.
    maxConcurrency: 12,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // @keyturn/testkit carries the workflow harness, whose parser imports
    // JSON without an import attribute: vite transforms it, as in the root config.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    reporters: ['default', './scripts/count-reporter.ts'],
  },
});
