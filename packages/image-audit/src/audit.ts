import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { applyAllowlist, assembleFindings, type Finding, failing } from './model/findings';
import { type ArchiveModel, buildModel } from './model/image-model';
import { groupBySecret } from './model/secrets';
import { DEFAULT_LIMITS, type Limits } from './read/limits';
import { type ArchiveReadOptions, readArchiveHere, readArchiveInWorker } from './read/reader-thread';
import { type PreparedRules, prepareRules } from './rules';
import { type Allowlist, EMPTY_ALLOWLIST } from './scan/allowlist';
import { MetadataChecker, safeInstruction } from './scan/metadata';
import { SEVERITY_RANK, type Severity } from './scan/rules/types';
import type { WorkerThreads } from './scan/scan-pool';

export interface AuditOptions {
  /** Findings at or above this severity fail the check (default medium). */
  readonly failOn?: Severity;
  readonly allowlist?: Allowlist;
  /** From prepareRules; the built-in rules when absent. */
  readonly rules?: PreparedRules;
  readonly limits?: Partial<Limits>;
  /** Read on a worker thread and scan on more (see the README); absent, the
   * whole audit runs on the calling thread. */
  readonly workers?: WorkerThreads;
  /** The name the report uses; the archive's first tag, or its file name. */
  readonly imageName?: string;
  /** Third-party findings (package files, published examples) count toward
   * failOn at their rule's severity; by default they are reported at low,
   * apart, and never fail the check. */
  readonly countThirdParty?: boolean;
  /** Milliseconds, for the time the report states. */
  readonly now?: () => number;
  /** Called about four times a second while the archive is read, with the
   * archive's bytes read so far and its size (a terminal's progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY_MS = 250;

export interface AuditStats {
  readonly layers: number;
  readonly files: number;
  /** Uncompressed bytes read. */
  readonly bytes: number;
  readonly seconds: number;
  /** Worker threads that scanned (0: the reading thread did). */
  readonly scanWorkers: number;
}

/** What one audit found, ready for the report stage (report/). */
export interface AuditReport {
  /** One finding per secret (its other places in `locations`), allowlisted
   * ones included (`suppressed`). */
  readonly findings: Finding[];
  /** The findings that fail the check at `failOn`. */
  readonly failing: Finding[];
  readonly failOn: Severity;
  readonly countThirdParty: boolean;
  readonly imageName: string;
  readonly model: ArchiveModel;
  readonly stats: AuditStats;
  readonly ruleCount: PreparedRules['count'];
}

/**
 * Audits one saved image (a `docker save` tar or an OCI layout tar, plain,
 * gzip or zstd): read → scan (as it streams) → model → findings. Throws
 * InputError when the archive cannot be read or passes a limit.
 */
export async function auditArchive(path: string, options: AuditOptions = {}): Promise<AuditReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const rules = options.rules ?? prepareRules();
  const failOn = options.failOn ?? 'medium';
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  // The reader (often on its own thread) adds to a shared counter; this
  // thread samples it, so progress costs the reader no messages.
  const bytesRead = options.onProgress ? new BigInt64Array(new SharedArrayBuffer(8)) : undefined;
  const readOptions: ArchiveReadOptions = {
    rulesToml: rules.toml,
    allowlist,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ...(bytesRead ? { bytesRead } : {}),
  };
  const total = options.onProgress ? ((await stat(path).catch(() => undefined))?.size ?? 0) : 0;
  const report = () => options.onProgress?.(bytesRead ? Number(Atomics.load(bytesRead, 0)) : 0, total);
  const ticker = options.onProgress ? setInterval(report, PROGRESS_EVERY_MS) : undefined;
  const { contents, bytes, scanWorkers } = await (options.workers
    ? readArchiveInWorker(path, readOptions, options.workers)
    : readArchiveHere(path, readOptions)
  ).finally(() => {
    clearInterval(ticker);
    if (ticker) options.onProgress?.(total, total);
  });
  const model = buildModel(contents);
  const metadata = new MetadataChecker(rules.scanner);
  metadata.checkModel(model);
  const countThirdParty = options.countThirdParty ?? false;
  const findings = assembleFindings(
    contents,
    model,
    metadata.hits,
    (createdBy) => safeInstruction(createdBy, rules.scanner),
    { countThirdParty },
  );
  applyAllowlist(findings, allowlist);
  // One finding per secret, its other locations inside it.
  const secrets = groupBySecret(findings, countThirdParty).sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.path.localeCompare(b.path) ||
      (a.layer?.index ?? -1) - (b.layer?.index ?? -1) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const layerScans = [...contents.layers.values()];
  return {
    findings: secrets,
    failing: failing(secrets, failOn, countThirdParty),
    failOn,
    countThirdParty,
    imageName: options.imageName ?? model.images[0]?.refs[0] ?? basename(path),
    model,
    stats: {
      layers: layerScans.length,
      files: layerScans.reduce((sum, layer) => sum + layer.scan.files, 0),
      bytes,
      seconds: (now() - started) / 1000,
      scanWorkers,
    },
    ruleCount: rules.count,
  };
}
