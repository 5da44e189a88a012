import type { ArchiveContents } from '../read/archive';
import { normalizePath } from '../read/tar-walk';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parts of an OCI / Docker image config this audit reads, checked:
 * the config is written by whoever built the image, so every field may be
 * of any JSON type (see imageConfigOf). */
export interface ImageConfig {
  readonly config: ContainerConfig | undefined;
  readonly container_config: ContainerConfig | undefined;
  readonly history: readonly { readonly created_by: string | undefined; readonly empty_layer: boolean }[];
  readonly rootfs: { readonly diff_ids: readonly (string | undefined)[] };
}

export interface ContainerConfig {
  readonly Env: readonly string[];
  readonly Labels: readonly (readonly [string, string])[];
  readonly Entrypoint: readonly string[];
  readonly Cmd: readonly string[];
  readonly Healthcheck: readonly string[];
  readonly OnBuild: readonly string[];
}

/** The strings of a field that should be a list of strings (or, for a
 * command, one string); anything else is noted and left out. */
function stringList(value: unknown, field: string, notes: string[], single = false): string[] {
  if (value === undefined || value === null) return [];
  if (single && typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    notes.push(`${field} is ${typeName(value)}, not a list of strings: it was not read`);
    return [];
  }
  const strings = value.filter((item): item is string => typeof item === 'string');
  if (strings.length < value.length)
    notes.push(`${field} holds ${value.length - strings.length} entries that are not strings: they were not read`);
  return strings;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function containerConfigOf(value: unknown, field: string, notes: string[]): ContainerConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    notes.push(`${field} is ${typeName(value)}, not an object: it was not read`);
    return undefined;
  }
  const labels: [string, string][] = [];
  if (isRecord(value.Labels)) {
    for (const [key, label] of Object.entries(value.Labels)) {
      if (typeof label === 'string') labels.push([key, label]);
      else if (label !== null) labels.push([key, JSON.stringify(label) ?? '']);
    }
  } else if (value.Labels !== undefined && value.Labels !== null) {
    notes.push(`${field}.Labels is ${typeName(value.Labels)}, not an object: it was not read`);
  }
  const healthcheck = isRecord(value.Healthcheck) ? value.Healthcheck.Test : undefined;
  return {
    Env: stringList(value.Env, `${field}.Env`, notes),
    Labels: labels,
    Entrypoint: stringList(value.Entrypoint, `${field}.Entrypoint`, notes, true),
    Cmd: stringList(value.Cmd, `${field}.Cmd`, notes, true),
    Healthcheck: stringList(healthcheck, `${field}.Healthcheck.Test`, notes),
    OnBuild: stringList(value.OnBuild, `${field}.OnBuild`, notes),
  };
}

/** An image config as this audit reads it: fields of the wrong type are
 * noted and skipped, so a hostile or broken config cannot stop the audit
 * (its layers are still scanned and the report still written). */
export function imageConfigOf(value: unknown, where: string, notes: string[]): ImageConfig | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    notes.push(`config ${where} is ${typeName(value)}, not an object: it was not read`);
    return undefined;
  }
  const history: { created_by: string | undefined; empty_layer: boolean }[] = [];
  if (Array.isArray(value.history)) {
    for (const entry of value.history) {
      if (!isRecord(entry)) {
        notes.push(`config ${where}: a history entry is ${typeName(entry)}, not an object: it was not read`);
        continue;
      }
      const createdBy = entry.created_by;
      if (createdBy !== undefined && typeof createdBy !== 'string')
        notes.push(`config ${where}: a history created_by is ${typeName(createdBy)}, not a string: it was not read`);
      history.push({
        created_by: typeof createdBy === 'string' ? createdBy : undefined,
        empty_layer: entry.empty_layer === true,
      });
    }
  } else if (value.history !== undefined && value.history !== null) {
    notes.push(`config ${where}: history is ${typeName(value.history)}, not a list: it was not read`);
  }
  const rootfs = isRecord(value.rootfs) ? value.rootfs : {};
  const diffIds = Array.isArray(rootfs.diff_ids)
    ? rootfs.diff_ids.map((id) => (typeof id === 'string' ? id : undefined))
    : [];
  return {
    config: containerConfigOf(value.config, `config ${where}: config`, notes),
    container_config: containerConfigOf(value.container_config, `config ${where}: container_config`, notes),
    history,
    rootfs: { diff_ids: diffIds },
  };
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

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Descriptors with their fields checked: a field of another type is as if
 * absent (the archive is hostile input). */
function descriptors(value: unknown): Descriptor[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((d): Descriptor => {
    const platform = isRecord(d.platform) ? d.platform : undefined;
    const annotations = isRecord(d.annotations)
      ? Object.fromEntries(Object.entries(d.annotations).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined;
    return {
      ...(text(d.mediaType) === undefined ? {} : { mediaType: text(d.mediaType) as string }),
      ...(text(d.digest) === undefined ? {} : { digest: text(d.digest) as string }),
      ...(annotations === undefined ? {} : { annotations }),
      ...(platform === undefined
        ? {}
        : {
            platform: {
              ...(text(platform.os) === undefined ? {} : { os: text(platform.os) as string }),
              ...(text(platform.architecture) === undefined
                ? {}
                : { architecture: text(platform.architecture) as string }),
              ...(text(platform.variant) === undefined ? {} : { variant: text(platform.variant) as string }),
            },
          }),
    };
  });
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
  const notes: string[] = [...contents.notes];
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
    const configDescriptor = descriptors([manifest.config])[0];
    const configBlob = blobName(configDescriptor?.digest);
    if (configBlob !== undefined) used.add(configBlob);
    const config =
      configBlob === undefined ? undefined : imageConfigOf(contents.json.get(configBlob), configBlob, notes);
    if (configBlob !== undefined && !contents.json.has(configBlob))
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
      const config =
        configBlob === undefined ? undefined : imageConfigOf(contents.json.get(configBlob), configBlob, notes);
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
