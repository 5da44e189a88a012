export const id = 500;
export const ids = [500];
export const modules = {

/***/ 5500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
;// CONCATENATED MODULE: ../../actions/verify/src/config.ts

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

// EXTERNAL MODULE: ../core/src/adapters/http-verifier.ts
var http_verifier = __webpack_require__(4134);
;// CONCATENATED MODULE: ../../actions/verify/src/verify.ts



async function verify(context, config, deps) {
    const { runner } = context;
    const target = `${config.method} ${(0,http_verifier/* displayUrl */.Qy)(config.url)}`;
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
    const verifier = (0,http_verifier/* createHttpVerifier */.lX)(config, {
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

;// CONCATENATED MODULE: ../../actions/verify/src/main.ts


/** verify with its real dependencies: the action's entry and the CLI run this. */
const main = (context) => verify(context, readVerifyConfig(context.inputs), { fetch: globalThis.fetch });


/***/ }),

/***/ 4134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qy: () => (/* binding */ displayUrl),
/* harmony export */   lX: () => (/* binding */ createHttpVerifier)
/* harmony export */ });
/* unused harmony export authHeaders */
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1124);
/* harmony import */ var _retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6048);


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
        return `no answer within ${(0,_duration__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(timeoutMs)}`;
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
            const retryAfterMs = (0,_retry__WEBPACK_IMPORTED_MODULE_1__/* .retryAfterFromHeaders */ .B8)((name) => response.headers.get(name), deps.clock.now());
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


/***/ })

};
