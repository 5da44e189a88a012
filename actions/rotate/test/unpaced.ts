import { openDestinations } from '@keyturn/core/adapters/destinations';
import { mainWith, realDeps } from '../src/main';

/** rotate on its real dependencies with GitHub's write pace off: a test
 * sends a handful of writes and has no minute to wait between them. */
export const unpacedMain = mainWith({
  ...realDeps,
  openDestinations: (settings, context, concurrency) =>
    openDestinations(settings, context, { concurrency, githubWritePace: false }),
});
