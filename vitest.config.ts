import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'actions/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Tests start local servers and child processes: keep the 2-core CI calm.
    maxWorkers: 2,
    testTimeout: 20_000,
    reporters: ['default', './scripts/count-reporter.ts'],
  },
});
