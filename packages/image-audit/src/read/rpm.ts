/**
 * rpm's database, `rpmdb.sqlite` (Fedora 33+, RHEL/UBI 9+, Amazon Linux
 * 2023): table `Packages (hnum, blob)`, each blob one installed package's
 * header as rpm exports it (rpm's `headerExport`: index count and data size,
 * big-endian, then 16-byte index entries `tag, type, offset, count`, then the
 * data). The file list is `DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]` and
 * `FILEDIGESTS[i]` its digest, hex, in the algorithm `FILEDIGESTALGO` names
 * (1 MD5, the default; 8 SHA-256). rpm before 4.16 keeps the same blobs in
 * a Berkeley DB hash database, `Packages` (read/berkeley-db.ts). SUSE's
 * `Packages.db` (ndb) is not read.
 */
import { hashDatabaseValues } from './berkeley-db';

export interface RpmPackage {
  readonly name: string;
  /** `[epoch:]version-release`. */
  readonly version: string;
  readonly arch: string;
  /** The header's own SHA-256 (or SHA-1) as rpm recorded it: identifies the build. */
  readonly build: string | undefined;
  readonly algorithm: 'md5' | 'sha256';
  /** Image path → digest (hex) of the file as installed. */
  readonly files: Map<string, string>;
}

const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  arch: 1022,
  fileDigests: 1035,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  sha1Header: 269,
  sha256Header: 273,
  fileDigestAlgo: 5011,
} as const;

const STRING = 6;
const STRING_ARRAY = 8;
const I18NSTRING = 9;
const INT32 = 4;

/** One header blob's tags (strings, string arrays and int32 arrays; others left out). */
export function parseRpmHeader(blob: Uint8Array): Map<number, string | string[] | number[]> | undefined {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < 8) return undefined;
  const count = bytes.readUInt32BE(0);
  const size = bytes.readUInt32BE(4);
  const data = 8 + count * 16;
  if (count > 100_000 || data + size > bytes.length) return undefined;
  const tags = new Map<number, string | string[] | number[]>();
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 16;
    const tag = bytes.readUInt32BE(at);
    const type = bytes.readUInt32BE(at + 4);
    const offset = bytes.readUInt32BE(at + 8);
    const n = bytes.readUInt32BE(at + 12);
    if (offset >= size) continue;
    const start = data + offset;
    const end = data + size;
    if (type === STRING || type === STRING_ARRAY || type === I18NSTRING) {
      const strings: string[] = [];
      let p = start;
      for (let k = 0; k < (type === STRING ? 1 : n) && p < end; k++) {
        const zero = bytes.indexOf(0, p);
        if (zero === -1 || zero >= end) break;
        strings.push(bytes.toString('utf8', p, zero));
        p = zero + 1;
      }
      tags.set(tag, type === STRING ? (strings[0] ?? '') : strings);
    } else if (type === INT32 && start + 4 * n <= end) {
      const values: number[] = [];
      for (let k = 0; k < n; k++) values.push(bytes.readUInt32BE(start + 4 * k));
      tags.set(tag, values);
    }
  }
  return tags;
}

/** A package from its header, or undefined when the header is not one rpm would write. */
export function rpmPackageOf(tags: Map<number, string | string[] | number[]>): RpmPackage | undefined {
  const text = (tag: number) => {
    const value = tags.get(tag);
    return typeof value === 'string'
      ? value
      : Array.isArray(value) && typeof value[0] === 'string'
        ? value[0]
        : undefined;
  };
  const list = (tag: number) => {
    const value = tags.get(tag);
    return Array.isArray(value) ? value : [];
  };
  const name = text(TAG.name);
  const version = text(TAG.version);
  const release = text(TAG.release);
  if (!name || !version || !release) return undefined;
  const epoch = list(TAG.epoch)[0];
  const algo = list(TAG.fileDigestAlgo)[0] ?? 1;
  const algorithm = algo === 8 ? 'sha256' : algo === 1 ? 'md5' : undefined;
  const files = new Map<string, string>();
  const baseNames = list(TAG.baseNames) as string[];
  const dirNames = list(TAG.dirNames) as string[];
  const dirIndexes = list(TAG.dirIndexes) as number[];
  const digests = list(TAG.fileDigests) as string[];
  if (algorithm) {
    baseNames.forEach((base, i) => {
      const dir = dirNames[dirIndexes[i] ?? -1];
      const digest = digests[i];
      // Directories, links and ghosts have no digest.
      if (dir === undefined || !digest || !/^[0-9a-f]+$/.test(digest)) return;
      files.set(`${dir}${base}`.replace(/^\/+/, ''), digest);
    });
  }
  return {
    name,
    version: `${typeof epoch === 'number' ? `${epoch}:` : ''}${version}-${release}`,
    arch: text(TAG.arch) ?? '',
    build: text(TAG.sha256Header) ?? text(TAG.sha1Header),
    algorithm: algorithm ?? 'sha256',
    files,
  };
}

function packagesOf(blobs: Iterable<Uint8Array>): Map<string, RpmPackage> {
  const packages = new Map<string, RpmPackage>();
  for (const blob of blobs) {
    const tags = parseRpmHeader(blob);
    const pkg = tags && rpmPackageOf(tags);
    if (pkg) packages.set(`${pkg.name}.${pkg.arch}`, pkg);
  }
  return packages;
}

/** The packages of a Berkeley DB `Packages` (rpm before 4.16), or undefined
 * when the file is not a hash database berkeley-db.ts reads. Its one value
 * that is not a header (key 0: the next package number) is no package. */
export function parseRpmBerkeleyDb(file: Uint8Array): Map<string, RpmPackage> | undefined {
  const values = hashDatabaseValues(file);
  return values && packagesOf(values);
}

let sqlJs: ReturnType<typeof loadSqlJsOnce> | undefined;
const loadSqlJs = () => {
  sqlJs ??= loadSqlJsOnce();
  return sqlJs;
};

async function loadSqlJsOnce() {
  const { default: initSqlJs } = await import('sql.js/dist/sql-wasm-inline.js');
  // sql.js's Emscripten shell, on Node, assigns `module.exports` from inside
  // its init; a bundler (ncc) folds `typeof module` there into `true` while
  // `module` is not in scope, and the init throws. Its other path (no Node
  // file system, the WebAssembly decoded from the inlined base64) needs
  // nothing Node lacks, and Emscripten picks it while `process.type` is
  // "renderer", read synchronously as initSqlJs is called.
  const process = globalThis.process as NodeJS.Process & { type?: string };
  const type = process.type;
  process.type = 'renderer';
  let loading: ReturnType<typeof initSqlJs>;
  try {
    loading = initSqlJs();
  } finally {
    if (type === undefined) delete process.type;
    else process.type = type;
  }
  return loading;
}

/**
 * The packages of an `rpmdb.sqlite`, read with sql.js (SQLite compiled to
 * WebAssembly and inlined in its JavaScript: no native addon, bundles with
 * ncc), loaded only when an image holds one. Undefined when the file is not
 * such a database. What rpm wrote to the `-wal` beside it and did not yet
 * fold into the file is not seen (rpm folds it in when it closes the
 * database, as an image build does).
 */
export async function parseRpmdb(file: Uint8Array): Promise<Map<string, RpmPackage> | undefined> {
  const SQL = await loadSqlJs();
  let db: InstanceType<typeof SQL.Database> | undefined;
  try {
    db = new SQL.Database(file);
    const rows = db.exec('SELECT blob FROM Packages')[0]?.values ?? [];
    return packagesOf(rows.flatMap(([blob]) => (blob instanceof Uint8Array ? [blob] : [])));
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
