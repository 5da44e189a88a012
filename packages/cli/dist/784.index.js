export const id = 784;
export const ids = [784];
export const modules = {

/***/ 784:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  mainWith: () => (/* binding */ mainWith),
  realDeps: () => (/* binding */ realDeps)
});

// EXTERNAL MODULE: ../core/src/adapters/destinations.ts + 7 modules
var adapters_destinations = __webpack_require__(7382);
// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../core/src/adapters/manifest-stores.ts
var manifest_stores = __webpack_require__(3813);
// EXTERNAL MODULE: ../core/src/issuer.ts
var src_issuer = __webpack_require__(1887);
// EXTERNAL MODULE: ../core/src/manifest.ts + 2 modules
var src_manifest = __webpack_require__(5238);
// EXTERNAL MODULE: ../core/src/past-targets.ts
var past_targets = __webpack_require__(7559);
;// CONCATENATED MODULE: ../../actions/rotate/src/config.ts






/** Every input and the entry read and checked, before any request: a
 * missing credential, an unknown id or a bad manifest changes nothing. */
async function readRotateConfig(inputs, env) {
    // Credentials are masked first, whatever else is wrong.
    const storeCredentials = (0,manifest_stores/* readStoreCredentials */.o3)(inputs);
    const given = {
        'github-token': inputs.secret('github-token'),
        'heroku-api-key': inputs.secret('heroku-api-key'),
        'fly-api-token': inputs.secret('fly-api-token'),
        'new-token': inputs.secret('new-token'),
        'postgres-admin-url': inputs.secret('postgres-admin-url'),
        'infisical-token': inputs.secret('infisical-token'),
        'infisical-client-secret': inputs.secret('infisical-client-secret'),
    };
    const manifestPath = inputs.string('manifest', src_manifest.DEFAULT_MANIFEST);
    const id = inputs.required('secret', "Give the id of the manifest entry to rotate (plan's matrix.secret).");
    const manifest = await (0,src_manifest.loadManifest)(manifestPath);
    const entry = (0,src_manifest.findEntry)(manifest, id, 'secret');
    const checkExpiry = inputs.boolean('check-expiry', false);
    if (checkExpiry) {
        const module = entry.source.kind === 'issuer' ? src_issuer.ISSUERS[entry.source.issuerKind] : undefined;
        if (!module?.expires) {
            throw new src/* InputError */.dz('check-expiry', `is true but ${entry.label} ${module ? `has a ${module.kind} issuer, which` : 'generates its value, which'} has no expiry to check`, `Use check-expiry with entries whose issuer expires (${Object.values(src_issuer.ISSUERS)
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
    (0,src_manifest.checkCredentials)(checkExpiry ? { ...entry, targets: [] } : entry, (input) => given[input] !== undefined);
    let issuer;
    if (entry.source.kind === 'issuer') {
        const module = src_issuer.ISSUERS[entry.source.issuerKind];
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
    const previousLog = inputs.string(past_targets/* PREVIOUS_AUDIT_LOG_INPUT */._H);
    if (prune && previousLog === '') {
        throw new src/* InputError */.dz('prune', `is true but ${past_targets/* PREVIOUS_AUDIT_LOG_INPUT */._H} is empty`, "prune deletes the targets the last rotation wrote that the manifest no longer lists, and keyturn knows them only from that rotation's audit log: give previous-audit-log (the keyturn-audit artifact of an earlier run).");
    }
    const removed = previousLog === '' ? [] : (0,past_targets/* removedTargets */.xf)(entry, await (0,past_targets/* readPastRotations */.IR)(previousLog));
    return Object.freeze({
        manifestPath,
        entry,
        store: Object.freeze((0,manifest_stores/* manifestStoreSettings */.qS)(entry, storeCredentials, env)),
        // A target to prune needs its service's credential like any other.
        destinations: (0,adapters_destinations/* readDestinationSettings */.E8)(inputs, checkExpiry ? [] : prune ? [...entry.targets, ...removed] : entry.targets, env),
        issuer,
        reason: inputs.string('reason') || undefined,
        force: inputs.boolean('force', false),
        revokeOld,
        concurrency: (0,adapters_destinations/* readConcurrency */.WC)(inputs),
        dryRun: inputs.boolean('dry-run', false),
        checkExpiry,
        prune,
        removedTargets: Object.freeze(removed),
    });
}

// EXTERNAL MODULE: ../core/src/adapters/http-verifier.ts
var http_verifier = __webpack_require__(4134);
// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
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
    const where = `${(0,store_inputs/* describeStore */.Fk)(config.store)} ${name}`;
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
                `${(0,store_inputs/* describeStore */.Fk)(config.store)} keeps no unfinished mark, so plan will not resume it: run rotate again with force` +
                    (entry.source.kind === 'issuer'
                        ? ` (and the same ${src_issuer.ISSUERS[entry.source.issuerKind]?.madeByPerson?.input ?? 'credentials'}) to finish it`
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
                ...(deps.issuerRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: deps.issuerRequestTimeoutMs }),
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
        const companions = grace ? entry.targets.map((target) => (0,adapters_destinations/* companionTarget */.CQ)(target)) : [];
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
                (0,adapters_destinations/* checkValueFits */._c)(entry.targets, value, 'manifest');
                await checkWritesFit(destinations, value, grace ? current : undefined);
                written = await store.write(name, value, { pending: true, expectedVersion: head?.version ?? null });
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
            (0,adapters_destinations/* checkValueFits */._c)(companions, old.value, 'manifest');
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
            ...(old ? entry.targets.map((target) => ({ target: (0,adapters_destinations/* companionTarget */.CQ)(target), value: old.value })) : []),
        ];
        if (old)
            (0,adapters_destinations/* checkValueFits */._c)(writes.slice(entry.targets.length).map((one) => one.target), old.value, 'manifest');
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
        const companions = entry.targets.map((target) => (0,adapters_destinations/* companionTarget */.CQ)(target));
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




const realDeps = {
    openStore: stores/* openStore */.Ch,
    openDestinations: (settings, context, concurrency) => (0,adapters_destinations/* openDestinations */.uY)(settings, context, { concurrency }),
    fetch: (input, init) => globalThis.fetch(input, init),
};
/** rotate on the given dependencies (tests pass the real ones with GitHub's write pace off). */
const mainWith = (deps) => async (context) => rotateEntry(context, await readRotateConfig(context.inputs, context.runner.env), deps);
/** rotate with its real dependencies: the action's entry and the CLI run this. */
const main = mainWith(realDeps);


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
