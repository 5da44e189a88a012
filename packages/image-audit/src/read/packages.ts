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

/** The package records one layer writes (each by the path of the record). */
export interface LayerPackages {
  /** `var/lib/dpkg/status`, when this layer writes it. */
  dpkgStatus: Map<string, DpkgPackage> | undefined;
  /** Package (arch qualifier dropped) → path → md5 (hex), from `info/<pkg>.md5sums`. */
  readonly md5sums: Map<string, Map<string, string>>;
  /** Package → the paths its `info/<pkg>.list` names. */
  readonly lists: Map<string, Set<string>>;
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
    pythonRecords: new Map(),
    npmPackages: new Map(),
    lockfiles: new Map(),
  };
}

/** The largest record kept (a status file of a big image is a few MiB). */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

type RecordKind = 'dpkg-status' | 'md5sums' | 'list' | 'python-record' | 'npm-package' | 'lockfile';

const DPKG_INFO = /^var\/lib\/dpkg\/info\/([^/]+)\.(md5sums|list)$/;
const DIST_INFO_RECORD = /^(.*\/)?([^/]+)-([^/-]+)\.dist-info\/RECORD$/;
const NPM_PACKAGE_JSON = /(^|\/)node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\/package\.json$/;
const LOCKFILE = /^(?:(.*)\/)?(?:node_modules\/\.package-lock\.json|package-lock\.json)$/;

/** Which record a path is, if any. */
export function recordKind(path: string): RecordKind | undefined {
  if (path === 'var/lib/dpkg/status') return 'dpkg-status';
  const info = DPKG_INFO.exec(path);
  if (info) return info[2] === 'md5sums' ? 'md5sums' : 'list';
  if (DIST_INFO_RECORD.test(path)) return 'python-record';
  if (NPM_PACKAGE_JSON.test(path)) return 'npm-package';
  if (LOCKFILE.test(path)) return 'lockfile';
  return undefined;
}

const packageName = (infoName: string) => infoName.replace(/:[a-z0-9-]+$/, '');
const relative = (path: string) => path.replace(/^\.?\/+/, '');

/** Reads one record into the layer's maps; a record that cannot be read is left out (untrusted). */
export function addRecord(packages: LayerPackages, path: string, text: string): void {
  switch (recordKind(path)) {
    case 'dpkg-status':
      packages.dpkgStatus = parseDpkgStatus(text);
      return;
    case 'md5sums': {
      const files = new Map<string, string>();
      for (const line of text.split('\n')) {
        const match = /^([0-9a-f]{32}) [ *]?(.+)$/.exec(line);
        if (match?.[1] && match[2]) files.set(relative(match[2]), match[1]);
      }
      packages.md5sums.set(packageName(DPKG_INFO.exec(path)?.[1] ?? ''), files);
      return;
    }
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

export function parseDpkgStatus(text: string): Map<string, DpkgPackage> {
  const packages = new Map<string, DpkgPackage>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}: *(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const version = field('Version');
    if (!name || !version) continue;
    packages.set(name, { version, installed: field('Status') === 'install ok installed' });
  }
  return packages;
}

/** Files a hash is worth computing for while they stream (the ones a record could explain):
 * md5 where dpkg installs, sha256 where pip does. Anything else is the owner's either way. */
export function digestsWanted(path: string): { md5: boolean; sha256: boolean } {
  const python = /(^|\/)(site|dist)-packages\//.test(path) || /(^|\/)usr\/local\/bin\//.test(path);
  const dpkg = /^(?:usr\/(?!local\/)|(?:lib|lib32|lib64|libx32|bin|sbin|etc|opt|var\/lib)\/)/.test(path);
  return { md5: dpkg, sha256: python };
}
