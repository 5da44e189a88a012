/**
 * @keyturn/image-audit: finds secrets in a saved container image. The
 * public API is small: audit an archive, then render what was found.
 * See README.md for the stages and the threads.
 */
export { type AuditOptions, type AuditReport, type AuditStats, auditArchive } from './audit';
export type { Finding, FindingState } from './model/findings';
export type { ThirdParty } from './model/third-party';
export { DEFAULT_LIMITS, type Limits, parseByteSize } from './read/limits';
export { shownText } from './report/escape';
export { failureMessage, logLines, ownerFindings, reportJson, sarifOf, summaryOf, TOOL_VERSION } from './report/index';
export { type PreparedRules, prepareRules } from './rules';
export { type Allowlist, EMPTY_ALLOWLIST, fingerprintOf, parseAllowlist } from './scan/allowlist';
export { sha256Hex } from './scan/redact';
export { RuleConfigError } from './scan/rules/gitleaks';
export type { Severity } from './scan/rules/types';
export type { WorkerThreads } from './scan/scan-pool';
export { isImageAuditWorker, runImageAuditWorker } from './workers/dispatch';
export { prestartAuditThreads, workerCount } from './workers/threads';
