export const id = 158;
export const ids = [158];
export const modules = {

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


/***/ }),

/***/ 8158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openGitHubPatIssuer: () => (/* binding */ openGitHubPatIssuer)
/* harmony export */ });
/* unused harmony exports GITHUB_PAT_REVOKE_WITHIN_MS, GitHubPatIssuer */
/* harmony import */ var _adapters_github_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4422);
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1124);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(319);
/* harmony import */ var _http_policy__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8123);
/* harmony import */ var _github_pat_config__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3897);
/* harmony import */ var _github_token__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2618);
/* harmony import */ var _github_token_text__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5800);







/**
 * The `github-pat` issuer: a person creates the token (GitHub has no API to
 * make one) and hands it to the run as `new-token`; keyturn checks it as
 * rotate-pat does (core's ./github-token, one implementation), the engine
 * stores it and pushes it to every target, then the old token — the store's
 * previous value — is revoked with POST /credentials/revoke and polled until
 * GitHub answers 401.
 *
 *   check:        GET /user with new-token (200, the expected login, enough
 *                 days left), every required repository readable; GET /user
 *                 with the stored token for the login to expect.
 *   issue:        new-token, as checked (nothing changes at GitHub).
 *   proveNew:     GET /user 200 with the stored value, same login.
 *   retire:       POST /credentials/revoke (unauthenticated, as github.com wants).
 *   proveRetired: GET /user with the old token until 401, within revoke-within.
 *   expiry:       the stored token's expiry, for the nightly monitor.
 */
/** How long GitHub may take to carry out a revocation (SPEC: rotate-pat's revoke-within default). */
const GITHUB_PAT_REVOKE_WITHIN_MS = 10 * 60_000;
function apiUrl(context) {
    const text = context.credentials[_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .GITHUB_API_URL_INPUT */ .oH] || context.env?.GITHUB_API_URL || _adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_GITHUB_API_URL */ .xw;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .GITHUB_API_URL_INPUT */ .oH, `is '${text}', not a URL`, `Give an absolute URL such as ${_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_GITHUB_API_URL */ .xw}.`);
    }
    const problem = (0,_http_policy__WEBPACK_IMPORTED_MODULE_3__/* .credentialUrlProblem */ ._U)(url);
    if (problem)
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .GITHUB_API_URL_INPUT */ .oH, problem, 'Use an https:// URL.');
    return text.replace(/\/+$/, '');
}
class GitHubPatIssuer {
    kind = 'github-pat';
    config;
    context;
    githubApiUrl;
    newToken;
    revokeWithinMs;
    fetch;
    /** new-token's identity, learned by check. */
    fresh;
    constructor(config, context, tuning = {}) {
        this.config = config;
        this.context = context;
        this.githubApiUrl = apiUrl(context);
        const token = context.credentials[_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3];
        this.newToken = token === undefined || token === '' ? undefined : token;
        if (this.newToken !== undefined)
            context.secrets.mask(this.newToken);
        this.revokeWithinMs = tuning.revokeWithinMs ?? GITHUB_PAT_REVOKE_WITHIN_MS;
        const deadlineMs = context.requestTimeoutMs;
        this.fetch =
            tuning.fetch ??
                (deadlineMs === undefined
                    ? (input, init) => globalThis.fetch(input, init)
                    : (input, init) => globalThis.fetch(input, {
                        ...init,
                        signal: init?.signal
                            ? AbortSignal.any([init.signal, AbortSignal.timeout(deadlineMs)])
                            : AbortSignal.timeout(deadlineMs),
                    }));
    }
    client(token) {
        return (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .createGitHubClient */ .LX)({
            ...(token === undefined ? {} : { token }),
            baseUrl: this.githubApiUrl,
            clock: this.context.clock,
            sleep: this.context.sleep,
            log: (message) => this.context.log.info(message),
            ...(this.context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.context.requestTimeoutMs }),
        });
    }
    now() {
        return this.context.clock.now();
    }
    requireNewToken() {
        if (this.newToken === undefined) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3, `is empty, and ${this.context.entry} has a github-pat issuer`, `This rotation ${_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEEDS_PERSON */ .g4}.`);
        }
        return this.newToken;
    }
    async check(current, previous, options = {}) {
        // A resumed rotation reuses the stored token; new-token is not needed again.
        if (options.resuming && this.newToken === undefined)
            return { plan: 'resume with the stored token' };
        const newToken = this.requireNewToken();
        const type = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(newToken);
        // new-token already stored: a run that stopped after its store write (a
        // store without a pending mark). The old token is then the previous version.
        const alreadyStored = current !== undefined && current.value === newToken;
        const old = alreadyStored ? previous : current;
        if (alreadyStored && (previous === undefined || previous.value === newToken)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3, `is the token the store already holds (version ${current.version}), and no earlier token is stored before it`, 'Create a new token first, then pass it as new-token.');
        }
        const github = this.client(newToken);
        const fresh = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .identifyToken */ .oq)(github, _github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3, type);
        if (fresh === 'refused') {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
        }
        if (this.context.retireOld && old !== undefined && !(0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .revocable */ .m)((0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(old.value))) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('revoke-old', `is true, but the stored token (version ${old.version}) is not one GitHub can revoke by API (a ghs_ app token, or no ghp_/github_pat_/gho_/ghu_ prefix)`, 'Set revoke-old: false for this entry and revoke the old token where it was issued.');
        }
        let expected = this.config.expectedLogin;
        let oldNote = '';
        if (old !== undefined) {
            const identity = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .identifyToken */ .oq)(this.client(old.value), 'the stored token', (0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(old.value));
            if (identity === 'refused')
                oldNote = `; the old token (version ${old.version}) is already refused by GitHub (401)`;
            else {
                if (expected !== undefined && !(0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .sameLogin */ .Up)(identity.login, expected)) {
                    throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO(`the stored token (version ${old.version}) belongs to ${identity.login}, not expected-login ${expected}.`);
                }
                expected ??= identity.login;
            }
        }
        if (expected === undefined) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('issuer.expected-login', `is not set, and ${old === undefined ? 'the store holds no token yet' : 'the stored token is refused by GitHub'}, so new-token's login (${fresh.login}) cannot be checked`, 'Set expected-login: the account the token must belong to.');
        }
        if (!(0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .sameLogin */ .Up)(fresh.login, expected)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO(`new-token belongs to ${fresh.login}, not ${expected}` +
                `${this.config.expectedLogin === undefined ? ' (the account of the stored token)' : ''}. ` +
                'Create the token while signed in as the right account.');
        }
        (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .checkExpiry */ .gz)(fresh, this.config.minDaysLeft, _github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3, this.now());
        await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .checkReadable */ .ro)(github, this.config.requiredRepos, _github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEW_TOKEN_INPUT */ .I3);
        this.fresh = fresh;
        const reads = this.config.requiredRepos.length
            ? `; reads ${this.config.requiredRepos.map((repo) => repo.line).join(', ')}`
            : '';
        const described = `${(0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .describeToken */ .dE)(type, fresh, this.now())}${reads}`;
        if (alreadyStored) {
            return {
                plan: `resume: new-token (${described}) is already version ${current.version} in the store; finish the rotation of version ${previous?.version}${oldNote}`,
                alreadyStored: true,
            };
        }
        return { plan: `store new-token (${described})${oldNote}` };
    }
    async issue(current, previous) {
        if (this.fresh === undefined)
            await this.check(current, previous);
        const newToken = this.requireNewToken();
        const fresh = this.fresh;
        return {
            value: newToken,
            detail: fresh ? `${(0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .describeToken */ .dE)((0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(newToken), fresh, this.now())}, created by a person` : 'new-token',
        };
    }
    async proveNew(value) {
        const identity = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .identifyToken */ .oq)(this.client(value), 'the new token', (0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(value));
        if (identity === 'refused') {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO('GitHub refuses the new token (401): it was revoked or has expired since it was stored.');
        }
        const expected = this.config.expectedLogin ?? this.fresh?.login;
        if (expected !== undefined && !(0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .sameLogin */ .Up)(identity.login, expected)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO(`the new token belongs to ${identity.login}, not ${expected}.`);
        }
    }
    async retire(old, options) {
        if (options.graceMs !== undefined && options.graceMs > 0) {
            return { outcome: 'kept', detail: `the old token is kept for ${(0,_duration__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(options.graceMs)}` };
        }
        const type = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(old.value);
        if (!(0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .revocable */ .m)(type)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO(`the old token (version ${old.version}) is ${type === 'app' ? 'a GitHub App installation token (ghs_)' : 'not a token GitHub can revoke by API'}: ` +
                'revoke it where it was issued, and set revoke-old: false for this entry.');
        }
        const identity = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .identifyToken */ .oq)(this.client(old.value), 'the old token', type);
        if (identity === 'refused')
            return { outcome: 'already-retired', detail: 'GitHub already refuses the old token (401)' };
        const accepted = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .requestRevocation */ .ON)(old.value, this.client(undefined));
        this.context.log.info(`GitHub accepted the revocation of the old token (${accepted}).`);
        return { outcome: 'revoked', detail: `POST /credentials/revoke accepted (${accepted})` };
    }
    async proveRetired(old) {
        await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .awaitRefused */ .RP)(old.value, {
            githubApiUrl: this.githubApiUrl,
            fetch: this.fetch,
            clock: this.context.clock,
            sleep: this.context.sleep,
            log: (line) => this.context.log.info(line),
            withinMs: this.revokeWithinMs,
            label: 'the old token',
        });
    }
    async expiry(current) {
        const type = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_6__/* .tokenType */ .Wz)(current.value);
        const identity = await (0,_github_token__WEBPACK_IMPORTED_MODULE_5__/* .identifyToken */ .oq)(this.client(current.value), 'the stored token', type);
        if (identity === 'refused') {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .CheckFailedError */ .CO(`GitHub refuses the stored token (version ${current.version}, 401): it has expired or was revoked. ` +
                `Its rotation ${_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEEDS_PERSON */ .g4}.`);
        }
        return {
            expiresAt: identity.expiresAt,
            warnDays: this.config.minDaysLeft,
            subject: `${type} token of ${identity.login}`,
            fix: `Its rotation ${_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .NEEDS_PERSON */ .g4}.`,
        };
    }
}
function openGitHubPatIssuer(context, tuning) {
    return new GitHubPatIssuer((0,_github_pat_config__WEBPACK_IMPORTED_MODULE_4__/* .parseGitHubPatConfig */ .eB)(context.config, `${context.entry}.issuer`), context, tuning);
}


/***/ }),

/***/ 2618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ON: () => (/* binding */ requestRevocation),
/* harmony export */   RP: () => (/* binding */ awaitRefused),
/* harmony export */   Up: () => (/* binding */ sameLogin),
/* harmony export */   dE: () => (/* binding */ describeToken),
/* harmony export */   gz: () => (/* binding */ checkExpiry),
/* harmony export */   oq: () => (/* binding */ identifyToken),
/* harmony export */   ro: () => (/* binding */ checkReadable),
/* harmony export */   w$: () => (/* binding */ revokeToken)
/* harmony export */ });
/* unused harmony exports describeExpiry, expiresTooSoon, REVOKE_POLL_INTERVAL_MS */
/* harmony import */ var _adapters_github_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4422);
/* harmony import */ var _adapters_http_verifier__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4134);
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1124);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(319);
/* harmony import */ var _status_list__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7259);
/* harmony import */ var _github_token_text__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5800);






/** GET /user with the token: who it is, its scopes and expiry; 'refused' on 401.
 * Scopes are read for classic and OAuth tokens only: a fine-grained token's
 * access is per repository, and an empty scopes header would misreport it. */
async function identifyToken(client, label, type) {
    try {
        const response = await client.rest.users.getAuthenticated();
        const header = (name) => {
            const value = response.headers[name];
            return value === undefined ? undefined : String(value);
        };
        let expiresAt;
        try {
            expiresAt = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_4__/* .parseExpiration */ .lG)(header('github-authentication-token-expiration'));
        }
        catch (error) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA(`${(0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)} (GET /user with ${label})`, {
                service: 'GitHub',
                retryable: false,
            });
        }
        const scopes = type === 'classic' || type === 'oauth' ? (0,_github_token_text__WEBPACK_IMPORTED_MODULE_4__/* .parseScopes */ .Fg)(header('x-oauth-scopes')) : undefined;
        return { login: response.data.login, scopes, expiresAt };
    }
    catch (error) {
        const status = (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubStatus */ .AV)(error);
        if (status === 401)
            return 'refused';
        if (error instanceof _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA || status === undefined || status >= 500) {
            throw (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubError */ .qQ)(error, `GET /user with ${label}`);
        }
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA(`GET /user with ${label}: ${(0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubMessage */ .hg)(error)}`, {
            service: 'GitHub',
            status,
            retryable: false,
        });
    }
}
function describeExpiry(identity, now) {
    if (identity.expiresAt === undefined)
        return 'does not expire';
    const days = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_4__/* .daysLeft */ .H_)(identity.expiresAt, now);
    return `expires ${new Date(identity.expiresAt).toISOString()} (${days} day(s) left)`;
}
function describeToken(type, identity, now) {
    const scopes = identity.scopes === undefined ? '' : `, scopes: ${identity.scopes.length ? identity.scopes.join(', ') : 'none'}`;
    return `${type} token of ${identity.login}, ${describeExpiry(identity, now)}${scopes}`;
}
/** Whether the token has at least `minDaysLeft` days left (a token that never expires has). */
function expiresTooSoon(identity, minDaysLeft, now) {
    return identity.expiresAt !== undefined && daysLeft(identity.expiresAt, now) < minDaysLeft;
}
/** Fails when the token expires in fewer than `minDaysLeft` days. */
function checkExpiry(identity, minDaysLeft, label, now, fix = 'Create a token with a later expiration date.') {
    if (identity.expiresAt === undefined)
        return;
    const days = (0,_github_token_text__WEBPACK_IMPORTED_MODULE_4__/* .daysLeft */ .H_)(identity.expiresAt, now);
    if (days < minDaysLeft) {
        const when = days < 0 ? 'has expired' : `expires in ${days} day(s)`;
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .CheckFailedError */ .CO(`${label} ${when} (${new Date(identity.expiresAt).toISOString()}), fewer than min-days-left ${minDaysLeft}. ${fix}`);
    }
}
function sameLogin(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/** Each required repository must answer 200 to the token; all are asked,
 * and every one that does not is named. */
async function checkReadable(client, repos, label) {
    const problems = [];
    for (const ref of repos) {
        try {
            await client.rest.repos.get({ owner: ref.owner, repo: ref.repo });
        }
        catch (error) {
            const status = (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubStatus */ .AV)(error);
            if (status === 404) {
                problems.push(`${ref.line} (HTTP 404: not found or not visible to ${label})`);
                continue;
            }
            if (status === 403) {
                // Often SAML SSO: the token must be authorized for the organization.
                problems.push(`${ref.line} (HTTP 403: ${(0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubMessage */ .hg)(error)})`);
                continue;
            }
            throw (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubError */ .qQ)(error, `repository ${ref.line}`);
        }
    }
    if (problems.length > 0) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .CheckFailedError */ .CO(`${label} cannot read ${problems.join(', ')}. Give the token access to every repository in required-repos.`);
    }
}
/** Pause between checks that the old token is dead. */
const REVOKE_POLL_INTERVAL_MS = 10_000;
const POLL_REQUEST_TIMEOUT_MS = 10_000;
/** POST /credentials/revoke, unauthenticated as github.com requires, then poll
 * GET /user with the token until it answers 401 or `withinMs` passes. */
async function revokeToken(token, options) {
    const accepted = await requestRevocation(token, options.anonymous);
    options.onAccepted?.();
    options.log(`GitHub accepted the revocation (${accepted}); checking that ${options.label} gets 401, for up to ${(0,_duration__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(options.withinMs)}.`);
    await awaitRefused(token, options, `GitHub accepted the revocation of ${options.label} (${accepted}), but`);
}
/** POST /credentials/revoke: GitHub's acceptance, 202 (the revocation itself
 * is asynchronous, proven by awaitRefused). Any other 2xx is not GitHub's
 * answer (a proxy's page): nothing is known, so nothing is counted as accepted. */
async function requestRevocation(token, anonymous) {
    let status;
    try {
        status = (await anonymous.rest.credentials.revoke({ credentials: [token] })).status;
    }
    catch (error) {
        throw revocationFailure(error);
    }
    if (status !== 202) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA(`POST /credentials/revoke answered ${status}, not GitHub's 202 Accepted: not an answer from GitHub (a proxy in between?), ` +
            'so the old token may or may not have been revoked. Check it with keyturn/verify (expect: 401): if it still works, ' +
            'run again or revoke it by hand in its owner’s settings.', { service: 'GitHub', status, retryable: false });
    }
    return status;
}
/** Polls GET /user with the token until GitHub answers 401, within `withinMs`
 * (the sleep and clock are the caller's, so tests never wait). */
async function awaitRefused(token, options, failurePrefix = `GitHub was asked to revoke ${options.label}, but`) {
    const verifier = (0,_adapters_http_verifier__WEBPACK_IMPORTED_MODULE_1__/* .createHttpVerifier */ .lX)({
        url: new URL(`${options.githubApiUrl}/user`),
        method: 'GET',
        auth: { kind: 'token' },
        expect: (0,_status_list__WEBPACK_IMPORTED_MODULE_5__/* .parseStatusList */ .A)('401'),
        withinMs: options.withinMs,
        intervalMs: Math.min(REVOKE_POLL_INTERVAL_MS, options.withinMs),
        timeoutMs: POLL_REQUEST_TIMEOUT_MS,
    }, { fetch: options.fetch, clock: options.clock, sleep: options.sleep, log: (line) => options.log(`  ${line}`) });
    const result = await verifier.check(token);
    if (!result.ok) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .CheckFailedError */ .CO(`${failurePrefix} it still works after ${result.attempts} check(s) over ` +
            `${(0,_duration__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(result.elapsedMs)} (${result.reason}). The revocation may still complete: check later ` +
            'with keyturn/verify (expect: 401), or revoke the token by hand in its owner’s settings.');
    }
    options.log(`${options.label} is dead: GitHub answered 401 after ${result.attempts} check(s).`);
}
/** githubError's hints are about writing secrets; a failed revocation needs its
 * own. Only a 4xx proves GitHub did not act on it: after a 5xx or no answer
 * (the retries included) it may have revoked the token all the same. */
function revocationFailure(error) {
    const status = (0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubStatus */ .AV)(error);
    if (status !== undefined && status < 500) {
        return new _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA('POST /credentials/revoke was refused: the old token was NOT revoked and still works. ' +
            'Run again, or revoke it by hand in its owner’s settings.', { service: 'GitHub', status, retryable: false });
    }
    const what = status === undefined ? 'got no answer' : 'failed';
    return new _errors__WEBPACK_IMPORTED_MODULE_3__/* .UpstreamError */ .gA(`POST /credentials/revoke ${what} (${(0,_adapters_github_client__WEBPACK_IMPORTED_MODULE_0__/* .githubMessage */ .hg)(error)}): the old token may or may not have been revoked. ` +
        'Check it with keyturn/verify (expect: 401): if it still works, run again or revoke it by hand in its owner’s settings.', { service: 'GitHub', retryable: false, ...(status === undefined ? {} : { status }) });
}


/***/ })

};
