export const id = 999;
export const ids = [999];
export const modules = {

/***/ 3999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  realDeps: () => (/* binding */ realDeps)
});

// EXTERNAL MODULE: ../core/src/adapters/destinations.ts + 7 modules
var adapters_destinations = __webpack_require__(7382);
// EXTERNAL MODULE: ../core/src/adapters/github-client.ts
var github_client = __webpack_require__(4422);
// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
// EXTERNAL MODULE: ../core/src/issuers/github-token-text.ts
var github_token_text = __webpack_require__(5800);
;// CONCATENATED MODULE: ../../actions/rotate-pat/src/config.ts




/** Inputs that make sense only when rotating: set with check-only, a mistake. */
const ROTATION_ONLY = [
    'new-token',
    'old-token',
    'expected-login',
    'required-repos',
    'name',
    'targets',
    ...adapters_destinations/* DESTINATION_SECRET_INPUTS */.oD,
];
const TOKEN_FIX = 
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
'Pass the token from a secret or a workflow_dispatch input, such as new-token: ${{ secrets.NEW_GITHUB_PAT }}.';
function readRepos(inputs) {
    return inputs.lines('required-repos').map((line, index) => {
        const match = github_token_text/* GITHUB_REPO */.Dy.exec(line);
        if (!match) {
            throw new src/* InputError */.dz('required-repos', `line ${index + 1} is '${line}'`, 'Write one OWNER/REPO per line.');
        }
        return { owner: match[1] ?? '', repo: match[2] ?? '', line };
    });
}
function readCheck(inputs, env, minDaysLeft) {
    // Masked first, even the ones refused below: they are credentials all the same.
    const token = inputs.secret('token');
    for (const name of ['new-token', 'old-token'])
        inputs.secret(name);
    (0,adapters_destinations/* maskDestinationCredentials */.Lk)(inputs);
    (0,store_inputs/* maskStoreCredentials */.Oo)(inputs);
    if (token === undefined) {
        throw new src/* InputError */.dz('token', 'is required with check-only: true', TOKEN_FIX.replace('new-token', 'token'));
    }
    for (const name of ROTATION_ONLY) {
        if (inputs.string(name) !== '') {
            throw new src/* InputError */.dz(name, 'is set with check-only: true', 'A check only reads token: remove it.');
        }
    }
    if (inputs.boolean('revoke-old', false)) {
        throw new src/* InputError */.dz('revoke-old', 'is true with check-only: true', 'A check changes nothing: remove it.');
    }
    return {
        mode: 'check',
        token,
        tokenType: (0,github_token_text/* tokenType */.Wz)(token),
        githubApiUrl: (0,adapters_destinations/* readGitHubApiUrl */.p5)(inputs, env),
        minDaysLeft,
    };
}
function readRotation(inputs, env, minDaysLeft) {
    const newToken = inputs.secret('new-token');
    const oldToken = inputs.secret('old-token');
    // Masked whatever happens next: a token given to the wrong input is still a token.
    inputs.secret('token');
    if (newToken === undefined) {
        throw new src/* InputError */.dz('new-token', 'is required (unless check-only: true)', TOKEN_FIX);
    }
    if (inputs.string('token') !== '') {
        throw new src/* InputError */.dz('token', 'is set without check-only: true', 'Pass the new token as new-token.');
    }
    if (oldToken !== undefined && oldToken === newToken) {
        throw new src/* InputError */.dz('new-token', 'is the same as old-token', 'Create a new token first, then pass it here.');
    }
    const expectedLogin = inputs.string('expected-login') || undefined;
    if (expectedLogin !== undefined && !github_token_text/* GITHUB_LOGIN */.cd.test(expectedLogin)) {
        throw new src/* InputError */.dz('expected-login', `is '${expectedLogin}', not a GitHub login`, 'Give a user name, such as octocat.');
    }
    if (expectedLogin === undefined && oldToken === undefined) {
        throw new src/* InputError */.dz('expected-login', 'is empty and no old-token is given', 'Give expected-login (the account the token must belong to) or old-token, so a token of the wrong account is refused.');
    }
    const revokeOld = inputs.boolean('revoke-old', false);
    const oldTokenType = oldToken === undefined ? undefined : (0,github_token_text/* tokenType */.Wz)(oldToken);
    if (revokeOld) {
        if (oldToken === undefined || oldTokenType === undefined) {
            throw new src/* InputError */.dz('old-token', 'is empty but revoke-old is true', 'Pass the token to revoke as old-token.');
        }
        if (!(0,github_token_text/* revocable */.m)(oldTokenType)) {
            throw new src/* InputError */.dz('old-token', `is ${oldTokenType === 'app' ? 'a GitHub App installation token (ghs_)' : 'not a token GitHub can revoke by API (no ghp_, github_pat_, gho_ or ghu_ prefix)'}`, 'Set revoke-old: false and revoke it where it was issued.');
        }
    }
    const revokeWithinMs = inputs.duration('revoke-within', '10m', src/* LONGEST_WAIT */.dX);
    if (revokeOld && revokeWithinMs === 0) {
        throw new src/* InputError */.dz('revoke-within', 'is 0', 'Give the time GitHub may take to revoke, such as 10m.');
    }
    const requiredRepos = readRepos(inputs);
    const name = inputs.string('name');
    let store;
    if (name === '') {
        (0,store_inputs/* maskStoreCredentials */.Oo)(inputs);
        const given = (0,store_inputs/* storeInputsGiven */.sl)(inputs);
        if (given.length > 0) {
            throw new src/* InputError */.dz('name', `is empty but store inputs are set (${given.join(', ')}), so new-token would not be stored`, 'Give name (the secret name in the store), or remove the store inputs to rotate without storing the token.');
        }
    }
    else {
        const kind = (0,store_inputs/* readStoreKind */.yK)(inputs);
        store = { name: (0,store_inputs/* readStoredName */.Ni)(inputs, kind), settings: (0,store_inputs/* readStoreSettings */.lz)(inputs, kind, env) };
    }
    const targets = (0,adapters_destinations/* readTargets */.R0)(inputs, 'targets');
    const destinations = (0,adapters_destinations/* readDestinationSettings */.E8)(inputs, targets, env);
    (0,adapters_destinations/* checkValueFits */._c)(targets, newToken, 'new-token');
    return {
        mode: 'rotate',
        newToken,
        newTokenType: (0,github_token_text/* tokenType */.Wz)(newToken),
        oldToken,
        oldTokenType,
        expectedLogin,
        minDaysLeft,
        requiredRepos,
        store,
        targets,
        destinations,
        concurrency: (0,adapters_destinations/* readConcurrency */.WC)(inputs),
        revokeOld,
        revokeWithinMs,
        githubApiUrl: (0,adapters_destinations/* readGitHubApiUrl */.p5)(inputs, env),
        dryRun: inputs.boolean('dry-run', false),
    };
}
/** Every input read and checked, before any request. */
function readPatConfig(inputs, env) {
    const checkOnly = inputs.boolean('check-only', false);
    const minDaysLeft = inputs.integer('min-days-left', 7, { min: 0, max: github_token_text/* MAX_MIN_DAYS_LEFT */.s3 });
    return Object.freeze(checkOnly ? readCheck(inputs, env, minDaysLeft) : readRotation(inputs, env, minDaysLeft));
}

// EXTERNAL MODULE: ../core/src/issuers/github-token.ts
var github_token = __webpack_require__(2618);
;// CONCATENATED MODULE: ../../actions/rotate-pat/src/rotate-pat.ts




const ACTION = 'rotate-pat';
function expiryOutputs(context, identity) {
    const { runner, clock } = context;
    runner.setOutput('expires-at', identity.expiresAt === undefined ? '' : new Date(identity.expiresAt).toISOString());
    runner.setOutput('days-left', identity.expiresAt === undefined ? '' : String((0,github_token_text/* daysLeft */.H_)(identity.expiresAt, clock.now())));
    runner.setOutput('scopes', identity.scopes?.join(',') ?? '');
}
async function runPat(context, config, deps) {
    if (config.mode === 'check')
        await checkOnly(context, config, deps);
    else
        await rotatePat(context, config, deps);
}
/** check-only: report the token's owner, kind and expiry; fail when it is close. */
async function checkOnly(context, config, deps) {
    const { runner, clock } = context;
    const identity = await (0,github_token/* identifyToken */.oq)(deps.github(config.token, config.githubApiUrl, context), 'token', config.tokenType);
    if (identity === 'refused') {
        throw new src/* CheckFailedError */.CO('token was refused by GitHub (401): it has expired, was revoked, or is mistyped.');
    }
    runner.setOutput('login', identity.login);
    runner.setOutput('token-type', config.tokenType);
    expiryOutputs(context, identity);
    runner.setOutput('revoked', 'false');
    const description = (0,github_token/* describeToken */.dE)(config.tokenType, identity, clock.now());
    runner.info(`token: ${description}`);
    const days = identity.expiresAt === undefined ? undefined : (0,github_token_text/* daysLeft */.H_)(identity.expiresAt, clock.now());
    const ok = days === undefined || days >= config.minDaysLeft;
    await runner.appendSummary((0,src/* renderSummary */.Br)({
        title: 'keyturn/rotate-pat (check-only)',
        table: {
            headers: ['Login', 'Type', 'Expires at', 'Days left', 'Minimum', 'Result'],
            rows: [
                [
                    identity.login,
                    config.tokenType,
                    identity.expiresAt === undefined ? 'never' : new Date(identity.expiresAt).toISOString(),
                    days === undefined ? '-' : String(days),
                    String(config.minDaysLeft),
                    ok ? 'ok' : 'expires too soon',
                ],
            ],
        },
    }));
    (0,github_token/* checkExpiry */.gz)(identity, config.minDaysLeft, 'token', clock.now());
}
async function rotatePat(context, config, deps) {
    const { runner, clock } = context;
    const steps = [];
    const secretName = config.store?.name;
    const storeFields = config.store ? { secret_name: config.store.name, store: config.store.settings.kind } : {};
    let stage = 'validate';
    let stored = false;
    /** GitHub accepted POST /credentials/revoke: the old token may be dead even if the poll never saw it. */
    let revocationRequested = false;
    let propagation;
    const title = `keyturn/rotate-pat${config.dryRun ? ' (dry run)' : ''}`;
    let oldAlreadyRefused = false;
    const writeSummary = async () => {
        const parts = [(0,src/* renderSummary */.Br)({ title, table: { headers: ['Step', 'Result'], rows: steps } })];
        if (propagation)
            parts.push((0,src/* propagationSummary */.R7)(propagation, 'Targets'));
        await runner.appendSummary(parts.join('\n'));
    };
    try {
        // 1. Validate the new token, and learn the old one's identity.
        const github = deps.github(config.newToken, config.githubApiUrl, context);
        const fresh = await (0,github_token/* identifyToken */.oq)(github, 'new-token', config.newTokenType);
        if (fresh === 'refused') {
            throw new src/* CheckFailedError */.CO('new-token was refused by GitHub (401): check it was copied whole and not revoked.');
        }
        runner.setOutput('login', fresh.login);
        runner.setOutput('token-type', config.newTokenType);
        expiryOutputs(context, fresh);
        runner.info(`new-token: ${(0,github_token/* describeToken */.dE)(config.newTokenType, fresh, clock.now())}`);
        let oldIdentity;
        if (config.oldToken !== undefined) {
            oldIdentity = await (0,github_token/* identifyToken */.oq)(deps.github(config.oldToken, config.githubApiUrl, context), 'old-token', config.oldTokenType ?? 'unknown');
            oldAlreadyRefused = oldIdentity === 'refused';
            runner.info(oldIdentity === 'refused' ? 'old-token: already refused by GitHub (401)' : `old-token: ${oldIdentity.login}`);
        }
        // Opened before any check that may need it; nothing is written until step 3.
        const store = config.store && deps.openStore(config.store.settings, context);
        let expected = config.expectedLogin ?? (oldIdentity === 'refused' ? undefined : oldIdentity?.login);
        if (expected === undefined && oldIdentity === 'refused' && store && config.store) {
            // A re-run after a revocation that was carried out but whose answer was
            // lost: the run that stored new-token compared the logins while old-token
            // still answered, so that comparison stands.
            if ((await store.read(config.store.name))?.value === config.newToken) {
                expected = fresh.login;
                runner.info('old-token is refused and the store already holds new-token: the run that stored it compared their logins; finishing it.');
            }
        }
        if (expected === undefined) {
            throw new src/* CheckFailedError */.CO("old-token is already refused by GitHub, so its login cannot be compared with new-token's. " +
                `Set expected-login (new-token belongs to ${fresh.login}).`);
        }
        if (oldIdentity !== undefined && oldIdentity !== 'refused' && !(0,github_token/* sameLogin */.Up)(oldIdentity.login, expected)) {
            throw new src/* CheckFailedError */.CO(`old-token belongs to ${oldIdentity.login}, not expected-login ${expected}.`);
        }
        if (!(0,github_token/* sameLogin */.Up)(fresh.login, expected)) {
            throw new src/* CheckFailedError */.CO(`new-token belongs to ${fresh.login}, not ${expected}` +
                `${config.expectedLogin === undefined ? ' (the account of old-token)' : ''}. ` +
                'Create the token while signed in as the right account.');
        }
        (0,github_token/* checkExpiry */.gz)(fresh, config.minDaysLeft, 'new-token', clock.now());
        await (0,github_token/* checkReadable */.ro)(github, config.requiredRepos, 'new-token');
        steps.push([
            'Validate new token',
            `${(0,github_token/* describeToken */.dE)(config.newTokenType, fresh, clock.now())}` +
                (config.requiredRepos.length ? `; reads ${config.requiredRepos.map((repo) => repo.line).join(', ')}` : ''),
        ]);
        // 2. Check every target and the store can take the value before writing either.
        const destinations = deps.openDestinations(config.destinations, context, config.concurrency);
        const log = { info: (line) => runner.info(line), error: (line) => runner.error(line) };
        if (config.targets.length > 0) {
            runner.info(`Checking access to ${config.targets.length} target(s).`);
            const preflight = await (0,src/* propagateValue */.fV)(config.newToken, config.targets, destinations, {
                concurrency: config.concurrency,
                failFast: false,
                dryRun: true,
                log,
            });
            const failure = (0,src/* propagationFailure */.JQ)(preflight);
            if (failure || config.dryRun)
                propagation = preflight;
            if (failure)
                throw new src/* CheckFailedError */.CO(`a target cannot be written, so nothing was changed: ${failure.message}`);
        }
        // 3. Store.
        stage = 'store';
        if (store && config.store) {
            const where = `${config.store.name} in ${(0,store_inputs/* describeStore */.Fk)(config.store.settings)}`;
            await store.checkWritable(config.store.name);
            const current = await store.read(config.store.name);
            if (current?.value === config.newToken) {
                steps.push(['Store', `${where}: version ${current.version} already holds new-token; not written again`]);
                stored = true;
            }
            else if (config.dryRun) {
                steps.push(['Store', `would write ${where}${current ? ` after version ${current.version}` : ''}`]);
            }
            else {
                const written = await store.write(config.store.name, config.newToken);
                stored = true;
                steps.push([
                    'Store',
                    `${where}: version ${written.version}` +
                        (written.previousVersion ? `, version ${written.previousVersion} kept as previous` : ''),
                ]);
            }
            runner.info(`Store: ${steps.at(-1)?.[1]}`);
        }
        // 4. Propagate.
        stage = 'propagate';
        if (config.targets.length > 0 && config.dryRun) {
            steps.push(['Propagate', `would update ${config.targets.length} target(s); access to each checked`]);
        }
        else if (config.targets.length > 0) {
            runner.info(`Propagating to ${config.targets.length} target(s).`);
            propagation = await (0,src/* propagateValue */.fV)(config.newToken, config.targets, destinations, {
                concurrency: config.concurrency,
                failFast: false,
                dryRun: false,
                log,
            });
            steps.push(['Propagate', `${propagation.updated} updated, ${propagation.failed} failed`]);
            const failure = (0,src/* propagationFailure */.JQ)(propagation);
            if (failure)
                throw failure;
        }
        // 5. Revoke, and prove it.
        stage = 'revoke';
        let revoked = false;
        if (config.revokeOld && config.oldToken !== undefined) {
            if (oldIdentity === 'refused') {
                revoked = true;
                steps.push(['Revoke old token', 'already refused by GitHub (401); nothing to revoke']);
            }
            else if (config.dryRun) {
                steps.push([
                    'Revoke old token',
                    `would revoke it and wait up to ${(0,src/* formatDuration */.a3)(config.revokeWithinMs)} for 401`,
                ]);
            }
            else {
                await revoke(context, config, deps, config.oldToken, () => {
                    revocationRequested = true;
                });
                revoked = true;
                steps.push(['Revoke old token', 'revoked: GitHub now answers 401 to it']);
                await context.audit.append({
                    event: 'token.revoked',
                    action: ACTION,
                    outcome: 'success',
                    login: fresh.login,
                    token_type: config.oldTokenType,
                    ...(secretName === undefined ? {} : { secret_name: secretName }),
                });
            }
        }
        runner.setOutput('revoked', String(revoked));
        await writeSummary();
        await context.audit.append({
            event: config.dryRun ? 'secret.rotate.skipped' : 'secret.rotate.completed',
            action: ACTION,
            outcome: config.dryRun ? 'skipped' : 'success',
            ...storeFields,
            login: fresh.login,
            token_type: config.newTokenType,
            method: 'manual',
            expires_at: fresh.expiresAt === undefined ? null : new Date(fresh.expiresAt).toISOString(),
            targets: config.targets.map((target) => target.line),
            revoked,
            dry_run: config.dryRun,
        });
        runner.info(config.dryRun ? 'Dry run: nothing was changed.' : 'Rotation complete.');
    }
    catch (error) {
        runner.setOutput('revoked', 'false');
        steps.push([`Stopped at ${stage}`, (0,src/* errorMessage */.gJ)(error)]);
        const state = stage === 'revoke'
            ? 'Everything before the revocation succeeded; only the revocation of the old token is unfinished.'
            : config.revokeOld && !oldAlreadyRefused
                ? 'The old token was not revoked and still works.'
                : '';
        if (state !== '') {
            steps.push(['Old token', state]);
            runner.info(state);
        }
        await writeSummary();
        await context.audit.append({
            event: 'secret.rotate.failed',
            action: ACTION,
            outcome: 'failure',
            stage,
            reason: (0,src/* errorMessage */.gJ)(error),
            ...storeFields,
            token_type: config.newTokenType,
            method: 'manual',
            stored,
            targets: config.targets.map((target) => target.line),
            updated: propagation?.rows.filter((row) => row.outcome === 'updated').map((row) => row.target) ?? [],
            old_token_revoked: false,
            revocation_requested: revocationRequested,
            dry_run: config.dryRun,
        });
        throw error;
    }
}
/** POST /credentials/revoke, then poll until the old token gets 401 (core's one implementation). */
async function revoke(context, config, deps, oldToken, onAccepted) {
    await (0,github_token/* revokeToken */.w$)(oldToken, {
        anonymous: deps.github(undefined, config.githubApiUrl, context),
        githubApiUrl: config.githubApiUrl,
        fetch: deps.fetch,
        clock: context.clock,
        sleep: context.sleep,
        log: (line) => context.runner.info(line),
        withinMs: config.revokeWithinMs,
        label: 'old-token',
        onAccepted,
    });
}

;// CONCATENATED MODULE: ../../actions/rotate-pat/src/main.ts





/** The real dependencies: Octokit for GitHub, the store and destination adapters, fetch for the poll. */
const realDeps = {
    github: (token, apiUrl, context) => (0,github_client/* createGitHubClient */.LX)({
        ...(token === undefined ? {} : { token }),
        baseUrl: apiUrl,
        clock: context.clock,
        sleep: context.sleep,
        log: (message) => context.runner.info(message),
    }),
    fetch: (input, init) => globalThis.fetch(input, init),
    openStore: stores/* openStore */.Ch,
    openDestinations: (settings, context, concurrency) => (0,adapters_destinations/* openDestinations */.uY)(settings, context, { concurrency }),
};
/** rotate-pat with its real dependencies: the action's entry and the CLI run this. */
const main = (context) => runPat(context, readPatConfig(context.inputs, context.runner.env), realDeps);


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


/***/ }),

/***/ 8626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ storedNameProblem),
/* harmony export */   AZ: () => (/* binding */ storeMarksGrace),
/* harmony export */   Fk: () => (/* binding */ describeStore),
/* harmony export */   Ni: () => (/* binding */ readStoredName),
/* harmony export */   Ns: () => (/* binding */ GRACE_STORE_KINDS),
/* harmony export */   Oo: () => (/* binding */ maskStoreCredentials),
/* harmony export */   i7: () => (/* reexport safe */ _stores__WEBPACK_IMPORTED_MODULE_1__.i7),
/* harmony export */   lz: () => (/* binding */ readStoreSettings),
/* harmony export */   oJ: () => (/* binding */ storedNameFix),
/* harmony export */   sl: () => (/* binding */ storeInputsGiven),
/* harmony export */   yK: () => (/* binding */ readStoreKind)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _stores__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1910);



/** Masks the store credentials given, whether or not this run uses them: a
 * credential passed by mistake is still a credential. */
function maskStoreCredentials(inputs) {
    for (const name of _stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_SECRET_INPUTS */ .zx)
        inputs.secret(name);
}
/** The `store` input: ssm (default) or another registered store. */
function readStoreKind(inputs, input = 'store') {
    return inputs.oneOf(input, _stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_KINDS */ .i7, 'ssm');
}
/** A secret's name in the store, checked against the store's own rules. */
function readStoredName(inputs, kind, input = 'name') {
    const name = inputs.required(input, (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).nameHint);
    const problem = storedNameProblem(kind, name);
    if (problem)
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, problem, storedNameFix(kind));
    return name;
}
function storedNameProblem(kind, name) {
    return (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).nameProblem(name);
}
/** Whether the store can hold a grace window's mark (see ../grace). */
function storeMarksGrace(kind) {
    return (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).marksGrace === true;
}
/** The store kinds that can, for a message. */
const GRACE_STORE_KINDS = _stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_KINDS */ .i7.filter((kind) => (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).marksGrace);
function storedNameFix(kind) {
    return (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).nameFix;
}
/**
 * Reads the inputs of store `kind`, refusing the inputs only other stores
 * read. Credentials are masked before anything else reads them.
 */
function readStoreSettings(inputs, kind, env) {
    maskStoreCredentials(inputs);
    refuseInputsOfOtherStores(inputs, kind);
    return Object.freeze((0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).readSettings(inputs, env));
}
/** How a report names the store: "AWS SSM (eu-west-1)", "Infisical (prod /)". */
function describeStore(settings) {
    return (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(settings.kind).describe(settings);
}
/** The store inputs (`store` included) set to something other than their
 * default: with no secret name to store under, each of them is a mistake. */
function storeInputsGiven(inputs) {
    const all = [{ name: 'store', default: 'ssm' }, ..._stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_INPUTS */ .G7];
    return all.filter((input) => inputs.string(input.name, input.default) !== input.default).map((input) => input.name);
}
function refuseInputsOfOtherStores(inputs, kind) {
    const own = new Set((0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(kind).inputs.map((input) => input.name));
    for (const input of _stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_INPUTS */ .G7) {
        if (own.has(input.name) || inputs.string(input.name, input.default) === input.default)
            continue;
        const owners = _stores__WEBPACK_IMPORTED_MODULE_1__/* .STORE_KINDS */ .i7.filter((other) => (0,_stores__WEBPACK_IMPORTED_MODULE_1__/* .storeModule */ .II)(other).inputs.some((mine) => mine.name === input.name));
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input.name, `is set but store is ${kind}`, `Remove it, or set store to ${owners.join(' or ')}.`);
    }
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
