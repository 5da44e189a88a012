export const id = 30;
export const ids = [30];
export const modules = {

/***/ 4030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openGitHubPatIssuer: () => (/* binding */ openGitHubPatIssuer)
});

// UNUSED EXPORTS: GITHUB_PAT_REVOKE_WITHIN_MS, GitHubPatIssuer

// EXTERNAL MODULE: ../../packages/core/src/adapters/github-client.ts + 25 modules
var github_client = __webpack_require__(4410);
// EXTERNAL MODULE: ../../packages/core/src/duration.ts
var duration = __webpack_require__(8283);
// EXTERNAL MODULE: ../../packages/core/src/errors.ts
var errors = __webpack_require__(5736);
// EXTERNAL MODULE: ../../packages/core/src/http-policy.ts
var http_policy = __webpack_require__(402);
// EXTERNAL MODULE: ../../packages/core/src/issuers/github-pat-config.ts
var github_pat_config = __webpack_require__(1320);
// EXTERNAL MODULE: ../../packages/core/src/adapters/http-verifier.ts
var http_verifier = __webpack_require__(5965);
// EXTERNAL MODULE: ../../packages/core/src/status-list.ts
var status_list = __webpack_require__(5974);
// EXTERNAL MODULE: ../../packages/core/src/issuers/github-token-text.ts
var github_token_text = __webpack_require__(6585);
;// CONCATENATED MODULE: ../../packages/core/src/issuers/github-token.ts






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
            expiresAt = (0,github_token_text/* parseExpiration */.lG)(header('github-authentication-token-expiration'));
        }
        catch (error) {
            throw new errors/* UpstreamError */.gA(`${(0,errors/* errorMessage */.gJ)(error)} (GET /user with ${label})`, {
                service: 'GitHub',
                retryable: false,
            });
        }
        const scopes = type === 'classic' || type === 'oauth' ? (0,github_token_text/* parseScopes */.Fg)(header('x-oauth-scopes')) : undefined;
        return { login: response.data.login, scopes, expiresAt };
    }
    catch (error) {
        const status = (0,github_client/* githubStatus */.AV)(error);
        if (status === 401)
            return 'refused';
        if (error instanceof errors/* UpstreamError */.gA || status === undefined || status >= 500) {
            throw (0,github_client/* githubError */.qQ)(error, `GET /user with ${label}`);
        }
        throw new errors/* UpstreamError */.gA(`GET /user with ${label}: ${(0,github_client/* githubMessage */.hg)(error)}`, {
            service: 'GitHub',
            status,
            retryable: false,
        });
    }
}
function describeExpiry(identity, now) {
    if (identity.expiresAt === undefined)
        return 'does not expire';
    const days = (0,github_token_text/* daysLeft */.H_)(identity.expiresAt, now);
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
    const days = (0,github_token_text/* daysLeft */.H_)(identity.expiresAt, now);
    if (days < minDaysLeft) {
        const when = days < 0 ? 'has expired' : `expires in ${days} day(s)`;
        throw new errors/* CheckFailedError */.CO(`${label} ${when} (${new Date(identity.expiresAt).toISOString()}), fewer than min-days-left ${minDaysLeft}. ${fix}`);
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
            const status = (0,github_client/* githubStatus */.AV)(error);
            if (status === 404) {
                problems.push(`${ref.line} (HTTP 404: not found or not visible to ${label})`);
                continue;
            }
            if (status === 403) {
                // Often SAML SSO: the token must be authorized for the organization.
                problems.push(`${ref.line} (HTTP 403: ${(0,github_client/* githubMessage */.hg)(error)})`);
                continue;
            }
            throw (0,github_client/* githubError */.qQ)(error, `repository ${ref.line}`);
        }
    }
    if (problems.length > 0) {
        throw new errors/* CheckFailedError */.CO(`${label} cannot read ${problems.join(', ')}. Give the token access to every repository in required-repos.`);
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
    options.log(`GitHub accepted the revocation (${accepted}); checking that ${options.label} gets 401, for up to ${formatDuration(options.withinMs)}.`);
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
        throw new errors/* UpstreamError */.gA(`POST /credentials/revoke answered ${status}, not GitHub's 202 Accepted: not an answer from GitHub (a proxy in between?), ` +
            'so the old token may or may not have been revoked. Check it with keyturn/verify (expect: 401): if it still works, ' +
            'run again or revoke it by hand in its owner’s settings.', { service: 'GitHub', status, retryable: false });
    }
    return status;
}
/** Polls GET /user with the token until GitHub answers 401, within `withinMs`
 * (the sleep and clock are the caller's, so tests never wait). */
async function awaitRefused(token, options, failurePrefix = `GitHub was asked to revoke ${options.label}, but`) {
    const verifier = (0,http_verifier/* createHttpVerifier */.lX)({
        url: new URL(`${options.githubApiUrl}/user`),
        method: 'GET',
        auth: { kind: 'token' },
        expect: (0,status_list/* parseStatusList */.A)('401'),
        withinMs: options.withinMs,
        intervalMs: Math.min(REVOKE_POLL_INTERVAL_MS, options.withinMs),
        timeoutMs: POLL_REQUEST_TIMEOUT_MS,
    }, { fetch: options.fetch, clock: options.clock, sleep: options.sleep, log: (line) => options.log(`  ${line}`) });
    const result = await verifier.check(token);
    if (!result.ok) {
        throw new errors/* CheckFailedError */.CO(`${failurePrefix} it still works after ${result.attempts} check(s) over ` +
            `${(0,duration/* formatDuration */.a3)(result.elapsedMs)} (${result.reason}). The revocation may still complete: check later ` +
            'with keyturn/verify (expect: 401), or revoke the token by hand in its owner’s settings.');
    }
    options.log(`${options.label} is dead: GitHub answered 401 after ${result.attempts} check(s).`);
}
/** githubError's hints are about writing secrets; a failed revocation needs its
 * own. Only a 4xx proves GitHub did not act on it: after a 5xx or no answer
 * (the retries included) it may have revoked the token all the same. */
function revocationFailure(error) {
    const status = (0,github_client/* githubStatus */.AV)(error);
    if (status !== undefined && status < 500) {
        return new errors/* UpstreamError */.gA('POST /credentials/revoke was refused: the old token was NOT revoked and still works. ' +
            'Run again, or revoke it by hand in its owner’s settings.', { service: 'GitHub', status, retryable: false });
    }
    const what = status === undefined ? 'got no answer' : 'failed';
    return new errors/* UpstreamError */.gA(`POST /credentials/revoke ${what} (${(0,github_client/* githubMessage */.hg)(error)}): the old token may or may not have been revoked. ` +
        'Check it with keyturn/verify (expect: 401): if it still works, run again or revoke it by hand in its owner’s settings.', { service: 'GitHub', retryable: false, ...(status === undefined ? {} : { status }) });
}

;// CONCATENATED MODULE: ../../packages/core/src/issuers/github-pat.ts







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
    const text = context.credentials[github_pat_config/* GITHUB_API_URL_INPUT */.oH] || context.env?.GITHUB_API_URL || github_client/* DEFAULT_GITHUB_API_URL */.xw;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* InputError */.dz(github_pat_config/* GITHUB_API_URL_INPUT */.oH, `is '${text}', not a URL`, `Give an absolute URL such as ${github_client/* DEFAULT_GITHUB_API_URL */.xw}.`);
    }
    const problem = (0,http_policy/* credentialUrlProblem */._U)(url);
    if (problem)
        throw new errors/* InputError */.dz(github_pat_config/* GITHUB_API_URL_INPUT */.oH, problem, 'Use an https:// URL.');
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
        const token = context.credentials[github_pat_config/* NEW_TOKEN_INPUT */.I3];
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
        return (0,github_client/* createGitHubClient */.LX)({
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
            throw new errors/* InputError */.dz(github_pat_config/* NEW_TOKEN_INPUT */.I3, `is empty, and ${this.context.entry} has a github-pat issuer`, `This rotation ${github_pat_config/* NEEDS_PERSON */.g4}.`);
        }
        return this.newToken;
    }
    async check(current, previous, options = {}) {
        // A resumed rotation reuses the stored token; new-token is not needed again.
        if (options.resuming && this.newToken === undefined)
            return { plan: 'resume with the stored token' };
        const newToken = this.requireNewToken();
        const type = (0,github_token_text/* tokenType */.Wz)(newToken);
        // new-token already stored: a run that stopped after its store write (a
        // store without a pending mark). The old token is then the previous version.
        const alreadyStored = current !== undefined && current.value === newToken;
        const old = alreadyStored ? previous : current;
        if (alreadyStored && (previous === undefined || previous.value === newToken)) {
            throw new errors/* InputError */.dz(github_pat_config/* NEW_TOKEN_INPUT */.I3, `is the token the store already holds (version ${current.version}), and no earlier token is stored before it`, 'Create a new token first, then pass it as new-token.');
        }
        const github = this.client(newToken);
        const fresh = await identifyToken(github, github_pat_config/* NEW_TOKEN_INPUT */.I3, type);
        if (fresh === 'refused') {
            throw new errors/* CheckFailedError */.CO('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
        }
        if (this.context.retireOld && old !== undefined && !(0,github_token_text/* revocable */.m)((0,github_token_text/* tokenType */.Wz)(old.value))) {
            throw new errors/* InputError */.dz('revoke-old', `is true, but the stored token (version ${old.version}) is not one GitHub can revoke by API (a ghs_ app token, or no ghp_/github_pat_/gho_/ghu_ prefix)`, 'Set revoke-old: false for this entry and revoke the old token where it was issued.');
        }
        let expected = this.config.expectedLogin;
        let oldNote = '';
        if (old !== undefined) {
            const identity = await identifyToken(this.client(old.value), 'the stored token', (0,github_token_text/* tokenType */.Wz)(old.value));
            if (identity === 'refused')
                oldNote = `; the old token (version ${old.version}) is already refused by GitHub (401)`;
            else {
                if (expected !== undefined && !sameLogin(identity.login, expected)) {
                    throw new errors/* CheckFailedError */.CO(`the stored token (version ${old.version}) belongs to ${identity.login}, not expected-login ${expected}.`);
                }
                expected ??= identity.login;
            }
        }
        if (expected === undefined) {
            throw new errors/* InputError */.dz('issuer.expected-login', `is not set, and ${old === undefined ? 'the store holds no token yet' : 'the stored token is refused by GitHub'}, so new-token's login (${fresh.login}) cannot be checked`, 'Set expected-login: the account the token must belong to.');
        }
        if (!sameLogin(fresh.login, expected)) {
            throw new errors/* CheckFailedError */.CO(`new-token belongs to ${fresh.login}, not ${expected}` +
                `${this.config.expectedLogin === undefined ? ' (the account of the stored token)' : ''}. ` +
                'Create the token while signed in as the right account.');
        }
        checkExpiry(fresh, this.config.minDaysLeft, github_pat_config/* NEW_TOKEN_INPUT */.I3, this.now());
        await checkReadable(github, this.config.requiredRepos, github_pat_config/* NEW_TOKEN_INPUT */.I3);
        this.fresh = fresh;
        const reads = this.config.requiredRepos.length
            ? `; reads ${this.config.requiredRepos.map((repo) => repo.line).join(', ')}`
            : '';
        const described = `${describeToken(type, fresh, this.now())}${reads}`;
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
            detail: fresh ? `${describeToken((0,github_token_text/* tokenType */.Wz)(newToken), fresh, this.now())}, created by a person` : 'new-token',
        };
    }
    async proveNew(value) {
        const identity = await identifyToken(this.client(value), 'the new token', (0,github_token_text/* tokenType */.Wz)(value));
        if (identity === 'refused') {
            throw new errors/* CheckFailedError */.CO('GitHub refuses the new token (401): it was revoked or has expired since it was stored.');
        }
        const expected = this.config.expectedLogin ?? this.fresh?.login;
        if (expected !== undefined && !sameLogin(identity.login, expected)) {
            throw new errors/* CheckFailedError */.CO(`the new token belongs to ${identity.login}, not ${expected}.`);
        }
    }
    async retire(old, options) {
        if (options.graceMs !== undefined && options.graceMs > 0) {
            return { outcome: 'kept', detail: `the old token is kept for ${(0,duration/* formatDuration */.a3)(options.graceMs)}` };
        }
        const type = (0,github_token_text/* tokenType */.Wz)(old.value);
        if (!(0,github_token_text/* revocable */.m)(type)) {
            throw new errors/* CheckFailedError */.CO(`the old token (version ${old.version}) is ${type === 'app' ? 'a GitHub App installation token (ghs_)' : 'not a token GitHub can revoke by API'}: ` +
                'revoke it where it was issued, and set revoke-old: false for this entry.');
        }
        const identity = await identifyToken(this.client(old.value), 'the old token', type);
        if (identity === 'refused')
            return { outcome: 'already-retired', detail: 'GitHub already refuses the old token (401)' };
        const accepted = await requestRevocation(old.value, this.client(undefined));
        this.context.log.info(`GitHub accepted the revocation of the old token (${accepted}).`);
        return { outcome: 'revoked', detail: `POST /credentials/revoke accepted (${accepted})` };
    }
    async proveRetired(old) {
        await awaitRefused(old.value, {
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
        const type = (0,github_token_text/* tokenType */.Wz)(current.value);
        const identity = await identifyToken(this.client(current.value), 'the stored token', type);
        if (identity === 'refused') {
            throw new errors/* CheckFailedError */.CO(`GitHub refuses the stored token (version ${current.version}, 401): it has expired or was revoked. ` +
                `Its rotation ${github_pat_config/* NEEDS_PERSON */.g4}.`);
        }
        return {
            expiresAt: identity.expiresAt,
            warnDays: this.config.minDaysLeft,
            subject: `${type} token of ${identity.login}`,
            fix: `Its rotation ${github_pat_config/* NEEDS_PERSON */.g4}.`,
        };
    }
}
function openGitHubPatIssuer(context, tuning) {
    return new GitHubPatIssuer((0,github_pat_config/* parseGitHubPatConfig */.eB)(context.config, `${context.entry}.issuer`), context, tuning);
}


/***/ })

};
