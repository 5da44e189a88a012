import type { ArchiveContents } from '../read/archive';
import type { LayerPackages } from '../read/packages';
import { exampleSource } from '../scan/examples';
import type { Hit } from '../scan/redact';
import type { ImageModel } from './image-model';

/** A package as a database that is rewritten whole records it (apk, rpm). */
interface RecordedPackage {
  readonly name: string;
  readonly version: string;
  /** Image path → digest of the file as installed: hex, and for apk with
   * its algorithm named (`sha1:<hex>`, `sha256:<hex>`). */
  readonly files: ReadonlyMap<string, string>;
}

/** How one such database is read for the third-party check. */
interface RewrittenDatabase<P extends RecordedPackage> {
  readonly kind: 'apk' | 'rpm';
  /** The database a layer writes, keyed by package, or undefined. */
  of(packages: LayerPackages): ReadonlyMap<string, P> | undefined;
  /** The file's digest in the form `pkg` records it (`recorded`) in. */
  digest(pkg: P, recorded: string): string | undefined;
  /** Whether two records are of the same package build. */
  sameBuild(a: P, b: P): boolean;
  /** The database's path in the image, for a forged-record report. */
  record(layer: number): string;
  /** What the database calls one package's entry, for the report. */
  entry: 'record' | 'header';
}

/** Who shipped the content a finding is in, when it is not the image owner. */
export interface ThirdParty {
  readonly kind: 'dpkg' | 'apk' | 'rpm' | 'python' | 'npm' | 'example';
  /** The package (or, for an example value, where it is published). */
  readonly package: string;
  readonly version?: string;
}

/** A package record that claims a file with a finding but does not hold up:
 * the image's own database was changed to explain it. */
export interface ForgedRecord {
  /** The record's path (`var/lib/dpkg/info/foo.md5sums`). */
  readonly record: string;
  /** The file it claims. */
  readonly file: string;
  readonly layerIndex: number;
  readonly reason: string;
}

export type Verdict =
  | { readonly owner: true; readonly forged?: ForgedRecord }
  | { readonly owner: false; readonly thirdParty: ThirdParty };

export const OWNER: Verdict = { owner: true };

/** The records of one image as they stand after each layer. */
interface RecordView {
  status: { readonly map: Map<string, { version: string; installed: boolean }>; readonly layer: number } | undefined;
  /** Package → its md5sums, and the layer that wrote them; earlier versions kept. */
  readonly md5sums: Map<string, { readonly files: Map<string, string>; readonly layer: number }[]>;
  readonly lists: Map<string, Set<string>>;
}

const NODE_PACKAGE = /^(.*?)\/?node_modules\/(.*\/node_modules\/)?(@[^/]+\/[^/]+|[^@/][^/]*)\/./;

/**
 * Tells third-party content from the owner's, for a finding in a layer
 * file (README "Third-party content" says what is trusted and why). A file
 * is third-party only when a record from its own layer or an earlier one
 * explains it with the file's exact hash (npm: the package.json of its
 * package, written in the same layer); a published example value is
 * third-party anywhere. Everything else is the owner's.
 */
export class ThirdPartyCheck {
  private readonly views = new Map<string, RecordView>();

  constructor(private readonly contents: ArchiveContents) {}

  private packagesOf(image: ImageModel, index: number): LayerPackages | undefined {
    const blob = image.layers[index]?.blob;
    return blob === undefined ? undefined : this.contents.layers.get(blob)?.scan.packages;
  }

  /** dpkg's records in image layers 0..index (a later record replaces an earlier one). */
  private dpkgView(image: ImageModel, index: number): RecordView {
    const key = `${image.layers.map((layer) => layer.blob ?? '?').join(',')}#${index}`;
    const cached = this.views.get(key);
    if (cached) return cached;
    const view: RecordView = { status: undefined, md5sums: new Map(), lists: new Map() };
    for (let at = 0; at <= index; at++) {
      const packages = this.packagesOf(image, at);
      if (!packages) continue;
      if (packages.dpkgStatus) view.status = { map: packages.dpkgStatus, layer: at };
      for (const [name, files] of packages.md5sums) {
        const versions = view.md5sums.get(name) ?? [];
        versions.push({ files, layer: at });
        view.md5sums.set(name, versions);
      }
      for (const [name, paths] of packages.lists) view.lists.set(name, paths);
    }
    this.views.set(key, view);
    return view;
  }

  verdict(hit: Hit, path: string, image: ImageModel | undefined, layerIndex: number | undefined): Verdict {
    const example = exampleSource(hit.secretHash);
    if (example) return { owner: false, thirdParty: { kind: 'example', package: example } };
    if (!image || layerIndex === undefined) return OWNER;
    // A member of an archive (`x.gz!/x`) is explained by the archive file
    // itself: its hits carry the archive's hash (scan/file-scan.ts).
    const file = path.includes('!') ? path.slice(0, path.indexOf('!')) : path;
    return (
      this.dpkg(hit, file, image, layerIndex) ??
      this.distroless(hit, file, image, layerIndex) ??
      this.apk(hit, file, image, layerIndex) ??
      this.rpm(hit, file, image, layerIndex) ??
      this.python(hit, file, image, layerIndex) ??
      this.npm(file, image, layerIndex) ??
      OWNER
    );
  }

  private dpkg(hit: Hit, path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const md5 = hit.file?.md5;
    if (!md5) return undefined;
    const view = this.dpkgView(image, layerIndex);
    for (const [name, versions] of view.md5sums) {
      const current = versions[versions.length - 1];
      const recorded = current?.files.get(path);
      if (!current || recorded === undefined) continue;
      // A hash that differs: the file was changed after the package installed it.
      if (recorded !== md5) return OWNER;
      const record = `var/lib/dpkg/info/${name}.md5sums`;
      const forged = (reason: string): Verdict => ({
        owner: true,
        forged: { record, file: path, layerIndex: current.layer, reason },
      });
      const status = view.status?.map.get(name);
      if (!status?.installed) return forged(`names ${path}, but dpkg's status does not list ${name} as installed`);
      if (!view.lists.get(name)?.has(path)) return forged(`names ${path}, which ${name}.list (its file list) does not`);
      // dpkg rewrites its status in every layer that installs or upgrades a
      // package: a md5sums written in a layer that left the status alone was
      // not written by dpkg.
      if (view.status && view.status.layer < current.layer) {
        return forged(`was written in layer ${current.layer}, where dpkg's status was not: no dpkg run wrote it`);
      }
      return { owner: false, thirdParty: { kind: 'dpkg', package: name, version: status.version } };
    }
    return undefined;
  }

  /**
   * Distroless: `status.d/<name>.md5sums` explains a file with its md5 when
   * `status.d/<name>` (the package's control stanza) was written in the same
   * layer, as distroless writes a package's records together, and in the
   * file's layer or an earlier one. The same package at the same version
   * recorded earlier with another hash for the file (or without it) is a
   * rewritten record.
   */
  private distroless(hit: Hit, path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const md5 = hit.file?.md5;
    if (!md5) return undefined;
    for (let at = layerIndex; at >= 0; at--) {
      const packages = this.packagesOf(image, at);
      if (!packages) continue;
      for (const [name, files] of packages.statusDSums) {
        const recorded = files.get(path);
        if (recorded === undefined) continue;
        if (recorded !== md5) return OWNER;
        const forged = (reason: string): Verdict => ({
          owner: true,
          forged: { record: `var/lib/dpkg/status.d/${name}.md5sums`, file: path, layerIndex: at, reason },
        });
        const stanza = packages.statusD.get(name);
        if (!stanza) {
          return forged(
            `names ${path}, but status.d/${name} (the package's stanza) was not written in its layer: distroless writes both together`,
          );
        }
        for (let before = at - 1; before >= 0; before--) {
          const earlier = this.packagesOf(image, before);
          const same = [...(earlier?.statusD ?? [])].find(
            ([, other]) => other.package === stanza.package && other.version === stanza.version,
          );
          if (!same) continue;
          if (earlier?.statusDSums.get(same[0])?.get(path) !== recorded) {
            return forged(
              `names ${path}, which ${stanza.package} ${stanza.version} as recorded in layer ${before} did not: the same version's files do not change`,
            );
          }
          break;
        }
        return { owner: false, thirdParty: { kind: 'dpkg', package: stanza.package, version: stanza.version } };
      }
    }
    return undefined;
  }

  /**
   * apk: the newest `lib/apk/db/installed` in the file's layer or an earlier
   * one explains a file with its digest (`Z:Q1…` SHA-1 from apk v2, `Z:Q2…`
   * SHA-256 from apk v3; apkDigest). A package's build is its
   * version and `C:` (the control data's SHA-1).
   */
  private apk(hit: Hit, path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const file = hit.file;
    if (!file?.sha1 && !file?.sha256) return undefined;
    return this.fromRewrittenDatabase(image, layerIndex, path, {
      kind: 'apk',
      of: (packages) => packages.apkInstalled,
      // The record says which digest it holds (apkDigest).
      digest: (_pkg, recorded) =>
        recorded.startsWith('sha256:') ? `sha256:${file.sha256 ?? ''}` : `sha1:${file.sha1 ?? ''}`,
      sameBuild: (a, b) => a.version === b.version && a.checksum === b.checksum,
      record: () => 'lib/apk/db/installed',
      entry: 'record',
    });
  }

  /**
   * rpm: the newest `rpmdb.sqlite` in the file's layer or an earlier one
   * explains a file with the digest its package's header records (SHA-256,
   * or MD5 in old packages). A package's build is its name, arch, version
   * and header digest.
   */
  private rpm(hit: Hit, path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const file = hit.file;
    if (!file?.sha256 && !file?.md5) return undefined;
    return this.fromRewrittenDatabase(image, layerIndex, path, {
      kind: 'rpm',
      of: (packages) => packages.rpmdb,
      digest: (pkg) => (pkg.algorithm === 'sha256' ? file.sha256 : file.md5),
      sameBuild: (a, b) => a.version === b.version && a.build === b.build,
      record: (layer) => this.rpmdbPath(image, layer),
      entry: 'header',
    });
  }

  /**
   * apk and rpm rewrite their whole database on every run, keeping the
   * packages they did not touch as they were. So the newest database at or
   * before the file's layer explains it when its package records the file's
   * digest, and the same package build recorded in an earlier layer without
   * the file, or with another digest, means the record was edited by hand.
   */
  private fromRewrittenDatabase<P extends RecordedPackage>(
    image: ImageModel,
    layerIndex: number,
    path: string,
    database: RewrittenDatabase<P>,
  ): Verdict | undefined {
    let at = layerIndex;
    let db: ReadonlyMap<string, P> | undefined;
    for (; at >= 0 && !db; at--) {
      const packages = this.packagesOf(image, at);
      db = packages && database.of(packages);
    }
    const dbLayer = at + 1;
    if (!db) return undefined;
    for (const [key, pkg] of db) {
      const recorded = pkg.files.get(path);
      if (recorded === undefined) continue;
      if (recorded !== database.digest(pkg, recorded)) return OWNER;
      for (let before = dbLayer - 1; before >= 0; before--) {
        const packages = this.packagesOf(image, before);
        const earlier = packages && database.of(packages)?.get(key);
        if (!earlier) continue;
        if (database.sameBuild(earlier, pkg) && earlier.files.get(path) !== recorded) {
          return {
            owner: true,
            forged: {
              record: database.record(dbLayer),
              file: path,
              layerIndex: dbLayer,
              reason: `names ${path} under ${pkg.name} ${pkg.version}, whose ${database.entry} in layer ${before} (the same build) did not: an installed package's files do not change`,
            },
          };
        }
        break;
      }
      return { owner: false, thirdParty: { kind: database.kind, package: pkg.name, version: pkg.version } };
    }
    return undefined;
  }

  private rpmdbPath(image: ImageModel, layer: number): string {
    return this.packagesOf(image, layer)?.rpmdbPath ?? 'var/lib/rpm/rpmdb.sqlite';
  }

  private python(hit: Hit, path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const sha256 = hit.file?.sha256;
    if (!sha256) return undefined;
    let changed = false;
    for (let at = layerIndex; at >= 0; at--) {
      for (const record of this.packagesOf(image, at)?.pythonRecords.values() ?? []) {
        const recorded = record.files.get(path);
        if (recorded === undefined) continue;
        if (recorded === sha256) {
          return { owner: false, thirdParty: { kind: 'python', package: record.name, version: record.version } };
        }
        changed = true;
      }
    }
    return changed ? OWNER : undefined;
  }

  private npm(path: string, image: ImageModel, layerIndex: number): Verdict | undefined {
    const match = NODE_PACKAGE.exec(path);
    if (!match) return undefined;
    const root = match[1] ?? '';
    const name = match[3] ?? '';
    const dir = `${root === '' ? '' : `${root}/`}node_modules/${match[2] ?? ''}${name}`;
    // Installed together: a package.json of the package in the file's own
    // layer. A file added or changed by a later layer is the owner's.
    const pkg = this.packagesOf(image, layerIndex)?.npmPackages.get(dir);
    if (!pkg) return undefined;
    // Where npm recorded what it installed, the package must be one it
    // resolved from a registry at that version (not a file: or linked
    // package: those are the owner's code).
    for (let at = layerIndex; at >= 0; at--) {
      const lock = this.packagesOf(image, at)?.lockfiles.get(root);
      if (!lock) continue;
      const locked = lock.get(dir.slice(root === '' ? 0 : root.length + 1));
      if (!locked?.fromRegistry || locked.version !== pkg.version) return OWNER;
      break;
    }
    return { owner: false, thirdParty: { kind: 'npm', package: pkg.name, version: pkg.version } };
  }
}
