import { createHash } from 'node:crypto';
import type { RpmPackage } from './rpm';

/**
 * Package managers' records, read from a layer as it streams by: what the
 * third-party check (model/third-party.ts) compares files with. Only these
 * files are kept, parsed into small maps, never whole file contents.
 */

/** dpkg's view of one package, from /var/lib/dpkg. */
export interface DpkgPackage {
  readonly version: string;
  /** `install ok installed`: the package's files are on disk. */
  readonly installed: boolean;
}

/** One Python distribution's RECORD (`name-version.dist-info/RECORD`). */
export interface PythonRecord {
  readonly name: string;
  readonly version: string;
  /** Image path → sha256 (hex) of the file as installed. */
  readonly files: Map<string, string>;
}

/** One node_modules package root's package.json. */
export interface NpmPackage {
  readonly name: string;
  readonly version: string;
}

/** A lockfile's packages (`node_modules/a/node_modules/b` → what npm resolved). */
export interface LockedPackage {
  readonly version: string;
  /** Resolved from a registry with an integrity hash (not a `file:` or linked package). */
  readonly fromRegistry: boolean;
}

/** One distroless package: `var/lib/dpkg/status.d/<name>` (its control
 * stanza) and, beside it, `<name>.md5sums`. Distroless has no dpkg status,
 * no `.list`: each package's record is a file of its own. */
export interface StatusDPackage {
  /** The stanza's `Package:` (old images name the file `base` for `base-files`). */
  readonly package: string;
  readonly version: string;
}

/** One package of apk's `lib/apk/db/installed`. */
export interface ApkPackage {
  readonly name: string;
  readonly version: string;
  /** `C:`, the SHA-1 of the package's control data (identifies the build). */
  readonly checksum: string | undefined;
  /** Image path → the file's digest as installed, from `Z:`: `sha1:<hex>`
   * or `sha256:<hex>` (see apkDigest). */
  readonly files: Map<string, string>;
}

/** The package records one layer writes (each by the path of the record). */
export interface LayerPackages {
  /** `var/lib/dpkg/status`, when this layer writes it. */
  dpkgStatus: Map<string, DpkgPackage> | undefined;
  /** Package (arch qualifier dropped) → path → md5 (hex), from `info/<pkg>.md5sums`. */
  readonly md5sums: Map<string, Map<string, string>>;
  /** Package → the paths its `info/<pkg>.list` names. */
  readonly lists: Map<string, Set<string>>;
  /** Distroless: stanza file name (`status.d/<name>`) → the package it describes. */
  readonly statusD: Map<string, StatusDPackage>;
  /** Distroless: stanza file name → path → md5 (hex), from `status.d/<name>.md5sums`. */
  readonly statusDSums: Map<string, Map<string, string>>;
  /** apk's database (`lib/apk/db/installed`), when this layer writes it: package name → package. */
  apkInstalled: Map<string, ApkPackage> | undefined;
  /** rpm's database (`rpmdb.sqlite`), when this layer writes it: `name.arch` → package (read/rpm.ts). */
  rpmdb: Map<string, RpmPackage> | undefined;
  /** Where that database is (`var/lib/rpm/…` or `usr/lib/sysimage/rpm/…`). */
  rpmdbPath: string | undefined;
  /** dist-info directory → its RECORD. */
  readonly pythonRecords: Map<string, PythonRecord>;
  /** Package directory (`app/node_modules/@scope/name`) → its package.json. */
  readonly npmPackages: Map<string, NpmPackage>;
  /** Directory holding node_modules (`app`) → its lockfile's packages. */
  readonly lockfiles: Map<string, Map<string, LockedPackage>>;
}

export function emptyPackages(): LayerPackages {
  return {
    dpkgStatus: undefined,
    md5sums: new Map(),
    lists: new Map(),
    statusD: new Map(),
    statusDSums: new Map(),
    apkInstalled: undefined,
    rpmdb: undefined,
    rpmdbPath: undefined,
    pythonRecords: new Map(),
    npmPackages: new Map(),
    lockfiles: new Map(),
  };
}

/** The largest record kept (a status file of a big image is a few MiB). */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

type RecordKind =
  | 'dpkg-status'
  | 'md5sums'
  | 'list'
  | 'status-d'
  | 'status-d-md5sums'
  | 'apk-installed'
  | 'rpmdb'
  | 'rpmdb-bdb'
  | 'python-record'
  | 'npm-package'
  | 'lockfile';

const DPKG_INFO = /^var\/lib\/dpkg\/info\/([^/]+)\.(md5sums|list)$/;
const STATUS_D = /^var\/lib\/dpkg\/status\.d\/([^/]+?)(\.md5sums)?$/;
const APK_INSTALLED = /^(?:usr\/)?lib\/apk\/db\/installed$/;
const RPMDB = /^(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/rpmdb\.sqlite$/;
/** rpm before 4.16 (RHEL/CentOS 7 and 8, UBI 8, Amazon Linux 2): Berkeley DB. */
const RPMDB_BDB = /^(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/Packages$/;
const DIST_INFO_RECORD = /^(.*\/)?([^/]+)-([^/-]+)\.dist-info\/RECORD$/;
const NPM_PACKAGE_JSON = /(^|\/)node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\/package\.json$/;
const LOCKFILE = /^(?:(.*)\/)?(?:node_modules\/\.package-lock\.json|package-lock\.json)$/;

/** Which record a path is, if any. */
export function recordKind(path: string): RecordKind | undefined {
  if (path === 'var/lib/dpkg/status') return 'dpkg-status';
  const info = DPKG_INFO.exec(path);
  if (info) return info[2] === 'md5sums' ? 'md5sums' : 'list';
  const statusD = STATUS_D.exec(path);
  if (statusD) return statusD[2] ? 'status-d-md5sums' : 'status-d';
  if (APK_INSTALLED.test(path)) return 'apk-installed';
  if (RPMDB.test(path)) return 'rpmdb';
  if (RPMDB_BDB.test(path)) return 'rpmdb-bdb';
  if (DIST_INFO_RECORD.test(path)) return 'python-record';
  if (NPM_PACKAGE_JSON.test(path)) return 'npm-package';
  if (LOCKFILE.test(path)) return 'lockfile';
  return undefined;
}

const packageName = (infoName: string) => infoName.replace(/:[a-z0-9-]+$/, '');
const relative = (path: string) => path.replace(/^\.?\/+/, '');

/** Reads one record into the layer's maps; a record that cannot be read is left out (untrusted). */
export async function addRecord(packages: LayerPackages, path: string, bytes: Buffer): Promise<void> {
  const kind = recordKind(path);
  if (kind === 'rpmdb' || kind === 'rpmdb-bdb') {
    // A layer that writes both has an rpm that reads SQLite: a Packages
    // beside it is what the conversion to SQLite left behind.
    if (kind === 'rpmdb-bdb' && packages.rpmdbPath && RPMDB.test(packages.rpmdbPath)) return;
    // Binary; rpm.ts (and sql.js) load only for an image that holds one.
    const rpm = await import('./rpm');
    packages.rpmdb = kind === 'rpmdb' ? await rpm.parseRpmdb(bytes) : rpm.parseRpmBerkeleyDb(bytes);
    packages.rpmdbPath = path;
    return;
  }
  const text = bytes.toString('utf8');
  switch (kind) {
    case 'dpkg-status':
      packages.dpkgStatus = parseDpkgStatus(text);
      return;
    case 'md5sums':
      packages.md5sums.set(packageName(DPKG_INFO.exec(path)?.[1] ?? ''), parseMd5sums(text));
      return;
    case 'status-d': {
      // One control stanza, as the .deb ships it (no Status: field).
      const [stanza] = parseStanzas(text);
      if (stanza)
        packages.statusD.set(STATUS_D.exec(path)?.[1] ?? '', { package: stanza.package, version: stanza.version });
      return;
    }
    case 'status-d-md5sums':
      packages.statusDSums.set(STATUS_D.exec(path)?.[1] ?? '', parseMd5sums(text));
      return;
    case 'apk-installed':
      packages.apkInstalled = parseApkInstalled(text);
      return;
    case 'list': {
      const paths = new Set<string>();
      for (const line of text.split('\n')) if (line.trim() !== '') paths.add(relative(line.trim()));
      packages.lists.set(packageName(DPKG_INFO.exec(path)?.[1] ?? ''), paths);
      return;
    }
    case 'python-record': {
      const match = DIST_INFO_RECORD.exec(path);
      const site = match?.[1] ?? '';
      const files = new Map<string, string>();
      for (const line of text.split('\n')) {
        // path,sha256=<urlsafe base64, no padding>,size (a path with a comma is quoted, CSV)
        const fields = /^(?:"((?:[^"]|"")*)"|([^,]*)),sha256=([A-Za-z0-9_-]{43}),/.exec(line);
        if (!fields) continue;
        const file = (fields[1] ?? fields[2] ?? '').replace(/""/g, '"');
        const resolved = resolveUnder(site, file);
        if (resolved) files.set(resolved, Buffer.from(fields[3] ?? '', 'base64url').toString('hex'));
      }
      packages.pythonRecords.set(path.slice(0, -'/RECORD'.length), {
        name: match?.[2] ?? '?',
        version: match?.[3] ?? '?',
        files,
      });
      return;
    }
    case 'npm-package': {
      const parsed = parseJson(text);
      const name = typeof parsed?.name === 'string' ? parsed.name : undefined;
      const version = typeof parsed?.version === 'string' ? parsed.version : undefined;
      const dir = path.slice(0, -'/package.json'.length);
      // The name must be the directory's: a package.json elsewhere claims nothing.
      if (name && version && dir.endsWith(`node_modules/${name}`)) packages.npmPackages.set(dir, { name, version });
      return;
    }
    case 'lockfile': {
      const parsed = parseJson(text);
      const entries = parsed?.packages;
      if (!entries || typeof entries !== 'object') return;
      const locked = new Map<string, LockedPackage>();
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        if (!key.startsWith('node_modules/') || !value || typeof value !== 'object') continue;
        const entry = value as { version?: unknown; resolved?: unknown; integrity?: unknown; link?: unknown };
        if (typeof entry.version !== 'string') continue;
        locked.set(key, {
          version: entry.version,
          fromRegistry:
            entry.link !== true &&
            typeof entry.integrity === 'string' &&
            typeof entry.resolved === 'string' &&
            /^https?:\/\//.test(entry.resolved),
        });
      }
      packages.lockfiles.set(LOCKFILE.exec(path)?.[1] ?? '', locked);
      return;
    }
    default:
      return;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `site/` + a RECORD path (which may climb: `../../../bin/tool`), or undefined when it leaves the root. */
function resolveUnder(site: string, file: string): string | undefined {
  if (file.startsWith('/')) return relative(file);
  const parts = site.split('/').filter(Boolean);
  for (const part of file.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** `md5  path` lines (dpkg's and distroless's md5sums, deb-md5sums(5)). */
function parseMd5sums(text: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{32}) [ *]?(.+)$/.exec(line);
    if (match?.[1] && match[2]) files.set(relative(match[2]), match[1]);
  }
  return files;
}

/** deb822 stanzas with a Package and a Version (dpkg's status, a .deb's control). */
function parseStanzas(text: string): { package: string; version: string; status: string | undefined }[] {
  const stanzas: { package: string; version: string; status: string | undefined }[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}: *(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const version = field('Version');
    if (name && version) stanzas.push({ package: name, version, status: field('Status') });
  }
  return stanzas;
}

export function parseDpkgStatus(text: string): Map<string, DpkgPackage> {
  const packages = new Map<string, DpkgPackage>();
  for (const stanza of parseStanzas(text)) {
    packages.set(stanza.package, { version: stanza.version, installed: stanza.status === 'install ok installed' });
  }
  return packages;
}

/**
 * apk's installed database (apk-tools' `installed`, the Alpine wiki's "Apk
 * spec"): one stanza per package, `X:value` lines. `P:` name, `V:` version,
 * `C:` the control data's checksum; then for each directory `F:` (relative to
 * /) and each file in it `R:` (its name), its `a:` attributes and `Z:` its
 * digest (apkDigest; a file without one, or with one not read, is left out:
 * nothing explains it).
 */
export function parseApkInstalled(text: string): Map<string, ApkPackage> {
  const packages = new Map<string, ApkPackage>();
  for (const stanza of text.split(/\n\s*\n/)) {
    let name: string | undefined;
    let version: string | undefined;
    let checksum: string | undefined;
    let dir = '';
    let file: string | undefined;
    const files = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const key = line[0];
      if (line[1] !== ':' || key === undefined) continue;
      const value = line.slice(2);
      if (key === 'P') name = value;
      else if (key === 'V') version = value;
      else if (key === 'C') checksum = value;
      else if (key === 'F') {
        dir = relative(value).replace(/\/+$/, '');
        file = undefined;
      } else if (key === 'R') file = dir === '' ? value : `${dir}/${value}`;
      else if (key === 'Z' && file !== undefined) {
        const digest = apkDigest(value);
        if (digest) files.set(file, digest);
      }
    }
    if (name && version) packages.set(name, { name, version, checksum, files });
  }
  return packages;
}

/**
 * A digest as apk-tools writes it (apk_blob_push_hash, read back by
 * apk_blob_pull_digest): `Q` for base64 or `X` for hex, then `1` for SHA-1
 * (apk v2's file digests) or `2` for SHA-256 (apk v3's). A `1` followed by
 * 32 bytes is a SHA-256 too: apk-tools reads it so. Anything else is not
 * read (undefined).
 */
export function apkDigest(value: string): string | undefined {
  const form = /^([QX])([12])(.*)$/.exec(value);
  if (!form) return undefined;
  const [, encoding, , data = ''] = form;
  const valid = encoding === 'Q' ? /^[A-Za-z0-9+/]+={0,2}$/ : /^[0-9a-fA-F]+$/;
  if (!valid.test(data)) return undefined;
  const bytes = Buffer.from(data, encoding === 'Q' ? 'base64' : 'hex');
  // Exact lengths only: 28 or 44 base64 characters, 40 or 64 hex digits.
  const expected = (length: number) => (encoding === 'Q' ? 4 * Math.ceil(length / 3) : 2 * length);
  if (bytes.length === 20 && data.length === expected(20) && form[2] === '1') return `sha1:${bytes.toString('hex')}`;
  if (bytes.length === 32 && data.length === expected(32)) return `sha256:${bytes.toString('hex')}`;
  return undefined;
}

/** Files a hash is worth computing for while they stream (the ones a record could explain):
 * md5 (dpkg, distroless), sha1 (apk) and sha256 (rpm) where system packages install, sha256 where pip does.
 * Anything else is the owner's either way. */
export interface FileDigests {
  update(chunk: Uint8Array): void;
  /** Hex digests of what was given to update. */
  result(): { md5?: string; sha1?: string; sha256?: string };
}

/** The hashes digestsWanted asks for, fed together; undefined when none is. */
export function fileDigests(wanted: { md5: boolean; sha1: boolean; sha256: boolean }): FileDigests | undefined {
  const hashes = (['md5', 'sha1', 'sha256'] as const)
    .filter((algorithm) => wanted[algorithm])
    .map((algorithm) => [algorithm, createHash(algorithm)] as const);
  if (hashes.length === 0) return undefined;
  return {
    update(chunk) {
      for (const [, hash] of hashes) hash.update(chunk);
    },
    result() {
      return Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')]));
    },
  };
}

export function digestsWanted(path: string): { md5: boolean; sha1: boolean; sha256: boolean } {
  const python = /(^|\/)(site|dist)-packages\//.test(path) || /(^|\/)usr\/local\/bin\//.test(path);
  const system = /^(?:usr\/(?!local\/)|(?:lib|lib32|lib64|libx32|bin|sbin|etc|opt|var\/lib)\/)/.test(path);
  return { md5: system, sha1: system, sha256: python || system };
}
