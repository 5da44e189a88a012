import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';

/** A header as rpm's headerExport writes it: il, dl, index entries, data. */
export function rpmHeader(pkg: RpmSpec): Buffer {
  const entries: { tag: number; type: number; data: Buffer; count: number }[] = [];
  const strings = (tag: number, values: string[], type = 8) =>
    entries.push({ tag, type, count: values.length, data: Buffer.from(values.map((v) => `${v}\0`).join('')) });
  const ints = (tag: number, values: number[]) => {
    const data = Buffer.alloc(4 * values.length);
    values.forEach((value, i) => {
      data.writeUInt32BE(value, 4 * i);
    });
    entries.push({ tag, type: 4, count: values.length, data });
  };
  const algo = pkg.algorithm ?? 'sha256';
  const paths = Object.keys(pkg.files);
  const dirs = [...new Set(paths.map((path) => `/${path.slice(0, path.lastIndexOf('/') + 1)}`))];
  strings(1000, [pkg.name], 6);
  strings(1001, [pkg.version], 6);
  strings(1002, [pkg.release], 6);
  strings(1022, ['x86_64'], 6);
  strings(
    273,
    [
      createHash('sha256')
        .update(`${pkg.name}${pkg.build ?? ''}`)
        .digest('hex'),
    ],
    6,
  );
  strings(
    1035,
    paths.map((path) =>
      createHash(algo)
        .update(pkg.files[path] ?? '')
        .digest('hex'),
    ),
  );
  ints(
    1116,
    paths.map((path) => dirs.indexOf(`/${path.slice(0, path.lastIndexOf('/') + 1)}`)),
  );
  strings(
    1117,
    paths.map((path) => path.slice(path.lastIndexOf('/') + 1)),
  );
  strings(1118, dirs);
  if (algo === 'sha256') ints(5011, [8]);
  const index = Buffer.alloc(16 * entries.length);
  const data: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    // int32 data is 4-byte aligned, as rpm aligns it.
    const pad = entry.type === 4 ? (4 - (offset % 4)) % 4 : 0;
    if (pad) data.push(Buffer.alloc(pad));
    offset += pad;
    index.writeUInt32BE(entry.tag, 16 * i);
    index.writeUInt32BE(entry.type, 16 * i + 4);
    index.writeUInt32BE(offset, 16 * i + 8);
    index.writeUInt32BE(entry.count, 16 * i + 12);
    data.push(entry.data);
    offset += entry.data.length;
  });
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(offset, 4);
  return Buffer.concat([head, index, ...data]);
}

export interface RpmSpec {
  name: string;
  version: string;
  release: string;
  build?: string;
  algorithm?: 'md5' | 'sha256';
  files: Record<string, string>;
}

/** An rpmdb.sqlite with rpm's Packages table, written by SQLite itself (sql.js). */
export async function rpmdb(packages: RpmSpec[]): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  for (const pkg of packages) db.run('INSERT INTO Packages (blob) VALUES (?)', [rpmHeader(pkg)]);
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

/**
 * A Berkeley DB hash database of `values` (rpm's `Packages` before 4.16:
 * 4-byte native-order keys, key 0 holding the next package number), written
 * by Berkeley DB itself: db5.3_load (Debian's db5.3-util) from a dump.
 */
export function berkeleyHashDb(
  values: readonly Uint8Array[],
  options: { pageSize?: number; bigEndian?: boolean } = {},
): Buffer {
  const key = (n: number) => {
    const bytes = Buffer.alloc(4);
    if (options.bigEndian) bytes.writeUInt32BE(n);
    else bytes.writeUInt32LE(n);
    return bytes.toString('hex');
  };
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', `db_pagesize=${options.pageSize ?? 4096}`, 'HEADER=END'];
  lines.push(` ${key(0)}`, ` ${key(values.length + 1)}`);
  values.forEach((value, i) => {
    lines.push(` ${key(i + 1)}`, ` ${Buffer.from(value).toString('hex')}`);
  });
  lines.push('DATA=END', '');
  const dir = mkdtempSync(join(tmpdir(), 'keyturn-bdb-'));
  try {
    const db = join(dir, 'Packages');
    execFileSync('db5.3_load', [...(options.bigEndian ? ['-c', 'db_lorder=4321'] : []), db], {
      input: lines.join('\n'),
    });
    return readFileSync(db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** rpm's `Packages` (Berkeley DB) holding these packages' headers. */
export function rpmBerkeleyDb(packages: RpmSpec[], options: { pageSize?: number; bigEndian?: boolean } = {}): Buffer {
  return berkeleyHashDb(packages.map(rpmHeader), options);
}
