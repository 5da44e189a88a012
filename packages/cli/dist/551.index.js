export const id = 551;
export const ids = [551];
export const modules = {

/***/ 2551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mainWith: () => (/* binding */ mainWith)
});

// EXTERNAL MODULE: ../core/src/index.ts + 10 modules
var src = __webpack_require__(9774);
// EXTERNAL MODULE: ../image-audit/src/index.ts + 14 modules
var image_audit_src = __webpack_require__(2970);
;// CONCATENATED MODULE: ../../actions/audit-image/src/config.ts


/** Every input read and checked, every file the inputs name read and
 * parsed, before the image is opened. */
async function readConfig(inputs, files) {
    const archive = inputs.string('archive');
    const image = inputs.string('image');
    if (archive !== '' && image !== '') {
        throw new src/* InputError */.dz('archive', 'and image are both given', 'Give one: archive (a saved tar) or image (a local image to save).');
    }
    if (archive === '' && image === '') {
        throw new src/* InputError */.dz('archive', 'is required when image is not given', 'Give the path of a `docker save` or OCI layout tar, or an image reference in image.');
    }
    const failOn = inputs.oneOf('fail-on', ['low', 'medium', 'high'], 'medium');
    inputs.boolean('dry-run', false);
    const countThirdParty = inputs.boolean('count-third-party', false);
    const allowlistPath = inputs.string('allowlist');
    let allowlist = image_audit_src.EMPTY_ALLOWLIST;
    if (allowlistPath !== '') {
        const text = await files.readText(allowlistPath);
        if (text === undefined)
            throw new src/* InputError */.dz('allowlist', `names ${allowlistPath}, which does not exist`, 'Check the path (it is relative to the workspace), or leave allowlist empty.');
        allowlist = (0,image_audit_src.parseAllowlist)(text);
    }
    const rulesPath = inputs.string('rules');
    let rulesToml;
    if (rulesPath !== '') {
        rulesToml = await files.readText(rulesPath);
        if (rulesToml === undefined)
            throw new src/* InputError */.dz('rules', `names ${rulesPath}, which does not exist`, 'Check the path, or leave rules empty to use the built-in rules.');
    }
    let rules;
    try {
        rules = (0,image_audit_src.prepareRules)(rulesToml);
    }
    catch (error) {
        if (!(error instanceof image_audit_src.RuleConfigError))
            throw error;
        throw new src/* InputError */.dz('rules', `(${rulesPath}) ${error.message}`, 'Fix the rule; the format is a gitleaks TOML config ([[rules]] with id, regex, keywords…).');
    }
    if (rules.ruleSet.rules.length === 0)
        throw new src/* InputError */.dz('rules', `(${rulesPath}) leaves no rule to run`, 'Add [[rules]] or drop `useDefault = false`.');
    const size = inputs.string('max-size', '32GiB');
    const maxBytes = (0,image_audit_src.parseByteSize)(size);
    if (maxBytes === undefined || maxBytes <= 0) {
        throw new src/* InputError */.dz('max-size', `is '${size}', not a size`, 'Write a number and a unit: 500MiB, 20GiB.');
    }
    return Object.freeze({
        source: archive !== '' ? { kind: 'archive', path: archive } : { kind: 'image', image },
        failOn,
        countThirdParty,
        allowlist,
        rules,
        sarifPath: inputs.string('sarif', 'image-audit.sarif'),
        limits: {
            maxBytes,
            maxEntries: inputs.integer('max-entries', 5_000_000, { min: 1, max: 1_000_000_000 }),
            maxRatio: inputs.integer('max-ratio', 200, { min: 2, max: 100_000 }),
        },
    });
}

;// CONCATENATED MODULE: ../../actions/audit-image/src/audit.ts



/** Fails the step when findings reach the `fail-on` threshold. Separate from
 * the audit so the report (outputs, summary, SARIF) is always written first. */
function enforceFailOn(result) {
    const message = (0,image_audit_src.failureMessage)(result.report);
    if (message !== undefined)
        throw new src/* CheckFailedError */.CO(message);
}
/** The action: inputs → the image-audit engine → log, outputs, summary, SARIF, audit event. */
async function auditImage(context, deps) {
    const config = await readConfig(context.inputs, deps.files);
    const saved = config.source.kind === 'image' ? await deps.saveImage(config.source.image) : undefined;
    const archivePath = saved?.path ?? (config.source.kind === 'archive' ? config.source.path : '');
    try {
        const workers = deps.workers();
        const report = await (0,image_audit_src.auditArchive)(archivePath, {
            failOn: config.failOn,
            countThirdParty: config.countThirdParty,
            allowlist: config.allowlist,
            rules: config.rules,
            limits: config.limits,
            ...(workers ? { workers } : {}),
            ...(config.source.kind === 'image' ? { imageName: config.source.image } : {}),
            now: () => context.clock.now(),
            // A terminal shows it; a runner's log has no progress line.
            ...(context.runner.progress
                ? { onProgress: (done, total) => context.runner.progress?.(done, total, 'bytes') }
                : {}),
        });
        await deps.writeText(config.sarifPath, `${JSON.stringify((0,image_audit_src.sarifOf)(report), null, 1)}\n`);
        // logLines escapes every line (they hold text from the image).
        for (const line of (0,image_audit_src.logLines)(report))
            context.runner.info(line);
        const open = (0,image_audit_src.ownerFindings)(report);
        context.runner.setOutput('findings', String(open.length));
        context.runner.setOutput('sarif-file', config.sarifPath);
        await context.runner.appendSummary((0,image_audit_src.summaryOf)(report));
        await context.audit.append({
            event: 'image.audit.completed',
            action: context.action,
            outcome: report.failing.length > 0 ? 'failure' : 'success',
            image: report.imageName,
            findings: open.length,
            failing: report.failing.length,
            allowlisted: report.findings.filter((finding) => finding.suppressed).length,
            third_party: report.findings.filter((finding) => !finding.suppressed && finding.thirdParty !== undefined).length,
            fail_on: config.failOn,
            layers: report.stats.layers,
        });
        return {
            findings: report.findings,
            failing: report.failing,
            failOn: report.failOn,
            imageName: report.imageName,
            report,
        };
    }
    finally {
        await saved?.cleanup();
    }
}


// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ../../actions/audit-image/src/deps.ts






async function readText(path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Runs `docker save`; the daemon on GitHub-hosted runners makes this work
 * without any setup. */
async function saveImage(image) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'keyturn-audit-'));
    const path = (0,external_node_path_.join)(dir, 'image.tar');
    const cleanup = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    const result = await new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)('docker', ['save', '--output', path, image], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
            stderr = (stderr + chunk.toString('utf8')).slice(-2000);
        });
        child.on('error', (error) => resolve({ code: null, stderr: error.message, missing: error.code === 'ENOENT' }));
        child.on('close', (code) => resolve({ code, stderr, missing: false }));
    });
    if (result.missing) {
        await cleanup();
        throw new src/* InputError */.dz('image', 'needs the docker command, which is not installed here', 'Save the image first (docker save, skopeo copy … oci-archive:…) and give its path in archive.');
    }
    if (result.code !== 0) {
        await cleanup();
        throw new src/* UpstreamError */.gA(`docker save ${image} failed: ${result.stderr.trim().split('\n').pop() ?? ''}`, {
            service: 'Docker',
            retryable: false,
        });
    }
    return { path, cleanup };
}
/**
 * `entry`: the file worker threads run, the host's own bundle (it hands
 * such a thread to the engine, see index.ts). From sources (tests) there
 * is none, and the audit runs on one thread.
 */
function realDeps(entry) {
    return {
        files: { readText },
        saveImage,
        writeText: (path, text) => (0,promises_.writeFile)(path, text, 'utf8'),
        workers: () => entry?.endsWith('.js') ? { entry, scanWorkers: (0,image_audit_src.workerCount)() } : undefined,
    };
}

;// CONCATENATED MODULE: ../../actions/audit-image/src/main.ts


/**
 * The action's logic with real dependencies, for its entry and the CLI.
 * `workerEntry`: the running bundle, which worker threads start from.
 * `onReport` sees the result before a failing check throws (the CLI's --json).
 */
function mainWith(workerEntry, onReport) {
    return async (context) => {
        const result = await auditImage(context, realDeps(workerEntry));
        onReport?.(result);
        enforceFailOn(result);
    };
}


/***/ })

};
