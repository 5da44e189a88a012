export const id = 702;
export const ids = [702];
export const modules = {

/***/ 9702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  start: () => (/* binding */ start)
});

// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
;// CONCATENATED MODULE: ./src/command.ts
/** A mistake on the command line: exit 2, nothing sent. */
class UsageError extends Error {
    name = 'UsageError';
}

// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
;// CONCATENATED MODULE: ../core/src/grace.ts
/**
 * Where a grace window's start lives: a mark on the store version the
 * rotation wrote, named `grace-since-YYYYMMDDTHHMMSSZ` (an SSM parameter
 * label, a Secrets Manager staging label). The store is the one record every
 * runner of every later day reads (plan already reads its head), so the
 * window survives the runner that opened it; the audit log is an artifact of
 * one run, and the targets cannot all say when something was written.
 *
 * The time is the moment the rotation finished (every target held the new
 * value and its companion), not the store write: a rotation resumed two days
 * after its store write still gives consumers the whole window.
 */
const GRACE_MARK_PREFIX = 'grace-since-';
/** The companion a grace keeps the old value under, at every target. */
const COMPANION_SUFFIX = '_PREVIOUS';
/** `grace-since-20261201T110000Z` (SSM labels allow letters, digits, `.`, `-`, `_`). */
function graceMark(since) {
    const iso = new Date(Math.floor(since / 1000) * 1000).toISOString();
    return `${GRACE_MARK_PREFIX}${iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
}
/** The start a mark names, epoch ms; undefined for any other label. */
function parseGraceMark(label) {
    const match = /^grace-since-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(label);
    if (!match)
        return undefined;
    const [, y, mo, d, h, mi, s] = match;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return Number.isNaN(ms) ? undefined : ms;
}
/** The open window's start among a version's labels, when there is one. */
function graceSinceOf(labels) {
    for (const label of labels) {
        const since = parseGraceMark(label);
        if (since !== undefined)
            return since;
    }
    return undefined;
}

;// CONCATENATED MODULE: ../core/src/targets.ts
/** A problem with one line; the caller turns it into an InputError. */
class TargetSyntaxError extends Error {
    name = 'TargetSyntaxError';
}
/** How a character the user cannot see is named in a message. */
function codePoint(char) {
    return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
/**
 * Every character of a target line is printable ASCII: a control character
 * (a CR, a NUL, a tab) could end a log line or a path early, and a non-ASCII
 * look-alike (a Cyrillic а, a fullwidth ．or ／, a zero-width space) reads as
 * one place and names another. The services' own names are ASCII.
 */
function checkLineCharacters(line) {
    for (const char of line) {
        const code = char.codePointAt(0) ?? 0;
        if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
            throw new TargetSyntaxError(`a target line holds control character ${codePoint(char)}; remove it`);
        }
        if (code > 0x7e) {
            throw new TargetSyntaxError(`a target line holds non-ASCII character ${codePoint(char)}; service names are ASCII, and a look-alike names another place`);
        }
    }
}
/**
 * The rule every name segment of every destination follows besides its
 * service's own: it names one path segment, so it is not empty, not `.` or
 * `..`, and holds no `/`, `\` or `%` (which URL normalisation or a
 * percent-decoding proxy would turn into another path: `%2e%2e` is `..`).
 */
function placeSegmentProblem(segment) {
    if (segment === '')
        return 'is empty';
    if (segment === '.' || segment === '..')
        return `is '${segment}', which names the level above, not a place`;
    if (/^\s|\s$/.test(segment))
        return 'starts or ends with a space';
    const bad = /[/\\%?#]/.exec(segment);
    if (bad)
        return `holds '${bad[0]}', which would name another path`;
    return undefined;
}
/** Throws when `segment` breaks the shared rule; `what` names it ("environment 'x'"). */
function checkPlaceSegment(segment, what) {
    const problem = placeSegmentProblem(segment);
    if (problem)
        throw new TargetSyntaxError(`${what} ${problem}`);
}

// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/upstream-body.ts
var upstream_body = __webpack_require__(3430);
;// CONCATENATED MODULE: ../core/src/adapters/fly.ts



/**
 * Fly.io app secrets as a Destination, through the Machines API's secrets
 * resource (`/v1/apps/{app_name}/secrets`). Setting a secret there stages it:
 * Fly keeps it in the app's vault and raises the app's secrets version, and
 * no machine restarts. Machines read secrets when they boot, so a new value
 * reaches the app when its machines are next updated — `fly secrets deploy
 * -a APP` (or the next `fly deploy`). keyturn says so once per app; it never
 * restarts machines itself, since that is a deploy, with its own health
 * checks and rollout strategy, which the app's owner chooses.
 *
 * `prepare` lists the app's secrets (names and digests; the API never
 * returns values to a token outside the app), which proves the app exists
 * and the token may reach it without changing anything.
 */
const DEFAULT_FLY_API_URL = 'https://api.machines.dev';
const SERVICE = 'Fly.io';
const TIMEOUT_MS = 30_000;
/** The kinds this adapter serves. */
const FLY_KINDS = Object.freeze({ fly: true });
function isFlyTarget(target) {
    return Object.hasOwn(FLY_KINDS, target.kind);
}
function authorization(token) {
    // Macaroon tokens from `fly tokens create` come as "FlyV1 fm2_…" and are sent as they are.
    return token.startsWith('FlyV1 ') ? token : `Bearer ${token}`;
}
function failure(status, headers, target, now) {
    const details = { service: SERVICE, status };
    switch (true) {
        case status === 401:
            return new errors/* UpstreamError */.gA('the API token was refused; check fly-api-token', { ...details, retryable: false });
        case status === 403:
            return new errors/* UpstreamError */.gA(`the API token may not change the secrets of app ${target.app}; check fly-api-token`, {
                ...details,
                retryable: false,
            });
        case status === 404:
            return new errors/* UpstreamError */.gA(`app '${target.app}' was not found; check the app name in the target line`, {
                ...details,
                retryable: false,
            });
        case status === 429 || status >= 500: {
            const retryAfterMs = (0,retry/* retryAfterFromHeaders */.B8)((name) => headers.get(name) ?? undefined, now);
            return new errors/* UpstreamError */.gA(status === 429 ? 'rate limited' : 'server error', {
                ...details,
                retryable: true,
                ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
            });
        }
        default:
            // Fly's ErrorResponse text is not repeated: it may echo what was sent.
            return new errors/* UpstreamError */.gA(`secret ${target.name} of app ${target.app} was refused`, {
                ...details,
                retryable: false,
            });
    }
}
/** A DELETE answered 404: the secret is already gone (the app was reached by prepare). */
class SecretAbsent extends Error {
}
class FlySecretsDestination {
    options;
    baseUrl;
    /** Per app: the names of its secrets, from prepare's list (names only). */
    names = new Map();
    told = new Set();
    constructor(options) {
        this.options = options;
        this.baseUrl = (options.baseUrl ?? DEFAULT_FLY_API_URL).replace(/\/+$/, '');
    }
    handles(target) {
        return isFlyTarget(target);
    }
    async prepare(target) {
        await this.secretNames(this.flyTarget(target));
    }
    secretNames(fly) {
        let names = this.names.get(fly.app);
        if (!names) {
            names = this.request(fly, 'GET', `/v1/apps/${encodeURIComponent(fly.app)}/secrets`).then((answer) => {
                const listed = Array.isArray(answer.secrets) ? answer.secrets : [];
                return new Set(listed.flatMap((secret) => {
                    const name = secret?.name;
                    return typeof name === 'string' ? [name] : [];
                }));
            });
            this.names.set(fly.app, names);
        }
        return names;
    }
    /** Unsets the secret (`DELETE …/secrets/{name}`; staged like a set). A name
     * prepare's list did not show is already gone and nothing is sent; a 404
     * (removed since) is gone too. */
    async delete(target) {
        const fly = this.flyTarget(target);
        const names = await this.secretNames(fly);
        if (!names.has(fly.name))
            return 'absent';
        const path = `/v1/apps/${encodeURIComponent(fly.app)}/secrets/${encodeURIComponent(fly.name)}`;
        try {
            await this.request(fly, 'DELETE', path, undefined, { absentOk: true });
        }
        catch (error) {
            if (error instanceof SecretAbsent)
                return 'absent';
            throw error;
        }
        finally {
            names.delete(fly.name);
        }
        return 'deleted';
    }
    async write(target, value) {
        const fly = this.flyTarget(target);
        const names = await this.secretNames(fly);
        const answer = await this.request(fly, 'POST', `/v1/apps/${encodeURIComponent(fly.app)}/secrets/${encodeURIComponent(fly.name)}`, { value });
        names.add(fly.name);
        if (!this.told.has(fly.app)) {
            this.told.add(fly.app);
            const version = typeof answer.version === 'number' ? ` (secrets version ${answer.version})` : '';
            this.options.notice?.(`${fly.line}: staged in app ${fly.app}${version}; its machines keep the old value until they are updated: ` +
                `run fly secrets deploy -a ${fly.app} (or deploy the app) to roll them`);
        }
    }
    flyTarget(target) {
        if (!isFlyTarget(target))
            throw new Error(`Fly.io cannot take ${target.line}`);
        return target;
    }
    request(target, method, path, body, options = {}) {
        const { clock, sleep } = this.options;
        const fetch = this.options.fetch ?? globalThis.fetch;
        return (0,retry/* withRetry */.bD)(async () => {
            let response;
            try {
                response = await fetch(`${this.baseUrl}${path}`, {
                    method,
                    redirect: 'error',
                    signal: AbortSignal.timeout(this.options.timeoutMs ?? TIMEOUT_MS),
                    headers: {
                        authorization: authorization(this.options.token),
                        accept: 'application/json',
                        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                    },
                    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                });
            }
            catch (error) {
                const code = error.name ?? 'network error';
                throw new errors/* UpstreamError */.gA(`no answer for app ${target.app} (${code})`, { service: SERVICE, retryable: true });
            }
            // The body is read under the same deadline: one that stops mid-way
            // (a trickle past the deadline, a reset) is an answer that never came.
            let text;
            try {
                text = await response.text();
            }
            catch (error) {
                const code = error.name ?? 'network error';
                throw new errors/* UpstreamError */.gA(`the answer for app ${target.app} stopped (${code})`, {
                    service: SERVICE,
                    retryable: true,
                });
            }
            if (response.status === 404 && options.absentOk)
                throw new SecretAbsent();
            if (!response.ok)
                throw failure(response.status, response.headers, target, clock.now());
            return (0,upstream_body/* parseUpstreamObject */.oE)(text, {
                service: SERVICE,
                status: response.status,
                what: `the secrets of app ${target.app}`,
                contentType: response.headers.get('content-type') ?? undefined,
            });
        }, this.options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO, {
            clock,
            sleep,
            ...(this.options.random ? { random: this.options.random } : {}),
            onRetry: ({ waitMs, error }) => this.options.log?.(`Fly.io: ${error.detail} for app ${target.app}; retrying in ${Math.ceil(waitMs / 1000)}s`),
        });
    }
}

// EXTERNAL MODULE: ../core/src/http-policy.ts
var http_policy = __webpack_require__(8123);
;// CONCATENATED MODULE: ../core/src/adapters/module-types.ts


/** An input error for a credential a target needs but nobody gave. */
function missingCredential(input, line, service, fix) {
    return new errors/* InputError */.dz(input, `is empty but ${line} is a ${service} target`, fix);
}
/** An API base URL input: absolute http(s), no credentials, no query. */
function readApiUrl(inputs, name, fallback) {
    const text = inputs.string(name, fallback);
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* InputError */.dz(name, `is '${text}', not a URL`, `Give an absolute URL such as ${fallback}.`);
    }
    const problem = (0,http_policy/* credentialUrlProblem */._U)(url);
    if (problem)
        throw new errors/* InputError */.dz(name, problem, 'Use an https:// URL.');
    if (url.username !== '' || url.password !== '' || url.search !== '') {
        throw new errors/* InputError */.dz(name, 'holds credentials or a query string', 'Give only the API base URL.');
    }
    return text.replace(/\/+$/, '');
}

;// CONCATENATED MODULE: ../core/src/adapters/destination-fly.ts



/** Fly publishes no limit; a secret becomes an environment variable, and Linux
 * refuses one environment string over 128 KiB (MAX_ARG_STRLEN), name included. */
const FLY_SECRET_MAX_BYTES = 128 * 1024;
const FLY_APP = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const FLY_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FLY_TOKEN_FIX = 'Pass a Fly.io token that may set the app’s secrets (fly tokens create deploy -a APP): ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
    'fly-api-token: ${{ secrets.FLY_API_TOKEN }}.';
const flyDestination = {
    service: 'Fly.io',
    schemes: { fly: ['fly:APP/NAME'] },
    kinds: FLY_KINDS,
    parse({ path, query, line }) {
        if (query !== undefined)
            throw new TargetSyntaxError(`'${line}' has options, which fly: lines do not take`);
        const parts = path.split('/');
        const [app = '', name = ''] = parts;
        if (parts.length !== 2)
            throw new TargetSyntaxError(`'${line}' must read fly:APP/NAME`);
        if (!FLY_APP.test(app)) {
            throw new TargetSyntaxError(`Fly app '${app}' is not an app name (lowercase letters, digits and -)`);
        }
        if (!FLY_SECRET_NAME.test(name)) {
            throw new TargetSyntaxError(`secret name '${name}' must be an environment variable name (letters, digits, _)`);
        }
        return { kind: 'fly', line, app, name };
    },
    format: (target) => `fly:${target.app}/${target.name}`,
    // Secrets are environment variables: names are case-sensitive.
    key: (target) => `fly:${target.app}/${target.name}`,
    valueSizeProblem(target, value) {
        const bytes = Buffer.byteLength(`${target.name}=${value}`, 'utf8');
        return bytes > FLY_SECRET_MAX_BYTES
            ? `the value is ${bytes} bytes with its name; a Fly secret becomes an environment variable, which Linux limits to ${FLY_SECRET_MAX_BYTES}`
            : undefined;
    },
    inputs: [
        {
            name: 'fly-api-token',
            default: '',
            secret: true,
            description: "A Fly.io token that may set the apps' secrets (a deploy token per app, or an org token). Masked at once.",
        },
        { name: 'fly-api-url', default: DEFAULT_FLY_API_URL, secret: false, description: "Fly.io's Machines API URL." },
    ],
    readSettings(inputs, _env, needed) {
        const token = inputs.secret('fly-api-token');
        if (needed && token === undefined)
            throw missingCredential('fly-api-token', needed.line, 'Fly.io', FLY_TOKEN_FIX);
        return { token, apiUrl: readApiUrl(inputs, 'fly-api-url', DEFAULT_FLY_API_URL) };
    },
    open(settings, context, tuning) {
        if (settings.token === undefined)
            return undefined;
        return new FlySecretsDestination({
            token: settings.token,
            baseUrl: settings.apiUrl,
            clock: context.clock,
            sleep: context.sleep,
            log: (message) => context.runner.info(message),
            ...(tuning.requestTimeoutMs === undefined ? {} : { timeoutMs: tuning.requestTimeoutMs }),
            notice: (message) => context.runner.warning(message),
        });
    },
};

// EXTERNAL MODULE: ../core/src/adapters/github-client.ts
var github_client = __webpack_require__(4422);
// EXTERNAL MODULE: ../../node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs + 1 modules
var libsodium_wrappers = __webpack_require__(9724);
;// CONCATENATED MODULE: ../core/src/pagination.ts

/**
 * The bound on every paginated read: at most `maxPages` pages, and a cursor
 * the service already gave (SSM's NextToken, Heroku's Next-Range) or a page
 * that brings nothing new (GitHub's numbered pages) ends the read as an
 * UpstreamError instead of another request. A broken or hostile service can
 * make a read fail; it cannot make it run forever.
 */
class PageBudget {
    service;
    what;
    maxPages;
    cursors = new Set();
    pages = 0;
    constructor(service, what, maxPages) {
        this.service = service;
        this.what = what;
        this.maxPages = maxPages;
    }
    /** Counts one page read; throws when the bound is reached. */
    page() {
        this.pages += 1;
        if (this.pages > this.maxPages) {
            throw new errors/* UpstreamError */.gA(`${this.what} ran past ${this.maxPages} pages; keyturn stops there`, {
                service: this.service,
                retryable: false,
            });
        }
    }
    /** The cursor for the next page; throws when the service gave it before. */
    cursor(value) {
        if (this.cursors.has(value)) {
            throw new errors/* UpstreamError */.gA(`${this.what} sent a page cursor it had sent before (a pagination cycle)`, {
                service: this.service,
                retryable: false,
            });
        }
        this.cursors.add(value);
    }
    /** A page that added nothing new (every item seen before): a cycle. */
    nothingNew() {
        throw new errors/* UpstreamError */.gA(`${this.what} sent a page of items it had sent before (a pagination cycle)`, {
            service: this.service,
            retryable: false,
        });
    }
}

;// CONCATENATED MODULE: ../core/src/adapters/github-secrets.ts




/**
 * GitHub Actions and Dependabot secrets of repositories, environments and
 * organizations, as a Destination. Values are sealed with libsodium's
 * crypto_box_seal against the scope's public key; each scope's key is asked
 * for once per run however many secrets go there (and however many targets
 * ask at the same moment: the pending request is shared).
 *
 * An organization secret that exists keeps its visibility and selected
 * repositories: GitHub's PUT requires a visibility and empties the selection
 * when the ids are left out, so both are read first and sent back. A line's
 * `?visibility=` option shapes a NEW secret only: an existing secret's access
 * was often widened by hand since, and a rotation must not undo that; when
 * the two differ a notice says so.
 */
/** The kinds this adapter serves; a GitHub kind missing here does not compile. */
const GITHUB_KINDS = Object.freeze({
    github: true,
    'github-env': true,
    'github-org': true,
    dependabot: true,
    'dependabot-org': true,
});
const PER_PAGE = 100;
function isGitHubTarget(target) {
    return Object.hasOwn(GITHUB_KINDS, target.kind);
}
/** The scope a target's key belongs to, and how the user would name it. */
function scopeOf(target) {
    switch (target.kind) {
        case 'github':
            return { id: `actions:${target.owner}/${target.repo}`, label: `repository ${target.owner}/${target.repo}` };
        case 'dependabot':
            return { id: `dependabot:${target.owner}/${target.repo}`, label: `repository ${target.owner}/${target.repo}` };
        case 'github-env':
            return {
                id: `env:${target.owner}/${target.repo}@${target.environment}`,
                label: `environment ${target.environment} of ${target.owner}/${target.repo}`,
            };
        case 'github-org':
            return { id: `actions-org:${target.org}`, label: `organization ${target.org}` };
        case 'dependabot-org':
            return { id: `dependabot-org:${target.org}`, label: `organization ${target.org}` };
    }
}
/** GitHub's documented limits on Actions secrets per scope. */
const GITHUB_SECRET_COUNT_LIMITS = {
    github: 100,
    'github-env': 100,
    'github-org': 1000,
};
/** Pages of a list read at most (100 a page: 10,000 repositories). */
const GITHUB_MAX_PAGES = 100;
class GitHubSecretsDestination {
    client;
    keys = new Map();
    plans = new Map();
    repoIds = new Map();
    /** Per scope: the secret names and count, for a grace companion's room. */
    scopeLists = new Map();
    notice;
    constructor(client, options = {}) {
        this.client = client;
        this.notice = options.notice ?? (() => { });
    }
    handles(target) {
        return isGitHubTarget(target);
    }
    async prepare(target) {
        await this.plan(this.gitHubTarget(target));
    }
    async write(target, value) {
        const github = this.gitHubTarget(target);
        const plan = await this.plan(github);
        await libsodium_wrappers/* default.ready */.Ay.ready;
        const sealed = libsodium_wrappers/* default.to_base64 */.Ay.to_base64(libsodium_wrappers/* default */.Ay.crypto_box_seal(libsodium_wrappers/* default.from_string */.Ay.from_string(value), plan.key.key), libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
        const secret = { encrypted_value: sealed, key_id: plan.key.keyId };
        const { label } = scopeOf(github);
        let status;
        try {
            status = await this.put(github, plan, secret);
        }
        catch (error) {
            throw (0,github_client/* githubError */.qQ)(error, `secret ${github.name} in ${label}`);
        }
        // GitHub answers a secret's PUT with 201 (created) or 204 (updated) and
        // no body. Any other 2xx (a proxy's 200 page, a body that never ends) is
        // not GitHub saying it stored the value: the write is not counted as done.
        if (status !== 201 && status !== 204) {
            throw new errors/* UpstreamError */.gA(`writing secret ${github.name} in ${label} answered ${status}, not 201 or 204, so GitHub did not say it stored the value`, { service: 'GitHub', status, retryable: true });
        }
    }
    async put(github, plan, secret) {
        switch (github.kind) {
            case 'github':
                return (await this.client.rest.actions.createOrUpdateRepoSecret({
                    owner: github.owner,
                    repo: github.repo,
                    secret_name: github.name,
                    ...secret,
                })).status;
            case 'github-env':
                return (await this.client.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
                    owner: github.owner,
                    repo: github.repo,
                    environment_name: github.environment,
                    secret_name: github.name,
                    ...secret,
                })).status;
            case 'dependabot':
                return (await this.client.rest.dependabot.createOrUpdateRepoSecret({
                    owner: github.owner,
                    repo: github.repo,
                    secret_name: github.name,
                    ...secret,
                })).status;
            case 'github-org':
            case 'dependabot-org': {
                const org = plan.org ?? { visibility: 'private' };
                const settings = {
                    org: github.org,
                    secret_name: github.name,
                    ...secret,
                    visibility: org.visibility,
                    ...(org.visibility === 'selected' ? { selected_repository_ids: org.selectedRepositoryIds ?? [] } : {}),
                };
                if (github.kind === 'github-org')
                    return (await this.client.rest.actions.createOrUpdateOrgSecret(settings)).status;
                return (await this.client.rest.dependabot.createOrUpdateOrgSecret(settings)).status;
            }
        }
    }
    /** DELETE the secret (204). GitHub answers 404 for a secret that is not
     * there; the scope itself was reached by prepare (its public key), so a
     * 404 here means the secret is already gone. */
    async delete(target) {
        const github = this.gitHubTarget(target);
        const { label } = scopeOf(github);
        try {
            switch (github.kind) {
                case 'github':
                    await this.client.rest.actions.deleteRepoSecret({
                        owner: github.owner,
                        repo: github.repo,
                        secret_name: github.name,
                    });
                    break;
                case 'github-env':
                    await this.client.request('DELETE /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', { owner: github.owner, repo: github.repo, environment_name: github.environment, secret_name: github.name });
                    break;
                case 'dependabot':
                    await this.client.rest.dependabot.deleteRepoSecret({
                        owner: github.owner,
                        repo: github.repo,
                        secret_name: github.name,
                    });
                    break;
                case 'github-org':
                    await this.client.rest.actions.deleteOrgSecret({ org: github.org, secret_name: github.name });
                    break;
                case 'dependabot-org':
                    await this.client.rest.dependabot.deleteOrgSecret({ org: github.org, secret_name: github.name });
                    break;
            }
        }
        catch (error) {
            if ((0,github_client/* githubStatus */.AV)(error) === 404)
                return 'absent';
            throw (0,github_client/* githubError */.qQ)(error, `secret ${github.name} in ${label}`);
        }
        // A later prepare of this org secret must not reuse the settings read before it was deleted.
        this.plans.delete(`${github.kind}:${github.line}`);
        return 'deleted';
    }
    gitHubTarget(target) {
        if (!isGitHubTarget(target))
            throw new Error(`GitHub secrets cannot take ${target.line}`);
        return target;
    }
    plan(target) {
        const id = `${target.kind}:${target.line}`;
        let plan = this.plans.get(id);
        if (!plan) {
            plan = this.makePlan(target);
            this.plans.set(id, plan);
        }
        return plan;
    }
    async makePlan(target) {
        if (target.kind !== 'github-org' && target.kind !== 'dependabot-org')
            return { key: await this.publicKey(target) };
        const [key, org] = await Promise.all([this.publicKey(target), this.orgSettings(target)]);
        return { key, org };
    }
    publicKey(target) {
        const scope = scopeOf(target);
        let key = this.keys.get(scope.id.toLowerCase());
        if (!key) {
            key = this.fetchPublicKey(target).catch((error) => {
                throw (0,github_client/* githubError */.qQ)(error, scope.label);
            });
            this.keys.set(scope.id.toLowerCase(), key);
        }
        return key;
    }
    async fetchPublicKey(target) {
        const { data } = await (async () => {
            switch (target.kind) {
                case 'github':
                    return this.client.rest.actions.getRepoPublicKey({ owner: target.owner, repo: target.repo });
                case 'dependabot':
                    return this.client.rest.dependabot.getRepoPublicKey({ owner: target.owner, repo: target.repo });
                case 'github-env':
                    return this.client.request('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', {
                        owner: target.owner,
                        repo: target.repo,
                        environment_name: target.environment,
                    });
                case 'github-org':
                    return this.client.rest.actions.getOrgPublicKey({ org: target.org });
                case 'dependabot-org':
                    return this.client.rest.dependabot.getOrgPublicKey({ org: target.org });
            }
        })();
        await libsodium_wrappers/* default.ready */.Ay.ready;
        return { keyId: data.key_id, key: libsodium_wrappers/* default.from_base64 */.Ay.from_base64(data.key, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL) };
    }
    /**
     * A grace companion is one more secret in its scope: GitHub keeps at most
     * 100 repository, 100 environment and 1,000 organization Actions secrets
     * (its documented limits; Dependabot publishes none). Checked from the
     * scope's list (names only) before anything is written; a companion that
     * already exists (a re-run) takes no room.
     */
    async writesProblem(writes) {
        for (const { target } of writes) {
            if (!isGitHubTarget(target) || !target.companionOf)
                continue;
            const problem = await this.roomProblem(target);
            if (problem)
                return problem;
        }
        return undefined;
    }
    async roomProblem(target) {
        const limit = GITHUB_SECRET_COUNT_LIMITS[target.kind];
        if (limit === undefined)
            return undefined;
        const { label } = scopeOf(target);
        const path = target.kind === 'github'
            ? 'GET /repos/{owner}/{repo}/actions/secrets'
            : target.kind === 'github-env'
                ? 'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets'
                : 'GET /orgs/{org}/actions/secrets';
        const where = target.kind === 'github-org'
            ? { org: target.org }
            : target.kind === 'github-env'
                ? { owner: target.owner, repo: target.repo, environment_name: target.environment }
                : { owner: target.owner, repo: target.repo };
        const listed = this.scopeLists.get(scopeOf(target).id.toLowerCase()) ?? this.listScope(path, where, label, limit);
        this.scopeLists.set(scopeOf(target).id.toLowerCase(), listed);
        const { names, total } = await listed;
        return !names.has(target.name.toUpperCase()) && total >= limit
            ? `${label} holds ${total} secrets, GitHub's limit, so the grace companion ${target.name} cannot be added (delete a secret there that is no longer used)`
            : undefined;
    }
    async listScope(path, where, label, limit) {
        let names;
        let total = 0;
        try {
            names = new Set();
            const budget = new PageBudget('GitHub', `the secrets of ${label}`, Math.ceil(limit / PER_PAGE) + 1);
            for (let page = 1;; page++) {
                budget.page();
                const { data } = await this.client.request(path, { ...where, per_page: PER_PAGE, page });
                const { secrets, total_count } = data;
                total = total_count;
                for (const secret of secrets)
                    names.add(secret.name.toUpperCase());
                if (secrets.length < PER_PAGE || names.size >= total_count)
                    break;
            }
        }
        catch (error) {
            throw (0,github_client/* githubError */.qQ)(error, `the secrets of ${label}`);
        }
        return { names, total };
    }
    /** What an org secret's PUT must carry so that it changes only the value. */
    async orgSettings(target) {
        const app = target.kind === 'github-org' ? 'actions' : 'dependabot';
        const label = `secret ${target.name} of organization ${target.org}`;
        let existing;
        try {
            const { data } = await this.client.request(`GET /orgs/{org}/${app}/secrets/{secret_name}`, {
                org: target.org,
                secret_name: target.name,
            });
            existing = data;
        }
        catch (error) {
            if ((0,github_client/* githubStatus */.AV)(error) !== 404)
                throw (0,github_client/* githubError */.qQ)(error, label);
        }
        if (!existing) {
            // A grace companion opens to the repositories its secret opens to, or
            // they would lose the old value the window is meant to keep for them.
            const shadowed = target.companionOf;
            if (shadowed?.kind === target.kind)
                return this.orgSettings(shadowed);
            if (!target.visibility)
                return { visibility: 'private' };
            const { visibility, repos } = target.visibility;
            if (visibility !== 'selected')
                return { visibility };
            const ids = await Promise.all(repos.map((repo) => this.repoId(target.org, repo)));
            return { visibility, selectedRepositoryIds: ids };
        }
        const kept = existing.visibility === 'selected'
            ? { visibility: 'selected', selectedRepositoryIds: await this.selectedRepositoryIds(target, app, label) }
            : { visibility: existing.visibility };
        if (target.visibility && target.visibility.visibility !== kept.visibility) {
            this.notice(`${target.line}: the secret exists with visibility ${kept.visibility}, which is kept; ` +
                `?visibility=${target.visibility.visibility} only shapes a new secret`);
        }
        return kept;
    }
    async selectedRepositoryIds(target, app, label) {
        try {
            const ids = [];
            const budget = new PageBudget('GitHub', `the selected repositories of ${label}`, GITHUB_MAX_PAGES);
            for (let page = 1;; page++) {
                budget.page();
                const { data } = await this.client.request(`GET /orgs/{org}/${app}/secrets/{secret_name}/repositories`, {
                    org: target.org,
                    secret_name: target.name,
                    per_page: PER_PAGE,
                    page,
                });
                const { repositories, total_count } = data;
                const before = new Set(ids);
                const fresh = repositories.map((repository) => repository.id).filter((id) => !before.has(id));
                if (repositories.length > 0 && fresh.length === 0)
                    budget.nothingNew();
                ids.push(...fresh);
                if (repositories.length < PER_PAGE || ids.length >= total_count)
                    return ids;
            }
        }
        catch (error) {
            throw (0,github_client/* githubError */.qQ)(error, `the selected repositories of ${label}`);
        }
    }
    repoId(owner, repo) {
        const id = `${owner}/${repo}`.toLowerCase();
        let pending = this.repoIds.get(id);
        if (!pending) {
            pending = this.client.rest.repos
                .get({ owner, repo })
                .then(({ data }) => data.id)
                .catch((error) => {
                throw (0,github_client/* githubError */.qQ)(error, `repository ${owner}/${repo} (named in repos=)`);
            });
            this.repoIds.set(id, pending);
        }
        return pending;
    }
}

;// CONCATENATED MODULE: ../core/src/adapters/destination-github.ts




/** GitHub's documented limit for one secret value. */
const GITHUB_SECRET_MAX_BYTES = 48 * 1024;
/** GitHub's limit on an environment name. */
const GITHUB_ENVIRONMENT_MAX = 255;
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const GITHUB_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GITHUB_TOKEN_FIX = 'Pass a token that may write secrets (a fine-grained PAT with Secrets: read and write, or a GitHub App token): ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
    'github-token: ${{ secrets.SECRETS_WRITER_TOKEN }}. The workflow GITHUB_TOKEN cannot write secrets.';
function checkGithubSecretName(name) {
    if (!GITHUB_SECRET_NAME.test(name)) {
        throw new TargetSyntaxError(`secret name '${name}' may hold only letters, digits and _, and may not start with a digit`);
    }
    if (/^GITHUB_/i.test(name)) {
        throw new TargetSyntaxError(`secret name '${name}' may not start with GITHUB_ (GitHub reserves it)`);
    }
}
function checkOwner(owner, what) {
    if (!GITHUB_OWNER.test(owner))
        throw new TargetSyntaxError(`${what} '${owner}' is not a GitHub account name`);
}
function checkRepo(repo) {
    if (!GITHUB_REPO.test(repo) || repo === '.' || repo === '..') {
        throw new TargetSyntaxError(`repository '${repo}' is not a GitHub repository name`);
    }
}
/** An environment name: any printable text GitHub takes, as one path segment. */
function checkEnvironment(environment, line) {
    if (environment === '' || environment.length > GITHUB_ENVIRONMENT_MAX) {
        throw new TargetSyntaxError(`'${line}' names an empty or over-long environment`);
    }
    checkPlaceSegment(environment, `environment '${environment}'`);
}
function parseVisibility(query, line) {
    if (query === undefined)
        return undefined;
    const params = new URLSearchParams(query);
    for (const key of params.keys()) {
        if (key !== 'visibility' && key !== 'repos') {
            throw new TargetSyntaxError(`'${line}' has unknown option '${key}' (only visibility and repos)`);
        }
    }
    const visibility = params.get('visibility');
    if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') {
        throw new TargetSyntaxError(`'${line}' needs visibility=all, visibility=private or visibility=selected&repos=a,b`);
    }
    const repos = (params.get('repos') ?? '')
        .split(',')
        .map((repo) => repo.trim())
        .filter((repo) => repo !== '');
    if (visibility === 'selected' && repos.length === 0) {
        throw new TargetSyntaxError(`'${line}' has visibility=selected but no repos=a,b`);
    }
    if (visibility !== 'selected' && repos.length > 0) {
        throw new TargetSyntaxError(`'${line}' lists repos, which only visibility=selected uses`);
    }
    for (const repo of repos)
        checkRepo(repo);
    return { visibility, repos };
}
/** `github-api-url`, defaulting to the runner's GITHUB_API_URL (GHES), then github.com. */
function readGitHubApiUrl(inputs, env) {
    return readApiUrl(inputs, 'github-api-url', env.GITHUB_API_URL || github_client/* DEFAULT_GITHUB_API_URL */.xw);
}
const githubDestination = {
    service: 'GitHub',
    schemes: {
        github: ['github:OWNER/REPO/NAME', 'github:OWNER/REPO@ENV/NAME'],
        'github-org': ['github-org:ORG/NAME[?visibility=all|private|selected&repos=a,b]'],
        dependabot: ['dependabot:OWNER/REPO/NAME'],
        'dependabot-org': ['dependabot-org:ORG/NAME'],
    },
    kinds: GITHUB_KINDS,
    parse({ scheme, path, query, line }) {
        const parts = path.split('/');
        const isOrg = scheme === 'github-org' || scheme === 'dependabot-org';
        if (query !== undefined && !isOrg) {
            throw new TargetSyntaxError(`'${line}' has options, which only organization secrets take`);
        }
        if (isOrg) {
            const [org = '', name = ''] = parts;
            if (parts.length !== 2)
                throw new TargetSyntaxError(`'${line}' must read ${scheme}:ORG/NAME`);
            checkOwner(org, 'organization');
            checkGithubSecretName(name);
            const visibility = parseVisibility(query, line);
            const kind = scheme === 'github-org' ? 'github-org' : 'dependabot-org';
            return visibility ? { kind, line, org, name, visibility } : { kind, line, org, name };
        }
        const [owner = '', repoPart = '', name = ''] = parts;
        if (parts.length !== 3)
            throw new TargetSyntaxError(`'${line}' must read ${scheme}:OWNER/REPO/NAME`);
        checkOwner(owner, 'owner');
        checkGithubSecretName(name);
        const at = repoPart.indexOf('@');
        if (at >= 0) {
            if (scheme !== 'github')
                throw new TargetSyntaxError(`'${line}': environments exist only for github: secrets`);
            const repo = repoPart.slice(0, at);
            const environment = repoPart.slice(at + 1);
            checkRepo(repo);
            checkEnvironment(environment, line);
            return { kind: 'github-env', line, owner, repo, environment, name };
        }
        checkRepo(repoPart);
        return scheme === 'github'
            ? { kind: 'github', line, owner, repo: repoPart, name }
            : { kind: 'dependabot', line, owner, repo: repoPart, name };
    },
    format(target) {
        switch (target.kind) {
            case 'github':
            case 'dependabot':
                return `${target.kind}:${target.owner}/${target.repo}/${target.name}`;
            case 'github-env':
                return `github:${target.owner}/${target.repo}@${target.environment}/${target.name}`;
            case 'github-org':
            case 'dependabot-org': {
                const base = `${target.kind}:${target.org}/${target.name}`;
                if (!target.visibility)
                    return base;
                const { visibility, repos } = target.visibility;
                return `${base}?visibility=${visibility}${repos.length > 0 ? `&repos=${repos.join(',')}` : ''}`;
            }
        }
    },
    // GitHub names are case-insensitive: ACME/api/X and acme/API/x are one secret.
    key(target) {
        switch (target.kind) {
            case 'github':
            case 'dependabot':
                return `${target.kind}:${target.owner}/${target.repo}/${target.name}`.toLowerCase();
            case 'github-env':
                return `${target.kind}:${target.owner}/${target.repo}@${target.environment}/${target.name}`.toLowerCase();
            case 'github-org':
            case 'dependabot-org':
                return `${target.kind}:${target.org}/${target.name}`.toLowerCase();
        }
    },
    valueSizeProblem(_target, value) {
        const bytes = Buffer.byteLength(value, 'utf8');
        return bytes > GITHUB_SECRET_MAX_BYTES
            ? `the value is ${bytes} bytes; GitHub allows ${GITHUB_SECRET_MAX_BYTES} per secret`
            : undefined;
    },
    inputs: [
        {
            name: 'github-token',
            default: '',
            secret: true,
            description: 'A token that may write secrets at every github / dependabot target (a fine-grained PAT with Secrets read and write, or an app token). Masked at once.',
        },
        {
            name: 'github-api-url',
            default: '',
            secret: false,
            description: "GitHub's REST API URL (GHES: https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
        },
    ],
    readSettings(inputs, env, needed) {
        const token = inputs.secret('github-token');
        if (needed && token === undefined)
            throw missingCredential('github-token', needed.line, 'GitHub', GITHUB_TOKEN_FIX);
        return { token, apiUrl: readGitHubApiUrl(inputs, env) };
    },
    open(settings, context, tuning) {
        if (settings.token === undefined)
            return undefined;
        const client = (0,github_client/* createGitHubClient */.LX)({
            token: settings.token,
            baseUrl: settings.apiUrl,
            clock: context.clock,
            sleep: context.sleep,
            log: (message) => context.runner.info(message),
            ...(tuning.concurrency === undefined ? {} : { concurrency: tuning.concurrency }),
            ...(tuning.githubWritePace === undefined ? {} : { writePace: tuning.githubWritePace }),
            ...(tuning.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: tuning.requestTimeoutMs }),
        });
        return new GitHubSecretsDestination(client, { notice: (message) => context.runner.warning(message) });
    },
};

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/heroku-client/lib/index.js
var lib = __webpack_require__(6352);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ../../node_modules/heroku-client/lib/request.js
var request = __webpack_require__(7949);
var request_default = /*#__PURE__*/__webpack_require__.n(request);
;// CONCATENATED MODULE: ../core/src/adapters/heroku.ts






/**
 * Heroku config vars as a Destination, on heroku-client.
 *
 * Heroku answers GET and PATCH /apps/{app}/config-vars with EVERY config var
 * of the app: that answer is never printed, logged, kept, nor put in an error.
 * Of it this adapter keeps one number per app (the bytes the other vars take,
 * to check Heroku's 32 KB limit before writing) and drops the rest at once.
 * heroku-client's debug output (which prints answers) is forced off, whatever
 * the options or environment say, and its own network retries (up to 15 s of
 * real sleeping) are replaced by keyturn's, which use the injected sleep.
 */
const DEFAULT_HEROKU_API_URL = 'https://api.heroku.com';
/** Heroku's limit for all of an app's config vars together. */
const HEROKU_CONFIG_MAX_BYTES = 32 * 1024;
const RATE_LIMIT_WAIT_MS = 4_000;
/** heroku-client's request, minus its own retry loop (a refused connection
 * fails at once and keyturn's bounded, injected-sleep retry takes over) and
 * minus its logging: besides the `debug` option, heroku-client calls the
 * `debug` package with every answer body (every config var of the app) and
 * the request headers (the API key) whenever that package can be loaded and
 * DEBUG names it. Here nothing is logged, whatever is installed or set. */
class SingleAttemptRequest extends (request_default()) {
    handleError(error) {
        this.reject(error);
    }
    /** heroku-client's own timeout is an idle one (req.setTimeout): a server
     * trickling a byte every few seconds never trips it. This one is total. */
    setRequestTimeout(req) {
        const limit = Number(this.options.timeout ?? 30_000);
        const timer = setTimeout(() => {
            req.destroy();
            this.reject(new Error(`no complete answer within ${limit} ms`));
        }, limit);
        timer.unref();
        req.once('close', () => clearTimeout(timer));
    }
    logRequest() { }
    logResponse() { }
    /** Every answer is read here and parsed in keyturn's one parsing place:
     * heroku-client's own `handleSuccess` calls `JSON.parse` inside a stream
     * listener, so a 2xx body that is not JSON (a BOM ahead of the map, a
     * proxy's HTML page) threw out of the listener, killed Node and printed the
     * body (every config var of the app) to stderr. Nothing thrown here may
     * escape the promise. Next-Range is not followed: config vars are one
     * object, never a ranged list. */
    handleResponse(res) {
        this.middleware(res, () => {
            const chunks = [];
            let bytes = 0;
            const status = res.statusCode ?? 0;
            const source = { service: 'Heroku', status, contentType: res.headers['content-type'], what: this.what };
            res.on('data', (chunk) => {
                bytes += chunk.length;
                if (bytes <= upstream_body/* MAX_UPSTREAM_BODY_BYTES */.qO)
                    chunks.push(chunk);
                else {
                    res.destroy();
                    this.reject((0,upstream_body/* malformedAnswer */.eA)(source, `is more than ${upstream_body/* MAX_UPSTREAM_BODY_BYTES */.qO} bytes`));
                }
            });
            res.on('error', (error) => this.reject(error));
            res.on('end', () => {
                try {
                    const body = Buffer.concat(chunks).toString('utf8');
                    if (status >= 200 && status < 300)
                        this.resolve((0,upstream_body/* parseUpstreamObject */.oE)(body, source));
                    else
                        this.handleFailure(res, body);
                }
                catch (error) {
                    this.reject(error);
                }
            });
        });
    }
    get what() {
        const path = this.options.path;
        return typeof path === 'string' ? `${String(this.options.method ?? 'GET')} ${path.split('?')[0]}` : undefined;
    }
    /** Failures keep the response headers (RateLimit-Remaining, Retry-After). */
    handleFailure(res, buffer) {
        const error = new Error(`Heroku answered ${res.statusCode}`);
        error.statusCode = res.statusCode;
        error.headers = res.headers;
        error.body = (0,upstream_body/* parseErrorDocument */.JR)(buffer);
        this.reject(error);
    }
}
class QuietHeroku extends (lib_default()) {
    request(options) {
        const merged = {
            ...this.options,
            ...options,
            headers: { ...(this.options.headers ?? {}), ...(options.headers ?? {}) },
            // Forced: either would print the full config map to stderr.
            debug: false,
            debugHeaders: false,
            logger: undefined,
        };
        return new SingleAttemptRequest(merged).request();
    }
}
function herokuFailure(error, target, now) {
    if (error instanceof errors/* UpstreamError */.gA)
        return error;
    const failure = error;
    const status = failure.statusCode;
    const service = 'Heroku';
    if (status === undefined) {
        const code = failure.code ?? (error instanceof Error ? error.message : 'no answer');
        return new errors/* UpstreamError */.gA(`no answer for app ${target.app} (${code})`, { service, retryable: true });
    }
    const id = failure.body?.id;
    const herokuId = typeof id === 'string' && /^[\w-]+$/.test(id) ? ` [${id}]` : '';
    const details = { service, status };
    switch (true) {
        case status === 401:
            return new errors/* UpstreamError */.gA(`the API key was refused${herokuId}; check heroku-api-key`, {
                ...details,
                retryable: false,
            });
        case status === 403:
            return new errors/* UpstreamError */.gA(`the API key may not change app ${target.app}${herokuId}; check heroku-api-key`, {
                ...details,
                retryable: false,
            });
        case status === 404:
            return new errors/* UpstreamError */.gA(`app '${target.app}' was not found${herokuId}; check the app name in the target line`, {
                ...details,
                retryable: false,
            });
        case status === 429 || status >= 500: {
            const headers = failure.headers ?? {};
            const retryAfterMs = (0,retry/* retryAfterFromHeaders */.B8)((name) => {
                const value = headers[name];
                return Array.isArray(value) ? value[0] : value;
            }, now);
            // Heroku's bucket refills about 75 requests a minute and a 429 rarely
            // says when: wait long enough for a few to come back.
            const wait = retryAfterMs ?? (status === 429 ? RATE_LIMIT_WAIT_MS : undefined);
            return new errors/* UpstreamError */.gA(status === 429 ? `rate limit reached (RateLimit-Remaining: 0)${herokuId}` : `server error${herokuId}`, { ...details, retryable: true, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
        }
        default:
            return new errors/* UpstreamError */.gA(`config var ${target.name} of app ${target.app} was refused${herokuId}`, {
                ...details,
                retryable: false,
            });
    }
}
class HerokuConfigDestination {
    client;
    options;
    /** Per app: the bytes its config vars take, keyed by var name; never values. */
    sizes = new Map();
    /** Per app and var: an HMAC of the value under a key that lives only in
     * this object, so `holds` can compare without keeping any value (the
     * digest is useless outside this run). */
    digests = new Map();
    digestKey = (0,external_node_crypto_.randomBytes)(32);
    constructor(options) {
        this.options = options;
        this.client = new QuietHeroku({
            token: options.apiKey,
            host: options.baseUrl ?? DEFAULT_HEROKU_API_URL,
            timeout: options.timeoutMs ?? 30_000,
        });
    }
    handles(target) {
        return target.kind === 'heroku';
    }
    async prepare(target) {
        await this.varSizes(this.herokuTarget(target));
    }
    /** Whether the var already holds `value`, from the config read by
     * prepare: a rotation re-run writes (and so releases and restarts the
     * app's dynos) only where the value differs. */
    async holds(target, value) {
        const heroku = this.herokuTarget(target);
        await this.varSizes(heroku);
        return this.digests.get(heroku.app)?.get(heroku.name) === this.digest(value);
    }
    digest(value) {
        return (0,external_node_crypto_.createHmac)('sha256', this.digestKey).update(value, 'utf8').digest('base64');
    }
    async writesProblem(writes) {
        const byApp = new Map();
        for (const { target, value } of writes) {
            if (target.kind !== 'heroku')
                continue;
            const heroku = this.herokuTarget(target);
            const planned = byApp.get(heroku.app) ?? new Map();
            planned.set(heroku.name, Buffer.byteLength(heroku.name + value, 'utf8'));
            byApp.set(heroku.app, planned);
        }
        for (const [app, planned] of byApp) {
            const sizes = await this.varSizes({ kind: 'heroku', app, name: '', line: `heroku:${app}/` });
            let total = 0;
            for (const [name, bytes] of sizes)
                if (!planned.has(name))
                    total += bytes;
            for (const bytes of planned.values())
                total += bytes;
            if (total > HEROKU_CONFIG_MAX_BYTES) {
                return `app ${app}'s config vars would take ${total} bytes with ${[...planned.keys()].join(' and ')}; Heroku allows ${HEROKU_CONFIG_MAX_BYTES}`;
            }
        }
        return undefined;
    }
    async write(target, value) {
        const heroku = this.herokuTarget(target);
        const sizes = await this.varSizes(heroku);
        let others = 0;
        for (const [name, bytes] of sizes)
            if (name !== heroku.name)
                others += bytes;
        const total = others + Buffer.byteLength(heroku.name + value, 'utf8');
        if (total > HEROKU_CONFIG_MAX_BYTES) {
            throw new errors/* UpstreamError */.gA(`app ${heroku.app}'s config vars would take ${total} bytes with ${heroku.name}; Heroku allows ${HEROKU_CONFIG_MAX_BYTES}`, { service: 'Heroku', retryable: false });
        }
        // The answer is the app's whole config: awaited and dropped, never bound.
        await this.call(heroku, () => this.client.patch(`/apps/${encodeURIComponent(heroku.app)}/config-vars`, { body: { [heroku.name]: value } }));
        sizes.set(heroku.name, Buffer.byteLength(heroku.name + value, 'utf8'));
        this.digests.get(heroku.app)?.set(heroku.name, this.digest(value));
    }
    /** Unsets the var: Heroku's PATCH takes `null` for a var to remove. A var
     * the config read (prepare) did not show is already gone, and nothing is
     * sent: an unset that changes nothing would still cut a release and
     * restart the app's dynos. */
    async delete(target) {
        const heroku = this.herokuTarget(target);
        const sizes = await this.varSizes(heroku);
        if (!sizes.has(heroku.name))
            return 'absent';
        await this.call(heroku, () => this.client.patch(`/apps/${encodeURIComponent(heroku.app)}/config-vars`, { body: { [heroku.name]: null } }));
        sizes.delete(heroku.name);
        this.digests.get(heroku.app)?.delete(heroku.name);
        return 'deleted';
    }
    herokuTarget(target) {
        if (target.kind !== 'heroku')
            throw new Error(`Heroku cannot take ${target.line}`);
        return target;
    }
    varSizes(target) {
        let sizes = this.sizes.get(target.app);
        if (!sizes) {
            sizes = this.call(target, async () => {
                const config = (await this.client.get(`/apps/${encodeURIComponent(target.app)}/config-vars`));
                const sizes = new Map();
                const digests = new Map();
                for (const [name, value] of Object.entries(config)) {
                    if (typeof value !== 'string' && value !== null) {
                        throw (0,upstream_body/* malformedAnswer */.eA)({ service: 'Heroku', status: 200, what: `GET /apps/${target.app}/config-vars` }, 'holds a config var that is not a string');
                    }
                    sizes.set(name, Buffer.byteLength(name + (value ?? '')));
                    if (value !== null)
                        digests.set(name, this.digest(value));
                }
                this.digests.set(target.app, digests);
                return sizes;
            });
            this.sizes.set(target.app, sizes);
        }
        return sizes;
    }
    call(target, operation) {
        const { clock, sleep } = this.options;
        return (0,retry/* withRetry */.bD)(async () => {
            try {
                return await operation();
            }
            catch (error) {
                throw herokuFailure(error, target, clock.now());
            }
        }, this.options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO, {
            clock,
            sleep,
            ...(this.options.random ? { random: this.options.random } : {}),
            onRetry: ({ waitMs, error }) => this.options.log?.(`Heroku: ${error.detail} for app ${target.app}; retrying in ${Math.ceil(waitMs / 1000)}s`),
        });
    }
}

;// CONCATENATED MODULE: ../core/src/adapters/destination-heroku.ts



const HEROKU_APP = /^(?:[a-z][a-z0-9-]{1,28}[a-z0-9]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const HEROKU_VAR = /^\w+$/;
const HEROKU_KEY_FIX = 
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
'Pass a Heroku API key from a secret: heroku-api-key: ${{ secrets.HEROKU_API_KEY }}.';
const herokuDestination = {
    service: 'Heroku',
    schemes: { heroku: ['heroku:APP/NAME'] },
    kinds: { heroku: true },
    parse({ path, line }) {
        const parts = path.split('/');
        const [app = '', name = ''] = parts;
        if (parts.length !== 2)
            throw new TargetSyntaxError(`'${line}' must read heroku:APP/NAME`);
        if (!HEROKU_APP.test(app))
            throw new TargetSyntaxError(`Heroku app '${app}' is not an app name or id`);
        if (!HEROKU_VAR.test(name)) {
            throw new TargetSyntaxError(`config var '${name}' may hold only letters, digits and _ (Heroku's rule)`);
        }
        return { kind: 'heroku', line, app, name };
    },
    format: (target) => `heroku:${target.app}/${target.name}`,
    // Config var names are case-sensitive on Heroku: API_TOKEN and api_token are two vars.
    key: (target) => `heroku:${target.app}/${target.name}`,
    valueSizeProblem(_target, value) {
        const bytes = Buffer.byteLength(value, 'utf8');
        return bytes > HEROKU_CONFIG_MAX_BYTES
            ? `the value is ${bytes} bytes; Heroku allows ${HEROKU_CONFIG_MAX_BYTES} for all config vars of an app`
            : undefined;
    },
    inputs: [
        {
            name: 'heroku-api-key',
            default: '',
            secret: true,
            description: "A Heroku API key that may change the apps' config vars. Masked at once.",
        },
        {
            name: 'heroku-api-url',
            default: DEFAULT_HEROKU_API_URL,
            secret: false,
            description: "Heroku's Platform API URL.",
        },
    ],
    readSettings(inputs, _env, needed) {
        const apiKey = inputs.secret('heroku-api-key');
        if (needed && apiKey === undefined)
            throw missingCredential('heroku-api-key', needed.line, 'Heroku', HEROKU_KEY_FIX);
        return { apiKey, apiUrl: readApiUrl(inputs, 'heroku-api-url', DEFAULT_HEROKU_API_URL) };
    },
    open(settings, context, tuning) {
        if (settings.apiKey === undefined)
            return undefined;
        return new HerokuConfigDestination({
            apiKey: settings.apiKey,
            baseUrl: settings.apiUrl,
            clock: context.clock,
            sleep: context.sleep,
            log: (message) => context.runner.info(message),
            ...(tuning.requestTimeoutMs === undefined ? {} : { timeoutMs: tuning.requestTimeoutMs }),
        });
    },
};

;// CONCATENATED MODULE: ../core/src/adapters/destinations.ts






/**
 * The destination registry: one module per service, and everything derived
 * from it — the line schemes and their parser, duplicate detection, size
 * checks, the credential inputs (which are secret, which a target needs) and
 * the adapters. Adding a destination is one module and one line here.
 */
const DESTINATIONS = {
    github: githubDestination,
    heroku: herokuDestination,
    fly: flyDestination,
};



const MODULE_IDS = Object.keys(DESTINATIONS);
const moduleOf = (id) => DESTINATIONS[id];
/** Which module serves each kind: by kind, never "any kind but that one". */
const MODULE_BY_KIND = Object.freeze(Object.fromEntries(MODULE_IDS.flatMap((id) => Object.keys(moduleOf(id).kinds).map((kind) => [kind, id]))));
const MODULE_BY_SCHEME = new Map(MODULE_IDS.flatMap((id) => Object.keys(moduleOf(id).schemes).map((scheme) => [scheme, id])));
/** The module that serves a target. */
function destinationModule(target) {
    return moduleOf(MODULE_BY_KIND[target.kind]);
}
/** The secret input that carries the credential a target needs (`github-token`, …). */
function destinationCredentialInput(target) {
    const credential = destinationModule(target).inputs.find((input) => input.secret);
    if (!credential)
        throw new Error(`the ${destinationModule(target).service} module declares no credential input`);
    return credential.name;
}
/** Every scheme a line may start with: `github`, `heroku`, … */
const SCHEMES = [...MODULE_BY_SCHEME.keys()];
/** Every form a line may take, for messages and action.yml. */
const TARGET_FORMS = MODULE_IDS.flatMap((id) => Object.values(moduleOf(id).schemes).flat());
/** Every input the destinations read, in registry order. */
const DESTINATION_INPUTS = MODULE_IDS.flatMap((id) => moduleOf(id).inputs);
/** The destinations' secret inputs: masked at once, never CLI flags. */
const DESTINATION_SECRET_INPUTS = DESTINATION_INPUTS.filter((input) => input.secret).map((input) => input.name);
const TARGET_FIX = `Each line is one of ${TARGET_FORMS.join(', ')}.`;
/** Parses one line, checking every name in it; throws TargetSyntaxError. */
function parseTarget(line) {
    checkLineCharacters(line);
    const colon = line.indexOf(':');
    const scheme = colon < 0 ? '' : line.slice(0, colon);
    const id = MODULE_BY_SCHEME.get(scheme);
    if (id === undefined) {
        throw new TargetSyntaxError(`'${line}' does not start with one of ${SCHEMES.map((s) => `${s}:`).join(', ')}`);
    }
    const rest = line.slice(colon + 1);
    const question = rest.indexOf('?');
    const path = question < 0 ? rest : rest.slice(0, question);
    const query = question < 0 ? undefined : rest.slice(question + 1);
    return moduleOf(id).parse({ scheme, path, query, line });
}
/** The line that names `target`, in its module's canonical form. */
function destinations_formatTarget(target) {
    return destinationModule(target).format(target);
}
/**
 * The companion a grace period keeps the old value under: the same place,
 * `NAME_PREVIOUS`. Built through the module's own parser, so every name rule
 * of the service applies to it; throws TargetSyntaxError when one breaks.
 */
function companionTarget(target) {
    const { companionOf: _none, ...plain } = target;
    const line = destinations_formatTarget({ ...plain, name: `${target.name}${COMPANION_SUFFIX}` });
    return { ...parseTarget(line), companionOf: target };
}
/** The identity of the place a target writes to: two lines with the same key
 * would write the same secret twice. */
function targetKey(target) {
    return destinationModule(target).key(target);
}
/** Checks a value against the target's size rule; returns the problem. */
function valueSizeProblem(target, value) {
    return destinationModule(target).valueSizeProblem(target, value);
}
/** Checks the value against every target's limit; `input` names where the value came from. */
function checkValueFits(targets, value, input) {
    for (const target of targets) {
        const problem = valueSizeProblem(target, value);
        if (problem)
            throw new errors/* InputError */.dz(input, `is too large for ${target.line}: ${problem}`, 'Use a smaller value.');
    }
}
/** Reads a `targets` list: every line parsed and checked, duplicates refused. */
function readTargets(reader, name) {
    const targets = [];
    const seen = new Map();
    reader.lines(name).forEach((line, index) => {
        let target;
        try {
            target = parseTarget(line);
        }
        catch (error) {
            if (!(error instanceof TargetSyntaxError))
                throw error;
            throw new errors/* InputError */.dz(name, `line ${index + 1}: ${error.message}`, TARGET_FIX);
        }
        const key = targetKey(target);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
            throw new errors/* InputError */.dz(name, `lines ${earlier + 1} and ${index + 1} name the same secret`, 'Remove one.');
        }
        seen.set(key, index);
        targets.push(target);
    });
    return targets;
}
/** Masks every destination credential given, whether or not a target needs it. */
function maskDestinationCredentials(inputs) {
    for (const name of DESTINATION_SECRET_INPUTS)
        inputs.secret(name);
}
/** Reads every module's inputs, and fails when a target's module has no credential. */
function readDestinationSettings(inputs, targets, env) {
    maskDestinationCredentials(inputs);
    const settings = Object.fromEntries(MODULE_IDS.map((id) => {
        const needed = targets.find((target) => MODULE_BY_KIND[target.kind] === id);
        return [id, Object.freeze(moduleOf(id).readSettings(inputs, env, needed))];
    }));
    return Object.freeze(settings);
}
/** The most targets written at once that a `concurrency` input may ask for. */
const MAX_CONCURRENCY = 20;
/** The `concurrency` input of the actions that write targets. */
function readConcurrency(inputs) {
    return inputs.integer('concurrency', 4, { min: 1, max: MAX_CONCURRENCY });
}
/** The real destinations, each built only when its credential was given. */
function openDestinations(settings, context, tuning = {}) {
    return MODULE_IDS.flatMap((id) => moduleOf(id).open(settings[id], context, tuning) ?? []);
}

// EXTERNAL MODULE: ../../node_modules/@infisical/sdk/lib/esm/index.mjs + 7 modules
var esm = __webpack_require__(3453);
;// CONCATENATED MODULE: ../core/src/adapters/infisical.ts





/**
 * The Store port over Infisical, through @infisical/sdk's API layer (its
 * routes, parameters and bodies). Every update makes a new secret version;
 * "previous" is the version before the latest, and a rollback writes that
 * value again as a new version.
 *
 * Transport: the SDK (v5) retries every network error and 429 four times
 * with real sleeps of 1-8 s (about 15 s, each attempt with a 10 s timeout)
 * and has no option to change that. keyturn replaces the SDK client's
 * `request` with a single-attempt fetch with a timeout, and retries here with
 * the injected clock and sleep, honouring Retry-After, within a stated limit.
 */
const INFISICAL_SERVICE = 'Infisical';
const DEFAULT_INFISICAL_URL = 'https://app.infisical.com';
/** A secret key Infisical accepts: no whitespace, no slash. */
function infisicalKeyProblem(key) {
    if (key.length === 0)
        return 'is empty';
    if (/[\s/]/.test(key))
        return 'holds whitespace or a slash, which Infisical keys cannot';
    if (key.length > 500)
        return 'is longer than 500 characters';
    return undefined;
}
/** The failure of one HTTP exchange with Infisical. */
class InfisicalHttpError extends Error {
    name = 'InfisicalHttpError';
    status;
    serverMessage;
    retryAfterMs;
    constructor(status, serverMessage, retryAfterMs) {
        super(`HTTP ${status}: ${serverMessage}`);
        this.status = status;
        this.serverMessage = serverMessage;
        this.retryAfterMs = retryAfterMs;
    }
}
function internalsOf(sdk) {
    const internals = sdk;
    if (typeof internals.apiClient?.request !== 'function' ||
        typeof internals.authApi?.universalAuthLogin !== 'function' ||
        typeof internals.secretsApi?.getSecret !== 'function') {
        throw new Error('@infisical/sdk no longer has the internals keyturn hooks (apiClient.request, authApi, secretsApi)');
    }
    return internals;
}
/** One attempt, bounded by a timeout: what the SDK's request does minus its retry. */
function boundedTransport(client, timeoutMs, now) {
    return async (method, url, body, config) => {
        const target = new URL(url.startsWith('/') ? url.slice(1) : url, client.baseURL);
        for (const [key, value] of Object.entries(config?.params ?? {})) {
            if (value !== undefined && value !== null)
                target.searchParams.append(key, String(value));
        }
        // The one HTTP policy: https (or loopback), no redirect to another origin
        // (the login's body holds the client secret), one deadline for it all.
        const send = (0,http_policy/* policyFetch */.T9)({ service: INFISICAL_SERVICE, timeoutMs: config?.timeout ?? timeoutMs });
        const response = await send(target, {
            method,
            headers: { ...client.defaultHeaders, ...config?.headers },
            ...(body === undefined ? {} : { body }),
        });
        const text = await response.text();
        if (!response.ok) {
            const said = (0,upstream_body/* parseErrorDocument */.JR)(text)?.message;
            throw new InfisicalHttpError(response.status, (0,upstream_body/* upstreamText */.GB)(typeof said === 'string' ? said : response.statusText), (0,retry/* retryAfterFromHeaders */.B8)((name) => response.headers.get(name), now()));
        }
        const data = (0,upstream_body/* parseUpstreamJson */.ne)(text, {
            service: INFISICAL_SERVICE,
            status: response.status,
            what: `${method} ${target.pathname}`,
            contentType: response.headers.get('content-type') ?? undefined,
        });
        return data;
    };
}
function mapInfisicalError(error, what) {
    if (error instanceof errors/* UpstreamError */.gA)
        return error;
    if (error instanceof InfisicalHttpError) {
        const { status } = error;
        const retryable = status === 429 || status >= 500;
        let hint = '';
        if (status === 401)
            hint = '. Check infisical-client-id / infisical-client-secret, or infisical-token';
        if (status === 403)
            hint = '. The identity needs read and write access to this project, environment and path';
        return new errors/* UpstreamError */.gA(`${what} failed: ${error.serverMessage}${hint}`, {
            service: INFISICAL_SERVICE,
            status,
            retryable,
            ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        });
    }
    // No answer: refused, reset, DNS, or our timeout.
    const cause = error?.cause;
    const reason = typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
            ? cause.message
            : (0,errors/* errorMessage */.gJ)(error);
    return new errors/* UpstreamError */.gA(`${what} got no answer (${reason})`, { service: INFISICAL_SERVICE, retryable: true });
}
class InfisicalStore {
    kind = 'infisical';
    options;
    api;
    sdk;
    /** One login per store, shared by calls made at once (a plan asks many heads in parallel). */
    loggingIn;
    constructor(options) {
        this.options = options;
        this.sdk = new esm/* InfisicalSDK */.Zf({ siteUrl: options.siteUrl });
        this.api = internalsOf(this.sdk);
        this.api.apiClient.request = boundedTransport(this.api.apiClient, options.timeoutMs ?? 15_000, () => options.clock.now());
    }
    async read(name) {
        const secret = await this.get(name, { withValue: true });
        return secret && this.stored(secret);
    }
    async head(name) {
        const current = await this.get(name, { withValue: false });
        return current && { version: String(current.version), updatedAt: Date.parse(current.updatedAt) };
    }
    async previous(name) {
        const current = await this.get(name, { withValue: false });
        if (!current || current.version <= 1)
            return undefined;
        const prior = await this.get(name, { withValue: false, version: current.version - 1 });
        return prior && { version: String(prior.version), updatedAt: Date.parse(prior.updatedAt) };
    }
    async readPrevious(name) {
        const current = await this.get(name, { withValue: false });
        if (!current || current.version <= 1)
            return undefined;
        const prior = await this.get(name, { withValue: true, version: current.version - 1 });
        return prior && this.stored(prior);
    }
    async checkWritable() {
        await this.login();
    }
    async write(name, value) {
        this.options.secrets.mask(value);
        // Each attempt looks again: a write whose answer was lost (timeout, reset)
        // may have been applied, and writing it again would make a second version
        // of the same value, so previous() and rollback() would restore the new value.
        let firstSeen;
        let previousVersion;
        const written = await this.call(`writing ${name}`, async () => {
            const retrying = firstSeen !== undefined;
            const latest = await this.fetchSecret(name, { withValue: retrying });
            if (firstSeen === undefined)
                firstSeen = { secret: latest };
            else if (latest) {
                this.options.secrets.mask(latest.secretValue);
                const before = firstSeen.secret?.version ?? 0;
                if (latest.version > before && latest.secretValue === value) {
                    previousVersion = firstSeen.secret?.version;
                    return { secret: latest };
                }
            }
            previousVersion = latest?.version;
            const body = { ...this.locationBody(), secretValue: value, type: 'shared' };
            return latest ? this.api.secretsApi.updateSecret(name, body) : this.api.secretsApi.createSecret(name, body);
        });
        // Infisical has no compare-and-set and no labels: the latest version is
        // the current one. A run whose write is no longer the latest lost a race
        // with another rotation and stops before any consumer hears of its value.
        const after = await this.get(name, { withValue: false });
        if (after && after.version !== written.secret.version) {
            throw new errors/* CheckFailedError */.CO(`another rotation wrote version ${after.version} of Infisical secret ${name} after this run wrote version ` +
                `${written.secret.version}; this run stops before any consumer, so the other rotation's value stays the one ` +
                'in use. Run again once it has finished, if a rotation is still due');
        }
        return {
            version: String(written.secret.version),
            ...(previousVersion === undefined ? {} : { previousVersion: String(previousVersion) }),
        };
    }
    async rollback(name) {
        const current = await this.get(name, { withValue: false });
        if (!current)
            throw new errors/* CheckFailedError */.CO(`Infisical secret ${name} does not exist, so there is nothing to roll back`);
        if (current.version <= 1) {
            throw new errors/* CheckFailedError */.CO(`Infisical secret ${name} has a single version, so there is nothing to roll back to`);
        }
        const prior = await this.get(name, { withValue: true, version: current.version - 1 });
        if (!prior)
            throw new errors/* CheckFailedError */.CO(`version ${current.version - 1} of Infisical secret ${name} is gone`);
        const restored = this.stored(prior);
        const written = await this.call(`writing ${name}`, () => this.api.secretsApi.updateSecret(name, { ...this.locationBody(), secretValue: restored.value, type: 'shared' }));
        return {
            value: restored.value,
            version: String(written.secret.version),
            updatedAt: Date.parse(written.secret.updatedAt) || this.options.clock.now(),
            previousVersion: String(current.version),
            restoredVersion: String(prior.version),
        };
    }
    stored(secret) {
        this.options.secrets.mask(secret.secretValue);
        return { value: secret.secretValue, version: String(secret.version), updatedAt: Date.parse(secret.updatedAt) };
    }
    locationBody() {
        const { projectId, environment, secretPath } = this.options.location;
        return { workspaceId: projectId, environment, secretPath };
    }
    login() {
        this.loggingIn ??= this.logInOnce().catch((error) => {
            this.loggingIn = undefined; // a failed login is tried again by the next call
            throw error;
        });
        return this.loggingIn;
    }
    async logInOnce() {
        const { auth } = this.options;
        let token;
        if ('accessToken' in auth)
            token = auth.accessToken;
        else {
            const answer = await this.retrying('logging in with universal auth', () => this.api.authApi.universalAuthLogin({ clientId: auth.clientId, clientSecret: auth.clientSecret }));
            token = answer.accessToken;
        }
        this.options.secrets.mask(token);
        this.sdk.auth().accessToken(token);
    }
    async get(name, options) {
        return this.call(`reading ${name}`, () => this.fetchSecret(name, options));
    }
    /** One attempt, without retry: the caller's retry decides. */
    async fetchSecret(name, options) {
        try {
            const answer = await this.api.secretsApi.getSecret({
                secretName: name,
                ...this.locationBody(),
                type: 'shared',
                expandSecretReferences: 'false',
                viewSecretValue: String(options.withValue),
                ...(options.version === undefined ? {} : { version: options.version }),
            });
            return answer.secret;
        }
        catch (error) {
            // A missing secret is a first rotation; a missing project, environment or folder is not.
            if (error instanceof InfisicalHttpError && error.status === 404 && /^secret/i.test(error.serverMessage)) {
                return undefined;
            }
            throw error;
        }
    }
    async call(what, operation) {
        await this.login();
        return this.retrying(what, operation);
    }
    retrying(what, operation) {
        return (0,retry/* withRetry */.bD)(async () => {
            try {
                return await operation();
            }
            catch (error) {
                throw mapInfisicalError(error, what);
            }
        }, this.options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO, {
            clock: this.options.clock,
            sleep: this.options.sleep,
            ...(this.options.random ? { random: this.options.random } : {}),
            onRetry: ({ attempt, waitMs, error }) => this.options.onRetry?.(`${(0,errors/* errorMessage */.gJ)(error)}; attempt ${attempt} failed, waiting ${waitMs} ms`),
        });
    }
}

// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4028);
;// CONCATENATED MODULE: ../core/src/adapters/aws-deadline.ts
/**
 * The AWS SDK's requestTimeout is an idle timeout: a server that never
 * answers, or trickles a byte at a time, keeps it from ever firing. Every
 * command of `client` also gets one total deadline (guarantee 8).
 */
function withTotalDeadline(client, deadlineMs) {
    const target = client;
    const send = target.send.bind(client);
    target.send = (command, sendOptions) => send(command, { ...sendOptions, abortSignal: AbortSignal.timeout(deadlineMs) });
    return client;
}

;// CONCATENATED MODULE: ../core/src/adapters/ssm.ts







/**
 * The Store port over AWS Systems Manager Parameter Store.
 *
 * Values are `SecureString` parameters. A rotation writes a new version and
 * then moves two labels: `previous` to the version that was current, then
 * `current` to the new one. Moving `current` is the commit point: a run that
 * stops before it leaves `current` on the value consumers hold, and the next
 * run rotates again from there. Labels move (SSM lets a label name one version
 * only), so they never pile up on old versions — which matters because SSM
 * keeps 100 versions and refuses a write while the oldest carries a label.
 *
 * The SDK's own retry is turned off (`maxAttempts: 1`, see createSsmClient):
 * throttling and 5xx are retried here, with the injected clock and sleep.
 */
const SSM_SERVICE = 'AWS SSM';
const CURRENT_LABEL = 'current';
const PREVIOUS_LABEL = 'previous';
/** On the current version while the rotation that wrote it has not finished
 * (rotate): plan sees it and resumes with that value, as AWSPENDING does. */
const PENDING_LABEL = 'pending';
const SSM_MAX_VERSIONS = 100;
/** Bytes a value may hold: Standard 4 KB, Advanced (and Intelligent-Tiering,
 * which moves to Advanced when needed) 8 KB. */
const SSM_VALUE_LIMITS = Object.freeze({
    Standard: 4096,
    Advanced: 8192,
    'Intelligent-Tiering': 8192,
});
const NAME_MAX_LENGTH = 1011;
const MAX_HIERARCHY_LEVELS = 15;
/** Why SSM would refuse this parameter name, or undefined when it is valid. */
function ssmParameterNameProblem(name) {
    if (name.length === 0)
        return 'is empty';
    if (name.length > NAME_MAX_LENGTH)
        return `is ${name.length} characters long; SSM allows ${NAME_MAX_LENGTH}`;
    if (name.includes('/') && !name.startsWith('/'))
        return `is a path that does not start with '/'`;
    const bare = name.startsWith('/') ? name.slice(1) : name;
    const segments = bare.split('/');
    if (segments.some((segment) => segment === ''))
        return 'has an empty path segment';
    if (segments.some((segment) => !/^[a-zA-Z0-9_.-]+$/.test(segment))) {
        return 'holds a character SSM does not allow (each path segment is letters, numbers, ".", "-" and "_")';
    }
    if (/^(aws|ssm)/i.test(bare))
        return `starts with '${bare.slice(0, 3)}', a prefix SSM reserves`;
    if (segments.length > MAX_HIERARCHY_LEVELS)
        return `has ${segments.length} levels; SSM allows ${MAX_HIERARCHY_LEVELS}`;
    return undefined;
}
/** An SSM client whose failures come back at once, for SsmStore to retry.
 * Credentials come from the default chain: environment variables (which
 * aws-actions/configure-aws-credentials exports, OIDC included), web
 * identity, shared files, then instance roles. */
function createSsmClient(options) {
    const requestTimeout = options.requestTimeoutMs ?? 20_000;
    const client = new dist_cjs/* SSMClient */.jBj({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        maxAttempts: 1,
        requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout },
    });
    return withTotalDeadline(client, requestTimeout);
}
/** GetParameterHistory pages read at most: SSM keeps 100 versions, 50 a page. */
const SSM_MAX_HISTORY_PAGES = 10;
const IAM_ACTIONS = {
    PutParameter: 'ssm:PutParameter',
    GetParameter: 'ssm:GetParameter',
    GetParameterHistory: 'ssm:GetParameterHistory',
    LabelParameterVersion: 'ssm:LabelParameterVersion',
    UnlabelParameterVersion: 'ssm:UnlabelParameterVersion',
};
const KMS_HINT = {
    PutParameter: 'kms:Encrypt',
    GetParameter: 'kms:Decrypt',
};
/** Turns an SDK error into a message a platform engineer can act on. */
function mapSsmError(error, operation, name) {
    if (error instanceof errors/* UpstreamError */.gA)
        return error;
    const aws = (typeof error === 'object' && error !== null ? error : {});
    const type = aws.name ?? 'Error';
    const status = aws.$metadata?.httpStatusCode;
    const details = (retryable) => ({
        service: SSM_SERVICE,
        retryable,
        ...(status === undefined ? {} : { status }),
    });
    const said = aws.message ? `: ${(0,upstream_body/* upstreamText */.GB)(aws.message)}` : '';
    switch (type) {
        case 'ThrottlingException':
        case 'TooManyUpdates':
        case 'InternalServerError':
        case 'ServiceUnavailable':
            return new errors/* UpstreamError */.gA(`${operation} on ${name} was throttled or failed (${type}); retrying may succeed`, details(true));
        case 'ParameterNotFound':
            return new errors/* UpstreamError */.gA(`parameter ${name} does not exist`, details(false));
        case 'AccessDeniedException': {
            const named = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(aws.message ?? '')?.[1];
            const action = named ?? IAM_ACTIONS[operation] ?? `ssm:${operation}`;
            const kms = KMS_HINT[operation];
            const also = kms && kms !== action ? ` (a SecureString also needs ${kms} on its KMS key)` : '';
            return new errors/* UpstreamError */.gA(`access denied: the role lacks ${action} on ${name}${also}. Grant it in the IAM policy of the role the workflow assumes`, details(false));
        }
        case 'HierarchyTypeMismatchException':
            return new errors/* UpstreamError */.gA(`parameter ${name} exists with another type than SecureString, and SSM cannot change a parameter's type. ` +
                `Delete it (aws ssm delete-parameter --name ${name}) and run again, or rotate under a new name`, details(false));
        case 'ParameterMaxVersionLimitExceeded':
            return new errors/* UpstreamError */.gA(`parameter ${name} holds ${SSM_MAX_VERSIONS} versions and its oldest carries a label, so SSM refuses a new ` +
                'version. Remove that label (aws ssm unlabel-parameter-version) and run again', details(false));
        case 'InvalidKeyId':
            return new errors/* UpstreamError */.gA(`the KMS key for ${name} was not found or is disabled; check kms-key-id (a key id, key ARN or alias/NAME)`, details(false));
        case 'UnrecognizedClientException':
        case 'InvalidSignatureException':
        case 'ExpiredTokenException':
        case 'CredentialsProviderError':
            return new errors/* UpstreamError */.gA(`AWS refused or found no credentials (${type}). Configure them first, e.g. with aws-actions/configure-aws-credentials`, details(false));
        default:
            if (status === undefined || status >= 500) {
                // No answer at all (refused, reset, timed out) or a server error.
                return new errors/* UpstreamError */.gA(`${operation} on ${name} failed: ${type}${said}`, details(true));
            }
            return new errors/* UpstreamError */.gA(`${operation} on ${name} failed: ${type}${said}`, details(false));
    }
}
function isParameterNotFound(error) {
    return typeof error === 'object' && error !== null && error.name === 'ParameterNotFound';
}
class SsmStore {
    kind = 'ssm';
    options;
    constructor(options) {
        this.options = options;
    }
    async read(name) {
        const state = await this.state(name);
        if (!state)
            return undefined;
        return this.valueOf(name, state.current);
    }
    async head(name) {
        const state = await this.state(name);
        if (!state)
            return undefined;
        const { current } = state;
        const graceSince = graceSinceOf(current.labels);
        return {
            version: String(current.version),
            updatedAt: current.updatedAt,
            ...(current.labels.includes(PENDING_LABEL) ? { pending: true } : {}),
            ...(graceSince === undefined ? {} : { graceSince }),
        };
    }
    async openGrace(name, version, since) {
        const mark = graceMark(since);
        const state = await this.state(name);
        const holder = state?.versions.find((entry) => entry.labels.includes(mark));
        if (!holder || holder.version !== Number(version))
            await this.label(name, Number(version), mark);
        await this.unlabelGrace(name, state, { except: { version: Number(version), mark } });
    }
    async closeGrace(name) {
        await this.unlabelGrace(name, await this.state(name), {});
    }
    /** Removes grace marks (all, or all but one) from every version that carries one. */
    async unlabelGrace(name, state, { except }) {
        for (const entry of state?.versions ?? []) {
            const marks = entry.labels.filter((label) => parseGraceMark(label) !== undefined && !(except && entry.version === except.version && label === except.mark));
            if (marks.length === 0)
                continue;
            await this.call('UnlabelParameterVersion', name, () => this.options.client.send(new dist_cjs/* UnlabelParameterVersionCommand */.eP$({ Name: name, ParameterVersion: entry.version, Labels: marks })));
        }
    }
    async readPrevious(name) {
        const state = await this.state(name);
        return state?.labelledPrevious && this.valueOf(name, state.labelledPrevious);
    }
    async settle(name, version) {
        // A label already gone comes back in InvalidLabels: settled too, so a re-run converges.
        await this.call('UnlabelParameterVersion', name, () => this.options.client.send(new dist_cjs/* UnlabelParameterVersionCommand */.eP$({ Name: name, ParameterVersion: Number(version), Labels: [PENDING_LABEL] })));
    }
    async previous(name) {
        const state = await this.state(name);
        const previous = state?.labelledPrevious;
        return previous && { version: String(previous.version), updatedAt: previous.updatedAt };
    }
    async checkWritable(name) {
        const state = await this.state(name);
        if (state)
            this.refuseUnwritable(name, state);
    }
    async write(name, value, options = {}) {
        this.options.secrets.mask(value);
        const state = await this.state(name);
        if (state)
            this.refuseUnwritable(name, state);
        const version = await this.put(name, value);
        // SSM numbers versions one by one and has no compare-and-set: a version
        // between the one read and the one written is another writer's, so two
        // rotations started together end here for all but one, before a label moves.
        await this.refuseForeignVersions(name, state?.latest.version ?? 0, version, value);
        // Before `current` moves (the commit point), so a version that became
        // current is never without its mark.
        if (options.pending)
            await this.label(name, version, PENDING_LABEL);
        if (state)
            await this.label(name, state.current.version, PREVIOUS_LABEL);
        await this.label(name, version, CURRENT_LABEL);
        // Labels move last-writer-wins: the run whose `current` did not stay stops
        // before any consumer hears of its value.
        const after = await this.state(name);
        if (after && after.current.version !== version) {
            if (options.pending)
                await this.settle(name, String(version)).catch(() => undefined);
            throw new errors/* CheckFailedError */.CO(`another rotation of ${name} moved label '${CURRENT_LABEL}' to version ${after.current.version} while ` +
                `this one ran (this run wrote version ${version}); this run stops before any consumer, so the other ` +
                "rotation's value stays the one in use. Run again once it has finished, if a rotation is still due");
        }
        return {
            version: String(version),
            ...(state ? { previousVersion: String(state.current.version) } : {}),
        };
    }
    async rollback(name) {
        const state = await this.state(name);
        if (!state)
            throw new errors/* CheckFailedError */.CO(`parameter ${name} does not exist, so there is nothing to roll back`);
        const restored = state.labelledPrevious;
        if (!restored) {
            throw new errors/* CheckFailedError */.CO(`no version of ${name} is labelled '${PREVIOUS_LABEL}', so there is nothing to roll back to. ` +
                'Rollback restores the version a keyturn rotation replaced');
        }
        this.refuseUnwritable(name, state);
        const old = await this.valueOf(name, restored);
        const version = await this.put(name, old.value);
        await this.label(name, state.current.version, PREVIOUS_LABEL);
        await this.label(name, version, CURRENT_LABEL);
        return {
            value: old.value,
            version: String(version),
            updatedAt: this.options.clock.now(),
            previousVersion: String(state.current.version),
            restoredVersion: String(restored.version),
        };
    }
    /** Stops when a version between `read` and `written` holds another value:
     * a concurrent writer's (a retried write whose answer was lost holds ours). */
    async refuseForeignVersions(name, read, written, value) {
        for (let version = read + 1; version < written; version++) {
            const other = await this.call('GetParameter', name, async () => {
                try {
                    return await this.options.client.send(new dist_cjs/* GetParameterCommand */.lhy({ Name: `${name}:${version}`, WithDecryption: true }));
                }
                catch (error) {
                    // SSM keeps 100 versions: one already gone is not ours to judge.
                    const type = error.name;
                    if (type === 'ParameterNotFound' || type === 'ParameterVersionNotFound')
                        return undefined;
                    throw error;
                }
            });
            const found = other?.Parameter?.Value;
            if (found === undefined)
                continue;
            this.options.secrets.mask(found);
            if (found !== value) {
                throw new errors/* CheckFailedError */.CO(`another rotation wrote version ${version} of ${name} while this one ran (this run read version ${read} ` +
                    `and wrote version ${written}); this run stops before moving labels, so the other rotation's version ` +
                    'becomes current and no consumer hears of this one. Run again once it has finished, if a rotation is still due');
            }
        }
    }
    /** Refuses, before writing, what SSM would refuse after a partial run. */
    refuseUnwritable(name, state) {
        const type = state.latest.type;
        if (type !== 'SecureString') {
            throw new errors/* CheckFailedError */.CO(`parameter ${name} is a ${type}, not a SecureString, and SSM cannot change a parameter's type. ` +
                `Delete it (aws ssm delete-parameter --name ${name}) and run again, or rotate under a new name`);
        }
        const oldest = state.versions[0];
        if (state.versions.length >= SSM_MAX_VERSIONS && oldest && oldest.labels.length > 0) {
            throw new errors/* CheckFailedError */.CO(`parameter ${name} holds ${SSM_MAX_VERSIONS} versions and the oldest, version ${oldest.version}, carries ` +
                `label(s) ${oldest.labels.join(', ')}; SSM deletes the oldest version on each write and refuses while it is ` +
                `labelled. Remove the label (aws ssm unlabel-parameter-version --name ${name} --parameter-version ` +
                `${oldest.version} --labels ${oldest.labels.join(' ')}) and run again`);
        }
    }
    call(operation, name, send) {
        return (0,retry/* withRetry */.bD)(async () => {
            try {
                return await send();
            }
            catch (error) {
                throw mapSsmError(error, operation, name);
            }
        }, this.options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO, {
            clock: this.options.clock,
            sleep: this.options.sleep,
            ...(this.options.random ? { random: this.options.random } : {}),
            onRetry: ({ attempt, waitMs, error }) => this.options.onRetry?.(`${(0,errors/* errorMessage */.gJ)(error)}; attempt ${attempt} failed, waiting ${waitMs} ms`),
        });
    }
    /** Every kept version, without values; undefined when the parameter does not exist. */
    async state(name) {
        const versions = [];
        // SSM keeps at most 100 versions: 2 pages of 50. A NextToken forever, or
        // one seen before, is a broken answer, not more history.
        const budget = new PageBudget(SSM_SERVICE, `GetParameterHistory on ${name}`, SSM_MAX_HISTORY_PAGES);
        let nextToken;
        do {
            budget.page();
            const token = nextToken;
            const page = await this.call('GetParameterHistory', name, () => this.historyPage(name, token));
            if (!page)
                return undefined;
            for (const entry of page.Parameters ?? [])
                versions.push(infoOf(entry));
            nextToken = page.NextToken;
            if (nextToken)
                budget.cursor(nextToken);
        } while (nextToken);
        if (versions.length === 0)
            return undefined;
        versions.sort((a, b) => a.version - b.version);
        const latest = versions[versions.length - 1];
        const labelledCurrent = versions.find((entry) => entry.labels.includes(CURRENT_LABEL));
        return {
            versions,
            latest,
            current: labelledCurrent ?? latest,
            labelledPrevious: versions.find((entry) => entry.labels.includes(PREVIOUS_LABEL)),
        };
    }
    async historyPage(name, nextToken) {
        try {
            return await this.options.client.send(new dist_cjs/* GetParameterHistoryCommand */.JFb({
                Name: name,
                WithDecryption: false,
                MaxResults: 50,
                ...(nextToken ? { NextToken: nextToken } : {}),
            }));
        }
        catch (error) {
            // The first rotation of a parameter: not an error, version 1 follows.
            if (isParameterNotFound(error))
                return undefined;
            throw error;
        }
    }
    async valueOf(name, info) {
        const answer = await this.call('GetParameter', name, () => this.options.client.send(new dist_cjs/* GetParameterCommand */.lhy({ Name: `${name}:${info.version}`, WithDecryption: true })));
        const value = answer.Parameter?.Value;
        if (value === undefined) {
            throw new errors/* UpstreamError */.gA(`GetParameter on ${name} answered without a value`, {
                service: SSM_SERVICE,
                retryable: false,
            });
        }
        this.options.secrets.mask(value);
        return { value, version: String(info.version), updatedAt: info.updatedAt };
    }
    async put(name, value) {
        const { keyId, tier, description } = this.options;
        const answer = await this.call('PutParameter', name, () => this.options.client.send(new dist_cjs/* PutParameterCommand */.ihh({
            Name: name,
            Value: value,
            Type: 'SecureString',
            Overwrite: true,
            ...(keyId ? { KeyId: keyId } : {}),
            ...(tier ? { Tier: tier } : {}),
            ...(description ? { Description: description } : {}),
        })));
        if (answer.Version === undefined) {
            throw new errors/* UpstreamError */.gA(`PutParameter on ${name} answered without a version`, {
                service: SSM_SERVICE,
                retryable: false,
            });
        }
        return answer.Version;
    }
    async label(name, version, label) {
        const answer = await this.call('LabelParameterVersion', name, () => this.options.client.send(new dist_cjs/* LabelParameterVersionCommand */.Xjy({ Name: name, ParameterVersion: version, Labels: [label] })));
        if (answer.InvalidLabels && answer.InvalidLabels.length > 0) {
            throw new errors/* UpstreamError */.gA(`SSM refused label(s) ${answer.InvalidLabels.join(', ')} on ${name}`, {
                service: SSM_SERVICE,
                retryable: false,
            });
        }
    }
}
function infoOf(entry) {
    return {
        version: entry.Version ?? 0,
        labels: entry.Labels ?? [],
        type: entry.Type ?? 'String',
        updatedAt: entry.LastModifiedDate?.getTime() ?? 0,
    };
}

;// CONCATENATED MODULE: ../core/src/adapters/store-ssm.ts



const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];
const KMS_KEY = /^(alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+)$/;
function isHttpUrl(text) {
    try {
        const url = new URL(text);
        return url.protocol === 'https:' || url.protocol === 'http:';
    }
    catch {
        return false;
    }
}
/** Inputs the AWS stores share; each is declared once, here. */
const AWS_REGION_INPUT = {
    name: 'aws-region',
    default: '',
    secret: false,
    description: "AWS region of the store (default: the runner's AWS_REGION).",
};
const KMS_KEY_INPUT = {
    name: 'kms-key-id',
    default: '',
    secret: false,
    description: "KMS key to encrypt with (default: the store's AWS managed key).",
    writeOnly: true,
};
const DESCRIPTION_INPUT = {
    name: 'description',
    default: '',
    secret: false,
    description: 'Description kept with the secret.',
    writeOnly: true,
};
/** `aws-region`, else AWS_REGION / AWS_DEFAULT_REGION, checked. */
function readAwsRegion(inputs, env) {
    const region = inputs.string('aws-region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
    if (region === '') {
        throw new errors/* InputError */.dz('aws-region', 'is not set and neither is AWS_REGION', 'Set aws-region (such as eu-west-1), or configure AWS first with aws-actions/configure-aws-credentials.');
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new errors/* InputError */.dz('aws-region', `is '${region}', not an AWS region`, 'Use a region code such as us-east-1.');
    }
    return region;
}
/** The service's endpoint variable (the AWS SDK convention), else AWS_ENDPOINT_URL. */
function readAwsEndpoint(env, variable) {
    const endpointText = env[variable] || env.AWS_ENDPOINT_URL || '';
    const named = env[variable] ? variable : 'AWS_ENDPOINT_URL';
    if (endpointText !== '' && !isHttpUrl(endpointText)) {
        throw new errors/* InputError */.dz(named, `is '${endpointText}', not a URL`, 'Unset it, or give an http(s) URL.');
    }
    // Signed requests carry the access key id and any session token in headers:
    // the HTTP policy's rule (https, or http to this machine) holds here too.
    const problem = endpointText === '' ? undefined : (0,http_policy/* credentialUrlProblem */._U)(new URL(endpointText));
    if (problem) {
        throw new errors/* InputError */.dz(named, `is '${endpointText}', which ${problem}`, 'Use the https:// endpoint, or unset it.');
    }
    return endpointText || undefined;
}
function readKmsKeyId(inputs) {
    const keyId = inputs.string('kms-key-id') || undefined;
    if (keyId !== undefined && !KMS_KEY.test(keyId)) {
        throw new errors/* InputError */.dz('kms-key-id', `is '${keyId}'`, 'Give a KMS key id, key ARN, alias ARN or alias/NAME.');
    }
    return keyId;
}
function readDescription(inputs, max, service) {
    const description = inputs.string('description') || undefined;
    if (description !== undefined && description.length > max) {
        throw new errors/* InputError */.dz('description', `is ${description.length} characters long`, `${service} allows ${max}.`);
    }
    return description;
}
const ssmStore = {
    kind: 'ssm',
    service: 'AWS SSM',
    marksGrace: true,
    inputs: [
        AWS_REGION_INPUT,
        KMS_KEY_INPUT,
        {
            name: 'tier',
            default: '',
            secret: false,
            description: 'SSM parameter tier: Standard (4 KB), Advanced (8 KB) or Intelligent-Tiering.',
            writeOnly: true,
        },
        DESCRIPTION_INPUT,
    ],
    nameHint: 'Give the SSM parameter name, such as /prod/api/token.',
    nameProblem: ssmParameterNameProblem,
    nameFix: 'Use a name like my_secret or a path like /prod/api/token: letters, numbers, ".", "-", "_", not starting with aws or ssm.',
    sourceForm: 'ssm:/path/NAME',
    sourceProblem: (name) => (name.startsWith('/') ? undefined : 'has no leading /'),
    readSettings(inputs, env) {
        const region = readAwsRegion(inputs, env);
        const endpoint = readAwsEndpoint(env, 'AWS_ENDPOINT_URL_SSM');
        const keyId = readKmsKeyId(inputs);
        const tier = inputs.string('tier') === '' ? undefined : inputs.oneOf('tier', TIERS, 'Standard');
        const description = readDescription(inputs, 1024, 'SSM');
        return { kind: 'ssm', region, endpoint, keyId, tier, description };
    },
    describe: (settings) => `AWS SSM (${settings.region})`,
    locationKey: (settings) => `ssm|${settings.region}|${settings.endpoint ?? ''}|${settings.keyId ?? ''}|${settings.tier ?? ''}`,
    valueLimit(settings) {
        const tier = settings.tier ?? 'Standard';
        const bytes = SSM_VALUE_LIMITS[tier];
        const fix = tier === 'Standard'
            ? `SSM ${tier} parameters hold ${bytes} bytes: set tier: Advanced (8192 bytes), or make the value smaller.`
            : `SSM parameters hold at most ${bytes} bytes: make the value smaller.`;
        return { bytes, fix };
    },
    open(settings, context) {
        const client = createSsmClient({
            region: settings.region,
            ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
            ...(context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs }),
        });
        return new SsmStore({
            client,
            clock: context.clock,
            sleep: context.sleep,
            secrets: context.secrets,
            onRetry: (message) => context.runner.info(`retrying: ${message}`),
            ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
            ...(settings.tier === undefined ? {} : { tier: settings.tier }),
            ...(settings.description === undefined ? {} : { description: settings.description }),
        });
    },
};

;// CONCATENATED MODULE: ../core/src/adapters/store-infisical.ts




/** Why an Infisical folder path does not name exactly one folder (a `..`
 * segment would climb to another once the URL is normalised), or undefined. */
function infisicalPathProblem(path) {
    if (!path.startsWith('/'))
        return ', which does not start with /';
    if (path === '/')
        return undefined;
    const unsafe = /[^\x21-\x7e]|[%\\?#]/.exec(path);
    if (unsafe) {
        const character = unsafe[0];
        return /[%\\?#]/.test(character)
            ? `, which holds '${character}'`
            : `, which holds U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    }
    const segments = path.slice(1).replace(/\/$/, '').split('/');
    for (const segment of segments) {
        if (segment === '')
            return ', which has an empty segment (//)';
        if (segment === '.' || segment === '..')
            return `, whose segment '${segment}' names no folder of its own`;
    }
    return undefined;
}
const infisicalStore = {
    kind: 'infisical',
    service: 'Infisical',
    inputs: [
        { name: 'infisical-url', default: DEFAULT_INFISICAL_URL, secret: false, description: 'Infisical instance URL.' },
        { name: 'infisical-project-id', default: '', secret: false, description: 'Infisical project id.' },
        {
            name: 'infisical-environment',
            default: '',
            secret: false,
            description: 'Infisical environment slug (dev, staging, prod).',
        },
        { name: 'infisical-path', default: '/', secret: false, description: 'Infisical folder path.' },
        { name: 'infisical-client-id', default: '', secret: false, description: 'Infisical universal-auth client id.' },
        {
            name: 'infisical-client-secret',
            default: '',
            secret: true,
            description: 'Infisical universal-auth client secret. Masked at once.',
        },
        {
            name: 'infisical-token',
            default: '',
            secret: true,
            description: 'An Infisical access token, instead of universal auth. Masked at once.',
        },
    ],
    nameHint: 'Give the Infisical secret key.',
    nameProblem: infisicalKeyProblem,
    nameFix: 'Use a key like API_TOKEN.',
    sourceForm: 'infisical:NAME',
    readSettings(inputs) {
        const siteUrl = inputs.string('infisical-url', DEFAULT_INFISICAL_URL).replace(/\/+$/, '');
        if (!isHttpUrl(siteUrl)) {
            throw new errors/* InputError */.dz('infisical-url', `is '${siteUrl}', not a URL`, 'Give the instance URL, such as https://app.infisical.com.');
        }
        const problem = (0,http_policy/* credentialUrlProblem */._U)(new URL(siteUrl));
        if (problem)
            throw new errors/* InputError */.dz('infisical-url', problem, 'Give the https:// instance URL.');
        if (/\/api$/.test(siteUrl)) {
            throw new errors/* InputError */.dz('infisical-url', 'ends with /api', 'Give the instance URL without /api: keyturn adds the API paths.');
        }
        const projectId = inputs.required('infisical-project-id', 'Give the Infisical project id (Project settings → Project ID).');
        const environment = inputs.required('infisical-environment', 'Give the environment slug, such as dev, staging or prod.');
        if (!/^[a-z0-9][a-z0-9_-]*$/i.test(environment)) {
            throw new errors/* InputError */.dz('infisical-environment', `is '${environment}', not an environment slug`, 'Use the slug, such as prod.');
        }
        const secretPath = inputs.string('infisical-path', '/');
        const pathProblem = infisicalPathProblem(secretPath);
        if (pathProblem) {
            throw new errors/* InputError */.dz('infisical-path', `is '${secretPath}'${pathProblem}`, 'Give a folder path that starts with /, such as /backend.');
        }
        const clientId = inputs.string('infisical-client-id');
        const clientSecret = inputs.secret('infisical-client-secret');
        const accessToken = inputs.secret('infisical-token');
        let auth;
        if (accessToken !== undefined) {
            if (clientId !== '' || clientSecret !== undefined) {
                throw new errors/* InputError */.dz('infisical-token', 'is set together with universal-auth credentials', 'Give either infisical-token, or infisical-client-id with infisical-client-secret.');
            }
            auth = { accessToken };
        }
        else if (clientId !== '' && clientSecret !== undefined) {
            auth = { clientId, clientSecret };
        }
        else {
            const missing = clientId === '' ? 'infisical-client-id' : 'infisical-client-secret';
            throw new errors/* InputError */.dz(missing, 'is required for universal auth', 'Give infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.');
        }
        return { kind: 'infisical', siteUrl, location: { projectId, environment, secretPath }, auth };
    },
    describe: (settings) => `Infisical (${settings.location.environment} ${settings.location.secretPath})`,
    locationKey: ({ siteUrl, location }) => `infisical|${siteUrl}|${location.projectId}|${location.environment}|${location.secretPath}`,
    open(settings, context) {
        return new InfisicalStore({
            siteUrl: settings.siteUrl,
            auth: settings.auth,
            location: settings.location,
            clock: context.clock,
            sleep: context.sleep,
            secrets: context.secrets,
            onRetry: (message) => context.runner.info(`retrying: ${message}`),
            ...(context.requestTimeoutMs === undefined ? {} : { timeoutMs: context.requestTimeoutMs }),
        });
    },
};

// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(5494);
;// CONCATENATED MODULE: ../core/src/adapters/secrets-manager.ts






/**
 * The Store port over AWS Secrets Manager, with AWS's own staging labels, as
 * AWS's rotation functions use them: a write puts the new value as a version
 * labelled AWSPENDING, then moves AWSCURRENT to it (Secrets Manager moves
 * AWSPREVIOUS to the version AWSCURRENT left by itself), then takes
 * AWSPENDING off. Moving AWSCURRENT is the commit point: a run that stops
 * before it leaves AWSCURRENT on the value consumers hold. A rotation that
 * asks to stay marked (`pending: true`) keeps AWSPENDING on the new current
 * version until `settle`, so the next plan can see it unfinished. `previous`
 * is the version labelled AWSPREVIOUS, and a rollback moves AWSCURRENT back
 * to it: no new version, the old one is current again.
 *
 * Versions are named by their ClientRequestToken, which keyturn makes once
 * per write and sends again on a retry: Secrets Manager ignores a repeated
 * request with the same token and value, so a retried write never makes two
 * versions. The SDK's own retry is off; keyturn's uses the injected clock.
 */
const SECRETS_MANAGER_SERVICE = 'AWS Secrets Manager';
const AWSCURRENT = 'AWSCURRENT';
const AWSPREVIOUS = 'AWSPREVIOUS';
const AWSPENDING = 'AWSPENDING';
/** Bytes a SecretString may hold. */
const SECRETS_MANAGER_VALUE_MAX_BYTES = 65_536;
const secrets_manager_NAME_MAX_LENGTH = 512;
/** ListSecretVersionIds pages read at most: 100 versions a page, and AWS keeps about 100. */
const MAX_VERSION_PAGES = 5;
/** Why Secrets Manager would refuse (or mis-resolve) this secret name, or undefined. */
function secretsManagerNameProblem(name) {
    if (name.length === 0)
        return 'is empty';
    if (name.length > secrets_manager_NAME_MAX_LENGTH)
        return `is ${name.length} characters long; Secrets Manager allows ${secrets_manager_NAME_MAX_LENGTH}`;
    if (name.startsWith('arn:'))
        return 'is an ARN; give the secret name';
    if (!/^[A-Za-z0-9/_+=.@-]+$/.test(name)) {
        return 'holds a character Secrets Manager does not allow (letters, numbers and / _ + = . @ -)';
    }
    // AWS's advice: a name ending like an ARN's random suffix confuses partial-ARN lookups.
    if (/-[A-Za-z0-9]{6}$/.test(name))
        return "ends with a hyphen and six characters, which AWS reads as an ARN's suffix";
    return undefined;
}
/** A client whose failures come back at once, for SecretsManagerStore to retry.
 * Credentials come from the default chain, as for SSM (OIDC included). */
function createSecretsManagerClient(options) {
    const requestTimeout = options.requestTimeoutMs ?? 20_000;
    const client = new client_secrets_manager_dist_cjs/* SecretsManagerClient */._H({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        maxAttempts: 1,
        requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout },
    });
    return withTotalDeadline(client, requestTimeout);
}
const errorType = (error) => (typeof error === 'object' && error !== null ? error.name : undefined) ?? 'Error';
/** An UpstreamError that remembers the AWS error type, for the callers that expect one. */
class SecretsManagerError extends errors/* UpstreamError */.gA {
    awsType;
    constructor(message, details, awsType) {
        super(message, details);
        this.awsType = awsType;
    }
}
const isAwsError = (error, type) => error instanceof SecretsManagerError && error.awsType === type;
/** Turns an SDK error into a message a platform engineer can act on. Upstream
 * message text is not repeated: the type names the problem. */
function mapSecretsManagerError(error, operation, name) {
    if (error instanceof errors/* UpstreamError */.gA)
        return error;
    const type = errorType(error);
    const fail = (message, retryable) => new SecretsManagerError(message, details(retryable), type);
    const status = error?.$metadata?.httpStatusCode;
    const details = (retryable) => ({
        service: SECRETS_MANAGER_SERVICE,
        retryable,
        ...(status === undefined ? {} : { status }),
    });
    switch (type) {
        case 'ThrottlingException':
        case 'InternalServiceError':
        case 'ServiceUnavailableException':
            return fail(`${operation} on secret ${name} was throttled or failed (${type}); retrying may succeed`, true);
        case 'ResourceNotFoundException':
            return fail(`secret ${name} or the version asked for does not exist`, false);
        case 'AccessDeniedException':
            return fail(`access denied: the role lacks secretsmanager:${operation} on secret ${name} (and kms:Encrypt / kms:Decrypt on its KMS key). ` +
                'Grant it in the IAM policy of the role the workflow assumes', false);
        case 'InvalidRequestException':
            return fail(`Secrets Manager refused ${operation} on secret ${name} (InvalidRequestException): it may be scheduled for deletion; restore it (aws secretsmanager restore-secret) or use another name`, false);
        case 'DecryptionFailure':
        case 'EncryptionFailure':
            return fail(`KMS could not ${type === 'DecryptionFailure' ? 'decrypt' : 'encrypt'} secret ${name}; check the KMS key and that the role may use it`, false);
        case 'UnrecognizedClientException':
        case 'InvalidSignatureException':
        case 'ExpiredTokenException':
        case 'CredentialsProviderError':
            return fail(`AWS refused or found no credentials (${type}). Configure them first, e.g. with aws-actions/configure-aws-credentials`, false);
        default:
            return fail(`${operation} on secret ${name} failed: ${type}`, status === undefined || status >= 500);
    }
}
class SecretsManagerStore {
    kind = 'secrets-manager';
    options;
    constructor(options) {
        this.options = options;
    }
    async read(name) {
        return this.valueAt(name, { VersionStage: AWSCURRENT });
    }
    async readPrevious(name) {
        return this.valueAt(name, { VersionStage: AWSPREVIOUS });
    }
    async head(name) {
        const current = (await this.versions(name))?.find((entry) => entry.stages.includes(AWSCURRENT));
        if (!current)
            return undefined;
        const graceSince = graceSinceOf(current.stages);
        return {
            version: current.versionId,
            updatedAt: current.createdAt,
            ...(current.stages.includes(AWSPENDING) ? { pending: true } : {}),
            ...(graceSince === undefined ? {} : { graceSince }),
        };
    }
    /** A staging label `grace-since-…` on the version (custom labels are
     * Secrets Manager's own mechanism; a version may hold 20). */
    async openGrace(name, version, since) {
        const mark = graceMark(since);
        const versions = (await this.versions(name)) ?? [];
        if (!versions.some((entry) => entry.versionId === version && entry.stages.includes(mark))) {
            await this.moveStage(name, mark, version, undefined);
        }
        await this.removeGraceMarks(name, versions, { version, mark });
    }
    async closeGrace(name) {
        await this.removeGraceMarks(name, (await this.versions(name)) ?? [], undefined);
    }
    async removeGraceMarks(name, versions, except) {
        for (const entry of versions) {
            for (const stage of entry.stages) {
                if (parseGraceMark(stage) === undefined)
                    continue;
                if (except && entry.versionId === except.version && stage === except.mark)
                    continue;
                await this.moveStage(name, stage, undefined, entry.versionId);
            }
        }
    }
    async previous(name) {
        const previous = (await this.versions(name))?.find((entry) => entry.stages.includes(AWSPREVIOUS));
        return previous && { version: previous.versionId, updatedAt: previous.createdAt };
    }
    async checkWritable(name) {
        const secret = await this.describe(name);
        if (secret)
            this.refuseUnwritable(name, secret);
    }
    async write(name, value, options = {}) {
        this.options.secrets.mask(value);
        const versionId = this.options.newVersionId?.() ?? (0,external_node_crypto_.randomUUID)();
        const secret = await this.describe(name);
        if (secret)
            this.refuseUnwritable(name, secret);
        const current = secret && currentOf(secret);
        if (!current) {
            const created = secret ? undefined : await this.create(name, value, versionId);
            if (created) {
                if (options.pending)
                    await this.moveStage(name, AWSPENDING, versionId, undefined);
                return { version: versionId };
            }
        }
        // Staged first: AWSPENDING names the new value while consumers still hold AWSCURRENT.
        await this.call('PutSecretValue', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* PutSecretValueCommand */.cp({
            SecretId: name,
            SecretString: value,
            ClientRequestToken: versionId,
            VersionStages: [AWSPENDING],
        })));
        const holder = current ?? currentOf((await this.describe(name)) ?? {});
        try {
            await this.moveStage(name, AWSCURRENT, versionId, holder);
        }
        catch (error) {
            // AWSCURRENT left `holder` for another version meanwhile: moving it is a
            // compare-and-set (RemoveFromVersionId), and another rotation won it.
            const now = currentOf((await this.describe(name)) ?? {});
            if (!isAwsError(error, 'InvalidParameterException') || now === undefined || now === holder)
                throw error;
            await this.moveStage(name, AWSPENDING, undefined, versionId).catch(() => undefined);
            throw new errors/* CheckFailedError */.CO(`another rotation of secret ${name} made version ${now} AWSCURRENT while this one ran (this run wrote ` +
                `version ${versionId}); this run stops before any consumer, so the other rotation's value stays the one in ` +
                'use. Run again once it has finished, if a rotation is still due');
        }
        if (!options.pending)
            await this.moveStage(name, AWSPENDING, undefined, versionId);
        return holder ? { version: versionId, previousVersion: holder } : { version: versionId };
    }
    async settle(name, version) {
        await this.moveStage(name, AWSPENDING, undefined, version);
    }
    async rollback(name) {
        const versions = await this.versions(name);
        if (!versions)
            throw new errors/* CheckFailedError */.CO(`secret ${name} does not exist, so there is nothing to roll back`);
        const current = versions.find((entry) => entry.stages.includes(AWSCURRENT));
        const previous = versions.find((entry) => entry.stages.includes(AWSPREVIOUS));
        if (!current || !previous || previous.versionId === current.versionId) {
            throw new errors/* CheckFailedError */.CO(`secret ${name} has no ${AWSPREVIOUS} version, so there is nothing to roll back to`);
        }
        const restored = await this.valueAt(name, { VersionId: previous.versionId });
        if (!restored)
            throw new errors/* CheckFailedError */.CO(`version ${previous.versionId} of secret ${name} is gone`);
        // Native: AWSCURRENT goes back to the older version; AWS puts AWSPREVIOUS on the one it left.
        await this.moveStage(name, AWSCURRENT, previous.versionId, current.versionId);
        return {
            ...restored,
            previousVersion: current.versionId,
            restoredVersion: previous.versionId,
        };
    }
    refuseUnwritable(name, secret) {
        if (secret.DeletedDate) {
            throw new errors/* CheckFailedError */.CO(`secret ${name} is scheduled for deletion, so Secrets Manager refuses new versions. ` +
                `Restore it (aws secretsmanager restore-secret --secret-id ${name}) or rotate under another name`);
        }
        if (secret.RotationEnabled) {
            throw new errors/* CheckFailedError */.CO(`secret ${name} has rotation turned on in Secrets Manager: its rotation function and keyturn would rotate it ` +
                `in turn. Turn it off (aws secretsmanager cancel-rotate-secret --secret-id ${name}) or leave this secret to that function`);
        }
    }
    async create(name, value, versionId) {
        const { keyId, description } = this.options;
        try {
            await this.call('CreateSecret', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* CreateSecretCommand */._f({
                Name: name,
                SecretString: value,
                ClientRequestToken: versionId,
                ...(keyId ? { KmsKeyId: keyId } : {}),
                ...(description ? { Description: description } : {}),
            })));
            return true;
        }
        catch (error) {
            // Created by someone else since we looked: write a version instead.
            if (isAwsError(error, 'ResourceExistsException')) {
                return false;
            }
            throw error;
        }
    }
    /**
     * Moves `stage` to version `to` (or off version `from` when `to` is
     * undefined). A move that already happened (a lost answer, a re-run) is
     * recognised and not an error, so retries converge.
     */
    async moveStage(name, stage, to, from) {
        try {
            await this.call('UpdateSecretVersionStage', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* UpdateSecretVersionStageCommand */.be({
                SecretId: name,
                VersionStage: stage,
                ...(to === undefined ? {} : { MoveToVersionId: to }),
                ...(from === undefined ? {} : { RemoveFromVersionId: from }),
            })));
        }
        catch (error) {
            if (!isAwsError(error, 'InvalidParameterException'))
                throw error;
            const stages = (await this.describe(name))?.VersionIdsToStages ?? {};
            const done = to === undefined ? !(stages[from ?? ''] ?? []).includes(stage) : (stages[to] ?? []).includes(stage);
            if (!done)
                throw error;
        }
    }
    async describe(name) {
        try {
            return await this.call('DescribeSecret', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* DescribeSecretCommand */.X5({ SecretId: name })));
        }
        catch (error) {
            if (isAwsError(error, 'ResourceNotFoundException'))
                return undefined;
            throw error;
        }
    }
    /** Every labelled version, without values; undefined when the secret does not exist. */
    async versions(name) {
        const versions = [];
        let nextToken;
        for (let page = 0; page < MAX_VERSION_PAGES; page++) {
            const token = nextToken;
            let answer;
            try {
                answer = await this.call('ListSecretVersionIds', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* ListSecretVersionIdsCommand */.Af({
                    SecretId: name,
                    MaxResults: 100,
                    ...(token ? { NextToken: token } : {}),
                })));
            }
            catch (error) {
                if (isAwsError(error, 'ResourceNotFoundException'))
                    return undefined;
                throw error;
            }
            for (const entry of answer.Versions ?? []) {
                if (entry.VersionId === undefined)
                    continue;
                versions.push({
                    versionId: entry.VersionId,
                    stages: entry.VersionStages ?? [],
                    createdAt: entry.CreatedDate?.getTime() ?? 0,
                });
            }
            nextToken = answer.NextToken;
            if (!nextToken)
                return versions;
        }
        throw new errors/* UpstreamError */.gA(`ListSecretVersionIds on secret ${name} kept paginating past ${MAX_VERSION_PAGES} pages`, {
            service: SECRETS_MANAGER_SERVICE,
            retryable: false,
        });
    }
    async valueAt(name, selector) {
        let answer;
        try {
            answer = await this.call('GetSecretValue', name, () => this.options.client.send(new client_secrets_manager_dist_cjs/* GetSecretValueCommand */.d2({ SecretId: name, ...selector })));
        }
        catch (error) {
            if (isAwsError(error, 'ResourceNotFoundException'))
                return undefined;
            throw error;
        }
        const value = answer.SecretString;
        if (value === undefined || answer.VersionId === undefined) {
            throw new errors/* UpstreamError */.gA(`GetSecretValue on secret ${name} answered without a SecretString (a binary secret?)`, {
                service: SECRETS_MANAGER_SERVICE,
                retryable: false,
            });
        }
        this.options.secrets.mask(value);
        return { value, version: answer.VersionId, updatedAt: answer.CreatedDate?.getTime() ?? 0 };
    }
    call(operation, name, send) {
        return (0,retry/* withRetry */.bD)(async () => {
            try {
                return await send();
            }
            catch (error) {
                throw mapSecretsManagerError(error, operation, name);
            }
        }, this.options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO, {
            clock: this.options.clock,
            sleep: this.options.sleep,
            ...(this.options.random ? { random: this.options.random } : {}),
            onRetry: ({ attempt, waitMs, error }) => this.options.onRetry?.(`${(0,errors/* errorMessage */.gJ)(error)}; attempt ${attempt} failed, waiting ${waitMs} ms`),
        });
    }
}
function currentOf(secret) {
    return Object.entries(secret.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(AWSCURRENT))?.[0];
}

;// CONCATENATED MODULE: ../core/src/adapters/store-secrets-manager.ts


const secretsManagerStore = {
    kind: 'secrets-manager',
    service: 'AWS Secrets Manager',
    marksGrace: true,
    inputs: [AWS_REGION_INPUT, KMS_KEY_INPUT, DESCRIPTION_INPUT],
    nameHint: 'Give the Secrets Manager secret name, such as prod/api/token.',
    nameProblem: secretsManagerNameProblem,
    nameFix: 'Use a name like prod/api/token: letters, numbers and / _ + = . @ -, up to 512 characters.',
    sourceForm: 'secrets-manager:NAME',
    readSettings(inputs, env) {
        return {
            kind: 'secrets-manager',
            region: readAwsRegion(inputs, env),
            endpoint: readAwsEndpoint(env, 'AWS_ENDPOINT_URL_SECRETS_MANAGER'),
            keyId: readKmsKeyId(inputs),
            description: readDescription(inputs, 2048, 'Secrets Manager'),
        };
    },
    describe: (settings) => `AWS Secrets Manager (${settings.region})`,
    locationKey: (settings) => `secrets-manager|${settings.region}|${settings.endpoint ?? ''}|${settings.keyId ?? ''}|${settings.description ?? ''}`,
    valueLimit: () => ({
        bytes: SECRETS_MANAGER_VALUE_MAX_BYTES,
        fix: `Secrets Manager holds at most ${SECRETS_MANAGER_VALUE_MAX_BYTES} bytes a secret: make the value smaller.`,
    }),
    open(settings, context) {
        const client = createSecretsManagerClient({
            region: settings.region,
            ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
            ...(context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs }),
        });
        return new SecretsManagerStore({
            client,
            clock: context.clock,
            sleep: context.sleep,
            secrets: context.secrets,
            onRetry: (message) => context.runner.info(`retrying: ${message}`),
            ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
            ...(settings.description === undefined ? {} : { description: settings.description }),
        });
    },
};

;// CONCATENATED MODULE: ../core/src/adapters/stores.ts



/**
 * The store registry: one module per store kind. The `store` input's
 * choices, each store's inputs (and which are secret), its name rules and
 * its adapter all come from here. Adding a store is one module and one
 * line here.
 */
const STORES = {
    ssm: ssmStore,
    infisical: infisicalStore,
    'secrets-manager': secretsManagerStore,
};
const STORE_KINDS = Object.keys(STORES);
/** The module of a store kind. */
function storeModule(kind) {
    return STORES[kind];
}
/** Every store input but `store`, each once (the AWS stores share some), in registry order. */
const STORE_INPUTS = [
    ...new Map(STORE_KINDS.flatMap((kind) => storeModule(kind).inputs.map((input) => [input.name, input]))).values(),
];
/** The stores' secret inputs: masked at once, never CLI flags. */
const STORE_SECRET_INPUTS = STORE_INPUTS.filter((input) => input.secret).map((input) => input.name);
/** The real adapter for settings read by `readStoreSettings`. */
function openStore(settings, context) {
    return storeModule(settings.kind).open(settings, context);
}

// EXTERNAL MODULE: ../core/src/issuers/aws-iam-config.ts
var aws_iam_config = __webpack_require__(4067);
// EXTERNAL MODULE: ../core/src/issuers/fields.ts
var fields = __webpack_require__(7348);
// EXTERNAL MODULE: ../core/src/issuers/github-pat-config.ts
var github_pat_config = __webpack_require__(3897);
// EXTERNAL MODULE: ../core/src/issuers/postgres-config.ts
var postgres_config = __webpack_require__(6297);
;// CONCATENATED MODULE: ../core/src/issuers/registry.ts





/** A field parser's InputError as the manifest's { field, problem, fix }. */
function fieldProblem(parse) {
    try {
        parse();
        return undefined;
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz))
            throw error;
        return { field: error.input.replace(/^issuer\./, ''), problem: error.problem, fix: error.fix };
    }
}
const ISSUER_MODULES = Object.freeze({
    postgres: {
        kind: 'postgres',
        fields: postgres_config/* POSTGRES_FIELDS */.cY,
        credentialInputs: [
            {
                input: 'postgres-admin-url',
                required: false,
                secret: true,
                description: 'postgres issuer: postgresql://ADMIN:PASSWORD@HOST:PORT/DB of a role with CREATEROLE; without it the role changes its own password with the one the store holds',
                fix: 'Pass postgres-admin-url as a secret.',
            },
        ],
        check: (config) => fieldProblem(() => (0,postgres_config/* parsePostgresConfig */.zp)(config, 'issuer')),
        graceProblem: (config) => (0,postgres_config/* parsePostgresConfig */.zp)(config, 'issuer').strategy === 'single'
            ? {
                problem: 'is set but strategy single changes the role’s password, so the old one is refused at once',
                fix: 'Use strategy: alternate (two roles: the old one keeps working), or drop grace.',
            }
            : undefined,
        async open(context) {
            const { openPostgresIssuer } = await Promise.all(/* import() */[__webpack_require__.e(757), __webpack_require__.e(492)]).then(__webpack_require__.bind(__webpack_require__, 9111));
            return openPostgresIssuer(context);
        },
    },
    'aws-iam': {
        kind: 'aws-iam',
        fields: aws_iam_config/* AWS_IAM_FIELDS */.wL,
        // AWS credentials come from the job's environment (OIDC), never an input.
        credentialInputs: [],
        check: (config) => fieldProblem(() => (0,aws_iam_config/* parseAwsIamConfig */._e)(config, 'issuer')),
        async open(context) {
            const { openAwsIamIssuer } = await Promise.all(/* import() */[__webpack_require__.e(234), __webpack_require__.e(136)]).then(__webpack_require__.bind(__webpack_require__, 5136));
            return openAwsIamIssuer(context);
        },
        async createdAt(context) {
            const { openAwsIamIssuer } = await Promise.all(/* import() */[__webpack_require__.e(234), __webpack_require__.e(136)]).then(__webpack_require__.bind(__webpack_require__, 5136));
            const issuer = openAwsIamIssuer(context);
            try {
                return await issuer.createdAt();
            }
            finally {
                issuer.close();
            }
        },
    },
    'github-pat': {
        kind: 'github-pat',
        fields: github_pat_config/* GITHUB_PAT_FIELDS */.A3,
        credentialInputs: [
            {
                input: github_pat_config/* NEW_TOKEN_INPUT */.I3,
                // Not required up front: a resumed rotation reuses the stored token, and
                // check-expiry reads only the stored one. The issuer refuses a rotation
                // without it before anything changes, saying a person must create it.
                required: false,
                secret: true,
                description: 'github-pat issuer: the new token a person created (GitHub has no API to make one)',
                fix: `Pass new-token: a rotation of a github-pat entry ${github_pat_config/* NEEDS_PERSON */.g4}.`,
            },
            {
                input: github_pat_config/* GITHUB_API_URL_INPUT */.oH,
                required: false,
                secret: false,
                description: "github-pat issuer: the GitHub API URL the token belongs to; empty uses the runner's GITHUB_API_URL",
                fix: 'Give the API base URL, such as https://api.github.com.',
            },
        ],
        madeByPerson: { input: github_pat_config/* NEW_TOKEN_INPUT */.I3, fix: github_pat_config/* NEEDS_PERSON */.g4 },
        expires: true,
        check: (config) => fieldProblem(() => (0,github_pat_config/* parseGitHubPatConfig */.eB)(config, 'issuer')),
        async open(context) {
            const { openGitHubPatIssuer } = await __webpack_require__.e(/* import() */ 158).then(__webpack_require__.bind(__webpack_require__, 8158));
            return openGitHubPatIssuer(context);
        },
    },
});
const ISSUER_KINDS = Object.keys(ISSUER_MODULES);
/** The module of `kind`, or an input error naming the nearest kind. */
function issuerModule(kind, where) {
    if (typeof kind === 'string' && Object.hasOwn(ISSUER_MODULES, kind))
        return ISSUER_MODULES[kind];
    const text = typeof kind === 'string' ? kind : String(kind);
    throw new InputError(`${where}.kind`, kind === undefined ? 'is required' : `is '${text}'`, unknownNameFix(text, ISSUER_KINDS, 'issuer kinds'));
}
/** Every credential input of every issuer, for action.yml, the CLI's secret list and the inputs rotate reads. */
function issuerCredentialInputs() {
    return ISSUER_KINDS.flatMap((kind) => ISSUER_MODULES[kind].credentialInputs);
}
/** Opens the issuer of a manifest entry: checks the kind, the fields (an unknown
 * one refused naming the nearest) and the required credentials, before any request. */
async function openIssuer(context) {
    const where = `${context.entry}.issuer`;
    const module = issuerModule(context.config.kind, where);
    const known = ['kind', ...module.fields];
    for (const field of Object.keys(context.config)) {
        if (!known.includes(field)) {
            throw new InputError(`${where}.${field}`, `is not a field of the ${module.kind} issuer`, unknownNameFix(field, known, 'fields'));
        }
    }
    const problem = module.check?.(context.config);
    if (problem)
        throw new InputError(`${where}.${problem.field}`, problem.problem, problem.fix);
    for (const credential of module.credentialInputs) {
        if (credential.required && !context.credentials[credential.input]) {
            throw new InputError(credential.input, `is empty but ${context.entry} has a ${module.kind} issuer`, credential.fix);
        }
    }
    return module.open(context);
}

;// CONCATENATED MODULE: ./src/secret-inputs.ts



/**
 * Inputs that carry a secret. They are never taken from flags: a command line
 * is visible to every user of the machine (`ps`) and lands in shell history.
 * They come from the environment, as a variable a shell can export
 * (`KEYTURN_GITHUB_TOKEN`) or the runner's `INPUT_GITHUB-TOKEN`, or from a
 * prompt that does not echo when keyturn runs at a terminal.
 */
const SECRET_INPUTS = new Set([
    // The actions' own; the destinations', stores' and issuers' credentials come from their registries.
    'token',
    'new-token',
    'old-token',
    'value',
    ...DESTINATION_SECRET_INPUTS,
    ...STORE_SECRET_INPUTS,
    ...issuerCredentialInputs()
        .filter((input) => input.secret)
        .map((input) => input.input),
]);
/** The variable a shell can export for an input: `KEYTURN_GITHUB_TOKEN`. */
function keyturnVariable(input) {
    return `KEYTURN_${input.toUpperCase().replace(/[- ]/g, '_')}`;
}
/** How a person at a terminal passes a secret input, for every message that names one. */
function secretHowTo(input) {
    return `export ${keyturnVariable(input)}=… before running keyturn (or leave it unset to be asked for it at a terminal)`;
}

;// CONCATENATED MODULE: ./src/args.ts



/** Inputs that hold one item per line: a repeated flag adds a line. */
const MULTI_LINE_INPUTS = new Set(['targets', 'required-repos']);
const CLI_FLAGS = ['help', 'json'];
function isBooleanInput(input) {
    return input.default === 'true' || input.default === 'false';
}
function declaredInput(command, name) {
    return command.spec.inputs.find((input) => input.name === name);
}
function helpHint(command) {
    return `keyturn ${command.name} --help lists them`;
}
function unknownFlag(command, written) {
    const flags = [...command.spec.inputs.map((input) => input.name), ...CLI_FLAGS];
    const nearest = (0,src/* closestName */.Nf)(written, flags);
    const meant = nearest === undefined
        ? ''
        : SECRET_INPUTS.has(nearest)
            ? ` Did you mean the secret input ${nearest}? It is not a flag: ${secretHowTo(nearest)}.`
            : ` Did you mean --${nearest}?`;
    return new UsageError(`--${written} is not a flag of keyturn ${command.name}.${meant} (${helpHint(command)})`);
}
function parseActionArgs(command, argv) {
    if (argv.some((arg) => arg === '--help' || arg === '-h'))
        return { flags: {}, json: false, help: true };
    const flags = {};
    const positionals = [...(command.positionals ?? [])];
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (!arg.startsWith('-') || arg === '-') {
            const slot = positionals.shift();
            if (slot === undefined) {
                const asFlag = declaredInput(command, arg) ? ` To give the input ${arg}, write --${arg} VALUE.` : '';
                throw new UsageError(`unexpected word '${arg}': keyturn ${command.name} takes inputs as --name VALUE.${asFlag} (${helpHint(command)})`);
            }
            flags[slot.input] = arg;
            continue;
        }
        if (!arg.startsWith('--')) {
            throw new UsageError(`${arg} is not a flag of keyturn ${command.name}: flags are long, --name VALUE (-h is --help). (${helpHint(command)})`);
        }
        const equals = arg.indexOf('=');
        const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
        const inline = equals === -1 ? undefined : arg.slice(equals + 1);
        if (name === 'json') {
            if (inline !== undefined)
                throw new UsageError('--json takes no value');
            json = true;
            continue;
        }
        if (SECRET_INPUTS.has(name.toLowerCase())) {
            throw new UsageError(`--${name} would put a secret on the command line, where ps and shell history see it: ${secretHowTo(name.toLowerCase())}.`);
        }
        const input = declaredInput(command, name);
        if (!input)
            throw unknownFlag(command, name);
        let value = inline;
        if (value === undefined && isBooleanInput(input)) {
            const next = argv[i + 1];
            if (next === 'true' || next === 'false') {
                value = next;
                i++;
            }
            else {
                value = 'true';
            }
        }
        if (value === undefined) {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith('--')) {
                throw new UsageError(`--${name} needs a value: --${name} VALUE (or --${name}=VALUE)`);
            }
            value = next;
            i++;
        }
        if (name in flags) {
            if (!MULTI_LINE_INPUTS.has(name)) {
                throw new UsageError(`--${name} is given twice; it takes one value`);
            }
            flags[name] = `${flags[name]}\n${value}`;
        }
        else {
            flags[name] = value;
        }
    }
    return { flags, json, help: false };
}
/** KEYTURN_* variables that are settings, not inputs. */
const KEYTURN_SETTINGS = new Set([
    'KEYTURN_DEBUG',
    'KEYTURN_SCAN_WORKERS',
    'KEYTURN_IMAGE_FIXTURES',
]);
/**
 * Every input of the run, from the command line and the environment, in this
 * order: a flag; `KEYTURN_<NAME>` (a name a shell can export); the runner's
 * `INPUT_<NAME>`. The environment is shared by every command, so a
 * KEYTURN_ variable for another command's input is left alone; one that
 * names no input of any command is a typo and stops the run, and so is an
 * INPUT_ variable this action does not declare.
 */
function gatherInputs(command, flags, env, everyInput) {
    const declared = command.spec.inputs.map((input) => input.name);
    const byInputVariable = new Map(declared.map((name) => [(0,src/* inputVariableName */.GQ)(name), name]));
    const byKeyturnVariable = new Map(declared.map((name) => [keyturnVariable(name), name]));
    const anyKeyturnVariable = new Set([...everyInput].map(keyturnVariable));
    const inputs = {};
    const fromInputVariables = {};
    for (const [variable, value] of Object.entries(env)) {
        if (value === undefined)
            continue;
        if (variable.startsWith('INPUT_')) {
            const name = byInputVariable.get(variable);
            if (name === undefined) {
                const written = variable.slice('INPUT_'.length).toLowerCase();
                const nearest = (0,src/* closestName */.Nf)(written, declared);
                throw new UsageError(`${variable} is set, but keyturn ${command.name} has no input '${written}'.` +
                    `${nearest === undefined ? '' : ` Did you mean ${(0,src/* inputVariableName */.GQ)(nearest)} (${SECRET_INPUTS.has(nearest) ? keyturnVariable(nearest) : `--${nearest}`})?`}` +
                    ` Unset it or rename it. (${helpHint(command)})`);
            }
            fromInputVariables[name] = value;
        }
        else if (variable.startsWith('KEYTURN_')) {
            const name = byKeyturnVariable.get(variable);
            if (name !== undefined)
                inputs[name] = value;
            else if (!anyKeyturnVariable.has(variable) && !KEYTURN_SETTINGS.has(variable)) {
                const nearest = (0,src/* closestName */.Nf)(variable, [...anyKeyturnVariable, ...KEYTURN_SETTINGS]);
                throw new UsageError(`${variable} is set, but no keyturn input or setting has that name.` +
                    `${nearest === undefined ? '' : ` Did you mean ${nearest}?`} Unset it or rename it.`);
            }
        }
    }
    for (const [name, value] of Object.entries(fromInputVariables))
        inputs[name] ??= value;
    Object.assign(inputs, flags);
    return inputs;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ../../actions/audit-image/src/action-spec.generated.ts
const ACTION_SPEC = {
    "name": "audit-image",
    "description": "Pull-request check that finds secrets anywhere in a container image: every layer's files (including ones deleted by a later layer), build history and build args, image config, annotations and attestations. No Docker daemon needed when given an archive.",
    "inputs": [
        {
            "name": "archive",
            "description": "Path to a `docker save` tar or an OCI image layout tar (plain, gzip or zstd). Required unless `image` is given.",
            "default": "",
            "required": false
        },
        {
            "name": "image",
            "description": "A local image reference; the action runs `docker save` itself (needs a Docker daemon, as on GitHub-hosted runners).",
            "default": "",
            "required": false
        },
        {
            "name": "fail-on",
            "description": "Fail the step when a finding at or above this severity is not allowlisted (low, medium, high).",
            "default": "medium",
            "required": false
        },
        {
            "name": "allowlist",
            "description": "File of finding fingerprints and path globs to ignore, one per line (`#` starts a comment).",
            "default": "",
            "required": false
        },
        {
            "name": "rules",
            "description": "A gitleaks TOML config (or keyturn rules in the same format) whose rules are added to the built-in ones; `[extend] useDefault = false` replaces them.",
            "default": "",
            "required": false
        },
        {
            "name": "count-third-party",
            "description": "Let third-party findings fail the check at their rule's severity: secrets in files a package manager installed and that still match its records (dpkg md5sums, Python RECORD, node_modules packages), and published example values. By default they are listed apart at low and never fail it.",
            "default": "false",
            "required": false
        },
        {
            "name": "sarif",
            "description": "Where to write the SARIF 2.1.0 report.",
            "default": "image-audit.sarif",
            "required": false
        },
        {
            "name": "max-size",
            "description": "Largest total of uncompressed bytes read (all layers), e.g. 20GiB; guards against decompression bombs.",
            "default": "32GiB",
            "required": false
        },
        {
            "name": "max-entries",
            "description": "Largest number of files read across all layers.",
            "default": "5000000",
            "required": false
        },
        {
            "name": "max-ratio",
            "description": "Largest uncompressed/compressed ratio of a layer larger than 64 MiB uncompressed.",
            "default": "200",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "Accepted for symmetry with the other keyturn actions; the audit only reads, so it changes nothing.",
            "default": "false",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines audit file to append the `image.audit.completed` event to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "findings",
            "description": "Number of findings that are not allowlisted."
        },
        {
            "name": "sarif-file",
            "description": "Path of the SARIF report written."
        }
    ]
};

;// CONCATENATED MODULE: ../../actions/plan/src/action-spec.generated.ts
const action_spec_generated_ACTION_SPEC = {
    "name": "plan",
    "description": "Read the rotation manifest, ask each store for the current version's age (never its value), and output the matrix of the secrets that are due, with the inventory as the job summary.",
    "inputs": [
        {
            "name": "manifest",
            "description": "The rotation manifest (schema docs/rotation.schema.json).",
            "default": ".github/rotation.yml",
            "required": false
        },
        {
            "name": "only",
            "description": "One secret's id: plan only that secret (emergencies). An id not in the manifest is an error naming the nearest one.",
            "default": "",
            "required": false
        },
        {
            "name": "force",
            "description": "true to treat every planned secret as due whatever its age (with only, the emergency rotation of one secret; on-compromise entries too).",
            "default": "false",
            "required": false
        },
        {
            "name": "check-expiry",
            "description": "true for the token-expiry monitor: the matrix lists every entry whose stored credential expires at its source (github-pat), due or not, with decision check-expiry, for rotate check-expiry; nothing is rotated. Not with force.",
            "default": "false",
            "required": false
        },
        {
            "name": "batch-size",
            "description": "Most jobs in one matrix (GitHub allows 256). Due secrets past it go to the matrix-batches output and the summary says so.",
            "default": "256",
            "required": false
        },
        {
            "name": "infisical-client-id",
            "description": "Infisical: universal-auth client id, for entries stored in Infisical.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-client-secret",
            "description": "Infisical: universal-auth client secret. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-token",
            "description": "Infisical: an access token, instead of universal auth. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "previous-audit-log",
            "description": "An earlier run's audit log (JSON Lines: the keyturn-audit artifacts, downloaded). Each secret's last finished rotation there says where its value went: report rows list, as removed-targets, the targets the manifest no longer lists (they still hold the value; rotate with prune deletes them). Empty: not checked (keyturn keeps no other record of past targets).",
            "default": "",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "plan never writes; true only marks the summary as a dry run.",
            "default": "false",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines file the plan's audit event is appended to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "matrix",
            "description": "JSON for strategy.matrix: {\"include\":[{\"secret\":ID,\"store\":KIND,\"decision\":\"due\"|\"unfinished\"|\"forced\"|\"finish-grace\"|\"check-expiry\"}]}, the first batch (at most batch-size jobs, the most overdue first). {\"include\":[]} when nothing is due: gate the job on due != 0."
        },
        {
            "name": "matrix-batches",
            "description": "JSON array of every batch, each shaped like matrix: [{\"include\":[...]},{\"include\":[...]}]. Batch N is fromJSON(...)[N-1]."
        },
        {
            "name": "batches",
            "description": "How many batches matrix-batches holds (0 when nothing is due)."
        },
        {
            "name": "due",
            "description": "How many jobs the matrix batches hold: secrets to rotate (due, unfinished or forced), whose grace window is over (finish-grace), or with check-expiry the entries to check. A github-pat entry that is due is not counted (decision needs-person: a person must create its token)."
        },
        {
            "name": "report",
            "description": "JSON rows, one per secret planned: {\"id\",\"store\",\"name\",\"age-days\",\"version\",\"due-date\",\"grace-until\",\"decision\",\"targets\",\"grace\",\"removed-targets\",\"issuer\",\"reason\"}; decision is due, not-due, on-compromise, unfinished, forced, finish-grace (the grace window the last rotation opened is over: rotate removes its NAME_PREVIOUS companions), in-grace (still open: left alone), needs-person (due, but a person must make the credential: run the emergency workflow with it), check-expiry or unreadable. Never a value."
        }
    ]
};

;// CONCATENATED MODULE: ../core/src/adapters/manifest-stores.ts



/** Reads (and masks) the store credential inputs once per run. */
function readStoreCredentials(inputs) {
    const clientId = inputs.string('infisical-client-id');
    const clientSecret = inputs.secret('infisical-client-secret');
    const accessToken = inputs.secret('infisical-token');
    if (accessToken !== undefined && (clientId !== '' || clientSecret !== undefined)) {
        throw new errors/* InputError */.dz('infisical-token', 'is set together with universal-auth credentials', 'Give either infisical-token, or infisical-client-id with infisical-client-secret.');
    }
    if (accessToken !== undefined)
        return { infisical: { accessToken } };
    if (clientSecret !== undefined && clientId === '') {
        throw new errors/* InputError */.dz('infisical-client-id', 'is empty but infisical-client-secret is set', "Give the machine identity's client id too.");
    }
    if (clientSecret !== undefined)
        return { infisical: { clientId, clientSecret } };
    return { infisical: undefined };
}
function manifestStoreSettings(entry, credentials, env) {
    const { store } = entry;
    if (store.kind === 'ssm') {
        const region = store.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
        if (region === '') {
            throw new errors/* InputError */.dz('manifest', `${entry.label}: store.region is not set, in defaults.store either, and AWS_REGION is empty`, 'Set region in the entry or defaults.store (eu-west-1), or configure AWS first with aws-actions/configure-aws-credentials.');
        }
        const endpoint = env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL || undefined;
        return {
            kind: 'ssm',
            region,
            endpoint,
            keyId: store.kmsKeyId,
            tier: store.tier,
            description: undefined,
        };
    }
    if (store.kind === 'infisical') {
        if (!credentials.infisical) {
            throw new errors/* InputError */.dz('infisical-client-secret', `is empty but ${entry.label} is stored in Infisical`, 'Pass infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.');
        }
        return {
            kind: 'infisical',
            siteUrl: (store.url ?? DEFAULT_INFISICAL_URL).replace(/\/+$/, ''),
            location: { projectId: store.project ?? '', environment: store.environment ?? '', secretPath: store.path ?? '/' },
            auth: credentials.infisical,
        };
    }
    const region = store.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
    if (region === '') {
        throw new errors/* InputError */.dz('manifest', `${entry.label}: store.region is not set, in defaults.store either, and AWS_REGION is empty`, 'Set region in the entry or defaults.store (eu-west-1), or configure AWS first with aws-actions/configure-aws-credentials.');
    }
    return {
        kind: 'secrets-manager',
        region,
        endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined,
        keyId: store.kmsKeyId,
        description: undefined,
    };
}
/** One adapter per distinct store location (one Infisical login, one SSM client per region). */
function storeKey(settings) {
    return storeModule(settings.kind).locationKey(settings);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ../../node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(3774);
// EXTERNAL MODULE: ../../node_modules/yaml/dist/index.js
var dist = __webpack_require__(3483);
;// CONCATENATED MODULE: ../../docs/rotation.schema.json
const rotation_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"keyturn rotation manifest (.github/rotation.yml)","description":"The secret inventory: what each secret is, where it is stored, how it is made, where it is used, how it is proven and when it is due. Credentials never live here.","type":"object","additionalProperties":false,"required":["version","secrets"],"properties":{"$schema":{"type":"string","description":"The schema this file follows (for editors)."},"version":{"const":1,"description":"The manifest format; 1 is the only one so far."},"defaults":{"type":"object","additionalProperties":false,"description":"Values every entry takes unless it sets its own.","properties":{"store":{"$ref":"#/$defs/store-defaults"},"max-age":{"$ref":"#/$defs/max-age"},"owner":{"$ref":"#/$defs/owner"}}},"secrets":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/secret"},"description":"One entry per secret."}},"$defs":{"duration":{"type":"string","pattern":"^(0|([0-9]+[smhd])+)$","description":"A duration: 90s, 10m, 24h, 90d or 1h30m."},"max-age":{"description":"Rotate when the current version is older than this duration (90d, 24h, 10m, 90s), or on-compromise (never scheduled: emergencies only).","anyOf":[{"$ref":"#/$defs/duration"},{"const":"on-compromise"}]},"owner":{"type":"string","minLength":1,"description":"Who answers for this secret (a team, a person)."},"store":{"type":"object","additionalProperties":false,"properties":{"kind":{"description":"Where the secret lives. Defaults to defaults.store.kind.","enum":["ssm","infisical","secrets-manager"]},"name":{"type":"string","minLength":1,"description":"SSM parameter name (/prod/api/token), Infisical secret key (API_TOKEN) or Secrets Manager secret name."},"region":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the AWS region (eu-west-1). Defaults to AWS_REGION.","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]+$"},"kms-key-id":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the KMS key (key id, ARN or alias/NAME)."},"tier":{"description":"ssm: the parameter tier.","enum":["Standard","Advanced","Intelligent-Tiering"]},"project":{"type":"string","minLength":1,"description":"infisical: the project id."},"environment":{"type":"string","minLength":1,"description":"infisical: the environment slug (prod).","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]*$"},"path":{"type":"string","minLength":1,"description":"infisical: the folder the secret is in (default /).","pattern":"^/\\\\S*$"},"url":{"type":"string","minLength":1,"description":"infisical: the instance URL (default https://app.infisical.com).","pattern":"^https?://"}},"required":["name"],"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"ssm"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id","tier"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"infisical"}}},"then":{"propertyNames":{"enum":["kind","name","project","environment","path","url"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"secrets-manager"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id"]}}}],"description":"Where the secret lives: kind (ssm, infisical, secrets-manager; default defaults.store.kind), name, and the kind\'s location fields (ssm: region, kms-key-id, tier; infisical: project, environment, path, url; secrets-manager: region, kms-key-id)."},"store-defaults":{"type":"object","additionalProperties":false,"properties":{"kind":{"description":"Where the secret lives. Defaults to defaults.store.kind.","enum":["ssm","infisical","secrets-manager"]},"name":{"type":"string","minLength":1,"description":"SSM parameter name (/prod/api/token), Infisical secret key (API_TOKEN) or Secrets Manager secret name."},"region":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the AWS region (eu-west-1). Defaults to AWS_REGION.","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]+$"},"kms-key-id":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the KMS key (key id, ARN or alias/NAME)."},"tier":{"description":"ssm: the parameter tier.","enum":["Standard","Advanced","Intelligent-Tiering"]},"project":{"type":"string","minLength":1,"description":"infisical: the project id."},"environment":{"type":"string","minLength":1,"description":"infisical: the environment slug (prod).","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]*$"},"path":{"type":"string","minLength":1,"description":"infisical: the folder the secret is in (default /).","pattern":"^/\\\\S*$"},"url":{"type":"string","minLength":1,"description":"infisical: the instance URL (default https://app.infisical.com).","pattern":"^https?://"}},"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"ssm"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id","tier"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"infisical"}}},"then":{"propertyNames":{"enum":["kind","name","project","environment","path","url"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"secrets-manager"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id"]}}}],"description":"Store fields every entry takes unless it sets its own (kind, region…)."},"target":{"type":"string","description":"One destination: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME, dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME.","pattern":"^(github|github-org|dependabot|dependabot-org|heroku|fly):[^\\\\s]+$"},"generator":{"type":"string","description":"How the value is made: hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096, ed25519.","pattern":"^((hex|base64|base64url|alnum|password):[1-9][0-9]*|uuid|fernet|ed25519|rsa:(2048|3072|4096))$"},"verify":{"type":"object","additionalProperties":false,"required":["url"],"description":"An HTTP proof: the new value (or, with old: true, the previous one) is sent to url and the status compared with expect.","properties":{"url":{"type":"string","minLength":1,"description":"The URL the value is checked against (https://; http:// only to loopback).","pattern":"^https?://"},"method":{"enum":["GET","HEAD","POST","PUT","PATCH","DELETE","OPTIONS"],"description":"The request method (default GET)."},"auth":{"type":"string","pattern":"^(bearer|token|basic|header:[!#$%&\'*+.^_`|~0-9A-Za-z-]+)$","description":"How the value is sent: bearer (default), token, basic, header:NAME."},"expect":{"type":["string","integer"],"description":"Accepted statuses: 200, 2xx, 401,403 (default 2xx)."},"old":{"type":"boolean","description":"true: check the previous value (typically expect: 401)."},"within":{"$ref":"#/$defs/duration"},"interval":{"$ref":"#/$defs/duration"},"timeout":{"$ref":"#/$defs/duration"}}},"issuer-postgres":{"type":"object","description":"ALTER ROLE … PASSWORD with a client-side SCRAM-SHA-256 verifier; alternate keeps two login roles.","additionalProperties":false,"required":["kind","host","database"],"properties":{"kind":{"const":"postgres"},"host":{"type":"string","minLength":1,"description":"The database host."},"port":{"type":"integer","minimum":1,"maximum":65535,"description":"Default 5432."},"database":{"type":"string","minLength":1,"description":"The database to connect to."},"role":{"type":"string","minLength":1,"description":"single mode: the login role."},"roles":{"type":"array","minItems":2,"maxItems":2,"uniqueItems":true,"items":{"type":"string","minLength":1},"description":"alternate mode: the two login roles."},"strategy":{"enum":["single","alternate"],"description":"single (the default with role) or alternate (the default with roles)."},"sslmode":{"enum":["disable","require","verify-full"],"description":"TLS to the server: verify-full (default), require, or disable (loopback hosts only)."}}},"issuer-aws-iam":{"type":"object","description":"A new access key for an IAM user; the old one deactivated, then deleted after grace.","additionalProperties":false,"required":["kind","user"],"properties":{"kind":{"const":"aws-iam"},"user":{"type":"string","minLength":1,"maxLength":64,"pattern":"^[\\\\w+=,.@-]+$","description":"The IAM user name (not its ARN or path), such as ci-deployer."}}},"issuer-github-pat":{"type":"object","description":"A person creates the token (new-token input); it is validated, stored, pushed, and the old one revoked.","additionalProperties":false,"required":["kind"],"properties":{"kind":{"const":"github-pat"},"expected-login":{"type":"string","minLength":1,"description":"The account the new token must belong to (default: the old token\'s login)."},"min-days-left":{"type":"integer","minimum":0,"maximum":366,"description":"Days the new token must still have before it expires, a whole number such as 14 (default 7); the expiry monitor fails this many days before the stored one expires."},"required-repos":{"type":"array","items":{"type":"string","pattern":"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$"},"description":"OWNER/REPO each readable with the new token."}}},"issuer":{"type":"object","required":["kind"],"description":"The credential\'s own source, instead of generate.","properties":{"kind":{"enum":["postgres","aws-iam","github-pat"],"description":"postgres, aws-iam or github-pat."}},"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"postgres"}}},"then":{"$ref":"#/$defs/issuer-postgres"}},{"if":{"required":["kind"],"properties":{"kind":{"const":"aws-iam"}}},"then":{"$ref":"#/$defs/issuer-aws-iam"}},{"if":{"required":["kind"],"properties":{"kind":{"const":"github-pat"}}},"then":{"$ref":"#/$defs/issuer-github-pat"}}]},"secret":{"type":"object","additionalProperties":false,"required":["id","store"],"properties":{"id":{"type":"string","pattern":"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$","maxLength":64,"description":"Stable id: plan\'s only, concurrency groups, audit. Lower-case letters, digits and -."},"description":{"type":"string","minLength":1,"description":"What the secret is for."},"owner":{"$ref":"#/$defs/owner"},"store":{"$ref":"#/$defs/store"},"generate":{"$ref":"#/$defs/generator"},"issuer":{"$ref":"#/$defs/issuer"},"max-age":{"$ref":"#/$defs/max-age"},"targets":{"type":"array","items":{"$ref":"#/$defs/target"},"description":"Where the value is pushed, one destination each."},"verify":{"type":"array","items":{"$ref":"#/$defs/verify"},"description":"HTTP proofs run after the targets are updated."},"revoke-old":{"type":"boolean","description":"true: retire the old credential at its issuer once the new one is proven."},"grace":{"$ref":"#/$defs/duration","description":"Keep the old value at every target\'s NAME_PREVIOUS (and as the store\'s previous version) this long after a rotation, e.g. 24h for a signing key; a later scheduled run removes it, and retires the old credential then when revoke-old is true. At most 90d and shorter than max-age; needs an ssm or secrets-manager store; not with max-age on-compromise."}},"not":{"required":["generate","issuer"]},"description":"One secret: id, store, generate or issuer, max-age, targets, verify."}}}');
;// CONCATENATED MODULE: ../core/src/adapters/store-inputs.ts



/** Masks the store credentials given, whether or not this run uses them: a
 * credential passed by mistake is still a credential. */
function maskStoreCredentials(inputs) {
    for (const name of STORE_SECRET_INPUTS)
        inputs.secret(name);
}
/** The `store` input: ssm (default) or another registered store. */
function readStoreKind(inputs, input = 'store') {
    return inputs.oneOf(input, STORE_KINDS, 'ssm');
}
/** A secret's name in the store, checked against the store's own rules. */
function readStoredName(inputs, kind, input = 'name') {
    const name = inputs.required(input, storeModule(kind).nameHint);
    const problem = storedNameProblem(kind, name);
    if (problem)
        throw new errors/* InputError */.dz(input, problem, storedNameFix(kind));
    return name;
}
function storedNameProblem(kind, name) {
    return storeModule(kind).nameProblem(name);
}
/** Whether the store can hold a grace window's mark (see ../grace). */
function storeMarksGrace(kind) {
    return storeModule(kind).marksGrace === true;
}
/** The store kinds that can, for a message. */
const GRACE_STORE_KINDS = STORE_KINDS.filter((kind) => storeModule(kind).marksGrace);
function storedNameFix(kind) {
    return storeModule(kind).nameFix;
}
/**
 * Reads the inputs of store `kind`, refusing the inputs only other stores
 * read. Credentials are masked before anything else reads them.
 */
function readStoreSettings(inputs, kind, env) {
    maskStoreCredentials(inputs);
    refuseInputsOfOtherStores(inputs, kind);
    return Object.freeze(storeModule(kind).readSettings(inputs, env));
}
/** How a report names the store: "AWS SSM (eu-west-1)", "Infisical (prod /)". */
function describeStore(settings) {
    return storeModule(settings.kind).describe(settings);
}
/** The store inputs (`store` included) set to something other than their
 * default: with no secret name to store under, each of them is a mistake. */
function storeInputsGiven(inputs) {
    const all = [{ name: 'store', default: 'ssm' }, ...STORE_INPUTS];
    return all.filter((input) => inputs.string(input.name, input.default) !== input.default).map((input) => input.name);
}
function refuseInputsOfOtherStores(inputs, kind) {
    const own = new Set(storeModule(kind).inputs.map((input) => input.name));
    for (const input of STORE_INPUTS) {
        if (own.has(input.name) || inputs.string(input.name, input.default) === input.default)
            continue;
        const owners = STORE_KINDS.filter((other) => storeModule(other).inputs.some((mine) => mine.name === input.name));
        throw new errors/* InputError */.dz(input.name, `is set but store is ${kind}`, `Remove it, or set store to ${owners.join(' or ')}.`);
    }
}

// EXTERNAL MODULE: ../core/src/duration.ts
var src_duration = __webpack_require__(1124);
// EXTERNAL MODULE: ../core/src/generators.ts
var generators = __webpack_require__(3770);
;// CONCATENATED MODULE: ../core/src/issuer.ts

/**
 * The registered issuer kinds (./issuers/registry, one module each). The
 * manifest schema (docs/rotation.schema.json) knows the fields of postgres,
 * aws-iam and github-pat; the code refuses a kind that is not registered
 * with "not supported yet".
 */
const ISSUERS = ISSUER_MODULES;

;// CONCATENATED MODULE: ../core/src/nearest.ts
/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a, b) {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            const row = d[i];
            const above = d[i - 1];
            let best = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, d[i - 2][j - 2] + 1);
            }
            row[j] = best;
        }
    }
    return d[a.length][b.length];
}
/**
 * The candidate a typo most likely meant: the closest by edit distance
 * (case-insensitive), when close enough to be a typo rather than another
 * word (at most a third of the word's length, and at least 2 edits allowed);
 * a candidate that starts with the word also counts (`gen` → `generate`).
 */
function nearest(word, candidates) {
    const lower = word.toLowerCase();
    let best;
    for (const candidate of candidates) {
        const distance = editDistance(lower, candidate.toLowerCase());
        if (best === undefined || distance < best.distance)
            best = { candidate, distance };
    }
    if (best === undefined)
        return undefined;
    const allowed = Math.max(2, Math.floor(word.length / 3));
    if (best.distance <= allowed)
        return best.candidate;
    for (const candidate of candidates) {
        if (lower.length >= 3 && candidate.toLowerCase().startsWith(lower))
            return candidate;
    }
    return undefined;
}
/** " (did you mean 'x'?)" or '' when nothing is near. */
function didYouMean(word, candidates) {
    const found = nearest(word, candidates);
    return found === undefined ? '' : ` Did you mean '${found}'?`;
}

// EXTERNAL MODULE: ../core/src/status-list.ts
var status_list = __webpack_require__(7259);
;// CONCATENATED MODULE: ../core/src/manifest.ts















/**
 * The rotation manifest (`.github/rotation.yml`): the secret inventory as
 * code. It is checked in three passes, all before any request, and every
 * problem of every pass is reported at once, each naming the entry
 * (`secrets[2] (db-password)`), the field and the fix:
 *   1. YAML syntax (with line and column);
 *   2. the JSON Schema in docs/rotation.schema.json, run by ajv — the same
 *      file editors validate with, so there is one copy of the rules;
 *   3. what a schema cannot say: duplicate ids, targets and store names,
 *      fields of another store kind when the kind comes from defaults,
 *      target and generator syntax in full, issuer kinds not built yet.
 * The result is frozen and typed; plan and rotate never look at raw YAML.
 */
const MANIFEST_SCHEMA = (/* unused pure expression or super */ null && (schema));
const DEFAULT_MANIFEST = '.github/rotation.yml';
function formatProblem(problem) {
    const field = problem.field === '' ? '' : ` ${problem.field}`;
    const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
    return `${problem.where}:${field} ${problem.problem}${line}. ${problem.fix}`;
}
/** A manifest that cannot be used: every problem found, each a line. */
class ManifestError extends errors/* KeyturnError */.FB {
    name = 'ManifestError';
    path;
    problems;
    constructor(path, problems) {
        const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
        super(`manifest ${path} has ${count}; nothing was changed:` +
            problems.map((problem) => `\n  ${formatProblem(problem)}`).join(''));
        this.path = path;
        this.problems = problems;
    }
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const ajv = new _2020.Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateSchema = ajv.compile(rotation_schema_namespaceObject);
/** Field names of each store kind, read from the schema's own `if kind … then propertyNames`. */
const STORE_KIND_FIELDS = Object.fromEntries((rotation_schema_namespaceObject.$defs.store.allOf ?? []).map((rule) => {
    const kind = (rule.if.properties.kind.const ?? '');
    const fields = (rule.then.propertyNames.enum ?? []);
    return [kind, fields];
}));
const MANIFEST_STORE_KINDS = (rotation_schema_namespaceObject.$defs.store.properties.kind["enum"] ?? []);
const MANIFEST_ISSUER_KINDS = (rotation_schema_namespaceObject.$defs.issuer.properties.kind["enum"] ?? []);
/** The inputs a run of this entry needs: its store's, its targets', its issuer's. */
function credentialNeeds(entry) {
    const needs = [];
    if (entry.store.kind === 'infisical') {
        needs.push({
            inputs: ['infisical-token', 'infisical-client-secret'],
            why: `its store is Infisical (${entry.store.name})`,
            fix: 'Pass infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.',
        });
    }
    const byInput = new Map();
    for (const target of entry.targets) {
        const input = destinationCredentialInput(target);
        if (!byInput.has(input))
            byInput.set(input, target);
    }
    for (const [input, target] of byInput) {
        needs.push({
            inputs: [input],
            why: `it has target ${target.line}`,
            fix: `Pass ${input}: \${{ secrets.${input.toUpperCase().replaceAll('-', '_')} }} (a credential that may write there).`,
        });
    }
    if (entry.source.kind === 'issuer') {
        const module = ISSUERS[entry.source.issuerKind];
        for (const input of module?.credentialInputs ?? []) {
            if (input.required)
                needs.push({ inputs: [input.input], why: `its issuer is ${module?.kind}`, fix: input.fix });
        }
    }
    return needs;
}
/** Fails, before any request, when a credential the entry needs was not given. */
function checkCredentials(entry, given) {
    for (const need of credentialNeeds(entry)) {
        if (need.inputs.some(given))
            continue;
        const input = need.inputs[0];
        throw new errors/* InputError */.dz(input, `is empty but ${entry.label} needs it: ${need.why}`, need.fix);
    }
}
/** Reads and checks the manifest file; a missing file is an input mistake. */
async function loadManifest(path, input = 'manifest') {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        throw new errors/* InputError */.dz(input, `is '${path}', which cannot be read (${code ?? 'error'})`, code === 'ENOENT'
            ? 'Create it (see examples/rotation.yml), or point manifest at it; in a workflow, check out the repository first.'
            : 'Check the path and its permissions.');
    }
    return parseManifest(text, path);
}
/** The entry `only` names, or an error naming the nearest id. */
function findEntry(manifest, id, input) {
    const entry = manifest.entries.find((candidate) => candidate.id === id);
    if (entry)
        return entry;
    const ids = manifest.entries.map((candidate) => candidate.id);
    const near = nearest(id, ids);
    throw new errors/* InputError */.dz(input, `is '${id}', which is not an id in ${manifest.path}`, near === undefined ? `Use one of: ${ids.join(', ')}.` : `Did you mean '${near}'?`);
}
function parseManifest(text, path) {
    const lines = new dist/* LineCounter */.HN();
    const document = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (document.errors.length > 0) {
        throw new ManifestError(path, document.errors.map((error) => ({
            where: 'manifest',
            field: '',
            problem: `is not valid YAML: ${error.message.split('\n')[0]}`,
            fix: 'Fix the YAML syntax (indentation, quotes, a colon after each key).',
            line: lines.linePos(error.pos[0]).line,
        })));
    }
    const data = document.toJS({ maxAliasCount: 100 });
    const lineOf = (path) => {
        for (let length = path.length; length >= 0; length--) {
            const node = document.getIn(path.slice(0, length), true);
            if (node && ((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node) || node.range)) {
                const offset = node.range?.[0];
                return offset === undefined ? undefined : lines.linePos(offset).line;
            }
        }
        return undefined;
    };
    const labels = entryLabels(data);
    if (!validateSchema(data)) {
        const problems = schemaProblems(validateSchema.errors ?? [], labels, lineOf);
        throw new ManifestError(path, problems);
    }
    const problems = [];
    const entries = resolveEntries(data, labels, problems, lineOf);
    if (problems.length > 0)
        throw new ManifestError(path, problems);
    return Object.freeze({ path, entries: Object.freeze(entries) });
}
function entryLabels(data) {
    const secrets = isObject(data) && Array.isArray(data.secrets) ? data.secrets : [];
    return (index) => {
        const entry = secrets[index];
        const id = isObject(entry) && typeof entry.id === 'string' && entry.id !== '' ? ` (${entry.id})` : '';
        return `secrets[${index}]${id}`;
    };
}
function splitPointer(pointer) {
    if (pointer === '')
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
function fieldText(segments) {
    return segments
        .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
        .join('');
}
/** `secrets[2] (db-password)` and `store.kind`, from the data path. */
function locate(segments, labels) {
    if (segments[0] === 'secrets' && typeof segments[1] === 'number') {
        return { where: labels(segments[1]), field: fieldText(segments.slice(2)) };
    }
    if (segments[0] === 'defaults')
        return { where: 'defaults', field: fieldText(segments.slice(1)) };
    return { where: 'manifest', field: fieldText(segments) };
}
function shown(value) {
    if (typeof value === 'string')
        return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
    if (value === null)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    return String(value);
}
function join(parts, field) {
    return parts.length === 0 ? field : `${fieldText(parts)}.${field}`;
}
/** Turns ajv's errors into one problem each, in words a user acts on. */
function schemaProblems(errors, labels, lineOf) {
    const problems = [];
    const seen = new Set();
    // A branch of anyOf fails for every alternative; only the anyOf itself is worth a line.
    const anyOfPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
    for (const error of errors) {
        if (error.keyword === 'if')
            continue;
        if (error.keyword !== 'anyOf' && anyOfPaths.has(error.instancePath))
            continue;
        // propertyNames reports the enum of the name as well: the propertyNames line says it.
        if (error.keyword === 'enum' && error.propertyName !== undefined)
            continue;
        const segments = splitPointer(error.instancePath);
        const parent = segments.slice(2);
        const located = locate(segments, labels);
        const parentSchema = (error.parentSchema ?? {});
        const description = typeof parentSchema.description === 'string' ? parentSchema.description : '';
        let problem;
        switch (error.keyword) {
            case 'additionalProperties': {
                const name = String(error.params.additionalProperty);
                const allowed = Object.keys((parentSchema.properties ?? {}));
                const hint = didYouMean(name, allowed);
                const inSecrets = segments[0] === 'secrets' ? parent : segments.slice(segments[0] === 'defaults' ? 1 : 0);
                problem = {
                    ...located,
                    field: join(inSecrets, name),
                    problem: 'is not a field keyturn knows',
                    fix: `${hint ? `${hint.trim()} ` : ''}The fields here are: ${allowed.join(', ')}.`,
                };
                segments.push(name);
                break;
            }
            case 'propertyNames': {
                const name = String(error.params.propertyName);
                const kind = isObject(error.data) ? String(error.data.kind) : '';
                const fields = STORE_KIND_FIELDS[kind] ?? [];
                const owners = Object.entries(STORE_KIND_FIELDS)
                    .filter(([, names]) => names.includes(name))
                    .map(([owner]) => owner);
                const hint = didYouMean(name, fields);
                problem = {
                    ...located,
                    field: join(segments[0] === 'secrets' ? parent : segments.slice(1), name),
                    problem: owners.length > 0
                        ? `is a field of ${owners.join(' and ')} stores, not ${kind}`
                        : 'is not a field keyturn knows',
                    fix: `${hint ? `${hint.trim()} ` : ''}${kind} stores take: ${fields.join(', ')}.`,
                };
                segments.push(name);
                break;
            }
            case 'required': {
                const name = String(error.params.missingProperty);
                const property = (parentSchema.properties ?? {})[name];
                const about = isObject(property) && typeof property.description === 'string' ? property.description : '';
                const ref = isObject(property) && typeof property.$ref === 'string' ? property.$ref : '';
                problem = {
                    ...located,
                    field: join(segments[0] === 'secrets' ? parent : segments.slice(segments[0] === 'defaults' ? 1 : 0), name),
                    problem: 'is required but missing',
                    fix: about || describeRef(ref) || `Add ${name}.`,
                };
                break;
            }
            case 'enum':
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}`,
                    fix: `Use one of: ${error.params.allowedValues.join(', ')}.${typeof error.data === 'string' ? didYouMean(error.data, error.params.allowedValues.map(String)) : ''}`,
                };
                break;
            case 'const':
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}`,
                    fix: `Write ${JSON.stringify(error.params.allowedValue)}${description ? ` (${description})` : ''}.`,
                };
                break;
            case 'not':
                problem = {
                    ...located,
                    field: 'generate',
                    problem: 'is set together with issuer',
                    fix: 'Keep one: generate makes a random value; issuer gets the credential from its own source (a database, IAM, GitHub).',
                };
                break;
            case 'minItems':
                problem = {
                    ...located,
                    problem: 'is an empty list',
                    fix: `Give at least ${String(error.params.limit)}${description ? `: ${description}` : '.'}`,
                };
                break;
            case 'anyOf':
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}`,
                    fix: description || 'See docs/rotation.schema.json.',
                };
                break;
            case 'type':
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}, not ${describeType(error.params.type)}`,
                    fix: description ? `${description}` : `Write ${describeType(error.params.type)}.`,
                };
                break;
            case 'pattern':
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}`,
                    fix: description || `It must match ${String(error.params.pattern)}.`,
                };
                break;
            default:
                problem = {
                    ...located,
                    problem: `is ${shown(error.data)}: it ${error.message ?? 'is invalid'}`,
                    fix: description || 'See docs/rotation.schema.json.',
                };
        }
        const key = `${problem.where}|${problem.field}|${problem.problem}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        const line = lineOf(segments);
        problems.push(line === undefined ? problem : { ...problem, line });
    }
    return problems;
}
function describeRef(ref) {
    const name = ref.split('/').pop() ?? '';
    const definition = (rotation_schema_namespaceObject.$defs[name] ?? {});
    return typeof definition.description === 'string' ? definition.description : '';
}
function describeType(type) {
    const names = (Array.isArray(type) ? type : [type]).map((one) => one === 'object'
        ? 'a mapping'
        : one === 'array'
            ? 'a list'
            : one === 'integer'
                ? 'a whole number'
                : `a ${String(one)}`);
    return names.join(' or ');
}
/** The checks a schema cannot express, on data the schema accepted. */
function resolveEntries(data, labels, problems, lineOf) {
    const defaults = (data.defaults ?? {});
    const defaultStore = (defaults.store ?? {});
    const secrets = data.secrets;
    const ids = new Map();
    const targetsSeen = new Map();
    const storesSeen = new Map();
    const entries = [];
    const companions = [];
    secrets.forEach((raw, index) => {
        const where = labels(index);
        const report = (field, problem, fix, path = []) => {
            const line = lineOf(['secrets', index, ...path]);
            problems.push(line === undefined ? { where, field, problem, fix } : { where, field, problem, fix, line });
        };
        const id = raw.id;
        const earlier = ids.get(id);
        if (earlier !== undefined) {
            report('id', `'${id}' is also the id of secrets[${earlier}]`, 'Ids name one secret each: rename one.', ['id']);
        }
        else {
            ids.set(id, index);
        }
        const store = resolveStore(raw.store, defaultStore, report);
        const source = resolveSource(raw, report);
        const maxAge = resolveMaxAge(raw['max-age'] ?? defaults['max-age'], report);
        const targets = [];
        (raw.targets ?? []).forEach((line, position) => {
            let target;
            try {
                target = parseTarget(line);
            }
            catch (error) {
                if (!(error instanceof TargetSyntaxError))
                    throw error;
                report(`targets[${position}]`, error.message, TARGET_FIX, ['targets', position]);
                return;
            }
            const key = targetKey(target);
            const other = targetsSeen.get(key);
            if (other !== undefined) {
                const otherWhere = other.index === index ? 'this entry' : labels(other.index);
                report(`targets[${position}]`, `'${line}' names the same place as '${other.line}' in ${otherWhere}`, 'A place holds one secret: remove one of the two lines.', ['targets', position]);
                return;
            }
            targetsSeen.set(key, { index, line });
            targets.push(target);
        });
        const verify = resolveVerify((raw.verify ?? []), report);
        const revokeOld = raw['revoke-old'] === true;
        if (revokeOld && source?.kind === 'generate') {
            report('revoke-old', 'is true but the value is generated', 'A generated value has no issuer to revoke it at; its consumers stop taking it when they hold the new one. Drop revoke-old, or use an issuer.', ['revoke-old']);
        }
        const graceMs = raw.grace === undefined ? undefined : (0,src_duration/* parseDuration */.E9)(raw.grace);
        if (graceMs !== undefined) {
            const text = String(raw.grace);
            if (graceMs === 0) {
                report('grace', 'is 0', 'Drop grace: without a window the old value is simply replaced.', ['grace']);
            }
            else if (graceMs > fields/* MAX_GRACE_MS */.nm) {
                report('grace', `is ${text}, longer than 90d`, 'Use a window shorter than the rotation cycle (24h is typical for a signing key).', ['grace']);
            }
            else if (maxAge?.kind === 'duration' && graceMs >= maxAge.ms) {
                report('grace', `is ${text}, not shorter than max-age ${maxAge.text}`, 'The next rotation would come while the window is open: make grace shorter than max-age.', ['grace']);
            }
            if (maxAge?.kind === 'on-compromise') {
                report('grace', 'is set but max-age is on-compromise', 'An emergency rotation replaces a value that may have leaked, and a grace would keep it in use: drop grace, or give max-age a duration.', ['grace']);
            }
            const graceProblem = source?.kind === 'issuer' ? ISSUERS[source.issuerKind]?.graceProblem?.(source.config) : undefined;
            if (graceProblem)
                report('grace', graceProblem.problem, graceProblem.fix, ['grace']);
            if (store && !storeMarksGrace(store.kind)) {
                report('grace', `is set but a ${store.kind} store cannot mark when a grace window opened, so no later run could close it`, `Keep this secret in a ${GRACE_STORE_KINDS.join(' or ')} store, or drop grace.`, ['grace']);
            }
            targets.forEach((target, position) => {
                let companion;
                try {
                    companion = companionTarget(target);
                }
                catch (error) {
                    if (!(error instanceof TargetSyntaxError))
                        throw error;
                    report(`targets[${position}]`, `its grace companion breaks a rule of the service: ${error.message}`, 'Shorten the name so NAME_PREVIOUS fits, or drop grace.', ['targets', position]);
                    return;
                }
                companions.push({ index, where, position, line: destinations_formatTarget(companion), key: targetKey(companion) });
            });
        }
        if (store) {
            const storeKey = `${store.kind}|${store.region ?? ''}|${store.project ?? ''}|${store.environment ?? ''}|${store.path ?? '/'}|${store.name}`;
            const other = storesSeen.get(storeKey);
            if (other !== undefined) {
                report('store.name', `'${store.name}' is also the store of ${labels(other)}`, 'Each secret has its own place in the store: rename one.', ['store', 'name']);
            }
            else {
                storesSeen.set(storeKey, index);
            }
        }
        const owner = (raw.owner ?? defaults.owner);
        if (store && source && maxAge) {
            entries.push(Object.freeze({
                index,
                id,
                label: where,
                store,
                source,
                maxAge,
                targets: Object.freeze(targets),
                verify: Object.freeze(verify),
                revokeOld,
                graceMs,
                description: raw.description,
                owner,
            }));
        }
    });
    // A grace companion writes a place too: it must not be another line's place.
    // (Two companions cannot meet: their targets would already be one place.)
    for (const companion of companions) {
        const taken = targetsSeen.get(companion.key);
        if (!taken)
            continue;
        const line = lineOf(['secrets', companion.index, 'targets', companion.position]);
        const found = {
            where: companion.where,
            field: `targets[${companion.position}]`,
            problem: `its grace companion ${companion.line} is the place of '${taken.line}' in ${taken.index === companion.index ? 'this entry' : labels(taken.index)}`,
            fix: 'The companion would overwrite that secret: rename one of them, or drop grace.',
        };
        problems.push(line === undefined ? found : { ...found, line });
    }
    return entries;
}
function resolveStore(raw, defaults, report) {
    const kind = (raw.kind ?? defaults.kind);
    if (kind === undefined) {
        report('store.kind', 'is not set here or in defaults.store', `Set it to one of: ${MANIFEST_STORE_KINDS.join(', ')}.`, ['store']);
        return undefined;
    }
    // The schema checks fields against an explicit kind; a kind from defaults is checked here.
    const fields = STORE_KIND_FIELDS[kind] ?? [];
    const merged = {};
    for (const [field, value] of Object.entries(defaults))
        if (fields.includes(field))
            merged[field] = value;
    Object.assign(merged, raw, { kind });
    let ok = true;
    for (const field of Object.keys(raw)) {
        if (!fields.includes(field)) {
            report(`store.${field}`, `is not a field of ${kind} stores (store.kind comes from defaults)`, `${kind} stores take: ${fields.join(', ')}.`, ['store', field]);
            ok = false;
        }
    }
    const name = merged.name;
    const nameProblem = storeNameProblem(kind, name);
    if (nameProblem) {
        report('store.name', nameProblem.problem, nameProblem.fix, ['store', 'name']);
        ok = false;
    }
    if (kind === 'infisical') {
        for (const field of ['project', 'environment']) {
            if (merged[field] === undefined) {
                report(`store.${field}`, 'is required for an infisical store', field === 'project'
                    ? 'Give the Infisical project id (Project settings → Project ID).'
                    : 'Give the environment slug, such as prod.', ['store']);
                ok = false;
            }
        }
        const pathProblem = merged.path === undefined ? undefined : infisicalPathProblem(merged.path);
        if (pathProblem !== undefined) {
            report('store.path', `is '${merged.path}'${pathProblem}`, 'Give a folder path that starts with /, such as /backend.', ['store', 'path']);
            ok = false;
        }
    }
    if (!ok)
        return undefined;
    const store = { kind, name };
    if (merged.region !== undefined)
        store.region = merged.region;
    if (merged['kms-key-id'] !== undefined)
        store.kmsKeyId = merged['kms-key-id'];
    if (merged.tier !== undefined)
        store.tier = merged.tier;
    if (merged.project !== undefined)
        store.project = merged.project;
    if (merged.environment !== undefined)
        store.environment = merged.environment;
    if (merged.path !== undefined)
        store.path = merged.path;
    if (merged.url !== undefined)
        store.url = merged.url;
    return Object.freeze(store);
}
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
function storeNameProblem(kind, name) {
    if (kind === 'ssm' || kind === 'infisical') {
        const problem = storedNameProblem(kind, name);
        return problem === undefined ? undefined : { problem, fix: storedNameFix(kind) };
    }
    if (!SECRETS_MANAGER_NAME.test(name)) {
        return {
            problem: `is '${name}', not a Secrets Manager secret name`,
            fix: 'Use letters, digits and /_+=.@- (up to 512).',
        };
    }
    return undefined;
}
function resolveSource(raw, report) {
    if (typeof raw.generate === 'string') {
        try {
            return { kind: 'generate', spec: (0,generators/* parseGenerator */.tO)(raw.generate), text: raw.generate };
        }
        catch (error) {
            if (!(error instanceof generators/* GeneratorSyntaxError */.X3))
                throw error;
            report('generate', error.message, 'Use hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096 or ed25519.', ['generate']);
            return undefined;
        }
    }
    if (isObject(raw.issuer)) {
        const issuerKind = String(raw.issuer.kind);
        const module = ISSUERS[issuerKind];
        if (!module) {
            report('issuer.kind', `is '${issuerKind}': issuer kind ${issuerKind} is not supported yet`, 'Rotate this credential another way for now, or use generate where keyturn only needs to make a value.', ['issuer', 'kind']);
            return undefined;
        }
        const problem = module.check?.(raw.issuer);
        if (problem) {
            report(`issuer.${problem.field}`, problem.problem, problem.fix, ['issuer', problem.field]);
            return undefined;
        }
        return { kind: 'issuer', issuerKind, config: Object.freeze({ ...raw.issuer }) };
    }
    report('generate', 'is missing, and so is issuer', 'Add generate (such as base64url:32) to make a random value, or issuer to get it from its source.');
    return undefined;
}
function resolveMaxAge(raw, report) {
    if (raw === undefined) {
        report('max-age', 'is not set here or in defaults', 'Give a duration such as 90d, or on-compromise for a secret rotated only in emergencies.');
        return undefined;
    }
    if (raw === 'on-compromise')
        return { kind: 'on-compromise' };
    const ms = (0,src_duration/* parseDuration */.E9)(raw);
    if (ms === 0) {
        report('max-age', 'is 0', 'Give a duration such as 90d, or on-compromise.', ['max-age']);
        return undefined;
    }
    return { kind: 'duration', ms, text: raw };
}
function resolveVerify(raw, report) {
    const checks = [];
    raw.forEach((check, position) => {
        const field = (name) => `verify[${position}].${name}`;
        const path = (name) => ['verify', position, name];
        let url;
        try {
            url = new URL(check.url);
        }
        catch {
            report(field('url'), `is '${String(check.url)}', not a URL`, 'Give an absolute URL such as https://api.example.com/v1/me.', path('url'));
            return;
        }
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
            report(field('url'), `is '${check.url}', not https://`, 'Credentials are sent only over https:// (http:// only to loopback, for emulators).', path('url'));
            return;
        }
        if (url.username !== '' || url.password !== '') {
            report(field('url'), 'holds a user name or password', 'The value is the credential: remove the user info.', path('url'));
            return;
        }
        let expect;
        try {
            expect = (0,status_list/* parseStatusList */.A)(String(check.expect ?? '2xx'));
        }
        catch (error) {
            if (!(error instanceof status_list/* StatusListSyntaxError */.c))
                throw error;
            report(field('expect'), error.message, 'Give statuses or classes separated by commas: 200, 2xx, 401,403.', path('expect'));
            return;
        }
        const old = check.old === true;
        if (!old && expect.expectsRefusal) {
            report(field('expect'), `is '${expect.text}' for the new value`, 'A check of the new value expects it accepted (2xx); add old: true to check the old value is refused.', path('expect'));
            return;
        }
        const duration = (name, fallback) => check[name] === undefined ? fallback : (0,src_duration/* parseDuration */.E9)(check[name]);
        checks.push(Object.freeze({
            url,
            method: check.method ?? 'GET',
            auth: check.auth ?? 'bearer',
            expect,
            old,
            withinMs: duration('within', 0),
            intervalMs: duration('interval', 10_000),
            timeoutMs: duration('timeout', 10_000),
        }));
    });
    return checks;
}

;// CONCATENATED MODULE: ../../actions/plan/src/config.ts



/** GitHub's limit on the jobs one matrix may make. */
const MATRIX_MAX_JOBS = 256;
function readPlanConfig(inputs) {
    const credentials = readStoreCredentials(inputs);
    const checkExpiry = inputs.boolean('check-expiry', false);
    if (checkExpiry && inputs.boolean('force', false)) {
        throw new src/* InputError */.dz('force', 'is true with check-expiry: true', 'An expiry check rotates nothing: remove force.');
    }
    return Object.freeze({
        checkExpiry,
        manifest: inputs.string('manifest', DEFAULT_MANIFEST),
        only: inputs.string('only') || undefined,
        force: inputs.boolean('force', false),
        batchSize: inputs.integer('batch-size', MATRIX_MAX_JOBS, { min: 1, max: MATRIX_MAX_JOBS }),
        dryRun: inputs.boolean('dry-run', false),
        credentials,
        concurrency: 8,
        previousAuditLog: inputs.string('previous-audit-log') || undefined,
    });
}

;// CONCATENATED MODULE: ../core/src/past-targets.ts



/**
 * Where a secret's value went last time, for `prune`: the targets a
 * manifest entry no longer lists still hold the value until someone deletes
 * them. The only record keyturn keeps of past targets is its audit log: every
 * finished rotation appends `secret.rotate.completed` with `targets` (the
 * lines it wrote). The stores hold no such list, so plan and rotate read an
 * earlier run's log when given one (`previous-audit-log`: the artifact the
 * workflows upload, downloaded, or an operator's local file); without it,
 * removed targets cannot be known, and plan says so rather than guess.
 *
 * The log is treated as foreign text: each line is parsed on its own, a line
 * that is not an event is skipped, every target goes through the registry's
 * parser (a line that is not a target is skipped), and deletes happen only
 * when `prune` asks, after plan listed them.
 */
const PREVIOUS_AUDIT_LOG_INPUT = 'previous-audit-log';
/** A log larger than this is not an audit log of a few runs. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;
/** The latest finished rotation of each secret id in the log. */
async function readPastRotations(path) {
    const fix = 'Give the path of an earlier run’s audit log (the keyturn-audit artifact, downloaded), or leave it empty.';
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info?.isFile())
        throw new errors/* InputError */.dz(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is not a file`, fix);
    if (info.size > MAX_LOG_BYTES) {
        throw new errors/* InputError */.dz(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is ${info.size} bytes, more than 64 MB`, fix);
    }
    const text = await (0,promises_.readFile)(path, 'utf8');
    const latest = new Map();
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        let event;
        try {
            event = JSON.parse(line);
        }
        catch {
            continue;
        }
        if (typeof event !== 'object' || event === null)
            continue;
        const { event: name, outcome, secret_id: id, time, targets } = event;
        if (name !== 'secret.rotate.completed' || outcome !== 'success' || typeof id !== 'string')
            continue;
        if (typeof time !== 'string' || !Array.isArray(targets))
            continue;
        const parsed = targets.flatMap((one) => {
            if (typeof one !== 'string')
                return [];
            try {
                return [parseTarget(one)];
            }
            catch {
                return [];
            }
        });
        const earlier = latest.get(id);
        if (!earlier || Date.parse(time) >= Date.parse(earlier.time))
            latest.set(id, { time, targets: parsed });
    }
    return latest;
}
/** Targets the entry's last recorded rotation wrote that the manifest no longer lists. */
function removedTargets(entry, past) {
    const listed = new Set(entry.targets.map((target) => targetKey(target)));
    const seen = new Set();
    return (past.get(entry.id)?.targets ?? []).filter((target) => {
        const key = targetKey(target);
        if (listed.has(key) || seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
const describeTargets = (targets) => targets.map((target) => formatTarget(target));

;// CONCATENATED MODULE: ../../actions/plan/src/plan.ts






const ROTATING = new Set(['due', 'unfinished', 'forced', 'finish-grace', 'check-expiry']);
/** Entries whose issuer can say when the stored credential expires (github-pat). */
function expires(entry) {
    return entry.source.kind === 'issuer' && ISSUERS[entry.source.issuerKind]?.expires === true;
}
function isoDate(ms) {
    return new Date(ms).toISOString().slice(0, 10);
}
/** Runs `work` over items, at most `limit` at once, keeping order. */
async function mapLimited(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function decide(entry, head, now, force, 
/** What `head.updatedAt` dates when it is not the store version's own age: "the aws-iam credential". */
aged) {
    const dueAt = head && entry.maxAge.kind === 'duration' ? head.updatedAt + entry.maxAge.ms : undefined;
    if (head?.pending) {
        return {
            decision: 'unfinished',
            dueAt,
            reason: `version ${head.version} was stored by a rotation that has not finished: resume it with that value`,
        };
    }
    if (force)
        return { decision: 'forced', dueAt, reason: 'force: rotate whatever the age' };
    // A grace window the last rotation opened (the store's mark): its end is
    // the mark's time plus the entry's grace now (0 if grace was dropped since).
    const graceEnd = head?.graceSince === undefined ? undefined : head.graceSince + (entry.graceMs ?? 0);
    const due = head !== undefined && entry.maxAge.kind === 'duration' && now - head.updatedAt >= entry.maxAge.ms;
    if (graceEnd !== undefined && !due) {
        const companions = `the NAME_PREVIOUS companions at ${entry.targets.length} target(s)`;
        return now >= graceEnd
            ? {
                decision: 'finish-grace',
                dueAt,
                reason: `the grace of version ${head?.version} ended ${new Date(graceEnd).toISOString()}: remove ${companions}`,
            }
            : {
                decision: 'in-grace',
                dueAt,
                reason: `grace window open until ${new Date(graceEnd).toISOString()}: ${companions} are left alone`,
            };
    }
    if (entry.maxAge.kind === 'on-compromise') {
        return {
            decision: 'on-compromise',
            dueAt: undefined,
            reason: head ? 'never scheduled: rotated only in an emergency' : 'never scheduled, and not in the store yet',
        };
    }
    // A credential a person must make (a GitHub PAT) cannot be rotated by an
    // unattended run: it is reported, not handed to a job that must fail.
    const person = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind]?.madeByPerson : undefined;
    const dueNow = (reason) => person
        ? { decision: 'needs-person', dueAt, reason: `${reason}; ${person.fix}` }
        : { decision: 'due', dueAt, reason };
    if (!head)
        return dueNow('not in the store yet: the first rotation creates it');
    const age = now - head.updatedAt;
    if (age >= entry.maxAge.ms) {
        return dueNow(`${aged ?? `version ${head.version}`} is ${(0,src/* formatDuration */.a3)(Math.max(0, age))} old, max-age ${entry.maxAge.text}`);
    }
    return { decision: 'not-due', dueAt, reason: `due on ${isoDate(dueAt)}` };
}
async function plan(context, config, deps) {
    const { runner } = context;
    const manifest = await loadManifest(config.manifest);
    const past = config.previousAuditLog
        ? await readPastRotations(config.previousAuditLog)
        : undefined;
    const named = config.only === undefined ? manifest.entries : [findEntry(manifest, config.only, 'only')];
    // check-expiry: every entry whose credential expires at its source, due or not.
    const entries = config.checkExpiry ? named.filter(expires) : named;
    // Every store is resolved before the first request: a missing region or
    // credential fails the plan with nothing asked.
    const located = entries.map((entry) => ({
        entry,
        settings: manifestStoreSettings(entry, config.credentials, runner.env),
    }));
    const stores = new Map();
    const storeFor = (settings) => {
        const key = storeKey(settings);
        let store = stores.get(key);
        if (!store) {
            store = deps.openStore(settings, context);
            stores.set(key, store);
        }
        return store;
    };
    const now = context.clock.now();
    const rows = await mapLimited(located, config.concurrency, async ({ entry, settings }) => {
        const base = {
            id: entry.id,
            store: describeStore(settings),
            name: entry.store.name,
            targets: entry.targets.length,
            grace: entry.graceMs === undefined ? '' : (0,src/* formatDuration */.a3)(entry.graceMs),
            issuer: entry.source.kind === 'issuer' ? entry.source.issuerKind : '',
            'removed-targets': past ? removedTargets(entry, past).map((target) => target.line) : null,
        };
        let head;
        try {
            head = await storeFor(settings).head(entry.store.name);
        }
        catch (error) {
            return {
                ...base,
                'age-days': null,
                version: null,
                'due-date': null,
                'grace-until': null,
                decision: 'unreadable',
                reason: (0,src/* errorMessage */.gJ)(error),
            };
        }
        // An issuer that knows its credential's own age (an IAM key's CreateDate) is asked for it,
        // with no stored value and no run credential: that age, not the store version's, is due.
        const module = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind] : undefined;
        let aged;
        if (head && !head.pending && module?.createdAt && entry.source.kind === 'issuer') {
            try {
                const createdAt = await module.createdAt({
                    config: entry.source.config,
                    entry: entry.label,
                    credentials: {},
                    env: runner.env,
                    secrets: context.secrets,
                    clock: context.clock,
                    sleep: context.sleep,
                    log: { info: (line) => runner.info(line), warning: (line) => runner.warning(line) },
                    dryRun: true,
                });
                if (createdAt !== undefined) {
                    head = { ...head, updatedAt: createdAt };
                    aged = `the ${module.kind} credential in use (created ${isoDate(createdAt)})`;
                }
            }
            catch (error) {
                return {
                    ...base,
                    'age-days': null,
                    version: head.version,
                    'due-date': null,
                    'grace-until': null,
                    decision: 'unreadable',
                    reason: `${module.kind}: ${(0,src/* errorMessage */.gJ)(error)}`,
                };
            }
        }
        const planned = decide(entry, head, now, config.force, aged);
        const { decision, dueAt, reason } = config.checkExpiry
            ? { ...planned, decision: 'check-expiry', reason: 'check when the stored credential expires' }
            : planned;
        return {
            ...base,
            'age-days': head ? Math.floor(Math.max(0, now - head.updatedAt) / src/* DAY_MS */.sO) : null,
            version: head?.version ?? null,
            'due-date': dueAt === undefined ? null : isoDate(dueAt),
            'grace-until': head?.graceSince === undefined ? null : new Date(head.graceSince + (entry.graceMs ?? 0)).toISOString(),
            decision,
            reason,
        };
    });
    // Unfinished rotations first (consumers may be split between two values),
    // then the most overdue.
    const overdue = (row) => row['due-date'] === null ? Number.POSITIVE_INFINITY : now - Date.parse(row['due-date']);
    const rotating = rows
        .map((row, index) => ({ row, entry: located[index]?.entry }))
        .filter(({ row }) => ROTATING.has(row.decision))
        .sort((a, b) => {
        const rank = (row) => (row.decision === 'unfinished' ? 0 : 1);
        return rank(a.row) - rank(b.row) || overdue(b.row) - overdue(a.row) || a.entry.index - b.entry.index;
    });
    const jobs = rotating.map(({ row, entry }) => ({
        secret: entry.id,
        store: entry.store.kind,
        decision: row.decision,
    }));
    const batches = [];
    for (let start = 0; start < jobs.length; start += config.batchSize) {
        batches.push({ include: jobs.slice(start, start + config.batchSize) });
    }
    runner.setOutput('matrix', JSON.stringify(batches[0] ?? { include: [] }));
    runner.setOutput('matrix-batches', JSON.stringify(batches));
    runner.setOutput('batches', String(batches.length));
    runner.setOutput('due', String(jobs.length));
    runner.setOutput('report', JSON.stringify(rows));
    const unreadable = rows.filter((row) => row.decision === 'unreadable');
    const count = (decision) => rows.filter((row) => row.decision === decision).length;
    const headline = `${jobs.length} of ${rows.length} secret(s) to rotate` +
        (count('unfinished') ? ` (${count('unfinished')} unfinished, resumed)` : '') +
        (count('finish-grace') ? ` (${count('finish-grace')} closing a grace window)` : '') +
        `; ${count('not-due')} not due, ${count('on-compromise')} on-compromise` +
        (count('in-grace') ? `, ${count('in-grace')} in a grace window` : '') +
        (count('needs-person') ? `, ${count('needs-person')} due but needing a person` : '') +
        (unreadable.length ? `, ${unreadable.length} unreadable` : '') +
        '.';
    const lines = [headline];
    if (batches.length > 1) {
        lines.push(`A matrix holds at most ${config.batchSize} jobs: the ${jobs.length} rotations come in ${batches.length} batches ` +
            `(matrix is batch 1; matrix-batches has all). Secrets in later batches stay due and are planned again next run.`);
    }
    const leftBehind = rows.filter((row) => (row['removed-targets'] ?? []).length > 0);
    if (leftBehind.length > 0) {
        lines.push(`${leftBehind.length} secret(s) were last written to targets the manifest no longer lists; they still hold the value ` +
            '(rotate with prune: true and this previous-audit-log deletes them): ' +
            leftBehind.map((row) => `${row.id}: ${(row['removed-targets'] ?? []).join(', ')}`).join('; ') +
            '.');
    }
    else if (!past) {
        lines.push('Targets removed from the manifest are not checked: give previous-audit-log (an earlier run’s audit log) to find them.');
    }
    if (config.only !== undefined)
        lines.push(`only: ${config.only}${config.force ? ' (forced)' : ''}.`);
    if (config.checkExpiry) {
        lines.push(`check-expiry: the matrix lists the ${jobs.length} entr${jobs.length === 1 ? 'y' : 'ies'} whose credential expires ` +
            '(rotate check-expiry checks each); nothing is rotated.');
    }
    if (config.dryRun)
        lines.push('Dry run: plan reads only; the rotations it lists are not started by plan.');
    const batchOf = new Map(jobs.map((job, index) => [job.secret, Math.floor(index / config.batchSize) + 1]));
    const thisRun = (row) => {
        const batch = batches.length > 1 ? ` (batch ${batchOf.get(row.id)})` : '';
        switch (row.decision) {
            case 'due':
                return `rotate${batch}: ${row.reason}`;
            case 'forced':
                return `rotate${batch}: forced`;
            case 'unfinished':
                return `resume${batch}: ${row.reason}`;
            case 'finish-grace':
                return `finish grace${batch}: ${row.reason}`;
            case 'in-grace':
                return `leave: ${row.reason}`;
            case 'not-due':
                return 'leave';
            case 'on-compromise':
                return `leave: ${row.reason}`;
            case 'needs-person':
                return `wait for a person: ${row.reason}`;
            case 'check-expiry':
                return 'check its expiry';
            case 'unreadable':
                return `error: ${row.reason}`;
        }
    };
    for (const row of rows)
        runner.info(`${row.id}: ${row.decision}: ${row.reason}`);
    for (const row of rows.filter((one) => one.decision === 'needs-person')) {
        runner.warning(`${row.id} is due and ${row.reason.slice(row.reason.indexOf('; ') + 2)}`);
    }
    await runner.appendSummary((0,src/* renderSummary */.Br)({
        title: `keyturn/plan: secret inventory (${manifest.path})`,
        lines,
        table: {
            headers: ['Secret', 'Store', 'Age (days)', 'Next due', 'Targets', 'This run'],
            rows: rows.map((row) => [
                row.id,
                `${row.store} ${row.name}`,
                row['age-days'] === null ? '-' : String(row['age-days']),
                row['due-date'] ??
                    (row.decision === 'on-compromise' ? 'on compromise' : row.decision === 'due' ? 'now' : '-'),
                String(row.targets),
                thisRun(row),
            ]),
        },
    }));
    await context.audit.append({
        event: 'rotation.plan.completed',
        action: 'plan',
        outcome: unreadable.length ? 'failure' : 'success',
        manifest: manifest.path,
        due: jobs.map((job) => job.secret),
        ...(unreadable.length ? { unreadable: unreadable.map((row) => row.id) } : {}),
    });
    if (unreadable.length > 0) {
        throw new src/* CheckFailedError */.CO(`${unreadable.length} of ${rows.length} secret(s) could not be read, so they cannot be planned (the others were):` +
            unreadable.map((row) => `\n  ${row.id} (${row.store} ${row.name}): ${row.reason}`).join(''));
    }
}

;// CONCATENATED MODULE: ../../actions/plan/src/main.ts



/** plan with its real dependencies: the action's entry and the CLI run this. */
const main = (context) => plan(context, readPlanConfig(context.inputs), { openStore: openStore });

;// CONCATENATED MODULE: ../../actions/propagate/src/action-spec.generated.ts
const src_action_spec_generated_ACTION_SPEC = {
    "name": "propagate",
    "description": "Push one secret value to GitHub repository, environment, organization and Dependabot secrets, Heroku config vars and Fly.io app secrets.",
    "inputs": [
        {
            "name": "value",
            "description": "The value to push. Masked at once. Give this or source.",
            "default": "",
            "required": false
        },
        {
            "name": "source",
            "description": "Read the value from a store instead of value: ssm:/path/NAME, infisical:NAME or secrets-manager:NAME (with the store inputs).",
            "default": "",
            "required": false
        },
        {
            "name": "targets",
            "description": "One destination per line: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME[?visibility=all|private|selected&repos=a,b], dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME. Blank lines and # comments are ignored.",
            "required": true
        },
        {
            "name": "github-token",
            "description": "A token that may write secrets at every github / dependabot target (a fine-grained PAT with Secrets read and write, or an app token). Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "github-api-url",
            "description": "GitHub's REST API URL (GitHub Enterprise Server is https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-key",
            "description": "A Heroku API key that may change the apps' config vars. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-url",
            "description": "Heroku's Platform API URL.",
            "default": "https://api.heroku.com",
            "required": false
        },
        {
            "name": "fly-api-token",
            "description": "A Fly.io token that may set the apps' secrets (fly tokens create deploy -a APP, or an org token). Masked at once. Secrets are staged; run fly secrets deploy to roll the machines.",
            "default": "",
            "required": false
        },
        {
            "name": "fly-api-url",
            "description": "Fly.io's Machines API URL.",
            "default": "https://api.machines.dev",
            "required": false
        },
        {
            "name": "concurrency",
            "description": "Targets worked on at once (1 to 20). GitHub writes are also paced to stay under GitHub's secondary rate limit.",
            "default": "4",
            "required": false
        },
        {
            "name": "fail-fast",
            "description": "true to start no further target after the first failure (those left are reported as skipped).",
            "default": "false",
            "required": false
        },
        {
            "name": "aws-region",
            "description": "AWS region, for source: ssm:… or secrets-manager:… (default: the runner's AWS_REGION). AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-url",
            "description": "Infisical URL, for source: infisical:…",
            "default": "https://app.infisical.com",
            "required": false
        },
        {
            "name": "infisical-project-id",
            "description": "Infisical project id, for source: infisical:…",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-environment",
            "description": "Infisical environment slug (dev, staging, prod), for source: infisical:…",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-path",
            "description": "Infisical folder path, for source: infisical:…",
            "default": "/",
            "required": false
        },
        {
            "name": "infisical-client-id",
            "description": "Infisical universal-auth client id.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-client-secret",
            "description": "Infisical universal-auth client secret. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-token",
            "description": "An Infisical access token, instead of universal auth. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "true to read keys and check access for every target, print the plan, and change nothing.",
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
            "name": "updated",
            "description": "How many targets were updated."
        },
        {
            "name": "failed",
            "description": "How many targets failed (the step fails when this is not 0)."
        },
        {
            "name": "report",
            "description": "JSON array, one row per target: {\"target\", \"outcome\" (updated, unchanged-in-dry-run, failed, skipped), \"reason\"}. Never holds a value."
        }
    ]
};

;// CONCATENATED MODULE: ../../actions/propagate/src/config.ts




const SOURCE_FORMS = STORE_KINDS.map((kind) => storeModule(kind).sourceForm).join(' or ');
function parseSource(text) {
    if (text === '')
        return undefined;
    const colon = text.indexOf(':');
    const store = STORE_KINDS.find((kind) => kind === text.slice(0, colon));
    const name = text.slice(colon + 1).trim();
    if (store === undefined || colon < 0 || name === '') {
        throw new src/* InputError */.dz('source', `is '${text}'`, `Write ${SOURCE_FORMS}.`);
    }
    const module = storeModule(store);
    const problem = module.sourceProblem?.(name) ?? storedNameProblem(store, name);
    if (problem) {
        const fix = module.sourceProblem?.(name) ? `Write ${module.sourceForm}.` : storedNameFix(store);
        throw new src/* InputError */.dz('source', `names ${module.service} secret '${name}', which ${problem}`, fix);
    }
    return { store, name };
}
function readPropagateConfig(inputs, env) {
    const value = inputs.secret('value');
    const source = parseSource(inputs.string('source'));
    if (value !== undefined && source !== undefined) {
        throw new src/* InputError */.dz('value', 'and source are both given', 'Give one: the value itself, or where to read it.');
    }
    if (value === undefined && source === undefined) {
        throw new src/* InputError */.dz('value', 'is empty and no source is given', 'Give value, or source: ssm:/path/NAME.');
    }
    const targets = readTargets(inputs, 'targets');
    if (targets.length === 0) {
        throw new src/* InputError */.dz('targets', 'is empty', 'Give one destination per line, such as github:OWNER/REPO/NAME.');
    }
    const destinations = readDestinationSettings(inputs, targets, env);
    if (value !== undefined)
        checkValueFits(targets, value, 'value');
    let store;
    if (source === undefined)
        maskStoreCredentials(inputs);
    else
        store = readStoreSettings(inputs, source.store, env);
    return Object.freeze({
        value,
        source,
        store,
        targets,
        destinations,
        concurrency: readConcurrency(inputs),
        failFast: inputs.boolean('fail-fast', false),
        dryRun: inputs.boolean('dry-run', false),
    });
}

;// CONCATENATED MODULE: ../../actions/propagate/src/propagate.ts


async function readValue(config, context, deps) {
    if (config.value !== undefined)
        return config.value;
    const source = config.source;
    if (!source || !deps.store)
        throw new Error('no value and no store to read it from');
    const store = deps.store(config, context);
    const stored = await store.read(source.name);
    if (!stored) {
        throw new src/* CheckFailedError */.CO(`source ${source.store}:${source.name} does not exist; nothing was propagated`);
    }
    const value = context.secrets.mask(stored.value);
    checkValueFits(config.targets, value, 'source');
    context.runner.info(`Read ${source.store}:${source.name} version ${stored.version}.`);
    return value;
}
async function propagate(context, config, deps) {
    const { runner } = context;
    const value = await readValue(config, context, deps);
    const destinations = deps.destinations(config, context);
    runner.info(`${config.dryRun ? 'Dry run: checking' : 'Propagating to'} ${config.targets.length} target(s), ` +
        `${config.concurrency} at a time.`);
    const report = await (0,src/* propagateValue */.fV)(value, config.targets, destinations, {
        concurrency: config.concurrency,
        failFast: config.failFast,
        dryRun: config.dryRun,
        log: { info: (line) => runner.info(line), error: (line) => runner.error(line) },
        progress: (done, total) => runner.progress?.(done, total, 'targets'),
    });
    runner.setOutput('updated', String(report.updated));
    runner.setOutput('failed', String(report.failed));
    runner.setOutput('report', JSON.stringify(report.rows));
    await runner.appendSummary((0,src/* propagationSummary */.R7)(report, `keyturn/propagate${config.dryRun ? ' (dry run)' : ''}`));
    const failure = (0,src/* propagationFailure */.JQ)(report);
    await context.audit.append({
        event: failure ? 'secret.propagate.failed' : 'secret.propagate.completed',
        action: context.action,
        ...(config.source ? { secret_name: config.source.name, store: config.source.store } : {}),
        targets: report.rows.map((row) => row.target),
        outcome: failure ? 'failure' : config.dryRun ? 'skipped' : 'success',
        dry_run: config.dryRun,
        updated: report.updated,
        failed: report.failed,
        report: report.rows,
    });
    if (failure)
        throw failure;
    return report.rows;
}

;// CONCATENATED MODULE: ../../actions/propagate/src/main.ts




/** The real dependencies: the registry's destination adapters, and the store `source:` names. */
function realDeps(tuning = {}) {
    return {
        destinations: (config, context) => openDestinations(config.destinations, context, { ...tuning, concurrency: config.concurrency }),
        store: (config, context) => {
            if (!config.store)
                throw new Error('a store was asked for without a source');
            return openStore(config.store, context);
        },
    };
}
/** propagate with its real dependencies: the action's entry and the CLI run this. */
const main_main = async (context) => {
    await propagate(context, readPropagateConfig(context.inputs, context.runner.env), realDeps());
};

;// CONCATENATED MODULE: ../../actions/rotate/src/action-spec.generated.ts
const rotate_src_action_spec_generated_ACTION_SPEC = {
    "name": "rotate",
    "description": "Run one rotation manifest entry end to end: issue or generate the new value, store it, push it to every target, verify it, retire the old value, verify the old is refused, audit. Re-runs converge.",
    "inputs": [
        {
            "name": "manifest",
            "description": "The rotation manifest (schema docs/rotation.schema.json).",
            "default": ".github/rotation.yml",
            "required": false
        },
        {
            "name": "secret",
            "description": "The id of the manifest entry to rotate (plan's matrix.secret).",
            "required": true
        },
        {
            "name": "reason",
            "description": "Free text carried by every audit event of this run, such as an incident number.",
            "default": "",
            "required": false
        },
        {
            "name": "force",
            "description": "true to rotate even when the current version is younger than the entry's max-age (and for on-compromise entries).",
            "default": "false",
            "required": false
        },
        {
            "name": "revoke-old",
            "description": "Override the entry's revoke-old: true or false. Empty keeps the manifest's.",
            "default": "",
            "required": false
        },
        {
            "name": "concurrency",
            "description": "Targets written at once (1-20).",
            "default": "4",
            "required": false
        },
        {
            "name": "github-token",
            "description": "A token that may write the entry's GitHub secrets (fine-grained PAT with Secrets read and write, or an app token). Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "github-api-url",
            "description": "The GitHub API URL; empty uses the runner's GITHUB_API_URL.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-key",
            "description": "Heroku API key, for heroku targets. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-url",
            "description": "The Heroku API URL.",
            "default": "https://api.heroku.com",
            "required": false
        },
        {
            "name": "fly-api-token",
            "description": "Fly.io API token, for fly targets. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "fly-api-url",
            "description": "Fly.io's Machines API URL.",
            "default": "https://api.machines.dev",
            "required": false
        },
        {
            "name": "infisical-client-id",
            "description": "Infisical: universal-auth client id, for entries stored in Infisical.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-client-secret",
            "description": "Infisical: universal-auth client secret. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-token",
            "description": "Infisical: an access token, instead of universal auth. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "new-token",
            "description": "github-pat entries: the new token a person created (GitHub has no API to make one). Masked at once. Without it a github-pat rotation is refused before any change: it needs a person.",
            "default": "",
            "required": false
        },
        {
            "name": "postgres-admin-url",
            "description": "postgres entries: an admin connection URL (masked); empty connects as the role with its stored password.",
            "default": "",
            "required": false
        },
        {
            "name": "check-expiry",
            "description": "true to only check when the entry's stored credential expires at its source (github-pat: the token's expiration date against min-days-left), failing within it with the entry id and the date; reads the store and GitHub, changes nothing, needs no target credentials.",
            "default": "false",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "true to read and check everything (store, targets' access, issuer) and print the plan without changing anything.",
            "default": "false",
            "required": false
        },
        {
            "name": "prune",
            "description": "true: delete the targets the entry's last finished rotation wrote (per previous-audit-log) that the manifest no longer lists, after this run's own work; each is listed by plan first. Needs previous-audit-log and the credentials of those targets.",
            "default": "false",
            "required": false
        },
        {
            "name": "previous-audit-log",
            "description": "An earlier run's audit log (JSON Lines), the record of where the value went last time; read by prune.",
            "default": "",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines file the audit events are appended to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "rotated",
            "description": "true when this run stored a new value or finished an unfinished rotation; false when not due, in a dry run, or when it only closed a grace window."
        },
        {
            "name": "version",
            "description": "The store's current version after the run."
        },
        {
            "name": "previous-version",
            "description": "The version that was current before the rotation ('' when the secret was created)."
        },
        {
            "name": "updated",
            "description": "Targets written by this run."
        },
        {
            "name": "failed",
            "description": "Targets or stages that failed."
        },
        {
            "name": "expires-at",
            "description": "check-expiry: when the stored credential expires (ISO 8601); '' when it does not or without check-expiry."
        },
        {
            "name": "days-left",
            "description": "check-expiry: whole days until it expires; '' when it does not or without check-expiry."
        },
        {
            "name": "report",
            "description": "JSON rows, one per stage and target: {\"stage\":\"prune\"|\"finish-grace\"|\"issue\"|\"store\"|\"companion\"|\"target\"|\"verify-new\"|\"retire\"|\"verify-old\"|\"expiry\"|\"audit\",\"target\"?,\"outcome\":\"done\"|\"already-done\"|\"updated\"|\"unchanged\"|\"skipped\"|\"would-do\"|\"failed\",\"detail\"?}. With grace, \"companion\" rows are the NAME_PREVIOUS writes (the old value, before any target gets the new one) and \"finish-grace\" rows their deletion by a later run. Never a value."
        }
    ]
};

;// CONCATENATED MODULE: ../../actions/rotate/src/config.ts






/** Every input and the entry read and checked, before any request: a
 * missing credential, an unknown id or a bad manifest changes nothing. */
async function readRotateConfig(inputs, env) {
    // Credentials are masked first, whatever else is wrong.
    const storeCredentials = readStoreCredentials(inputs);
    const given = {
        'github-token': inputs.secret('github-token'),
        'heroku-api-key': inputs.secret('heroku-api-key'),
        'fly-api-token': inputs.secret('fly-api-token'),
        'new-token': inputs.secret('new-token'),
        'postgres-admin-url': inputs.secret('postgres-admin-url'),
        'infisical-token': inputs.secret('infisical-token'),
        'infisical-client-secret': inputs.secret('infisical-client-secret'),
    };
    const manifestPath = inputs.string('manifest', DEFAULT_MANIFEST);
    const id = inputs.required('secret', "Give the id of the manifest entry to rotate (plan's matrix.secret).");
    const manifest = await loadManifest(manifestPath);
    const entry = findEntry(manifest, id, 'secret');
    const checkExpiry = inputs.boolean('check-expiry', false);
    if (checkExpiry) {
        const module = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind] : undefined;
        if (!module?.expires) {
            throw new src/* InputError */.dz('check-expiry', `is true but ${entry.label} ${module ? `has a ${module.kind} issuer, which` : 'generates its value, which'} has no expiry to check`, `Use check-expiry with entries whose issuer expires (${Object.values(ISSUERS)
                .filter((one) => one.expires)
                .map((one) => one.kind)
                .join(', ')}), such as plan's check-expiry matrix.`);
        }
        const set = [
            ...(inputs.boolean('force', false) ? ['force'] : []),
            ...['revoke-old', 'new-token'].filter((name) => inputs.string(name) !== ''),
        ];
        if (set[0] !== undefined) {
            throw new src/* InputError */.dz(set[0], 'is set with check-expiry: true', 'An expiry check changes nothing: remove it.');
        }
    }
    // An expiry check reads the store only: the targets' credentials are not needed.
    checkCredentials(checkExpiry ? { ...entry, targets: [] } : entry, (input) => given[input] !== undefined);
    let issuer;
    if (entry.source.kind === 'issuer') {
        const module = ISSUERS[entry.source.issuerKind];
        if (!module)
            throw new Error(`issuer ${entry.source.issuerKind} passed the manifest but is not registered`);
        const credentials = {};
        // Secret ones are masked as read; others are settings (github-pat's github-api-url).
        for (const need of module.credentialInputs)
            credentials[need.input] = need.secret
                ? (given[need.input] ?? inputs.secret(need.input))
                : inputs.string(need.input) || undefined;
        issuer = { module, credentials: Object.freeze(credentials) };
    }
    const revokeText = inputs.string('revoke-old');
    const revokeOld = !checkExpiry && (revokeText === '' ? entry.revokeOld : inputs.boolean('revoke-old', entry.revokeOld));
    if (revokeOld && entry.source.kind === 'generate') {
        throw new src/* InputError */.dz('revoke-old', `is true but ${entry.label} generates its value`, 'A generated value has no issuer to revoke it at: drop revoke-old.');
    }
    const prune = inputs.boolean('prune', false);
    const previousLog = inputs.string(PREVIOUS_AUDIT_LOG_INPUT);
    if (prune && previousLog === '') {
        throw new src/* InputError */.dz('prune', `is true but ${PREVIOUS_AUDIT_LOG_INPUT} is empty`, "prune deletes the targets the last rotation wrote that the manifest no longer lists, and keyturn knows them only from that rotation's audit log: give previous-audit-log (the keyturn-audit artifact of an earlier run).");
    }
    const removed = previousLog === '' ? [] : removedTargets(entry, await readPastRotations(previousLog));
    return Object.freeze({
        manifestPath,
        entry,
        store: Object.freeze(manifestStoreSettings(entry, storeCredentials, env)),
        // A target to prune needs its service's credential like any other.
        destinations: readDestinationSettings(inputs, checkExpiry ? [] : prune ? [...entry.targets, ...removed] : entry.targets, env),
        issuer,
        reason: inputs.string('reason') || undefined,
        force: inputs.boolean('force', false),
        revokeOld,
        concurrency: readConcurrency(inputs),
        dryRun: inputs.boolean('dry-run', false),
        checkExpiry,
        prune,
        removedTargets: Object.freeze(removed),
    });
}

// EXTERNAL MODULE: ../core/src/adapters/http-verifier.ts
var http_verifier = __webpack_require__(4134);
;// CONCATENATED MODULE: ../../actions/rotate/src/rotate.ts





/** An expiry check that failed: its row, summary and audit event are already written. */
class ExpiryError extends src/* CheckFailedError */.CO {
}
/** Runs `work` over every item, at most `limit` at once. */
async function eachLimited(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
function authScheme(text) {
    if (text === 'bearer' || text === 'token' || text === 'basic')
        return { kind: text };
    return { kind: 'header', header: text.slice('header:'.length) };
}
async function rotateEntry(context, config, deps) {
    const { runner } = context;
    const { entry } = config;
    const name = entry.store.name;
    const where = `${describeStore(config.store)} ${name}`;
    const rows = [];
    const row = (stage, outcome, detail, target) => {
        rows.push({
            stage,
            ...(target === undefined ? {} : { target }),
            outcome,
            ...(detail === undefined ? {} : { detail }),
        });
        runner.info(`${stage}${target ? ` ${target}` : ''}: ${outcome}${detail ? ` (${detail})` : ''}`);
    };
    const audit = (event) => context.audit.append({
        action: 'rotate',
        secret_id: entry.id,
        secret_name: name,
        store: entry.store.kind,
        reason: config.reason ?? '',
        dry_run: config.dryRun,
        ...event,
    });
    const outputs = { rotated: false, version: '', previousVersion: '' };
    const finish = async (headline) => {
        const count = (outcome) => rows.filter((one) => one.outcome === outcome).length;
        runner.setOutput('rotated', String(outputs.rotated));
        runner.setOutput('version', outputs.version);
        runner.setOutput('previous-version', outputs.previousVersion);
        runner.setOutput('updated', String(count('updated')));
        runner.setOutput('failed', String(count('failed')));
        runner.setOutput('report', JSON.stringify(rows));
        await runner.appendSummary((0,src/* renderSummary */.Br)({
            title: `keyturn/rotate: ${entry.id}${config.dryRun ? ' (dry run)' : ''}`,
            lines: [headline, ...(config.reason ? [`Reason: ${config.reason}`] : [])],
            table: {
                headers: ['Stage', 'Target', 'Outcome', 'Detail'],
                rows: rows.map((one) => [one.stage, one.target ?? '', one.outcome, one.detail ?? '']),
            },
        }));
    };
    const grace = entry.graceMs !== undefined;
    let stage = 'store';
    /** How a re-run finishes a rotation stopped after its store write: a store
     * that marks the version (SSM, Secrets Manager) makes plan resume it; one
     * that cannot (Infisical) needs a forced re-run, which an issuer that knows
     * its stored credential (github-pat, the same new-token) finishes. */
    let rerun = 'running rotate again resumes with the same value';
    let marked = ' and marked unfinished';
    /** The store holds a version marked unfinished (written now, or resumed). */
    let inFlight = false;
    try {
        const store = deps.openStore(config.store, context);
        if (!store.settle) {
            marked = '';
            rerun =
                `${describeStore(config.store)} keeps no unfinished mark, so plan will not resume it: run rotate again with force` +
                    (entry.source.kind === 'issuer'
                        ? ` (and the same ${ISSUERS[entry.source.issuerKind]?.madeByPerson?.input ?? 'credentials'}) to finish it`
                        : ', which generates and stores another value');
        }
        const destinations = deps.openDestinations(config.destinations, context, config.concurrency);
        const issuerContext = config.issuer
            ? {
                config: entry.source.kind === 'issuer' ? entry.source.config : {},
                entry: entry.label,
                credentials: config.issuer.credentials,
                env: context.runner.env,
                secrets: context.secrets,
                clock: context.clock,
                sleep: context.sleep,
                log: { info: (line) => runner.info(line), warning: (line) => runner.warning(line) },
                dryRun: config.dryRun,
                retireOld: config.revokeOld,
            }
            : undefined;
        const issuer = config.issuer && issuerContext ? await config.issuer.module.open(issuerContext) : undefined;
        // prune: the targets the last recorded rotation wrote that the manifest
        // no longer lists are deleted once this run's own work is done.
        const pruneThenFinish = async (headline) => {
            if (config.prune && config.removedTargets.length > 0) {
                stage = 'prune';
                await pruneRemoved(destinations);
            }
            await finish(headline);
        };
        const now = context.clock.now();
        if (config.checkExpiry) {
            stage = 'expiry';
            await checkExpiry(store, issuer, now);
            return;
        }
        const head = await store.head(name);
        let resuming = head?.pending === true;
        inFlight = resuming;
        outputs.version = head?.version ?? '';
        outputs.previousVersion = head?.version ?? '';
        const graceEnd = head?.graceSince === undefined ? undefined : head.graceSince + (entry.graceMs ?? 0);
        const graceOver = graceEnd !== undefined && now >= graceEnd;
        const isDue = config.force || !head || (entry.maxAge.kind === 'duration' && now - head.updatedAt >= entry.maxAge.ms);
        if (!resuming && head && graceEnd !== undefined && (graceOver || isDue)) {
            stage = 'finish-grace';
            await closeGrace(store, destinations, issuer, head, graceOver ? 'the grace period is over' : 'a new rotation starts');
            if (!isDue) {
                await pruneThenFinish(config.dryRun
                    ? `Dry run: the grace window of version ${head.version} would be closed; nothing was changed (${where}).`
                    : `Grace window of version ${head.version} closed: the NAME_PREVIOUS companions are gone from every target (${where}).`);
                return;
            }
        }
        else if (!resuming && graceEnd !== undefined && !isDue) {
            const until = new Date(graceEnd).toISOString();
            const detail = `the grace window of version ${head?.version} is open until ${until}: the companions are left alone`;
            row('finish-grace', 'skipped', detail);
            await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', version: head?.version, detail });
            await pruneThenFinish(`Not rotated: ${detail}.`);
            return;
        }
        if (!resuming && !config.force) {
            let notDue;
            // The age plan decided by: the issuer's own (an IAM key's CreateDate) where it has one.
            const issuedAt = head && entry.maxAge.kind === 'duration' && issuerContext && config.issuer?.module.createdAt
                ? await config.issuer.module.createdAt(issuerContext)
                : undefined;
            const bornAt = issuedAt ?? head?.updatedAt;
            const aged = issuedAt === undefined ? `version ${head?.version}` : `the ${issuer?.kind} credential in use`;
            if (entry.maxAge.kind === 'on-compromise') {
                notDue = 'max-age is on-compromise: it is rotated only with force (an emergency)';
            }
            else if (head && bornAt !== undefined && now - bornAt < entry.maxAge.ms) {
                const dueOn = new Date(bornAt + entry.maxAge.ms).toISOString().slice(0, 10);
                notDue = `${aged} is ${(0,src/* formatDuration */.a3)(now - bornAt)} old, younger than max-age ${entry.maxAge.text}: due on ${dueOn}`;
            }
            if (notDue !== undefined) {
                row('store', 'skipped', notDue);
                await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', version: head?.version, detail: notDue });
                await pruneThenFinish(`Not rotated: ${notDue}. Pass force to rotate now.`);
                return;
            }
        }
        // Reads and checks only: nothing has changed if any of these fails.
        const served = entry.targets.map((target) => ({ target, destination: (0,src/* destinationFor */.mZ)(destinations, target) }));
        const companions = grace ? entry.targets.map((target) => companionTarget(target)) : [];
        if (!resuming)
            await store.checkWritable(name);
        // Reads only (a public key, a config, a list: once per scope), so in parallel.
        const toPrepare = [...entry.targets, ...companions, ...(config.prune ? config.removedTargets : [])];
        await eachLimited(toPrepare, config.concurrency, (target) => (0,src/* destinationFor */.mZ)(destinations, target).prepare(target));
        const current = resuming ? undefined : head ? await store.read(name) : undefined;
        const previous = issuer && !resuming ? await store.readPrevious?.(name) : undefined;
        // A resumed rotation issues nothing: its checks are apply's (the stored value still accepted at the source).
        const issuerPlan = issuer && !resuming ? await issuer.check(current, previous) : undefined;
        // The issuer recognises its credential as already stored (a store with no
        // pending mark): finish that rotation, with the previous version as the old.
        if (!resuming && issuerPlan?.alreadyStored) {
            resuming = true;
            inFlight = true;
        }
        if (config.dryRun) {
            if (resuming)
                row('store', 'would-do', issuerPlan?.plan ?? `resume the unfinished rotation of version ${head?.version}`);
            else
                row('issue', 'would-do', entry.source.kind === 'generate'
                    ? `generate ${entry.source.text}`
                    : (issuerPlan?.plan ?? `issue with ${entry.source.issuerKind}`));
            if (!resuming)
                row('store', 'would-do', head ? `write the version after ${head.version}` : `create ${name}`);
            for (const companion of companions)
                row('companion', 'would-do', 'the old value, kept for the grace period (access checked)', companion.line);
            for (const { target } of served)
                row('target', 'would-do', 'access checked', target.line);
            for (const check of entry.verify)
                row(check.old ? 'verify-old' : 'verify-new', 'would-do', `${check.method} ${check.url.origin}${check.url.pathname} expects ${check.expect.text}`);
            if (grace)
                row('retire', 'would-do', `keep the old value for ${(0,src/* formatDuration */.a3)(entry.graceMs ?? 0)}, then remove it`);
            else if (config.revokeOld)
                row('retire', 'would-do', 'revoke the old credential');
            else if (issuer?.retiresOld)
                row('retire', 'would-do', `retire the old credential at ${issuer.kind}`);
            await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', detail: 'dry run', version: head?.version });
            await pruneThenFinish(`Dry run: every read and check passed; nothing was changed (${where}).`);
            return;
        }
        // 1-2. The new value, and the store.
        let value;
        let old;
        if (resuming) {
            const stored = await store.read(name);
            if (!stored)
                throw new src/* CheckFailedError */.CO(`${where} disappeared while its rotation was unfinished`);
            value = stored.value;
            old = await store.readPrevious?.(name);
            outputs.version = stored.version;
            outputs.previousVersion = old?.version ?? '';
            row('issue', 'already-done', "the unfinished rotation's value is reused");
            row('store', 'already-done', `version ${stored.version} was stored by the unfinished rotation`);
        }
        else {
            stage = 'issue';
            old = current;
            let issued;
            if (issuer) {
                issued = await issuer.issue(current, previous);
                context.secrets.mask(issued.value);
                value = issued.value;
                row('issue', 'done', issued.detail ?? `issued by ${issuer.kind}`);
            }
            else if (entry.source.kind === 'generate') {
                value = (await (0,src/* generateSecret */.Kl)(entry.source.spec, context.secrets)).value;
                row('issue', 'done', `generated ${entry.source.text}`);
            }
            else {
                throw new Error('an issuer entry reached rotate without its issuer');
            }
            stage = 'store';
            let written;
            try {
                checkValueFits(entry.targets, value, 'manifest');
                await checkWritesFit(destinations, value, grace ? current : undefined);
                written = await store.write(name, value, { pending: true });
            }
            catch (error) {
                // A credential the store could not take must not be left behind at its source.
                if (issued && issuer?.discard)
                    await issuer.discard(issued);
                throw error;
            }
            inFlight = true;
            outputs.rotated = true;
            outputs.version = written.version;
            outputs.previousVersion = written.previousVersion ?? '';
            row('store', 'done', written.previousVersion
                ? `version ${written.version} is current, ${written.previousVersion} kept as previous`
                : `created version ${written.version}`);
        }
        // The source accepts the stored value before any consumer is handed it.
        if (issuer) {
            stage = 'issue';
            await issuer.apply?.({ value }, resuming ? old : current, resuming ? undefined : previous);
            stage = 'verify-new';
            await issuer.proveNew(value);
            row('verify-new', 'done', `accepted by ${issuer.kind}`);
        }
        // 3a. With a grace, the old value goes to every NAME_PREVIOUS companion
        // before any target gets the new one.
        if (grace && old) {
            stage = 'companion';
            checkValueFits(companions, old.value, 'manifest');
            const kept = await (0,src/* propagateValue */.fV)(old.value, companions, destinations, {
                concurrency: config.concurrency,
                failFast: false,
                dryRun: false,
                compareFirst: true,
                log: { info: () => undefined, error: () => undefined },
            });
            for (const one of kept.rows) {
                const outcome = one.outcome === 'unchanged-in-dry-run' ? 'would-do' : one.outcome;
                row('companion', outcome, one.reason ?? 'the old value, kept for the grace period', one.target);
            }
            if (kept.failed) {
                throw new src/* CheckFailedError */.CO(`${kept.failed} of ${kept.rows.length} grace companion(s) could not be written, so no target was given the new value; ` +
                    `version ${outputs.version} stays marked unfinished, and running rotate again resumes with the same value:` +
                    kept.rows
                        .filter((one) => one.outcome === 'failed')
                        .map((one) => `\n  ${one.target}: ${one.reason}`)
                        .join(''));
            }
        }
        else if (grace) {
            row('companion', 'skipped', 'no previous value to keep (a first rotation)');
        }
        // 3. Every target; compared first where the service allows it.
        stage = 'target';
        const pushed = await (0,src/* propagateValue */.fV)(value, entry.targets, destinations, {
            concurrency: config.concurrency,
            failFast: false,
            dryRun: false,
            compareFirst: true,
            log: { info: () => undefined, error: () => undefined },
        });
        for (const one of pushed.rows) {
            const outcome = one.outcome === 'unchanged-in-dry-run' ? 'would-do' : one.outcome;
            row('target', outcome, one.reason, one.target);
        }
        await audit({
            event: pushed.failed ? 'secret.propagate.failed' : 'secret.propagate.completed',
            outcome: pushed.failed ? 'failure' : 'success',
            version: outputs.version,
            targets: pushed.rows
                .filter((one) => one.outcome === 'updated' || one.outcome === 'unchanged')
                .map((one) => one.target),
        });
        if (pushed.failed) {
            throw new src/* CheckFailedError */.CO(`${pushed.failed} of ${pushed.rows.length} target(s) failed; version ${outputs.version} is stored${marked}, ` +
                `the old value is not retired; ${rerun}:` +
                pushed.rows
                    .filter((one) => one.outcome === 'failed')
                    .map((one) => `\n  ${one.target}: ${one.reason}`)
                    .join(''));
        }
        // 4. The new value is accepted.
        stage = 'verify-new';
        for (const check of entry.verify.filter((one) => !one.old))
            await prove(check, value, 'verify-new');
        // 5-6. The old value is retired, then proven refused.
        stage = 'retire';
        let retired = false;
        const keeping = grace && old !== undefined;
        // Some issuers retire on every rotation (aws-iam deactivates the old key); revoke-old removes it at once.
        const retiring = config.revokeOld || issuer?.retiresOld === true;
        if (keeping) {
            row('retire', 'skipped', `the old value is kept for the grace period (${(0,src/* formatDuration */.a3)(entry.graceMs ?? 0)}); a later run removes it` +
                (config.revokeOld ? ' and revokes it' : ''));
        }
        else if (retiring && issuer && old) {
            const result = await issuer.retire(old, { graceMs: entry.graceMs, revokeOld: config.revokeOld });
            retired = result.outcome !== 'kept';
            row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
        }
        else if (retiring && !old) {
            row('retire', 'skipped', 'no previous value to retire');
        }
        stage = 'verify-old';
        for (const check of entry.verify.filter((one) => one.old)) {
            if (!old) {
                row('verify-old', 'skipped', 'no previous value to check (a first rotation, or a store that keeps none)');
                continue;
            }
            if (keeping) {
                row('verify-old', 'skipped', 'the old value is meant to work during the grace period: checked when it ends');
                continue;
            }
            await prove(check, old.value, 'verify-old');
        }
        if (issuer?.proveRetired && retired && old) {
            await issuer.proveRetired(old);
            row('verify-old', 'done', `refused by ${issuer.kind}`);
        }
        // 7. Finished: the pending mark goes, the audit event is written.
        stage = 'audit';
        let graceUntil;
        if (keeping) {
            if (!store.openGrace)
                throw new Error(`the ${store.kind} store cannot mark a grace window`);
            const since = context.clock.now();
            // Before the pending mark goes: a finished version is never without its window.
            await store.openGrace(name, outputs.version, since);
            graceUntil = new Date(since + (entry.graceMs ?? 0)).toISOString();
            row('audit', 'done', `grace window open until ${graceUntil}`);
        }
        await store.settle?.(name, outputs.version);
        inFlight = false;
        outputs.rotated = true;
        await audit({
            event: 'secret.rotate.completed',
            outcome: 'success',
            version: outputs.version,
            ...(outputs.previousVersion ? { previous_version: outputs.previousVersion } : {}),
            targets: entry.targets.map((target) => target.line),
            resumed: resuming,
            ...(graceUntil ? { grace_until: graceUntil, companions: companions.map((target) => target.line) } : {}),
        });
        row('audit', 'done', resuming ? 'resumed rotation completed' : 'rotation completed');
        await pruneThenFinish(`${resuming ? 'Resumed and finished' : 'Rotated'}: ${where} version ${outputs.version} is current and at every target` +
            (outputs.previousVersion ? `; version ${outputs.previousVersion} is kept as previous` : '') +
            (graceUntil ? `, and at every target's NAME_PREVIOUS until ${graceUntil}.` : '.'));
    }
    catch (error) {
        if (error instanceof ExpiryError)
            throw error;
        row(stage, 'failed', (0,src/* errorMessage */.gJ)(error));
        await audit({
            event: 'secret.rotate.failed',
            outcome: 'failure',
            stage,
            detail: (0,src/* errorMessage */.gJ)(error),
            version: outputs.version,
        });
        await finish(`Failed at ${stage}. ${inFlight ? `Version ${outputs.version} is stored${marked}; the old value is neither retired nor gone: ${rerun}.` : 'Nothing was changed.'}`);
        throw error;
    }
    /** Deletes every removed target (absent = already done); every one is
     * tried, and a failure fails the step after the rest, naming the line. */
    async function pruneRemoved(destinations) {
        const removed = config.removedTargets;
        for (const target of removed)
            await (0,src/* destinationFor */.mZ)(destinations, target).prepare(target);
        if (config.dryRun) {
            for (const target of removed)
                row('prune', 'would-do', 'delete: no longer in the manifest', target.line);
            return;
        }
        const failures = [];
        const deleted = [];
        for (const target of removed) {
            const destination = (0,src/* destinationFor */.mZ)(destinations, target);
            try {
                if (!destination.delete)
                    throw new Error(`this destination cannot delete ${target.line}`);
                const outcome = await destination.delete(target);
                if (outcome === 'deleted')
                    deleted.push(target.line);
                row('prune', outcome === 'deleted' ? 'done' : 'already-done', outcome === 'deleted' ? 'deleted: no longer in the manifest' : 'already gone', target.line);
            }
            catch (error) {
                row('prune', 'failed', (0,src/* errorMessage */.gJ)(error), target.line);
                failures.push(`\n  ${target.line}: ${(0,src/* errorMessage */.gJ)(error)}`);
            }
        }
        await audit({
            event: 'secret.targets.pruned',
            outcome: failures.length > 0 ? 'failure' : 'success',
            targets: deleted,
            ...(failures.length > 0 ? { detail: `${failures.length} target(s) could not be deleted` } : {}),
        });
        if (failures.length > 0) {
            throw new src/* CheckFailedError */.CO(`${failures.length} of ${removed.length} target(s) removed from the manifest could not be deleted (the rest were); running rotate again with prune tries them again:${failures.join('')}`);
        }
    }
    /** The new value at every target and, with a grace, the old one at every
     * companion, checked together against limits that span several vars
     * (Heroku's 32 KB per app) before anything is written. */
    async function checkWritesFit(destinations, value, old) {
        const writes = [
            ...entry.targets.map((target) => ({ target, value })),
            ...(old ? entry.targets.map((target) => ({ target: companionTarget(target), value: old.value })) : []),
        ];
        if (old)
            checkValueFits(writes.slice(entry.targets.length).map((one) => one.target), old.value, 'manifest');
        for (const destination of destinations) {
            const mine = writes.filter((one) => destination.handles(one.target));
            const problem = mine.length > 0 ? await destination.writesProblem?.(mine) : undefined;
            if (problem) {
                throw new src/* InputError */.dz('manifest', `${entry.label}: ${problem}${old ? ' (the new value and, for the grace period, the old one at NAME_PREVIOUS)' : ''}`, old
                    ? 'Make room where it says, use a shorter value, or drop grace.'
                    : 'Make room where it says, or use a shorter value.');
            }
        }
    }
    /**
     * Closes the grace window the current version opened: every companion
     * deleted (an absent one is already done), the old value retired where
     * the entry says (revoke after the grace) and the issuer's finishGrace
     * called, then the store's mark cleared. A failure leaves the mark, so the
     * next run does it again; every step is idempotent.
     */
    async function closeGrace(store, destinations, issuer, head, why) {
        const companions = entry.targets.map((target) => companionTarget(target));
        await eachLimited(companions, config.concurrency, (companion) => (0,src/* destinationFor */.mZ)(destinations, companion).prepare(companion));
        const old = await store.readPrevious?.(name);
        if (config.dryRun) {
            for (const companion of companions)
                row('finish-grace', 'would-do', `delete (${why})`, companion.line);
            if (config.revokeOld && issuer && old)
                row('retire', 'would-do', 'revoke the old credential');
            if (issuer?.finishGrace)
                row('retire', 'would-do', `${issuer.kind}: finish the grace period`);
            return;
        }
        const failures = [];
        await eachLimited(companions, config.concurrency, async (companion) => {
            const destination = (0,src/* destinationFor */.mZ)(destinations, companion);
            try {
                if (!destination.delete)
                    throw new Error(`this destination cannot delete ${companion.line}`);
                const outcome = await destination.delete(companion);
                row('finish-grace', outcome === 'deleted' ? 'done' : 'already-done', outcome === 'deleted' ? `deleted (${why})` : 'already gone', companion.line);
            }
            catch (error) {
                row('finish-grace', 'failed', (0,src/* errorMessage */.gJ)(error), companion.line);
                failures.push(`\n  ${companion.line}: ${(0,src/* errorMessage */.gJ)(error)}`);
            }
        });
        if (failures.length > 0) {
            throw new src/* CheckFailedError */.CO(`${failures.length} of ${companions.length} grace companion(s) could not be deleted; the grace mark of version ${head.version} stays, and the next run tries again:${failures.join('')}`);
        }
        if (old && issuer && config.revokeOld) {
            stage = 'retire';
            const result = await issuer.retire(old, { graceMs: 0 });
            row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
            if (issuer.proveRetired && result.outcome !== 'kept') {
                stage = 'verify-old';
                await issuer.proveRetired(old);
                row('verify-old', 'done', `refused by ${issuer.kind}`);
            }
        }
        if (old && issuer?.finishGrace) {
            stage = 'retire';
            const result = await issuer.finishGrace(old);
            row('retire', result.outcome === 'already-retired' ? 'already-done' : 'done', result.detail ?? result.outcome);
        }
        if (old) {
            stage = 'verify-old';
            for (const check of entry.verify.filter((one) => one.old))
                await prove(check, old.value, 'verify-old');
        }
        stage = 'finish-grace';
        await store.closeGrace?.(name);
        row('finish-grace', 'done', `grace window of version ${head.version} closed`);
        await audit({
            event: 'secret.grace.finished',
            outcome: 'success',
            version: head.version,
            ...(old ? { previous_version: old.version } : {}),
            companions: companions.map((companion) => companion.line),
        });
    }
    /** check-expiry: the stored credential's expiry at its source, read only. */
    async function checkExpiry(store, issuer, now) {
        if (!issuer?.expiry)
            throw new Error(`${entry.label}: check-expiry reached an issuer that has no expiry`);
        const stored = await store.read(name);
        if (!stored) {
            throw new src/* CheckFailedError */.CO(`${entry.id}: ${where} holds no value yet, so there is no credential whose expiry to check. ` +
                'Rotate it once (the emergency workflow) to store the first one.');
        }
        const expiry = await issuer.expiry(stored);
        const expiresAt = expiry.expiresAt === undefined ? '' : new Date(expiry.expiresAt).toISOString();
        const days = expiry.expiresAt === undefined ? undefined : Math.floor((expiry.expiresAt - now) / src/* DAY_MS */.sO);
        runner.setOutput('expires-at', expiresAt);
        runner.setOutput('days-left', days === undefined ? '' : String(days));
        const soon = days !== undefined && days < expiry.warnDays;
        const detail = days === undefined
            ? `${expiry.subject}, version ${stored.version}: does not expire`
            : `${expiry.subject}, version ${stored.version}: expires on ${expiresAt.slice(0, 10)} (${expiresAt}), ${days} day(s) left; min-days-left ${expiry.warnDays}`;
        row('expiry', soon ? 'failed' : 'done', detail);
        await audit({
            event: 'secret.expiry.checked',
            outcome: soon ? 'failure' : 'success',
            version: stored.version,
            expires_at: expiresAt === '' ? null : expiresAt,
            days_left: days ?? null,
            min_days_left: expiry.warnDays,
        });
        outputs.version = stored.version;
        outputs.previousVersion = stored.version;
        if (soon) {
            const when = days < 0 ? 'has expired' : `expires in ${days} day(s)`;
            const message = `${entry.id}: the stored credential (${expiry.subject}) ${when}, on ${expiresAt.slice(0, 10)} (${expiresAt}), ` +
                `within min-days-left ${expiry.warnDays}. ${expiry.fix}`;
            await finish(message);
            throw new ExpiryError(message);
        }
        await finish(`Checked only, nothing was changed: ${detail}.`);
    }
    async function prove(check, credential, stageName) {
        const verifier = (0,http_verifier/* createHttpVerifier */.lX)({
            url: check.url,
            method: check.method,
            auth: authScheme(check.auth),
            expect: check.expect,
            withinMs: check.withinMs,
            intervalMs: check.intervalMs,
            timeoutMs: check.timeoutMs,
        }, { fetch: deps.fetch, clock: context.clock, sleep: context.sleep });
        const result = await verifier.check(credential);
        const shown = `${check.method} ${check.url.origin}${check.url.pathname}`;
        if (!result.ok) {
            throw new src/* CheckFailedError */.CO(`${stageName === 'verify-new' ? 'the new value' : 'the old value'} failed ${shown}: expected ${check.expect.text}, ` +
                `${result.reason ?? `got ${result.status}`} after ${result.attempts} attempt(s)`);
        }
        row(stageName, 'done', `${shown} answered ${result.status} (${check.expect.text})`);
    }
}

;// CONCATENATED MODULE: ../../actions/rotate/src/main.ts




const main_realDeps = {
    openStore: openStore,
    openDestinations: (settings, context, concurrency) => openDestinations(settings, context, { concurrency }),
    fetch: (input, init) => globalThis.fetch(input, init),
};
/** rotate with its real dependencies: the action's entry and the CLI run this. */
const src_main_main = async (context) => rotateEntry(context, await readRotateConfig(context.inputs, context.runner.env), main_realDeps);

;// CONCATENATED MODULE: ../../actions/rotate-pat/src/action-spec.generated.ts
const rotate_pat_src_action_spec_generated_ACTION_SPEC = {
    "name": "rotate-pat",
    "description": "The GitHub token runbook in one step. Validate a new token a person created, store it, push it to every consumer, revoke the old one and prove it gets 401.",
    "inputs": [
        {
            "name": "new-token",
            "description": "The new token (ghp_, github_pat_, gho_, ghu_). Required unless check-only. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "old-token",
            "description": "The token it replaces. Its login is the default expected-login; revoke-old revokes it. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "expected-login",
            "description": "The account new-token must belong to. Empty means old-token's account.",
            "default": "",
            "required": false
        },
        {
            "name": "min-days-left",
            "description": "Refuse a token (or, with check-only, fail) that expires in fewer days than this.",
            "default": "7",
            "required": false
        },
        {
            "name": "required-repos",
            "description": "Repositories (OWNER/REPO, one per line) new-token must be able to read.",
            "default": "",
            "required": false
        },
        {
            "name": "name",
            "description": "Store new-token under this name (SSM parameter name, Infisical key or Secrets Manager secret name). Empty stores nothing, and then no store input may be set.",
            "default": "",
            "required": false
        },
        {
            "name": "store",
            "description": "Where name lives: ssm, infisical or secrets-manager (AWS Secrets Manager, staging labels AWSCURRENT / AWSPREVIOUS).",
            "default": "ssm",
            "required": false
        },
        {
            "name": "kms-key-id",
            "description": "SSM and Secrets Manager: the KMS key (key id, key ARN or alias/NAME). Empty uses the AWS managed key. Secrets Manager applies it when it creates the secret.",
            "default": "",
            "required": false
        },
        {
            "name": "tier",
            "description": "SSM: Standard, Advanced or Intelligent-Tiering. Empty keeps the parameter's tier.",
            "default": "",
            "required": false
        },
        {
            "name": "description",
            "description": "SSM: the parameter's description; Secrets Manager: the description of a secret it creates.",
            "default": "",
            "required": false
        },
        {
            "name": "aws-region",
            "description": "SSM and Secrets Manager: the AWS region. Empty uses AWS_REGION. AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-url",
            "description": "Infisical: the instance URL, for self-hosted instances.",
            "default": "https://app.infisical.com",
            "required": false
        },
        {
            "name": "infisical-project-id",
            "description": "Infisical: the project id (required with store: infisical).",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-environment",
            "description": "Infisical: the environment slug, such as prod (required with store: infisical).",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-path",
            "description": "Infisical: the folder the secret is in.",
            "default": "/",
            "required": false
        },
        {
            "name": "infisical-client-id",
            "description": "Infisical: universal-auth client id of a machine identity.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-client-secret",
            "description": "Infisical: universal-auth client secret. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-token",
            "description": "Infisical: an access token, instead of universal auth. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "targets",
            "description": "Where to push new-token, one per line: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME, dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME.",
            "default": "",
            "required": false
        },
        {
            "name": "github-token",
            "description": "A token that may write the GitHub secrets in targets (not the workflow GITHUB_TOKEN). Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-key",
            "description": "Heroku API key, for heroku targets. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "heroku-api-url",
            "description": "Heroku API base URL.",
            "default": "https://api.heroku.com",
            "required": false
        },
        {
            "name": "fly-api-token",
            "description": "Fly.io token, for fly targets (secrets are staged; run fly secrets deploy to roll the machines). Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "fly-api-url",
            "description": "Fly.io Machines API URL.",
            "default": "https://api.machines.dev",
            "required": false
        },
        {
            "name": "concurrency",
            "description": "Targets written at once (1 to 20).",
            "default": "4",
            "required": false
        },
        {
            "name": "revoke-old",
            "description": "true to revoke old-token once new-token is validated, stored and propagated, then wait for it to get 401.",
            "default": "false",
            "required": false
        },
        {
            "name": "revoke-within",
            "description": "How long to wait for GitHub to refuse old-token after the revocation (90s, 10m). Past it the step fails; the revocation may still complete.",
            "default": "10m",
            "required": false
        },
        {
            "name": "check-only",
            "description": "true to only report token's login, kind and expiry, failing when fewer than min-days-left days remain.",
            "default": "false",
            "required": false
        },
        {
            "name": "token",
            "description": "The token check-only looks at. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "github-api-url",
            "description": "GitHub API base URL (GHES https://HOST/api/v3). Empty uses the runner's GITHUB_API_URL.",
            "default": "",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "true to validate the token and check the store and every target without writing, revoking or polling.",
            "default": "false",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines file the audit events are appended to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "login",
            "description": "The account the token belongs to."
        },
        {
            "name": "token-type",
            "description": "classic, fine-grained, app, oauth (or unknown), from the token's prefix."
        },
        {
            "name": "expires-at",
            "description": "When the token expires (ISO 8601), '' when it does not."
        },
        {
            "name": "days-left",
            "description": "Whole days until it expires, '' when it does not."
        },
        {
            "name": "scopes",
            "description": "A classic token's scopes, comma-separated ('' for other kinds)."
        },
        {
            "name": "revoked",
            "description": "true when old-token was revoked and GitHub answered 401 to it."
        }
    ]
};

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
    ...DESTINATION_SECRET_INPUTS,
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
    maskDestinationCredentials(inputs);
    maskStoreCredentials(inputs);
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
        githubApiUrl: readGitHubApiUrl(inputs, env),
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
        maskStoreCredentials(inputs);
        const given = storeInputsGiven(inputs);
        if (given.length > 0) {
            throw new src/* InputError */.dz('name', `is empty but store inputs are set (${given.join(', ')}), so new-token would not be stored`, 'Give name (the secret name in the store), or remove the store inputs to rotate without storing the token.');
        }
    }
    else {
        const kind = readStoreKind(inputs);
        store = { name: readStoredName(inputs, kind), settings: readStoreSettings(inputs, kind, env) };
    }
    const targets = readTargets(inputs, 'targets');
    const destinations = readDestinationSettings(inputs, targets, env);
    checkValueFits(targets, newToken, 'new-token');
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
        concurrency: readConcurrency(inputs),
        revokeOld,
        revokeWithinMs,
        githubApiUrl: readGitHubApiUrl(inputs, env),
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
        const expected = config.expectedLogin ?? (oldIdentity === 'refused' ? undefined : oldIdentity?.login);
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
        const store = config.store && deps.openStore(config.store.settings, context);
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
            const where = `${config.store.name} in ${describeStore(config.store.settings)}`;
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
const src_main_realDeps = {
    github: (token, apiUrl, context) => (0,github_client/* createGitHubClient */.LX)({
        ...(token === undefined ? {} : { token }),
        baseUrl: apiUrl,
        clock: context.clock,
        sleep: context.sleep,
        log: (message) => context.runner.info(message),
    }),
    fetch: (input, init) => globalThis.fetch(input, init),
    openStore: openStore,
    openDestinations: (settings, context, concurrency) => openDestinations(settings, context, { concurrency }),
};
/** rotate-pat with its real dependencies: the action's entry and the CLI run this. */
const rotate_pat_src_main_main = (context) => runPat(context, readPatConfig(context.inputs, context.runner.env), src_main_realDeps);

;// CONCATENATED MODULE: ../../actions/rotate-ssm/src/action-spec.generated.ts
const rotate_ssm_src_action_spec_generated_ACTION_SPEC = {
    "name": "rotate-ssm",
    "description": "Generate (or take) a secret and store it as the new current version in AWS SSM Parameter Store or Infisical, with labels, max age and rollback.",
    "inputs": [
        {
            "name": "name",
            "description": "The SSM parameter name (/prod/api/token), the Infisical secret key (API_TOKEN) or the Secrets Manager secret name (prod/api/token).",
            "required": true
        },
        {
            "name": "store",
            "description": "Where the secret lives: ssm, infisical or secrets-manager (AWS Secrets Manager, staging labels AWSCURRENT / AWSPREVIOUS).",
            "default": "ssm",
            "required": false
        },
        {
            "name": "generate",
            "description": "How to make the new value when value is not given: hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096 or ed25519. Empty means hex:32.",
            "default": "",
            "required": false
        },
        {
            "name": "value",
            "description": "Store this value instead of generating one. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "max-age",
            "description": "Skip (rotated=false, nothing written) when the current version is younger than this (90d, 24h). Empty rotates every time.",
            "default": "",
            "required": false
        },
        {
            "name": "rollback",
            "description": "true to make the previous version current again (SSM and Infisical write it as a new version; Secrets Manager moves AWSCURRENT back to it). Takes no value, generate or max-age.",
            "default": "false",
            "required": false
        },
        {
            "name": "kms-key-id",
            "description": "SSM and Secrets Manager: the KMS key (key id, key ARN or alias/NAME). Empty uses the AWS managed key. Secrets Manager applies it when it creates the secret.",
            "default": "",
            "required": false
        },
        {
            "name": "tier",
            "description": "SSM: Standard (4 KB values), Advanced (8 KB) or Intelligent-Tiering. Empty keeps the parameter's tier (Standard when new).",
            "default": "",
            "required": false
        },
        {
            "name": "description",
            "description": "SSM: the parameter's description; Secrets Manager: the description of a secret it creates.",
            "default": "",
            "required": false
        },
        {
            "name": "aws-region",
            "description": "SSM and Secrets Manager: the AWS region. Empty uses AWS_REGION, as aws-actions/configure-aws-credentials sets it. AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER are honoured.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-url",
            "description": "Infisical: the instance URL, for self-hosted instances.",
            "default": "https://app.infisical.com",
            "required": false
        },
        {
            "name": "infisical-project-id",
            "description": "Infisical: the project id (required with store: infisical).",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-environment",
            "description": "Infisical: the environment slug, such as prod (required with store: infisical).",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-path",
            "description": "Infisical: the folder the secret is in.",
            "default": "/",
            "required": false
        },
        {
            "name": "infisical-client-id",
            "description": "Infisical: universal-auth client id of a machine identity.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-client-secret",
            "description": "Infisical: universal-auth client secret. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "infisical-token",
            "description": "Infisical: an access token, instead of universal auth. Masked at once.",
            "default": "",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "true to read, validate and print the plan without writing anything.",
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
            "name": "rotated",
            "description": "true when a new version was written (rotation or rollback); false when skipped by max-age or in a dry run."
        },
        {
            "name": "version",
            "description": "The current version after the run."
        },
        {
            "name": "previous-version",
            "description": "The version that was current before the run ('' when the secret was created)."
        },
        {
            "name": "value",
            "description": "The new current value (masked in logs). Pass it on only to steps that need it."
        },
        {
            "name": "public-key",
            "description": "The public key (PEM) when generate made a key pair (rsa, ed25519)."
        },
        {
            "name": "age-days",
            "description": "Age in whole days of the version that was current before the run ('' when there was none)."
        }
    ]
};

;// CONCATENATED MODULE: ../../actions/rotate-ssm/src/config.ts



const DEFAULT_GENERATOR = 'hex:32';
const PEM_PRIVATE_KEY_MAX = { 2048: 1732, 3072: 2516, 4096: 3300 };
/** The most characters a generator can produce: checked against the store's
 * limit now, so an oversize value fails before anything is sent. */
function generatedLengthBound(spec) {
    switch (spec.kind) {
        case 'hex':
            return spec.bytes * 2;
        case 'base64':
            return Math.ceil(spec.bytes / 3) * 4;
        case 'base64url':
            return Math.ceil((spec.bytes * 4) / 3);
        case 'alnum':
        case 'password':
            return spec.length;
        case 'uuid':
            return 36;
        case 'fernet':
            return 44;
        case 'ed25519':
            return 119;
        case 'rsa':
            return PEM_PRIVATE_KEY_MAX[spec.bits];
    }
}
function readSource(inputs, rollback) {
    const value = inputs.secret('value');
    const generate = inputs.string('generate');
    if (rollback) {
        if (value !== undefined) {
            throw new src/* InputError */.dz('value', 'is set with rollback: true', 'A rollback restores the previous version: drop value.');
        }
        if (generate !== '') {
            throw new src/* InputError */.dz('generate', 'is set with rollback: true', 'A rollback restores the previous version: drop generate.');
        }
        return { kind: 'rollback' };
    }
    if (value !== undefined) {
        if (generate !== '') {
            throw new src/* InputError */.dz('generate', 'is set together with value', 'Give one: value to store it, or generate to make one.');
        }
        return { kind: 'value', value };
    }
    const text = generate === '' ? DEFAULT_GENERATOR : generate;
    try {
        return { kind: 'generate', spec: (0,src/* parseGenerator */.tO)(text), text };
    }
    catch (error) {
        if (!(error instanceof src/* GeneratorSyntaxError */.X3))
            throw error;
        throw new src/* InputError */.dz('generate', `is not a generator we know (${error.message})`, `Use ${src/* GENERATOR_FORMS */.EG}.`);
    }
}
function checkSize(config) {
    const limit = storeModule(config.store.kind).valueLimit?.(config.store);
    if (limit === undefined || config.source.kind === 'rollback')
        return;
    if (config.source.kind === 'value') {
        const size = Buffer.byteLength(config.source.value, 'utf8');
        if (size > limit.bytes)
            throw new src/* InputError */.dz('value', `is ${size} bytes`, limit.fix);
    }
    else {
        const bound = generatedLengthBound(config.source.spec);
        if (bound > limit.bytes) {
            throw new src/* InputError */.dz('generate', `is '${config.source.text}', which makes values up to ${bound} bytes`, limit.fix);
        }
    }
}
/** Every input read and checked, before any request. */
function config_readRotateConfig(inputs, env) {
    const storeKind = readStoreKind(inputs);
    const name = readStoredName(inputs, storeKind);
    const rollback = inputs.boolean('rollback', false);
    const source = readSource(inputs, rollback);
    const maxAgeText = inputs.string('max-age');
    let maxAgeMs;
    if (maxAgeText !== '') {
        if (rollback) {
            throw new src/* InputError */.dz('max-age', 'is set with rollback: true', 'A rollback happens whatever the age: drop max-age.');
        }
        maxAgeMs = inputs.duration('max-age', '0');
    }
    const store = readStoreSettings(inputs, storeKind, env);
    const dryRun = inputs.boolean('dry-run', false);
    const config = { name, store, source, maxAgeMs, dryRun };
    checkSize(config);
    return Object.freeze(config);
}

;// CONCATENATED MODULE: ../../actions/rotate-ssm/src/rotate.ts


const rotate_ACTION = 'rotate-ssm';
function ageDays(current, now) {
    return current === undefined ? '' : String(Math.floor(Math.max(0, now - current.updatedAt) / src/* DAY_MS */.sO));
}
/**
 * One rotation: read what is current, decide (max age, dry run), then write
 * a new current version — or, for a rollback, write the previous value again.
 * The store is the only thing changed; the value is masked from birth and
 * leaves only through the masked `value` output.
 */
async function rotate(context, config, openStore) {
    const { runner } = context;
    const where = describeStore(config.store);
    const audit = (event) => context.audit.append({ action: rotate_ACTION, secret_name: config.name, store: config.store.kind, ...event });
    try {
        const store = await openStore(config, context);
        const outcome = config.source.kind === 'rollback' ? await rollback(context, config, store) : await write(context, config, store);
        runner.setOutput('rotated', String(outcome.rotated));
        runner.setOutput('version', outcome.version);
        runner.setOutput('previous-version', outcome.previousVersion);
        runner.setOutput('age-days', outcome.ageDays);
        runner.info(outcome.result);
        await runner.appendSummary((0,src/* renderSummary */.Br)({
            title: `keyturn/rotate-ssm${config.dryRun ? ' (dry run)' : ''}`,
            table: {
                headers: ['Secret', 'Store', 'Version before', 'Version after', 'Age before (days)', 'Result'],
                rows: [
                    [
                        config.name,
                        where,
                        outcome.previousVersion || '-',
                        outcome.rotated ? outcome.version : '-',
                        outcome.ageDays || '-',
                        outcome.result,
                    ],
                ],
            },
        }));
    }
    catch (error) {
        await audit({
            event: 'secret.rotate.failed',
            outcome: 'failure',
            reason: (0,src/* errorMessage */.gJ)(error),
            dry_run: config.dryRun,
        });
        throw error;
    }
    async function write(context, config, store) {
        const now = context.clock.now();
        const current = await store.head(config.name);
        const age = ageDays(current, now);
        const before = current?.version ?? '';
        if (current && config.maxAgeMs !== undefined && now - current.updatedAt < config.maxAgeMs) {
            const reason = `version ${current.version} is ${(0,src/* formatDuration */.a3)(now - current.updatedAt)} old, younger than max-age ${(0,src/* formatDuration */.a3)(config.maxAgeMs)}`;
            await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', version: current.version, reason });
            return {
                rotated: false,
                version: before,
                previousVersion: before,
                ageDays: age,
                result: `not rotated: ${reason}`,
            };
        }
        await store.checkWritable(config.name);
        const what = config.source.kind === 'generate' ? `a value generated by ${config.source.text}` : 'the given value';
        if (config.dryRun) {
            const plan = current
                ? `would write ${what} as the version after ${current.version} (${age} days old) and keep ${current.version} as previous`
                : `would create ${config.name} with ${what}`;
            await audit({
                event: 'secret.rotate.skipped',
                outcome: 'skipped',
                reason: 'dry run',
                ...(before ? { version: before } : {}),
            });
            return { rotated: false, version: before, previousVersion: before, ageDays: age, result: `dry run: ${plan}` };
        }
        let value;
        let publicKey;
        if (config.source.kind === 'generate') {
            const generated = await (0,src/* generateSecret */.Kl)(config.source.spec, context.secrets);
            value = generated.value;
            publicKey = generated.publicKey;
        }
        else if (config.source.kind === 'value') {
            value = config.source.value;
        }
        else {
            throw new Error('a rollback reached the write path');
        }
        const written = await store.write(config.name, value);
        context.setSecretOutput('value', value);
        if (publicKey !== undefined)
            runner.setOutput('public-key', publicKey);
        await audit({
            event: 'secret.rotate.completed',
            outcome: 'success',
            version: written.version,
            ...(written.previousVersion === undefined ? {} : { previous_version: written.previousVersion }),
            source: config.source.kind === 'generate' ? config.source.text : 'value',
        });
        const result = written.previousVersion
            ? `rotated: version ${written.version} is current, ${written.previousVersion} is kept as previous`
            : `created: version ${written.version} is current`;
        return {
            rotated: true,
            version: written.version,
            previousVersion: written.previousVersion ?? '',
            ageDays: age,
            result,
        };
    }
    async function rollback(context, config, store) {
        const current = await store.head(config.name);
        const age = ageDays(current, context.clock.now());
        if (config.dryRun) {
            const restorable = await store.previous(config.name);
            if (!current || !restorable) {
                throw new src/* CheckFailedError */.CO(`${config.name} has no previous version in ${where}, so there is nothing to roll back to`);
            }
            await store.checkWritable(config.name);
            const plan = `would write version ${restorable.version}'s value as the version after ${current.version}, keeping ${current.version} as previous`;
            await audit({ event: 'secret.rotate.skipped', outcome: 'skipped', reason: 'dry run (rollback)' });
            const before = current?.version ?? '';
            return { rotated: false, version: before, previousVersion: before, ageDays: age, result: `dry run: ${plan}` };
        }
        const rolled = await store.rollback(config.name);
        context.secrets.mask(rolled.value);
        context.setSecretOutput('value', rolled.value);
        await audit({
            event: 'secret.rotate.completed',
            outcome: 'success',
            version: rolled.version,
            previous_version: rolled.previousVersion,
            restored_version: rolled.restoredVersion,
            source: 'rollback',
        });
        return {
            rotated: true,
            version: rolled.version,
            previousVersion: rolled.previousVersion,
            ageDays: age,
            result: rolled.version === rolled.restoredVersion
                ? `rolled back: version ${rolled.version} is current again, ${rolled.previousVersion} is kept as previous`
                : `rolled back: version ${rolled.version} holds version ${rolled.restoredVersion}'s value, ${rolled.previousVersion} is kept as previous`,
        };
    }
}

;// CONCATENATED MODULE: ../../actions/rotate-ssm/src/main.ts



/** The real dependency: the store module the config names, from the registry. */
const realStore = (config, context) => openStore(config.store, context);
/** rotate-ssm with its real dependencies: the action's entry and the CLI run this. */
const rotate_ssm_src_main_main = (context) => rotate(context, config_readRotateConfig(context.inputs, context.runner.env), realStore);

;// CONCATENATED MODULE: ../../actions/verify/src/action-spec.generated.ts
const verify_src_action_spec_generated_ACTION_SPEC = {
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
const verify_src_main_main = (context) => verify(context, readVerifyConfig(context.inputs), { fetch: globalThis.fetch });

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/emulators.ts




/** The repository the bundle sits in (packages/cli/dist/index.js, or src/ under tests). */
const root = `${(0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', '..', '..')}/`;
/**
 * `keyturn emulators` runs scripts/emulators.ts from the clone: the emulators
 * live in packages/testkit and check GitHub requests against
 * @octokit/openapi (13 MB), so they stay out of the CLI's bundle and need
 * the clone's `npm ci`.
 */
const emulatorsCommand = {
    kind: 'tool',
    name: 'emulators',
    summary: 'Start local emulators of GitHub, AWS SSM, Secrets Manager, IAM and STS, Infisical, Heroku and Fly.io, and print the exports that point keyturn at them.',
    help: [
        'keyturn emulators: start every keyturn test emulator on 127.0.0.1 and seed a small world',
        '(a GitHub repo with an environment, a Heroku app, an SSM parameter, an Infisical',
        'secret, and an API that accepts the token they hold).',
        '',
        'usage: keyturn emulators [--json]',
        '',
        'It prints `export …` lines (KEYTURN_GITHUB_API_URL, KEYTURN_GITHUB_TOKEN, AWS_ENDPOINT_URL_SSM, …)',
        'to paste into another shell, and commands to try there. Ctrl-C stops the emulators.',
        '--json prints the settings as one JSON document. Runs from a clone after npm ci.',
        '',
        'exit codes: 0 stopped by Ctrl-C; 2 bad usage, or not run from a clone with npm ci done.',
    ].join('\n'),
    async run(io) {
        const unknown = io.argv.find((arg) => arg !== '--json');
        if (unknown !== undefined) {
            io.err.line(`keyturn: ${unknown} is not a flag of keyturn emulators; it takes only --json (keyturn emulators --help).`);
            return 2;
        }
        const script = `${root}scripts/emulators.ts`;
        const loader = `${root}scripts/register-ts.mjs`;
        if (!(0,external_node_fs_.existsSync)(script) || !(0,external_node_fs_.existsSync)(`${root}node_modules/@octokit/openapi`)) {
            io.err.line(`keyturn: keyturn emulators runs from a clone of the keyturn repository after npm ci (looked in ${root}).`);
            return 2;
        }
        const child = (0,external_node_child_process_.spawn)(process.execPath, ['--experimental-strip-types', '--no-warnings', '--import', loader, script, ...io.argv], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.setEncoding('utf8');
        let pending = '';
        child.stdout.on('data', (chunk) => {
            const lines = (pending + chunk).split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines)
                io.out.line(line);
        });
        const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
        // Ctrl-C reaches the emulators too (same terminal); stopping them is theirs.
        void io.waitForInterrupt().then(() => child.kill('SIGINT'));
        return exited;
    },
};

;// CONCATENATED MODULE: ./src/commands.ts


















/** The credentials the targets given so far need (from the destination registry), for the prompt. */
function targetCredentials(lines) {
    const wanted = new Set();
    for (const line of (lines ?? '').split('\n')) {
        try {
            wanted.add(destinationCredentialInput(parseTarget(line.trim())));
        }
        catch {
            // A bad line is the action's to report, with its line number.
        }
    }
    return [...wanted];
}
/**
 * The secret inputs `keyturn rotate ID` asks for at a terminal: what the
 * entry's store, targets and issuer need (from their registries), and the
 * credential a person makes for it (github-pat's new-token). A manifest that
 * cannot be read asks nothing: rotate reports it, with its line.
 */
function entryCredentials(known) {
    try {
        const path = known.manifest || DEFAULT_MANIFEST;
        const entry = parseManifest((0,external_node_fs_.readFileSync)(path, 'utf8'), path).entries.find((one) => one.id === known.secret);
        if (!entry)
            return [];
        const checkOnly = known['check-expiry'] === 'true';
        const wanted = credentialNeeds(checkOnly ? { ...entry, targets: [] } : entry)
            .filter((need) => !need.inputs.some((input) => known[input]))
            .map((need) => need.inputs[0]);
        if (checkOnly)
            return wanted;
        const person = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind]?.madeByPerson : undefined;
        return [...new Set([...(person ? [person.input] : []), ...wanted])];
    }
    catch {
        return [];
    }
}
/**
 * Every command, in the order `keyturn --help` lists them. A command that
 * runs an action is one entry: its spec (from action.yml) and its `main`.
 */
const COMMANDS = [
    {
        kind: 'action',
        name: 'plan',
        spec: action_spec_generated_ACTION_SPEC,
        run: main,
        examples: ['keyturn plan', 'keyturn plan --manifest .github/rotation.yml --only billing-api-token --force true'],
        failureMeans: "a secret's store could not be read (every other secret is still planned and shown)",
    },
    {
        kind: 'action',
        name: 'rotate',
        spec: rotate_src_action_spec_generated_ACTION_SPEC,
        positionals: [{ input: 'secret', label: 'ID' }],
        run: src_main_main,
        promptFor: entryCredentials,
        examples: [
            'export KEYTURN_GITHUB_TOKEN=… KEYTURN_HEROKU_API_KEY=…',
            'keyturn rotate billing-api-token --dry-run',
            'keyturn rotate webhook-secret-key --force true --reason INC-4711',
            'KEYTURN_NEW_TOKEN=… keyturn rotate readonly-pat --force true   # a github-pat entry: the token you created',
            'KEYTURN_POSTGRES_ADMIN_URL=… keyturn rotate db-password --force true',
        ],
        failureMeans: 'a stage failed; a version already stored stays marked unfinished and the next run resumes it',
    },
    {
        kind: 'action',
        name: 'rotate-ssm',
        spec: rotate_ssm_src_action_spec_generated_ACTION_SPEC,
        run: rotate_ssm_src_main_main,
        examples: [
            'keyturn rotate-ssm --name /prod/api/token --generate base64url:32 --max-age 90d --dry-run',
            'keyturn rotate-ssm --name /prod/api/token --rollback',
        ],
    },
    {
        kind: 'action',
        name: 'propagate',
        spec: src_action_spec_generated_ACTION_SPEC,
        run: main_main,
        promptFor: (known) => [...(known.source ? [] : ['value']), ...targetCredentials(known.targets)],
        examples: [
            'export KEYTURN_GITHUB_TOKEN=… KEYTURN_HEROKU_API_KEY=…',
            'keyturn propagate --source ssm:/prod/api/token --targets github:acme/api/API_TOKEN --targets heroku:acme-api/API_TOKEN --dry-run',
        ],
        failureMeans: 'a target could not be updated (every target is attempted; the table says which)',
    },
    {
        kind: 'action',
        name: 'rotate-pat',
        spec: rotate_pat_src_action_spec_generated_ACTION_SPEC,
        run: rotate_pat_src_main_main,
        promptFor: (known) => known['check-only'] === 'true' ? ['token'] : ['new-token', 'old-token', ...targetCredentials(known.targets)],
        examples: [
            'keyturn rotate-pat --required-repos acme/api --name /ci/deploy-pat --targets github:acme/api/DEPLOY_PAT --revoke-old',
            'KEYTURN_TOKEN=… keyturn rotate-pat --check-only --min-days-left 14',
        ],
        failureMeans: 'the new token was refused, a step failed, or the old token still works after revoke-within',
    },
    {
        kind: 'action',
        name: 'verify',
        spec: verify_src_action_spec_generated_ACTION_SPEC,
        run: verify_src_main_main,
        promptFor: () => ['token'],
        examples: [
            'KEYTURN_TOKEN=… keyturn verify --url https://api.example.com/v1/me',
            'KEYTURN_TOKEN="$OLD" keyturn verify --url https://api.example.com/v1/me --expect 401 --within 10m',
        ],
        failureMeans: 'the expectation did not hold in time (say, the old token still works)',
    },
    {
        kind: 'action',
        name: 'audit-image',
        spec: ACTION_SPEC,
        positionals: [{ input: 'archive', label: 'ARCHIVE' }],
        // The engine (rules, decompressors, workers) loads only for this command.
        run: async (context, host) => {
            const [{ mainWith }, { reportJson }] = await Promise.all([
                Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(113), __webpack_require__.e(101), __webpack_require__.e(814), __webpack_require__.e(970), __webpack_require__.e(551)]).then(__webpack_require__.bind(__webpack_require__, 2551)),
                Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(113), __webpack_require__.e(101), __webpack_require__.e(814), __webpack_require__.e(970)]).then(__webpack_require__.bind(__webpack_require__, 2970)),
            ]);
            await mainWith(host.bundleFile, (result) => host.report(reportJson(result.report)))(context);
        },
        examples: [
            'docker save app:dev -o app.tar && keyturn audit-image app.tar',
            'keyturn audit-image app.tar --fail-on high --allowlist .github/image-audit-allowlist.txt --json',
        ],
        failureMeans: 'a finding at or above --fail-on (default medium) that is not allowlisted',
    },
    emulatorsCommand,
];

;// CONCATENATED MODULE: ./src/output.ts
const CODES = {
    bold: ['\u001b[1m', '\u001b[22m'],
    dim: ['\u001b[2m', '\u001b[22m'],
    red: ['\u001b[31m', '\u001b[39m'],
    yellow: ['\u001b[33m', '\u001b[39m'],
    green: ['\u001b[32m', '\u001b[39m'],
};
/**
 * Text keyturn did not write (an upstream message, a name from an image) may
 * hold terminal control sequences that would recolour, retitle or rewrite the
 * user's terminal: shown as visible escapes instead. Tabs and newlines stay.
 */
function neutralizeControls(text) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it finds
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => {
        const code = char.codePointAt(0) ?? 0;
        return code === 0x0d ? '' : `\\x${code.toString(16).padStart(2, '0')}`;
    });
}
function createPrinter(stream, env) {
    const color = stream.isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
    let statusShown = false;
    const clearStatus = () => {
        if (statusShown)
            stream.write('\r\u001b[2K');
        statusShown = false;
    };
    return {
        isTTY: stream.isTTY,
        columns: stream.columns && stream.columns > 20 ? stream.columns : 80,
        line(text = '') {
            clearStatus();
            stream.write(`${text}\n`);
        },
        style(style, text) {
            if (!color)
                return text;
            const [open, close] = CODES[style];
            return `${open}${text}${close}`;
        },
        status(text) {
            if (!stream.isTTY)
                return;
            stream.write(`\r\u001b[2K${text}`);
            statusShown = true;
        },
    };
}
/** A process stream that stops writing, silently, once its reader is gone. */
function processStream(stream) {
    let closed = false;
    stream.on('error', (error) => {
        if (error.code === 'EPIPE')
            closed = true;
        else
            throw error;
    });
    return {
        get isTTY() {
            return stream.isTTY === true;
        },
        get columns() {
            return stream.columns;
        },
        write(text) {
            if (closed)
                return;
            try {
                stream.write(text);
            }
            catch (error) {
                if (error.code === 'EPIPE')
                    closed = true;
                else
                    throw error;
            }
        },
    };
}
/** Words wrapped to `width`, each line after the first indented by `indent`. */
function wrap(text, width, indent) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line !== '' && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        }
        else {
            line = line === '' ? word : `${line} ${word}`;
        }
    }
    if (line !== '')
        lines.push(line);
    return lines.join(`\n${' '.repeat(indent)}`);
}
/** Rows in aligned columns, two spaces apart. */
function columns(rows) {
    const widths = [];
    for (const row of rows) {
        row.forEach((cell, i) => {
            widths[i] = Math.max(widths[i] ?? 0, cell.length);
        });
    }
    return rows.map((row) => row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd());
}
/**
 * A job summary's markdown, for a person at a terminal: `###` titles as
 * plain headings, tables as aligned columns, inline markup dropped.
 */
function markdownToText(markdown) {
    const out = [];
    let table = [];
    const flush = () => {
        if (table.length > 0)
            out.push(...columns(table));
        table = [];
    };
    for (const raw of markdown.split('\n')) {
        const line = raw.trimEnd();
        if (/^\|.*\|$/.test(line)) {
            const cells = splitRow(line);
            if (cells.every((cell) => /^:?-{3,}:?$/.test(cell)))
                continue;
            table.push(cells.map(inline));
            continue;
        }
        flush();
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        if (heading)
            out.push(inline(heading[1] ?? ''));
        else if (/^<\/?(details|summary)>/.test(line))
            out.push(inline(line.replace(/<\/?(details|summary)>/g, '')));
        else
            out.push(inline(line.replace(/^[-*] /, '- ')));
    }
    flush();
    // At most one blank line in a row, none at the ends.
    return out
        .filter((line, i) => line !== '' || (i > 0 && out[i - 1] !== ''))
        .join('\n')
        .trim()
        .split('\n');
}
function splitRow(line) {
    const cells = [];
    let cell = '';
    const body = line.slice(1, -1);
    for (let i = 0; i < body.length; i++) {
        const char = body[i];
        if (char === '\\' && i + 1 < body.length) {
            cell += body[++i];
        }
        else if (char === '|') {
            cells.push(cell.trim());
            cell = '';
        }
        else {
            cell += char;
        }
    }
    cells.push(cell.trim());
    return cells;
}
function inline(text) {
    return text
        .replace(/<br>/g, ' / ')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/<\/?[a-z]+>/g, '');
}

;// CONCATENATED MODULE: ./src/help.ts




const EXIT_CODES = [
    ['0', 'done (in a dry run: everything checked, nothing changed)'],
    ['1', 'the rotation or check failed (a service refused, a target failed, a token still works)'],
    ['2', 'bad usage or input (an unknown flag, a missing or invalid input, a Node.js too old); nothing was sent'],
];
function exitCodeLines() {
    return ['exit codes:', ...columns(EXIT_CODES.map(([code, meaning]) => [`  ${code}`, meaning]))];
}
function topLevelHelp(commands, version) {
    // The first sentence of each description, so a row fits a line.
    const rows = commands.map((command) => [
        `  ${command.name}`,
        (command.kind === 'action' ? command.spec.description : command.summary).replace(/(?<=\.)\s.*$/s, ''),
    ]);
    return [
        `keyturn ${version}: secret rotation from a terminal, on the same engine as the GitHub Actions.`,
        '',
        'usage: keyturn COMMAND [--input VALUE]... [--json]',
        "       keyturn COMMAND --help      the command's inputs, defaults and examples",
        '       keyturn --version',
        '',
        'commands:',
        ...columns(rows),
        '',
        "Flags are the action's inputs by name (keyturn COMMAND --help lists them); a",
        'flag keyturn does not know is an error. Any input can also come from the',
        'environment as KEYTURN_<NAME> (KEYTURN_GITHUB_API_URL); a flag wins.',
        'Secret inputs (token, value, github-token, ...) are never flags: export',
        "KEYTURN_<NAME> (KEYTURN_GITHUB_TOKEN) or the runner's INPUT_<NAME>, or leave",
        'it unset and keyturn asks for it at a terminal, without echo.',
        '',
        'Output is for a person at a terminal; --json prints one JSON document on',
        'stdout for scripts; inside GitHub Actions (GITHUB_ACTIONS=true) it is the',
        "runner's format. keyturn emulators starts local services to try it on.",
        '',
        ...exitCodeLines(),
    ].join('\n');
}
function usageLine(command) {
    const words = (command.positionals ?? []).map((slot) => slot.label);
    const required = command.spec.inputs
        .filter((input) => input.required && !SECRET_INPUTS.has(input.name))
        .filter((input) => !(command.positionals ?? []).some((slot) => slot.input === input.name))
        .map((input) => `--${input.name} VALUE`);
    return ['usage: keyturn', command.name, ...words, ...required, '[--input VALUE]...', '[--json]'].join(' ');
}
function commandHelp(command, printer) {
    const width = Math.min(printer.columns, 100);
    const flagRows = [];
    const secretRows = [];
    for (const input of command.spec.inputs) {
        const notes = [];
        if (input.required)
            notes.push('required.');
        if (input.default !== undefined && input.default !== '' && !isBooleanInput(input)) {
            notes.push(input.default.includes('${{') ? '' : `Default ${input.default}.`);
        }
        if (MULTI_LINE_INPUTS.has(input.name))
            notes.push('Repeat the flag for each line.');
        const text = [notes.filter(Boolean).join(' '), input.description].filter(Boolean).join(' ');
        if (SECRET_INPUTS.has(input.name)) {
            secretRows.push([`  ${keyturnVariable(input.name)}`, `(${input.name}) ${text}`]);
            continue;
        }
        const slot = (command.positionals ?? []).find((candidate) => candidate.input === input.name);
        const flag = slot
            ? `  ${slot.label}, --${input.name} VALUE`
            : isBooleanInput(input)
                ? `  --${input.name} [true|false]`
                : `  --${input.name} VALUE`;
        flagRows.push([flag, isBooleanInput(input) ? `Default ${input.default}. ${text}` : text]);
    }
    flagRows.push(['  --json', 'Print one JSON document (outputs, failure) on stdout; everything else goes to stderr.']);
    flagRows.push(['  -h, --help', 'This help.']);
    const table = (rows) => {
        const nameWidth = Math.min(Math.max(...rows.map((row) => (row[0] ?? '').length)), 36);
        return rows.map(([name = '', text = '']) => {
            const description = wrap(text, Math.max(width - nameWidth - 2, 30), nameWidth + 2);
            return name.length > nameWidth
                ? `${name}\n${' '.repeat(nameWidth + 2)}${description}`
                : `${name.padEnd(nameWidth)}  ${description}`;
        });
    };
    const lines = [
        `keyturn ${command.name}: ${wrap(command.spec.description, width - command.name.length - 10, 2)}`,
        '',
        usageLine(command),
        '',
        'inputs (flags, or KEYTURN_<NAME> in the environment):',
        ...table(flagRows),
    ];
    if (secretRows.length > 0) {
        lines.push('', 'secret inputs (never flags: from the environment, or asked for at a terminal):', ...table(secretRows), `  The runner's names (${command.spec.inputs
            .filter((input) => SECRET_INPUTS.has(input.name))
            .map((input) => (0,src/* inputVariableName */.GQ)(input.name))
            .join(', ')}) are read too.`);
    }
    if (command.spec.outputs.length > 0) {
        lines.push('', 'outputs (shown at the end; --json prints them):', ...table(command.spec.outputs.map((output) => [`  ${output.name}`, output.description])));
    }
    if (command.examples && command.examples.length > 0) {
        lines.push('', 'examples:', ...command.examples.map((example) => `  ${example}`));
    }
    lines.push('', ...exitCodeLines());
    if (command.failureMeans)
        lines.push(`  For ${command.name}, 1 means ${command.failureMeans}.`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/terminal-runner.ts


/**
 * The Runner for a person at a terminal. Nothing here speaks the runner's
 * protocol: no `::error::`, no `%0A`, no `output x=` lines. What the action
 * says goes to stderr as plain lines (warnings and errors marked, in colour
 * on a terminal), the job summary is rendered as text on stdout, and the
 * outputs are kept for the end of the run. There is no runner to mask
 * values, so every line is scrubbed of the values registered as secrets.
 *
 * `json`: stdout carries only the final JSON document; the summary goes to
 * stderr with the rest.
 */
function createTerminalRunner(options) {
    const { out, err, env } = options;
    const shown = new src/* SecretRegistry */.ks({ setSecret: () => undefined });
    const clean = (text) => neutralizeControls(shown.redact(text));
    const say = (printer, text, prefix = '') => {
        for (const line of clean(text).split('\n'))
            printer.line(`${prefix}${line}`);
    };
    const debugging = env.RUNNER_DEBUG === '1' || env.KEYTURN_DEBUG === '1';
    const outputs = {};
    let failure;
    return {
        outputs,
        get failure() {
            return failure;
        },
        getInput: options.getInput,
        setOutput: (name, value) => {
            outputs[name] = shown.redact(value);
        },
        setSecret: (value) => shown.mask(value),
        debug: (message) => {
            if (debugging)
                say(err, message, err.style('dim', 'debug: '));
        },
        info: (message) => say(err, message),
        warning: (message) => say(err, message, err.style('yellow', 'warning: ')),
        error: (message) => say(err, message, err.style('red', 'error: ')),
        isDebug: () => debugging,
        appendSummary: async (markdown) => {
            const printer = options.json ? err : out;
            printer.line();
            for (const line of markdownToText(clean(markdown))) {
                printer.line(line);
            }
        },
        setFailed: (message) => {
            // `keyturn/verify: …` names the action for a runner's log; here it is a command.
            const [, action = '', rest = message] = /^keyturn\/([\w-]+): ([\s\S]*)$/.exec(message) ?? [];
            failure = clean(rest);
            options.setExitCode(1);
            say(err, rest, err.style('red', action ? `keyturn ${action} failed: ` : 'keyturn failed: '));
        },
        progress: (done, total, unit) => {
            err.status(`${progressText(done, total, unit)}${done === total ? '' : '…'}`);
            if (done === total)
                err.status('');
        },
        env,
    };
}
/** `37/200 targets`, or for bytes `412/1024 MiB (40%)`. */
function progressText(done, total, unit) {
    if (unit !== 'bytes')
        return `${done}/${total} ${unit}`;
    const mib = (bytes) => Math.round(bytes / 1_048_576);
    const percent = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
    return `${mib(done)}/${mib(total)} MiB${percent}`;
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/version.ts

/** The CLI's version, from its package.json at build time. */
const VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./src/cli.ts









/** Runs the command line; resolves to the exit code (0 done, 1 failed, 2 bad usage or input). */
async function runCli(io, commands = COMMANDS) {
    const out = createPrinter(io.stdout, io.env);
    const err = createPrinter(io.stderr, io.env);
    const [first, ...rest] = io.argv;
    if (first === undefined) {
        err.line(topLevelHelp(commands, VERSION));
        return 2;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
        const about = rest[0] === undefined ? undefined : commands.find((command) => command.name === rest[0]);
        if (about)
            return runCli({ ...io, argv: [about.name, '--help'] }, commands);
        out.line(topLevelHelp(commands, VERSION));
        return rest[0] === undefined ? 0 : usage(err, unknownCommand(rest[0], commands));
    }
    if (first === '--version' || first === '-V' || first === 'version') {
        out.line(`keyturn ${VERSION} (Node.js ${process.versions.node})`);
        return 0;
    }
    const command = commands.find((candidate) => candidate.name === first);
    if (!command)
        return usage(err, unknownCommand(first, commands));
    if (command.kind === 'tool') {
        if (rest.includes('--help') || rest.includes('-h')) {
            out.line(command.help);
            return 0;
        }
        return command.run({
            argv: rest,
            env: io.env,
            out,
            err,
            waitForInterrupt: io.waitForInterrupt ?? (() => new Promise(() => { })),
        });
    }
    try {
        return await runActionCommand(command, rest, io, out, err, commands);
    }
    catch (error) {
        if (error instanceof UsageError)
            return usage(err, error);
        throw error;
    }
}
function usage(err, error) {
    err.line(`${err.style('red', 'keyturn:')} ${error.message}`);
    return 2;
}
function unknownCommand(word, commands) {
    const names = commands.map((command) => command.name);
    const nearest = (0,src/* closestName */.Nf)(word.replace(/^-+/, ''), names);
    const what = word.startsWith('-') ? `${word} is not a flag of keyturn itself` : `no command '${word}'`;
    return new UsageError(`${what}. ${nearest === undefined ? '' : `Did you mean ${nearest}? `}Commands: ${names.join(', ')} (keyturn --help).`);
}
function everyInputName(commands) {
    const names = new Set();
    for (const command of commands) {
        if (command.kind === 'action')
            for (const input of command.spec.inputs)
                names.add(input.name);
    }
    return names;
}
/** An action's InputError, as a person at a terminal fixes it: a flag or a variable, not a with: key. */
function terminalInputMessage(command, error) {
    const workflowOnly = (sentence) => /\$\{\{|\bwith:|\bsecrets\./.test(sentence);
    const fix = error.fix
        .split(/(?<=\.)\s+/)
        .filter((sentence) => !workflowOnly(sentence))
        .join(' ');
    const slot = (command.positionals ?? []).find((candidate) => candidate.input === error.input);
    if (SECRET_INPUTS.has(error.input)) {
        const missing = /required|empty|not given|missing/.test(error.problem);
        const how = missing
            ? `Set it with ${secretHowTo(error.input)}.`
            : `Unset ${keyturnVariable(error.input)} for this command.`;
        return `${keyturnVariable(error.input)} (the secret input ${error.input}) ${error.problem}. ${[fix, how].filter(Boolean).join(' ')}`;
    }
    const name = slot ? `${slot.label} (--${error.input})` : `--${error.input}`;
    return `${name} ${error.problem}. ${fix}`.trimEnd();
}
async function runActionCommand(command, argv, io, out, err, commands) {
    const args = parseActionArgs(command, argv);
    if (args.help) {
        out.line(commandHelp(command, out));
        return 0;
    }
    const inputs = gatherInputs(command, args.flags, io.env, everyInputName(commands));
    for (const name of command.promptFor?.(inputs) ?? []) {
        if (name in inputs || !SECRET_INPUTS.has(name) || !io.prompt)
            continue;
        inputs[name] = await io.prompt(`${name} (${keyturnVariable(name)}; typing is not shown, Enter for none): `);
    }
    // The action.yml defaults, as the runner passes them; an expression
    // (${{ github.api_url }}) has nothing to stand for here.
    for (const input of command.spec.inputs) {
        if (!(input.name in inputs) && input.default !== undefined && !input.default.includes('${{')) {
            inputs[input.name] = input.default;
        }
    }
    const env = {};
    for (const [name, value] of Object.entries(io.env)) {
        if (!name.startsWith('INPUT_'))
            env[name] = value;
    }
    for (const [name, value] of Object.entries(inputs))
        env[(0,src/* inputVariableName */.GQ)(name)] = value;
    let exitCode = 0;
    let inputError = false;
    const setExitCode = (code) => {
        exitCode = code;
    };
    const describeInputError = (error) => {
        inputError = true;
        return terminalInputMessage(command, error);
    };
    let report;
    const host = {
        bundleFile: io.bundleFile,
        report: (value) => {
            report = value;
        },
    };
    const run = (context) => command.run(context, host);
    const onRunner = io.env.GITHUB_ACTIONS === 'true' && !args.json;
    if (onRunner) {
        // Inside a workflow: the runner's format, outputs to its files.
        const runner = (0,src/* createActionsRunner */.gQ)({ env, writeLine: (line) => out.line(line), setExitCode });
        await (0,src/* runAction */.Cs)(command.name, { runner, spec: command.spec }, run);
        return exitCode;
    }
    const runner = createTerminalRunner({
        env,
        getInput: (name) => (env[(0,src/* inputVariableName */.GQ)(name)] ?? '').trim(),
        out,
        err,
        json: args.json,
        setExitCode,
    });
    await (0,src/* runAction */.Cs)(command.name, { runner, spec: command.spec, describeInputError }, run);
    if (inputError)
        exitCode = 2;
    if (args.json) {
        out.line(JSON.stringify({
            command: command.name,
            ok: exitCode === 0,
            exitCode,
            outputs: runner.outputs,
            ...(runner.failure === undefined ? {} : { error: runner.failure }),
            ...(report === undefined ? {} : { report }),
        }));
    }
    else if (Object.keys(runner.outputs).length > 0) {
        out.line();
        out.line(out.style('bold', 'outputs'));
        const width = Math.max(...Object.keys(runner.outputs).map((name) => name.length));
        for (const [name, value] of Object.entries(runner.outputs)) {
            const shown = /^[[{]/.test(value)
                ? '(JSON; --json prints it)'
                : value.includes('\n')
                    ? `(${value.split('\n').length} lines; --json prints them)`
                    : value === ''
                        ? "''"
                        : value;
            out.line(`  ${name.padEnd(width)}  ${shown}`);
        }
    }
    return exitCode;
}

;// CONCATENATED MODULE: ./src/node-version.ts
/**
 * The Node.js versions keyturn runs on: 22.15 and later 22s, and 23.8 on
 * (zlib's zstd, which audit-image needs for zstd layers, arrived in 22.15
 * and 23.8; a dependency needs 22). The same range is package.json's
 * `engines` (a test holds them together).
 */
const SUPPORTED_NODE = '^22.15.0 || >=23.8.0';
function nodeVersionProblem(version) {
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    const ok = (major === 22 && minor >= 15) || (major === 23 && minor >= 8) || major >= 24;
    if (ok)
        return undefined;
    return (`keyturn needs Node.js 22.15 or later (${SUPPORTED_NODE}); this is Node.js ${version.replace(/^v/, '')}. ` +
        'Install a current Node.js (https://nodejs.org, or nvm install 24) and run keyturn again.');
}

;// CONCATENATED MODULE: ./src/prompt.ts
/**
 * Asks for a secret at a terminal without echoing it: the terminal is put in
 * raw mode, so keystrokes reach keyturn and never the screen. Enter ends the
 * answer, Backspace takes back a character, Ctrl-C stops keyturn (exit 130).
 */
function promptSecret(input, output, question) {
    return new Promise((resolve) => {
        output.write(question);
        let answer = '';
        input.setRawMode(true);
        input.resume();
        input.setEncoding('utf8');
        const done = () => {
            input.setRawMode(false);
            input.pause();
            input.off('data', onData);
            output.write('\n');
        };
        const onData = (chunk) => {
            for (const char of chunk) {
                if (char === '\r' || char === '\n' || char === '\u0004') {
                    done();
                    resolve(answer);
                    return;
                }
                if (char === '\u0003') {
                    done();
                    process.exit(130);
                }
                if (char === '\u007f' || char === '\b')
                    answer = answer.slice(0, -1);
                else if (char >= ' ')
                    answer += char;
            }
        };
        input.on('data', onData);
    });
}

;// CONCATENATED MODULE: ./src/start.ts




async function start(bundleFile) {
    const tooOld = nodeVersionProblem(process.versions.node);
    if (tooOld) {
        process.stderr.write(`keyturn: ${tooOld}\n`);
        process.exit(2);
    }
    const stderr = processStream(process.stderr);
    const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
    process.exitCode = await runCli({
        argv: process.argv.slice(2),
        env: process.env,
        stdout: processStream(process.stdout),
        stderr,
        prompt: interactive ? (question) => promptSecret(process.stdin, stderr, question) : undefined,
        // Only a command that runs until stopped listens: anywhere else Ctrl-C ends keyturn at once.
        waitForInterrupt: () => new Promise((resolve) => process.once('SIGINT', () => resolve())),
        bundleFile,
    });
}


/***/ }),

/***/ 4422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AV: () => (/* binding */ githubStatus),
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   hg: () => (/* binding */ githubMessage),
/* harmony export */   qQ: () => (/* binding */ githubError),
/* harmony export */   xw: () => (/* binding */ DEFAULT_GITHUB_API_URL)
/* harmony export */ });
/* unused harmony export GITHUB_WRITE_PACE */
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4491);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2812);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(760);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6503);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1124);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(319);
/* harmony import */ var _http_policy__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8123);
/* harmony import */ var _retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6048);
/* harmony import */ var _upstream_body__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3430);









/**
 * The one way keyturn talks to GitHub's REST API: @octokit/rest with the
 * throttling and retry plugins, shared by propagate and rotate-pat so both
 * honour rate limits the same way and talk to the same `github-api-url`.
 *
 * The plugins decide WHEN to retry; every wait goes through the injected
 * `sleep`, so tests wait out a 403 secondary rate limit or a 429 without real
 * time passing, and a run's total wait is bounded by `policy.totalTimeMs`.
 * Writes are paced proactively inside GitHub's documented secondary limit
 * (about 80 content-creating requests a minute) rather than run into it.
 */
const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** GitHub documents about 80 content-creating requests a minute. */
const GITHUB_WRITE_PACE = Object.freeze({ writes: 80, perMs: 60_000 });
const GitHubOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_6__/* .Octokit */ .E.plugin(_octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__/* .throttling */ .A, injectedBackoff, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_8__/* .retry */ .L);
/** When each failing request first failed, so its retries share one time limit. */
const firstFailure = new WeakMap();
/** How many times each request failed with a status the retry plugin retries. */
const failedAttempts = new WeakMap();
function elapsedSinceFirstFailure(options, now) {
    const first = firstFailure.get(options);
    if (first === undefined) {
        firstFailure.set(options, now);
        return 0;
    }
    return now - first;
}
function describe(options) {
    const path = (options.url ?? '').replace(/^https?:\/\/[^/]+/, '');
    return `${options.method ?? 'GET'} ${path}`;
}
/**
 * Sits between the throttling plugin (inside) and the retry plugin (outside):
 * when the retry plugin is about to try a 429 / 5xx / network failure again,
 * this waits first (Retry-After when given, else jittered backoff) through the
 * injected sleep, and stops the retries once the time limit would be passed.
 */
function injectedBackoff(octokit, octokitOptions) {
    const settings = octokitOptions.keyturnBackoff;
    if (!settings)
        return {};
    octokit.hook.error('request', async (error, endpointOptions) => {
        const requestOptions = endpointOptions;
        const failed = error;
        const status = failed.status ?? 0;
        if (status !== 429 && status < 500)
            throw error;
        requestOptions.request ??= {};
        const request = requestOptions.request;
        const headers = failed.response?.headers ?? {};
        const message = error instanceof Error ? error.message : '';
        if (/\bsecondary rate\b/i.test(message) || String(headers['x-ratelimit-remaining']) === '0') {
            // The throttling plugin waited for this one already and has given up.
            request.retries = 0;
            throw error;
        }
        // Counted here, not from request.retryCount, which both plugins write.
        const attempt = (failedAttempts.get(requestOptions) ?? 0) + 1;
        failedAttempts.set(requestOptions, attempt);
        if (attempt >= settings.policy.maxAttempts) {
            request.retries = 0;
            throw error;
        }
        const asked = (0,_retry__WEBPACK_IMPORTED_MODULE_4__/* .retryAfterFromHeaders */ .B8)((name) => {
            const value = headers[name];
            return value === undefined ? undefined : String(value);
        }, settings.clock.now());
        const waitMs = (0,_retry__WEBPACK_IMPORTED_MODULE_4__/* .backoffDelay */ .EY)(attempt, settings.policy, settings.random, asked);
        const elapsed = elapsedSinceFirstFailure(requestOptions, settings.clock.now());
        if (elapsed + waitMs > settings.policy.totalTimeMs) {
            request.retries = 0;
            throw error;
        }
        settings.log(`GitHub answered ${status || 'nothing'} to ${describe(requestOptions)}; retrying in ${(0,_duration__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(waitMs)}`);
        await settings.sleep(waitMs);
        throw error;
    });
    return {};
}
function createGitHubClient(options) {
    const policy = options.policy ?? _retry__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_RETRY_POLICY */ .cO;
    const random = options.random ?? Math.random;
    const log = options.log ?? (() => { });
    const concurrency = options.concurrency ?? 4;
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    const pace = options.writePace === undefined ? GITHUB_WRITE_PACE : options.writePace;
    /** The throttling plugin's handlers: wait what GitHub asked (plus jitter, so
     * parallel requests do not return in lockstep) unless that passes the limit. */
    const waitOutLimit = (kind) => async (retryAfterSeconds, requestOptions, _octokit, retryCount) => {
        const waitMs = retryAfterSeconds * 1_000 + Math.floor(random() * 1_000);
        const elapsed = elapsedSinceFirstFailure(requestOptions, options.clock.now());
        if (retryCount + 1 >= policy.maxAttempts || elapsed + waitMs > policy.totalTimeMs)
            return false;
        log(`GitHub ${kind} on ${describe(requestOptions)}; waiting ${(0,_duration__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(waitMs)} as asked`);
        await options.sleep(waitMs);
        return true;
    };
    const writeGroup = new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({
        maxConcurrent: concurrency,
        ...(pace === false
            ? {}
            : { reservoir: pace.writes, reservoirRefreshAmount: pace.writes, reservoirRefreshInterval: pace.perMs }),
    });
    return new GitHubOctokit({
        ...(options.token === undefined ? {} : { auth: options.token }),
        baseUrl: (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
        userAgent: 'keyturn',
        // Octokit's request log would hold headers; only warnings reach the runner.
        log: { debug: () => { }, info: () => { }, warn: (message) => log(message), error: () => { } },
        request: {
            fetch: (0,_http_policy__WEBPACK_IMPORTED_MODULE_3__/* .policyFetch */ .T9)({ service: 'GitHub', timeoutMs }),
        },
        throttle: {
            onRateLimit: waitOutLimit('rate limit'),
            onSecondaryRateLimit: waitOutLimit('secondary rate limit'),
            // The handlers above did the waiting, through the injected sleep.
            retryAfterBaseValue: 0,
            write: writeGroup,
            global: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({ maxConcurrent: Math.min(100, Math.max(concurrency * 2, 10)) }),
        },
        retry: {
            retries: policy.maxAttempts - 1,
            retryAfterBaseValue: 0,
            doNotRetry: [400, 401, 403, 404, 410, 422, 451],
        },
        keyturnBackoff: { clock: options.clock, sleep: options.sleep, random, policy, log },
    });
}
/** The status of a failed Octokit request, when GitHub answered. Octokit
 * gives a refused connection or a timeout status 500 but no response. */
function githubStatus(error) {
    const failed = error;
    const status = failed?.status;
    if (typeof status !== 'number' || status <= 0)
        return undefined;
    return failed?.response === undefined ? undefined : status;
}
/** GitHub's own message, without the documentation link Octokit appends. */
function githubMessage(error) {
    const message = error instanceof Error ? error.message : String(error);
    return (0,_upstream_body__WEBPACK_IMPORTED_MODULE_5__/* .upstreamText */ .GB)(message.replace(/ - https:\/\/docs\.github\.com\S*$/, ''));
}
/**
 * A failed request as an UpstreamError a user can act on. `what` names the
 * resource as the user wrote it ("repository acme/api"); the text holds names
 * and GitHub's message, never a request body or header.
 */
function githubError(error, what) {
    if (error instanceof _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA)
        return error;
    const status = githubStatus(error);
    const details = { service: 'GitHub', retryable: false, ...(status === undefined ? {} : { status }) };
    switch (status) {
        case 401:
            return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA('the token was refused (bad credentials); check github-token', details);
        case 403:
            return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA(`${githubMessage(error)} (${what}); the token needs permission to write secrets there`, details);
        case 404:
            return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA(`${what} was not found; check the name, and that the token can see it (GitHub answers 404 for what a token may not read)`, details);
        case undefined:
            return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA(`no answer for ${what}: ${githubMessage(error)}`, details);
        default:
            return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .UpstreamError */ .gA(`${githubMessage(error)} (${what})`, details);
    }
}


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

/***/ 4067:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K0: () => (/* binding */ AWS_IAM_SERVICE),
/* harmony export */   _e: () => (/* binding */ parseAwsIamConfig),
/* harmony export */   hh: () => (/* binding */ parseAccessKeyJson),
/* harmony export */   mS: () => (/* binding */ accessKeyJson),
/* harmony export */   tQ: () => (/* binding */ AWS_STS_SERVICE),
/* harmony export */   wL: () => (/* binding */ AWS_IAM_FIELDS),
/* harmony export */   xT: () => (/* binding */ readAwsIamEndpoints)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _http_policy__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8123);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7348);



/** The aws-iam issuer's manifest fields and settings, read without loading
 * the AWS SDK (every bundle checks the manifest; ./aws-iam makes requests). */
const AWS_IAM_SERVICE = 'AWS IAM';
const AWS_STS_SERVICE = 'AWS STS';
const AWS_IAM_FIELDS = ['user'];
/** IAM's user name rule (CreateUser's UserName pattern and length). */
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
/** Reads the manifest's `issuer:` fields of an aws-iam entry. */
function parseAwsIamConfig(raw, where) {
    const fields = new _fields__WEBPACK_IMPORTED_MODULE_2__/* .FieldReader */ .U3(raw, where);
    fields.only(['kind', ...AWS_IAM_FIELDS]);
    const user = fields.requiredString('user', 'Give the IAM user whose access key is rotated, such as ci-deployer.');
    if (!USER_NAME.test(user)) {
        fields.fail('user', `is '${user}', not an IAM user name`, 'Give the user name only (up to 64 letters, digits and +=,.@_-), not its ARN or path.');
    }
    return { user };
}
/** AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS (else AWS_ENDPOINT_URL), the SDK's
 * convention, under the HTTP policy: https://, or http:// to this machine only. */
function readAwsIamEndpoints(env) {
    const read = (variable) => {
        const text = env[variable] || env.AWS_ENDPOINT_URL || '';
        if (text === '')
            return undefined;
        const source = env[variable] ? variable : 'AWS_ENDPOINT_URL';
        let url;
        try {
            url = new URL(text);
        }
        catch {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(source, `is '${text}', not a URL`, 'Unset it, or give an https:// URL.');
        }
        const problem = (0,_http_policy__WEBPACK_IMPORTED_MODULE_1__/* .credentialUrlProblem */ ._U)(url);
        if (problem)
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(source, problem, 'Use https://, or http:// to 127.0.0.1 for an emulator.');
        return text;
    };
    return {
        iam: read('AWS_ENDPOINT_URL_IAM'),
        sts: read('AWS_ENDPOINT_URL_STS'),
        region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    };
}
function accessKeyJson(pair) {
    return JSON.stringify({ AccessKeyId: pair.AccessKeyId, SecretAccessKey: pair.SecretAccessKey });
}
/** The pair in a stored value, or a CheckFailedError saying what the store must hold. */
function parseAccessKeyJson(value, which) {
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        parsed = undefined;
    }
    const pair = parsed;
    if (typeof pair !== 'object' ||
        pair === null ||
        typeof pair.AccessKeyId !== 'string' ||
        !/^[A-Z0-9]{16,128}$/.test(pair.AccessKeyId) ||
        typeof pair.SecretAccessKey !== 'string' ||
        pair.SecretAccessKey === '') {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .CheckFailedError */ .CO(`the store's ${which} value is not an access key as the aws-iam issuer stores it: ` +
            'write {"AccessKeyId": "AKIA…", "SecretAccessKey": "…"} (the JSON CreateAccessKey answers with) to the store, or delete it so the first rotation creates it');
    }
    return { AccessKeyId: pair.AccessKeyId, SecretAccessKey: pair.SecretAccessKey };
}


/***/ }),

/***/ 7348:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U3: () => (/* binding */ FieldReader),
/* harmony export */   nm: () => (/* binding */ MAX_GRACE_MS)
/* harmony export */ });
/* unused harmony exports editDistance, nearest, unknownNameFix, readGrace */
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1124);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(319);


/** The edit distance between two short names (fields, inputs, flags). */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            row.push(Math.min(row[j - 1] + 1, previous[j] + 1, previous[j - 1] + cost));
        }
        previous = row;
    }
    return previous[b.length];
}
/** The valid name closest to `name`, when one is close enough to be the one meant. */
function nearest(name, valid) {
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of valid) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
function unknownNameFix(name, valid, what) {
    const close = nearest(name, valid);
    const list = `The ${what} are: ${valid.join(', ')}.`;
    return close === undefined ? list : `Did you mean '${close}'? ${list}`;
}
/** Reads fields of one object, each once, refusing the ones not read. */
class FieldReader {
    raw;
    /** `issuer` or `secrets[db-password].issuer`: the prefix of every message. */
    where;
    constructor(raw, where) {
        this.raw = raw;
        this.where = where;
    }
    name(field) {
        return `${this.where}.${field}`;
    }
    fail(field, problem, fix) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(this.name(field), problem, fix);
    }
    /** Refuses any field not in `known`, naming the closest one. */
    only(known) {
        for (const field of Object.keys(this.raw)) {
            if (!known.includes(field))
                this.fail(field, 'is not a field of this issuer', unknownNameFix(field, known, 'fields'));
        }
    }
    has(field) {
        return this.raw[field] !== undefined && this.raw[field] !== null;
    }
    string(field, fix) {
        const value = this.raw[field];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string' && typeof value !== 'number')
            this.fail(field, `is ${describe(value)}, not text`, fix);
        const text = String(value).trim();
        if (text === '')
            this.fail(field, 'is empty', fix);
        return text;
    }
    requiredString(field, fix) {
        const text = this.string(field, fix);
        if (text === undefined)
            this.fail(field, 'is required but was not given', fix);
        return text;
    }
    integer(field, defaultValue, range) {
        const value = this.raw[field];
        if (value === undefined || value === null)
            return defaultValue;
        const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < range.min || number > range.max) {
            this.fail(field, `is ${describe(value)}`, `Use a whole number from ${range.min} to ${range.max}.`);
        }
        return number;
    }
    oneOf(field, choices, defaultValue) {
        const text = this.string(field, `Use one of: ${choices.join(', ')}.`) ?? defaultValue;
        if (!choices.includes(text)) {
            this.fail(field, `is '${text}'`, unknownNameFix(text, choices, 'choices'));
        }
        return text;
    }
    stringList(field, fix) {
        const value = this.raw[field];
        if (value === undefined || value === null)
            return undefined;
        const items = Array.isArray(value) ? value : [value];
        return items.map((item, index) => {
            if (typeof item !== 'string' || item.trim() === '')
                this.fail(`${field}[${index}]`, `is ${describe(item)}`, fix);
            return item.trim();
        });
    }
    duration(field) {
        const text = this.string(field, DURATION_FIX);
        if (text === undefined)
            return undefined;
        const ms = (0,_duration__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(text);
        if (ms === undefined)
            this.fail(field, `is '${text}', not a duration`, DURATION_FIX);
        return ms;
    }
}
const DURATION_FIX = 'Write a number and a unit: 90s, 10m, 24h or 90d.';
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string')
        return `'${value}'`;
    return String(value);
}
/** `grace` on any entry: a duration, at most 90 days (a window longer than a
 * rotation cycle would keep two old values alive at once). */
const MAX_GRACE_MS = 90 * 86_400_000;
function readGrace(raw, where) {
    if (raw === undefined || raw === null)
        return undefined;
    const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
    const ms = parseDuration(text);
    if (ms === undefined || text === '') {
        throw new InputError(`${where}.grace`, `is ${describe(raw)}, not a duration`, `${DURATION_FIX} For example grace: 24h.`);
    }
    if (ms > MAX_GRACE_MS) {
        throw new InputError(`${where}.grace`, `is ${text}, longer than 90d`, 'Use a window shorter than the rotation cycle.');
    }
    return ms;
}


/***/ }),

/***/ 3897:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A3: () => (/* binding */ GITHUB_PAT_FIELDS),
/* harmony export */   I3: () => (/* binding */ NEW_TOKEN_INPUT),
/* harmony export */   eB: () => (/* binding */ parseGitHubPatConfig),
/* harmony export */   g4: () => (/* binding */ NEEDS_PERSON),
/* harmony export */   oH: () => (/* binding */ GITHUB_API_URL_INPUT)
/* harmony export */ });
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7348);
/* harmony import */ var _github_token_text__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5800);


/** The github-pat issuer's manifest fields and inputs, read without loading
 * Octokit (the manifest checks them in every bundle; ./github-pat talks to GitHub). */
const GITHUB_PAT_FIELDS = ['expected-login', 'min-days-left', 'required-repos'];
const NEW_TOKEN_INPUT = 'new-token';
const GITHUB_API_URL_INPUT = 'github-api-url';
/** What a run without a new token must tell the operator. */
const NEEDS_PERSON = 'needs a person: create a token (GitHub has no API to make one) and run the emergency workflow with new-token ' +
    '(or `keyturn rotate ID` with KEYTURN_NEW_TOKEN set, or at its prompt)';
/** Reads the manifest's `issuer:` fields of a github-pat entry. */
function parseGitHubPatConfig(raw, where) {
    const fields = new _fields__WEBPACK_IMPORTED_MODULE_0__/* .FieldReader */ .U3(raw, where);
    fields.only(['kind', ...GITHUB_PAT_FIELDS]);
    const expectedLogin = fields.string('expected-login', 'Give the account the token must belong to, such as raxx-bot.');
    if (expectedLogin !== undefined && !_github_token_text__WEBPACK_IMPORTED_MODULE_1__/* .GITHUB_LOGIN */ .cd.test(expectedLogin)) {
        fields.fail('expected-login', `is '${expectedLogin}', not a GitHub login`, 'Give a user name, such as octocat.');
    }
    const minDaysLeft = fields.integer('min-days-left', _github_token_text__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_MIN_DAYS_LEFT */ .Pq, { min: 0, max: _github_token_text__WEBPACK_IMPORTED_MODULE_1__/* .MAX_MIN_DAYS_LEFT */ .s3 });
    const repos = fields.stringList('required-repos', 'Write each repository as OWNER/REPO.') ?? [];
    const requiredRepos = repos.map((line, index) => {
        const match = _github_token_text__WEBPACK_IMPORTED_MODULE_1__/* .GITHUB_REPO */ .Dy.exec(line);
        if (!match)
            fields.fail(`required-repos[${index}]`, `is '${line}'`, 'Write each repository as OWNER/REPO.');
        return { owner: match[1] ?? '', repo: match[2] ?? '', line };
    });
    return Object.freeze({ expectedLogin, minDaysLeft, requiredRepos: Object.freeze(requiredRepos) });
}


/***/ }),

/***/ 5800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dy: () => (/* binding */ GITHUB_REPO),
/* harmony export */   Fg: () => (/* binding */ parseScopes),
/* harmony export */   H_: () => (/* binding */ daysLeft),
/* harmony export */   Pq: () => (/* binding */ DEFAULT_MIN_DAYS_LEFT),
/* harmony export */   Wz: () => (/* binding */ tokenType),
/* harmony export */   cd: () => (/* binding */ GITHUB_LOGIN),
/* harmony export */   lG: () => (/* binding */ parseExpiration),
/* harmony export */   m: () => (/* binding */ revocable),
/* harmony export */   s3: () => (/* binding */ MAX_MIN_DAYS_LEFT)
/* harmony export */ });
/* harmony import */ var _duration__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1124);

const PREFIXES = [
    ['github_pat_', 'fine-grained'],
    ['ghp_', 'classic'],
    ['ghs_', 'app'],
    ['gho_', 'oauth'],
    ['ghu_', 'oauth'],
];
function tokenType(token) {
    return PREFIXES.find(([prefix]) => token.startsWith(prefix))?.[1] ?? 'unknown';
}
/** POST /credentials/revoke takes these; an app installation token (ghs_)
 * expires within the hour by itself and cannot be revoked that way. */
function revocable(type) {
    return type === 'classic' || type === 'fine-grained' || type === 'oauth';
}
/**
 * The expiration header as epoch ms. GitHub writes `2026-03-01 12:00:00 UTC`;
 * some versions write an offset (`+0000`, `-0700`). Undefined when absent
 * (the token does not expire); NaN-free: an unreadable header throws.
 */
function parseExpiration(header) {
    if (header === undefined || header.trim() === '')
        return undefined;
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(UTC|Z|[+-]\d{2}:?\d{2})$/.exec(header.trim());
    if (!match)
        throw new Error(`GitHub sent an expiration header keyturn cannot read: '${header}'`);
    const [, date, time, zone = 'UTC'] = match;
    const offset = zone === 'UTC' || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const ms = Date.parse(`${date}T${time}${offset}`);
    if (Number.isNaN(ms))
        throw new Error(`GitHub sent an expiration header keyturn cannot read: '${header}'`);
    return ms;
}
/** Whole days from now until expiry (negative once expired). */
function daysLeft(expiresAt, now) {
    return Math.floor((expiresAt - now) / _duration__WEBPACK_IMPORTED_MODULE_0__/* .DAY_MS */ .sO);
}
/** `X-OAuth-Scopes: repo, workflow` as a list; undefined when the header is absent. */
function parseScopes(header) {
    if (header === undefined)
        return undefined;
    return header
        .split(',')
        .map((scope) => scope.trim())
        .filter((scope) => scope !== '');
}
/** GitHub's longest PAT lifetime is a year; more cannot be asked of one. */
const MAX_MIN_DAYS_LEFT = 366;
const DEFAULT_MIN_DAYS_LEFT = 7;
const GITHUB_REPO = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;


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
/** POST /credentials/revoke: GitHub's answer status (any 2xx is an acceptance;
 * the revocation itself is asynchronous, proven by awaitRefused). */
async function requestRevocation(token, anonymous) {
    try {
        return (await anonymous.rest.credentials.revoke({ credentials: [token] })).status;
    }
    catch (error) {
        throw revocationFailure(error);
    }
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


/***/ }),

/***/ 6297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C7: () => (/* binding */ connectionUrl),
/* harmony export */   HS: () => (/* binding */ POSTGRES_ADMIN_URL_INPUT),
/* harmony export */   cY: () => (/* binding */ POSTGRES_FIELDS),
/* harmony export */   i3: () => (/* binding */ POSTGRES_SERVICE),
/* harmony export */   kt: () => (/* binding */ parseAdminUrl),
/* harmony export */   zP: () => (/* binding */ parseConnectionUrl),
/* harmony export */   zp: () => (/* binding */ parsePostgresConfig)
/* harmony export */ });
/* unused harmony exports SSL_MODES, MAX_IDENTIFIER_BYTES, isLoopback */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7348);


/** The postgres issuer's manifest fields and credential input, read without
 * loading `pg` (the manifest checks them in every bundle; ./postgres connects). */
const POSTGRES_SERVICE = 'PostgreSQL';
const POSTGRES_ADMIN_URL_INPUT = 'postgres-admin-url';
const POSTGRES_FIELDS = ['host', 'port', 'database', 'role', 'roles', 'strategy', 'sslmode'];
const SSL_MODES = ['disable', 'require', 'verify-full'];
/** PostgreSQL truncates identifiers at 63 bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;
function isLoopback(host) {
    return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
/** Reads the manifest's `issuer:` fields of a postgres entry. */
function parsePostgresConfig(raw, where) {
    const fields = new _fields__WEBPACK_IMPORTED_MODULE_1__/* .FieldReader */ .U3(raw, where);
    fields.only(['kind', ...POSTGRES_FIELDS]);
    const host = fields.requiredString('host', 'Give the database host name, such as db.internal.');
    if (!/^[A-Za-z0-9._:[\]-]+$/.test(host))
        fields.fail('host', `is '${host}'`, 'Give a host name or an IP address.');
    const port = fields.integer('port', 5432, { min: 1, max: 65_535 });
    const database = fields.requiredString('database', 'Give the database the roles log in to, such as musehub.');
    const role = fields.string('role', 'Give the login role, such as musehub_app.');
    const roles = fields.stringList('roles', 'Give two login roles, such as [app_blue, app_green].');
    const strategy = fields.oneOf('strategy', ['single', 'alternate'], roles === undefined ? 'single' : 'alternate');
    if (role !== undefined && roles !== undefined) {
        fields.fail('roles', 'is given with role', 'Give role (strategy: single) or roles (strategy: alternate), not both.');
    }
    let names;
    if (strategy === 'single') {
        if (roles !== undefined) {
            fields.fail('roles', 'is a list of roles but strategy is single', 'Use role: NAME, or strategy: alternate.');
        }
        if (role === undefined)
            fields.fail('role', 'is required with strategy single', 'Give the login role: role: NAME.');
        names = [role];
    }
    else {
        if (roles === undefined || roles.length !== 2) {
            fields.fail('roles', roles === undefined ? 'is required with strategy alternate' : `names ${roles.length} roles`, 'Give exactly two login roles of one group role: roles: [app_blue, app_green].');
        }
        if (roles[0] === roles[1])
            fields.fail('roles', 'names the same role twice', 'Give two different roles.');
        names = roles;
    }
    for (const name of names) {
        if (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES ||
            [...name].some((character) => character.charCodeAt(0) < 0x20)) {
            fields.fail(strategy === 'single' ? 'role' : 'roles', `'${name}' is not a role name`, 'Role names are at most 63 bytes, without control characters.');
        }
    }
    const sslmode = fields.oneOf('sslmode', SSL_MODES, 'verify-full');
    if (sslmode === 'disable' && !isLoopback(host)) {
        fields.fail('sslmode', `is disable for ${host}`, 'A password goes over this connection: use require or verify-full (disable is for loopback only).');
    }
    return Object.freeze({ host, port, database, strategy, roles: Object.freeze(names), sslmode });
}
/** Reads `postgres-admin-url`: user and password of a role that may alter the
 * login roles, for the entry's own host (a credential for one server is
 * never sent to another). */
function parseAdminUrl(text, config) {
    if (text === undefined || text === '')
        return undefined;
    const fix = "Give postgresql://ADMIN:PASSWORD@HOST:PORT/DATABASE for a role with CREATEROLE, on the entry's host.";
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(POSTGRES_ADMIN_URL_INPUT, 'is not a URL', fix);
    }
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(POSTGRES_ADMIN_URL_INPUT, `uses ${url.protocol} (not postgresql:)`, fix);
    }
    if (url.username === '' || url.password === '') {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(POSTGRES_ADMIN_URL_INPUT, 'has no user or no password', fix);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host !== '' && host !== config.host.replace(/^\[|\]$/g, '')) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(POSTGRES_ADMIN_URL_INPUT, `names host ${host}, not the entry's ${config.host}`, fix);
    }
    return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}
/** The URL the store holds in alternate mode. */
function connectionUrl(config, role, password) {
    const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
    return (`postgresql://${encodeURIComponent(role)}:${encodeURIComponent(password)}@${host}:${config.port}/` +
        `${encodeURIComponent(config.database)}?sslmode=${config.sslmode}`);
}
/** The role and password of a stored URL (alternate mode), or undefined when it is not one. */
function parseConnectionUrl(value) {
    try {
        const url = new URL(value);
        if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
            return undefined;
        return { role: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    }
    catch {
        return undefined;
    }
}


/***/ })

};
