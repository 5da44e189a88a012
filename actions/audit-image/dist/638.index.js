export const id = 638;
export const ids = [638];
export const modules = {

/***/ 1282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JK: () => (/* binding */ parseAllowlist),
/* harmony export */   Mn: () => (/* binding */ AllowlistMatcher),
/* harmony export */   Yt: () => (/* binding */ EMPTY_ALLOWLIST),
/* harmony export */   ax: () => (/* binding */ fingerprintOf)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1026);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _redact__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8034);


const EMPTY_ALLOWLIST = { fingerprints: [], globs: [] };
/** Lines of fingerprints (32 hex characters) and path globs; `#` comments. */
function parseAllowlist(text) {
    const fingerprints = new Set();
    const globs = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            continue;
        if (/^[a-f0-9]{32}$/i.test(line))
            fingerprints.add(line.toLowerCase());
        else
            globs.push(line.replace(/^\/+/, ''));
    }
    return { fingerprints: [...fingerprints], globs };
}
/** Rule + location + hash of the secret: stable across rebuilds and layers. */
function fingerprintOf(ruleId, path, secretHash) {
    return (0,_redact__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .fg)(`${ruleId}\u0000${path}\u0000${secretHash}`).slice(0, 32);
}
/** Answers "is this allowlisted?" where hits are made (the scanners), so
 * allowlisted hits never take the place of reported ones under a cap. */
class AllowlistMatcher {
    fingerprints;
    globs;
    empty;
    constructor(allowlist) {
        this.fingerprints = new Set(allowlist.fingerprints);
        this.globs = allowlist.globs.map((glob) => picomatch__WEBPACK_IMPORTED_MODULE_1___default()(glob, { dot: true }));
        this.empty = allowlist.fingerprints.length === 0 && allowlist.globs.length === 0;
    }
    path(path) {
        return this.globs.some((matches) => matches(path));
    }
    fingerprint(fingerprint) {
        return this.fingerprints.has(fingerprint);
    }
    /** A hit of `ruleId` on the secret whose hash is given, at `path`. */
    hit(ruleId, path, secretHash) {
        if (this.empty)
            return false;
        return this.path(path) || this.fingerprint(fingerprintOf(ruleId, path, secretHash));
    }
}


/***/ }),

/***/ 8034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FI: () => (/* binding */ toHit),
/* harmony export */   Jm: () => (/* binding */ scrubRandomRuns),
/* harmony export */   L6: () => (/* binding */ valueHit),
/* harmony export */   fg: () => (/* binding */ sha256Hex),
/* harmony export */   ip: () => (/* binding */ keepUnderCap)
/* harmony export */ });
/* unused harmony export redactedExcerpt */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/** The hits a capped list keeps: reported ones first, most severe first
 * (then in text order), up to `max`; then up to `max` allowlisted ones. */
function keepUnderCap(hits, max) {
    const reported = hits.filter((hit) => !hit.allowlisted);
    const allowlisted = hits.filter((hit) => hit.allowlisted);
    if (reported.length <= max && allowlisted.length <= max)
        return [...hits];
    const rank = { high: 3, medium: 2, low: 1 };
    const pick = (list) => {
        if (list.length <= max)
            return new Set(list);
        const order = list.map((hit, index) => ({ hit, index }));
        order.sort((a, b) => rank[b.hit.severity] - rank[a.hit.severity] || a.index - b.index);
        return new Set(order.slice(0, max).map(({ hit }) => hit));
    };
    const kept = new Set([...pick(reported), ...pick(allowlisted)]);
    return hits.filter((hit) => kept.has(hit));
}
function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
const CONTEXT_BEFORE = 32;
const CONTEXT_AFTER = 16;
/** A run of token characters long and mixed enough to be a credential that
 * no rule named; excerpts drop these too, as a last guard. */
const RANDOM_RUN = /[A-Za-z0-9+/=_~.-]{20,}/g;
function scrubRandomRuns(text) {
    return text.replace(RANDOM_RUN, (run) => /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !/^[a-z._-]+$/i.test(run) ? '…' : run);
}
/**
 * The line around a detection with the secret replaced by `‹redacted N›`
 * (keeping only a documented, non-secret prefix such as `ghp_`), every other
 * copy of it and every other detection on the line redacted too, and cut to
 * a short window. Copies are replaced before the text is cut, so a copy
 * that the cut would halve is never shown in part.
 */
function redactedExcerpt(text, detection, others = []) {
    const secrets = [
        detection.secret,
        ...others.filter((other) => other !== detection && other.secret !== '').map((other) => other.secret),
    ].sort((a, b) => b.length - a.length);
    // Every copy that reaches into the shown window lies within this reach.
    const reach = Math.max(...secrets.map((secret) => secret.length));
    const lineStart = Math.max(text.lastIndexOf('\n', detection.start - 1) + 1, detection.start - CONTEXT_BEFORE - reach);
    const newline = text.indexOf('\n', detection.end);
    const lineEnd = Math.min(newline === -1 ? text.length : newline, detection.end + CONTEXT_AFTER + reach);
    const keep = detection.rule.visiblePrefix ?? 0;
    const shown = `${detection.secret.slice(0, keep)}‹redacted ${detection.secret.length - keep} chars›`;
    const redactAll = (part) => {
        let out = part;
        for (const secret of secrets)
            out = out.split(secret).join('‹redacted›');
        return out;
    };
    const beforeAll = redactAll(text.slice(lineStart, detection.start));
    const afterAll = redactAll(text.slice(detection.end, lineEnd));
    const before = cutAtMarker(beforeAll, CONTEXT_BEFORE, 'start');
    const after = cutAtMarker(afterAll, CONTEXT_AFTER, 'end');
    const clean = (part) => scrubRandomRuns(part)
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[^\x20-\x7e…‹›]/g, '.');
    const prefix = before.length < beforeAll.length || (lineStart > 0 && text[lineStart - 1] !== '\n' && before === beforeAll)
        ? '…'
        : '';
    const suffix = after.length < afterAll.length || (lineEnd < text.length && text[lineEnd] !== '\n' && after === afterAll)
        ? '…'
        : '';
    return `${prefix}${clean(before)}${shown}${clean(after)}${suffix}`;
}
/** The last (`from: 'start'` cuts the start away) or first `size`
 * characters of `text`, never cutting a `‹redacted›` marker in two. */
function cutAtMarker(text, size, from) {
    if (text.length <= size)
        return text;
    if (from === 'start') {
        let at = text.length - size;
        const open = text.lastIndexOf('‹', at);
        const close = text.lastIndexOf('›', at);
        if (open > close)
            at = open;
        return text.slice(at);
    }
    let at = size;
    const open = text.lastIndexOf('‹', at);
    const close = text.lastIndexOf('›', at - 1);
    if (open > close && open < at) {
        const end = text.indexOf('›', at);
        at = end === -1 ? open : end + 1;
    }
    return text.slice(0, at);
}
function toHit(text, detection, others, line) {
    const base = {
        ruleId: detection.rule.id,
        description: detection.rule.description,
        severity: detection.rule.severity,
        secretHash: sha256Hex(detection.secret),
        excerpt: redactedExcerpt(text, detection, others),
        ...(detection.allowlisted ? { allowlisted: true } : {}),
    };
    return line === undefined ? base : { ...base, line };
}
/** A hit for a secret found as a structured value (an env var, a build arg),
 * shown as `KEY=‹redacted N chars›`. */
function valueHit(rule, key, secret) {
    return {
        ruleId: rule.id,
        description: rule.description,
        severity: rule.severity,
        secretHash: sha256Hex(secret),
        excerpt: `${scrubRandomRuns(key).slice(0, 80)}=‹redacted ${secret.length} chars›`,
    };
}


/***/ }),

/***/ 3492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L: () => (/* binding */ Scanner)
});

// UNUSED EXPORTS: hasRun

// EXTERNAL MODULE: ../../packages/image-audit/src/scan/redact.ts
var redact = __webpack_require__(8034);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/entropy.ts
var entropy = __webpack_require__(3506);
;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/rules/keywords.ts
/**
 * Finds every occurrence of a set of keywords in one pass, case-insensitive
 * as a `/i` regex is within Latin-1: an Aho–Corasick automaton compiled to a
 * transition table. It reads bytes directly (a window of a file, no string
 * made of it): ~700 MB/s on one core over a node_modules-like image, where
 * the case-insensitive alternation it replaced ran at ~240 MB/s.
 */
/** Keywords are matched over Latin-1 (a byte is a character); a keyword with
 * any other character cannot be, and the caller must not pass one. */
function isLatin1(keyword) {
    for (let at = 0; at < keyword.length; at++)
        if (keyword.charCodeAt(at) > 0xff)
            return false;
    return true;
}
/** ASCII keywords are the same bytes in Latin-1 and in UTF-8 files. */
function isAscii(keyword) {
    return !/[^\p{ASCII}]/u.test(keyword);
}
/** What `/i` treats as the same character, for each Latin-1 code: its lower
 * case when that is one Latin-1 character (`ß` and `ÿ` have none). Folding
 * stays within Latin-1: where `/i` also matches `µ` with `μ` or `ÿ` with
 * `Ÿ`, a character past Latin-1 in a string matches no keyword character. */
const FOLD = Uint8Array.from({ length: 256 }, (_, code) => {
    const lower = String.fromCharCode(code).toLowerCase();
    return lower.length === 1 && lower.charCodeAt(0) <= 0xff ? lower.charCodeAt(0) : code;
});
/** Bytes this many (and four times the longest keyword) are read in four
 * lanes (see endsInLanes). */
const LANES_FROM = 1024;
class KeywordAutomaton {
    lengths;
    longest;
    /** `state * 256 + byte` -> next state, premultiplied by 256. */
    table;
    /** States at or past this (premultiplied) end a keyword. */
    firstAccepting;
    /** Keywords ending at each accepting state, by state / 256 - accepting. */
    endings;
    /** A byte no keyword holds: stands for characters past Latin-1 in strings. */
    absent;
    constructor(keywords) {
        for (const keyword of keywords) {
            if (keyword === '' || !isLatin1(keyword))
                throw new Error(`keyword ${JSON.stringify(keyword)} is not Latin-1`);
        }
        this.lengths = keywords.map((keyword) => keyword.length);
        this.longest = Math.max(1, ...this.lengths);
        // The trie, over folded characters.
        const children = [new Map()];
        const ending = [[]];
        keywords.forEach((keyword, index) => {
            let state = 0;
            for (let at = 0; at < keyword.length; at++) {
                const symbol = FOLD[keyword.charCodeAt(at)] ?? 0;
                let child = children[state]?.get(symbol);
                if (child === undefined) {
                    child = children.length;
                    children.push(new Map());
                    ending.push([]);
                    children[state]?.set(symbol, child);
                }
                state = child;
            }
            ending[state]?.push(index);
        });
        // Failure links, breadth first, folded into a full transition table, so
        // that scanning is one lookup per byte.
        const states = children.length;
        const next = new Int32Array(states * 256);
        const fail = new Int32Array(states);
        const queue = [...(children[0]?.values() ?? [])];
        for (let byte = 0; byte < 256; byte++)
            next[byte] = children[0]?.get(FOLD[byte] ?? byte) ?? 0;
        // A state's row is its failure state's row (complete: that state is
        // shallower) with its own children written over it.
        const bytesOf = new Map();
        for (let byte = 0; byte < 256; byte++) {
            const symbol = FOLD[byte] ?? byte;
            bytesOf.set(symbol, [...(bytesOf.get(symbol) ?? []), byte]);
        }
        for (let head = 0; head < queue.length; head++) {
            const state = queue[head] ?? 0;
            const failure = fail[state] ?? 0;
            ending[state] = [...(ending[state] ?? []), ...(ending[failure] ?? [])];
            next.copyWithin(state * 256, failure * 256, failure * 256 + 256);
            for (const [symbol, child] of children[state] ?? []) {
                fail[child] = next[failure * 256 + symbol] ?? 0;
                for (const byte of bytesOf.get(symbol) ?? [])
                    next[state * 256 + byte] = child;
                queue.push(child);
            }
        }
        // Renumber: accepting states last, so the scan tests one comparison.
        const order = [...Array(states).keys()];
        const accepting = (state) => (ending[state]?.length ?? 0) > 0;
        const renumbered = [...order.filter((s) => !accepting(s)), ...order.filter(accepting)];
        const newId = new Int32Array(states);
        renumbered.forEach((old, id) => {
            newId[old] = id;
        });
        this.table = new Int32Array(states * 256);
        for (let state = 0; state < states; state++) {
            for (let byte = 0; byte < 256; byte++) {
                this.table[(newId[state] ?? 0) * 256 + byte] = (newId[next[state * 256 + byte] ?? 0] ?? 0) * 256;
            }
        }
        const firstAccepting = renumbered.findIndex(accepting);
        this.firstAccepting = (firstAccepting === -1 ? states : firstAccepting) * 256;
        this.endings = renumbered.filter(accepting).map((state) => ending[state] ?? []);
        const used = new Set();
        for (const keyword of keywords) {
            for (let at = 0; at < keyword.length; at++) {
                const code = keyword.charCodeAt(at);
                used.add(code);
                used.add(FOLD[code] ?? code);
            }
        }
        this.absent = [...Array(256).keys()].find((byte) => !used.has(byte) && !used.has(FOLD[byte] ?? byte)) ?? 0;
    }
    /** Every occurrence, in text order (by start, then keyword). */
    find(text) {
        return Array.from(this.occurrences(text), (code) => ({ start: this.startOf(code), keyword: this.keywordOf(code) }));
    }
    /**
     * Every occurrence in text order (by start, then keyword), each as one
     * number, `start * keywords + keyword` (see startOf and keywordOf): the
     * scanner's hot path, where an object an occurrence (tens of thousands a
     * window in a bundle of AWS SDK code) was most of what its heap collected.
     */
    occurrences(text) {
        const ends = this.ends(text);
        const lengths = this.lengths;
        const count = lengths.length;
        let total = 0;
        for (let at = 1; at < ends.length; at += 2)
            total += this.endings[((ends[at] ?? 0) - this.firstAccepting) / 256]?.length ?? 0;
        const codes = new Float64Array(total);
        let next = 0;
        for (let at = 0; at < ends.length; at += 2) {
            const end = ends[at] ?? 0;
            for (const keyword of this.endings[((ends[at + 1] ?? 0) - this.firstAccepting) / 256] ?? []) {
                codes[next++] = (end - (lengths[keyword] ?? 0) + 1) * count + keyword;
            }
        }
        return codes.sort();
    }
    /** The start of an occurrence from occurrences(). */
    startOf(code) {
        return Math.floor(code / this.lengths.length);
    }
    /** The keyword (its index) of an occurrence from occurrences(). */
    keywordOf(code) {
        return code % this.lengths.length;
    }
    ends(text) {
        if (typeof text === 'string')
            return this.endsInString(text);
        return text.length >= LANES_FROM && text.length >> 2 > this.longest
            ? this.endsInLanes(text)
            : this.endsInBytes(text);
    }
    /** One table lookup per byte, for windows too short for lanes. Kept apart
     * from the string loop, with its fields in locals and only small integers
     * pushed, it runs at ~400–500 MB/s where one shared loop ran at ~270.
     * Returns pairs: the offset where keywords end, and the state there. */
    endsInBytes(bytes) {
        const table = this.table;
        const limit = this.firstAccepting;
        const ends = [];
        let state = 0;
        for (let at = 0; at < bytes.length; at++) {
            state = table[state + (bytes[at] ?? 0)] ?? 0;
            if (state >= limit)
                ends.push(at, state);
        }
        return ends;
    }
    /**
     * The same as endsInBytes over four quarters of the text at once. Each
     * step of one automaton waits on its previous lookup; four independent
     * ones keep the core busy (~1.1 GB/s vs ~500 MB/s on windows of 64 KiB or
     * more, 700 vs 400 over a whole image). A quarter's automaton starts
     * at the root, so it runs on past its quarter by the longest keyword less
     * one byte, and reports only keywords ending past the first such stretch
     * of its own (the previous quarter's automaton, which knows what came
     * before, reports those): each occurrence is reported once.
     */
    endsInLanes(bytes) {
        const table = this.table;
        const limit = this.firstAccepting;
        const carry = this.longest - 1;
        const quarter = bytes.length >> 2;
        const [b1, b2, b3] = [quarter, 2 * quarter, 3 * quarter];
        const ends = [];
        let [s0, s1, s2, s3] = [0, 0, 0, 0];
        for (let at = 0; at < quarter; at++) {
            s0 = table[s0 + (bytes[at] ?? 0)] ?? 0;
            s1 = table[s1 + (bytes[b1 + at] ?? 0)] ?? 0;
            s2 = table[s2 + (bytes[b2 + at] ?? 0)] ?? 0;
            s3 = table[s3 + (bytes[b3 + at] ?? 0)] ?? 0;
            // One test for the four, nearly always false: an OR of the states is
            // at least as large as each of them.
            if ((s0 | s1 | s2 | s3) >= limit) {
                if (s0 >= limit)
                    ends.push(at, s0);
                if (s1 >= limit && at >= carry)
                    ends.push(b1 + at, s1);
                if (s2 >= limit && at >= carry)
                    ends.push(b2 + at, s2);
                if (s3 >= limit && at >= carry)
                    ends.push(b3 + at, s3);
            }
        }
        // Each quarter's stretch past its end, and the last quarter's rest (the
        // length need not divide by four), go on from where each automaton is.
        const goOn = (state, from, to) => {
            for (let at = from; at < to; at++) {
                state = table[state + (bytes[at] ?? 0)] ?? 0;
                if (state >= limit)
                    ends.push(at, state);
            }
        };
        goOn(s0, b1, Math.min(bytes.length, b1 + carry));
        goOn(s1, b2, Math.min(bytes.length, b2 + carry));
        goOn(s2, b3, Math.min(bytes.length, b3 + carry));
        goOn(s3, b3 + quarter, bytes.length);
        return ends;
    }
    endsInString(text) {
        const table = this.table;
        const limit = this.firstAccepting;
        const absent = this.absent;
        const ends = [];
        let state = 0;
        for (let at = 0; at < text.length; at++) {
            const code = text.charCodeAt(at);
            state = table[state + (code > 0xff ? absent : code)] ?? 0;
            if (state >= limit)
                ends.push(at, state);
        }
        return ends;
    }
}

;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/rules/engine.ts



/** Reads slices of either kind of text as strings. */
class TextSlicer {
    bytes;
    whole;
    length;
    constructor(text) {
        this.length = text.length;
        if (typeof text === 'string')
            this.whole = text;
        else
            this.bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    }
    slice(start, end) {
        return this.whole === undefined ? (this.bytes?.toString('latin1', start, end) ?? '') : this.whole.slice(start, end);
    }
    all() {
        this.whole ??= this.bytes?.toString('latin1') ?? '';
        return this.whole;
    }
}
/**
 * Runs content rules over text. One pass of a keyword automaton finds every
 * keyword occurrence. A rule with a `reach` then runs only on a short slice
 * around each occurrence of its keywords (most text is never seen by any
 * rule's regex, nor made into a string); a rule without one (user rules,
 * with gitleaks' semantics) runs over the whole text once any of its
 * keywords occurred.
 */
class Scanner {
    rules;
    keywords;
    /** By keyword index: the rules that keyword triggers. */
    rulesByKeyword;
    alwaysRun;
    wideKeywords;
    skipPaths;
    allowlist;
    /** Rules' `run`s as byte tables (1: the byte is in the class). */
    runs = new Map();
    constructor(rules, skipPaths = [], allowlist) {
        this.rules = rules;
        this.skipPaths = skipPaths;
        this.allowlist = allowlist?.empty ? undefined : allowlist;
        // No keyword, or an empty one (which every text contains, as in
        // gitleaks): the rule runs on every text.
        const prefiltered = (rule) => rule.keywords.length > 0 && !rule.keywords.includes('');
        this.alwaysRun = rules.filter((rule) => !prefiltered(rule));
        const byKeyword = new Map();
        const add = (key, rule) => {
            const rules = byKeyword.get(key) ?? [];
            if (!rules.includes(rule))
                byKeyword.set(key, [...rules, rule]);
        };
        const wide = [];
        for (const rule of rules.filter(prefiltered)) {
            for (const keyword of rule.keywords) {
                const lower = keyword.toLowerCase();
                if (isLatin1(lower))
                    add(lower, rule);
                // A user's keyword past ASCII (`clé`, `пароль`): a UTF-8 file read
                // as Latin-1 holds its UTF-8 bytes, which fold no case: its usual
                // cases are looked for.
                if (!isAscii(keyword))
                    for (const form of utf8Forms(keyword))
                        add(form, rule);
                if (!isLatin1(lower)) {
                    // In a string it is itself, which the automaton cannot hold.
                    if (rule.reach !== undefined)
                        throw new Error(`rule ${rule.id}: a keyword past Latin-1 needs a rule without reach`);
                    wide.push({ keyword: lower, rule });
                }
            }
        }
        for (const rule of rules) {
            if (!rule.run)
                continue;
            const table = Uint8Array.from({ length: 256 }, (_, code) => rule.run?.of.test(String.fromCharCode(code)) ? 1 : 0);
            this.runs.set(rule, { table, length: rule.run.length });
        }
        this.keywords = new KeywordAutomaton([...byKeyword.keys()]);
        this.rulesByKeyword = [...byKeyword.values()];
        this.wideKeywords = wide;
    }
    /** Rules with a keyword past Latin-1 that occurs in a string (gitleaks
     * compares lower-cased text). Such rules have no reach: no position. */
    wideHits(text) {
        if (this.wideKeywords.length === 0 || typeof text !== 'string')
            return [];
        const lower = text.toLowerCase();
        return this.wideKeywords.filter(({ keyword }) => lower.includes(keyword)).map(({ rule }) => rule);
    }
    /** Rules whose keywords occur in `text`, in rule order. */
    triggered(text) {
        const hit = new Set([...this.alwaysRun, ...this.wideHits(text)]);
        for (const [, rules] of this.keywordHits(text))
            for (const rule of rules)
                hit.add(rule);
        return this.rules.filter((rule) => hit.has(rule));
    }
    /** Each position where keywords start, in text order, with the rules of
     * every keyword starting there (in rule order). */
    keywordHits(text) {
        const keywords = this.keywords;
        const codes = keywords.occurrences(text);
        const hits = [];
        let last;
        for (const code of codes) {
            const start = keywords.startOf(code);
            const rules = this.rulesByKeyword[keywords.keywordOf(code)] ?? [];
            if (last?.[0] !== start) {
                last = [start, rules];
                hits.push(last);
            }
            else {
                const before = last[1];
                last[1] = this.rules.filter((rule) => before.includes(rule) || rules.includes(rule));
            }
        }
        return hits;
    }
    /** Every detection in `text`. `path` selects path-scoped rules. */
    scan(text, path = '') {
        const detections = [];
        if (path !== '' && this.skipPaths.some((skip) => skip.test(path)))
            return detections;
        const keywordHits = this.keywordHits(text);
        // Most windows hold no keyword: nothing below needs to be set up.
        if (keywordHits.length === 0 && this.alwaysRun.length === 0 && this.wideKeywords.length === 0)
            return detections;
        const applies = (rule) => !rule.path || rule.path.test(path);
        const wholeText = new Set([...this.alwaysRun, ...this.wideHits(text)].filter(applies));
        const seen = new Set();
        // Allowlisted detections are counted apart: they must not use up the
        // cap before a detection that will be reported.
        const found = new Map();
        const allowed = new Map();
        const full = (rule) => (found.get(rule) ?? 0) >= MAX_DETECTIONS_PER_RULE;
        const allowlist = this.allowlist;
        const pathAllowed = allowlist !== undefined && path !== '' && allowlist.path(path);
        /** Whether the match was a detection (new or seen before). */
        const record = (rule, match, offset) => {
            const secret = secretOf(rule, match);
            if (secret === undefined || secret === '' || !accepts(rule, secret, match))
                return false;
            const start = offset + match.index + Math.max(0, match[0].indexOf(secret));
            const key = `${rule.id}\u0000${start}`;
            if (seen.has(key))
                return true;
            seen.add(key);
            if (allowlist && (pathAllowed || allowlist.hit(rule.id, path, (0,redact/* sha256Hex */.fg)(secret)))) {
                const count = (allowed.get(rule) ?? 0) + 1;
                allowed.set(rule, count);
                if (count <= MAX_ALLOWLISTED_PER_RULE)
                    detections.push({ rule, secret, start, end: start + secret.length, allowlisted: true });
                return true;
            }
            found.set(rule, (found.get(rule) ?? 0) + 1);
            detections.push({ rule, secret, start, end: start + secret.length });
            return true;
        };
        const source = new TextSlicer(text);
        const bytes = typeof text === 'string' ? undefined : text;
        for (const [at, rules] of keywordHits) {
            for (const rule of rules) {
                if (rule.reach === undefined) {
                    if (applies(rule))
                        wholeText.add(rule);
                    continue;
                }
                if (!applies(rule) || full(rule))
                    continue;
                // Nearby keywords give overlapping slices; `seen` drops the repeats.
                const start = Math.max(0, at - (rule.lead ?? 0) - 1);
                const end = Math.min(source.length, at + rule.reach);
                if (bytes) {
                    if (rule.atKeywordBytes && !rule.atKeywordBytes(bytes, at, end))
                        continue;
                    const run = this.runs.get(rule);
                    if (run && !hasRun(bytes, start, end, run.table, run.length))
                        continue;
                }
                const slice = source.slice(start, end);
                if (rule.precheck && !rule.precheck.test(slice))
                    continue;
                if (rule.atKeyword) {
                    rule.atKeyword.lastIndex = at - start;
                    if (!rule.atKeyword.test(slice))
                        continue;
                }
                rule.regex.lastIndex = 0;
                for (let match = rule.regex.exec(slice); match !== null; match = rule.regex.exec(slice)) {
                    // A match the rule rejects (a key whose value runs on through
                    // `&secret=…`) must not hide one that starts inside it: try again
                    // one character on. The slice is short, so this stays cheap.
                    if (!record(rule, match, start))
                        rule.regex.lastIndex = match.index + 1;
                    else if (match[0].length === 0)
                        rule.regex.lastIndex++;
                    if (full(rule))
                        break;
                }
            }
        }
        for (const rule of this.rules) {
            if (!wholeText.has(rule))
                continue;
            const whole = source.all();
            rule.regex.lastIndex = 0;
            for (let match = rule.regex.exec(whole); match !== null; match = rule.regex.exec(whole)) {
                record(rule, match, 0);
                if (match[0].length === 0)
                    rule.regex.lastIndex++;
                if (full(rule))
                    break;
            }
        }
        return dropCoveredFallbacks(detections.sort((a, b) => a.start - b.start));
    }
}
/** Whether `bytes[from, to)` holds `length` bytes in a row that `table`
 * marks. It looks at the last byte a run starting at `i` would need first,
 * so text without such runs is stepped through `length` bytes at a time. */
function hasRun(bytes, from, to, table, length) {
    let i = from;
    while (i + length <= to) {
        const last = i + length - 1;
        if (table[bytes[last]] === 0) {
            i = last + 1;
            continue;
        }
        let first = last;
        while (first > i && table[bytes[first - 1]] === 1)
            first--;
        let end = last + 1;
        while (end < to && end - first < length && table[bytes[end]] === 1)
            end++;
        if (end - first >= length)
            return true;
        i = end + 1;
    }
    return false;
}
/** A window reports 20 hits at most; past this many detections of one rule
 * (a file of tokens, a user's regex that matches every character) the rest
 * would cost memory and time and never be shown. */
const MAX_DETECTIONS_PER_RULE = 100;
/** Allowlisted detections are kept to be listed in the summary, a few a rule. */
const MAX_ALLOWLISTED_PER_RULE = 20;
/** A keyword as its UTF-8 bytes read as Latin-1, in lower and upper case and
 * capitalised. */
function utf8Forms(keyword) {
    const lower = keyword.toLowerCase();
    const upper = keyword.toUpperCase();
    const first = String.fromCodePoint(lower.codePointAt(0) ?? 0).length;
    const forms = new Set([lower, upper, upper.slice(0, first) + lower.slice(first)]);
    return [...forms].map((form) => Buffer.from(form, 'utf8').toString('latin1'));
}
function secretOf(rule, match) {
    if (rule.secretGroup !== undefined)
        return match[rule.secretGroup];
    for (let group = 1; group < match.length; group++) {
        if (match[group] !== undefined)
            return match[group];
    }
    return match[0];
}
function accepts(rule, secret, match) {
    if (rule.entropy !== undefined && (0,entropy/* shannonEntropy */.l)(secret) < rule.entropy)
        return false;
    if (rule.allowRegexes?.some((allow) => allow.test(secret)))
        return false;
    const lower = secret.toLowerCase();
    if (rule.stopwords?.some((word) => lower.includes(word)))
        return false;
    return rule.accept ? rule.accept(secret, match) : true;
}
const tier = (detection) => (detection.rule.fallback === 'generic' ? 2 : detection.rule.fallback ? 1 : 0);
function dropCoveredFallbacks(detections) {
    if (!detections.some((d) => d.rule.fallback))
        return detections;
    return detections.filter((d) => !detections.some((other) => tier(other) < tier(d) && other.start < d.end && d.start < other.end));
}


/***/ }),

/***/ 3506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ shannonEntropy),
/* harmony export */   w: () => (/* binding */ isPlaceholder)
/* harmony export */ });
/** Shannon entropy in bits per character. */
function shannonEntropy(text) {
    if (text.length === 0)
        return 0;
    const counts = new Map();
    for (const char of text)
        counts.set(char, (counts.get(char) ?? 0) + 1);
    let bits = 0;
    for (const count of counts.values()) {
        const p = count / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
const PLACEHOLDER_WORDS = /^(?:change[-_ ]?me|change[-_ ]?it|changeme\d*|password\d*|passwd|secret|token|example|sample|dummy|fake|test(?:ing)?|placeholder|none|null|nil|undefined|true|false|yes|no|on|off|todo|tbd|redacted|hidden|masked|default|empty|string|value|(?:my|your|insert|enter|replace)[-_]?(?:pass\w*|secret\w*|token\w*|key\w*|api\w*|value\w*|here)|foo|bar|baz|foobar|qwerty|admin|root|user(?:name)?|guest|pass|letmein)$/i;
/**
 * True for values that stand in for a secret rather than being one:
 * `${TOKEN}`, `$TOKEN`, `{{ .token }}`, `<token>`, `changeme`, `xxxx`, `****`,
 * empty. Build args and env values are full of these.
 */
function isPlaceholder(value) {
    const v = value.trim().replace(/^["'`]|["'`]$/g, '');
    if (v.length === 0)
        return true;
    if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\([^)]*\)$|^%[A-Za-z_]+%$/.test(v))
        return true;
    if (/^\{\{.*\}\}$|^<[^>]*>$|^\[[^\]]*\]$/.test(v))
        return true;
    if (/^(.)\1+$/.test(v))
        return true;
    if (/^[x*.#_-]+$/i.test(v))
        return true;
    if (PLACEHOLDER_WORDS.test(v))
        return true;
    if (/(?:example|placeholder|dummy|changeme|your[-_]?(?:api[-_]?)?(?:key|token|secret|password))/i.test(v))
        return true;
    return false;
}


/***/ }),

/***/ 9627:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aK: () => (/* binding */ parseGitleaksToml),
/* harmony export */   n7: () => (/* binding */ RuleConfigError)
/* harmony export */ });
/* unused harmony exports Re2Pattern, compileRe2 */
/* harmony import */ var re2js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3980);
/* harmony import */ var smol_toml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(528);


class RuleConfigError extends Error {
}
/**
 * A user's regex, compiled by re2js (RE2's linear-time engine): gitleaks
 * writes Go RE2, which re2js reads as it is (`(?i)`, `(?P<name>`, `\z`,
 * POSIX classes, `\Q…\E`), and no pattern can backtrack, so a rule like
 * `(a+)+$` costs time linear in the text like any other (SPEC guarantee 8).
 * It answers the scanner as a global RegExp would (`exec` from `lastIndex`).
 */
class Re2Pattern {
    lastIndex = 0;
    source;
    re;
    groups;
    matcher;
    input;
    constructor(source, caseInsensitive = false) {
        this.source = source;
        this.re = re2js__WEBPACK_IMPORTED_MODULE_1__/* .RE2JS */ .L3.compile(source, caseInsensitive ? re2js__WEBPACK_IMPORTED_MODULE_1__/* .RE2JS */ .L3.CASE_INSENSITIVE : 0);
        this.groups = this.re.groupCount();
    }
    test(text) {
        return this.re.test(text);
    }
    exec(text) {
        if (this.lastIndex > text.length) {
            this.lastIndex = 0;
            return null;
        }
        if (this.input !== text || this.matcher === undefined) {
            this.matcher = this.re.matcher(text);
            this.input = text;
        }
        if (!this.matcher.find(this.lastIndex)) {
            this.lastIndex = 0;
            return null;
        }
        const parts = [];
        for (let group = 0; group <= this.groups; group++)
            parts.push(this.matcher.group(group) ?? undefined);
        const match = Object.assign(parts, { index: this.matcher.start(), input: text });
        this.lastIndex = this.matcher.end();
        return match;
    }
}
/** Go RE2 syntax, compiled to run in linear time. */
function compileRe2(source, caseInsensitive = false) {
    return new Re2Pattern(source, caseInsensitive);
}
function strings(value) {
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function compile(where, source) {
    try {
        return compileRe2(source);
    }
    catch (error) {
        throw new RuleConfigError(`${where}: regex is not valid RE2 syntax (${error.message})`);
    }
}
/** A rule's path condition as one pattern: `path` occurs and none of
 * `denied` does (each searched, in linear time). */
function pathMatcher(path, denied) {
    const matches = (text) => (path === undefined || path.test(text)) && !denied.some((d) => d.test(text));
    return {
        lastIndex: 0,
        source: path?.source ?? '',
        test: matches,
        exec: () => null,
    };
}
function parseGitleaksToml(text) {
    let document;
    try {
        document = (0,smol_toml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text);
    }
    catch (error) {
        throw new RuleConfigError(`is not valid TOML (${error.message.split('\n')[0]})`);
    }
    const extend = isRecord(document.extend) ? document.extend : {};
    const globals = [
        ...(isRecord(document.allowlist) ? [document.allowlist] : []),
        ...(Array.isArray(document.allowlists) ? document.allowlists.filter(isRecord) : []),
    ];
    const globalRegexes = globals.flatMap((list, i) => strings(list.regexes).map((r) => compile(`allowlist ${i + 1}`, r)));
    const globalStopwords = globals.flatMap((list) => strings(list.stopwords).map((word) => word.toLowerCase()));
    const skipPaths = globals.flatMap((list, i) => strings(list.paths).map((r) => compile(`allowlist ${i + 1} path`, r)));
    const rules = [];
    const ruleTables = Array.isArray(document.rules) ? document.rules : [];
    ruleTables.forEach((table, position) => {
        if (!isRecord(table))
            return;
        const id = typeof table.id === 'string' && table.id !== '' ? table.id : `rule-${position + 1}`;
        const where = `rule '${id}'`;
        const severity = table.severity ?? 'high';
        if (severity !== 'low' && severity !== 'medium' && severity !== 'high') {
            throw new RuleConfigError(`${where}: severity must be low, medium or high`);
        }
        const path = typeof table.path === 'string' ? compile(`${where} path`, table.path) : undefined;
        const regexSource = typeof table.regex === 'string' ? table.regex : undefined;
        if (regexSource === undefined && path === undefined)
            throw new RuleConfigError(`${where}: needs a regex or a path`);
        // A path-only rule reports any file at the path: its "secret" is the
        // file's head, which only ever leaves as a hash and a redacted excerpt.
        const regex = regexSource === undefined ? /^[\s\S]{1,256}/g : compile(where, regexSource);
        const lists = [
            ...(isRecord(table.allowlist) ? [table.allowlist] : []),
            ...(Array.isArray(table.allowlists) ? table.allowlists.filter(isRecord) : []),
        ];
        const allowRegexes = [
            ...globalRegexes,
            ...lists.flatMap((list) => strings(list.regexes).map((r) => compile(`${where} allowlist`, r))),
        ];
        const stopwords = [
            ...globalStopwords,
            ...lists.flatMap((list) => strings(list.stopwords).map((w) => w.toLowerCase())),
        ];
        const rulePathAllow = lists.flatMap((list) => strings(list.paths).map((r) => compile(`${where} allowlist path`, r)));
        // gitleaks searches paths (unanchored): the rule's path must occur, no
        // allowlisted path may.
        const pathFilter = path || rulePathAllow.length > 0 ? pathMatcher(path, rulePathAllow) : undefined;
        const rule = {
            id,
            description: typeof table.description === 'string' ? table.description : `user rule ${id}`,
            severity: severity,
            keywords: strings(table.keywords).map((keyword) => keyword.toLowerCase()),
            regex,
            ...(typeof table.secretGroup === 'number' ? { secretGroup: table.secretGroup } : {}),
            ...(typeof table.entropy === 'number' ? { entropy: table.entropy } : {}),
            ...(pathFilter ? { path: pathFilter } : {}),
            ...(allowRegexes.length > 0 ? { allowRegexes } : {}),
            ...(stopwords.length > 0 ? { stopwords } : {}),
        };
        rules.push(rule);
    });
    return {
        rules,
        useDefault: extend.useDefault !== false,
        disabled: new Set(strings(extend.disabledRules)),
        skipPaths,
    };
}


/***/ }),

/***/ 2547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G: () => (/* binding */ ruleSetFor),
  M: () => (/* binding */ scannerFor)
});

// EXTERNAL MODULE: ../../packages/image-audit/src/scan/allowlist.ts
var scan_allowlist = __webpack_require__(1282);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/entropy.ts
var rules_entropy = __webpack_require__(3506);
;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/rules/builtin.ts

/**
 * The built-in rules, each written from the token format its issuer
 * documents. Prefixed formats (ghp_, AKIA, xoxb-, sk_live_, npm_, pypi-) are
 * matched exactly; unprefixed secrets only next to a key name that says what
 * they are, and only when they look random.
 */
const B62 = 'A-Za-z0-9';
/** Token characters must not continue on either side of a match. */
const END = `(?![${B62}_])`;
const START = `(?<![${B62}_])`;
function decodeBase64(text) {
    try {
        return Buffer.from(text, 'base64').toString('utf8');
    }
    catch {
        return undefined;
    }
}
function isJsonObject(base64url) {
    try {
        const parsed = JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    }
    catch {
        return false;
    }
}
/** A value that reads like code or prose rather than a credential. */
function looksLikeCode(value) {
    // options.accessToken, config.auth.secretKey (a JWT's parts are longer)
    if (/^[A-Za-z_$][\w$]{0,30}(?:\.[A-Za-z_$][\w$]{0,30})+$/.test(value))
        return true;
    if (/[(){}<>$\\]|^\/|^https?:/.test(value))
        return true;
    if (/&&|\|\||==|^=/.test(value))
        return true; // minified code: a===b&&!c
    return false;
}
/** Documentation samples dressed as tokens: `ghp_PersonalAccessToken0123…`,
 * `AKIA…EXAMPLE`, a run of one character, `123456`. A random token holds a
 * given 5-letter word with odds of about one in a million. */
const SAMPLE_WORDS = /example|sample|dummy|placeholder|redacted/i;
function looksLikeSample(token) {
    return SAMPLE_WORDS.test(token) || /(.)\1{7}/.test(token) || /0123456|123456789|abcdefgh/i.test(token);
}
/** For prefixed tokens: the part after the documented prefix. */
const genuine = (prefix) => (secret) => !looksLikeSample(secret.slice(prefix));
/** Random enough to be a generated credential: letters with digits, or
 * both cases at higher entropy (`ozpzpPbWnvyOMNzhdeVBNiez`). Hex draws from
 * 16 symbols only (4 bits at most): held to the same bar, one random 40-digit
 * hex secret in 20 fell under 3.5 bits; at 2.7, none of 400,000 random
 * 32- or 40-digit ones did, while repeats like `deadbeef…` (2.2) stay out. */
function randomLooking(value, minEntropy) {
    if ((0,rules_entropy/* isPlaceholder */.w)(value) || looksLikeCode(value) || looksLikeSample(value))
        return false;
    const entropy = (0,rules_entropy/* shannonEntropy */.l)(value);
    if (/^[0-9a-f]+$/i.test(value) && /[0-9]/.test(value) && /[a-f]/i.test(value))
        return entropy >= minEntropy - 0.8;
    if (/[0-9]/.test(value) && /[A-Za-z]/.test(value))
        return entropy >= minEntropy;
    return /[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 20 && entropy >= minEntropy + 0.5;
}
/** [\w.-] and \s (within Latin-1) as byte tables. */
const WORD_BYTE = Uint8Array.from({ length: 256 }, (_, code) => (/[\w.-]/i.test(String.fromCharCode(code)) ? 1 : 0));
const SPACE_BYTE = Uint8Array.from({ length: 256 }, (_, code) => (/\s/.test(String.fromCharCode(code)) ? 1 : 0));
/** The longest key before its operator in generic-secret-assignment's
 * `atKeyword`: a keyword (`credential`, 10) and `s?[\w.-]{0,20}`. */
const LONGEST_KEY = 31;
/**
 * The bytes form of generic-secret-assignment's `atKeyword` up to its
 * operator: from the keyword, characters of [\w.-] (the keyword's own, `s?`
 * and `[\w.-]{0,20}`: LONGEST_KEY at most, and all of them, since what
 * follows is none of them), an optional quote, any \s, then `=`, `:` or `?`
 * (of `=`, `:`, `:=`, `=>`, `?=`). False only where `atKeyword` fails.
 */
function assignmentFollows(bytes, at, end) {
    let next = at;
    while (next < end && WORD_BYTE[bytes[next] ?? 0] === 1) {
        if (++next - at > LONGEST_KEY)
            return false;
    }
    if (bytes[next] === 0x22 || bytes[next] === 0x27)
        next++;
    while (next < end && SPACE_BYTE[bytes[next] ?? 0] === 1)
        next++;
    if (next >= end)
        return false;
    const operator = bytes[next];
    return operator === 0x3d || operator === 0x3a || operator === 0x3f;
}
// lead/reach: where a match can start before its keyword and end after it
// (a 4096-bit RSA key is ~3.3 KB, ~3.4 KB as escaped JSON; a JWT rarely
// passes 8 KB). The regex runs on that slice around each keyword only.
const RULES = [
    {
        id: 'github-token',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'GitHub token (personal access, OAuth, user-to-server, server-to-server or refresh)',
        severity: 'high',
        keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
        regex: new RegExp(`${START}(gh[pousr]_[${B62}]{36})${END}`, 'g'),
        visiblePrefix: 4,
    },
    {
        id: 'github-fine-grained-pat',
        accept: genuine(11),
        lead: 1,
        reach: 100,
        description: 'GitHub fine-grained personal access token',
        severity: 'high',
        keywords: ['github_pat_'],
        regex: new RegExp(`${START}(github_pat_[${B62}]{22}_[${B62}]{59})${END}`, 'g'),
        visiblePrefix: 11,
    },
    {
        id: 'aws-access-key-id',
        accept: genuine(4),
        lead: 1,
        reach: 24,
        description: 'AWS access key ID (identifies a key; the secret is usually near)',
        severity: 'medium',
        keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
        regex: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/g,
        visiblePrefix: 4,
    },
    {
        id: 'aws-secret-access-key',
        lead: 48,
        reach: 140,
        description: 'AWS secret access key',
        severity: 'high',
        keywords: ['aws', 'secret_access_key', 'secretaccesskey'],
        regex: /(?:aws[\w.-]{0,20}?(?:secret|sk)[\w.-]{0,20}?|secret_?access_?key)["']?\s*(?:[:=]|:=|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
        // 'aws' is everywhere in an AWS SDK; a slice without 40 such
        // characters in a row holds no match, and is not made a string.
        run: { of: /[A-Za-z0-9/+]/, length: 40 },
        // Exactly 40 base64 characters: any of them may come first, `/` too.
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret) && !looksLikeSample(secret) && (0,rules_entropy/* shannonEntropy */.l)(secret) >= 4,
    },
    {
        id: 'gcp-api-key',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'Google Cloud API key',
        severity: 'high',
        keywords: ['aiza'],
        regex: /(?<![\w-])(AIza[0-9A-Za-z_-]{35})(?![\w-])/g,
        visiblePrefix: 4,
    },
    {
        id: 'gcp-service-account-key',
        lead: 2,
        reach: 64,
        description: 'Google Cloud service account key file (private_key_id)',
        severity: 'high',
        keywords: ['private_key_id'],
        regex: /"private_key_id"\s*:\s*"([a-f0-9]{40})"/g,
    },
    {
        id: 'azure-storage-account-key',
        lead: 1,
        reach: 110,
        description: 'Azure storage account key (connection string AccountKey)',
        severity: 'high',
        keywords: ['accountkey'],
        regex: /AccountKey\s*=\s*([A-Za-z0-9+/]{86}==)/gi,
    },
    {
        id: 'azure-sas-token',
        lead: 300,
        reach: 400,
        description: 'Azure shared access signature (sig= in a SAS URL or connection string)',
        severity: 'high',
        keywords: ['sig='],
        regex: /[?&;]sv=\d{4}-\d{2}-\d{2}[^\s"'<>]*?[&;]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/gi,
    },
    {
        id: 'azure-ad-client-secret',
        lead: 6,
        reach: 48,
        description: 'Microsoft Entra ID (Azure AD) application client secret',
        severity: 'high',
        keywords: ['q~'],
        regex: /(?<![\w~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/g,
        accept: (secret) => (0,rules_entropy/* shannonEntropy */.l)(secret) >= 3.5,
    },
    {
        id: 'slack-token',
        accept: genuine(5),
        lead: 1,
        reach: 200,
        description: 'Slack bot, user, app or configuration token',
        severity: 'high',
        keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
        regex: /(?<![\w-])(xox[bpars]-\d{8,13}-[0-9A-Za-z-]{10,}|xoxe(?:\.xox[bp])?-\d-[A-Z0-9]{140,170}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{64})(?![\w-])/g,
        visiblePrefix: 5,
    },
    {
        id: 'slack-webhook-url',
        lead: 9,
        reach: 160,
        description: 'Slack incoming webhook URL',
        severity: 'high',
        keywords: ['hooks.slack.com'],
        regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{8,}\/[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/g,
    },
    {
        id: 'stripe-secret-key',
        accept: genuine(8),
        lead: 1,
        reach: 260,
        description: 'Stripe secret or restricted API key',
        severity: 'high',
        keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
        regex: new RegExp(`${START}((?:sk|rk)_(?:live|test)_[${B62}]{24,247})${END}`, 'g'),
        visiblePrefix: 8,
    },
    {
        id: 'npm-access-token',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'npm access token',
        severity: 'high',
        keywords: ['npm_'],
        regex: new RegExp(`${START}(npm_[${B62}]{36})${END}`, 'g'),
        visiblePrefix: 4,
    },
    {
        id: 'npmrc-auth',
        fallback: true,
        lead: 2,
        reach: 300,
        description: 'npm registry credential in an .npmrc (_authToken, _auth or _password)',
        severity: 'high',
        keywords: ['_authtoken', '_auth', '_password'],
        regex: /(?:^|[\s:])(?:_authToken|_auth|_password)\s*=\s*["']?([^\s"'#;]{8,})/gim,
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret),
    },
    {
        id: 'pypi-token',
        lead: 1,
        reach: 400,
        description: 'PyPI or TestPyPI API token',
        severity: 'high',
        keywords: ['pypi-ag'],
        regex: /(?<![\w-])(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![\w-])/g,
        visiblePrefix: 5,
    },
    {
        id: 'private-key',
        lead: 24,
        reach: 12000,
        description: 'Private key (PEM block)',
        severity: 'high',
        keywords: ['private key'],
        // Lines may end in a newline or, inside JSON (GCP key files), in `\n`.
        regex: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:\r?\n|(?:\\r)?\\n)(?:[A-Za-z-]+: [^\r\n\\]*(?:\r?\n|(?:\\r)?\\n))*(?:\r?\n|(?:\\r)?\\n)?(?:[A-Za-z0-9+/=]{16,}(?:\r?\n|(?:\\r)?\\n))+[A-Za-z0-9+/=]*(?:\r?\n|(?:\\r)?\\n)?(?:=[A-Za-z0-9+/]{4}(?:\r?\n|(?:\\r)?\\n))?-----END \1PRIVATE KEY(?: BLOCK)?-----/g,
        secretGroup: 0,
    },
    {
        id: 'jwt',
        lead: 1,
        reach: 8192,
        description: 'JSON Web Token',
        severity: 'medium',
        keywords: ['eyj'],
        regex: /(?<![\w-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![\w-])/g,
        accept: (secret) => {
            const [header = '', payload = ''] = secret.split('.');
            return isJsonObject(header) && isJsonObject(payload);
        },
    },
    {
        id: 'url-password',
        fallback: true,
        lead: 24,
        reach: 300,
        description: 'URL with a password (scheme://user:password@host)',
        severity: 'high',
        keywords: ['://'],
        regex: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`<>]{1,64}:([^\s:@/'"`<>]{3,200})@[A-Za-z0-9.-]+/gi,
        // The regex from `//` on: most URLs have no `user:password@`, and this
        // finds that without trying each character as the scheme's start.
        precheck: /\/\/[^\s:@/'"`<>]{1,64}:[^\s:@/'"`<>]{3,200}@[A-Za-z0-9.-]/,
        accept: (secret, match) => {
            let decoded = secret;
            try {
                decoded = decodeURIComponent(secret);
            }
            catch { }
            // anonymous:… is the FTP/HTTP convention for "no account".
            if (/:\/\/anonymous:/i.test(match[0]))
                return false;
            return (decoded.length >= 5 &&
                !(0,rules_entropy/* isPlaceholder */.w)(decoded) &&
                !/^[$%{<]/.test(decoded) &&
                !/@(?:example|localhost)\b/.test(match[0]));
        },
    },
    {
        id: 'docker-config-auth',
        lead: 1,
        reach: 400,
        description: 'Registry credential in a Docker config.json (auth, identitytoken)',
        severity: 'high',
        keywords: ['"auth"', '"identitytoken"', '"registrytoken"'],
        regex: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=._-]{8,})"/g,
        accept: (secret, match) => {
            if (!match[0].startsWith('"auth"'))
                return !(0,rules_entropy/* isPlaceholder */.w)(secret);
            const decoded = decodeBase64(secret);
            const colon = decoded?.indexOf(':') ?? -1;
            return decoded !== undefined && colon > 0 && !(0,rules_entropy/* isPlaceholder */.w)(decoded.slice(colon + 1));
        },
    },
    {
        id: 'netrc-password',
        fallback: true,
        lead: 1,
        reach: 400,
        description: 'Password in a .netrc entry',
        severity: 'high',
        keywords: ['machine'],
        regex: /\bmachine\s+\S+\s+(?:login\s+\S+\s+)?password\s+([^\s'"`]+)/g,
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret),
    },
    {
        id: 'kubeconfig-credential',
        fallback: true,
        lead: 16,
        reach: 400,
        description: 'Kubernetes kubeconfig client key or token',
        severity: 'high',
        keywords: ['client-key-data', 'auth-provider', 'token:'],
        regex: /^\s*(?:client-key-data|token|id-token|refresh-token):\s*["']?([A-Za-z0-9+/=._-]{20,})["']?\s*$/gm,
        accept: (secret) => randomLooking(secret, 3.5),
    },
    {
        id: 'generic-secret-assignment',
        lead: 48,
        reach: 300,
        description: 'High-entropy value assigned to a key that names a secret',
        severity: 'medium',
        // Every way the key can name a secret, as the regex spells it: each
        // match then holds a keyword, and `atKeyword` can skip the others.
        keywords: [
            'secret',
            'token',
            'passw',
            'pwd',
            'credential',
            'apikey',
            'api_key',
            'api-key',
            'api.key',
            'authkey',
            'auth_key',
            'auth-key',
            'auth.key',
            'accesskey',
            'access_key',
            'access-key',
            'access.key',
        ],
        regex: /(?<![\w-])([\w.-]{0,40}?(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?)["']?\s*(?:=|:|:=|=>|\?=)\s*(["'`]?)([A-Za-z0-9+/=_.~!@#%^&*-]{16,200})\2(?![A-Za-z0-9+/=_.~-])/gi,
        // The regex from the keyword on: most keywords in code (tokenizer,
        // secretOf, `token: 'x'` a line later) start no assignment of 16+ value
        // characters. 1 occurrence in 30 passes over a node_modules-like tree,
        // where a check for an operator anywhere in the slice let half through.
        atKeyword: /(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?["']?\s*(?:=|:|:=|=>|\?=)\s*["'`]?[A-Za-z0-9+/=_.~!@#%^&*-]{16}/iy,
        atKeywordBytes: assignmentFollows,
        secretGroup: 3,
        fallback: 'generic',
        accept: (secret, match) => {
            const key = match[1] ?? '';
            if (/(?:_?(?:file|path|dir|url|uri|endpoint|type|name|id|length|len|size|ttl|expiry|expires|header|field|prefix))$/i.test(key))
                return false;
            // Header names and identifiers: X-Amz-Security-Token, CreateTokenRequest.
            if (/token|secret|passw|credential|auth|key/i.test(secret))
                return false;
            if (/^[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})+$/.test(secret))
                return false;
            return randomLooking(secret, 3.5);
        },
    },
];
/** Every built-in rule matches within a short reach of its keyword. */
const BUILTIN_RULES = RULES;

// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/engine.ts + 1 modules
var engine = __webpack_require__(3492);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/gitleaks.ts
var gitleaks = __webpack_require__(9627);
;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/rules/ruleset.ts




/** The built-in rules, changed by the user's gitleaks TOML when there is one
 * (`useDefault`, disabled rules, their own rules and path allowlist). Throws
 * RuleConfigError for a file that cannot be used. */
function ruleSetFor(rulesToml) {
    if (rulesToml === undefined)
        return { rules: BUILTIN_RULES, user: 0, skipPaths: [] };
    const parsed = (0,gitleaks/* parseGitleaksToml */.aK)(rulesToml);
    const builtin = parsed.useDefault ? BUILTIN_RULES.filter((rule) => !parsed.disabled.has(rule.id)) : [];
    return { rules: [...builtin, ...parsed.rules], user: parsed.rules.length, skipPaths: parsed.skipPaths };
}
/** The scanner for a rules file: built once per thread from the same text,
 * so every thread runs the same rules. */
function scannerFor(rulesToml, allowlist = scan_allowlist/* EMPTY_ALLOWLIST */.Yt) {
    const { rules, skipPaths } = ruleSetFor(rulesToml);
    return new engine/* Scanner */.L(rules, skipPaths, new scan_allowlist/* AllowlistMatcher */.Mn(allowlist));
}


/***/ }),

/***/ 6638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sH: () => (/* binding */ OVERLAP),
  q3: () => (/* binding */ inlineWindowScanner),
  Ab: () => (/* binding */ scanBatch),
  xY: () => (/* binding */ startScanWorkers),
  JB: () => (/* binding */ workerWindowScanner)
});

// UNUSED EXPORTS: MAX_HITS_PER_WINDOW, scanWindowText

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/allowlist.ts
var scan_allowlist = __webpack_require__(1282);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/redact.ts
var redact = __webpack_require__(8034);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/ruleset.ts + 1 modules
var ruleset = __webpack_require__(2547);
;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/window-ring.ts
/**
 * Shared memory that file windows are copied into for the scan workers: one
 * copy per window and no allocation on either thread, where a window posted
 * to a worker was allocated, copied into a message and allocated again on
 * the other side. Windows are placed one after another and wrap to the start;
 * a slot is reused only once released (when its worker has answered), in
 * whatever order workers answer.
 */
class WindowRing {
    memory;
    bytes;
    /** Slots in placement order; `released` ones at the front are dropped. */
    slots = [];
    byOffset = new Map();
    /** Where the next window goes. */
    head = 0;
    /** Only this ring's owner places windows in `memory`; workers read them. */
    constructor(memory) {
        this.memory = memory;
        this.bytes = new Uint8Array(memory);
    }
    /** Copies `parts` (`length` bytes in all) into the ring, or returns
     * undefined when there is no room for them now. */
    put(parts, length) {
        const offset = this.place(length);
        if (offset === undefined)
            return undefined;
        let at = offset;
        for (const part of parts) {
            this.bytes.set(part, at);
            at += part.length;
        }
        const slot = { offset, length, released: false };
        this.slots.push(slot);
        this.byOffset.set(offset, slot);
        this.head = offset + length;
        return { offset, length };
    }
    release(slot) {
        const held = this.byOffset.get(slot.offset);
        if (!held)
            return;
        held.released = true;
        this.byOffset.delete(slot.offset);
        while (this.slots[0]?.released)
            this.slots.shift();
        if (this.slots.length === 0)
            this.head = 0;
    }
    /** The free span for `length` bytes: after the newest slot, else (wrapping)
     * before the oldest one still held. */
    place(length) {
        const capacity = this.memory.byteLength;
        // An empty window has no place (its offset would equal the head's).
        if (length === 0)
            return undefined;
        const oldest = this.slots[0]?.offset;
        if (oldest === undefined)
            return length <= capacity ? 0 : undefined;
        if (this.head > oldest) {
            // Held: [oldest, head). Free: [head, capacity) then [0, oldest).
            if (capacity - this.head >= length)
                return this.head;
            return length < oldest ? 0 : undefined;
        }
        // Wrapped. Held: [oldest, capacity) and [0, head). Free: [head, oldest).
        return oldest - this.head > length ? this.head : undefined;
    }
}

;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/scan-pool.ts





/** Windows overlap by this much so a secret across a boundary (a 4096-bit
 * RSA key in escaped JSON is ~3.4 KB) is still seen whole. */
const OVERLAP = 16 * 1024;
/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_WINDOW = 20;
/** Newlines before `end`. Native search: windows past a file's first are
 * mostly binaries and bundles, whose lines are few and long. */
function countNewlines(bytes, end) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.byteLength));
    let count = 0;
    for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1))
        count++;
    return count;
}
/** Scans one window of a file. A match is reported by the window in whose
 * non-overlap part it starts, so each match is reported once. The window is
 * made into a string only when something is found (for the excerpt). */
function scanWindowText(scanner, window, path, last) {
    const reportBefore = last ? window.length : window.length - OVERLAP;
    const newlines = last ? 0 : countNewlines(window, reportBefore);
    const detections = scanner.scan(window, path);
    const reported = detections.filter((detection) => detection.start < reportBefore);
    if (reported.length === 0)
        return { hits: [], newlines };
    const text = Buffer.from(window.buffer, window.byteOffset, window.byteLength).toString('latin1');
    const hits = [];
    let line = 1;
    let counted = 0;
    // Every detection is redacted in an excerpt, those in the overlap too.
    const kept = (0,redact/* keepUnderCap */.ip)(reported.map((detection) => ({
        detection,
        severity: detection.rule.severity,
        ...(detection.allowlisted ? { allowlisted: true } : {}),
    })), MAX_HITS_PER_WINDOW).map(({ detection }) => detection);
    for (const detection of kept) {
        line += countNewlines(window.subarray(counted), detection.start - counted);
        counted = detection.start;
        hits.push((0,redact/* toHit */.FI)(text, detection, detections, line));
    }
    return { hits, newlines };
}
function joined(parts, length) {
    return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
}
function inlineWindowScanner(scanner) {
    return {
        workers: 0,
        scan: async (parts, length, path, last) => scanWindowText(scanner, joined(parts, length), path, last),
        close: async () => { },
    };
}
/** What a scan worker does with one batch. */
function scanBatch(scanner, ring, batch) {
    const count = batch.paths.length;
    const ids = new Int32Array(count);
    const newlines = new Int32Array(count);
    const hits = [];
    for (let index = 0; index < count; index++) {
        const at = index * 4;
        const offset = batch.numbers[at + 1] ?? 0;
        const length = batch.numbers[at + 2] ?? 0;
        const last = batch.numbers[at + 3] === 1;
        const result = scanWindowText(scanner, new Uint8Array(ring, offset, length), batch.paths[index] ?? '', last);
        ids[index] = batch.numbers[at] ?? 0;
        newlines[index] = result.newlines;
        if (result.hits.length > 0)
            hits.push([index, result.hits]);
    }
    return { ids, newlines, hits };
}
/** Small files are sent in batches: one message per file would cost more
 * than scanning it. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_JOBS = 512;
/** Ring bytes per worker: windows waiting to be scanned; when the ring is
 * full the reading thread scans windows itself. A few windows keep a worker
 * busy; more only grow memory (under the in-flight limit the ring replaced,
 * 16 MiB for one worker peaked ~30 MiB higher in RSS than 4 MiB, and was no
 * faster). */
const RING_PER_WORKER = 4 * 1024 * 1024;
/** Gives scan workers (workers/threads.ts: started, waiting for their
 * data) the rules, the ring and each its channel to the reader. */
function startScanWorkers(workers, rulesToml, allowlist = scan_allowlist/* EMPTY_ALLOWLIST */.Yt) {
    const ring = new SharedArrayBuffer(RING_PER_WORKER * workers.length);
    const ports = [];
    let failure;
    for (const worker of workers) {
        const { port1, port2 } = new external_node_worker_threads_.MessageChannel();
        ports.push(port2);
        worker.postMessage({ rulesToml, allowlist, ring, port: port1 }, [port1]);
        worker.on('error', (error) => {
            failure ??= error;
        });
    }
    return {
        channels: { ring, ports },
        failure: () => failure,
        close: async () => {
            await Promise.all(workers.map((worker) => worker.terminate()));
        },
    };
}
/**
 * The reading thread's side of the scan workers: windows are copied into the
 * shared ring and their places sent in batches; the reading thread scans a
 * window itself when the ring is full. Memory stays bounded: windows wait in
 * a ring of RING_PER_WORKER bytes per worker, and each worker's heap is
 * capped (SCAN_WORKER_LIMITS).
 */
function workerWindowScanner(channels, rulesToml, allowlist = scan_allowlist/* EMPTY_ALLOWLIST */.Yt) {
    const ring = new WindowRing(channels.ring);
    const ports = channels.ports;
    const waiting = new Map();
    const queued = ports.map(() => 0);
    let nextId = 0;
    // The batch being filled: four numbers a window (see JobBatch).
    const numbers = new Int32Array(BATCH_JOBS * 4);
    let paths = [];
    let batchBytes = 0;
    let turn = 0;
    let failure;
    let flushScheduled = false;
    let inlineScanner;
    ports.forEach((port, index) => {
        port.on('message', (results) => {
            queued[index] = (queued[index] ?? 0) - results.ids.length;
            const found = new Map(results.hits);
            results.ids.forEach((id, at) => {
                const job = waiting.get(id);
                if (!job)
                    return;
                waiting.delete(id);
                ring.release(job.slot);
                job.resolve({ hits: found.get(at) ?? [], newlines: results.newlines[at] ?? 0 });
            });
        });
        // A worker that stops (an error, its heap limit) closes its end.
        port.on('close', () => {
            failure ??= new Error('a scan worker stopped before it answered');
            for (const job of waiting.values())
                job.reject(failure);
            waiting.clear();
        });
    });
    const flush = () => {
        if (paths.length === 0)
            return;
        // The least busy worker takes the batch.
        let target = turn++ % ports.length;
        for (let i = 0; i < ports.length; i++)
            if ((queued[i] ?? 0) < (queued[target] ?? 0))
                target = i;
        queued[target] = (queued[target] ?? 0) + paths.length;
        const batch = { numbers: numbers.slice(0, paths.length * 4), paths };
        ports[target]?.postMessage(batch, [batch.numbers.buffer]);
        paths = [];
        batchBytes = 0;
    };
    return {
        workers: ports.length,
        scan(parts, length, path, last) {
            if (failure)
                return Promise.reject(failure);
            const slot = ring.put(parts, length);
            if (!slot) {
                // The workers are behind (or the window is empty): rather than wait,
                // this thread scans the window itself (it idled ~40% of a 1 GiB
                // audit waiting for one worker), and memory stays bounded all the
                // same.
                flush();
                inlineScanner ??= (0,ruleset/* scannerFor */.M)(rulesToml, allowlist);
                return Promise.resolve(scanWindowText(inlineScanner, joined(parts, length), path, last));
            }
            const id = nextId++;
            const promise = new Promise((resolve, reject) => waiting.set(id, { resolve, reject, slot }));
            const at = paths.length * 4;
            numbers[at] = id;
            numbers[at + 1] = slot.offset;
            numbers[at + 2] = length;
            numbers[at + 3] = last ? 1 : 0;
            paths.push(path);
            batchBytes += length;
            if (batchBytes >= BATCH_BYTES || paths.length >= BATCH_JOBS)
                flush();
            else if (!flushScheduled) {
                // A part-filled batch still goes once this turn of reading is done.
                flushScheduled = true;
                setImmediate(() => {
                    flushScheduled = false;
                    flush();
                });
            }
            return promise;
        },
        async close() {
            flush();
            for (const port of ports)
                port.close();
        },
    };
}


/***/ })

};
