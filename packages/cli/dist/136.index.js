export const id = 136;
export const ids = [136];
export const modules = {

/***/ 9136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  realStore: () => (/* binding */ realStore)
});

// EXTERNAL MODULE: ../core/src/adapters/stores.ts + 2 modules
var stores = __webpack_require__(1910);
// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
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
    const limit = (0,stores/* storeModule */.II)(config.store.kind).valueLimit?.(config.store);
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
function readRotateConfig(inputs, env) {
    const storeKind = (0,store_inputs/* readStoreKind */.yK)(inputs);
    const name = (0,store_inputs/* readStoredName */.Ni)(inputs, storeKind);
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
    const store = (0,store_inputs/* readStoreSettings */.lz)(inputs, storeKind, env);
    const dryRun = inputs.boolean('dry-run', false);
    const config = { name, store, source, maxAgeMs, dryRun };
    checkSize(config);
    return Object.freeze(config);
}

;// CONCATENATED MODULE: ../../actions/rotate-ssm/src/rotate.ts


const ACTION = 'rotate-ssm';
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
    const where = (0,store_inputs/* describeStore */.Fk)(config.store);
    const audit = (event) => context.audit.append({ action: ACTION, secret_name: config.name, store: config.store.kind, ...event });
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
        // With max-age the write rests on the version just read: another rotation
        // that moved it on since makes this one stop instead of rotating twice.
        const written = await store.write(config.name, value, config.maxAgeMs === undefined ? {} : { expectedVersion: current?.version ?? null });
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
const realStore = (config, context) => (0,stores/* openStore */.Ch)(config.store, context);
/** rotate-ssm with its real dependencies: the action's entry and the CLI run this. */
const main = (context) => rotate(context, readRotateConfig(context.inputs, context.runner.env), realStore);


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
