export const id = 719;
export const ids = [719];
export const modules = {

/***/ 9303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   __: () => (/* binding */ Budget),
/* harmony export */   dR: () => (/* binding */ DEFAULT_LIMITS),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export RATIO_FLOOR */
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9774);

/** The action's defaults (action.yml). */
const DEFAULT_LIMITS = { maxBytes: 32 * 1024 ** 3, maxEntries: 5_000_000, maxRatio: 200 };
/** Small layers compress well legitimately (a file of zeros); the ratio
 * limit only bites past this size, where a bomb would hurt. */
const RATIO_FLOOR = 64 * 1024 * 1024;
/** Counts what the audit has read and stops it, with the input to raise,
 * the moment a limit is passed: a decompression bomb costs at most the limit. */
class Budget {
    bytes = 0;
    entries = 0;
    /** Bytes read from the archive file itself, before any decompression. */
    archiveBytes = 0;
    limits;
    constructor(limits) {
        this.limits = limits;
    }
    addBytes(count) {
        this.bytes += count;
        if (this.bytes > this.limits.maxBytes) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-size', `was passed: the image holds more than ${formatBytes(this.limits.maxBytes)} of uncompressed data`, 'If the image is really this large, raise max-size; otherwise the archive may be a decompression bomb.');
        }
        // Over every level at once: the archive's own compression, its layers',
        // and archives nested in them all multiply, so what was read is held
        // against the size of the file it came from.
        if (this.archiveBytes > 0)
            this.checkRatio('the archive as a whole', this.archiveBytes, this.bytes);
    }
    /** Counts bytes read from the archive file (before decompression). */
    addArchiveBytes(count) {
        this.archiveBytes += count;
    }
    addEntry() {
        this.entries += 1;
        if (this.entries > this.limits.maxEntries) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-entries', `was passed: the image holds more than ${this.limits.maxEntries} files`, 'If the image really has this many files, raise max-entries.');
        }
    }
    checkRatio(layer, compressed, uncompressed) {
        if (uncompressed < RATIO_FLOOR || compressed === 0)
            return;
        if (uncompressed / compressed > this.limits.maxRatio) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-ratio', `was passed by ${layer}: ${formatBytes(compressed)} expands past ${formatBytes(uncompressed)}`, 'This looks like a decompression bomb; if the layer is genuine, raise max-ratio.');
        }
    }
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
/** `500MiB`, `20GiB`, `1.5GB`, `1048576`. */
function parseByteSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i.exec(text.trim());
    if (!match)
        return undefined;
    const unit = (match[2] ?? 'b').toLowerCase();
    const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0]];
    const base = unit.includes('i') || unit.length === 1 ? 1024 : 1000;
    return Math.floor(Number(match[1]) * base ** power);
}


/***/ }),

/***/ 8581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dj: () => (/* binding */ PathSetBuilder),
/* harmony export */   a6: () => (/* binding */ hasPath)
/* harmony export */ });
/* unused harmony exports pathHash, pathSetOf */
/** Two 32-bit hashes of the UTF-16 code units (FNV-1a, and a multiply-xor
 * mix seeded apart), joined into the 53 bits a double holds exactly. */
function pathHash(path) {
    let fnv = 0x811c9dc5;
    let mix = 0x9e3779b9;
    for (let at = 0; at < path.length; at++) {
        const code = path.charCodeAt(at);
        fnv = Math.imul(fnv ^ code, 0x01000193);
        mix = Math.imul(mix ^ code, 0x5bd1e995);
        mix ^= mix >>> 15;
    }
    return (fnv >>> 0) * 2 ** 21 + (mix >>> 11);
}
class PathSetBuilder {
    hashes = [];
    add(path) {
        this.hashes.push(pathHash(path));
    }
    build() {
        return { hashes: Float64Array.from(this.hashes).sort() };
    }
}
function pathSetOf(paths) {
    const builder = new PathSetBuilder();
    for (const path of paths)
        builder.add(path);
    return builder.build();
}
function hasPath(set, path) {
    const hash = pathHash(path);
    const { hashes } = set;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = hashes[middle] ?? 0;
        if (value === hash)
            return true;
        if (value < hash)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return false;
}


/***/ }),

/***/ 3719:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ readArchiveHere),
  k: () => (/* binding */ readArchiveInWorker)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../image-audit/src/scan/rules/ruleset.ts + 1 modules
var ruleset = __webpack_require__(463);
// EXTERNAL MODULE: ../image-audit/src/scan/scan-pool.ts + 1 modules
var scan_pool = __webpack_require__(4101);
// EXTERNAL MODULE: ../image-audit/src/workers/threads.ts
var workers_threads = __webpack_require__(2559);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ../../node_modules/fflate/esm/index.mjs
var esm = __webpack_require__(6238);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ../image-audit/src/read/compression.ts


/** From magic bytes, never from a media type or file name: archives lie. */
function detectCompression(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
        return 'zstd';
    return 'none';
}
/** A POSIX/GNU tar header: `ustar` at offset 257. */
function looksLikeTar(head) {
    return Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}
/** An empty tar (a layer that only deletes nothing) is just zero blocks. */
function isZeroBlock(head) {
    return head.length >= 512 && head.subarray(0, 512).every((byte) => byte === 0);
}
/**
 * Reads the first `size` bytes of a stream without losing them: returns the
 * head and an iterable of the whole stream, head included.
 */
async function peek(source, size) {
    const iterator = source[Symbol.asyncIterator]();
    const chunks = [];
    let length = 0;
    let done = false;
    while (length < size) {
        const next = await iterator.next();
        if (next.done) {
            done = true;
            break;
        }
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        chunks.push(chunk);
        length += chunk.length;
    }
    const head = Buffer.concat(chunks);
    async function* whole() {
        if (head.length > 0)
            yield head;
        if (done)
            return;
        for (;;) {
            const next = await iterator.next();
            if (next.done)
                return;
            yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        }
    }
    return { head, stream: whole() };
}
/** The decompressed bytes of a stream, with `onCompressed` told each raw
 * chunk's size (for the bomb ratio). zlib runs on libuv's thread pool, so
 * decompression overlaps with scanning on the main thread. */
function decompress(source, compression, onCompressed) {
    async function* counted() {
        for await (const chunk of source) {
            onCompressed(chunk.length);
            yield chunk;
        }
    }
    if (compression === 'none')
        return counted();
    // Room for 1 MiB of output before zlib waits for the reader: at the
    // default 16 KiB, zlib (on libuv's pool) and the reader took turns instead
    // of overlapping; a 1 GiB bare walk went from 3.0 to 2.75 s.
    const options = { chunkSize: 256 * 1024, readableHighWaterMark: 1024 * 1024 };
    const inflater = compression === 'gzip' ? (0,external_node_zlib_.createGunzip)(options) : (0,external_node_zlib_.createZstdDecompress)(options);
    // pipeline, not pipe: a failing source must fail the inflater's reader;
    // and a truncated stream's error may come after the last chunk, so the
    // reader waits for the pipeline's verdict before it finishes.
    let failure;
    const settled = new Promise((resolve) => {
        (0,external_node_stream_.pipeline)(external_node_stream_.Readable.from(counted(), { objectMode: false }), inflater, (error) => {
            failure = error ?? undefined;
            resolve();
        });
    });
    return (async function* inflated() {
        for await (const chunk of inflater)
            yield chunk;
        await settled;
        if (failure)
            throw failure;
    })();
}

// EXTERNAL MODULE: ../image-audit/src/read/tar-walk.ts
var tar_walk = __webpack_require__(1492);
// EXTERNAL MODULE: ../../node_modules/xz-decompress/dist/package/xz-decompress.js
var xz_decompress = __webpack_require__(7238);
var xz_decompress_default = /*#__PURE__*/__webpack_require__.n(xz_decompress);
;// CONCATENATED MODULE: ../image-audit/src/read/xz.ts

// A webpack-built UMD module marked __esModule: Node's ESM loader gives it
// as the default export, a bundler (ncc) as the namespace itself.
const { XzReadableStream } = (xz_decompress_default()) ?? xz_decompress;
/** An xz stream: `FD 37 7A 58 5A 00` (the .xz format's magic). */
function isXz(head) {
    return (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0);
}
/** The decoder in use on this thread ends this promise. xz-decompress
 * decodes one stream at a time (a second waits for the first to end), so
 * an xz is never opened inside another xz (nested.ts scans it as bytes):
 * the inner one would wait for the outer one forever. */
let inUse = Promise.resolve();
async function takeDecoder() {
    const before = inUse;
    let release = () => { };
    inUse = new Promise((resolve) => {
        release = resolve;
    });
    await before;
    return release;
}
/**
 * The decompressed bytes of an xz stream (concatenated streams included),
 * decoded by xz-embedded compiled to WebAssembly (xz-decompress: no native
 * addon, bundles with ncc). Output comes in the decoder's chunks as they are
 * pulled, so memory holds one chunk whatever the size; `close` ends the
 * decoder whether or not it was read to the end, and must be called.
 */
function xzStream(source) {
    const input = source[Symbol.asyncIterator]();
    const compressed = new ReadableStream({
        async pull(controller) {
            const next = await input.next();
            if (next.done)
                controller.close();
            else
                controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        },
    });
    let reader;
    let finished = false;
    let giveBack = () => { };
    const release = () => {
        finished = true;
        giveBack();
    };
    const stream = (async function* () {
        // Made on the first read, so the decoder is taken only when it is used,
        // and always given back (read to the end, or cancelled).
        giveBack = await takeDecoder();
        reader = new XzReadableStream(compressed).getReader();
        try {
            for (;;) {
                const next = await reader.read();
                if (next.done)
                    return;
                yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
            }
        }
        catch (error) {
            throw new Error(`not a valid xz stream (${error instanceof Error ? error.message : String(error)})`);
        }
        finally {
            if (!finished) {
                await reader.cancel().catch(() => { });
                release();
            }
        }
    })();
    return {
        stream,
        close: async () => {
            if (finished)
                return;
            // Never read, it took nothing; else this waits for a read in flight.
            await stream.return(undefined).catch(() => { });
            if (reader !== undefined)
                release();
        },
    };
}

;// CONCATENATED MODULE: ../image-audit/src/read/nested.ts





/** Archives inside archives are opened this many levels down (a jar in a
 * war in an image layer is 2); deeper ones are scanned as bytes. */
const MAX_NESTING = 4;
/** From magic bytes: zip (jar, war, ear, whl, apk…), gzip (.gz, .tgz), xz
 * (.xz, .txz, .tar.xz; not inside another xz: read/xz.ts), tar. bzip2 is
 * not opened (README "Nested archives"): its bytes are scanned as they are. */
function nestedKind(head, insideXz = false) {
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
        return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08)
        return 'gzip';
    if (isXz(head) && !insideXz)
        return 'xz';
    if (head.length >= 262 && looksLikeTar(head))
        return 'tar';
    return undefined;
}
/**
 * Opens an archive found inside a layer and scans each member as a file of
 * its own, named `archive!/member`; members that are archives are opened in
 * turn (up to MAX_NESTING). Every member counts against max-entries and its
 * bytes against max-size; the ratio is counted over every level (Budget).
 * A member's hits carry its full path.
 */
async function scanNested(kind, path, content, budget, scanMember, insideXz = false) {
    const members = [];
    const add = (memberPath, file) => {
        const hits = file.hits.then((found) => found.map((hit) => (hit.path ? hit : { ...hit, path: memberPath })));
        hits.catch(() => { });
        members.push(hits);
    };
    try {
        if (kind === 'zip')
            await readZip(path, content, budget, (m, c) => scanMember(m, c, insideXz), add);
        else if (kind === 'tar')
            await readTar(path, content, budget, (m, c) => scanMember(m, c, insideXz), add);
        else if (kind === 'gzip') {
            await readCompressed(path, decompress(content, 'gzip', () => { }), /\.t?gz$/i, budget, (m, c) => scanMember(m, c, insideXz), add);
        }
        else {
            const xz = xzStream(content);
            try {
                await readCompressed(path, xz.stream, /\.(txz|xz)$/i, budget, (m, c) => scanMember(m, c, true), add);
            }
            finally {
                await xz.close();
            }
        }
    }
    catch (error) {
        // A limit passed is the user's to raise; a corrupt member archive is not
        // the image's fault to fail on: what was read is reported.
        if (error instanceof src/* KeyturnError */.FB)
            throw error;
        for await (const _ of content) {
            // drain what is left, so the layer walk goes on
        }
    }
    const hits = Promise.all(members).then((lists) => lists.flat());
    hits.catch(() => { });
    return { hits };
}
/** A compressed stream: a tar's members, or the one file it holds,
 * named after the archive without its suffix (`NEWS.gz!/NEWS`). */
async function readCompressed(path, inflated, suffix, budget, scanMember, add) {
    const peeked = await peek(inflated, 512);
    if (looksLikeTar(peeked.head)) {
        await readTar(path, peeked.stream, budget, scanMember, add);
        return;
    }
    const stem = (path.split('!/').pop() ?? path).split('/').pop()?.replace(suffix, '') || 'content';
    const member = `${path}!/${stem}`;
    budget.addEntry();
    add(member, await scanMember(member, peeked.stream));
}
async function readTar(path, content, budget, scanMember, add) {
    await (0,tar_walk/* walkTar */.N)(content, async (entry) => {
        budget.addEntry();
        if (entry.path === '' || (entry.type !== 'file' && entry.type !== 'contiguous-file'))
            return;
        const member = `${path}!/${entry.path}`;
        add(member, await scanMember(member, entry.content));
    });
}
/** The bytes of one zip member as fflate inflates them, handed to its
 * scanner as they come. */
class MemberStream {
    chunks = [];
    ended = false;
    wake;
    drainedWaiter;
    push(chunk) {
        this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        this.wake?.();
    }
    end() {
        this.ended = true;
        this.wake?.();
    }
    /** Resolves once the reader has taken every chunk pushed so far. */
    drained() {
        if (this.chunks.length === 0)
            return Promise.resolve();
        return new Promise((resolve) => {
            this.drainedWaiter = resolve;
        });
    }
    async *[Symbol.asyncIterator]() {
        for (;;) {
            const chunk = this.chunks.shift();
            if (chunk) {
                if (this.chunks.length === 0)
                    this.drainedWaiter?.();
                yield chunk;
                continue;
            }
            this.drainedWaiter?.();
            if (this.ended)
                return;
            await new Promise((resolve) => {
                this.wake = resolve;
            });
            this.wake = undefined;
        }
    }
}
/** A zip (jar, war, whl, apk…) read as a stream with fflate: local headers
 * in order, stored and deflated members; others are skipped. */
async function readZip(path, content, budget, scanMember, add) {
    const open = new Set();
    const started = [];
    let failure;
    const unzip = new esm/* Unzip */.HJ((file) => {
        try {
            budget.addEntry();
        }
        catch (error) {
            failure ??= error;
            return;
        }
        if (file.name.endsWith('/') || (file.compression !== 0 && file.compression !== 8))
            return;
        const member = `${path}!/${file.name.replace(/^\/+/, '')}`;
        const stream = new MemberStream();
        open.add(stream);
        file.ondata = (error, data, final) => {
            if (error) {
                failure ??= error;
                stream.end();
                open.delete(stream);
                return;
            }
            if (data.length > 0)
                stream.push(data);
            if (final) {
                stream.end();
                open.delete(stream);
            }
        };
        const scanning = scanMember(member, stream).then((pending) => add(member, pending));
        scanning.catch((error) => {
            failure ??= error;
        });
        started.push(scanning);
        file.start();
    });
    unzip.register(esm/* UnzipInflate */.mM);
    for await (const chunk of content) {
        unzip.push(chunk);
        if (failure !== undefined)
            throw failure;
        // Memory holds what one input chunk inflated to: each member's scanner
        // takes its bytes before the next chunk is pushed.
        await Promise.all([...open].map((stream) => stream.drained()));
    }
    unzip.push(new Uint8Array(0), true);
    for (const stream of open)
        stream.end();
    await Promise.all(started);
    if (failure !== undefined)
        throw failure;
}

;// CONCATENATED MODULE: ../image-audit/src/read/packages.ts

function emptyPackages() {
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
const MAX_RECORD_BYTES = 32 * 1024 * 1024;
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
function recordKind(path) {
    if (path === 'var/lib/dpkg/status')
        return 'dpkg-status';
    const info = DPKG_INFO.exec(path);
    if (info)
        return info[2] === 'md5sums' ? 'md5sums' : 'list';
    const statusD = STATUS_D.exec(path);
    if (statusD)
        return statusD[2] ? 'status-d-md5sums' : 'status-d';
    if (APK_INSTALLED.test(path))
        return 'apk-installed';
    if (RPMDB.test(path))
        return 'rpmdb';
    if (RPMDB_BDB.test(path))
        return 'rpmdb-bdb';
    if (DIST_INFO_RECORD.test(path))
        return 'python-record';
    if (NPM_PACKAGE_JSON.test(path))
        return 'npm-package';
    if (LOCKFILE.test(path))
        return 'lockfile';
    return undefined;
}
const packageName = (infoName) => infoName.replace(/:[a-z0-9-]+$/, '');
const relative = (path) => path.replace(/^\.?\/+/, '');
/** Reads one record into the layer's maps; a record that cannot be read is left out (untrusted). */
async function addRecord(packages, path, bytes) {
    const kind = recordKind(path);
    if (kind === 'rpmdb' || kind === 'rpmdb-bdb') {
        // A layer that writes both has an rpm that reads SQLite: a Packages
        // beside it is what the conversion to SQLite left behind.
        if (kind === 'rpmdb-bdb' && packages.rpmdbPath && RPMDB.test(packages.rpmdbPath))
            return;
        // Binary; rpm.ts (and sql.js) load only for an image that holds one.
        const rpm = await __webpack_require__.e(/* import() */ 323).then(__webpack_require__.bind(__webpack_require__, 7323));
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
            const paths = new Set();
            for (const line of text.split('\n'))
                if (line.trim() !== '')
                    paths.add(relative(line.trim()));
            packages.lists.set(packageName(DPKG_INFO.exec(path)?.[1] ?? ''), paths);
            return;
        }
        case 'python-record': {
            const match = DIST_INFO_RECORD.exec(path);
            const site = match?.[1] ?? '';
            const files = new Map();
            for (const line of text.split('\n')) {
                // path,sha256=<urlsafe base64, no padding>,size (a path with a comma is quoted, CSV)
                const fields = /^(?:"((?:[^"]|"")*)"|([^,]*)),sha256=([A-Za-z0-9_-]{43}),/.exec(line);
                if (!fields)
                    continue;
                const file = (fields[1] ?? fields[2] ?? '').replace(/""/g, '"');
                const resolved = resolveUnder(site, file);
                if (resolved)
                    files.set(resolved, Buffer.from(fields[3] ?? '', 'base64url').toString('hex'));
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
            if (name && version && dir.endsWith(`node_modules/${name}`))
                packages.npmPackages.set(dir, { name, version });
            return;
        }
        case 'lockfile': {
            const parsed = parseJson(text);
            const entries = parsed?.packages;
            if (!entries || typeof entries !== 'object')
                return;
            const locked = new Map();
            for (const [key, value] of Object.entries(entries)) {
                if (!key.startsWith('node_modules/') || !value || typeof value !== 'object')
                    continue;
                const entry = value;
                if (typeof entry.version !== 'string')
                    continue;
                locked.set(key, {
                    version: entry.version,
                    fromRegistry: entry.link !== true &&
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
function parseJson(text) {
    try {
        const value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** `site/` + a RECORD path (which may climb: `../../../bin/tool`), or undefined when it leaves the root. */
function resolveUnder(site, file) {
    if (file.startsWith('/'))
        return relative(file);
    const parts = site.split('/').filter(Boolean);
    for (const part of file.split('/')) {
        if (part === '..') {
            if (parts.length === 0)
                return undefined;
            parts.pop();
        }
        else if (part !== '.' && part !== '')
            parts.push(part);
    }
    return parts.join('/');
}
/** `md5  path` lines (dpkg's and distroless's md5sums, deb-md5sums(5)). */
function parseMd5sums(text) {
    const files = new Map();
    for (const line of text.split('\n')) {
        const match = /^([0-9a-f]{32}) [ *]?(.+)$/.exec(line);
        if (match?.[1] && match[2])
            files.set(relative(match[2]), match[1]);
    }
    return files;
}
/** deb822 stanzas with a Package and a Version (dpkg's status, a .deb's control). */
function parseStanzas(text) {
    const stanzas = [];
    for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name) => new RegExp(`^${name}: *(.*)$`, 'm').exec(stanza)?.[1]?.trim();
        const name = field('Package');
        const version = field('Version');
        if (name && version)
            stanzas.push({ package: name, version, status: field('Status') });
    }
    return stanzas;
}
function parseDpkgStatus(text) {
    const packages = new Map();
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
function parseApkInstalled(text) {
    const packages = new Map();
    for (const stanza of text.split(/\n\s*\n/)) {
        let name;
        let version;
        let checksum;
        let dir = '';
        let file;
        const files = new Map();
        for (const line of stanza.split('\n')) {
            const key = line[0];
            if (line[1] !== ':' || key === undefined)
                continue;
            const value = line.slice(2);
            if (key === 'P')
                name = value;
            else if (key === 'V')
                version = value;
            else if (key === 'C')
                checksum = value;
            else if (key === 'F') {
                dir = relative(value).replace(/\/+$/, '');
                file = undefined;
            }
            else if (key === 'R')
                file = dir === '' ? value : `${dir}/${value}`;
            else if (key === 'Z' && file !== undefined) {
                const digest = apkDigest(value);
                if (digest)
                    files.set(file, digest);
            }
        }
        if (name && version)
            packages.set(name, { name, version, checksum, files });
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
function apkDigest(value) {
    const form = /^([QX])([12])(.*)$/.exec(value);
    if (!form)
        return undefined;
    const [, encoding, , data = ''] = form;
    const valid = encoding === 'Q' ? /^[A-Za-z0-9+/]+={0,2}$/ : /^[0-9a-fA-F]+$/;
    if (!valid.test(data))
        return undefined;
    const bytes = Buffer.from(data, encoding === 'Q' ? 'base64' : 'hex');
    // Exact lengths only: 28 or 44 base64 characters, 40 or 64 hex digits.
    const expected = (length) => (encoding === 'Q' ? 4 * Math.ceil(length / 3) : 2 * length);
    if (bytes.length === 20 && data.length === expected(20) && form[2] === '1')
        return `sha1:${bytes.toString('hex')}`;
    if (bytes.length === 32 && data.length === expected(32))
        return `sha256:${bytes.toString('hex')}`;
    return undefined;
}
/** The hashes digestsWanted asks for, fed together; undefined when none is. */
function fileDigests(wanted) {
    const hashes = ['md5', 'sha1', 'sha256']
        .filter((algorithm) => wanted[algorithm])
        .map((algorithm) => [algorithm, (0,external_node_crypto_.createHash)(algorithm)]);
    if (hashes.length === 0)
        return undefined;
    return {
        update(chunk) {
            for (const [, hash] of hashes)
                hash.update(chunk);
        },
        result() {
            return Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')]));
        },
    };
}
function digestsWanted(path) {
    const python = /(^|\/)(site|dist)-packages\//.test(path) || /(^|\/)usr\/local\/bin\//.test(path);
    const system = /^(?:usr\/(?!local\/)|(?:lib|lib32|lib64|libx32|bin|sbin|etc|opt|var\/lib)\/)/.test(path);
    return { md5: system, sha1: system, sha256: python || system };
}

// EXTERNAL MODULE: ../image-audit/src/scan/redact.ts
var redact = __webpack_require__(7205);
;// CONCATENATED MODULE: ../image-audit/src/scan/rules/paths.ts
const ONLY_PUBLIC_PEM = (text) => /-----BEGIN /.test(text) && !/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(text) && !/PRIVATE/.test(text);
const PATH_RULES = [
    {
        id: 'ssh-private-key-file',
        description: 'SSH private key file',
        severity: 'high',
        test: (_path, base) => /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(base) || /^ssh_host_\w+_key$/.test(base),
    },
    {
        id: 'keystore-file',
        description: 'PKCS#12 / Java keystore file',
        severity: 'high',
        test: (_path, base) => /\.(?:p12|pfx|jks|keystore)$/i.test(base),
    },
    {
        id: 'key-file',
        description: 'Key file (*.key)',
        severity: 'medium',
        test: (_path, base) => /\.key$/i.test(base),
        harmless: ONLY_PUBLIC_PEM,
    },
    {
        id: 'pem-file',
        description: 'PEM file holding more than certificates',
        severity: 'medium',
        test: (_path, base) => /\.pem$/i.test(base),
        harmless: ONLY_PUBLIC_PEM,
    },
    {
        id: 'git-credentials-file',
        description: 'git credential store (.git-credentials)',
        severity: 'high',
        test: (_path, base) => base === '.git-credentials',
    },
    {
        id: 'terraform-state-file',
        description: 'Terraform state (holds every secret Terraform manages)',
        severity: 'high',
        test: (_path, base) => /^terraform\.tfstate(?:\.backup)?$/.test(base),
    },
    {
        id: 'dotenv-file',
        description: 'dotenv file (.env)',
        severity: 'medium',
        test: (_path, base) => base === '.env' || (/^\.env\.[\w.-]+$/.test(base) && !/(?:example|sample|template|dist|defaults?)$/i.test(base)),
    },
    {
        id: 'npmrc-file',
        description: 'npm config file (.npmrc)',
        severity: 'low',
        test: (path, base) => base === '.npmrc' || path.endsWith('etc/npmrc'),
    },
    {
        id: 'pypirc-file',
        description: 'PyPI config file (.pypirc)',
        severity: 'low',
        test: (_path, base) => base === '.pypirc',
    },
    {
        id: 'netrc-file',
        description: 'netrc file',
        severity: 'low',
        test: (_path, base) => base === '.netrc' || base === '_netrc',
    },
    {
        id: 'docker-config-file',
        description: 'Docker client config (.docker/config.json)',
        severity: 'low',
        test: (path) => path.endsWith('.docker/config.json'),
    },
    {
        id: 'aws-credentials-file',
        description: 'AWS shared credentials file',
        severity: 'low',
        test: (path) => path.endsWith('.aws/credentials'),
    },
    {
        id: 'kubeconfig-file',
        description: 'Kubernetes kubeconfig',
        severity: 'low',
        test: (path, base) => path.endsWith('.kube/config') || base === 'kubeconfig',
    },
    {
        id: 'git-directory',
        description: 'A .git directory (history may hold secrets removed from the tree)',
        severity: 'low',
        // One finding per repository, on the file every repository has.
        test: (path) => /(?:^|\/)\.git\/HEAD$/.test(path),
    },
];
/** A necessary condition for every rule above, on the file's name: the
 * rules' fourteen tests ran on every file (~3 µs each), and nearly no file
 * of an image (node_modules, /usr) passes this one. test/paths.test.ts
 * holds it to the rules. */
const MAYBE_CREDENTIAL_FILE = /^(?:\.|id_|ssh_host_|terraform\.tfstate|_netrc$|npmrc$|config\.json$|credentials$|config$|kubeconfig$|head$)|\.(?:p12|pfx|jks|keystore|key|pem)$/i;
function matchPathRule(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (!MAYBE_CREDENTIAL_FILE.test(base))
        return undefined;
    return PATH_RULES.find((rule) => rule.test(path, base));
}

;// CONCATENATED MODULE: ../image-audit/src/scan/file-scan.ts







/** Text is scanned in windows of this size; files up to it in one piece. */
const WINDOW = 1024 * 1024;
/**
 * Reads one file's bytes as they stream and hands them, in overlapping
 * windows, to the window scanner: memory holds one window whatever the
 * file's size. Returns once the bytes are read; the hits follow when the
 * scanner (maybe a worker thread) is done, so reading never waits on regexes.
 */
async function scanFile(path, content, scanner, budget, depth = 0, insideXz = false) {
    // The first chunk tells an archive (a jar, a .tgz…) from any other file;
    // the rest of the file is read from the same iterator.
    const iterator = content[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstChunk = first.done ? undefined : first.value;
    const rest = { [Symbol.asyncIterator]: () => iterator };
    const kind = firstChunk && depth < MAX_NESTING ? nestedKind(firstChunk, insideXz) : undefined;
    if (kind && firstChunk) {
        // An archive a package installed (docs' .gz, a .jar in /usr/share/java)
        // is explained by its own hash: its members' hits carry it.
        const digests = fileDigests(digestsWanted(path));
        const whole = (async function* () {
            digests?.update(firstChunk);
            yield firstChunk;
            for await (const chunk of rest) {
                digests?.update(chunk);
                yield chunk;
            }
        })();
        const scanned = await scanNested(kind, path, whole, budget, (member, bytes, xz) => scanFile(member, bytes, scanner, budget, depth + 1, xz), insideXz);
        const container = digests?.result();
        const members = container
            ? { hits: scanned.hits.then((hits) => hits.map((hit) => ({ ...hit, file: container }))) }
            : scanned;
        members.hits.catch(() => { });
        const pathRule = matchPathRule(path);
        if (!pathRule)
            return members;
        // A credential file by its name (a keystore.jks is a zip) is still one.
        const hits = members.hits.then((found) => [
            ...found,
            {
                ruleId: pathRule.id,
                description: pathRule.description,
                severity: pathRule.severity,
                secretHash: (0,redact/* sha256Hex */.fg)(`path:${path}`),
                excerpt: 'credential file by path (an archive; content not shown)',
            },
        ]);
        hits.catch(() => { });
        return { hits };
    }
    return scanPlain(path, firstChunk, rest, scanner, budget);
}
async function scanPlain(path, firstChunk, content, scanner, budget) {
    const pathRule = matchPathRule(path);
    const digest = pathRule ? (0,external_node_crypto_.createHash)('sha256') : undefined;
    // The file's own hashes, for the third-party check, only where a package
    // record could explain it: a file up to KEEP_FOR_HASHING is kept until
    // its hits are known (hashed only when it has some); a larger one is
    // hashed as it streams.
    const wanted = digestsWanted(path);
    let kept = wanted.md5 || wanted.sha1 || wanted.sha256 ? [] : undefined;
    let digests;
    let head = '';
    let size = 0;
    let pending = [];
    let pendingLength = 0;
    const windows = [];
    // A window may fail (its scan worker stopped) while the file is still
    // being read, before Promise.all below is attached: unhandled, that would
    // stop the reading thread with a less telling error.
    const scan = (parts, length, last) => {
        const result = scanner.scan(parts, length, path, last);
        result.catch(() => { });
        windows.push(result);
    };
    let decoder;
    let first = true;
    const add = (bytes) => {
        pending.push(bytes);
        pendingLength += bytes.length;
    };
    const take = (chunk) => {
        size += chunk.length;
        budget.addBytes(chunk.length);
        digest?.update(chunk);
        if (kept) {
            kept.push(chunk);
            if (size > KEEP_FOR_HASHING) {
                digests = fileDigests(wanted);
                for (const part of kept)
                    digests?.update(part);
                kept = undefined;
            }
        }
        else {
            digests?.update(chunk);
        }
        if (pathRule && head.length < 65536)
            head += chunk.subarray(0, 65536).toString('latin1');
        if (first) {
            first = false;
            const encoding = utf16Of(chunk);
            if (encoding)
                decoder = new external_node_util_.TextDecoder(encoding);
        }
        // UTF-16 text is scanned as UTF-8, as any other text file is read.
        add(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
        while (pendingLength >= WINDOW + scan_pool/* OVERLAP */.sH) {
            // The window is handed over as the chunks it spans, not joined: the
            // ring copies them in place, and only a window scanned on this thread
            // is joined (a 1 MiB copy and allocation fewer per window, with
            // less garbage to collect on the reading thread).
            const [window, rest] = cut(pending, WINDOW + scan_pool/* OVERLAP */.sH, WINDOW);
            scan(window, WINDOW + scan_pool/* OVERLAP */.sH, false);
            pending = rest;
            pendingLength -= WINDOW;
        }
    };
    if (firstChunk)
        take(firstChunk);
    for await (const chunk of content)
        take(chunk);
    if (decoder)
        add(Buffer.from(decoder.decode(), 'utf8'));
    if (pendingLength > 0 || windows.length === 0) {
        scan(pending, pendingLength, true);
    }
    const hits = Promise.all(windows).then((results) => {
        let all = [];
        let linesBefore = 0;
        for (const result of results) {
            for (const hit of result.hits)
                all.push({ ...hit, line: linesBefore + (hit.line ?? 1) });
            linesBefore += result.newlines;
            if (all.length > 4 * MAX_HITS_PER_FILE)
                all = (0,redact/* keepUnderCap */.ip)(all, MAX_HITS_PER_FILE);
        }
        let found = (0,redact/* keepUnderCap */.ip)(all, MAX_HITS_PER_FILE);
        if (found.length > 0 && (kept || digests)) {
            if (kept) {
                digests = fileDigests(wanted);
                for (const part of kept)
                    digests?.update(part);
            }
            const file = digests?.result();
            if (file)
                found = found.map((hit) => ({ ...hit, file }));
        }
        kept = undefined;
        if (pathRule && digest && found.length === 0 && !(pathRule.harmless?.(head) ?? false)) {
            found.push({
                ruleId: pathRule.id,
                description: pathRule.description,
                severity: pathRule.severity,
                secretHash: digest.digest('hex'),
                excerpt: `credential file by path (${size} bytes; content not shown)`,
            });
        }
        return found;
    });
    // Rejections surface when the layer awaits its files; avoid an unhandled
    // rejection before then.
    hits.catch(() => { });
    return { hits };
}
/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_FILE = 20;
/** A package file up to this size is kept (the chunks it was read in,
 * until its hits are known) and hashed only when it has some; a larger one
 * is hashed as it streams. At 1 MiB, every shared library, archive and
 * binary past it was hashed on the reading thread (md5 and sha1 on system
 * paths, sha256 on Python's), nearly always for nothing: on the 1 GiB bench
 * image ~215 MB of them. What is kept is the files whose windows wait in
 * the ring (bounded by it) and the one being read. */
const KEEP_FOR_HASHING = 4 * 1024 * 1024;
/** The chunks holding the first `length` bytes of `parts`, and those from
 * byte `from` on (the next window, which overlaps this one): views into the
 * same chunks, nothing copied. */
function cut(parts, length, from) {
    const window = [];
    const rest = [];
    let at = 0;
    for (const part of parts) {
        const end = at + part.length;
        if (at < length)
            window.push(end <= length ? part : part.subarray(0, length - at));
        if (end > from)
            rest.push(at >= from ? part : part.subarray(from - at));
        at = end;
    }
    return [window, rest];
}
const printable = (byte) => byte !== undefined && ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d);
/** UTF-16 by its byte-order mark, or without one by its shape: text whose
 * first characters are all ASCII has a zero in every other byte. */
function utf16Of(head) {
    if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0))
        return 'utf-16le';
    if (head[0] === 0xfe && head[1] === 0xff)
        return 'utf-16be';
    const pairs = Math.min(128, Math.floor(head.length / 2));
    if (pairs < 8)
        return undefined;
    let le = 0;
    let be = 0;
    for (let i = 0; i < pairs * 2; i += 2) {
        if (head[i + 1] === 0 && printable(head[i]))
            le++;
        if (head[i] === 0 && printable(head[i + 1]))
            be++;
    }
    if (le === pairs)
        return 'utf-16le';
    if (be === pairs)
        return 'utf-16be';
    return undefined;
}

// EXTERNAL MODULE: ../image-audit/src/read/path-set.ts
var path_set = __webpack_require__(8581);
;// CONCATENATED MODULE: ../image-audit/src/read/layer.ts






const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
function split(path) {
    const slash = path.lastIndexOf('/');
    return slash === -1 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}
/** Walks one layer (an uncompressed tar stream): records its changes and
 * scans every regular file's content and path. Resolves when the layer is
 * read; `scanned` resolves when every file's hits are in `hits`. */
async function scanLayer(tar, scanner, budget) {
    const entries = new path_set/* PathSetBuilder */.Dj();
    const nonDirectories = new path_set/* PathSetBuilder */.Dj();
    const whiteouts = new path_set/* PathSetBuilder */.Dj();
    const opaqueDirs = new path_set/* PathSetBuilder */.Dj();
    const hits = [];
    let fileCount = 0;
    let bytes = 0;
    const files = [];
    const packages = emptyPackages();
    await (0,tar_walk/* walkTar */.N)(tar, async (entry) => {
        budget.addEntry();
        if (entry.path === '')
            return;
        const { dir, base } = split(entry.path);
        if (base === OPAQUE_MARKER) {
            opaqueDirs.add(dir);
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            const removed = base.slice(WHITEOUT_PREFIX.length);
            whiteouts.add(dir === '' ? removed : `${dir}/${removed}`);
            return;
        }
        entries.add(entry.path);
        if (entry.type !== 'directory')
            nonDirectories.add(entry.path);
        if (entry.type === 'file' || entry.type === 'contiguous-file') {
            fileCount += 1;
            bytes += entry.size;
            if (recordKind(entry.path) && entry.size <= MAX_RECORD_BYTES) {
                // A package record is scanned like any file, and kept to explain others.
                const chunks = [];
                const content = entry.content;
                const teed = (async function* () {
                    for await (const chunk of content) {
                        chunks.push(chunk);
                        yield chunk;
                    }
                })();
                files.push({ path: entry.path, pending: await scanFile(entry.path, teed, scanner, budget) });
                await addRecord(packages, entry.path, Buffer.concat(chunks));
            }
            else {
                files.push({ path: entry.path, pending: await scanFile(entry.path, entry.content, scanner, budget) });
            }
        }
        else if (entry.type === 'link') {
            // A hard link shares its target's bytes (scanned there); its name can
            // still make it a credential file.
            const rule = matchPathRule(entry.path);
            if (rule) {
                hits.push({
                    path: entry.path,
                    hit: {
                        ruleId: rule.id,
                        description: rule.description,
                        severity: rule.severity,
                        secretHash: (0,redact/* sha256Hex */.fg)(`link:${entry.linkname ?? ''}`),
                        excerpt: `hard link to ${entry.linkname ?? '?'} (content reported there)`,
                    },
                });
            }
        }
    });
    const index = {
        entries: entries.build(),
        nonDirectories: nonDirectories.build(),
        whiteouts: whiteouts.build(),
        opaqueDirs: opaqueDirs.build(),
    };
    const scanned = (async () => {
        for (const file of files) {
            for (const hit of await file.pending.hits)
                hits.push({ path: hit.path ?? file.path, hit });
        }
    })();
    scanned.catch(() => { });
    return { scan: { index, hits, files: fileCount, bytes, packages }, scanned };
}

;// CONCATENATED MODULE: ../image-audit/src/read/archive.ts





/** JSON documents (manifests, configs, indexes, attestations) are kept
 * whole; anything larger is not metadata and is scanned as a file. */
const MAX_JSON = 16 * 1024 * 1024;
/** Image metadata is a few levels deep; a document nested past this is not
 * metadata (and would cost a stack to copy between threads or walk). */
const MAX_JSON_DEPTH = 128;
/** Whether JSON text nests at most `max` levels (strings skipped). */
function nestedAtMost(text, max) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22)
            inString = true;
        else if (c === 0x7b || c === 0x5b) {
            if (++depth > max)
                return false;
        }
        else if (c === 0x7d || c === 0x5d)
            depth--;
    }
    return true;
}
const ARCHIVE_FIX = 'Give the output of `docker save IMAGE -o image.tar` (optionally gzip- or zstd-compressed) or an OCI image layout packed with tar.';
async function* single(buffer) {
    yield buffer;
}
function resolveLink(name, target, hard) {
    if (hard || target.startsWith('/'))
        return (0,tar_walk/* normalizePath */.F)(target);
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    return (0,tar_walk/* normalizePath */.F)(`${dir}/${target}`);
}
/**
 * Reads a `docker save` or OCI layout archive in ONE streaming pass. Entries
 * are classified by content (JSON, a tar layer plain/gzip/zstd, anything
 * else), because manifest.json may come last and blob names say nothing.
 * Layers are scanned as they stream by; which image and position each layer
 * has is worked out afterwards from the JSON (see image-model.ts).
 */
async function readArchive(source, scanner, budget) {
    const scanning = [];
    const contents = {
        json: new Map(),
        layers: new Map(),
        links: new Map(),
        otherHits: [],
        jsonHits: new Map(),
        names: new Set(),
        notes: [],
        outerCompression: 'none',
    };
    const outer = await peek(source, 512);
    contents.outerCompression = detectCompression(outer.head);
    const tar = decompress(outer.stream, contents.outerCompression, (n) => budget.addArchiveBytes(n));
    try {
        await (0,tar_walk/* walkTar */.N)(tar, (entry) => readEntry(entry));
    }
    catch (error) {
        if (error instanceof src/* KeyturnError */.FB)
            throw error;
        throw new src/* InputError */.dz('archive', `is not a readable tar archive (${(0,src/* errorMessage */.gJ)(error)})`, ARCHIVE_FIX);
    }
    await Promise.all(scanning);
    return contents;
    function otherFile(path, file) {
        scanning.push(file.hits.then((hits) => {
            for (const hit of hits)
                contents.otherHits.push({ path: hit.path ?? path, hit });
        }));
    }
    async function readEntry(entry) {
        budget.addEntry();
        if (entry.path === '')
            return;
        contents.names.add(entry.path);
        if (entry.type === 'symlink' || entry.type === 'link') {
            if (entry.linkname)
                contents.links.set(entry.path, resolveLink(entry.path, entry.linkname, entry.type === 'link'));
            return;
        }
        if (entry.type !== 'file' && entry.type !== 'contiguous-file')
            return;
        const { head, stream } = await peek(entry.content, 512);
        const firstByte = head.toString('latin1').trimStart()[0];
        if ((firstByte === '{' || firstByte === '[') && entry.size <= MAX_JSON) {
            const chunks = [];
            for await (const chunk of stream)
                chunks.push(chunk);
            const text = Buffer.concat(chunks).toString('utf8');
            budget.addBytes(text.length);
            try {
                if (!nestedAtMost(text, MAX_JSON_DEPTH)) {
                    contents.notes.push(`${entry.path} is JSON nested deeper than ${MAX_JSON_DEPTH} levels: it was scanned as a file, not read as image metadata`);
                    throw new Error('too deep');
                }
                contents.json.set(entry.path, JSON.parse(text));
                const path = entry.path;
                const file = await scanFile(path, single(Buffer.from(text)), scanner, budget);
                scanning.push(file.hits.then((hits) => {
                    if (hits.length > 0)
                        contents.jsonHits.set(path, hits.map((hit) => ({ path, hit })));
                }));
                return;
            }
            catch {
                otherFile(entry.path, await scanFile(entry.path, single(Buffer.from(text)), scanner, budget));
                return;
            }
        }
        const compression = detectCompression(head);
        let compressedBytes = 0;
        const inflated = await peek(decompress(stream, compression, (n) => {
            compressedBytes += n;
        }), 512);
        if (looksLikeTar(inflated.head) ||
            isZeroBlock(inflated.head) ||
            (compression !== 'none' && inflated.head.length === 0)) {
            let uncompressed = 0;
            const ratioChecked = async function* () {
                for await (const chunk of inflated.stream) {
                    uncompressed += chunk.length;
                    budget.checkRatio(entry.path, compressedBytes, uncompressed);
                    yield chunk;
                }
            };
            let scan;
            try {
                const layer = await scanLayer(ratioChecked(), scanner, budget);
                scan = layer.scan;
                scanning.push(layer.scanned);
            }
            catch (error) {
                if (error instanceof src/* KeyturnError */.FB)
                    throw error;
                throw new src/* InputError */.dz('archive', `has a layer ${entry.path} that cannot be read (${(0,src/* errorMessage */.gJ)(error)})`, ARCHIVE_FIX);
            }
            contents.layers.set(entry.path, { scan, compression, compressedBytes });
            return;
        }
        otherFile(entry.path, await scanFile(entry.path, inflated.stream, scanner, budget));
    }
}

// EXTERNAL MODULE: ../image-audit/src/read/limits.ts
var limits = __webpack_require__(9303);
;// CONCATENATED MODULE: ../image-audit/src/read/reader-thread.ts








async function openArchive(path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info?.isFile()) {
        throw new src/* InputError */.dz('archive', `names ${path}, which is not a file`, 'Check the path (relative to the workspace) of the saved image tar.');
    }
    return (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
}
async function* counted(chunks, counter) {
    for await (const chunk of chunks) {
        Atomics.add(counter, 0, BigInt(chunk.length));
        yield chunk;
    }
}
/** Reads and scans the archive on this thread, with the scan workers behind
 * `channels` when there are any. */
async function readArchiveHere(path, options, channels) {
    const budget = new limits/* Budget */.__(options.limits);
    const scanner = channels && channels.ports.length > 0
        ? (0,scan_pool/* workerWindowScanner */.JB)(channels, options.rulesToml, options.allowlist)
        : (0,scan_pool/* inlineWindowScanner */.q3)((0,ruleset/* scannerFor */.M)(options.rulesToml, options.allowlist));
    try {
        const file = await openArchive(path);
        const contents = await readArchive(options.bytesRead ? counted(file, options.bytesRead) : file, scanner, budget);
        return { contents, bytes: budget.bytes, scanWorkers: scanner.workers };
    }
    finally {
        await scanner.close();
    }
}
/**
 * Reads and scans the archive on a worker thread with a small young
 * generation, the main thread waiting: the same work as readArchiveHere,
 * with memory that does not grow with the image. The scan workers start
 * from here at the same time, and the reader talks to them directly.
 */
async function readArchiveInWorker(path, options, threads) {
    // The host may have started them early (prestartAuditThreads); either
    // way they wait for their data.
    const started = (0,workers_threads/* auditThreads */.lK)(threads.entry, threads.scanWorkers, threads.execArgv);
    const scanners = (0,scan_pool/* startScanWorkers */.xY)(started.scanners, options.rulesToml, options.allowlist);
    let outcome;
    try {
        outcome = await new Promise((resolve) => {
            const worker = started.reader;
            const data = { path, options, channels: scanners.channels };
            worker.postMessage(data, [...scanners.channels.ports]);
            worker.once('message', (message) => {
                resolve(message);
                void worker.terminate();
            });
            worker.once('error', (error) => resolve({ crashed: error }));
            worker.once('exit', (code) => resolve({ crashed: new Error(`the archive reader stopped (exit code ${code}) before it answered`) }));
        });
    }
    finally {
        // Stopped, the scan workers have also reported any error of their own.
        await scanners.close();
    }
    if ('read' in outcome)
        return outcome.read;
    if ('inputError' in outcome) {
        const { input, problem, fix } = outcome.inputError;
        throw new src/* InputError */.dz(input, problem, fix);
    }
    // A scan worker's own error (its memory limit, say) says more than the
    // reader's "a scan worker stopped".
    const workerError = scanners.failure();
    if (workerError)
        throw workerError;
    if ('crashed' in outcome)
        throw outcome.crashed;
    const { message, stack, ours } = outcome.failure;
    const error = ours ? new src/* KeyturnError */.FB(message) : new Error(message);
    if (stack !== undefined)
        error.stack = stack;
    throw error;
}


/***/ }),

/***/ 1492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ normalizePath),
/* harmony export */   N: () => (/* binding */ walkTar)
/* harmony export */ });
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6474);

/** What normalizePath would change: an empty, `.` or `..` part, or a
 * leading or trailing slash. */
const NOT_NORMAL = /(?:^|\/)\.{0,2}(?:\/|$)|^\//;
function normalizePath(name) {
    // Nearly every name in a layer is already normal: no array of its parts.
    if (!NOT_NORMAL.test(name))
        return name;
    const parts = [];
    for (const part of name.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            parts.pop();
        else
            parts.push(part);
    }
    return parts.join('/');
}
/**
 * Walks a tar stream entry by entry, with back-pressure: memory holds one
 * chunk, not one file. PAX and GNU long names, `./` prefixes and links are
 * handled by tar-stream; names are normalised here.
 */
async function walkTar(source, onEntry) {
    const extractor = (0,tar_stream__WEBPACK_IMPORTED_MODULE_0__.extract)();
    let stop = false;
    const feeding = (async () => {
        try {
            for await (const chunk of source) {
                if (stop)
                    return;
                if (!extractor.write(chunk)) {
                    await new Promise((resolve) => {
                        const done = () => {
                            extractor.off('drain', done);
                            extractor.off('close', done);
                            resolve();
                        };
                        extractor.on('drain', done);
                        extractor.on('close', done);
                    });
                }
            }
            extractor.end(undefined);
        }
        catch (error) {
            extractor.destroy(error);
        }
    })();
    try {
        for await (const entry of extractor) {
            const header = entry.header;
            await onEntry({
                path: normalizePath(header.name),
                type: header.type ?? 'file',
                size: header.size ?? 0,
                linkname: header.linkname ?? undefined,
                content: entry,
            });
            entry.resume();
        }
    }
    catch (error) {
        stop = true;
        extractor.destroy();
        await feeding;
        throw error;
    }
    await feeding;
}


/***/ })

};
