export const id = 274;
export const ids = [274];
export const modules = {

/***/ 4274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../core/src/adapters/manifest-stores.ts
var manifest_stores = __webpack_require__(3813);
// EXTERNAL MODULE: ../core/src/manifest.ts + 2 modules
var src_manifest = __webpack_require__(5238);
;// CONCATENATED MODULE: ../../actions/plan/src/config.ts



/** GitHub's limit on the jobs one matrix may make. */
const MATRIX_MAX_JOBS = 256;
function readPlanConfig(inputs) {
    const credentials = (0,manifest_stores/* readStoreCredentials */.o3)(inputs);
    const checkExpiry = inputs.boolean('check-expiry', false);
    if (checkExpiry && inputs.boolean('force', false)) {
        throw new src/* InputError */.dz('force', 'is true with check-expiry: true', 'An expiry check rotates nothing: remove force.');
    }
    return Object.freeze({
        checkExpiry,
        manifest: inputs.string('manifest', src_manifest.DEFAULT_MANIFEST),
        only: inputs.string('only') || undefined,
        force: inputs.boolean('force', false),
        batchSize: inputs.integer('batch-size', MATRIX_MAX_JOBS, { min: 1, max: MATRIX_MAX_JOBS }),
        dryRun: inputs.boolean('dry-run', false),
        credentials,
        concurrency: 8,
        previousAuditLog: inputs.string('previous-audit-log') || undefined,
    });
}

// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
// EXTERNAL MODULE: ../core/src/issuer.ts
var issuer = __webpack_require__(1887);
// EXTERNAL MODULE: ../core/src/past-targets.ts
var past_targets = __webpack_require__(7559);
;// CONCATENATED MODULE: ../../actions/plan/src/plan.ts






const ROTATING = new Set(['due', 'unfinished', 'forced', 'finish-grace', 'check-expiry']);
/** Entries whose issuer can say when the stored credential expires (github-pat). */
function expires(entry) {
    return entry.source.kind === 'issuer' && issuer.ISSUERS[entry.source.issuerKind]?.expires === true;
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
    const person = entry.source.kind === 'issuer' ? issuer.ISSUERS[entry.source.issuerKind]?.madeByPerson : undefined;
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
    const manifest = await (0,src_manifest.loadManifest)(config.manifest);
    const past = config.previousAuditLog
        ? await (0,past_targets/* readPastRotations */.IR)(config.previousAuditLog)
        : undefined;
    const named = config.only === undefined ? manifest.entries : [(0,src_manifest.findEntry)(manifest, config.only, 'only')];
    // check-expiry: every entry whose credential expires at its source, due or not.
    const entries = config.checkExpiry ? named.filter(expires) : named;
    // Every store is resolved before the first request: a missing region or
    // credential fails the plan with nothing asked.
    const located = entries.map((entry) => ({
        entry,
        settings: (0,manifest_stores/* manifestStoreSettings */.qS)(entry, config.credentials, runner.env),
    }));
    const stores = new Map();
    const storeFor = (settings) => {
        const key = (0,manifest_stores/* storeKey */.LN)(settings);
        let store = stores.get(key);
        if (!store) {
            store = deps.openStore(settings, context);
            stores.set(key, store);
        }
        return store;
    };
    // A store that lists a location at once (Infisical: a folder) is asked
    // once for all its secrets here, not once per secret.
    const namesByStore = new Map();
    for (const { entry, settings } of located) {
        const key = (0,manifest_stores/* storeKey */.LN)(settings);
        namesByStore.set(key, [...(namesByStore.get(key) ?? []), entry.store.name]);
    }
    const listed = new Map();
    const headOf = (settings, name) => {
        const store = storeFor(settings);
        if (!store.heads)
            return store.head(name);
        const key = (0,manifest_stores/* storeKey */.LN)(settings);
        let heads = listed.get(key);
        if (!heads) {
            heads = store.heads(namesByStore.get(key) ?? [name]);
            heads.catch(() => undefined); // each entry's row reports it
            listed.set(key, heads);
        }
        return heads.then((found) => found.get(name));
    };
    const now = context.clock.now();
    const rows = await mapLimited(located, config.concurrency, async ({ entry, settings }) => {
        const base = {
            id: entry.id,
            store: (0,store_inputs/* describeStore */.Fk)(settings),
            name: entry.store.name,
            targets: entry.targets.length,
            grace: entry.graceMs === undefined ? '' : (0,src/* formatDuration */.a3)(entry.graceMs),
            issuer: entry.source.kind === 'issuer' ? entry.source.issuerKind : '',
            'removed-targets': past ? (0,past_targets/* removedTargets */.xf)(entry, past).map((target) => target.line) : null,
        };
        let head;
        try {
            head = await headOf(settings, entry.store.name);
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
        const module = entry.source.kind === 'issuer' ? issuer.ISSUERS[entry.source.issuerKind] : undefined;
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
const main = (context) => plan(context, readPlanConfig(context.inputs), { openStore: stores/* openStore */.Ch });


/***/ }),

/***/ 3813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LN: () => (/* binding */ storeKey),
/* harmony export */   o3: () => (/* binding */ readStoreCredentials),
/* harmony export */   qS: () => (/* binding */ manifestStoreSettings)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(319);
/* harmony import */ var _infisical__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7573);
/* harmony import */ var _stores__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1910);



/** Reads (and masks) the store credential inputs once per run. */
function readStoreCredentials(inputs) {
    const clientId = inputs.string('infisical-client-id');
    const clientSecret = inputs.secret('infisical-client-secret');
    const accessToken = inputs.secret('infisical-token');
    if (accessToken !== undefined && (clientId !== '' || clientSecret !== undefined)) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-token', 'is set together with universal-auth credentials', 'Give either infisical-token, or infisical-client-id with infisical-client-secret.');
    }
    if (accessToken !== undefined)
        return { infisical: { accessToken } };
    if (clientSecret !== undefined && clientId === '') {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-client-id', 'is empty but infisical-client-secret is set', "Give the machine identity's client id too.");
    }
    if (clientSecret !== undefined)
        return { infisical: { clientId, clientSecret } };
    return { infisical: undefined };
}
function manifestStoreSettings(entry, credentials, env) {
    const { store } = entry;
    if (store.kind === 'ssm') {
        const region = awsRegion(entry, env);
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
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('infisical-client-secret', `is empty but ${entry.label} is stored in Infisical`, 'Pass infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.');
        }
        return {
            kind: 'infisical',
            siteUrl: (store.url ?? _infisical__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_INFISICAL_URL */ .$X).replace(/\/+$/, ''),
            location: { projectId: store.project ?? '', environment: store.environment ?? '', secretPath: store.path ?? '/' },
            auth: credentials.infisical,
        };
    }
    const region = awsRegion(entry, env);
    return {
        kind: 'secrets-manager',
        region,
        endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined,
        keyId: store.kmsKeyId,
        description: undefined,
    };
}
/** An AWS store's region: the entry's (or defaults.store's), else the
 * runner's AWS_REGION, as configure-aws-credentials sets it. */
function awsRegion(entry, env) {
    const region = entry.store.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
    if (region === '') {
        throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('manifest', `${entry.label}: store.region is not set, in defaults.store either, and AWS_REGION is empty`, `Set region in the entry or defaults.store (eu-west-1), or ${_errors__WEBPACK_IMPORTED_MODULE_0__/* .CONFIGURE_AWS_IN_WORKFLOW */ .FH}.`);
    }
    return region;
}
/** One adapter per distinct store location (one Infisical login, one SSM client per region). */
function storeKey(settings) {
    return (0,_stores__WEBPACK_IMPORTED_MODULE_2__/* .storeModule */ .II)(settings.kind).locationKey(settings);
}


/***/ }),

/***/ 7559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IR: () => (/* binding */ readPastRotations),
/* harmony export */   _H: () => (/* binding */ PREVIOUS_AUDIT_LOG_INPUT),
/* harmony export */   xf: () => (/* binding */ removedTargets)
/* harmony export */ });
/* unused harmony export describeTargets */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _adapters_destinations__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7382);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(319);



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
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path).catch(() => undefined);
    if (!info?.isFile())
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is not a file`, fix);
    if (info.size > MAX_LOG_BYTES) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is ${info.size} bytes, more than 64 MB`, fix);
    }
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
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
                return [(0,_adapters_destinations__WEBPACK_IMPORTED_MODULE_1__/* .parseTarget */ .hu)(one)];
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
    const listed = new Set(entry.targets.map((target) => (0,_adapters_destinations__WEBPACK_IMPORTED_MODULE_1__/* .targetKey */ .hD)(target)));
    const seen = new Set();
    return (past.get(entry.id)?.targets ?? []).filter((target) => {
        const key = (0,_adapters_destinations__WEBPACK_IMPORTED_MODULE_1__/* .targetKey */ .hD)(target);
        if (listed.has(key) || seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
const describeTargets = (targets) => targets.map((target) => formatTarget(target));


/***/ })

};
