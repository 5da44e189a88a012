import type { ArchiveContents } from '../read/archive';
import type { LayerIndex } from '../read/layer';
import { type Allowlist, AllowlistMatcher, fingerprintOf } from '../scan/allowlist';
import type { MetaHit } from '../scan/metadata';
import type { Hit } from '../scan/redact';
import { SEVERITY_RANK, type Severity } from '../scan/rules/types';
import type { ArchiveModel } from './image-model';
import { fileState } from './whiteout';

export type FindingState = 'present' | 'removed' | 'unreferenced' | 'metadata';

export interface Finding {
  readonly ruleId: string;
  readonly description: string;
  readonly severity: Severity;
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
): Finding[] {
  const findings = new Map<string, Finding>();
  const add = (key: string, make: () => Finding, refs: readonly string[], state?: FindingState, removedBy?: string) => {
    let finding = findings.get(key);
    if (!finding) {
      finding = make();
      findings.set(key, finding);
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
      }),
      meta.refs,
    );
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

export function failing(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter(
    (finding) => !finding.suppressed && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold],
  );
}
