export const id = 147;
export const ids = [147];
export const modules = {

/***/ 4147:
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
// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
;// CONCATENATED MODULE: ../../actions/propagate/src/config.ts




const SOURCE_FORMS = store_inputs/* STORE_KINDS */.i7.map((kind) => (0,stores/* storeModule */.II)(kind).sourceForm).join(' or ');
function parseSource(text) {
    if (text === '')
        return undefined;
    const colon = text.indexOf(':');
    const store = store_inputs/* STORE_KINDS */.i7.find((kind) => kind === text.slice(0, colon));
    const name = text.slice(colon + 1).trim();
    if (store === undefined || colon < 0 || name === '') {
        throw new src/* InputError */.dz('source', `is '${text}'`, `Write ${SOURCE_FORMS}.`);
    }
    const module = (0,stores/* storeModule */.II)(store);
    const problem = module.sourceProblem?.(name) ?? (0,store_inputs/* storedNameProblem */.AR)(store, name);
    if (problem) {
        const fix = module.sourceProblem?.(name) ? `Write ${module.sourceForm}.` : (0,store_inputs/* storedNameFix */.oJ)(store);
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
    const targets = (0,adapters_destinations/* readTargets */.R0)(inputs, 'targets');
    if (targets.length === 0) {
        throw new src/* InputError */.dz('targets', 'is empty', 'Give one destination per line, such as github:OWNER/REPO/NAME.');
    }
    const destinations = (0,adapters_destinations/* readDestinationSettings */.E8)(inputs, targets, env);
    if (value !== undefined)
        (0,adapters_destinations/* checkValueFits */._c)(targets, value, 'value');
    let store;
    if (source === undefined)
        (0,store_inputs/* maskStoreCredentials */.Oo)(inputs);
    else
        store = (0,store_inputs/* readStoreSettings */.lz)(inputs, source.store, env);
    return Object.freeze({
        value,
        source,
        store,
        targets,
        destinations,
        concurrency: (0,adapters_destinations/* readConcurrency */.WC)(inputs),
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
    (0,adapters_destinations/* checkValueFits */._c)(config.targets, value, 'source');
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
        destinations: (config, context) => (0,adapters_destinations/* openDestinations */.uY)(config.destinations, context, { ...tuning, concurrency: config.concurrency }),
        store: (config, context) => {
            if (!config.store)
                throw new Error('a store was asked for without a source');
            return (0,stores/* openStore */.Ch)(config.store, context);
        },
    };
}
/** propagate with its real dependencies: the action's entry and the CLI run this. */
const main = async (context) => {
    await propagate(context, readPropagateConfig(context.inputs, context.runner.env), realDeps());
};


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


/***/ })

};
