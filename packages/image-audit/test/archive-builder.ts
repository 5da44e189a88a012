import { createHash } from 'node:crypto';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * Builds image archives in memory with tar-stream, for the shapes umoci and
 * skopeo cannot make (opaque whiteouts, Docker 25's hybrid layout, nested
 * indexes, attestation manifests, GNU long names, hard links, symlinked
 * legacy layers). Also used by make-fixtures to write those fixtures.
 */
export interface TarItem {
  readonly path: string;
  readonly content?: string | Buffer;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly linkname?: string;
}

export async function tarOf(items: readonly TarItem[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    packer.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    packer.on('end', () => resolve());
    packer.on('error', reject);
  });
  for (const item of items) {
    const type = item.type ?? 'file';
    const content = typeof item.content === 'string' ? Buffer.from(item.content) : (item.content ?? Buffer.alloc(0));
    await new Promise<void>((resolve, reject) => {
      packer.entry(
        {
          name: item.path,
          type,
          mode: type === 'directory' ? 0o755 : 0o644,
          mtime: new Date(0),
          ...(item.linkname === undefined ? {} : { linkname: item.linkname }),
          ...(type === 'file' ? { size: content.length } : {}),
        },
        type === 'file' ? content : Buffer.alloc(0),
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const gzip = (data: Buffer) => gzipSync(data);
export const zstd = (data: Buffer) => zstdCompressSync(data);
export const digestOf = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface LayerSpec {
  readonly items: readonly TarItem[];
  readonly createdBy: string;
  readonly compression?: 'gzip' | 'zstd' | 'none';
}

export interface ImageSpec {
  readonly layers: readonly LayerSpec[];
  readonly env?: readonly string[];
  readonly labels?: Record<string, string>;
  readonly cmd?: readonly string[];
  /** History entries without a layer (ENV, ARG…), placed before the layers. */
  readonly emptyHistory?: readonly string[];
  readonly platform?: { os: string; architecture: string };
}

interface BuiltImage {
  readonly config: Buffer;
  readonly blobs: { digest: string; data: Buffer; mediaType: string; diffId: string; plain: Buffer }[];
  readonly manifest: Buffer;
}

const MEDIA: Record<'gzip' | 'zstd' | 'none', string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const blobs = [];
  for (const layer of spec.layers) {
    const plain = await tarOf(layer.items);
    const compression = layer.compression ?? 'gzip';
    const data = compression === 'gzip' ? gzip(plain) : compression === 'zstd' ? zstd(plain) : plain;
    blobs.push({ digest: digestOf(data), data, mediaType: MEDIA[compression], diffId: digestOf(plain), plain });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.platform?.architecture ?? 'amd64',
      os: spec.platform?.os ?? 'linux',
      config: { Env: spec.env ?? ['PATH=/usr/bin'], Labels: spec.labels ?? {}, Cmd: spec.cmd ?? ['sh'] },
      rootfs: { type: 'layers', diff_ids: blobs.map((blob) => blob.diffId) },
      history: [
        ...(spec.emptyHistory ?? []).map((created_by) => ({ created_by, empty_layer: true })),
        ...spec.layers.map((layer) => ({ created_by: layer.createdBy })),
      ],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
      layers: blobs.map((blob) => ({ mediaType: blob.mediaType, digest: blob.digest, size: blob.data.length })),
    }),
  );
  return { config, blobs, manifest };
}

const blobPath = (digest: string) => `blobs/${digest.replace(':', '/')}`;

export interface ArchiveOptions {
  readonly tag?: string;
  /** Docker 25+: manifest.json next to index.json, both naming blobs. */
  readonly dockerManifest?: boolean;
  /** Attestation manifest (BuildKit provenance) for the image. */
  readonly provenance?: object;
  /** Wrap the image index in a second index (containerd, multi-platform). */
  readonly nestedIndex?: boolean;
  /** Annotations on the top-level index. */
  readonly annotations?: Record<string, string>;
}

/** An OCI image layout tar (Docker 25+ shape with `dockerManifest`). */
export async function ociArchive(images: readonly ImageSpec[], options: ArchiveOptions = {}): Promise<Buffer> {
  const items: TarItem[] = [{ path: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) }];
  const seen = new Set<string>();
  const addBlob = (digest: string, data: Buffer) => {
    if (seen.has(digest)) return;
    seen.add(digest);
    items.push({ path: blobPath(digest), content: data });
  };
  const descriptors: object[] = [];
  const dockerEntries: object[] = [];
  for (const spec of images) {
    const image = await buildImage(spec);
    for (const blob of image.blobs) addBlob(blob.digest, blob.data);
    addBlob(digestOf(image.config), image.config);
    addBlob(digestOf(image.manifest), image.manifest);
    descriptors.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digestOf(image.manifest),
      size: image.manifest.length,
      ...(spec.platform ? { platform: spec.platform } : {}),
      ...(options.nestedIndex ? {} : { annotations: { 'org.opencontainers.image.ref.name': options.tag ?? 'latest' } }),
    });
    if (options.provenance) {
      const statement = Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v0.1',
          predicateType: 'https://slsa.dev/provenance/v0.2',
          subject: [{ digest: { sha256: digestOf(image.manifest).slice(7) } }],
          predicate: options.provenance,
        }),
      );
      addBlob(digestOf(statement), statement);
      const emptyConfig = Buffer.from('{}');
      addBlob(digestOf(emptyConfig), emptyConfig);
      const attestation = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(emptyConfig), size: 2 },
          layers: [
            {
              mediaType: 'application/vnd.in-toto+json',
              digest: digestOf(statement),
              size: statement.length,
              annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
            },
          ],
        }),
      );
      addBlob(digestOf(attestation), attestation);
      descriptors.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digestOf(attestation),
        size: attestation.length,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': digestOf(image.manifest),
        },
      });
    }
    dockerEntries.push({
      Config: blobPath(digestOf(image.config)),
      RepoTags: [`keyturn/fixture:${options.tag ?? 'latest'}`],
      Layers: image.blobs.map((blob) => blobPath(blob.digest)),
    });
  }
  let index: object = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: descriptors,
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  if (options.nestedIndex) {
    const inner = Buffer.from(JSON.stringify(index));
    addBlob(digestOf(inner), inner);
    index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          digest: digestOf(inner),
          size: inner.length,
          annotations: {
            'io.containerd.image.name': `docker.io/keyturn/fixture:${options.tag ?? 'latest'}`,
            'org.opencontainers.image.ref.name': options.tag ?? 'latest',
          },
        },
      ],
    };
  }
  items.push({ path: 'index.json', content: JSON.stringify(index) });
  if (options.dockerManifest) items.push({ path: 'manifest.json', content: JSON.stringify(dockerEntries) });
  return tarOf(items);
}

/** A legacy `docker save` (before Docker 25): `<id>/layer.tar`, config
 * `<hex>.json`, manifest.json LAST, a repeated layer as a symlink. */
export async function legacyDockerArchive(spec: ImageSpec, tag = 'keyturn/fixture:legacy'): Promise<Buffer> {
  const image = await buildImage({ ...spec, layers: spec.layers.map((layer) => ({ ...layer, compression: 'none' })) });
  const items: TarItem[] = [];
  const layerPaths: string[] = [];
  const byDiff = new Map<string, string>();
  image.blobs.forEach((blob, index) => {
    const id = createHash('sha256').update(`${blob.diffId}${index}`).digest('hex');
    const existing = byDiff.get(blob.diffId);
    items.push({ path: `${id}/`, type: 'directory' });
    items.push({ path: `${id}/VERSION`, content: '1.0' });
    if (existing) items.push({ path: `${id}/layer.tar`, type: 'symlink', linkname: `../${existing}` });
    else items.push({ path: `./${id}/layer.tar`, content: blob.plain });
    byDiff.set(blob.diffId, existing ?? `${id}/layer.tar`);
    layerPaths.push(`${id}/layer.tar`);
  });
  const configName = `${digestOf(image.config).slice(7)}.json`;
  items.push({ path: configName, content: image.config });
  items.push({
    path: 'repositories',
    content: JSON.stringify({ [tag.split(':')[0] ?? tag]: { [tag.split(':')[1] ?? 'latest']: 'x' } }),
  });
  items.push({
    path: 'manifest.json',
    content: JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerPaths }]),
  });
  return tarOf(items);
}
