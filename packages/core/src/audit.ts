import { appendFile } from 'node:fs/promises';
import type { SecretRegistry } from './secrets';

/**
 * The audit trail: one JSON object per line, appended, never rewritten, so a
 * workflow can upload it as an artifact or ship it to a log store. Events name
 * secrets, versions and targets; they never hold a value, and each line is
 * scrubbed through the secret registry before it is written as a last guard.
 */
export type AuditEventName =
  | 'secret.rotate.completed'
  | 'secret.rotate.failed'
  | 'secret.rotate.skipped'
  /** A grace window closed: its NAME_PREVIOUS companions deleted, the old value retired where asked. */
  | 'secret.grace.finished'
  /** Targets the manifest no longer lists, deleted by rotate's prune. */
  | 'secret.targets.pruned'
  | 'secret.propagate.completed'
  | 'secret.propagate.failed'
  | 'secret.verify.completed'
  | 'secret.verify.failed'
  | 'token.revoked'
  | 'secret.expiry.checked'
  | 'image.audit.completed'
  | 'rotation.plan.completed';

/** Who and where, from the runner's environment. */
export interface AuditContext {
  actor: string | undefined;
  repository: string | undefined;
  workflow: string | undefined;
  run_url: string | undefined;
}

export interface AuditEvent {
  event: AuditEventName;
  action: string;
  secret_name?: string;
  store?: string;
  version?: string;
  previous_version?: string;
  targets?: readonly string[];
  outcome: 'success' | 'failure' | 'skipped';
  reason?: string;
  [detail: string]: unknown;
}

export function auditContextFromEnv(env: Readonly<Record<string, string | undefined>>): AuditContext {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` +
        (env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '')
      : undefined;
  return {
    actor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? env.USER,
    repository: env.GITHUB_REPOSITORY,
    workflow: env.GITHUB_WORKFLOW,
    run_url: runUrl,
  };
}

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
}

export function createAuditLog(
  path: string,
  context: AuditContext,
  secrets: SecretRegistry,
  now: () => number,
): AuditLog {
  return {
    async append(event) {
      const record = { time: new Date(now()).toISOString(), ...context, ...event };
      await appendFile(path, `${secrets.redact(JSON.stringify(record))}\n`, 'utf8');
    },
  };
}
