export const id = 323;
export const ids = [323];
export const modules = {

/***/ 7323:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseRpmBerkeleyDb: () => (/* binding */ parseRpmBerkeleyDb),
  parseRpmHeader: () => (/* binding */ parseRpmHeader),
  parseRpmdb: () => (/* binding */ parseRpmdb),
  rpmPackageOf: () => (/* binding */ rpmPackageOf)
});

;// CONCATENATED MODULE: ../image-audit/src/read/berkeley-db.ts
/**
 * The values of a Berkeley DB hash database, read from its file: what rpm
 * before 4.16 keeps its installed packages in (`/var/lib/rpm/Packages`:
 * RHEL/CentOS 7 and 8, UBI 8, Amazon Linux 2), one header blob per package.
 * No npm library reads this format, so this is the smallest reader that
 * does: the page layout of Berkeley DB 4.x–5.x (`db_page.h`, `hash.h`), no
 * locking, no environment, nothing written. It is written for hostile
 * files: every offset is bounds-checked, an overflow chain is followed at
 * most once per page, and anything unexpected ends the read (undefined), so
 * a database it cannot read explains no file.
 */
const HASH_MAGIC = 0x061561;
/** Page types (`db_page.h`). */
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
/** Hash item types. */
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
/** Every page starts with this header: lsn, pgno, prev, next, entries,
 * hf_offset, level, type. */
const PAGE_HEADER = 26;
function readerFor(bytes, little) {
    return little
        ? { u32: (at) => bytes.readUInt32LE(at), u16: (at) => bytes.readUInt16LE(at) }
        : { u32: (at) => bytes.readUInt32BE(at), u16: (at) => bytes.readUInt16BE(at) };
}
/**
 * Every data value of the hash database in `file`, in page order; undefined
 * when the file is not one this reads (another magic, encrypted, page
 * checksums, a damaged page or chain).
 */
function hashDatabaseValues(file) {
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    if (bytes.length < 512)
        return undefined;
    // The magic says the byte order the database was written in.
    const little = bytes.readUInt32LE(12) === HASH_MAGIC;
    if (!little && bytes.readUInt32BE(12) !== HASH_MAGIC)
        return undefined;
    const read = readerFor(bytes, little);
    const pageSize = read.u32(20);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
        return undefined;
    // Encryption (encrypt_alg) and page checksums (metaflags bit 0) move
    // where items start; rpm uses neither, and this does not guess.
    if (bytes[24] !== 0 || ((bytes[26] ?? 0) & 1) !== 0)
        return undefined;
    // last_pgno: a file shorter than the pages it has is cut off (a value
    // missing from it would make its package's files the owner's anyway, but
    // a database read in part is not read).
    const pages = read.u32(32) + 1;
    if (pages * pageSize > bytes.length)
        return undefined;
    const values = [];
    const chained = new Set();
    for (let page = 1; page < pages; page++) {
        const base = page * pageSize;
        const type = bytes[base + 25];
        if (type !== P_HASH && type !== P_HASH_UNSORTED)
            continue;
        const entries = read.u16(base + 20);
        if (PAGE_HEADER + 2 * entries > pageSize)
            return undefined;
        // Items are key, data, key, data…; each runs up to the one before it
        // (the first to the page's end): they are laid out from the end back.
        for (let index = 1; index < entries; index += 2) {
            const at = read.u16(base + PAGE_HEADER + 2 * index);
            const end = read.u16(base + PAGE_HEADER + 2 * (index - 1));
            if (at < PAGE_HEADER + 2 * entries || at >= end || end > pageSize)
                return undefined;
            const itemType = bytes[base + at];
            if (itemType === H_KEYDATA) {
                values.push(Buffer.from(bytes.subarray(base + at + 1, base + end)));
            }
            else if (itemType === H_OFFPAGE) {
                if (at + 12 > end)
                    return undefined;
                const value = overflowValue(bytes, read, pageSize, pages, read.u32(base + at + 4), read.u32(base + at + 8), chained);
                if (!value)
                    return undefined;
                values.push(value);
            }
            // Duplicates (H_DUPLICATE, H_OFFDUP) are not in rpm's Packages.
        }
    }
    return values;
}
/** A value kept on a chain of overflow pages: `length` bytes from `first`. */
function overflowValue(bytes, read, pageSize, pages, first, length, chained) {
    if (length > bytes.length)
        return undefined;
    const value = Buffer.alloc(length);
    let filled = 0;
    for (let page = first; page !== 0;) {
        if (page >= pages || chained.has(page))
            return undefined;
        chained.add(page);
        const base = page * pageSize;
        if (bytes[base + 25] !== P_OVERFLOW)
            return undefined;
        // hf_offset: the bytes of the value on this page.
        const used = read.u16(base + 22);
        if (PAGE_HEADER + used > pageSize || filled + used > length)
            return undefined;
        bytes.copy(value, filled, base + PAGE_HEADER, base + PAGE_HEADER + used);
        filled += used;
        page = read.u32(base + 16);
    }
    return filled === length ? value : undefined;
}

;// CONCATENATED MODULE: ../image-audit/src/read/rpm.ts
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
};
const STRING = 6;
const STRING_ARRAY = 8;
const I18NSTRING = 9;
const INT32 = 4;
/** One header blob's tags (strings, string arrays and int32 arrays; others left out). */
function parseRpmHeader(blob) {
    const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (bytes.length < 8)
        return undefined;
    const count = bytes.readUInt32BE(0);
    const size = bytes.readUInt32BE(4);
    const data = 8 + count * 16;
    if (count > 100_000 || data + size > bytes.length)
        return undefined;
    const tags = new Map();
    for (let i = 0; i < count; i++) {
        const at = 8 + i * 16;
        const tag = bytes.readUInt32BE(at);
        const type = bytes.readUInt32BE(at + 4);
        const offset = bytes.readUInt32BE(at + 8);
        const n = bytes.readUInt32BE(at + 12);
        if (offset >= size)
            continue;
        const start = data + offset;
        const end = data + size;
        if (type === STRING || type === STRING_ARRAY || type === I18NSTRING) {
            const strings = [];
            let p = start;
            for (let k = 0; k < (type === STRING ? 1 : n) && p < end; k++) {
                const zero = bytes.indexOf(0, p);
                if (zero === -1 || zero >= end)
                    break;
                strings.push(bytes.toString('utf8', p, zero));
                p = zero + 1;
            }
            tags.set(tag, type === STRING ? (strings[0] ?? '') : strings);
        }
        else if (type === INT32 && start + 4 * n <= end) {
            const values = [];
            for (let k = 0; k < n; k++)
                values.push(bytes.readUInt32BE(start + 4 * k));
            tags.set(tag, values);
        }
    }
    return tags;
}
/** A package from its header, or undefined when the header is not one rpm would write. */
function rpmPackageOf(tags) {
    const text = (tag) => {
        const value = tags.get(tag);
        return typeof value === 'string'
            ? value
            : Array.isArray(value) && typeof value[0] === 'string'
                ? value[0]
                : undefined;
    };
    const list = (tag) => {
        const value = tags.get(tag);
        return Array.isArray(value) ? value : [];
    };
    const name = text(TAG.name);
    const version = text(TAG.version);
    const release = text(TAG.release);
    if (!name || !version || !release)
        return undefined;
    const epoch = list(TAG.epoch)[0];
    const algo = list(TAG.fileDigestAlgo)[0] ?? 1;
    const algorithm = algo === 8 ? 'sha256' : algo === 1 ? 'md5' : undefined;
    const files = new Map();
    const baseNames = list(TAG.baseNames);
    const dirNames = list(TAG.dirNames);
    const dirIndexes = list(TAG.dirIndexes);
    const digests = list(TAG.fileDigests);
    if (algorithm) {
        baseNames.forEach((base, i) => {
            const dir = dirNames[dirIndexes[i] ?? -1];
            const digest = digests[i];
            // Directories, links and ghosts have no digest.
            if (dir === undefined || !digest || !/^[0-9a-f]+$/.test(digest))
                return;
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
function packagesOf(blobs) {
    const packages = new Map();
    for (const blob of blobs) {
        const tags = parseRpmHeader(blob);
        const pkg = tags && rpmPackageOf(tags);
        if (pkg)
            packages.set(`${pkg.name}.${pkg.arch}`, pkg);
    }
    return packages;
}
/** The packages of a Berkeley DB `Packages` (rpm before 4.16), or undefined
 * when the file is not a hash database berkeley-db.ts reads. Its one value
 * that is not a header (key 0: the next package number) is no package. */
function parseRpmBerkeleyDb(file) {
    const values = hashDatabaseValues(file);
    return values && packagesOf(values);
}
let sqlJs;
const loadSqlJs = () => {
    sqlJs ??= loadSqlJsOnce();
    return sqlJs;
};
async function loadSqlJsOnce() {
    const { default: initSqlJs } = await __webpack_require__.e(/* import() */ 77).then(__webpack_require__.t.bind(__webpack_require__, 77, 23));
    // sql.js's Emscripten shell, on Node, assigns `module.exports` from inside
    // its init; a bundler (ncc) folds `typeof module` there into `true` while
    // `module` is not in scope, and the init throws. Its other path (no Node
    // file system, the WebAssembly decoded from the inlined base64) needs
    // nothing Node lacks, and Emscripten picks it while `process.type` is
    // "renderer", read synchronously as initSqlJs is called.
    const process = globalThis.process;
    const type = process.type;
    process.type = 'renderer';
    let loading;
    try {
        loading = initSqlJs();
    }
    finally {
        if (type === undefined)
            delete process.type;
        else
            process.type = type;
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
async function parseRpmdb(file) {
    const SQL = await loadSqlJs();
    let db;
    try {
        db = new SQL.Database(file);
        const rows = db.exec('SELECT blob FROM Packages')[0]?.values ?? [];
        return packagesOf(rows.flatMap(([blob]) => (blob instanceof Uint8Array ? [blob] : [])));
    }
    catch {
        return undefined;
    }
    finally {
        db?.close();
    }
}


/***/ })

};
