export const id = 970;
export const ids = [970];
export const modules = {

/***/ 2970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_LIMITS: () => (/* reexport */ limits/* DEFAULT_LIMITS */.dR),
  EMPTY_ALLOWLIST: () => (/* reexport */ scan_allowlist/* EMPTY_ALLOWLIST */.Yt),
  RuleConfigError: () => (/* reexport */ gitleaks/* RuleConfigError */.n7),
  TOOL_VERSION: () => (/* reexport */ TOOL_VERSION),
  auditArchive: () => (/* reexport */ auditArchive),
  failureMessage: () => (/* reexport */ failureMessage),
  fingerprintOf: () => (/* reexport */ scan_allowlist/* fingerprintOf */.ax),
  isImageAuditWorker: () => (/* reexport */ dispatch/* isImageAuditWorker */.LO),
  logLines: () => (/* reexport */ logLines),
  ownerFindings: () => (/* reexport */ ownerFindings),
  parseAllowlist: () => (/* reexport */ scan_allowlist/* parseAllowlist */.JK),
  parseByteSize: () => (/* reexport */ limits/* parseByteSize */.nS),
  prepareRules: () => (/* reexport */ prepareRules),
  prestartAuditThreads: () => (/* reexport */ threads/* prestartAuditThreads */.aH),
  reportJson: () => (/* reexport */ reportJson),
  runImageAuditWorker: () => (/* reexport */ dispatch/* runImageAuditWorker */.mA),
  sarifOf: () => (/* reexport */ sarifOf),
  sha256Hex: () => (/* reexport */ redact/* sha256Hex */.fg),
  shownText: () => (/* reexport */ shownText),
  summaryOf: () => (/* reexport */ summaryOf),
  workerCount: () => (/* reexport */ threads/* workerCount */.Mo)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ../image-audit/src/scan/allowlist.ts
var scan_allowlist = __webpack_require__(2755);
// EXTERNAL MODULE: ../image-audit/src/scan/redact.ts
var redact = __webpack_require__(7205);
;// CONCATENATED MODULE: ../image-audit/src/scan/rules/types.ts
const SEVERITY_RANK = { low: 1, medium: 2, high: 3 };

;// CONCATENATED MODULE: ../image-audit/src/scan/examples.ts

/**
 * Secrets that are published as examples: vendors' documentation and RFCs
 * print them, libraries and their docs copy them. Nobody can use one, and
 * no real credential equals one, so a finding of one of these values is
 * third-party content wherever it is. Matched by the hash of the exact value
 * a rule captured, so a real secret that merely contains one is not.
 */
const EXAMPLES = [
    ['AKIAIOSFODNN7EXAMPLE', 'AWS documentation example access key id'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation example secret key'],
    ['AKIAI44QH8DHBEXAMPLE', 'AWS documentation example access key id'],
    ['je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AWS documentation example secret key'],
    // RFC 6749 (OAuth 2.0) §4.1–4.4, §5.1, §6
    ['2YotnFZFEjr1zCsicMWpAA', 'RFC 6749 example access token'],
    ['tGzv3JOkF0XG5Qx2TlKWIA', 'RFC 6749 example refresh token'],
    ['SplxlOBeZQQYbYS6WxSbIA', 'RFC 6749 example authorization code'],
    ['7Fjfp0ZBr1KtDRbnfVdmIw', 'RFC 6749 example client secret'],
    ['mF_9.B5f-4.1JqM', 'RFC 6750 example bearer token'],
    // RFC 7519 (JWT) §3.1
    [
        'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        'RFC 7519 example JWT',
    ],
    // RFC 7515 (JWS) Appendix A.1
    [
        'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        'RFC 7515 example JWS',
    ],
    // jwt.io's sample token (HS256, "John Doe")
    [
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
        "jwt.io's sample JWT",
    ],
    // Stripe's documentation test key
    ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'Stripe documentation test key'],
];
const BY_HASH = new Map(EXAMPLES.map(([value, source]) => [(0,redact/* sha256Hex */.fg)(value), source]));
/** What published example a secret is, by the hash of its value. */
function exampleSource(secretHash) {
    return BY_HASH.get(secretHash);
}

;// CONCATENATED MODULE: ../image-audit/src/model/third-party.ts

const OWNER = { owner: true };
const NODE_PACKAGE = /^(.*?)\/?node_modules\/(.*\/node_modules\/)?(@[^/]+\/[^/]+|[^@/][^/]*)\/./;
/**
 * Tells third-party content from the owner's, for a finding in a layer
 * file (README "Third-party content" says what is trusted and why). A file
 * is third-party only when a record from its own layer or an earlier one
 * explains it with the file's exact hash (npm: the package.json of its
 * package, written in the same layer); a published example value is
 * third-party anywhere. Everything else is the owner's.
 */
class ThirdPartyCheck {
    contents;
    views = new Map();
    constructor(contents) {
        this.contents = contents;
    }
    packagesOf(image, index) {
        const blob = image.layers[index]?.blob;
        return blob === undefined ? undefined : this.contents.layers.get(blob)?.scan.packages;
    }
    /** dpkg's records in image layers 0..index (a later record replaces an earlier one). */
    dpkgView(image, index) {
        const key = `${image.layers.map((layer) => layer.blob ?? '?').join(',')}#${index}`;
        const cached = this.views.get(key);
        if (cached)
            return cached;
        const view = { status: undefined, md5sums: new Map(), lists: new Map() };
        for (let at = 0; at <= index; at++) {
            const packages = this.packagesOf(image, at);
            if (!packages)
                continue;
            if (packages.dpkgStatus)
                view.status = { map: packages.dpkgStatus, layer: at };
            for (const [name, files] of packages.md5sums) {
                const versions = view.md5sums.get(name) ?? [];
                versions.push({ files, layer: at });
                view.md5sums.set(name, versions);
            }
            for (const [name, paths] of packages.lists)
                view.lists.set(name, paths);
        }
        this.views.set(key, view);
        return view;
    }
    verdict(hit, path, image, layerIndex) {
        const example = exampleSource(hit.secretHash);
        if (example)
            return { owner: false, thirdParty: { kind: 'example', package: example } };
        if (!image || layerIndex === undefined)
            return OWNER;
        // A member of an archive (`x.gz!/x`) is explained by the archive file
        // itself: its hits carry the archive's hash (scan/file-scan.ts).
        const file = path.includes('!') ? path.slice(0, path.indexOf('!')) : path;
        return (this.dpkg(hit, file, image, layerIndex) ??
            this.distroless(hit, file, image, layerIndex) ??
            this.apk(hit, file, image, layerIndex) ??
            this.rpm(hit, file, image, layerIndex) ??
            this.python(hit, file, image, layerIndex) ??
            this.npm(file, image, layerIndex) ??
            OWNER);
    }
    dpkg(hit, path, image, layerIndex) {
        const md5 = hit.file?.md5;
        if (!md5)
            return undefined;
        const view = this.dpkgView(image, layerIndex);
        for (const [name, versions] of view.md5sums) {
            const current = versions[versions.length - 1];
            const recorded = current?.files.get(path);
            if (!current || recorded === undefined)
                continue;
            // A hash that differs: the file was changed after the package installed it.
            if (recorded !== md5)
                return OWNER;
            const record = `var/lib/dpkg/info/${name}.md5sums`;
            const forged = (reason) => ({
                owner: true,
                forged: { record, file: path, layerIndex: current.layer, reason },
            });
            const status = view.status?.map.get(name);
            if (!status?.installed)
                return forged(`names ${path}, but dpkg's status does not list ${name} as installed`);
            if (!view.lists.get(name)?.has(path))
                return forged(`names ${path}, which ${name}.list (its file list) does not`);
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
    distroless(hit, path, image, layerIndex) {
        const md5 = hit.file?.md5;
        if (!md5)
            return undefined;
        for (let at = layerIndex; at >= 0; at--) {
            const packages = this.packagesOf(image, at);
            if (!packages)
                continue;
            for (const [name, files] of packages.statusDSums) {
                const recorded = files.get(path);
                if (recorded === undefined)
                    continue;
                if (recorded !== md5)
                    return OWNER;
                const forged = (reason) => ({
                    owner: true,
                    forged: { record: `var/lib/dpkg/status.d/${name}.md5sums`, file: path, layerIndex: at, reason },
                });
                const stanza = packages.statusD.get(name);
                if (!stanza) {
                    return forged(`names ${path}, but status.d/${name} (the package's stanza) was not written in its layer: distroless writes both together`);
                }
                for (let before = at - 1; before >= 0; before--) {
                    const earlier = this.packagesOf(image, before);
                    const same = [...(earlier?.statusD ?? [])].find(([, other]) => other.package === stanza.package && other.version === stanza.version);
                    if (!same)
                        continue;
                    if (earlier?.statusDSums.get(same[0])?.get(path) !== recorded) {
                        return forged(`names ${path}, which ${stanza.package} ${stanza.version} as recorded in layer ${before} did not: the same version's files do not change`);
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
    apk(hit, path, image, layerIndex) {
        const file = hit.file;
        if (!file?.sha1 && !file?.sha256)
            return undefined;
        return this.fromRewrittenDatabase(image, layerIndex, path, {
            kind: 'apk',
            of: (packages) => packages.apkInstalled,
            // The record says which digest it holds (apkDigest).
            digest: (_pkg, recorded) => recorded.startsWith('sha256:') ? `sha256:${file.sha256 ?? ''}` : `sha1:${file.sha1 ?? ''}`,
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
    rpm(hit, path, image, layerIndex) {
        const file = hit.file;
        if (!file?.sha256 && !file?.md5)
            return undefined;
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
    fromRewrittenDatabase(image, layerIndex, path, database) {
        let at = layerIndex;
        let db;
        for (; at >= 0 && !db; at--) {
            const packages = this.packagesOf(image, at);
            db = packages && database.of(packages);
        }
        const dbLayer = at + 1;
        if (!db)
            return undefined;
        for (const [key, pkg] of db) {
            const recorded = pkg.files.get(path);
            if (recorded === undefined)
                continue;
            if (recorded !== database.digest(pkg, recorded))
                return OWNER;
            for (let before = dbLayer - 1; before >= 0; before--) {
                const packages = this.packagesOf(image, before);
                const earlier = packages && database.of(packages)?.get(key);
                if (!earlier)
                    continue;
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
    rpmdbPath(image, layer) {
        return this.packagesOf(image, layer)?.rpmdbPath ?? 'var/lib/rpm/rpmdb.sqlite';
    }
    python(hit, path, image, layerIndex) {
        const sha256 = hit.file?.sha256;
        if (!sha256)
            return undefined;
        let changed = false;
        for (let at = layerIndex; at >= 0; at--) {
            for (const record of this.packagesOf(image, at)?.pythonRecords.values() ?? []) {
                const recorded = record.files.get(path);
                if (recorded === undefined)
                    continue;
                if (recorded === sha256) {
                    return { owner: false, thirdParty: { kind: 'python', package: record.name, version: record.version } };
                }
                changed = true;
            }
        }
        return changed ? OWNER : undefined;
    }
    npm(path, image, layerIndex) {
        const match = NODE_PACKAGE.exec(path);
        if (!match)
            return undefined;
        const root = match[1] ?? '';
        const name = match[3] ?? '';
        const dir = `${root === '' ? '' : `${root}/`}node_modules/${match[2] ?? ''}${name}`;
        // Installed together: a package.json of the package in the file's own
        // layer. A file added or changed by a later layer is the owner's.
        const pkg = this.packagesOf(image, layerIndex)?.npmPackages.get(dir);
        if (!pkg)
            return undefined;
        // Where npm recorded what it installed, the package must be one it
        // resolved from a registry at that version (not a file: or linked
        // package: those are the owner's code).
        for (let at = layerIndex; at >= 0; at--) {
            const lock = this.packagesOf(image, at)?.lockfiles.get(root);
            if (!lock)
                continue;
            const locked = lock.get(dir.slice(root === '' ? 0 : root.length + 1));
            if (!locked?.fromRegistry || locked.version !== pkg.version)
                return OWNER;
            break;
        }
        return { owner: false, thirdParty: { kind: 'npm', package: pkg.name, version: pkg.version } };
    }
}

// EXTERNAL MODULE: ../image-audit/src/read/path-set.ts
var path_set = __webpack_require__(8581);
;// CONCATENATED MODULE: ../image-audit/src/model/whiteout.ts

function ancestors(path) {
    const out = [];
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1))
        out.push(path.slice(0, at));
    return out;
}
/**
 * Whether the file at `path` in layer `layer` is what a container of the
 * image sees, applying the OCI layer rules of every later layer in order:
 * - the same path again replaces it (`overwritten`);
 * - a whiteout `.wh.<name>` of it or of a parent directory deletes it;
 * - an opaque whiteout in a parent directory hides all lower content there;
 * - a parent directory replaced by a non-directory takes it away.
 * Whichever later layer acts first decides. The bytes stay in the archive
 * either way: a removed secret is still a leaked secret ("removed but
 * recoverable"); the state tells the reader where to look.
 */
function fileState(path, layer, layers) {
    const parents = ancestors(path);
    for (let later = layer + 1; later < layers.length; later++) {
        const index = layers[later];
        if (!index)
            continue;
        if ((0,path_set/* hasPath */.a6)(index.whiteouts, path))
            return { present: false, by: later, how: 'deleted' };
        if ((0,path_set/* hasPath */.a6)(index.entries, path))
            return { present: false, by: later, how: 'overwritten' };
        for (const parent of parents) {
            if ((0,path_set/* hasPath */.a6)(index.whiteouts, parent))
                return { present: false, by: later, how: 'deleted' };
            if ((0,path_set/* hasPath */.a6)(index.opaqueDirs, parent))
                return { present: false, by: later, how: 'hidden' };
            if ((0,path_set/* hasPath */.a6)(index.nonDirectories, parent))
                return { present: false, by: later, how: 'overwritten' };
        }
    }
    return { present: true };
}

;// CONCATENATED MODULE: ../image-audit/src/model/findings.ts






/**
 * Turns raw hits into findings: places each layer hit in every image that
 * uses the layer, applies later layers' whiteouts to tell present from
 * removed, and merges duplicates (one layer in several images, one Env in
 * several platforms) into one finding listing every image.
 */
function assembleFindings(contents, model, metaHits, 
/** Makes a history instruction safe to show (it may hold build args). */
safeInstruction, options = {}) {
    const findings = new Map();
    const check = new ThirdPartyCheck(contents);
    const forged = new Map();
    /** The owner's anywhere is the owner's: one image that does not explain it is enough. */
    const judge = (finding, verdict) => {
        if (verdict.owner) {
            finding.thirdParty = undefined;
            finding.severity = finding.ruleSeverity;
        }
    };
    const add = (key, make, refs, state, removedBy, verdict = OWNER) => {
        let finding = findings.get(key);
        if (!finding) {
            finding = make();
            if (!verdict.owner) {
                finding.thirdParty = verdict.thirdParty;
                if (!options.countThirdParty)
                    finding.severity = 'low';
            }
            findings.set(key, finding);
        }
        else {
            judge(finding, verdict);
        }
        for (const ref of refs)
            if (!finding.refs.includes(ref))
                finding.refs.push(ref);
        // Present in any image wins over removed in another.
        if (state === 'present' && finding.state !== 'present') {
            finding.state = 'present';
            finding.removedBy = undefined;
        }
        else if (state === 'removed' && finding.state === 'unreferenced') {
            finding.state = 'removed';
            finding.removedBy = removedBy;
        }
    };
    const layerFinding = (hit, path, layer, state, removedBy, createdBy) => ({
        ruleId: hit.ruleId,
        description: hit.description,
        severity: hit.severity,
        ruleSeverity: hit.severity,
        thirdParty: undefined,
        source: 'layer',
        path,
        line: hit.line,
        layer,
        state,
        removedBy,
        createdBy,
        refs: [],
        excerpt: hit.excerpt,
        fingerprint: (0,scan_allowlist/* fingerprintOf */.ax)(hit.ruleId, path, hit.secretHash),
        suppressed: false,
        secretHash: hit.secretHash,
        locations: [],
    });
    const placed = new Set();
    for (const image of model.images) {
        const indexes = image.layers.map((layer) => layer.blob === undefined ? undefined : contents.layers.get(layer.blob)?.scan.index);
        for (const layer of image.layers) {
            const blob = layer.blob === undefined ? undefined : contents.layers.get(layer.blob);
            if (!blob || layer.blob === undefined)
                continue;
            placed.add(layer.blob);
            for (const { path, hit } of blob.scan.hits) {
                const state = fileState(path, layer.index, indexes);
                const removedBy = state.present
                    ? undefined
                    : `${state.how} by layer ${state.by} (${image.layers[state.by]?.digest ?? '?'})`;
                const where = { digest: layer.digest, index: layer.index, blob: layer.blob };
                const verdict = check.verdict(hit, path, image, layer.index);
                if (verdict.owner && verdict.forged) {
                    const record = verdict.forged;
                    const recordLayer = image.layers[record.layerIndex];
                    forged.set(`${recordLayer?.blob}\u0000${record.record}\u0000${record.file}`, {
                        ...record,
                        digest: recordLayer?.digest ?? '?',
                        blob: recordLayer?.blob ?? '?',
                    });
                }
                const key = `${layer.blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
                add(key, () => layerFinding(hit, path, where, state.present ? 'present' : 'removed', removedBy, layer.createdBy === undefined ? undefined : safeInstruction(layer.createdBy)), image.refs, state.present ? 'present' : 'removed', removedBy, verdict);
            }
        }
    }
    // Layers no manifest names (or an archive without manifests) still count.
    for (const [blob, layer] of contents.layers) {
        if (placed.has(blob))
            continue;
        const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : blob;
        for (const { path, hit } of layer.scan.hits) {
            const key = `${blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
            add(key, () => layerFinding(hit, path, { digest, index: undefined, blob }, 'unreferenced', undefined, undefined), [], undefined, undefined, check.verdict(hit, path, undefined, undefined));
        }
    }
    const unreadJson = [...contents.jsonHits].filter(([name]) => !model.used.has(name)).flatMap(([, hits]) => hits);
    for (const { path, hit } of [...contents.otherHits, ...unreadJson]) {
        add(`archive\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}`, () => ({
            ...layerFinding(hit, path, undefined, 'unreferenced', undefined, undefined),
            source: 'archive',
        }), [], undefined, undefined, check.verdict(hit, path, undefined, undefined));
    }
    for (const meta of metaHits) {
        const fingerprint = (0,scan_allowlist/* fingerprintOf */.ax)(meta.hit.ruleId, meta.location, meta.hit.secretHash);
        add(fingerprint, () => ({
            ruleId: meta.hit.ruleId,
            description: meta.hit.description,
            severity: meta.hit.severity,
            ruleSeverity: meta.hit.severity,
            thirdParty: undefined,
            source: meta.source,
            path: meta.location,
            line: undefined,
            layer: undefined,
            state: 'metadata',
            removedBy: undefined,
            createdBy: meta.createdBy,
            refs: [],
            excerpt: meta.hit.excerpt,
            fingerprint,
            suppressed: false,
            secretHash: meta.hit.secretHash,
            locations: [],
        }), meta.refs, undefined, undefined, check.verdict(meta.hit, meta.location, undefined, undefined));
    }
    // A record that claims a file with a finding and does not hold up is
    // itself a finding: the PR's image changed its own package database.
    for (const record of forged.values()) {
        const fingerprint = (0,scan_allowlist/* fingerprintOf */.ax)('forged-package-record', record.record, (0,redact/* sha256Hex */.fg)(record.file));
        findings.set(`forged\u0000${record.blob}\u0000${record.record}\u0000${record.file}`, {
            ruleId: 'forged-package-record',
            description: 'Package record that does not hold up, claiming a file with a finding',
            severity: 'high',
            ruleSeverity: 'high',
            thirdParty: undefined,
            source: 'layer',
            path: record.record,
            line: undefined,
            layer: { digest: record.digest, index: record.layerIndex, blob: record.blob },
            state: 'present',
            removedBy: undefined,
            createdBy: undefined,
            refs: [],
            excerpt: `${record.record} ${record.reason}; that file is reported as the owner's`,
            fingerprint,
            suppressed: false,
            secretHash: (0,redact/* sha256Hex */.fg)(`forged:${record.record}:${record.file}`),
            locations: [],
        });
    }
    return [...findings.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.path.localeCompare(b.path) ||
        (a.layer?.index ?? -1) - (b.layer?.index ?? -1) ||
        a.ruleId.localeCompare(b.ruleId));
}
function applyAllowlist(findings, allowlist) {
    const matcher = new scan_allowlist/* AllowlistMatcher */.Mn(allowlist);
    for (const finding of findings) {
        finding.suppressed = matcher.fingerprint(finding.fingerprint) || matcher.path(finding.path);
    }
}
/** The findings that fail the check: not allowlisted, at or above the
 * threshold, and the owner's (third-party content only when it counts). */
function failing(findings, threshold, countThirdParty = false) {
    return findings.filter((finding) => !finding.suppressed &&
        (countThirdParty || finding.thirdParty === undefined) &&
        SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]);
}

// EXTERNAL MODULE: ../image-audit/src/read/tar-walk.ts
var tar_walk = __webpack_require__(1492);
;// CONCATENATED MODULE: ../image-audit/src/model/image-model.ts

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The strings of a field that should be a list of strings (or, for a
 * command, one string); anything else is noted and left out. */
function stringList(value, field, notes, single = false) {
    if (value === undefined || value === null)
        return [];
    if (single && typeof value === 'string')
        return [value];
    if (!Array.isArray(value)) {
        notes.push(`${field} is ${typeName(value)}, not a list of strings: it was not read`);
        return [];
    }
    const strings = value.filter((item) => typeof item === 'string');
    if (strings.length < value.length)
        notes.push(`${field} holds ${value.length - strings.length} entries that are not strings: they were not read`);
    return strings;
}
function typeName(value) {
    return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
function containerConfigOf(value, field, notes) {
    if (value === undefined || value === null)
        return undefined;
    if (!isRecord(value)) {
        notes.push(`${field} is ${typeName(value)}, not an object: it was not read`);
        return undefined;
    }
    const labels = [];
    if (isRecord(value.Labels)) {
        for (const [key, label] of Object.entries(value.Labels)) {
            if (typeof label === 'string')
                labels.push([key, label]);
            else if (label !== null)
                labels.push([key, JSON.stringify(label) ?? '']);
        }
    }
    else if (value.Labels !== undefined && value.Labels !== null) {
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
function imageConfigOf(value, where, notes) {
    if (value === undefined)
        return undefined;
    if (!isRecord(value)) {
        notes.push(`config ${where} is ${typeName(value)}, not an object: it was not read`);
        return undefined;
    }
    const history = [];
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
    }
    else if (value.history !== undefined && value.history !== null) {
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
const image_model_text = (value) => (typeof value === 'string' ? value : undefined);
/** Descriptors with their fields checked: a field of another type is as if
 * absent (the archive is hostile input). */
function descriptors(value) {
    if (!Array.isArray(value))
        return [];
    return value.filter(isRecord).map((d) => {
        const platform = isRecord(d.platform) ? d.platform : undefined;
        const annotations = isRecord(d.annotations)
            ? Object.fromEntries(Object.entries(d.annotations).filter((e) => typeof e[1] === 'string'))
            : undefined;
        return {
            ...(image_model_text(d.mediaType) === undefined ? {} : { mediaType: image_model_text(d.mediaType) }),
            ...(image_model_text(d.digest) === undefined ? {} : { digest: image_model_text(d.digest) }),
            ...(annotations === undefined ? {} : { annotations }),
            ...(platform === undefined
                ? {}
                : {
                    platform: {
                        ...(image_model_text(platform.os) === undefined ? {} : { os: image_model_text(platform.os) }),
                        ...(image_model_text(platform.architecture) === undefined
                            ? {}
                            : { architecture: image_model_text(platform.architecture) }),
                        ...(image_model_text(platform.variant) === undefined ? {} : { variant: image_model_text(platform.variant) }),
                    },
                }),
        };
    });
}
const FOREIGN = /foreign|nondistributable/;
const IN_TOTO = 'application/vnd.in-toto+json';
function platformName(platform) {
    if (!platform?.os)
        return undefined;
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/** Which image layers come from which history entry: each history entry
 * without `empty_layer` made the next layer. */
function createdByPerLayer(config) {
    const out = [];
    for (const entry of config?.history ?? []) {
        if (!entry.empty_layer)
            out.push(entry.created_by);
    }
    return out;
}
/**
 * Works out the images in an archive from its JSON: OCI `index.json` (nested
 * indexes, multi-platform, attestation manifests) and Docker's
 * `manifest.json` (legacy `<id>/layer.tar` and Docker 25+ blobs). A Docker
 * 25+ archive has both; an image found in both is one image.
 */
function buildModel(contents) {
    const notes = [...contents.notes];
    const images = [];
    const attestations = [];
    const topAnnotations = [];
    const used = new Set(['index.json', 'manifest.json', 'repositories', 'oci-layout']);
    // Legacy saves keep a v1 copy of the config per layer (`<id>/json`).
    for (const name of contents.json.keys())
        if (/^[a-f0-9]{64}\/json$/.test(name))
            used.add(name);
    const follow = (name) => {
        let current = name;
        for (let hops = 0; hops < 16; hops++) {
            const next = contents.links.get(current);
            if (next === undefined)
                return current;
            current = next;
        }
        return current;
    };
    const blobName = (digest) => {
        if (!digest || !/^[a-z0-9]+:[a-f0-9]+$/i.test(digest))
            return undefined;
        const [algorithm, hex] = digest.split(':');
        return follow(`blobs/${algorithm}/${hex}`);
    };
    const present = (name) => contents.names.has(name) || contents.layers.has(name) || contents.json.has(name);
    const hasIndex = contents.json.has('index.json');
    const dockerManifest = contents.json.get('manifest.json');
    if (hasIndex)
        walkIndex(contents.json.get('index.json'), 'index.json', [], 0);
    // Indexes nest (containerd saves, multi-platform); a cycle or a deep chain stops at 8.
    function walkIndex(index, where, inheritedRefs, depth) {
        if (!isRecord(index) || depth > 8)
            return;
        addAnnotations(index.annotations, where, undefined);
        for (const descriptor of descriptors(index.manifests)) {
            const refs = [
                ...inheritedRefs,
                ...['org.opencontainers.image.ref.name', 'io.containerd.image.name']
                    .map((key) => descriptor.annotations?.[key])
                    .filter((ref) => typeof ref === 'string'),
            ];
            const name = blobName(descriptor.digest);
            const document = name === undefined ? undefined : contents.json.get(name);
            if (name !== undefined)
                used.add(name);
            if (document === undefined) {
                notes.push(`${descriptor.mediaType ?? 'manifest'} ${descriptor.digest ?? '?'}${platformLabel(descriptor)} is not in the archive (a save of one platform of a multi-platform image leaves the others out)`);
                continue;
            }
            if (isRecord(document) && Array.isArray(document.manifests)) {
                walkIndex(document, `index ${descriptor.digest}`, refs, depth + 1);
                continue;
            }
            if (!isRecord(document))
                continue;
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
            addImage(document, refs.length > 0 ? refs : [descriptor.digest ?? '?'], platformName(descriptor.platform), descriptor);
        }
    }
    function platformLabel(descriptor) {
        const platform = platformName(descriptor.platform);
        return platform ? ` (${platform})` : '';
    }
    function addAnnotations(value, where, into) {
        if (!isRecord(value))
            return;
        const target = into ?? topAnnotations;
        for (const [key, annotation] of Object.entries(value)) {
            if (typeof annotation === 'string')
                target.push({ where, key, value: annotation });
        }
    }
    function addImage(manifest, refs, platform, descriptor) {
        const configDescriptor = descriptors([manifest.config])[0];
        const configBlob = blobName(configDescriptor?.digest);
        if (configBlob !== undefined)
            used.add(configBlob);
        const config = configBlob === undefined ? undefined : imageConfigOf(contents.json.get(configBlob), configBlob, notes);
        if (configBlob !== undefined && !contents.json.has(configBlob))
            notes.push(`config ${configDescriptor?.digest} is not in the archive`);
        const createdBy = createdByPerLayer(config);
        const annotations = [];
        addAnnotations(descriptor.annotations, `descriptor ${descriptor.digest ?? ''}`.trim(), annotations);
        addAnnotations(manifest.annotations, `manifest ${descriptor.digest ?? ''}`.trim(), annotations);
        const layers = descriptors(manifest.layers).map((layer, index) => {
            const blob = blobName(layer.digest);
            const foreign = FOREIGN.test(layer.mediaType ?? '');
            const found = blob !== undefined && present(blob);
            if (!found && !foreign)
                notes.push(`layer ${layer.digest ?? '?'} of ${refs[0]} is not in the archive`);
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
            const configBlob = typeof entry.Config === 'string' ? follow((0,tar_walk/* normalizePath */.F)(entry.Config)) : undefined;
            if (configBlob !== undefined)
                used.add(configBlob);
            const tags = Array.isArray(entry.RepoTags)
                ? entry.RepoTags.filter((tag) => typeof tag === 'string')
                : [];
            const same = images.find((image) => image.configBlob !== undefined && image.configBlob === configBlob);
            if (same) {
                for (const tag of tags)
                    if (!same.refs.includes(tag))
                        same.refs.unshift(tag);
                continue;
            }
            const config = configBlob === undefined ? undefined : imageConfigOf(contents.json.get(configBlob), configBlob, notes);
            const diffIds = config?.rootfs?.diff_ids ?? [];
            const createdBy = createdByPerLayer(config);
            const sources = isRecord(entry.LayerSources) ? entry.LayerSources : {};
            const layerPaths = Array.isArray(entry.Layers)
                ? entry.Layers.filter((p) => typeof p === 'string')
                : [];
            const layers = layerPaths.map((path, index) => {
                const blob = follow((0,tar_walk/* normalizePath */.F)(path));
                const diffId = diffIds[index];
                const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : (diffId ?? blob);
                const source = diffId === undefined ? undefined : sources[diffId];
                const foreign = isRecord(source) && FOREIGN.test(String(source.mediaType ?? ''));
                const found = present(blob);
                if (!found && !foreign)
                    notes.push(`layer ${path} of ${tags[0] ?? 'an image'} is not in the archive`);
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
    const format = hasIndex && Array.isArray(dockerManifest)
        ? 'docker (OCI layout inside)'
        : hasIndex
            ? 'OCI image layout'
            : Array.isArray(dockerManifest)
                ? 'docker save (legacy)'
                : 'unknown';
    return { format, images, attestations, notes, annotations: topAnnotations, used };
}

;// CONCATENATED MODULE: ../image-audit/src/model/secrets.ts

const locationOf = (finding) => ({
    ruleId: finding.ruleId,
    source: finding.source,
    path: finding.path,
    line: finding.line,
    layer: finding.layer,
    state: finding.state,
    removedBy: finding.removedBy,
    excerpt: finding.excerpt,
    fingerprint: finding.fingerprint,
    suppressed: finding.suppressed,
    thirdParty: finding.thirdParty,
});
/** Which location stands for the secret: one that counts before one that
 * does not (allowlisted, third-party), then the most severe, then a file
 * (present, then removed) before metadata, then in the findings' own order. */
function rank(finding) {
    return [
        finding.suppressed ? 1 : 0,
        finding.thirdParty ? 1 : 0,
        -SEVERITY_RANK[finding.ruleSeverity],
        { present: 0, removed: 1, metadata: 2, unreferenced: 3 }[finding.state],
    ];
}
function before(a, b) {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++)
        if ((ra[i] ?? 0) !== (rb[i] ?? 0))
            return (ra[i] ?? 0) < (rb[i] ?? 0);
    return false;
}
/**
 * One finding per secret: every location of the same value (a file, the
 * history, the config, another layer) becomes one finding, shown at its
 * most telling location, the others in `locations`. It is the owner's if
 * any location is, allowlisted only if every location is, and as severe as
 * its most severe location that counts.
 */
function groupBySecret(findings, countThirdParty) {
    const groups = new Map();
    for (const finding of findings) {
        const key = finding.secretHash;
        const group = groups.get(key);
        if (group)
            group.push(finding);
        else
            groups.set(key, [finding]);
    }
    const grouped = [];
    for (const group of groups.values()) {
        let primary = group[0];
        for (const finding of group)
            if (before(finding, primary))
                primary = finding;
        const counting = group.filter((finding) => !finding.suppressed);
        const owner = counting.some((finding) => finding.thirdParty === undefined);
        const ruleSeverity = group.reduce((max, finding) => (SEVERITY_RANK[finding.ruleSeverity] > SEVERITY_RANK[max] ? finding.ruleSeverity : max), primary.ruleSeverity);
        const merged = {
            ...primary,
            refs: [...new Set(group.flatMap((finding) => finding.refs))],
            locations: group.filter((finding) => finding !== primary).map(locationOf),
            suppressed: counting.length === 0,
            thirdParty: owner ? undefined : primary.thirdParty,
            ruleSeverity,
        };
        merged.severity = merged.thirdParty && !countThirdParty ? 'low' : ruleSeverity;
        grouped.push(merged);
    }
    return grouped;
}

// EXTERNAL MODULE: ../image-audit/src/read/limits.ts
var limits = __webpack_require__(9303);
// EXTERNAL MODULE: ../image-audit/src/read/reader-thread.ts + 8 modules
var reader_thread = __webpack_require__(3719);
// EXTERNAL MODULE: ../image-audit/src/scan/rules/engine.ts + 1 modules
var engine = __webpack_require__(3169);
// EXTERNAL MODULE: ../image-audit/src/scan/rules/ruleset.ts + 1 modules
var ruleset = __webpack_require__(463);
;// CONCATENATED MODULE: ../image-audit/src/rules.ts


/** Throws RuleConfigError for a TOML file that cannot be used, and an Error
 * naming the problem when it leaves no rule at all. */
function prepareRules(toml) {
    const ruleSet = (0,ruleset/* ruleSetFor */.G)(toml);
    let scanner;
    return Object.freeze({
        toml,
        ruleSet,
        count: { builtin: ruleSet.rules.length - ruleSet.user, user: ruleSet.user },
        get scanner() {
            scanner ??= new engine/* Scanner */.L(ruleSet.rules, ruleSet.skipPaths);
            return scanner;
        },
    });
}

// EXTERNAL MODULE: ../image-audit/src/scan/rules/entropy.ts
var entropy = __webpack_require__(2639);
;// CONCATENATED MODULE: ../image-audit/src/scan/metadata.ts


const SENSITIVE_NAME = /secret|token|passw(?:or)?d|passwd|pwd|(?:^|[_-])pass(?:phrase)?(?:$|[_-])|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth(?!or)/i;
const NOT_SECRET_NAME = /(?:file|path|dir|url|uri|endpoint|host|type|name|id|version|ttl|timeout|length|header|method|mode|enabled|disabled|expires?|expiry|provider|algorithm|scopes?)$/i;
const SECRET_NAMED_VALUE = {
    id: 'secret-named-value',
    description: 'Value of a variable, build arg or label whose name says it is a secret',
    severity: 'medium',
};
/** A KEY=value whose key names a secret and whose value is not a placeholder
 * (`${TOKEN}`, empty, `changeme`), a path, a number or a flag. */
function isSecretNamedValue(key, value) {
    const name = key.replace(/^build-arg:/, '');
    if (!SENSITIVE_NAME.test(name) || NOT_SECRET_NAME.test(name.replace(/[^A-Za-z0-9]+$/, '')))
        return false;
    const v = value.trim();
    if (v.length < 6 || (0,entropy/* isPlaceholder */.w)(v))
        return false;
    if (/^\d+$/.test(v) || /^\.{0,2}\//.test(v) || v.toLowerCase() === name.toLowerCase())
        return false;
    return true;
}
/** `KEY=value` pairs after `ARG`/`ENV` (`ENV A=1 B="two words"`). */
function assignments(text) {
    const out = [];
    for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
        const raw = match[2] ?? '';
        out.push([match[1] ?? '', raw.replace(/^(["'])(.*)\1$/s, '$2')]);
    }
    return out;
}
/** Build args the classic builder and BuildKit record in `created_by`:
 * `|2 NPM_TOKEN=… FOO=… /bin/sh -c …` gives its N pairs. */
function buildArgsOf(createdBy) {
    const match = /(?:^|\bRUN\s+)\|(\d+)\s+(.*)$/s.exec(createdBy);
    if (!match)
        return [];
    const count = Number(match[1]);
    const pairs = [];
    let rest = match[2] ?? '';
    for (let i = 0; i < count; i++) {
        const pair = /^([^=\s]+)=(\S*)\s*/.exec(rest);
        if (!pair)
            break;
        pairs.push([pair[1] ?? '', pair[2] ?? '']);
        rest = rest.slice(pair[0].length);
    }
    return pairs;
}
/** `ARG KEY=value` / `ENV KEY=value`, from BuildKit or `#(nop)` lines. */
function declaredValuesOf(createdBy) {
    const match = /(?:^|#\(nop\)\s+|\s)(?:ARG|ENV)\s+(.*)$/s.exec(createdBy.trim());
    return match ? assignments(match[1] ?? '') : [];
}
/**
 * A history instruction fit to print: every detected secret, every value of
 * a build arg or ARG/ENV whose name says secret, and any long random-looking
 * run replaced. `created_by` is where build args leak, so it is never shown
 * raw.
 */
function safeInstruction(createdBy, scanner) {
    let text = createdBy;
    for (const detection of scanner.scan(createdBy))
        text = text.split(detection.secret).join('‹redacted›');
    for (const [key, value] of [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)]) {
        // The value alone, wherever it stands: `KEY="two words"` is parsed
        // without its quotes, so `KEY=value` would not match the text.
        if (value.length >= 4 && isSecretNamedValue(key, value))
            text = text.split(value).join('‹redacted›');
    }
    return (0,redact/* scrubRandomRuns */.Jm)(text);
}
class MetadataChecker {
    scanner;
    hits = [];
    constructor(scanner) {
        this.scanner = scanner;
    }
    /** Content rules over a string; key-name heuristics over its pairs, for
     * values the content rules did not already report. */
    check(source, location, text, pairs, refs, createdBy) {
        const detections = this.scanner.scan(text);
        const shown = createdBy === undefined ? undefined : safeInstruction(createdBy, this.scanner);
        const push = (hit) => this.hits.push(shown === undefined ? { source, location, hit, refs } : { source, location, hit, refs, createdBy: shown });
        for (const detection of detections)
            push((0,redact/* toHit */.FI)(text, detection, detections));
        const found = new Set(detections.map((d) => d.secret));
        for (const [key, value] of pairs) {
            if ([...found].some((secret) => value.includes(secret)))
                continue;
            if (isSecretNamedValue(key, value)) {
                this.hits.push({
                    source,
                    location: `${location}:${key}`,
                    hit: (0,redact/* valueHit */.L6)(SECRET_NAMED_VALUE, key, value),
                    refs,
                    ...(shown === undefined ? {} : { createdBy: shown }),
                });
            }
        }
    }
    checkModel(model) {
        for (const image of model.images)
            this.checkImage(image);
        this.checkAnnotations(model.annotations, []);
        for (const attestation of model.attestations) {
            const type = metadata_isRecord(attestation.statement)
                ? String(attestation.statement.predicateType ?? 'statement')
                : 'statement';
            const short = type.replace(/^https?:\/\//, '').replace(/\/$/, '');
            const refs = model.images.flatMap((image) => image.refs);
            walkStrings(attestation.statement, [], (path, value) => {
                const key = path[path.length - 1] ?? '';
                this.check('attestation', `attestation:${safeName(short, this.scanner) ? short : '*'}:${path.map((part) => (safeName(part, this.scanner) ? part : '*')).join('.')}`, value, [[key, value]], attestation.subject ? [attestation.subject] : refs);
            });
        }
    }
    checkImage(image) {
        const config = image.config;
        for (const entry of config?.history ?? []) {
            const createdBy = entry.created_by ?? '';
            if (createdBy === '')
                continue;
            const pairs = [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)];
            this.check('history', 'history:created_by', createdBy, pairs, image.refs, createdBy);
        }
        for (const [label, container] of [
            ['config', config?.config],
            ['container_config', config?.container_config],
        ]) {
            if (container)
                this.checkContainer(label, container, image.refs);
        }
        this.checkAnnotations(image.annotations, image.refs);
    }
    checkContainer(label, container, refs) {
        container.Env.forEach((env, index) => {
            const at = env.indexOf('=');
            const key = at === -1 ? env : env.slice(0, at);
            const where = safeName(key, this.scanner) ? `${label}:Env:${key}` : `${label}:Env[${index}]`;
            this.check('config', where, env, [[key, at === -1 ? '' : env.slice(at + 1)]], refs);
        });
        container.Labels.forEach(([key, value], index) => {
            const where = safeName(key, this.scanner) ? `${label}:Labels:${key}` : `${label}:Labels[${index}]`;
            this.check('config', where, `${key}=${value}`, [[key, value]], refs);
        });
        const commands = [
            ['Entrypoint', container.Entrypoint],
            ['Cmd', container.Cmd],
            ['Healthcheck', container.Healthcheck],
            ['OnBuild', container.OnBuild],
        ];
        for (const [field, value] of commands) {
            const text = value.join(' ');
            if (text === '')
                continue;
            const pairs = field === 'OnBuild' ? value.flatMap((line) => declaredValuesOf(line)) : assignments(text);
            this.check('config', `${label}:${field}`, text, pairs, refs);
        }
    }
    checkAnnotations(annotations, refs) {
        for (const [index, annotation] of annotations.entries()) {
            this.check('annotation', safeName(annotation.key, this.scanner) ? `annotation:${annotation.key}` : `annotation[${index}]`, `${annotation.key}=${annotation.value}`, [[annotation.key, annotation.value]], refs);
        }
    }
}
/** Whether a key from the image may name a location: a plain name that
 * holds no detected secret and nothing random-looking. A location is shown
 * everywhere (log, summary, SARIF, fingerprint input), so a key that is
 * itself a token (an `Env` entry without `=`, a label key) is named by its
 * position instead. */
function safeName(key, scanner) {
    if (!/^[A-Za-z0-9_.:/@+-]{1,128}$/.test(key))
        return false;
    if (key.split(/[/:@]/).some((part) => (0,redact/* scrubRandomRuns */.Jm)(part) !== part))
        return false;
    return scanner.scan(key).length === 0;
}
const metadata_isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Every string leaf of a JSON value with its key path. Array indexes are
 * left out of the path so a location stays stable when entries move. */
function walkStrings(value, path, visit, depth = 0) {
    if (depth > 64)
        return;
    if (typeof value === 'string')
        visit(path, value);
    else if (Array.isArray(value))
        for (const item of value)
            walkStrings(item, path, visit, depth + 1);
    else if (metadata_isRecord(value))
        for (const [key, item] of Object.entries(value))
            walkStrings(item, [...path, key], visit, depth + 1);
}

;// CONCATENATED MODULE: ../image-audit/src/audit.ts











const PROGRESS_EVERY_MS = 250;
/**
 * Audits one saved image (a `docker save` tar or an OCI layout tar, plain,
 * gzip or zstd): read → scan (as it streams) → model → findings. Throws
 * InputError when the archive cannot be read or passes a limit.
 */
async function auditArchive(path, options = {}) {
    const now = options.now ?? Date.now;
    const started = now();
    const rules = options.rules ?? prepareRules();
    const failOn = options.failOn ?? 'medium';
    const allowlist = options.allowlist ?? scan_allowlist/* EMPTY_ALLOWLIST */.Yt;
    // The reader (often on its own thread) adds to a shared counter; this
    // thread samples it, so progress costs the reader no messages.
    const bytesRead = options.onProgress ? new BigInt64Array(new SharedArrayBuffer(8)) : undefined;
    const readOptions = {
        rulesToml: rules.toml,
        allowlist,
        limits: { ...limits/* DEFAULT_LIMITS */.dR, ...options.limits },
        ...(bytesRead ? { bytesRead } : {}),
    };
    const total = options.onProgress ? ((await (0,promises_.stat)(path).catch(() => undefined))?.size ?? 0) : 0;
    const report = () => options.onProgress?.(bytesRead ? Number(Atomics.load(bytesRead, 0)) : 0, total);
    const ticker = options.onProgress ? setInterval(report, PROGRESS_EVERY_MS) : undefined;
    const { contents, bytes, scanWorkers } = await (options.workers
        ? (0,reader_thread/* readArchiveInWorker */.k)(path, readOptions, options.workers)
        : (0,reader_thread/* readArchiveHere */.B)(path, readOptions)).finally(() => {
        clearInterval(ticker);
        if (ticker)
            options.onProgress?.(total, total);
    });
    const model = buildModel(contents);
    const metadata = new MetadataChecker(rules.scanner);
    metadata.checkModel(model);
    const countThirdParty = options.countThirdParty ?? false;
    const findings = assembleFindings(contents, model, metadata.hits, (createdBy) => safeInstruction(createdBy, rules.scanner), { countThirdParty });
    applyAllowlist(findings, allowlist);
    // One finding per secret, its other locations inside it.
    const secrets = groupBySecret(findings, countThirdParty).sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.path.localeCompare(b.path) ||
        (a.layer?.index ?? -1) - (b.layer?.index ?? -1) ||
        a.ruleId.localeCompare(b.ruleId));
    const layerScans = [...contents.layers.values()];
    return {
        findings: secrets,
        failing: failing(secrets, failOn, countThirdParty),
        failOn,
        countThirdParty,
        imageName: options.imageName ?? model.images[0]?.refs[0] ?? (0,external_node_path_.basename)(path),
        model,
        stats: {
            layers: layerScans.length,
            files: layerScans.reduce((sum, layer) => sum + layer.scan.files, 0),
            bytes,
            seconds: (now() - started) / 1000,
            scanWorkers,
        },
        ruleCount: rules.count,
    };
}

;// CONCATENATED MODULE: ../image-audit/src/report/escape.ts
/**
 * Text from the image (paths, tags, names, notes that quote them) made safe
 * to print: every control character, and the Unicode line and paragraph
 * separators, shown as an escape (`\n` as `\x0a`). A path holding a line
 * break could otherwise start a line of its own, which the runner would read
 * as a workflow command (`::add-mask::`, `::error::`…): SPEC guarantee 6.
 */
function shownText(text) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}

;// CONCATENATED MODULE: ../image-audit/src/report/sarif.ts
/** GitHub code scanning keeps at most this many results per run. */
const MAX_SARIF_RESULTS = 5000;
const LEVEL = {
    high: 'error',
    medium: 'warning',
    low: 'note',
};
const SECURITY_SEVERITY = { high: '8.0', medium: '5.0', low: '2.0' };
function message(finding) {
    const where = finding.layer
        ? `layer ${finding.layer.index ?? '?'} (${finding.layer.digest})`
        : finding.source === 'layer' || finding.source === 'archive'
            ? 'the archive'
            : `the image ${finding.source}`;
    const state = finding.state === 'removed'
        ? ` It was removed later (${finding.removedBy ?? 'by a later layer'}) but its bytes are still in the image.`
        : '';
    return `${finding.description} in ${finding.path} in ${where}: ${finding.excerpt}.${state}`;
}
/**
 * SARIF 2.1.0 for GitHub code scanning. Locations are paths inside the image
 * (they do not exist in the repository, which code scanning accepts); the
 * layer is a logical location. `partialFingerprints` carries the stable
 * fingerprint so an alert survives rebuilds. Allowlisted findings are kept
 * as suppressed results, so the record shows who decided what.
 */
function toSarif(findings, toolVersion, imageName) {
    const kept = findings.slice(0, MAX_SARIF_RESULTS);
    const ruleIds = [...new Set(kept.map((finding) => finding.ruleId))].sort();
    const rules = ruleIds.map((id) => {
        const sample = kept.find((finding) => finding.ruleId === id);
        const severity = sample?.severity ?? 'medium';
        return {
            id,
            name: id.replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase()),
            shortDescription: { text: sample?.description ?? id },
            fullDescription: {
                text: `${sample?.description ?? id}. Rotate the credential, then rebuild the image without it (a later layer deleting it does not remove it).`,
            },
            defaultConfiguration: { level: LEVEL[severity] },
            properties: { tags: ['security', 'secret', 'container'], 'security-severity': SECURITY_SEVERITY[severity] },
        };
    });
    const results = kept.map((finding) => ({
        ruleId: finding.ruleId,
        ruleIndex: ruleIds.indexOf(finding.ruleId),
        level: finding.thirdParty ? 'note' : LEVEL[finding.severity],
        message: { text: message(finding) },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: finding.path.replace(/^\/+/, ''), uriBaseId: 'IMAGE_ROOT' },
                    ...(finding.line === undefined ? {} : { region: { startLine: finding.line } }),
                },
                logicalLocations: finding.layer
                    ? [{ name: finding.layer.digest, kind: 'module', fullyQualifiedName: `${imageName}@${finding.layer.digest}` }]
                    : [{ name: finding.source, kind: 'object' }],
            },
        ],
        // The same secret's other places (one result per secret).
        ...(finding.locations.length === 0
            ? {}
            : {
                relatedLocations: finding.locations.slice(0, 100).map((location, id) => ({
                    id: id + 1,
                    physicalLocation: {
                        artifactLocation: { uri: location.path.replace(/^\/+/, ''), uriBaseId: 'IMAGE_ROOT' },
                        ...(location.line === undefined ? {} : { region: { startLine: location.line } }),
                    },
                    message: {
                        text: `${location.ruleId} in ${location.layer ? `layer ${location.layer.index ?? '?'} (${location.layer.digest})` : `the image ${location.source}`}, ${location.state}${location.suppressed ? ', allowlisted' : ''}: ${location.excerpt}`,
                    },
                })),
            }),
        partialFingerprints: { 'keyturnSecret/v1': finding.fingerprint },
        properties: {
            state: finding.state,
            ...(finding.layer?.index === undefined ? {} : { layerIndex: finding.layer.index }),
            ...(finding.removedBy ? { removedBy: finding.removedBy } : {}),
            ...(finding.createdBy ? { createdBy: finding.createdBy.slice(0, 500) } : {}),
            images: finding.refs.slice(0, 20),
            locations: finding.locations.length + 1,
            ...(finding.thirdParty ? { thirdParty: finding.thirdParty } : {}),
        },
        ...(finding.suppressed ? { suppressions: [{ kind: 'external', justification: 'allowlisted' }] } : {}),
    }));
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'keyturn-audit-image',
                        informationUri: 'https://github.com/keyturn/keyturn',
                        semanticVersion: toolVersion,
                        rules,
                    },
                },
                originalUriBaseIds: { IMAGE_ROOT: { description: { text: `The root file system of ${imageName}` } } },
                automationDetails: { id: `keyturn/audit-image/${imageName}/` },
                results,
                properties: { truncated: findings.length > kept.length, totalFindings: findings.length },
            },
        ],
    };
}

// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
;// CONCATENATED MODULE: ../image-audit/src/report/summary.ts



/** The job summary keeps to a readable size; the SARIF file has the rest. */
const MAX_ROWS = 50;
const STATE_LABEL = {
    present: 'present',
    removed: 'removed but recoverable',
    unreferenced: 'in archive, no image uses it',
    metadata: 'image metadata',
};
const thirdPartyName = (finding) => {
    const party = finding.thirdParty;
    if (!party)
        return '';
    if (party.kind === 'example')
        return party.package;
    return `${party.kind} ${party.package}${party.version ? ` ${party.version}` : ''}`;
};
function summaryMarkdown(findings, model, stats, failOn, failed) {
    const open = findings.filter((finding) => !finding.suppressed);
    const owner = open.filter((finding) => finding.thirdParty === undefined);
    const thirdParty = open.filter((finding) => finding.thirdParty !== undefined);
    const allowlisted = findings.filter((finding) => finding.suppressed);
    const count = (severity) => owner.filter((finding) => finding.severity === severity).length;
    const images = model.images.map((image) => shownText(`${image.refs[0] ?? '?'}${image.platform ? ` (${image.platform})` : ''}`));
    const lines = [
        `${failed ? '❌' : '✅'} **${owner.length} finding${owner.length === 1 ? '' : 's'}** (high ${count('high')}, medium ${count('medium')}, low ${count('low')}); ` +
            `${thirdParty.length} in third-party content, ${allowlisted.length} allowlisted; the check fails on \`${failOn}\` or above.`,
        `Scanned ${images.length} image${images.length === 1 ? '' : 's'} (${images.slice(0, 10).join(', ') || 'none named'}), ${model.format}: ` +
            `${stats.layers} layers, ${stats.files} files, ${(0,limits/* formatBytes */.z3)(stats.bytes)} in ${stats.seconds.toFixed(1)} s.`,
    ];
    for (const note of model.notes.slice(0, 10))
        lines.push(`> note: ${shownText(note)}`);
    // A code span cannot hold a backtick.
    const code = (text) => `\`${shownText(text).replace(/`/g, "'")}\``;
    const where = (finding) => `${code(finding.path)}${finding.line === undefined ? '' : `:${finding.line}`}`;
    const tail = [];
    const collapsed = (title, rows) => {
        if (rows.length === 0)
            return;
        tail.push('', `<details><summary>${title}</summary>`, '', ...rows, '', '</details>');
    };
    collapsed(`${thirdParty.length} in third-party content (package files as installed, published examples; they do not fail the check)`, thirdParty
        .slice(0, MAX_ROWS)
        .map((finding) => `- ${shownText(thirdPartyName(finding))}: ${finding.ruleId} in ${where(finding)} ${code(finding.fingerprint)}`));
    collapsed(`${allowlisted.length} allowlisted`, allowlisted
        .slice(0, MAX_ROWS)
        .map((finding) => `- ${finding.ruleSeverity} ${finding.ruleId} in ${where(finding)} ${code(finding.fingerprint)}`));
    if (owner.length === 0)
        return `${(0,src/* renderSummary */.Br)({ title: 'keyturn audit-image', lines })}${tail.join('\n')}\n`;
    const layerOf = (finding) => finding.layer ? `layer ${finding.layer.index ?? '?'}` : finding.source;
    const rows = owner
        .slice(0, MAX_ROWS)
        .map((finding) => [
        finding.severity,
        finding.ruleId,
        `${where(finding)}${finding.locations.length === 0 ? '' : ` (+${finding.locations.length} more)`}`,
        `${layerOf(finding)}, ${STATE_LABEL[finding.state]}`,
        code(finding.excerpt),
        code(finding.fingerprint),
    ]);
    const elsewhere = owner.filter((finding) => finding.locations.length > 0).slice(0, MAX_ROWS);
    if (elsewhere.length > 0) {
        const details = elsewhere.flatMap((finding) => [
            `- ${finding.ruleId} ${code(finding.fingerprint)}, also:`,
            ...finding.locations
                .slice(0, 20)
                .map((location) => `  - ${where(location)} (${layerOf(location)}, ${STATE_LABEL[location.state]}${location.suppressed ? ', allowlisted' : ''})`),
        ]);
        tail.unshift('', '<details><summary>Where else each secret is</summary>', '', ...details, '', '</details>');
    }
    if (owner.length > MAX_ROWS)
        lines.push(`The first ${MAX_ROWS} are listed; the SARIF report has all of them.`);
    return `${(0,src/* renderSummary */.Br)({
        title: 'keyturn audit-image',
        lines,
        table: { headers: ['severity', 'secret', 'where', 'layer, state', 'excerpt', 'fingerprint'], rows },
    })}${tail.join('\n')}\n`;
}

;// CONCATENATED MODULE: ../image-audit/src/report/index.ts



const TOOL_VERSION = '0.1.0';
/** The log lists this many findings; the SARIF file has all of them. */
const MAX_LOG_LINES = 200;
function logLine(finding) {
    const where = finding.layer ? `layer ${finding.layer.index ?? '?'} ${finding.layer.digest}` : finding.source;
    const state = finding.state === 'removed' ? `removed but recoverable (${finding.removedBy})` : finding.state;
    const line = finding.line === undefined ? '' : `:${finding.line}`;
    const party = finding.thirdParty
        ? ` third-party (${finding.thirdParty.kind === 'example' ? finding.thirdParty.package : `${finding.thirdParty.kind} ${finding.thirdParty.package} ${finding.thirdParty.version ?? ''}`.trim()})`
        : '';
    const more = finding.locations.length === 0
        ? ''
        : ` (also in ${finding.locations
            .slice(0, 3)
            .map((location) => location.path)
            .join(', ')}${finding.locations.length > 3 ? ` and ${finding.locations.length - 3} more` : ''})`;
    return `${finding.severity.padEnd(6)} ${finding.ruleId}${party} ${finding.path}${line} [${where}; ${state}]${more} ${finding.excerpt} fingerprint=${finding.fingerprint}`;
}
/** The lines a log shows, every one escaped (they hold names, paths and
 * tags from the image). */
function logLines(report) {
    const { stats, model, ruleCount } = report;
    const threads = stats.scanWorkers === 0
        ? 'on one thread'
        : `on ${stats.scanWorkers} worker thread${stats.scanWorkers === 1 ? '' : 's'}`;
    const open = report.findings.filter((finding) => !finding.suppressed);
    const lines = [
        `Audited ${report.imageName} (${model.format}): ${stats.layers} layers, ${stats.files} files, ` +
            `${ruleCount.builtin} built-in and ${ruleCount.user} user rules, scanned ${threads}.`,
        ...model.notes.map((note) => `note: ${note}`),
        ...open.slice(0, MAX_LOG_LINES).map(logLine),
    ];
    if (open.length > MAX_LOG_LINES)
        lines.push(`… and ${open.length - MAX_LOG_LINES} more findings: see the SARIF report.`);
    return lines.map(shownText);
}
/** The findings the owner must act on: not allowlisted, not third-party
 * (unless third-party content counts). What the `findings` output counts. */
function ownerFindings(report) {
    return report.findings.filter((finding) => !finding.suppressed && (finding.thirdParty === undefined || report.countThirdParty));
}
/** Why the check fails, or undefined when it passes. */
function failureMessage(report) {
    const count = report.failing.length;
    if (count === 0)
        return undefined;
    return (`${count} finding${count === 1 ? '' : 's'} at or above '${report.failOn}' in ${shownText(report.imageName)}. ` +
        'Rotate each credential, rebuild the image without it (deleting it in a later layer does not remove it), ' +
        'or allowlist a false positive by its fingerprint.');
}
/** SARIF 2.1.0 for code scanning. */
function sarifOf(report) {
    return toSarif(report.findings, TOOL_VERSION, report.imageName);
}
/** The markdown a reviewer reads (the job summary). */
function summaryOf(report) {
    return summaryMarkdown(report.findings, report.model, report.stats, report.failOn, report.failing.length > 0);
}
/** The report as data (`keyturn audit-image --json`): what a script needs,
 * no secret (excerpts are redacted, fingerprints are hashes). */
function reportJson(report) {
    const open = report.findings.filter((finding) => !finding.suppressed && finding.thirdParty === undefined);
    const count = (severity) => open.filter((finding) => finding.severity === severity).length;
    return {
        image: report.imageName,
        format: report.model.format,
        failOn: report.failOn,
        failed: report.failing.length > 0,
        counts: {
            findings: open.length,
            failing: report.failing.length,
            thirdParty: report.findings.filter((finding) => !finding.suppressed && finding.thirdParty !== undefined).length,
            allowlisted: report.findings.filter((finding) => finding.suppressed).length,
            high: count('high'),
            medium: count('medium'),
            low: count('low'),
        },
        stats: report.stats,
        notes: report.model.notes,
        findings: report.findings.map((finding) => ({
            rule: finding.ruleId,
            severity: finding.severity,
            path: finding.path,
            ...(finding.line === undefined ? {} : { line: finding.line }),
            source: finding.source,
            ...(finding.layer ? { layer: { digest: finding.layer.digest, index: finding.layer.index } } : {}),
            state: finding.state,
            ...(finding.removedBy ? { removedBy: finding.removedBy } : {}),
            excerpt: finding.excerpt,
            fingerprint: finding.fingerprint,
            allowlisted: finding.suppressed,
            ...(finding.thirdParty ? { thirdParty: finding.thirdParty, ruleSeverity: finding.ruleSeverity } : {}),
            locations: finding.locations.map((location) => ({
                rule: location.ruleId,
                path: location.path,
                ...(location.line === undefined ? {} : { line: location.line }),
                source: location.source,
                ...(location.layer ? { layer: { digest: location.layer.digest, index: location.layer.index } } : {}),
                state: location.state,
                allowlisted: location.suppressed,
                fingerprint: location.fingerprint,
            })),
        })),
    };
}

// EXTERNAL MODULE: ../image-audit/src/scan/rules/gitleaks.ts
var gitleaks = __webpack_require__(4932);
// EXTERNAL MODULE: ../image-audit/src/workers/dispatch.ts
var dispatch = __webpack_require__(9842);
// EXTERNAL MODULE: ../image-audit/src/workers/threads.ts
var threads = __webpack_require__(2559);
;// CONCATENATED MODULE: ../image-audit/src/index.ts
/**
 * @keyturn/image-audit: finds secrets in a saved container image. The
 * public API is small: audit an archive, then render what was found.
 * See README.md for the stages and the threads.
 */












/***/ })

};
