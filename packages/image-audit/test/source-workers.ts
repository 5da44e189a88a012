import { fileURLToPath } from 'node:url';

/**
 * The Node options a worker thread started from the sources needs: the
 * repository's resolver hook for extensionless imports, and the test
 * process's own type-stripping flag where it has one (Node 22 strips types
 * only when asked, and a worker given execArgv does not inherit it).
 */
export function sourceWorkerArgv(): string[] {
  return [
    ...process.execArgv.filter((arg) => arg === '--experimental-strip-types'),
    '--import',
    fileURLToPath(new URL('../../../scripts/register-ts.mjs', import.meta.url)),
  ];
}
