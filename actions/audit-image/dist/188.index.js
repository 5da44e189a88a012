export const id = 188;
export const ids = [188];
export const modules = {

/***/ 4452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CO: () => (/* reexport */ errors_CheckFailedError),
  dz: () => (/* reexport */ InputError),
  FB: () => (/* reexport */ KeyturnError),
  gA: () => (/* reexport */ errors_UpstreamError),
  gQ: () => (/* reexport */ createActionsRunner),
  gJ: () => (/* reexport */ errors_errorMessage),
  Br: () => (/* reexport */ summary_renderSummary),
  Cs: () => (/* reexport */ runAction)
});

// UNUSED EXPORTS: COMPANION_SUFFIX, CONFIGURE_AWS_IN_WORKFLOW, DAY_MS, DEFAULT_AUDIT_LOG, DEFAULT_RETRY_POLICY, GENERATOR_FORMS, GRACE_MARK_PREFIX, GeneratorSyntaxError, InputReader, LONGEST_REQUEST, LONGEST_WAIT, MAX_GENERATED_SIZE, MAX_TIMER_MS, MAX_UPSTREAM_BODY_BYTES, SLICE_LENGTH, SecretRegistry, StatusListSyntaxError, TargetSyntaxError, UPSTREAM_TEXT_MAX, appendToFile, auditContextFromEnv, backoffDelay, checkLineCharacters, checkPlaceSegment, closestName, createAuditLog, createFakeClock, credentialUrlProblem, describePropagation, destinationFor, editDistance, escapeCell, escapeData, escapeLogText, escapeProperty, formatCommand, formatDuration, formatFileCommandEntry, generateSecret, graceMark, graceSinceOf, inputVariableName, isLoopbackHost, isPlainObject, isRetryable, malformedAnswer, markdownTable, maskedForms, parseDuration, parseErrorDocument, parseGenerator, parseGraceMark, parseStatusList, parseUpstreamJson, parseUpstreamObject, placeSegmentProblem, policyFetch, propagateValue, propagationFailure, propagationSummary, realSleep, refuseUndeclaredInputs, retryAfterFromHeaders, suggestion, systemClock, undeclaredInputs, upstreamText, withRetry, withoutQuotedBody

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
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
            await (0,promises_.appendFile)(path, `${secrets.redact(JSON.stringify(record))}\n`, 'utf8');
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

;// CONCATENATED MODULE: ../../packages/core/src/errors.ts
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
class errors_UpstreamError extends KeyturnError {
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
class errors_CheckFailedError extends KeyturnError {
    name = 'CheckFailedError';
}
/**
 * An error's message, with any excerpt of a body JSON.parse quoted taken
 * out: V8's message shows up to 10 characters around the bad token
 * (`Unexpected token 'k', ..."Value":kt9Xq2LmW7"... is not valid JSON`), and
 * the SDKs pass it on as theirs. A body that starts with, or breaks at, a
 * value would put part of it in the log; no body is ever quoted.
 */
function errors_errorMessage(error) {
    return errors_withoutQuotedBody(error instanceof Error ? error.message : String(error));
}
const QUOTED_JSON_BODY = /Unexpected token '.*?', (?:\.\.\.)?".*?"(?:\.\.\.)? is not valid JSON/gs;
/** `text` without the body excerpts JSON.parse's messages quote. */
function errors_withoutQuotedBody(text) {
    return text.replace(QUOTED_JSON_BODY, 'the body is not valid JSON (not quoted)');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
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
function formatFileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`output '${name}' contains the delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
function appendToFile(path, text) {
    (0,external_node_fs_.appendFileSync)(path, text, { encoding: 'utf8' });
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
    throw new InputError(name, `is not an input of keyturn/${spec.name} (it arrived as ${variable}, from a with: key or an env: variable)`, `${suggestion(name, names)} Rename the with: key; nothing was sent.`);
}

;// CONCATENATED MODULE: ../../packages/core/src/duration.ts
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
function duration_formatDuration(ms) {
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
            throw new InputError(name, 'is required but was not given', fix);
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
        throw new InputError(name, `is '${raw}', not a boolean`, 'Use true or false.');
    }
    /** A duration in milliseconds: `90s`, `10m`, `24h`, `90d`, `1h30m`, `0`.
     * A duration keyturn waits for (not an age) takes a `max`: past it the
     * input is refused, never handed to a timer that would overflow. */
    duration(name, defaultValue, bound) {
        const raw = this.string(name, defaultValue);
        const ms = parseDuration(raw);
        if (ms === undefined) {
            throw new InputError(name, `is '${raw}', not a duration`, 'Write a number and a unit: 90s, 10m, 24h or 90d.');
        }
        if (bound && ms > bound.max) {
            throw new InputError(name, `is '${raw}', longer than the ${duration_formatDuration(bound.max)} keyturn waits at most (${bound.why})`, `Use ${duration_formatDuration(bound.max)} or less.`);
        }
        return ms;
    }
    integer(name, defaultValue, range) {
        const raw = this.string(name);
        if (raw === '')
            return defaultValue;
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
            throw new InputError(name, `is '${raw}'`, `Use a whole number from ${range.min} to ${range.max}.`);
        }
        return value;
    }
    oneOf(name, choices, defaultValue) {
        const raw = this.string(name, defaultValue);
        if (!choices.includes(raw)) {
            throw new InputError(name, `is '${raw}'`, `Use one of: ${choices.join(', ')}.`);
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
        const known = error instanceof KeyturnError;
        const message = known
            ? error instanceof InputError && deps.describeInputError
                ? deps.describeInputError(error)
                : error.message
            : `unexpected error: ${errors_errorMessage(error)}. This is a bug in keyturn; please report it with a debug log.`;
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

;// CONCATENATED MODULE: ../../packages/core/src/retry.ts


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

/***/ 2732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   __: () => (/* binding */ Budget),
/* harmony export */   dR: () => (/* binding */ DEFAULT_LIMITS),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export RATIO_FLOOR */
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4452);

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

/***/ 7614:
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

/***/ 2188:
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
// EXTERNAL MODULE: ../../packages/core/src/index.ts + 16 modules
var src = __webpack_require__(4452);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/rules/ruleset.ts + 1 modules
var ruleset = __webpack_require__(2547);
// EXTERNAL MODULE: ../../packages/image-audit/src/scan/scan-pool.ts + 1 modules
var scan_pool = __webpack_require__(6638);
// EXTERNAL MODULE: ../../packages/image-audit/src/workers/threads.ts
var workers_threads = __webpack_require__(4060);
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
;// CONCATENATED MODULE: ../../packages/image-audit/src/read/compression.ts


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

// EXTERNAL MODULE: ../../packages/image-audit/src/read/tar-walk.ts
var tar_walk = __webpack_require__(6615);
// EXTERNAL MODULE: ../../node_modules/xz-decompress/dist/package/xz-decompress.js
var xz_decompress = __webpack_require__(7238);
var xz_decompress_default = /*#__PURE__*/__webpack_require__.n(xz_decompress);
;// CONCATENATED MODULE: ../../packages/image-audit/src/read/xz.ts

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

;// CONCATENATED MODULE: ../../packages/image-audit/src/read/nested.ts





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

;// CONCATENATED MODULE: ../../packages/image-audit/src/read/packages.ts

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
        const rpm = await __webpack_require__.e(/* import() */ 848).then(__webpack_require__.bind(__webpack_require__, 9848));
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

// EXTERNAL MODULE: ../../packages/image-audit/src/scan/redact.ts
var redact = __webpack_require__(8034);
;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/rules/paths.ts
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

;// CONCATENATED MODULE: ../../packages/image-audit/src/scan/file-scan.ts







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

// EXTERNAL MODULE: ../../packages/image-audit/src/read/path-set.ts
var path_set = __webpack_require__(7614);
;// CONCATENATED MODULE: ../../packages/image-audit/src/read/layer.ts






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

;// CONCATENATED MODULE: ../../packages/image-audit/src/read/archive.ts





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

// EXTERNAL MODULE: ../../packages/image-audit/src/read/limits.ts
var limits = __webpack_require__(2732);
;// CONCATENATED MODULE: ../../packages/image-audit/src/read/reader-thread.ts








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

/***/ 6615:
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
