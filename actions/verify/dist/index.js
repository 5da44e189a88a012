import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 667:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ ACTION_SPEC)
/* harmony export */ });
const ACTION_SPEC = {
    "name": "verify",
    "description": "Prove a credential works (2xx) or is dead (401) with one HTTP check, retried until it holds or a time passes.",
    "inputs": [
        {
            "name": "url",
            "description": "The URL to request. Only its origin and path are ever shown; the query string is not.",
            "required": true
        },
        {
            "name": "method",
            "description": "HTTP method. In a dry run only GET, HEAD and OPTIONS are sent.",
            "default": "GET",
            "required": false
        },
        {
            "name": "token",
            "description": "The credential to present. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "auth",
            "description": "How the credential is sent: bearer (Authorization: Bearer), token (Authorization: token), basic (token is user:password), or header:NAME.",
            "default": "bearer",
            "required": false
        },
        {
            "name": "expect",
            "description": "Statuses that pass: 200, 2xx, 401,403. Redirects are not followed, so a 3xx is an answer too.",
            "default": "2xx",
            "required": false
        },
        {
            "name": "within",
            "description": "Keep trying until the expectation holds or this time has passed (90s, 10m, 1h). 0 tries once.",
            "default": "0",
            "required": false
        },
        {
            "name": "interval",
            "description": "Pause between attempts.",
            "default": "10s",
            "required": false
        },
        {
            "name": "timeout",
            "description": "Time one request may take.",
            "default": "10s",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "true to print the plan; GET, HEAD and OPTIONS checks still run, other methods are not sent.",
            "default": "false",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines file the audit event is appended to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "status",
            "description": "The last HTTP status seen ('' when no answer came or nothing was sent)."
        },
        {
            "name": "attempts",
            "description": "How many requests were sent."
        }
    ]
};


/***/ }),

/***/ 18:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(699);
/* harmony import */ var _action_spec_generated__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(667);
/* harmony import */ var _main__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(504);



await (0,_keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .runAction */ .Cs)('verify', { runner: (0,_keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .createActionsRunner */ .gQ)(), spec: _action_spec_generated__WEBPACK_IMPORTED_MODULE_1__/* .ACTION_SPEC */ .B }, _main__WEBPACK_IMPORTED_MODULE_2__/* .main */ .i);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 504:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 18 modules
var src = __nccwpck_require__(699);
;// CONCATENATED MODULE: ./src/config.ts

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Methods that change nothing on a well-behaved server: sent even in a dry run. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function parseUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new src/* InputError */.dz('url', `is not a URL`, 'Give an absolute URL such as https://api.example.com/health.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new src/* InputError */.dz('url', `uses ${url.protocol}`, 'Use an http:// or https:// URL.');
    }
    if (url.username !== '' || url.password !== '') {
        throw new src/* InputError */.dz('url', 'holds a user name or password', "Pass the credential in 'token' with auth: basic.");
    }
    return url;
}
function parseAuth(text) {
    if (text === 'bearer' || text === 'token' || text === 'basic')
        return { kind: text };
    if (text.startsWith('header:')) {
        const header = text.slice('header:'.length).trim();
        if (HEADER_NAME.test(header))
            return { kind: 'header', header };
    }
    throw new src/* InputError */.dz('auth', `is '${text}'`, 'Use bearer, token, basic, or header:NAME (for example header:X-Api-Key).');
}
function readVerifyConfig(inputs) {
    const url = parseUrl(inputs.required('url', 'Give the URL the credential is checked against.'));
    const method = inputs.string('method', 'GET').toUpperCase();
    if (!METHODS.includes(method)) {
        throw new src/* InputError */.dz('method', `is '${method}'`, `Use one of: ${METHODS.join(', ')}.`);
    }
    const token = inputs.secret('token');
    const auth = parseAuth(inputs.string('auth', 'bearer'));
    if (auth.kind === 'basic' && token !== undefined && !token.includes(':')) {
        throw new src/* InputError */.dz('token', 'has no ":" but auth is basic', "Give 'user:password'.");
    }
    let expect;
    try {
        expect = (0,src/* parseStatusList */.AQ)(inputs.string('expect', '2xx'));
    }
    catch (error) {
        if (!(error instanceof src/* StatusListSyntaxError */.cI))
            throw error;
        throw new src/* InputError */.dz('expect', error.message, 'Give statuses or classes separated by commas: 200, 2xx, 401,403.');
    }
    if (token === undefined && expect.expectsRefusal) {
        // Without a credential a refusal proves nothing: an unset secret would
        // make "the old token is dead" pass while the old token still works.
        throw new src/* InputError */.dz('token', `is empty, and expect (${expect.text}) only accepts refusals`, 'Pass the credential to prove dead; if it comes from a secret, check that the secret is set and reaches this job.');
    }
    const clearText = token === undefined ? undefined : (0,src/* credentialUrlProblem */._U)(url);
    if (clearText)
        throw new src/* InputError */.dz('url', clearText, 'Use an https:// URL: token is sent with the request.');
    const withinMs = inputs.duration('within', '0', src/* LONGEST_WAIT */.dX);
    const intervalMs = inputs.duration('interval', '10s', src/* LONGEST_WAIT */.dX);
    const timeoutMs = inputs.duration('timeout', '10s', src/* LONGEST_REQUEST */.Bn);
    if (intervalMs === 0 && withinMs > 0) {
        throw new src/* InputError */.dz('interval', 'is 0 while within is set', 'Give a pause between attempts, such as 10s.');
    }
    if (timeoutMs === 0)
        throw new src/* InputError */.dz('timeout', 'is 0', 'Give a time one request may take, such as 10s.');
    return Object.freeze({
        url,
        method,
        token,
        auth,
        expect,
        withinMs,
        intervalMs,
        timeoutMs,
        dryRun: inputs.boolean('dry-run', false),
    });
}

// EXTERNAL MODULE: ../../packages/core/src/duration.ts
var duration = __nccwpck_require__(283);
// EXTERNAL MODULE: ../../packages/core/src/retry.ts
var retry = __nccwpck_require__(653);
;// CONCATENATED MODULE: ../../packages/core/src/adapters/http-verifier.ts


/** The URL as it may be shown: no query string or fragment, which can carry
 * API keys, and no user info. */
function displayUrl(url) {
    return `${url.origin}${url.pathname}`;
}
function authHeaders(auth, credential) {
    if (credential === undefined)
        return {};
    switch (auth.kind) {
        case 'bearer':
            return { authorization: `Bearer ${credential}` };
        case 'token':
            return { authorization: `token ${credential}` };
        case 'basic':
            return { authorization: `Basic ${Buffer.from(credential, 'utf8').toString('base64')}` };
        case 'header':
            return { [auth.header]: credential };
    }
}
function describeNetworkError(error, timeoutMs) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return `no answer within ${(0,duration/* formatDuration */.a3)(timeoutMs)}`;
    }
    const cause = error instanceof Error ? error.cause : undefined;
    switch (cause?.code) {
        case 'ECONNRESET':
        case 'UND_ERR_SOCKET':
            return 'the connection was reset';
        case 'ECONNREFUSED':
            return 'the connection was refused';
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return 'the host name did not resolve';
        default:
            // fetch's own refusals (a blocked port, a bad scheme) carry only a message.
            return `network error (${cause?.code ?? cause?.message ?? 'no detail'})`;
    }
}
function createHttpVerifier(check, deps) {
    const probe = async (credential) => {
        try {
            const response = await deps.fetch(check.url, {
                method: check.method,
                headers: { 'user-agent': 'keyturn-verify', ...authHeaders(check.auth, credential) },
                // A redirect is an answer in itself; following it could carry the
                // credential to another host.
                redirect: 'manual',
                signal: AbortSignal.timeout(check.timeoutMs),
            });
            // The body is never read: it is not needed and may echo the credential.
            await response.body?.cancel().catch(() => undefined);
            const retryAfterMs = (0,retry/* retryAfterFromHeaders */.B8)((name) => response.headers.get(name), deps.clock.now());
            return retryAfterMs === undefined ? { status: response.status } : { status: response.status, retryAfterMs };
        }
        catch (error) {
            return { failure: describeNetworkError(error, check.timeoutMs) };
        }
    };
    return {
        async check(credential) {
            const started = deps.clock.now();
            let last = {};
            for (let attempt = 1;; attempt++) {
                last = await probe(credential);
                const elapsedMs = deps.clock.now() - started;
                const seen = last.status === undefined ? (last.failure ?? 'no answer') : `HTTP ${last.status}`;
                deps.log?.(`attempt ${attempt}: ${seen} (expecting ${check.expect.text})`);
                const result = (ok) => ({
                    ok,
                    attempts: attempt,
                    elapsedMs,
                    ...(last.status === undefined ? {} : { status: last.status }),
                    ...(ok ? {} : { reason: `last saw ${seen}` }),
                });
                if (last.status !== undefined && check.expect.matches(last.status))
                    return result(true);
                // A 429 or 503 may name its own wait; never poll faster than asked.
                const waitMs = Math.max(check.intervalMs, last.retryAfterMs ?? 0);
                if (elapsedMs + waitMs > check.withinMs)
                    return result(false);
                await deps.sleep(waitMs);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/verify.ts



async function verify(context, config, deps) {
    const { runner } = context;
    const target = `${config.method} ${displayUrl(config.url)}`;
    const summaryRow = (last, attempts, elapsed, result) => (0,src/* renderSummary */.Br)({
        title: 'keyturn/verify',
        table: {
            headers: ['Request', 'Expected', 'Last status', 'Attempts', 'Elapsed', 'Result'],
            rows: [[target, config.expect.text, last, attempts, elapsed, result]],
        },
    });
    if (config.dryRun && !SAFE_METHODS.has(config.method)) {
        runner.info(`Dry run: would send ${target} and expect ${config.expect.text}; ${config.method} is not sent.`);
        runner.setOutput('status', '');
        runner.setOutput('attempts', '0');
        await runner.appendSummary(summaryRow('-', '0', '-', 'not sent (dry run)'));
        return;
    }
    runner.info(`Checking ${target}: expecting ${config.expect.text}` +
        (config.withinMs > 0 ? `, within ${(0,src/* formatDuration */.a3)(config.withinMs)}` : ''));
    const verifier = createHttpVerifier(config, {
        fetch: deps.fetch,
        clock: context.clock,
        sleep: context.sleep,
        log: (line) => runner.info(line),
    });
    const result = await verifier.check(config.token);
    const status = result.status === undefined ? '' : String(result.status);
    runner.setOutput('status', status);
    runner.setOutput('attempts', String(result.attempts));
    const elapsed = (0,src/* formatDuration */.a3)(result.elapsedMs);
    await runner.appendSummary(summaryRow(status || '-', String(result.attempts), elapsed, result.ok ? 'passed' : 'failed'));
    await context.audit.append({
        event: result.ok ? 'secret.verify.completed' : 'secret.verify.failed',
        action: 'verify',
        outcome: result.ok ? 'success' : 'failure',
        request: target,
        expected: config.expect.text,
        status: result.status ?? null,
        attempts: result.attempts,
    });
    if (!result.ok) {
        const hint = config.withinMs === 0 ? ' Set within (such as 10m) to keep trying while a change propagates.' : '';
        throw new src/* CheckFailedError */.CO(`expected ${config.expect.text} from ${target}, ${result.reason}; ` +
            `${result.attempts} attempt(s) over ${elapsed}.${hint}`);
    }
    runner.info(`Passed: ${target} answered ${status}.`);
}

;// CONCATENATED MODULE: ./src/main.ts


/** verify with its real dependencies: the action's entry and the CLI run this. */
const main = (context) => verify(context, readVerifyConfig(context.inputs), { fetch: globalThis.fetch });


/***/ }),

/***/ 283:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ LONGEST_REQUEST),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   dX: () => (/* binding */ LONGEST_WAIT)
/* harmony export */ });
/* unused harmony export DAY_MS */
const DAY_MS = 86_400_000;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS };
/** The longest wait an action's run holds: a job on a GitHub-hosted runner
 * is stopped after 6 hours, so a longer `within` could never end in time. */
const LONGEST_WAIT = Object.freeze({ max: 6 * 3_600_000, why: 'a job on GitHub-hosted runners ends after 6h' });
/** The longest single request keyturn allows. */
const LONGEST_REQUEST = Object.freeze({ max: 10 * 60_000, why: 'one request' });
/** Parses `90s`, `10m`, `24h`, `90d` and sums like `1h30m`; `0` alone is zero.
 * Returns undefined when the text is not a duration. */
function parseDuration(text) {
    const trimmed = text.trim();
    if (trimmed === '0')
        return 0;
    if (!/^(\d+[smhd])+$/.test(trimmed))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
        total += Number(amount) * UNIT_MS[unit];
    }
    return Number.isSafeInteger(total) ? total : undefined;
}
/** Formats milliseconds the way inputs are written, for messages. */
function formatDuration(ms) {
    if (ms < 1_000)
        return `${Math.round(ms)}ms`;
    const parts = [];
    let rest = Math.round(ms / 1_000);
    for (const [unit, seconds] of [
        ['d', 86_400],
        ['h', 3_600],
        ['m', 60],
        ['s', 1],
    ]) {
        if (rest >= seconds) {
            parts.push(`${Math.floor(rest / seconds)}${unit}`);
            rest %= seconds;
        }
    }
    return parts.join('');
}


/***/ }),

/***/ 736:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CO: () => (/* binding */ CheckFailedError),
/* harmony export */   FB: () => (/* binding */ KeyturnError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/* unused harmony exports UpstreamError, CONFIGURE_AWS_IN_WORKFLOW, withoutQuotedBody */
/**
 * Every failure keyturn reports falls in one of two families, so a user can
 * tell at a glance whether to fix their workflow or wait for a service:
 * - InputError: the user's configuration is wrong; nothing was changed.
 * - UpstreamError: a service answered badly or not at all.
 * Messages never hold a secret value: callers pass names, not values.
 */
class KeyturnError extends Error {
    name = 'KeyturnError';
}
class InputError extends KeyturnError {
    name = 'InputError';
    input;
    problem;
    fix;
    constructor(input, problem, fix) {
        super(`input '${input}' ${problem}. ${fix}`);
        this.input = input;
        this.problem = problem;
        this.fix = fix;
    }
}
class UpstreamError extends KeyturnError {
    name = 'UpstreamError';
    service;
    /** The message without the service prefix. */
    detail;
    status;
    retryable;
    retryAfterMs;
    constructor(message, details) {
        const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
        super(`${details.service}${status}: ${message}`);
        this.service = details.service;
        this.detail = message;
        this.status = details.status;
        this.retryable = details.retryable;
        this.retryAfterMs = details.retryAfterMs;
    }
}
/**
 * How a workflow gives keyturn AWS access, as every AWS error's fix says it.
 * One phrase, so the CLI can say the terminal way instead (its terminal
 * runner swaps exactly this text).
 */
const CONFIGURE_AWS_IN_WORKFLOW = 'configure AWS first with aws-actions/configure-aws-credentials';
/** A check the run performs failed, as opposed to a request failing. */
class CheckFailedError extends KeyturnError {
    name = 'CheckFailedError';
}
/**
 * An error's message, with any excerpt of a body JSON.parse quoted taken
 * out: V8's message shows up to 10 characters around the bad token
 * (`Unexpected token 'k', ..."Value":kt9Xq2LmW7"... is not valid JSON`), and
 * the SDKs pass it on as theirs. A body that starts with, or breaks at, a
 * value would put part of it in the log; no body is ever quoted.
 */
function errorMessage(error) {
    return withoutQuotedBody(error instanceof Error ? error.message : String(error));
}
const QUOTED_JSON_BODY = /Unexpected token '.*?', (?:\.\.\.)?".*?"(?:\.\.\.)? is not valid JSON/gs;
/** `text` without the body excerpts JSON.parse's messages quote. */
function withoutQuotedBody(text) {
    return text.replace(QUOTED_JSON_BODY, 'the body is not valid JSON (not quoted)');
}


/***/ }),

/***/ 699:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  CO: () => (/* reexport */ errors/* CheckFailedError */.CO),
  dz: () => (/* reexport */ errors/* InputError */.dz),
  Bn: () => (/* reexport */ duration/* LONGEST_REQUEST */.Bn),
  dX: () => (/* reexport */ duration/* LONGEST_WAIT */.dX),
  cI: () => (/* reexport */ StatusListSyntaxError),
  gQ: () => (/* reexport */ createActionsRunner),
  _U: () => (/* reexport */ credentialUrlProblem),
  a3: () => (/* reexport */ duration/* formatDuration */.a3),
  AQ: () => (/* reexport */ parseStatusList),
  Br: () => (/* reexport */ summary_renderSummary),
  Cs: () => (/* reexport */ runAction)
});

// UNUSED EXPORTS: COMPANION_SUFFIX, CONFIGURE_AWS_IN_WORKFLOW, DAY_MS, DEFAULT_AUDIT_LOG, DEFAULT_RETRY_POLICY, GENERATOR_FORMS, GRACE_MARK_PREFIX, GeneratorSyntaxError, InputReader, KeyturnError, MAX_GENERATED_SIZE, MAX_TIMER_MS, MAX_UPSTREAM_BODY_BYTES, SLICE_LENGTH, SecretRegistry, TargetSyntaxError, UPSTREAM_TEXT_MAX, UpstreamError, appendToFile, auditContextFromEnv, backoffDelay, checkLineCharacters, checkPlaceSegment, closestName, createAuditLog, createFakeClock, describePropagation, destinationFor, editDistance, errorMessage, escapeCell, escapeData, escapeLogText, escapeProperty, formatCommand, formatFileCommandEntry, generateSecret, graceMark, graceSinceOf, inputVariableName, isLoopbackHost, isPlainObject, isRetryable, malformedAnswer, markdownTable, maskedForms, parseDuration, parseErrorDocument, parseGenerator, parseGraceMark, parseUpstreamJson, parseUpstreamObject, placeSegmentProblem, policyFetch, propagateValue, propagationFailure, propagationSummary, realSleep, refuseUndeclaredInputs, retryAfterFromHeaders, suggestion, systemClock, undeclaredInputs, upstreamText, withRetry, withoutQuotedBody

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ../../packages/core/src/audit.ts

function auditContextFromEnv(env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` +
            (env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '')
        : undefined;
    return {
        actor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? env.USER,
        repository: env.GITHUB_REPOSITORY,
        workflow: env.GITHUB_WORKFLOW,
        run_url: runUrl,
    };
}
function createAuditLog(path, context, secrets, now) {
    return {
        async append(event) {
            const record = { time: new Date(now()).toISOString(), ...context, ...event };
            await (0,promises_namespaceObject.appendFile)(path, `${secrets.redact(JSON.stringify(record))}\n`, 'utf8');
        },
    };
}

;// CONCATENATED MODULE: ../../packages/core/src/clock.ts
const systemClock = { now: () => Date.now() };
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay
 * fires at once, which once turned `interval: 25d` into a request loop. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A real wait; one longer than a timer can hold is waited in pieces, never
 * cut short. */
const realSleep = async (ms) => {
    let left = Math.max(0, ms);
    do {
        const step = Math.min(left, MAX_TIMER_MS);
        await new Promise((resolve) => setTimeout(resolve, step));
        left -= step;
    } while (left > 0);
};
/** A clock whose sleep only moves time forward: for tests and dry runs of
 * timing logic. `sleeps` records every wait asked for. */
function createFakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
    let now = start;
    const sleeps = [];
    const clock = { now: () => now };
    const sleep = async (ms) => {
        sleeps.push(ms);
        now += ms;
    };
    return {
        clock,
        sleep,
        sleeps,
        advance: (ms) => {
            now += ms;
        },
    };
}

// EXTERNAL MODULE: ../../packages/core/src/errors.ts
var errors = __nccwpck_require__(736);
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ../../packages/core/src/workflow-commands.ts



/**
 * The runner's protocol, written out: workflow commands on stdout
 * (`::add-mask::`, `::error::`…) and file commands (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). Owning these few functions instead of bundling
 * @actions/core keeps every action free of an HTTP client it never uses
 * (about 1 MB of each bundle) and makes the escaping rules ours to test.
 */
/** Escapes a command's message: the runner reads `%`, CR and LF specially. */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/**
 * The one escaping point for text keyturn did not write (a login, an
 * environment or file name, an upstream message, a path from an image) on
 * its way to the log as a plain line. The runner reads its output line by
 * line, splitting at LF, CR or CRLF, and takes any line whose trimmed start
 * is `::` as a workflow command (and `##[` anywhere, the older syntax). So
 * every line of the text is kept, but a line that would start a command has
 * those characters percent-encoded: it shows as `%3A%3Awarning::…`, never
 * runs as `::warning::`, `::add-mask::` or `::stop-commands::`.
 */
function escapeLogText(text) {
    return text
        .split(/\r\n|\r|\n/)
        .map(neutralizeLine)
        .join('\n');
}
function neutralizeLine(line) {
    const out = line.replace(/##\[/g, '##%5B');
    const lead = out.length - out.trimStart().length;
    return out.startsWith('::', lead) ? `${out.slice(0, lead)}%3A%3A${out.slice(lead + 2)}` : out;
}
/** Escapes a command property value, where `:` and `,` are separators too. */
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function formatCommand(command, message, properties = {}) {
    const props = Object.entries(properties)
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
/** One `name<<delimiter` block for GITHUB_OUTPUT / GITHUB_ENV. The delimiter is
 * random so a value cannot end the block early and inject another output. */
function formatFileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_namespaceObject.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`output '${name}' contains the delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`;
}
function appendToFile(path, text) {
    (0,external_node_fs_namespaceObject.appendFileSync)(path, text, { encoding: 'utf8' });
}
/** The runner's variable for an input: spaces become `_`, upper case. */
function inputVariableName(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

;// CONCATENATED MODULE: ../../packages/core/src/declared-inputs.ts


/** Edit distance with transpositions (`max_agee`/`max-age` is 2, `expcet`/`expect` 1). */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            if (i === 0) {
                row.push(j);
                continue;
            }
            const above = rows[i - 1];
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, rows[i - 2][j - 2] + 1);
            }
            row.push(best);
        }
        rows.push(row);
    }
    return rows[a.length][b.length];
}
/** The spelling inputs are compared in: case, `_` and spaces do not count. */
function normalize(name) {
    return name.toLowerCase().replace(/[_ ]/g, '-');
}
/**
 * The candidate nearest to `name`, or undefined when none is near enough to
 * be what was meant (more than a third of the name would have to change).
 */
function closestName(name, candidates) {
    const wanted = normalize(name);
    let best;
    for (const candidate of candidates) {
        const distance = editDistance(wanted, normalize(candidate));
        if (best === undefined || distance < best.distance)
            best = { name: candidate, distance };
    }
    if (best === undefined || best.distance > Math.max(2, Math.floor(wanted.length / 3)))
        return undefined;
    return best.name;
}
/** "did you mean 'max-age'?" or the whole list when nothing is close. */
function suggestion(name, candidates, quote = (n) => `'${n}'`) {
    const closest = closestName(name, candidates);
    if (closest !== undefined)
        return `Did you mean ${quote(closest)}?`;
    return `The declared ones are: ${candidates.map(quote).join(', ')}.`;
}
/**
 * The INPUT_* variables of `env` that no declared input maps to, as
 * `[variable, name as written]`. The runner turns every `with:` key into
 * `INPUT_<KEY>` (upper case, spaces to `_`, dashes kept), declared or not,
 * and only warns about an undeclared one; action.yml defaults arrive the
 * same way. Since the case is lost, the name is shown in lower case.
 */
function undeclaredInputs(env, declared) {
    const known = new Set(declared.map((input) => inputVariableName(input.name)));
    return Object.keys(env)
        .filter((variable) => variable.startsWith('INPUT_') && !known.has(variable) && env[variable] !== undefined)
        .sort()
        .map((variable) => [variable, variable.slice('INPUT_'.length).toLowerCase()]);
}
/**
 * Fails before anything else runs when the step was given an input its
 * action.yml does not declare: a misspelt `with:` key (`max_agee: 90d`)
 * would otherwise be dropped with nothing but a runner warning, and the
 * rotation would run with the default it meant to change.
 */
function refuseUndeclaredInputs(env, spec) {
    const [first] = undeclaredInputs(env, spec.inputs);
    if (first === undefined)
        return;
    const [variable, name] = first;
    const names = spec.inputs.map((input) => input.name);
    throw new errors/* InputError */.dz(name, `is not an input of keyturn/${spec.name} (it arrived as ${variable}, from a with: key or an env: variable)`, `${suggestion(name, names)} Rename the with: key; nothing was sent.`);
}

// EXTERNAL MODULE: ../../packages/core/src/duration.ts
var duration = __nccwpck_require__(283);
;// CONCATENATED MODULE: ../../packages/core/src/inputs.ts


/**
 * Reads and validates inputs. Every problem is an InputError naming the input,
 * what is wrong and how to fix it. Actions read all inputs through this into a
 * frozen config before making any request, so bad input changes nothing.
 */
class InputReader {
    source;
    secrets;
    constructor(source, secrets) {
        this.source = source;
        this.secrets = secrets;
    }
    /** The trimmed value, or the default when unset. */
    string(name, defaultValue = '') {
        const raw = this.source(name).trim();
        return raw === '' ? defaultValue : raw;
    }
    required(name, fix) {
        const value = this.string(name);
        if (value === '')
            throw new errors/* InputError */.dz(name, 'is required but was not given', fix);
        return value;
    }
    /** A secret input: masked before anything else touches it. Not trimmed
     * beyond surrounding whitespace, which no real credential carries. */
    secret(name) {
        const value = this.source(name).trim();
        this.secrets.mask(value);
        return value === '' ? undefined : value;
    }
    boolean(name, defaultValue) {
        const raw = this.string(name);
        if (raw === '')
            return defaultValue;
        // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput.
        if (['true', 'True', 'TRUE'].includes(raw))
            return true;
        if (['false', 'False', 'FALSE'].includes(raw))
            return false;
        throw new errors/* InputError */.dz(name, `is '${raw}', not a boolean`, 'Use true or false.');
    }
    /** A duration in milliseconds: `90s`, `10m`, `24h`, `90d`, `1h30m`, `0`.
     * A duration keyturn waits for (not an age) takes a `max`: past it the
     * input is refused, never handed to a timer that would overflow. */
    duration(name, defaultValue, bound) {
        const raw = this.string(name, defaultValue);
        const ms = (0,duration/* parseDuration */.E9)(raw);
        if (ms === undefined) {
            throw new errors/* InputError */.dz(name, `is '${raw}', not a duration`, 'Write a number and a unit: 90s, 10m, 24h or 90d.');
        }
        if (bound && ms > bound.max) {
            throw new errors/* InputError */.dz(name, `is '${raw}', longer than the ${(0,duration/* formatDuration */.a3)(bound.max)} keyturn waits at most (${bound.why})`, `Use ${(0,duration/* formatDuration */.a3)(bound.max)} or less.`);
        }
        return ms;
    }
    integer(name, defaultValue, range) {
        const raw = this.string(name);
        if (raw === '')
            return defaultValue;
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
            throw new errors/* InputError */.dz(name, `is '${raw}'`, `Use a whole number from ${range.min} to ${range.max}.`);
        }
        return value;
    }
    oneOf(name, choices, defaultValue) {
        const raw = this.string(name, defaultValue);
        if (!choices.includes(raw)) {
            throw new errors/* InputError */.dz(name, `is '${raw}'`, `Use one of: ${choices.join(', ')}.`);
        }
        return raw;
    }
    /** One item per line; blank lines and `#` comments are skipped. */
    lines(name) {
        return this.source(name)
            .split(/\r?\n/)
            .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
            .filter((line) => line !== '');
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/secrets.ts
/** Lines shorter than this are not registered alone: masking "}" or "--"
 * would blank out unrelated log text without protecting anything. */
const SHORTEST_MASKED_LINE = 4;
function maskedForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (form.length > 0)
            forms.add(form);
    };
    add(value);
    const bytes = Buffer.from(value, 'utf8');
    add(bytes.toString('base64'));
    add(bytes.toString('base64').replace(/=+$/, ''));
    add(bytes.toString('base64url'));
    add(encodeURIComponent(value));
    add(JSON.stringify(value).slice(1, -1));
    add(bytes.toString('hex'));
    add(bytes.toString('hex').toUpperCase());
    if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r?\n|\r/)) {
            const trimmed = line.trim();
            if (trimmed.length >= SHORTEST_MASKED_LINE)
                add(trimmed);
        }
    }
    return [...forms];
}
/** Any run of this many characters copied from a known value is scrubbed
 * too: an upstream message that quotes part of a value (a parser's excerpt,
 * a truncated echo) must not carry it out. */
const SLICE_LENGTH = 12;
const PEM_ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/** The texts whose every SLICE_LENGTH-character slice is secret: the value
 * (minus PEM armor lines, which every key of a kind shares) and its hex and
 * base64 forms. */
function sliceSources(value) {
    const lines = value.split(/\r?\n|\r/);
    const armored = lines.some((line) => PEM_ARMOR.test(line.trim()));
    const raw = armored ? lines.filter((line) => !PEM_ARMOR.test(line.trim())) : [value];
    const bytes = Buffer.from(value, 'utf8');
    return [
        ...raw,
        bytes.toString('hex'),
        bytes.toString('base64'),
        bytes.toString('base64url'),
        ...(armored ? [] : [JSON.stringify(value).slice(1, -1)]),
    ].filter((text) => text.length >= SLICE_LENGTH);
}
class SecretRegistry {
    sink;
    forms = new Set();
    /** Forms longest first, rebuilt on the next redact after a change. */
    sorted;
    values = new Set();
    /** Every SLICE_LENGTH slice of every value's sources, rebuilt lazily. */
    slices;
    constructor(sink) {
        this.sink = sink;
    }
    /** Registers a secret and returns it, so masking reads as part of its birth:
     * `const token = secrets.mask(read())`. */
    mask(value) {
        if (value === undefined || value === '')
            return value;
        if (!this.values.has(value)) {
            this.values.add(value);
            this.slices = undefined;
        }
        for (const form of maskedForms(value)) {
            if (this.forms.has(form))
                continue;
            this.forms.add(form);
            this.sink.setSecret(form);
            this.sorted = undefined;
        }
        return value;
    }
    isMasked(value) {
        return this.forms.has(value);
    }
    /** Replaces every registered form in `text` with `***`, longest first so a
     * value's encodings do not leave fragments behind. */
    redact(text) {
        this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length);
        let out = text;
        for (const form of this.sorted) {
            if (out.includes(form))
                out = out.split(form).join('***');
        }
        return this.scrubSlices(out);
    }
    /** Replaces every run of text covered by a SLICE_LENGTH slice of a known
     * value (or its hex or base64 form) with `***`. */
    scrubSlices(text) {
        if (text.length < SLICE_LENGTH || this.values.size === 0)
            return text;
        if (!this.slices) {
            this.slices = new Set();
            for (const value of this.values) {
                for (const source of sliceSources(value)) {
                    for (let i = 0; i + SLICE_LENGTH <= source.length; i++)
                        this.slices.add(source.slice(i, i + SLICE_LENGTH));
                }
            }
        }
        if (this.slices.size === 0)
            return text;
        let coveredUntil = -1;
        let out = '';
        let copiedUntil = 0;
        for (let i = 0; i + SLICE_LENGTH <= text.length; i++) {
            if (!this.slices.has(text.slice(i, i + SLICE_LENGTH)))
                continue;
            if (i > coveredUntil) {
                out += `${text.slice(copiedUntil, i)}***`;
            }
            coveredUntil = i + SLICE_LENGTH - 1;
            copiedUntil = i + SLICE_LENGTH;
        }
        return copiedUntil === 0 ? text : out + text.slice(copiedUntil);
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/action.ts






const DEFAULT_AUDIT_LOG = 'keyturn-audit.jsonl';
function redactingRunner(runner, secrets) {
    const scrub = secrets.redact.bind(secrets);
    return {
        getInput: (name) => runner.getInput(name),
        setOutput: (name, value) => runner.setOutput(name, scrub(value)),
        setSecret: (value) => secrets.mask(value),
        debug: (message) => runner.debug(scrub(message)),
        info: (message) => runner.info(scrub(message)),
        warning: (message) => runner.warning(scrub(message)),
        error: (message) => runner.error(scrub(message)),
        isDebug: () => runner.isDebug(),
        appendSummary: (markdown) => runner.appendSummary(scrub(markdown)),
        setFailed: (message) => runner.setFailed(scrub(message)),
        progress: (done, total, unit) => runner.progress?.(done, total, unit),
        env: runner.env,
    };
}
/**
 * The one wrapper every action runs in. It builds the context, runs the logic,
 * and turns any failure into `keyturn/<action>: <message>` with exit code 1.
 * User mistakes and upstream failures read as written; anything else is a bug
 * and says so. No stack trace is printed unless debug logging is on, and then
 * scrubbed like every other line.
 */
async function runAction(action, deps, main) {
    const secrets = new SecretRegistry(deps.runner);
    const runner = redactingRunner(deps.runner, secrets);
    const clock = deps.clock ?? systemClock;
    try {
        if (deps.spec)
            refuseUndeclaredInputs(runner.env, deps.spec);
        const inputs = new InputReader((name) => runner.getInput(name), secrets);
        const auditPath = inputs.string('audit-log', DEFAULT_AUDIT_LOG);
        const context = {
            action,
            runner,
            secrets,
            inputs,
            clock,
            sleep: deps.sleep ?? realSleep,
            audit: createAuditLog(auditPath, auditContextFromEnv(runner.env), secrets, () => clock.now()),
            setSecretOutput(name, value) {
                if (value !== '' && !secrets.isMasked(value)) {
                    throw new Error(`output '${name}' would carry a value that was never masked`);
                }
                deps.runner.setOutput(name, value);
            },
        };
        await main(context);
        return true;
    }
    catch (error) {
        const known = error instanceof errors/* KeyturnError */.FB;
        const message = known
            ? error instanceof errors/* InputError */.dz && deps.describeInputError
                ? deps.describeInputError(error)
                : error.message
            : `unexpected error: ${(0,errors/* errorMessage */.gJ)(error)}. This is a bug in keyturn; please report it with a debug log.`;
        if (!known && error instanceof Error && error.stack && runner.isDebug())
            runner.debug(error.stack);
        runner.setFailed(`keyturn/${action}: ${message}`);
        return false;
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/actions-runner.ts


const processIo = {
    env: process.env,
    writeLine: (line) => {
        process.stdout.write(`${line}\n`);
    },
    setExitCode: (code) => {
        process.exitCode = code;
    },
};
/**
 * The Runner over the real runtime. On a runner, `::add-mask::` hands each
 * secret to the runner's masker. Anywhere else (a terminal, the CLI) nothing
 * would consume that command, so values are masked here instead: never
 * echoed, and scrubbed from every line written; outputs and the summary,
 * having no files to go to, are written to the log the same way.
 */
function createActionsRunner(io = processIo) {
    const { env } = io;
    const onRunner = env.GITHUB_ACTIONS === 'true';
    const shown = new SecretRegistry({ setSecret: () => undefined });
    const writeLine = onRunner ? io.writeLine : (line) => io.writeLine(shown.redact(line));
    // Plain text (never a command keyturn means to send) always passes the one
    // escaping point, so foreign text inside it cannot start a workflow command.
    const writeText = (text) => writeLine(escapeLogText(text));
    return {
        getInput: (name) => (env[inputVariableName(name)] ?? '').trim(),
        setOutput: (name, value) => {
            if (env.GITHUB_OUTPUT)
                appendToFile(env.GITHUB_OUTPUT, formatFileCommandEntry(name, value));
            else
                writeText(`output ${name}=${value}`);
        },
        setSecret: (value) => {
            if (onRunner)
                writeLine(formatCommand('add-mask', value));
            else
                shown.mask(value);
        },
        debug: (message) => writeLine(formatCommand('debug', message)),
        info: (message) => writeText(message),
        warning: (message) => writeLine(formatCommand('warning', message)),
        error: (message) => writeLine(formatCommand('error', message)),
        isDebug: () => env.RUNNER_DEBUG === '1',
        appendSummary: async (markdown) => {
            if (env.GITHUB_STEP_SUMMARY)
                appendToFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
            else
                writeText(markdown);
        },
        setFailed: (message) => {
            io.setExitCode(1);
            writeLine(formatCommand('error', message));
        },
        env,
    };
}

;// CONCATENATED MODULE: ../../packages/core/src/generators.ts

const MAX_GENERATED_SIZE = 4096;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Symbols that survive shells, URLs, .env files and YAML unquoted. */
const SYMBOLS = '-_.~!@#%^*+=:,';
const PASSWORD_CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', SYMBOLS];
const PASSWORD_ALPHABET = PASSWORD_CLASSES.join('');
/** A problem with a generator spec; the caller turns it into an InputError. */
class GeneratorSyntaxError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'GeneratorSyntaxError';
}
const GENERATOR_FORMS = 'hex:N, base64:N, base64url:N (N random bytes), alnum:N, password:N (N characters), uuid, fernet, rsa:2048|3072|4096 or ed25519';
function parseGenerator(text) {
    const [kind = '', arg, extra] = text.trim().split(':');
    if (extra !== undefined)
        throw new GeneratorSyntaxError(`'${text}' has more than one ':'`);
    const size = (min) => {
        if (arg === undefined || !/^\d+$/.test(arg))
            throw new GeneratorSyntaxError(`'${text}' needs a size: ${kind}:N`);
        const n = Number(arg);
        if (n < min || n > MAX_GENERATED_SIZE) {
            throw new GeneratorSyntaxError(`'${text}': N must be from ${min} to ${MAX_GENERATED_SIZE}`);
        }
        return n;
    };
    const noArg = () => {
        if (arg !== undefined)
            throw new GeneratorSyntaxError(`'${text}': ${kind} takes no size`);
    };
    switch (kind) {
        case 'hex':
        case 'base64':
        case 'base64url':
            return { kind, bytes: size(1) };
        case 'alnum':
            return { kind, length: size(1) };
        case 'password':
            return { kind, length: size(PASSWORD_CLASSES.length) };
        case 'uuid':
        case 'fernet':
            noArg();
            return { kind };
        case 'ed25519':
            noArg();
            return { kind };
        case 'rsa': {
            if (arg !== '2048' && arg !== '3072' && arg !== '4096') {
                throw new GeneratorSyntaxError(`'${text}': RSA keys are rsa:2048, rsa:3072 or rsa:4096`);
            }
            return { kind, bits: Number(arg) };
        }
        default:
            throw new GeneratorSyntaxError(`'${text}' is not a generator`);
    }
}
/** N characters drawn uniformly from the alphabet. randomInt rejects biased
 * draws internally, so no character is likelier than another. */
function drawFrom(alphabet, length) {
    let out = '';
    for (let i = 0; i < length; i++)
        out += alphabet[randomInt(alphabet.length)];
    return out;
}
/** Uniform over all strings of the alphabet that hold every class: redraw the
 * whole string until it does, so no position is forced (and so predictable). */
function drawPassword(length) {
    for (;;) {
        const candidate = drawFrom(PASSWORD_ALPHABET, length);
        if (PASSWORD_CLASSES.every((cls) => [...candidate].some((ch) => cls.includes(ch))))
            return candidate;
    }
}
const PEM = {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
};
/** A key pair as PEM strings, generated off the main thread. */
function pemKeyPair(spec) {
    return new Promise((resolve, reject) => {
        const done = (error, publicKey, privateKey) => error ? reject(error) : resolve({ value: privateKey, publicKey });
        if (spec.kind === 'rsa')
            generateKeyPair('rsa', { modulusLength: spec.bits, ...PEM }, done);
        else
            generateKeyPair('ed25519', PEM, done);
    });
}
async function generate(spec) {
    switch (spec.kind) {
        case 'hex':
            return { value: randomBytes(spec.bytes).toString('hex') };
        case 'base64':
            return { value: randomBytes(spec.bytes).toString('base64') };
        case 'base64url':
            return { value: randomBytes(spec.bytes).toString('base64url') };
        case 'alnum':
            return { value: drawFrom(ALNUM, spec.length) };
        case 'password':
            return { value: drawPassword(spec.length) };
        case 'uuid':
            return { value: randomUUID() };
        case 'fernet':
            // A Fernet key is 32 random bytes in URL-safe base64 with padding.
            return { value: randomBytes(32).toString('base64url').concat('=') };
        case 'rsa':
        case 'ed25519':
            return pemKeyPair(spec);
    }
}
async function generateSecret(spec, secrets) {
    const generated = await generate(spec);
    secrets.mask(generated.value);
    return generated;
}

;// CONCATENATED MODULE: ../../packages/core/src/http-policy.ts

/**
 * The one HTTP policy for every request that carries a credential:
 * - the URL is https://, or http:// to this machine only (emulators), so a
 *   token never travels in clear text over a network;
 * - a redirect is followed only within the same origin (scheme, host, port):
 *   a redirect elsewhere is an UpstreamError, never a second request, so a
 *   header or a body holding a credential (Infisical's universal-auth login
 *   sends the client secret in its body, and fetch re-sends a body on a 307)
 *   goes only where it was meant to;
 * - the whole exchange, redirects and body included, ends by one deadline.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
function isLoopbackHost(hostname) {
    const host = hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host) || host.endsWith('.localhost');
}
/** Why a URL may not carry a credential, or undefined when it may. */
function credentialUrlProblem(url) {
    if (url.protocol === 'https:')
        return undefined;
    if (url.protocol === 'http:') {
        return isLoopbackHost(url.hostname)
            ? undefined
            : `is http:// to ${url.hostname}, so credentials would travel in clear text (http:// is for this machine only)`;
    }
    return `uses ${url.protocol}`;
}
const MAX_REDIRECTS = 5;
/** fetch under the policy. The deadline covers reading the body too: the
 * returned Response's body is read under the same signal. */
function policyFetch(options) {
    const base = options.fetch ?? fetch;
    return async (input, init) => {
        const signal = init?.signal
            ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)])
            : AbortSignal.timeout(options.timeoutMs);
        let url = new URL(input instanceof Request ? input.url : String(input));
        let request = { ...init, redirect: 'manual', signal };
        const origin = url.origin;
        for (let hop = 0;; hop++) {
            const problem = credentialUrlProblem(url);
            if (problem)
                throw new UpstreamError(`refused to send a request: ${url.origin} ${problem}`, failure(options));
            const response = await base(url, request);
            if (response.status < 300 || response.status >= 400 || response.status === 304)
                return response;
            const location = response.headers.get('location');
            await response.body?.cancel();
            if (location === null)
                return response;
            const next = new URL(location, url);
            if (next.origin !== origin) {
                throw new UpstreamError(`answered ${response.status} redirecting to another origin (${next.origin}); keyturn does not follow it with credentials`, { ...failure(options), status: response.status });
            }
            if (hop >= MAX_REDIRECTS) {
                throw new UpstreamError(`redirected more than ${MAX_REDIRECTS} times`, {
                    ...failure(options),
                    status: response.status,
                });
            }
            // 301/302/303 turn into a GET without a body, as fetch does; 307/308 keep both.
            if (response.status === 303 ||
                ((response.status === 301 || response.status === 302) && request.method !== 'HEAD')) {
                const { body: _dropped, ...rest } = request;
                request = { ...rest, method: 'GET' };
            }
            url = next;
        }
    };
}
function failure(options) {
    return { service: options.service, retryable: false };
}

;// CONCATENATED MODULE: ../../packages/core/src/propagation.ts


/** Runs `work` on each item, at most `limit` at a time, in order of start. */
async function eachLimited(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const item = items[next++];
            await work(item);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
/** The destination that serves a target; none is a bug in the wiring, not a user mistake. */
function destinationFor(destinations, target) {
    const found = destinations.find((destination) => destination.handles(target));
    if (!found)
        throw new Error(`no destination handles ${target.line}`);
    return found;
}
async function propagateValue(value, targets, destinations, options) {
    const { log } = options;
    const rows = new Map();
    let stop = false;
    // Every target is matched to its destination before the first request, so
    // a wiring gap fails the run before anything is sent.
    const served = targets.map((target) => ({ target, destination: destinationFor(destinations, target) }));
    let done = 0;
    await eachLimited(served, options.concurrency, async (item) => {
        await propagateOne(item);
        options.progress?.(++done, served.length);
    });
    async function propagateOne({ target, destination }) {
        if (stop) {
            rows.set(target, { target: target.line, outcome: 'skipped', reason: 'not attempted: fail-fast after a failure' });
            return;
        }
        try {
            await destination.prepare(target);
            if (options.dryRun) {
                rows.set(target, { target: target.line, outcome: 'unchanged-in-dry-run' });
                log.info(`  would update ${target.line} (access checked)`);
                return;
            }
            if (options.compareFirst && destination.holds && (await destination.holds(target, value))) {
                rows.set(target, { target: target.line, outcome: 'unchanged', reason: 'already holds the value' });
                log.info(`  ${target.line} already holds the value: not written`);
                return;
            }
            await destination.write(target, value);
            rows.set(target, { target: target.line, outcome: 'updated' });
            log.info(`  updated ${target.line}`);
        }
        catch (error) {
            const reason = errorMessage(error);
            rows.set(target, { target: target.line, outcome: 'failed', reason });
            log.error(`${target.line}: ${reason}`);
            if (options.failFast)
                stop = true;
        }
    }
    const report = targets.map((target) => rows.get(target));
    const count = (outcome) => report.filter((row) => row.outcome === outcome).length;
    return {
        rows: report,
        updated: count('updated'),
        failed: count('failed'),
        skipped: count('skipped'),
        unchanged: count('unchanged'),
        checked: count('unchanged-in-dry-run'),
        dryRun: options.dryRun,
    };
}
/** One line: "2 updated, 1 failed of 3 target(s)." */
function describePropagation(report) {
    return (`${report.updated} updated, ${report.failed} failed` +
        (report.skipped ? `, ${report.skipped} skipped` : '') +
        (report.unchanged ? `, ${report.unchanged} already held the value` : '') +
        (report.dryRun ? `, ${report.checked} checked and left unchanged` : '') +
        ` of ${report.rows.length} target(s).`);
}
/** The job-summary section: the counts, then one row per target. */
function propagationSummary(report, title) {
    return renderSummary({
        title,
        lines: [describePropagation(report)],
        table: {
            headers: ['target', 'outcome', 'reason'],
            rows: report.rows.map((row) => [row.target, row.outcome, row.reason ?? '']),
        },
    });
}
/** The step's failure when any target failed, one line per failed target. */
function propagationFailure(report) {
    const problems = report.rows.filter((row) => row.outcome === 'failed');
    if (problems.length === 0)
        return undefined;
    const lines = problems.map((row) => `\n  ${row.target}: ${row.reason}`).join('');
    return new CheckFailedError(`${report.failed} of ${report.rows.length} target(s) failed (${report.updated} updated):${lines}`);
}

// EXTERNAL MODULE: ../../packages/core/src/retry.ts
var retry = __nccwpck_require__(653);
;// CONCATENATED MODULE: ../../packages/core/src/status-list.ts
class StatusListSyntaxError extends Error {
    name = 'StatusListSyntaxError';
}
function parseStatusList(text) {
    const ranges = [];
    const items = text
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter((item) => item !== '');
    if (items.length === 0)
        throw new StatusListSyntaxError('is empty');
    for (const item of items) {
        const family = /^([1-5])xx$/.exec(item);
        if (family) {
            const base = Number(family[1]) * 100;
            ranges.push([base, base + 99]);
        }
        else if (/^[1-5]\d\d$/.test(item)) {
            ranges.push([Number(item), Number(item)]);
        }
        else {
            throw new StatusListSyntaxError(`has '${item}', which is neither a status (200) nor a class (2xx)`);
        }
    }
    return Object.freeze({
        text: items.join(','),
        matches: (status) => ranges.some(([low, high]) => status >= low && status <= high),
        expectsRefusal: ranges.every(([low]) => low >= 400),
    });
}

;// CONCATENATED MODULE: ../../packages/core/src/summary.ts
/**
 * Markdown for the job summary. Cells are escaped so a name holding `|` or a
 * newline cannot break the table.
 */
function escapeCell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function markdownTable(headers, rows) {
    const line = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
    return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
function summary_renderSummary(section) {
    const parts = [`### ${section.title}`, ...(section.lines ?? [])];
    if (section.table)
        parts.push(markdownTable(section.table.headers, section.table.rows));
    return `${parts.join('\n\n')}\n`;
}

;// CONCATENATED MODULE: ../../packages/core/src/upstream-body.ts

/**
 * The one place where keyturn turns an upstream answer's body into data.
 *
 * An answer body may hold every config var of an app (Heroku), a secret's
 * value (SSM, Infisical) or a token; a proxy's HTML page may echo any of it.
 * So a body that is not what the service documents — not JSON, a UTF-8 BOM
 * ahead of the document, truncated, the wrong shape, too large — becomes an
 * `UpstreamError` that names the service, the status and what was wrong in
 * keyturn's own words. The body itself never reaches a message, a stack, a
 * log or an error property: the parser's own error (whose message quotes the
 * text around the fault) is dropped, not wrapped.
 */
/** Far above any answer keyturn reads (Heroku config ≤ 32 KB, a GitHub
 * page of 100 secrets ≈ 20 KB, an SSM history page of 50 versions). */
const MAX_UPSTREAM_BODY_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
function describe(source) {
    return source.what ? `the answer to ${source.what}` : 'the answer';
}
function contentTypeNote(source) {
    const type = /^[\w.+-]+\/[\w.+-]+/.exec(source.contentType ?? '')?.[0];
    return type ? `, Content-Type ${type}` : '';
}
/** A 2xx answer keyturn cannot use: not retryable (the same proxy or the
 * same bug answers the same way), and never holding the body. */
function malformedAnswer(source, problem) {
    return new UpstreamError(`${describe(source)} ${problem}; its body is not shown`, {
        service: source.service,
        status: source.status,
        retryable: false,
    });
}
/** A success body as JSON, or an UpstreamError without the body. An empty
 * body is `undefined` (a 204, or a PATCH the service answers bare). */
function parseUpstreamJson(text, source) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_UPSTREAM_BODY_BYTES) {
        throw malformedAnswer(source, `is ${bytes} bytes, more than keyturn reads (${MAX_UPSTREAM_BODY_BYTES})`);
    }
    if (text.length === 0)
        return undefined;
    if (text.charCodeAt(0) === 0xfeff) {
        throw malformedAnswer(source, `starts with a byte-order mark, so it is not JSON (${bytes} bytes${contentTypeNote(source)})`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        // The SyntaxError quotes the text around the fault: dropped on purpose.
        const kind = /^\s*</.test(text) ? 'an HTML or XML page' : 'malformed';
        throw malformedAnswer(source, `is not JSON: ${kind} (${bytes} bytes${contentTypeNote(source)})`);
    }
}
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A success body that must be a JSON object. */
function parseUpstreamObject(text, source) {
    const value = parseUpstreamJson(text, source);
    if (!isPlainObject(value)) {
        throw malformedAnswer(source, `is JSON but not an object (${value === undefined ? 'empty' : jsonKind(value)})`);
    }
    return value;
}
function jsonKind(value) {
    if (Array.isArray(value))
        return 'an array';
    if (value === null)
        return 'null';
    return `a ${typeof value}`;
}
/** An error answer's body, when it is a JSON object; otherwise undefined.
 * Error bodies are only ever read for a service's documented fields (an
 * error id, a message), never kept whole. */
function parseErrorDocument(text) {
    if (text.length === 0 || Buffer.byteLength(text, 'utf8') > MAX_UPSTREAM_BODY_BYTES)
        return undefined;
    try {
        const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        return isPlainObject(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** Upstream text is never echoed beyond this many characters. */
const UPSTREAM_TEXT_MAX = 200;
/**
 * A service's own words (an error message) in the short, sanitized form
 * keyturn repeats: one line (control and line-break characters become
 * spaces), at most UPSTREAM_TEXT_MAX characters. Known values, their
 * encodings and any 12-character slice of them are scrubbed later, on every
 * line keyturn writes (SecretRegistry.redact).
 */
function upstreamText(text, max = UPSTREAM_TEXT_MAX) {
    const unquoted = withoutQuotedBody(text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
    const line = unquoted.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
    return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

;// CONCATENATED MODULE: ../../packages/core/src/index.ts





















/***/ }),

/***/ 653:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B8: () => (/* binding */ retryAfterFromHeaders)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY_POLICY, backoffDelay, isRetryable, withRetry */
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(283);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(736);


const DEFAULT_RETRY_POLICY = Object.freeze({
    maxAttempts: 6,
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    totalTimeMs: 5 * 60_000,
});
/** The wait a service asked for, from `Retry-After` (seconds or an HTTP date)
 * or, when the budget is spent, `x-ratelimit-reset` (epoch seconds). */
function retryAfterFromHeaders(get, nowMs) {
    const retryAfter = get('retry-after');
    if (retryAfter != null && retryAfter.trim() !== '') {
        const text = retryAfter.trim();
        if (/^\d+$/.test(text))
            return Number(text) * 1_000;
        const date = Date.parse(text);
        if (!Number.isNaN(date))
            return Math.max(0, date - nowMs);
    }
    const remaining = get('x-ratelimit-remaining');
    const reset = get('x-ratelimit-reset');
    if (remaining === '0' && reset != null && /^\d+$/.test(reset.trim())) {
        return Math.max(0, Number(reset) * 1_000 - nowMs);
    }
    return undefined;
}
/** Exponential backoff with full jitter, so concurrent runs do not retry in
 * lockstep; when the service named a wait, that wait plus a little jitter. */
function backoffDelay(attempt, policy, random, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return retryAfterMs + Math.floor(random() * 1_000);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(random() * ceiling);
}
function isRetryable(error) {
    return error instanceof UpstreamError && error.retryable;
}
/**
 * Runs `operation` until it succeeds, fails with an error that is not
 * retryable, or the policy is spent. A wait that would end past the total
 * time is not started: the last error is thrown at once, with how long and
 * how often we tried, so a run never hangs past its stated limit.
 */
async function withRetry(operation, policy, deps) {
    const random = deps.random ?? Math.random;
    const started = deps.clock.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            if (!isRetryable(error))
                throw error;
            const upstream = error;
            const waitMs = backoffDelay(attempt, policy, random, upstream.retryAfterMs);
            const elapsed = deps.clock.now() - started;
            if (attempt >= policy.maxAttempts) {
                throw giveUp(upstream, `gave up after ${attempt} attempts over ${formatDuration(elapsed)}`);
            }
            if (elapsed + waitMs > policy.totalTimeMs) {
                throw giveUp(upstream, `gave up after ${attempt} attempt(s) over ${formatDuration(elapsed)}: the next wait, ` +
                    `${formatDuration(waitMs)}, would pass the ${formatDuration(policy.totalTimeMs)} limit`);
            }
            deps.onRetry?.({ attempt, waitMs, error });
            await deps.sleep(waitMs);
        }
    }
}
function giveUp(error, why) {
    return new UpstreamError(`${error.detail}; ${why}`, {
        service: error.service,
        ...(error.status === undefined ? {} : { status: error.status }),
        retryable: false,
    });
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(18);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
