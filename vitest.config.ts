import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // Its maps point at sources the package does not ship: vite warns once per file.
      name: 'drop-workflow-parser-source-maps',
      enforce: 'pre',
      load(id) {
        if (!id.includes('/node_modules/@actions/') || !id.endsWith('.js')) return null;
        return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      },
    },
  ],
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'actions/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Tests start local servers and child processes: keep the 2-core CI calm.
    maxWorkers: 2,
    testTimeout: 20_000,
    // @actions/workflow-parser imports its schema JSON without `with { type: 'json' }`,
    // which Node refuses: let vite transform it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    reporters: ['default', './scripts/count-reporter.ts'],
  },
});
