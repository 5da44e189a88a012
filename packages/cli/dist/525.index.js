export const id = 525;
export const ids = [525];
export const modules = {

/***/ 1525:
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

// EXTERNAL MODULE: ../core/src/adapters/destinations.ts + 7 modules
var destinations = __webpack_require__(7382);
// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/issuers/registry.ts
var registry = __webpack_require__(1694);
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
    ...destinations/* DESTINATION_SECRET_INPUTS */.oD,
    ...stores/* STORE_SECRET_INPUTS */.zx,
    ...(0,registry/* issuerCredentialInputs */.ip)()
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
    const fromKeyturnVariables = new Set(Object.keys(inputs));
    for (const [name, value] of Object.entries(fromInputVariables))
        inputs[name] ??= value;
    Object.assign(inputs, flags);
    // A shell exports KEYTURN_GITHUB_TOKEN once for every command (keyturn
    // emulators prints such lines); a mode that must not be handed a
    // credential does not take it from there. Passed any other way, it is
    // still the action's to refuse.
    for (const name of command.unusedSecrets?.(inputs) ?? []) {
        if (fromKeyturnVariables.has(name) && !(name in fromInputVariables))
            delete inputs[name];
    }
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
            "description": "Let third-party findings fail the check at their rule's severity: secrets in files a package manager installed and that still match its records (dpkg and distroless md5sums, apk's installed database, rpm's rpmdb.sqlite, Python RECORD, node_modules packages), and published example values. By default they are listed apart at low and never fail it.",
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
            wanted.add((0,destinations/* destinationCredentialInput */.wu)((0,destinations/* parseTarget */.hu)(line.trim())));
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
async function entryCredentials(known) {
    // The manifest's reader (ajv, the schema, every registry) loads only here,
    // so other commands start without it.
    const [{ ISSUERS }, { credentialNeeds, DEFAULT_MANIFEST, parseManifest }] = await Promise.all([
        __webpack_require__.e(/* import() */ 887).then(__webpack_require__.bind(__webpack_require__, 1887)),
        Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(238)]).then(__webpack_require__.bind(__webpack_require__, 5238)),
    ]);
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
 * runs an action is one entry: its spec (from action.yml) and its `main`,
 * imported only when that command runs, so `--help`, `--version` and usage
 * errors do not load every action's SDKs first.
 */
const COMMANDS = [
    {
        kind: 'action',
        name: 'plan',
        spec: action_spec_generated_ACTION_SPEC,
        run: async (context) => (await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(238), __webpack_require__.e(274)]).then(__webpack_require__.bind(__webpack_require__, 4274))).main(context),
        examples: ['keyturn plan', 'keyturn plan --manifest .github/rotation.yml --only billing-api-token --force true'],
        failureMeans: "a secret's store could not be read (every other secret is still planned and shown)",
    },
    {
        kind: 'action',
        name: 'rotate',
        spec: rotate_src_action_spec_generated_ACTION_SPEC,
        positionals: [{ input: 'secret', label: 'ID' }],
        run: async (context) => (await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(238), __webpack_require__.e(784)]).then(__webpack_require__.bind(__webpack_require__, 784))).main(context),
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
        run: async (context) => (await __webpack_require__.e(/* import() */ 136).then(__webpack_require__.bind(__webpack_require__, 9136))).main(context),
        examples: [
            'keyturn rotate-ssm --name /prod/api/token --generate base64url:32 --max-age 90d --dry-run',
            'keyturn rotate-ssm --name /prod/api/token --rollback',
        ],
    },
    {
        kind: 'action',
        name: 'propagate',
        spec: src_action_spec_generated_ACTION_SPEC,
        run: async (context) => (await __webpack_require__.e(/* import() */ 147).then(__webpack_require__.bind(__webpack_require__, 4147))).main(context),
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
        run: async (context) => (await __webpack_require__.e(/* import() */ 999).then(__webpack_require__.bind(__webpack_require__, 3999))).main(context),
        promptFor: (known) => known['check-only'] === 'true' ? ['token'] : ['new-token', 'old-token', ...targetCredentials(known.targets)],
        unusedSecrets: (known) => known['check-only'] === 'true'
            ? [...SECRET_INPUTS].filter((name) => name !== 'token' && rotate_pat_src_action_spec_generated_ACTION_SPEC.inputs.some((input) => input.name === name))
            : [],
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
        run: async (context) => (await __webpack_require__.e(/* import() */ 500).then(__webpack_require__.bind(__webpack_require__, 5500))).main(context),
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
                Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(282), __webpack_require__.e(101), __webpack_require__.e(719), __webpack_require__.e(970), __webpack_require__.e(551)]).then(__webpack_require__.bind(__webpack_require__, 2551)),
                Promise.all(/* import() */[__webpack_require__.e(586), __webpack_require__.e(282), __webpack_require__.e(101), __webpack_require__.e(719), __webpack_require__.e(970)]).then(__webpack_require__.bind(__webpack_require__, 2970)),
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


/** What a person at a terminal does instead of adding a workflow step. */
const CONFIGURE_AWS_AT_TERMINAL = 'configure AWS first: export AWS_PROFILE=… (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_REGION';
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
    // A fix written for a workflow is said the terminal way.
    const clean = (text) => neutralizeControls(shown.redact(text)).replaceAll(src/* CONFIGURE_AWS_IN_WORKFLOW */.FH, CONFIGURE_AWS_AT_TERMINAL);
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
    for (const name of (await command.promptFor?.(inputs)) ?? []) {
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
        // The message reads as the runner's (with: keys); the exit code is still
        // the CLI's promise, 2 for an input the caller got wrong.
        const runner = (0,src/* createActionsRunner */.gQ)({ env, writeLine: (line) => out.line(line), setExitCode });
        const markInputError = (error) => {
            inputError = true;
            return error.message;
        };
        await (0,src/* runAction */.Cs)(command.name, { runner, spec: command.spec, describeInputError: markInputError }, run);
        return inputError ? 2 : exitCode;
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

/***/ 1303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ withTotalDeadline)
/* harmony export */ });
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


/***/ }),

/***/ 7382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  oD: () => (/* binding */ DESTINATION_SECRET_INPUTS),
  mQ: () => (/* binding */ TARGET_FIX),
  _c: () => (/* binding */ checkValueFits),
  CQ: () => (/* binding */ companionTarget),
  wu: () => (/* binding */ destinationCredentialInput),
  P4: () => (/* binding */ formatTarget),
  Lk: () => (/* binding */ maskDestinationCredentials),
  uY: () => (/* binding */ openDestinations),
  hu: () => (/* binding */ parseTarget),
  WC: () => (/* binding */ readConcurrency),
  E8: () => (/* binding */ readDestinationSettings),
  p5: () => (/* reexport */ readGitHubApiUrl),
  R0: () => (/* binding */ readTargets),
  hD: () => (/* binding */ targetKey)
});

// UNUSED EXPORTS: DESTINATIONS, DESTINATION_INPUTS, GITHUB_SECRET_MAX_BYTES, GITHUB_TOKEN_FIX, HEROKU_CONFIG_MAX_BYTES, MAX_CONCURRENCY, SCHEMES, TARGET_FORMS, checkGithubSecretName, destinationModule, readApiUrl, valueSizeProblem

// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/grace.ts
var grace = __webpack_require__(8354);
// EXTERNAL MODULE: ../core/src/targets.ts
var src_targets = __webpack_require__(9176);
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
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' has options, which fly: lines do not take`);
        const parts = path.split('/');
        const [app = '', name = ''] = parts;
        if (parts.length !== 2)
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' must read fly:APP/NAME`);
        if (!FLY_APP.test(app)) {
            throw new src_targets/* TargetSyntaxError */.zC(`Fly app '${app}' is not an app name (lowercase letters, digits and -)`);
        }
        if (!FLY_SECRET_NAME.test(name)) {
            throw new src_targets/* TargetSyntaxError */.zC(`secret name '${name}' must be an environment variable name (letters, digits, _)`);
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
// EXTERNAL MODULE: ../core/src/pagination.ts
var pagination = __webpack_require__(3936);
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
        let status;
        try {
            switch (github.kind) {
                case 'github':
                    ({ status } = await this.client.rest.actions.deleteRepoSecret({
                        owner: github.owner,
                        repo: github.repo,
                        secret_name: github.name,
                    }));
                    break;
                case 'github-env':
                    ({ status } = await this.client.request('DELETE /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', { owner: github.owner, repo: github.repo, environment_name: github.environment, secret_name: github.name }));
                    break;
                case 'dependabot':
                    ({ status } = await this.client.rest.dependabot.deleteRepoSecret({
                        owner: github.owner,
                        repo: github.repo,
                        secret_name: github.name,
                    }));
                    break;
                case 'github-org':
                    ({ status } = await this.client.rest.actions.deleteOrgSecret({ org: github.org, secret_name: github.name }));
                    break;
                case 'dependabot-org':
                    ({ status } = await this.client.rest.dependabot.deleteOrgSecret({
                        org: github.org,
                        secret_name: github.name,
                    }));
                    break;
            }
        }
        catch (error) {
            if ((0,github_client/* githubStatus */.AV)(error) === 404)
                return 'absent';
            throw (0,github_client/* githubError */.qQ)(error, `secret ${github.name} in ${label}`);
        }
        // As with the PUT: only GitHub's own 204 says the secret is gone.
        if (status !== 204) {
            throw new errors/* UpstreamError */.gA(`deleting secret ${github.name} in ${label} answered ${status}, not 204, so GitHub did not say it deleted it`, { service: 'GitHub', status, retryable: true });
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
            const budget = new pagination/* PageBudget */.$('GitHub', `the secrets of ${label}`, Math.ceil(limit / PER_PAGE) + 1);
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
            const budget = new pagination/* PageBudget */.$('GitHub', `the selected repositories of ${label}`, GITHUB_MAX_PAGES);
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
        throw new src_targets/* TargetSyntaxError */.zC(`secret name '${name}' may hold only letters, digits and _, and may not start with a digit`);
    }
    if (/^GITHUB_/i.test(name)) {
        throw new src_targets/* TargetSyntaxError */.zC(`secret name '${name}' may not start with GITHUB_ (GitHub reserves it)`);
    }
}
function checkOwner(owner, what) {
    if (!GITHUB_OWNER.test(owner))
        throw new src_targets/* TargetSyntaxError */.zC(`${what} '${owner}' is not a GitHub account name`);
}
function checkRepo(repo) {
    if (!GITHUB_REPO.test(repo) || repo === '.' || repo === '..') {
        throw new src_targets/* TargetSyntaxError */.zC(`repository '${repo}' is not a GitHub repository name`);
    }
}
/** An environment name: any printable text GitHub takes, as one path segment. */
function checkEnvironment(environment, line) {
    if (environment === '' || environment.length > GITHUB_ENVIRONMENT_MAX) {
        throw new src_targets/* TargetSyntaxError */.zC(`'${line}' names an empty or over-long environment`);
    }
    (0,src_targets/* checkPlaceSegment */.Tq)(environment, `environment '${environment}'`);
}
function parseVisibility(query, line) {
    if (query === undefined)
        return undefined;
    const params = new URLSearchParams(query);
    for (const key of params.keys()) {
        if (key !== 'visibility' && key !== 'repos') {
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' has unknown option '${key}' (only visibility and repos)`);
        }
    }
    const visibility = params.get('visibility');
    if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') {
        throw new src_targets/* TargetSyntaxError */.zC(`'${line}' needs visibility=all, visibility=private or visibility=selected&repos=a,b`);
    }
    const repos = (params.get('repos') ?? '')
        .split(',')
        .map((repo) => repo.trim())
        .filter((repo) => repo !== '');
    if (visibility === 'selected' && repos.length === 0) {
        throw new src_targets/* TargetSyntaxError */.zC(`'${line}' has visibility=selected but no repos=a,b`);
    }
    if (visibility !== 'selected' && repos.length > 0) {
        throw new src_targets/* TargetSyntaxError */.zC(`'${line}' lists repos, which only visibility=selected uses`);
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
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' has options, which only organization secrets take`);
        }
        if (isOrg) {
            const [org = '', name = ''] = parts;
            if (parts.length !== 2)
                throw new src_targets/* TargetSyntaxError */.zC(`'${line}' must read ${scheme}:ORG/NAME`);
            checkOwner(org, 'organization');
            checkGithubSecretName(name);
            const visibility = parseVisibility(query, line);
            const kind = scheme === 'github-org' ? 'github-org' : 'dependabot-org';
            return visibility ? { kind, line, org, name, visibility } : { kind, line, org, name };
        }
        const [owner = '', repoPart = '', name = ''] = parts;
        if (parts.length !== 3)
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' must read ${scheme}:OWNER/REPO/NAME`);
        checkOwner(owner, 'owner');
        checkGithubSecretName(name);
        const at = repoPart.indexOf('@');
        if (at >= 0) {
            if (scheme !== 'github')
                throw new src_targets/* TargetSyntaxError */.zC(`'${line}': environments exist only for github: secrets`);
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
            throw new src_targets/* TargetSyntaxError */.zC(`'${line}' must read heroku:APP/NAME`);
        if (!HEROKU_APP.test(app))
            throw new src_targets/* TargetSyntaxError */.zC(`Heroku app '${app}' is not an app name or id`);
        if (!HEROKU_VAR.test(name)) {
            throw new src_targets/* TargetSyntaxError */.zC(`config var '${name}' may hold only letters, digits and _ (Heroku's rule)`);
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
    (0,src_targets/* checkLineCharacters */.zZ)(line);
    const colon = line.indexOf(':');
    const scheme = colon < 0 ? '' : line.slice(0, colon);
    const id = MODULE_BY_SCHEME.get(scheme);
    if (id === undefined) {
        throw new src_targets/* TargetSyntaxError */.zC(`'${line}' does not start with one of ${SCHEMES.map((s) => `${s}:`).join(', ')}`);
    }
    const rest = line.slice(colon + 1);
    const question = rest.indexOf('?');
    const path = question < 0 ? rest : rest.slice(0, question);
    const query = question < 0 ? undefined : rest.slice(question + 1);
    return moduleOf(id).parse({ scheme, path, query, line });
}
/** The line that names `target`, in its module's canonical form. */
function formatTarget(target) {
    return destinationModule(target).format(target);
}
/**
 * The companion a grace period keeps the old value under: the same place,
 * `NAME_PREVIOUS`. Built through the module's own parser, so every name rule
 * of the service applies to it; throws TargetSyntaxError when one breaks.
 */
function companionTarget(target) {
    const { companionOf: _none, ...plain } = target;
    const line = formatTarget({ ...plain, name: `${target.name}${grace/* COMPANION_SUFFIX */.P8}` });
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
            if (!(error instanceof src_targets/* TargetSyntaxError */.zC))
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

/***/ 7573:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $X: () => (/* binding */ DEFAULT_INFISICAL_URL),
  CL: () => (/* binding */ InfisicalStore),
  vZ: () => (/* binding */ describeRun),
  ng: () => (/* binding */ infisicalKeyProblem)
});

// UNUSED EXPORTS: INFISICAL_SERVICE, InfisicalHttpError, MARKER_PREFIX, ROTATION_FOLDER, STALE_MARKER_MS, mapInfisicalError

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/@infisical/sdk/lib/esm/index.mjs + 7 modules
var esm = __webpack_require__(3453);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/upstream-body.ts
var upstream_body = __webpack_require__(3430);
// EXTERNAL MODULE: ../core/src/http-policy.ts
var http_policy = __webpack_require__(8123);
;// CONCATENATED MODULE: ../core/src/adapters/infisical-transport.ts




/**
 * How keyturn talks to Infisical: the SDK's internals it hooks (checked at
 * runtime, since they are private in its typings), the one bounded attempt
 * that replaces the SDK's own request with its fixed 15 s of retries, and
 * the mapping of a failed exchange to an UpstreamError. The store's logic
 * (versions, the rotation marker) lives in ./infisical.
 */
const INFISICAL_SERVICE = 'Infisical';
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
        typeof internals.secretsApi?.getSecret !== 'function' ||
        typeof internals.secretsApi?.listSecrets !== 'function' ||
        typeof internals.secretsApi?.deleteSecret !== 'function' ||
        typeof internals.foldersApi?.create !== 'function') {
        throw new Error('@infisical/sdk no longer has the internals keyturn hooks (apiClient.request, authApi, secretsApi, foldersApi)');
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

;// CONCATENATED MODULE: ../core/src/adapters/infisical.ts







/**
 * The Store port over Infisical, through @infisical/sdk's API layer (its
 * routes, parameters and bodies). Every update makes a new secret version;
 * "previous" is the version before the latest, and a rollback writes that
 * value again as a new version.
 *
 * Rotation marker: Infisical has no labels, no compare-and-set on a value,
 * and every update (metadata too) makes a version, so keyturn keeps its
 * in-flight state in a marker secret of its own, `KEYTURN_ROTATION__<KEY>`
 * in the sub-folder `keyturn-rotations` of the secret's folder (a sub-folder,
 * so `infisical run`, exports and secret syncs of the folder never hand it to
 * an app; `--recursive` would, under its own key). It holds no secret: the
 * version the rotation started from, the run, when, and whether the
 * rotation resumes. A write creates it *before* the value; Infisical's create
 * refuses a key that exists (400 "Secret already exist", or the unique
 * index's 500 for two creates at the same moment, retried into the 400), so
 * that create is the compare-and-set: of two rotations started together one
 * creates the marker and writes, the other writes nothing and stops naming
 * the run that holds it.
 *   - marker `from` < current version, resuming: the value was written and
 *     the rotation did not finish: head() says `pending` (plan: unfinished;
 *     rotate resumes with the stored value) until settle() deletes it.
 *   - marker `from` >= current version: the value write never happened. A
 *     marker that old (STALE_MARKER_MS) belongs to a run that is gone: the
 *     next write deletes it and takes its place; a younger one stops the run.
 *   - previous(), readPrevious() and rollback() take the marker's `from` as
 *     the version before while it is there.
 *
 * Transport (./infisical-transport): the SDK (v5) retries every network
 * error and 429 four times with real sleeps of 1-8 s (about 15 s, each
 * attempt with a 10 s timeout) and has no option to change that. keyturn
 * replaces the SDK client's `request` with a single-attempt fetch with a
 * timeout, and retries here with the injected clock and sleep, honouring
 * Retry-After, within a stated limit.
 */
const DEFAULT_INFISICAL_URL = 'https://app.infisical.com';
/** The sub-folder of a secret's folder that holds keyturn's rotation markers. */
const ROTATION_FOLDER = 'keyturn-rotations';
/** The marker of secret KEY is the secret `KEYTURN_ROTATION__KEY` in ROTATION_FOLDER. */
const MARKER_PREFIX = 'KEYTURN_ROTATION__';
/** Infisical's longest key. */
const INFISICAL_KEY_MAX = 500;
/** A marker whose value write never happened, this old, is a crashed run's:
 * the store write's own retries end well within it (DEFAULT_RETRY_POLICY: 5 min). */
const STALE_MARKER_MS = 15 * 60_000;
/** The run a rotation marker names, from the runner's environment. */
function describeRun(env) {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = env;
    if (GITHUB_RUN_ID && GITHUB_REPOSITORY) {
        const attempt = GITHUB_RUN_ATTEMPT ? `/attempts/${GITHUB_RUN_ATTEMPT}` : '';
        return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}${attempt}`;
    }
    return `a run outside GitHub Actions (pid ${process.pid})`;
}
/** A secret key Infisical accepts: no whitespace, no slash. */
function infisicalKeyProblem(key) {
    if (key.length === 0)
        return 'is empty';
    if (/[\s/]/.test(key))
        return 'holds whitespace or a slash, which Infisical keys cannot';
    const longest = INFISICAL_KEY_MAX - MARKER_PREFIX.length;
    if (key.length > longest) {
        return `is longer than ${longest} characters (Infisical keys hold ${INFISICAL_KEY_MAX}, and keyturn's rotation marker ${MARKER_PREFIX}KEY adds ${MARKER_PREFIX.length})`;
    }
    return undefined;
}
class InfisicalStore {
    kind = 'infisical';
    options;
    api;
    sdk;
    runId;
    /** One login per store, shared by calls made at once (a plan asks many heads in parallel). */
    loggingIn;
    constructor(options) {
        this.options = options;
        this.runId = options.runId ?? 'a run outside GitHub Actions';
        this.sdk = new esm/* InfisicalSDK */.Zf({ siteUrl: options.siteUrl });
        this.api = internalsOf(this.sdk);
        this.api.apiClient.request = boundedTransport(this.api.apiClient, options.timeoutMs ?? 15_000, () => options.clock.now());
    }
    async read(name) {
        const secret = await this.get(name, { withValue: true });
        return secret && this.stored(secret);
    }
    async head(name) {
        const [current, marker] = await Promise.all([this.get(name, { withValue: false }), this.readMarker(name)]);
        return current && this.headOf(current, marker);
    }
    /** Every head of this folder from two listings (the folder, with values
     * hidden, and its marker folder) instead of two reads per secret. A name
     * the listing lacks is asked on its own: Infisical leaves out of a list
     * what the identity may not see, and only a read tells that from absent. */
    async heads(names) {
        const [listed, markers] = await Promise.all([
            this.list(this.options.location.secretPath, false),
            this.list(this.markerPath(), true),
        ]);
        const result = new Map();
        const missing = [];
        for (const name of names) {
            const current = listed.get(name);
            if (!current) {
                missing.push(name);
                continue;
            }
            const raw = markers.get(`${MARKER_PREFIX}${name}`);
            result.set(name, this.headOf(current, raw && this.parseMarker(raw)));
        }
        for (const name of missing)
            result.set(name, await this.head(name));
        return result;
    }
    async previous(name) {
        const before = await this.versionBefore(name);
        if (before === undefined)
            return undefined;
        const prior = await this.get(name, { withValue: false, version: before });
        return prior && { version: String(prior.version), updatedAt: Date.parse(prior.updatedAt) };
    }
    async readPrevious(name) {
        const before = await this.versionBefore(name);
        if (before === undefined)
            return undefined;
        const prior = await this.get(name, { withValue: true, version: before });
        return prior && this.stored(prior);
    }
    async checkWritable() {
        await this.login();
    }
    async write(name, value, options = {}) {
        this.options.secrets.mask(value);
        const before = await this.get(name, { withValue: false });
        const from = before?.version ?? 0;
        const expected = options.expectedVersion;
        if (expected !== undefined && (before ? String(before.version) : null) !== expected) {
            throw new errors/* CheckFailedError */.CO(`another rotation of Infisical secret ${name} wrote version ${before?.version ?? '(deleted)'} since this run ` +
                `read ${expected === null ? 'that it did not exist' : `version ${expected}`}; this run wrote nothing. ` +
                'Run again, if a rotation is still due');
        }
        // The marker first: of two rotations started together, one creates it.
        const nonce = await this.acquire(name, from, options.pending === true);
        let written;
        let previousVersion;
        try {
            ({ written, previousVersion } = await this.writeValue(name, value, from));
        }
        catch (error) {
            // A write that did not land leaves no marker behind to block the next
            // run. One that may have landed (no answer, and the service cannot
            // tell now) keeps it: the next head tells which (pending, or stale).
            const latest = await this.get(name, { withValue: false }).then((found) => ({ version: found?.version ?? 0 }), () => undefined);
            if (latest?.version === from)
                await this.release(name).catch(() => undefined);
            throw error;
        }
        // A run that took the marker over as stale (this one stalled past
        // STALE_MARKER_MS) is rotating now: this run's value is not the one to keep.
        const marker = await this.readMarker(name);
        if (marker?.nonce !== nonce) {
            throw new errors/* CheckFailedError */.CO(`another rotation of Infisical secret ${name} took over its rotation marker (${this.describeMarker(marker)}) ` +
                `while this run wrote version ${written.secret.version}; this run stops before any consumer. ` +
                'Run again once it has finished, if a rotation is still due');
        }
        // Writers outside keyturn take no marker: the latest version is current.
        const after = await this.get(name, { withValue: false });
        if (after && after.version !== written.secret.version) {
            throw new errors/* CheckFailedError */.CO(`another rotation wrote version ${after.version} of Infisical secret ${name} after this run wrote version ` +
                `${written.secret.version}; this run stops before any consumer, so the other rotation's value stays the one ` +
                'in use. Run again once it has finished, if a rotation is still due');
        }
        if (!options.pending) {
            await this.release(name).catch((error) => {
                throw new errors/* UpstreamError */.gA(`version ${written.secret.version} of Infisical secret ${name} is stored and current; only its rotation ` +
                    `marker could not be deleted (${(0,errors/* errorMessage */.gJ)(error)}): the next write takes it over`, { service: INFISICAL_SERVICE, retryable: false });
            });
        }
        return {
            version: String(written.secret.version),
            ...(previousVersion === undefined ? {} : { previousVersion: String(previousVersion) }),
        };
    }
    /** The rotation finished: its marker goes. A marker from a later rotation
     * (started from `version` or after it) is that rotation's, and stays. */
    async settle(name, version) {
        const marker = await this.readMarker(name);
        if (marker && marker.from < Number(version))
            await this.release(name);
    }
    async rollback(name) {
        const current = await this.get(name, { withValue: false });
        if (!current)
            throw new errors/* CheckFailedError */.CO(`Infisical secret ${name} does not exist, so there is nothing to roll back`);
        // An unfinished rotation is undone: its marker names the version it replaced.
        const marker = await this.readMarker(name);
        const unfinished = marker !== undefined && marker.from < current.version;
        const before = unfinished ? marker.from : current.version - 1;
        if (before < 1) {
            throw new errors/* CheckFailedError */.CO(`Infisical secret ${name} has a single version, so there is nothing to roll back to`);
        }
        const prior = await this.get(name, { withValue: true, version: before });
        if (!prior)
            throw new errors/* CheckFailedError */.CO(`version ${before} of Infisical secret ${name} is gone`);
        const restored = this.stored(prior);
        // A rollback is a write: it takes the marker (or keeps the unfinished rotation's, which it ends).
        if (!unfinished)
            await this.acquire(name, current.version, false);
        let written;
        try {
            written = await this.call(`writing ${name}`, async () => ({
                secret: secretOf(await this.api.secretsApi.updateSecret(name, {
                    ...this.locationBody(),
                    secretValue: restored.value,
                    type: 'shared',
                }), `writing ${name}`),
            }));
        }
        catch (error) {
            if (!unfinished) {
                const latest = await this.get(name, { withValue: false }).catch(() => undefined);
                if (latest?.version === current.version)
                    await this.release(name).catch(() => undefined);
            }
            throw error;
        }
        await this.release(name);
        return {
            value: restored.value,
            version: String(written.secret.version),
            updatedAt: Date.parse(written.secret.updatedAt) || this.options.clock.now(),
            previousVersion: String(current.version),
            restoredVersion: String(prior.version),
        };
    }
    /** The version the current one replaced: the marker's while a rotation is unfinished. */
    async versionBefore(name) {
        const [current, marker] = await Promise.all([this.get(name, { withValue: false }), this.readMarker(name)]);
        if (!current)
            return undefined;
        const before = marker && marker.from < current.version ? marker.from : current.version - 1;
        return before >= 1 ? before : undefined;
    }
    headOf(current, marker) {
        const pending = marker?.resume === true && marker.from < current.version;
        return {
            version: String(current.version),
            updatedAt: Date.parse(current.updatedAt),
            ...(pending ? { pending: true } : {}),
        };
    }
    /**
     * The value write, after the marker: each attempt looks again, because a
     * write whose answer was lost (timeout, reset) may have been applied, and
     * writing it again would make a second version of the same value, so
     * previous() and rollback() would restore the new value.
     */
    async writeValue(name, value, from) {
        let firstSeen;
        let previousVersion;
        const written = await this.call(`writing ${name}`, async () => {
            const retrying = firstSeen !== undefined;
            const latest = await this.fetchSecret(name, { withValue: retrying });
            if (firstSeen === undefined) {
                firstSeen = { secret: latest };
                // A rotation that finished between this run's read and its marker: it
                // replaced the version this one started from, so this one is not due.
                if ((latest?.version ?? 0) !== from) {
                    await this.release(name).catch(() => undefined);
                    throw new errors/* CheckFailedError */.CO(`another rotation wrote version ${latest?.version} of Infisical secret ${name} while this run started ` +
                        `from version ${from}; this run wrote nothing. Run again, if a rotation is still due`);
                }
            }
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
            const answer = await (latest
                ? this.api.secretsApi.updateSecret(name, body)
                : this.api.secretsApi.createSecret(name, body));
            return { secret: secretOf(answer, `writing ${name}`) };
        });
        return { written, previousVersion };
    }
    /**
     * Creates this run's marker (the compare-and-set), or fails naming the run
     * that holds it. A marker whose value write never happened and that is
     * older than STALE_MARKER_MS, or a single write's marker whose write is
     * done (its run died before deleting it), is deleted and taken over.
     * Returns this run's nonce: a create whose answer was lost is recognised by it.
     */
    async acquire(name, from, resume) {
        const nonce = (0,external_node_crypto_.randomUUID)();
        const body = JSON.stringify({
            keyturn: 'rotation marker: no secret here; deleted when the rotation finishes',
            secret: name,
            from,
            run: this.runId,
            nonce,
            resume,
            at: new Date(this.options.clock.now()).toISOString(),
        });
        for (let attempt = 0; attempt < 2; attempt++) {
            let created;
            try {
                created = await this.createMarker(name, body);
            }
            catch (error) {
                // A create whose answer never came may have made the marker: this run's, so it goes.
                const held = await this.readMarker(name).catch(() => undefined);
                if (held?.nonce === nonce)
                    await this.release(name).catch(() => undefined);
                throw error;
            }
            if (created)
                return nonce;
            const held = await this.readMarker(name);
            if (!held)
                continue; // settled meanwhile: try once more
            if (held.nonce === nonce)
                return nonce; // this run's create, whose answer was lost
            const writeNeverHappened = !(held.from < from);
            const singleWriteDone = !held.resume && held.from < from;
            const stale = this.options.clock.now() - held.updatedAt >= STALE_MARKER_MS;
            if (attempt === 0 && ((writeNeverHappened && stale) || singleWriteDone)) {
                await this.release(name);
                continue;
            }
            throw this.heldError(name, held, from);
        }
        throw new errors/* CheckFailedError */.CO(`another rotation of Infisical secret ${name} took its rotation marker first; this run wrote nothing. ` +
            'Run again once it has finished, if a rotation is still due');
    }
    heldError(name, held, from) {
        const where = `${this.markerPath()}/${MARKER_PREFIX}${name}`;
        if (held.resume && held.from < from) {
            return new errors/* CheckFailedError */.CO(`version ${from} of Infisical secret ${name} was stored by a rotation that has not finished ` +
                `(${this.describeMarker(held)}); this run wrote nothing. Run keyturn rotate for this secret: it resumes ` +
                `with that value (or roll back, which ends it). The marker is ${where}`);
        }
        const until = new Date(held.updatedAt + STALE_MARKER_MS).toISOString();
        return new errors/* CheckFailedError */.CO(`another rotation of Infisical secret ${name} is in flight (${this.describeMarker(held)}); this run wrote ` +
            `nothing and stops, so that rotation's value is the one consumers get. If that run is gone, its marker ` +
            `${where} is taken over by the first run after ${until} (or delete it by hand)`);
    }
    describeMarker(marker) {
        if (!marker)
            return 'its marker is gone';
        const since = Number.isFinite(marker.updatedAt) ? `, since ${new Date(marker.updatedAt).toISOString()}` : '';
        return `run ${(0,upstream_body/* upstreamText */.GB)(marker.run, 160)}${since}`;
    }
    /** True when this call created the marker; false when the key exists. */
    async createMarker(name, body) {
        const key = `${MARKER_PREFIX}${name}`;
        const create = () => this.api.secretsApi.createSecret(key, { ...this.markerBody(), secretValue: body, type: 'shared' });
        try {
            await this.call(`creating the rotation marker of ${name}`, async () => {
                try {
                    return await create();
                }
                catch (error) {
                    // The marker folder is made on first use (idempotent at Infisical).
                    if (!isFolderMissing(error))
                        throw error;
                    const { projectId, environment, secretPath } = this.options.location;
                    await this.api.foldersApi.create({
                        workspaceId: projectId,
                        environment,
                        path: secretPath,
                        name: ROTATION_FOLDER,
                    });
                    return create();
                }
            });
            return true;
        }
        catch (error) {
            if (error instanceof errors/* UpstreamError */.gA && error.status === 400 && /already exist/i.test(error.message))
                return false;
            throw error;
        }
    }
    async readMarker(name) {
        const raw = await this.call(`reading the rotation marker of ${name}`, async () => {
            try {
                const answer = await this.api.secretsApi.getSecret({
                    secretName: `${MARKER_PREFIX}${name}`,
                    ...this.markerBody(),
                    type: 'shared',
                    expandSecretReferences: 'false',
                    viewSecretValue: 'true',
                });
                return secretOf(answer, `reading the rotation marker of ${name}`);
            }
            catch (error) {
                // No marker folder, or no marker in it: no rotation in flight.
                if (error instanceof InfisicalHttpError && error.status === 404)
                    return undefined;
                throw error;
            }
        });
        return raw && this.parseMarker(raw);
    }
    parseMarker(raw) {
        let parsed = {};
        try {
            const value = JSON.parse(raw.secretValue);
            if (typeof value === 'object' && value !== null)
                parsed = value;
        }
        catch {
            // Not keyturn's: a marker nobody can resume, taken over once stale.
        }
        return {
            from: typeof parsed.from === 'number' ? parsed.from : Number.NaN,
            run: typeof parsed.run === 'string' ? parsed.run : 'an unknown writer',
            nonce: typeof parsed.nonce === 'string' ? parsed.nonce : '',
            resume: parsed.resume === true,
            updatedAt: Date.parse(raw.updatedAt),
        };
    }
    /** Deletes the marker; one already gone is fine. */
    async release(name) {
        await this.call(`deleting the rotation marker of ${name}`, async () => {
            try {
                await this.api.secretsApi.deleteSecret(`${MARKER_PREFIX}${name}`, { ...this.markerBody(), type: 'shared' });
            }
            catch (error) {
                if (!(error instanceof InfisicalHttpError && error.status === 404))
                    throw error;
            }
        });
    }
    /** The shared secrets of a folder by key, from one listing; a missing folder lists nothing. */
    async list(secretPath, withValue) {
        const { projectId, environment } = this.options.location;
        const answer = await this.call(`listing ${secretPath}`, () => this.api.secretsApi.listSecrets({
            workspaceId: projectId,
            environment,
            secretPath,
            viewSecretValue: String(withValue),
            expandSecretReferences: 'false',
            include_imports: 'false',
            recursive: 'false',
        }));
        const secrets = Array.isArray(answer?.secrets) ? answer.secrets : [];
        return new Map(secrets
            .filter((secret) => (secret.type ?? 'shared') === 'shared' && typeof secret.secretKey === 'string')
            .map((secret) => [secret.secretKey, secret]));
    }
    markerPath() {
        const path = this.options.location.secretPath.replace(/\/+$/, '');
        return `${path}/${ROTATION_FOLDER}`;
    }
    markerBody() {
        const { projectId, environment } = this.options.location;
        return { workspaceId: projectId, environment, secretPath: this.markerPath() };
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
            return secretOf(answer, `reading ${name}`);
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
                if (error instanceof errors/* CheckFailedError */.CO)
                    throw error;
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
/** The secret in a 2xx answer; an answer without one is Infisical's fault, named, never a TypeError. */
function secretOf(answer, what) {
    const secret = answer?.secret;
    if (typeof secret !== 'object' || secret === null || typeof secret.version !== 'number') {
        throw new errors/* UpstreamError */.gA(`${what}: Infisical answered 2xx without the secret (no secret.version)`, {
            service: INFISICAL_SERVICE,
            retryable: false,
        });
    }
    return secret;
}
function isFolderMissing(error) {
    return error instanceof InfisicalHttpError && error.status === 404 && /^folder/i.test(error.serverMessage);
}


/***/ }),

/***/ 8617:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ infisicalStore),
/* harmony export */   j: () => (/* binding */ infisicalPathProblem)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _http_policy__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8123);
/* harmony import */ var _infisical__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7573);
/* harmony import */ var _store_ssm__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8106);




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
        { name: 'infisical-url', default: _infisical__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_INFISICAL_URL */ .$X, secret: false, description: 'Infisical instance URL.' },
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
    nameProblem: _infisical__WEBPACK_IMPORTED_MODULE_2__/* .infisicalKeyProblem */ .ng,
    nameFix: 'Use a key like API_TOKEN.',
    sourceForm: 'infisical:NAME',
    readSettings(inputs) {
        const siteUrl = inputs.string('infisical-url', _infisical__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_INFISICAL_URL */ .$X).replace(/\/+$/, '');
        if (!(0,_store_ssm__WEBPACK_IMPORTED_MODULE_3__/* .isHttpUrl */ .q$)(siteUrl)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-url', `is '${siteUrl}', not a URL`, 'Give the instance URL, such as https://app.infisical.com.');
        }
        const problem = (0,_http_policy__WEBPACK_IMPORTED_MODULE_1__/* .credentialUrlProblem */ ._U)(new URL(siteUrl));
        if (problem)
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-url', problem, 'Give the https:// instance URL.');
        if (/\/api$/.test(siteUrl)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-url', 'ends with /api', 'Give the instance URL without /api: keyturn adds the API paths.');
        }
        const projectId = inputs.required('infisical-project-id', 'Give the Infisical project id (Project settings → Project ID).');
        const environment = inputs.required('infisical-environment', 'Give the environment slug, such as dev, staging or prod.');
        if (!/^[a-z0-9][a-z0-9_-]*$/i.test(environment)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-environment', `is '${environment}', not an environment slug`, 'Use the slug, such as prod.');
        }
        const secretPath = inputs.string('infisical-path', '/');
        const pathProblem = infisicalPathProblem(secretPath);
        if (pathProblem) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-path', `is '${secretPath}'${pathProblem}`, 'Give a folder path that starts with /, such as /backend.');
        }
        const clientId = inputs.string('infisical-client-id');
        const clientSecret = inputs.secret('infisical-client-secret');
        const accessToken = inputs.secret('infisical-token');
        let auth;
        if (accessToken !== undefined) {
            if (clientId !== '' || clientSecret !== undefined) {
                throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-token', 'is set together with universal-auth credentials', 'Give either infisical-token, or infisical-client-id with infisical-client-secret.');
            }
            auth = { accessToken };
        }
        else if (clientId !== '' && clientSecret !== undefined) {
            auth = { clientId, clientSecret };
        }
        else {
            const missing = clientId === '' ? 'infisical-client-id' : 'infisical-client-secret';
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(missing, 'is required for universal auth', 'Give infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.');
        }
        return { kind: 'infisical', siteUrl, location: { projectId, environment, secretPath }, auth };
    },
    describe: (settings) => `Infisical (${settings.location.environment} ${settings.location.secretPath})`,
    locationKey: ({ siteUrl, location }) => `infisical|${siteUrl}|${location.projectId}|${location.environment}|${location.secretPath}`,
    open(settings, context) {
        return new _infisical__WEBPACK_IMPORTED_MODULE_2__/* .InfisicalStore */ .CL({
            siteUrl: settings.siteUrl,
            auth: settings.auth,
            location: settings.location,
            clock: context.clock,
            sleep: context.sleep,
            secrets: context.secrets,
            runId: (0,_infisical__WEBPACK_IMPORTED_MODULE_2__/* .describeRun */ .vZ)(context.runner.env ?? {}),
            onRetry: (message) => context.runner.info(`retrying: ${message}`),
            ...(context.requestTimeoutMs === undefined ? {} : { timeoutMs: context.requestTimeoutMs }),
        });
    },
};


/***/ }),

/***/ 8106:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k1: () => (/* binding */ AWS_REGION_INPUT),
  Gt: () => (/* binding */ DESCRIPTION_INPUT),
  fv: () => (/* binding */ KMS_KEY_INPUT),
  q$: () => (/* binding */ isHttpUrl),
  N$: () => (/* binding */ readAwsEndpoint),
  oe: () => (/* binding */ readAwsRegion),
  XF: () => (/* binding */ readDescription),
  ic: () => (/* binding */ readKmsKeyId),
  vc: () => (/* binding */ ssmStore)
});

// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/http-policy.ts
var http_policy = __webpack_require__(8123);
// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4028);
// EXTERNAL MODULE: ../core/src/grace.ts
var grace = __webpack_require__(8354);
// EXTERNAL MODULE: ../core/src/pagination.ts
var pagination = __webpack_require__(3936);
// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/upstream-body.ts
var upstream_body = __webpack_require__(3430);
// EXTERNAL MODULE: ../core/src/adapters/aws-deadline.ts
var aws_deadline = __webpack_require__(1303);
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
/** A version labelled pending but never current, this old, was left by a run that died before its `current` label. */
const STALE_PENDING_MS = 15 * 60_000;
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
    return (0,aws_deadline/* withTotalDeadline */.h)(client, requestTimeout);
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
            return new errors/* UpstreamError */.gA(`AWS refused or found no credentials (${type}): ${errors/* CONFIGURE_AWS_IN_WORKFLOW */.FH}`, details(false));
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
        const graceSince = (0,grace/* graceSinceOf */.gM)(current.labels);
        return {
            version: String(current.version),
            updatedAt: current.updatedAt,
            ...(current.labels.includes(PENDING_LABEL) ? { pending: true } : {}),
            ...(graceSince === undefined ? {} : { graceSince }),
        };
    }
    async openGrace(name, version, since) {
        const mark = (0,grace/* graceMark */.s0)(since);
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
            const marks = entry.labels.filter((label) => (0,grace/* parseGraceMark */.rf)(label) !== undefined && !(except && entry.version === except.version && label === except.mark));
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
        this.refuseMovedOn(name, state, options.expectedVersion);
        const version = await this.put(name, value);
        // SSM numbers versions one by one and has no compare-and-set: a version
        // between the one read and the one written is another writer's, so two
        // rotations started together end here for all but one, before a label moves.
        await this.refuseForeignVersions(name, state?.latest.version ?? 0, version, value);
        // Before `current` moves (the commit point), so a version that became
        // current is never without its mark.
        try {
            if (options.pending)
                await this.label(name, version, PENDING_LABEL);
            if (state)
                await this.label(name, state.current.version, PREVIOUS_LABEL);
            await this.label(name, version, CURRENT_LABEL);
        }
        catch (error) {
            // A label move failed, or was applied and its answer lost. If `current`
            // moved, the version is an unfinished rotation and keeps `pending` for
            // the re-run to resume. If not, it never became current: its `pending`
            // goes, or every run for STALE_PENDING_MS would take it for one in flight.
            const now = await this.state(name).catch(() => undefined);
            if (options.pending && now && now.current.version !== version) {
                await this.settle(name, String(version)).catch(() => undefined);
            }
            throw error;
        }
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
    /**
     * SSM has no compare-and-set, so a rotation that decided on version N
     * checks, just before its PutParameter, that nobody rotated since: `current`
     * is still N, and no newer version carries `pending` without `current` (a
     * rotation between its PutParameter and its `current` label). A pending
     * version left that way longer than STALE_PENDING_MS belongs to a run that
     * died there; it never became current, so it is passed over. What is left
     * of the window is one run's PutParameter to its `pending` label.
     */
    refuseMovedOn(name, state, expected) {
        if (expected === undefined)
            return;
        const current = state ? String(state.current.version) : null;
        if (current !== expected) {
            throw new errors/* CheckFailedError */.CO(`another rotation of ${name} made ${current === null ? 'it disappear' : `version ${current} current`} since this ` +
                `run read ${expected === null ? 'that it did not exist' : `version ${expected}`}; this run wrote nothing. ` +
                'Run again, if a rotation is still due');
        }
        const inFlight = state?.versions.find((entry) => entry.version > state.current.version &&
            entry.labels.includes(PENDING_LABEL) &&
            this.options.clock.now() - entry.updatedAt < STALE_PENDING_MS);
        if (inFlight) {
            throw new errors/* CheckFailedError */.CO(`another rotation of ${name} wrote version ${inFlight.version} and has not made it current yet (in flight ` +
                `since ${new Date(inFlight.updatedAt).toISOString()}); this run wrote nothing. Run again once it has ` +
                'finished, if a rotation is still due');
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
        const budget = new pagination/* PageBudget */.$(SSM_SERVICE, `GetParameterHistory on ${name}`, SSM_MAX_HISTORY_PAGES);
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
        throw new errors/* InputError */.dz('aws-region', 'is not set and neither is AWS_REGION', `Set aws-region (such as eu-west-1), or ${errors/* CONFIGURE_AWS_IN_WORKFLOW */.FH}.`);
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


/***/ }),

/***/ 1910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G7: () => (/* binding */ STORE_INPUTS),
  i7: () => (/* binding */ STORE_KINDS),
  zx: () => (/* binding */ STORE_SECRET_INPUTS),
  Ch: () => (/* binding */ openStore),
  II: () => (/* binding */ storeModule)
});

// UNUSED EXPORTS: STORES

// EXTERNAL MODULE: ../core/src/adapters/store-infisical.ts
var store_infisical = __webpack_require__(8617);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var dist_cjs = __webpack_require__(5494);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/grace.ts
var grace = __webpack_require__(8354);
// EXTERNAL MODULE: ../core/src/pagination.ts
var pagination = __webpack_require__(3936);
// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/adapters/aws-deadline.ts
var aws_deadline = __webpack_require__(1303);
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
const NAME_MAX_LENGTH = 512;
/** ListSecretVersionIds pages read at most: 100 versions a page, and AWS keeps about 100. */
const MAX_VERSION_PAGES = 5;
/** Why Secrets Manager would refuse (or mis-resolve) this secret name, or undefined. */
function secretsManagerNameProblem(name) {
    if (name.length === 0)
        return 'is empty';
    if (name.length > NAME_MAX_LENGTH)
        return `is ${name.length} characters long; Secrets Manager allows ${NAME_MAX_LENGTH}`;
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
    const client = new dist_cjs/* SecretsManagerClient */._H({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        maxAttempts: 1,
        requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout },
    });
    return (0,aws_deadline/* withTotalDeadline */.h)(client, requestTimeout);
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
            return fail(`AWS refused or found no credentials (${type}): ${errors/* CONFIGURE_AWS_IN_WORKFLOW */.FH}`, false);
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
        const graceSince = (0,grace/* graceSinceOf */.gM)(current.stages);
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
        const mark = (0,grace/* graceMark */.s0)(since);
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
                if ((0,grace/* parseGraceMark */.rf)(stage) === undefined)
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
        await this.call('PutSecretValue', name, () => this.options.client.send(new dist_cjs/* PutSecretValueCommand */.cp({
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
            await this.call('CreateSecret', name, () => this.options.client.send(new dist_cjs/* CreateSecretCommand */._f({
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
            await this.call('UpdateSecretVersionStage', name, () => this.options.client.send(new dist_cjs/* UpdateSecretVersionStageCommand */.be({
                SecretId: name,
                VersionStage: stage,
                ...(to === undefined ? {} : { MoveToVersionId: to }),
                ...(from === undefined ? {} : { RemoveFromVersionId: from }),
            })));
        }
        catch (error) {
            // Refused as already done (InvalidParameterException), or no answer at
            // all (a reset, a 5xx after the move was applied): where the stage is now
            // says whether the move happened. A describe that fails too tells nothing.
            const stages = (await this.describe(name).catch(() => undefined))?.VersionIdsToStages;
            if (stages === undefined)
                throw error;
            const done = to === undefined ? !(stages[from ?? ''] ?? []).includes(stage) : (stages[to] ?? []).includes(stage);
            if (!done)
                throw error;
        }
    }
    async describe(name) {
        try {
            return await this.call('DescribeSecret', name, () => this.options.client.send(new dist_cjs/* DescribeSecretCommand */.X5({ SecretId: name })));
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
        // One bound for every paginated read: a NextToken forever, or one seen
        // before (a cycle), is a broken answer, not more versions.
        const budget = new pagination/* PageBudget */.$(SECRETS_MANAGER_SERVICE, `ListSecretVersionIds on secret ${name}`, MAX_VERSION_PAGES);
        let nextToken;
        do {
            budget.page();
            const token = nextToken;
            let answer;
            try {
                answer = await this.call('ListSecretVersionIds', name, () => this.options.client.send(new dist_cjs/* ListSecretVersionIdsCommand */.Af({
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
            if (nextToken)
                budget.cursor(nextToken);
        } while (nextToken);
        return versions;
    }
    async valueAt(name, selector) {
        let answer;
        try {
            answer = await this.call('GetSecretValue', name, () => this.options.client.send(new dist_cjs/* GetSecretValueCommand */.d2({ SecretId: name, ...selector })));
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

// EXTERNAL MODULE: ../core/src/adapters/store-ssm.ts + 1 modules
var store_ssm = __webpack_require__(8106);
;// CONCATENATED MODULE: ../core/src/adapters/store-secrets-manager.ts


const secretsManagerStore = {
    kind: 'secrets-manager',
    service: 'AWS Secrets Manager',
    marksGrace: true,
    inputs: [store_ssm/* AWS_REGION_INPUT */.k1, store_ssm/* KMS_KEY_INPUT */.fv, store_ssm/* DESCRIPTION_INPUT */.Gt],
    nameHint: 'Give the Secrets Manager secret name, such as prod/api/token.',
    nameProblem: secretsManagerNameProblem,
    nameFix: 'Use a name like prod/api/token: letters, numbers and / _ + = . @ -, up to 512 characters.',
    sourceForm: 'secrets-manager:NAME',
    readSettings(inputs, env) {
        return {
            kind: 'secrets-manager',
            region: (0,store_ssm/* readAwsRegion */.oe)(inputs, env),
            endpoint: (0,store_ssm/* readAwsEndpoint */.N$)(env, 'AWS_ENDPOINT_URL_SECRETS_MANAGER'),
            keyId: (0,store_ssm/* readKmsKeyId */.ic)(inputs),
            description: (0,store_ssm/* readDescription */.XF)(inputs, 2048, 'Secrets Manager'),
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
    ssm: store_ssm/* ssmStore */.vc,
    infisical: store_infisical/* infisicalStore */.G,
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


/***/ }),

/***/ 8354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P8: () => (/* binding */ COMPANION_SUFFIX),
/* harmony export */   gM: () => (/* binding */ graceSinceOf),
/* harmony export */   rf: () => (/* binding */ parseGraceMark),
/* harmony export */   s0: () => (/* binding */ graceMark)
/* harmony export */ });
/* unused harmony export GRACE_MARK_PREFIX */
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


/***/ }),

/***/ 1694:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YR: () => (/* binding */ ISSUER_MODULES),
/* harmony export */   ip: () => (/* binding */ issuerCredentialInputs)
/* harmony export */ });
/* unused harmony exports ISSUER_KINDS, issuerModule, openIssuer */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _aws_iam_config__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4067);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7348);
/* harmony import */ var _github_pat_config__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3897);
/* harmony import */ var _postgres_config__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6297);





/** A field parser's InputError as the manifest's { field, problem, fix }. */
function fieldProblem(parse) {
    try {
        parse();
        return undefined;
    }
    catch (error) {
        if (!(error instanceof _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz))
            throw error;
        return { field: error.input.replace(/^issuer\./, ''), problem: error.problem, fix: error.fix };
    }
}
const ISSUER_MODULES = Object.freeze({
    postgres: {
        kind: 'postgres',
        fields: _postgres_config__WEBPACK_IMPORTED_MODULE_4__/* .POSTGRES_FIELDS */ .cY,
        credentialInputs: [
            {
                input: 'postgres-admin-url',
                required: false,
                secret: true,
                description: 'postgres issuer: postgresql://ADMIN:PASSWORD@HOST:PORT/DB of a role with CREATEROLE; without it the role changes its own password with the one the store holds',
                fix: 'Pass postgres-admin-url as a secret.',
            },
        ],
        check: (config) => fieldProblem(() => (0,_postgres_config__WEBPACK_IMPORTED_MODULE_4__/* .parsePostgresConfig */ .zp)(config, 'issuer')),
        graceProblem: (config) => (0,_postgres_config__WEBPACK_IMPORTED_MODULE_4__/* .parsePostgresConfig */ .zp)(config, 'issuer').strategy === 'single'
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
        fields: _aws_iam_config__WEBPACK_IMPORTED_MODULE_1__/* .AWS_IAM_FIELDS */ .wL,
        // AWS credentials come from the job's environment (OIDC), never an input.
        credentialInputs: [],
        check: (config) => fieldProblem(() => (0,_aws_iam_config__WEBPACK_IMPORTED_MODULE_1__/* .parseAwsIamConfig */ ._e)(config, 'issuer')),
        async open(context) {
            const { openAwsIamIssuer } = await Promise.all(/* import() */[__webpack_require__.e(234), __webpack_require__.e(267)]).then(__webpack_require__.bind(__webpack_require__, 3267));
            return openAwsIamIssuer(context);
        },
        async createdAt(context) {
            const { openAwsIamIssuer } = await Promise.all(/* import() */[__webpack_require__.e(234), __webpack_require__.e(267)]).then(__webpack_require__.bind(__webpack_require__, 3267));
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
        fields: _github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .GITHUB_PAT_FIELDS */ .A3,
        credentialInputs: [
            {
                input: _github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .NEW_TOKEN_INPUT */ .I3,
                // Not required up front: a resumed rotation reuses the stored token, and
                // check-expiry reads only the stored one. The issuer refuses a rotation
                // without it before anything changes, saying a person must create it.
                required: false,
                secret: true,
                description: 'github-pat issuer: the new token a person created (GitHub has no API to make one)',
                fix: `Pass new-token: a rotation of a github-pat entry ${_github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .NEEDS_PERSON */ .g4}.`,
            },
            {
                input: _github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .GITHUB_API_URL_INPUT */ .oH,
                required: false,
                secret: false,
                description: "github-pat issuer: the GitHub API URL the token belongs to; empty uses the runner's GITHUB_API_URL",
                fix: 'Give the API base URL, such as https://api.github.com.',
            },
        ],
        madeByPerson: { input: _github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .NEW_TOKEN_INPUT */ .I3, fix: _github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .NEEDS_PERSON */ .g4 },
        expires: true,
        check: (config) => fieldProblem(() => (0,_github_pat_config__WEBPACK_IMPORTED_MODULE_3__/* .parseGitHubPatConfig */ .eB)(config, 'issuer')),
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


/***/ }),

/***/ 3936:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ PageBudget)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);

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
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .UpstreamError */ .gA(`${this.what} ran past ${this.maxPages} pages; keyturn stops there`, {
                service: this.service,
                retryable: false,
            });
        }
    }
    /** The cursor for the next page; throws when the service gave it before. */
    cursor(value) {
        if (this.cursors.has(value)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .UpstreamError */ .gA(`${this.what} sent a page cursor it had sent before (a pagination cycle)`, {
                service: this.service,
                retryable: false,
            });
        }
        this.cursors.add(value);
    }
    /** A page that added nothing new (every item seen before): a cycle. */
    nothingNew() {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .UpstreamError */ .gA(`${this.what} sent a page of items it had sent before (a pagination cycle)`, {
            service: this.service,
            retryable: false,
        });
    }
}


/***/ }),

/***/ 9176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tq: () => (/* binding */ checkPlaceSegment),
/* harmony export */   zC: () => (/* binding */ TargetSyntaxError),
/* harmony export */   zZ: () => (/* binding */ checkLineCharacters)
/* harmony export */ });
/* unused harmony export placeSegmentProblem */
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


/***/ })

};
