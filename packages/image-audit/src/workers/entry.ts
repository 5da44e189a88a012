// The file a worker thread runs from sources (tests, benches): Node strips
// the types, and `execArgv` (WorkerThreads) adds a resolver for the
// extensionless imports. A bundle is its own entry instead.
import { runImageAuditWorker } from './dispatch';

await runImageAuditWorker();
