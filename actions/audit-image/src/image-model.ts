import type { ArchiveContents } from './archive';
import { normalizePath } from './tar-walk';

/** The parts of an OCI / Docker image config this audit reads. */
export interface ImageConfig {
  config?: ContainerConfig;
  container_config?: ContainerConfig;
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
  rootfs?: { diff_ids?: string[] };
}

export interface ContainerConfig {
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | string | null;
  Healthcheck?: { Test?: string[] | null } | null;
  OnBuild?: string[] | null;
}

export interface ImageLayer {
  /** Entry name of the layer in the archive, when it is there. */
  readonly blob: string | undefined;
  readonly digest: string;
  readonly index: number;
  readonly createdBy: string | undefined;
  /** Foreign / non-distributable layers are legitimately absent. */
  readonly foreign: boolean;
}

export interface Annotation {
  readonly where: string;
  readonly key: string;
  readonly value: string;
}

export interface ImageModel {
  /** Tags or names; the manifest digest when untagged. */
  readonly refs: string[];
  readonly platform: string | undefined;
  readonly configBlob: string | undefined;
  readonly config: ImageConfig | undefined;
  readonly layers: ImageLayer[];
  readonly annotations: Annotation[];
}

export interface Attestation {
  readonly blob: string;
  /** The manifest digest of the image it describes. */
  readonly subject: string | undefined;
  readonly statement: unknown;
}

export interface ArchiveModel {
  readonly format: string;
  readonly images: ImageModel[];
  readonly attestations: Attestation[];
  /** Things a reader should know (missing blobs, unknown layout). */
  readonly notes: string[];
  /** Annotations of the top-level index. */
  readonly annotations: Annotation[];
  /** JSON entries the model read field by field. */
  readonly used: Set<string>;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function descriptors(value: unknown): Descriptor[] {
  return Array.isArray(value) ? value.filter(isRecord).map((d) => d as Descriptor) : [];
}

const FOREIGN = /foreign|nondistributable/;
const IN_TOTO = 'application/vnd.in-toto+json';

function platformName(platform: Descriptor['platform']): string | undefined {
  if (!platform?.os) return undefined;
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Which image layers come from which history entry: each history entry
 * without `empty_layer` made the next layer. */
function createdByPerLayer(config: ImageConfig | undefined): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const entry of config?.history ?? []) {
    if (!entry.empty_layer) out.push(entry.created_by);
  }
  return out;
}

/**
 * Works out the images in an archive from its JSON: OCI `index.json` (nested
 * indexes, multi-platform, attestation manifests) and Docker's
 * `manifest.json` (legacy `<id>/layer.tar` and Docker 25+ blobs). A Docker
 * 25+ archive has both; an image found in both is one image.
 */
export function buildModel(contents: ArchiveContents): ArchiveModel {
  const notes: string[] = [];
  const images: ImageModel[] = [];
  const attestations: Attestation[] = [];
  const topAnnotations: Annotation[] = [];
  const used = new Set<string>(['index.json', 'manifest.json', 'repositories', 'oci-layout']);
  // Legacy saves keep a v1 copy of the config per layer (`<id>/json`).
  for (const name of contents.json.keys()) if (/^[a-f0-9]{64}\/json$/.test(name)) used.add(name);

  const follow = (name: string): string => {
    let current = name;
    for (let hops = 0; hops < 16; hops++) {
      const next = contents.links.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  };
  const blobName = (digest: string | undefined): string | undefined => {
    if (!digest || !/^[a-z0-9]+:[a-f0-9]+$/i.test(digest)) return undefined;
    const [algorithm, hex] = digest.split(':');
    return follow(`blobs/${algorithm}/${hex}`);
  };
  const present = (name: string) => contents.names.has(name) || contents.layers.has(name) || contents.json.has(name);

  const hasIndex = contents.json.has('index.json');
  const dockerManifest = contents.json.get('manifest.json');

  if (hasIndex) walkIndex(contents.json.get('index.json'), 'index.json', [], 0);

  // Indexes nest (containerd saves, multi-platform); a cycle or a deep chain stops at 8.
  function walkIndex(index: unknown, where: string, inheritedRefs: string[], depth: number): void {
    if (!isRecord(index) || depth > 8) return;
    addAnnotations(index.annotations, where, undefined);
    for (const descriptor of descriptors(index.manifests)) {
      const refs = [
        ...inheritedRefs,
        ...['org.opencontainers.image.ref.name', 'io.containerd.image.name']
          .map((key) => descriptor.annotations?.[key])
          .filter((ref): ref is string => typeof ref === 'string'),
      ];
      const name = blobName(descriptor.digest);
      const document = name === undefined ? undefined : contents.json.get(name);
      if (name !== undefined) used.add(name);
      if (document === undefined) {
        notes.push(
          `${descriptor.mediaType ?? 'manifest'} ${descriptor.digest ?? '?'}${platformLabel(descriptor)} is not in the archive (a save of one platform of a multi-platform image leaves the others out)`,
        );
        continue;
      }
      if (isRecord(document) && Array.isArray(document.manifests)) {
        walkIndex(document, `index ${descriptor.digest}`, refs, depth + 1);
        continue;
      }
      if (!isRecord(document)) continue;
      const attestation = descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
      const layers = descriptors(document.layers);
      if (attestation || (layers.length > 0 && layers.every((layer) => layer.mediaType === IN_TOTO))) {
        for (const layer of layers) {
          const blob = blobName(layer.digest);
          if (blob !== undefined && contents.json.has(blob)) {
            used.add(blob);
            attestations.push({
              blob,
              subject: descriptor.annotations?.['vnd.docker.reference.digest'],
              statement: contents.json.get(blob),
            });
          }
        }
        continue;
      }
      addImage(
        document,
        refs.length > 0 ? refs : [descriptor.digest ?? '?'],
        platformName(descriptor.platform),
        descriptor,
      );
    }
  }

  function platformLabel(descriptor: Descriptor): string {
    const platform = platformName(descriptor.platform);
    return platform ? ` (${platform})` : '';
  }

  function addAnnotations(value: unknown, where: string, into: Annotation[] | undefined): void {
    if (!isRecord(value)) return;
    const target = into ?? topAnnotations;
    for (const [key, annotation] of Object.entries(value)) {
      if (typeof annotation === 'string') target.push({ where, key, value: annotation });
    }
  }
  function addImage(
    manifest: Record<string, unknown>,
    refs: string[],
    platform: string | undefined,
    descriptor: Descriptor,
  ) {
    const configDescriptor = isRecord(manifest.config) ? (manifest.config as Descriptor) : undefined;
    const configBlob = blobName(configDescriptor?.digest);
    if (configBlob !== undefined) used.add(configBlob);
    const config = configBlob === undefined ? undefined : (contents.json.get(configBlob) as ImageConfig | undefined);
    if (configBlob !== undefined && config === undefined)
      notes.push(`config ${configDescriptor?.digest} is not in the archive`);
    const createdBy = createdByPerLayer(config);
    const annotations: Annotation[] = [];
    addAnnotations(descriptor.annotations, `descriptor ${descriptor.digest ?? ''}`.trim(), annotations);
    addAnnotations(manifest.annotations, `manifest ${descriptor.digest ?? ''}`.trim(), annotations);
    const layers = descriptors(manifest.layers).map((layer, index): ImageLayer => {
      const blob = blobName(layer.digest);
      const foreign = FOREIGN.test(layer.mediaType ?? '');
      const found = blob !== undefined && present(blob);
      if (!found && !foreign) notes.push(`layer ${layer.digest ?? '?'} of ${refs[0]} is not in the archive`);
      return {
        blob: found ? blob : undefined,
        digest: layer.digest ?? '?',
        index,
        createdBy: createdBy[index],
        foreign,
      };
    });
    images.push({ refs, platform, configBlob, config, layers, annotations });
  }

  if (Array.isArray(dockerManifest)) {
    for (const entry of dockerManifest.filter(isRecord)) {
      const configBlob = typeof entry.Config === 'string' ? follow(normalizePath(entry.Config)) : undefined;
      if (configBlob !== undefined) used.add(configBlob);
      const tags = Array.isArray(entry.RepoTags)
        ? entry.RepoTags.filter((tag): tag is string => typeof tag === 'string')
        : [];
      const same = images.find((image) => image.configBlob !== undefined && image.configBlob === configBlob);
      if (same) {
        for (const tag of tags) if (!same.refs.includes(tag)) same.refs.unshift(tag);
        continue;
      }
      const config = configBlob === undefined ? undefined : (contents.json.get(configBlob) as ImageConfig | undefined);
      const diffIds = config?.rootfs?.diff_ids ?? [];
      const createdBy = createdByPerLayer(config);
      const sources = isRecord(entry.LayerSources) ? entry.LayerSources : {};
      const layerPaths = Array.isArray(entry.Layers)
        ? entry.Layers.filter((p): p is string => typeof p === 'string')
        : [];
      const layers = layerPaths.map((path, index): ImageLayer => {
        const blob = follow(normalizePath(path));
        const diffId = diffIds[index];
        const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : (diffId ?? blob);
        const source = diffId === undefined ? undefined : sources[diffId];
        const foreign = isRecord(source) && FOREIGN.test(String(source.mediaType ?? ''));
        const found = present(blob);
        if (!found && !foreign) notes.push(`layer ${path} of ${tags[0] ?? 'an image'} is not in the archive`);
        return { blob: found ? blob : undefined, digest, index, createdBy: createdBy[index], foreign };
      });
      images.push({
        refs: tags.length > 0 ? tags : [configBlob ?? '?'],
        platform: undefined,
        configBlob,
        config,
        layers,
        annotations: [],
      });
    }
  }

  if (images.length === 0 && !hasIndex && !Array.isArray(dockerManifest)) {
    notes.push('no manifest.json or index.json: layers were scanned, but their order (and so deletions) is unknown');
  }
  const format =
    hasIndex && Array.isArray(dockerManifest)
      ? 'docker (OCI layout inside)'
      : hasIndex
        ? 'OCI image layout'
        : Array.isArray(dockerManifest)
          ? 'docker save (legacy)'
          : 'unknown';
  return { format, images, attestations, notes, annotations: topAnnotations, used };
}
