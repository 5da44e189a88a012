import type { ArchiveContents } from '../read/archive';
import type { LayerIndex } from '../read/layer';
import { type Allowlist, AllowlistMatcher, fingerprintOf } from '../scan/allowlist';
import type { MetaHit } from '../scan/metadata';
import { type Hit, sha256Hex } from '../scan/redact';
import { SEVERITY_RANK, type Severity } from '../scan/rules/types';
import type { ArchiveModel } from './image-model';
import type { FindingLocation } from './secrets';
import { type ForgedRecord, OWNER, type ThirdParty, ThirdPartyCheck, type Verdict } from './third-party';
import { fileState } from './whiteout';

export type FindingState = 'present' | 'removed' | 'unreferenced' | 'metadata';

export interface Finding {
  readonly ruleId: string;
  readonly description: string;
  /** `low` for third-party content, unless it counts (countThirdParty). */
  severity: Severity;
  /** The rule's own severity. */
  readonly ruleSeverity: Severity;
  /** Set when the content is a package's or a published example's. */
  thirdParty: ThirdParty | undefined;
  readonly source: 'layer' | 'history' | 'config' | 'annotation' | 'attestation' | 'archive';
  /** A path in the image (`app/.npmrc`), or a logical location
   * (`config:Env:API_TOKEN`, `history:created_by`). */
  readonly path: string;
  readonly line: number | undefined;
  readonly layer: { readonly digest: string; readonly index: number | undefined; readonly blob: string } | undefined;
  state: FindingState;
  /** For removed files: which later layer took them away, and how. */
  removedBy: string | undefined;
  readonly createdBy: string | undefined;
  readonly refs: string[];
  readonly excerpt: string;
  /** Rule + path + hash of the secret: stable across rebuilds and layers. */
  readonly fingerprint: string;
  suppressed: boolean;
  /** sha256 of the secret: what makes two locations one secret. Never
   * printed or written (a weak password's hash could be guessed back). */
  readonly secretHash: string;
  /** The secret's other locations (groupBySecret), most telling first. */
  readonly locations: readonly FindingLocation[];
}

export { fingerprintOf };

/**
 * Turns raw hits into findings: places each layer hit in every image that
 * uses the layer, applies later layers' whiteouts to tell present from
 * removed, and merges duplicates (one layer in several images, one Env in
 * several platforms) into one finding listing every image.
 */
export function assembleFindings(
  contents: ArchiveContents,
  model: ArchiveModel,
  metaHits: readonly MetaHit[],
  /** Makes a history instruction safe to show (it may hold build args). */
  safeInstruction: (createdBy: string) => string,
  options: { readonly countThirdParty?: boolean } = {},
): Finding[] {
  const findings = new Map<string, Finding>();
  const check = new ThirdPartyCheck(contents);
  const forged = new Map<string, ForgedRecord & { digest: string; blob: string }>();
  /** The owner's anywhere is the owner's: one image that does not explain it is enough. */
  const judge = (finding: Finding, verdict: Verdict) => {
    if (verdict.owner) {
      finding.thirdParty = undefined;
      finding.severity = finding.ruleSeverity;
    }
  };
  const add = (
    key: string,
    make: () => Finding,
    refs: readonly string[],
    state?: FindingState,
    removedBy?: string,
    verdict: Verdict = OWNER,
  ) => {
    let finding = findings.get(key);
    if (!finding) {
      finding = make();
      if (!verdict.owner) {
        finding.thirdParty = verdict.thirdParty;
        if (!options.countThirdParty) finding.severity = 'low';
      }
      findings.set(key, finding);
    } else {
      judge(finding, verdict);
    }
    for (const ref of refs) if (!finding.refs.includes(ref)) finding.refs.push(ref);
    // Present in any image wins over removed in another.
    if (state === 'present' && finding.state !== 'present') {
      finding.state = 'present';
      finding.removedBy = undefined;
    } else if (state === 'removed' && finding.state === 'unreferenced') {
      finding.state = 'removed';
      finding.removedBy = removedBy;
    }
  };
  const layerFinding = (
    hit: Hit,
    path: string,
    layer: Finding['layer'],
    state: FindingState,
    removedBy: string | undefined,
    createdBy: string | undefined,
  ): Finding => ({
    ruleId: hit.ruleId,
    description: hit.description,
    severity: hit.severity,
    ruleSeverity: hit.severity,
    thirdParty: undefined,
    source: 'layer',
    path,
    line: hit.line,
    layer,
    state,
    removedBy,
    createdBy,
    refs: [],
    excerpt: hit.excerpt,
    fingerprint: fingerprintOf(hit.ruleId, path, hit.secretHash),
    suppressed: false,
    secretHash: hit.secretHash,
    locations: [],
  });

  const placed = new Set<string>();
  for (const image of model.images) {
    const indexes: (LayerIndex | undefined)[] = image.layers.map((layer) =>
      layer.blob === undefined ? undefined : contents.layers.get(layer.blob)?.scan.index,
    );
    for (const layer of image.layers) {
      const blob = layer.blob === undefined ? undefined : contents.layers.get(layer.blob);
      if (!blob || layer.blob === undefined) continue;
      placed.add(layer.blob);
      for (const { path, hit } of blob.scan.hits) {
        const state = fileState(path, layer.index, indexes);
        const removedBy = state.present
          ? undefined
          : `${state.how} by layer ${state.by} (${image.layers[state.by]?.digest ?? '?'})`;
        const where = { digest: layer.digest, index: layer.index, blob: layer.blob };
        const verdict = check.verdict(hit, path, image, layer.index);
        if (verdict.owner && verdict.forged) {
          const record = verdict.forged;
          const recordLayer = image.layers[record.layerIndex];
          forged.set(`${recordLayer?.blob}\u0000${record.record}\u0000${record.file}`, {
            ...record,
            digest: recordLayer?.digest ?? '?',
            blob: recordLayer?.blob ?? '?',
          });
        }
        const key = `${layer.blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
        add(
          key,
          () =>
            layerFinding(
              hit,
              path,
              where,
              state.present ? 'present' : 'removed',
              removedBy,
              layer.createdBy === undefined ? undefined : safeInstruction(layer.createdBy),
            ),
          image.refs,
          state.present ? 'present' : 'removed',
          removedBy,
          verdict,
        );
      }
    }
  }
  // Layers no manifest names (or an archive without manifests) still count.
  for (const [blob, layer] of contents.layers) {
    if (placed.has(blob)) continue;
    const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : blob;
    for (const { path, hit } of layer.scan.hits) {
      const key = `${blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
      add(
        key,
        () => layerFinding(hit, path, { digest, index: undefined, blob }, 'unreferenced', undefined, undefined),
        [],
        undefined,
        undefined,
        check.verdict(hit, path, undefined, undefined),
      );
    }
  }
  const unreadJson = [...contents.jsonHits].filter(([name]) => !model.used.has(name)).flatMap(([, hits]) => hits);
  for (const { path, hit } of [...contents.otherHits, ...unreadJson]) {
    add(
      `archive\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}`,
      () => ({
        ...layerFinding(hit, path, undefined, 'unreferenced', undefined, undefined),
        source: 'archive',
      }),
      [],
      undefined,
      undefined,
      check.verdict(hit, path, undefined, undefined),
    );
  }
  for (const meta of metaHits) {
    const fingerprint = fingerprintOf(meta.hit.ruleId, meta.location, meta.hit.secretHash);
    add(
      fingerprint,
      () => ({
        ruleId: meta.hit.ruleId,
        description: meta.hit.description,
        severity: meta.hit.severity,
        ruleSeverity: meta.hit.severity,
        thirdParty: undefined,
        source: meta.source,
        path: meta.location,
        line: undefined,
        layer: undefined,
        state: 'metadata',
        removedBy: undefined,
        createdBy: meta.createdBy,
        refs: [],
        excerpt: meta.hit.excerpt,
        fingerprint,
        suppressed: false,
        secretHash: meta.hit.secretHash,
        locations: [],
      }),
      meta.refs,
      undefined,
      undefined,
      check.verdict(meta.hit, meta.location, undefined, undefined),
    );
  }
  // A record that claims a file with a finding and does not hold up is
  // itself a finding: the PR's image changed its own package database.
  for (const record of forged.values()) {
    const fingerprint = fingerprintOf('forged-package-record', record.record, sha256Hex(record.file));
    findings.set(`forged\u0000${record.blob}\u0000${record.record}\u0000${record.file}`, {
      ruleId: 'forged-package-record',
      description: 'Package record that does not hold up, claiming a file with a finding',
      severity: 'high',
      ruleSeverity: 'high',
      thirdParty: undefined,
      source: 'layer',
      path: record.record,
      line: undefined,
      layer: { digest: record.digest, index: record.layerIndex, blob: record.blob },
      state: 'present',
      removedBy: undefined,
      createdBy: undefined,
      refs: [],
      excerpt: `${record.record} ${record.reason}; that file is reported as the owner's`,
      fingerprint,
      suppressed: false,
      secretHash: sha256Hex(`forged:${record.record}:${record.file}`),
      locations: [],
    });
  }
  return [...findings.values()].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.path.localeCompare(b.path) ||
      (a.layer?.index ?? -1) - (b.layer?.index ?? -1) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

export function applyAllowlist(findings: readonly Finding[], allowlist: Allowlist): void {
  const matcher = new AllowlistMatcher(allowlist);
  for (const finding of findings) {
    finding.suppressed = matcher.fingerprint(finding.fingerprint) || matcher.path(finding.path);
  }
}

/** The findings that fail the check: not allowlisted, at or above the
 * threshold, and the owner's (third-party content only when it counts). */
export function failing(findings: readonly Finding[], threshold: Severity, countThirdParty = false): Finding[] {
  return findings.filter(
    (finding) =>
      !finding.suppressed &&
      (countThirdParty || finding.thirdParty === undefined) &&
      SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold],
  );
}
