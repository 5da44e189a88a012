export const id = 238;
export const ids = [238,887];
export const modules = {

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

/***/ 1887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ISSUERS: () => (/* binding */ ISSUERS)
/* harmony export */ });
/* harmony import */ var _issuers_registry__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1694);

/**
 * The registered issuer kinds (./issuers/registry, one module each). The
 * manifest schema (docs/rotation.schema.json) knows the fields of postgres,
 * aws-iam and github-pat; the code refuses a kind that is not registered
 * with "not supported yet".
 */
const ISSUERS = _issuers_registry__WEBPACK_IMPORTED_MODULE_0__/* .ISSUER_MODULES */ .YR;


/***/ }),

/***/ 5238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_MANIFEST: () => (/* binding */ DEFAULT_MANIFEST),
  MANIFEST_ISSUER_KINDS: () => (/* binding */ MANIFEST_ISSUER_KINDS),
  MANIFEST_SCHEMA: () => (/* binding */ MANIFEST_SCHEMA),
  MANIFEST_STORE_KINDS: () => (/* binding */ MANIFEST_STORE_KINDS),
  ManifestError: () => (/* binding */ ManifestError),
  STORE_KIND_FIELDS: () => (/* binding */ STORE_KIND_FIELDS),
  checkCredentials: () => (/* binding */ checkCredentials),
  credentialNeeds: () => (/* binding */ credentialNeeds),
  findEntry: () => (/* binding */ findEntry),
  formatProblem: () => (/* binding */ formatProblem),
  loadManifest: () => (/* binding */ loadManifest),
  parseManifest: () => (/* binding */ parseManifest)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ../../node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(1393);
// EXTERNAL MODULE: ../../node_modules/yaml/dist/index.js
var dist = __webpack_require__(3483);
;// CONCATENATED MODULE: ../../docs/rotation.schema.json
const rotation_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"keyturn rotation manifest (.github/rotation.yml)","description":"The secret inventory: what each secret is, where it is stored, how it is made, where it is used, how it is proven and when it is due. Credentials never live here.","type":"object","additionalProperties":false,"required":["version","secrets"],"properties":{"$schema":{"type":"string","description":"The schema this file follows (for editors)."},"version":{"const":1,"description":"The manifest format; 1 is the only one so far."},"defaults":{"type":"object","additionalProperties":false,"description":"Values every entry takes unless it sets its own.","properties":{"store":{"$ref":"#/$defs/store-defaults"},"max-age":{"$ref":"#/$defs/max-age"},"owner":{"$ref":"#/$defs/owner"}}},"secrets":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/secret"},"description":"One entry per secret."}},"$defs":{"duration":{"type":"string","pattern":"^(0|([0-9]+[smhd])+)$","description":"A duration: 90s, 10m, 24h, 90d or 1h30m."},"max-age":{"description":"Rotate when the current version is older than this duration (90d, 24h, 10m, 90s), or on-compromise (never scheduled: emergencies only).","anyOf":[{"$ref":"#/$defs/duration"},{"const":"on-compromise"}]},"owner":{"type":"string","minLength":1,"description":"Who answers for this secret (a team, a person)."},"store":{"type":"object","additionalProperties":false,"properties":{"kind":{"description":"Where the secret lives. Defaults to defaults.store.kind.","enum":["ssm","infisical","secrets-manager"]},"name":{"type":"string","minLength":1,"description":"SSM parameter name (/prod/api/token), Infisical secret key (API_TOKEN) or Secrets Manager secret name."},"region":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the AWS region (eu-west-1). Defaults to AWS_REGION.","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]+$"},"kms-key-id":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the KMS key (key id, ARN or alias/NAME)."},"tier":{"description":"ssm: the parameter tier.","enum":["Standard","Advanced","Intelligent-Tiering"]},"project":{"type":"string","minLength":1,"description":"infisical: the project id."},"environment":{"type":"string","minLength":1,"description":"infisical: the environment slug (prod).","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]*$"},"path":{"type":"string","minLength":1,"description":"infisical: the folder the secret is in (default /).","pattern":"^/\\\\S*$"},"url":{"type":"string","minLength":1,"description":"infisical: the instance URL (default https://app.infisical.com).","pattern":"^https?://"}},"required":["name"],"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"ssm"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id","tier"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"infisical"}}},"then":{"propertyNames":{"enum":["kind","name","project","environment","path","url"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"secrets-manager"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id"]}}}],"description":"Where the secret lives: kind (ssm, infisical, secrets-manager; default defaults.store.kind), name, and the kind\'s location fields (ssm: region, kms-key-id, tier; infisical: project, environment, path, url; secrets-manager: region, kms-key-id)."},"store-defaults":{"type":"object","additionalProperties":false,"properties":{"kind":{"description":"Where the secret lives. Defaults to defaults.store.kind.","enum":["ssm","infisical","secrets-manager"]},"name":{"type":"string","minLength":1,"description":"SSM parameter name (/prod/api/token), Infisical secret key (API_TOKEN) or Secrets Manager secret name."},"region":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the AWS region (eu-west-1). Defaults to AWS_REGION.","pattern":"^[a-z]{2}(-[a-z]+)+-[0-9]+$"},"kms-key-id":{"type":"string","minLength":1,"description":"ssm, secrets-manager: the KMS key (key id, ARN or alias/NAME)."},"tier":{"description":"ssm: the parameter tier.","enum":["Standard","Advanced","Intelligent-Tiering"]},"project":{"type":"string","minLength":1,"description":"infisical: the project id."},"environment":{"type":"string","minLength":1,"description":"infisical: the environment slug (prod).","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]*$"},"path":{"type":"string","minLength":1,"description":"infisical: the folder the secret is in (default /).","pattern":"^/\\\\S*$"},"url":{"type":"string","minLength":1,"description":"infisical: the instance URL (default https://app.infisical.com).","pattern":"^https?://"}},"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"ssm"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id","tier"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"infisical"}}},"then":{"propertyNames":{"enum":["kind","name","project","environment","path","url"]}}},{"if":{"required":["kind"],"properties":{"kind":{"const":"secrets-manager"}}},"then":{"propertyNames":{"enum":["kind","name","region","kms-key-id"]}}}],"description":"Store fields every entry takes unless it sets its own (kind, region…)."},"target":{"type":"string","description":"One destination: github:OWNER/REPO/NAME, github:OWNER/REPO@ENV/NAME, github-org:ORG/NAME, dependabot:OWNER/REPO/NAME, dependabot-org:ORG/NAME, heroku:APP/NAME, fly:APP/NAME.","pattern":"^(github|github-org|dependabot|dependabot-org|heroku|fly):[^\\\\s]+$"},"generator":{"type":"string","description":"How the value is made: hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096, ed25519.","pattern":"^((hex|base64|base64url|alnum|password):[1-9][0-9]*|uuid|fernet|ed25519|rsa:(2048|3072|4096))$"},"verify":{"type":"object","additionalProperties":false,"required":["url"],"description":"An HTTP proof: the new value (or, with old: true, the previous one) is sent to url and the status compared with expect.","properties":{"url":{"type":"string","minLength":1,"description":"The URL the value is checked against (https://; http:// only to loopback).","pattern":"^https?://"},"method":{"enum":["GET","HEAD","POST","PUT","PATCH","DELETE","OPTIONS"],"description":"The request method (default GET)."},"auth":{"type":"string","pattern":"^(bearer|token|basic|header:[!#$%&\'*+.^_`|~0-9A-Za-z-]+)$","description":"How the value is sent: bearer (default), token, basic, header:NAME."},"expect":{"type":["string","integer"],"description":"Accepted statuses: 200, 2xx, 401,403 (default 2xx)."},"old":{"type":"boolean","description":"true: check the previous value (typically expect: 401)."},"within":{"$ref":"#/$defs/duration"},"interval":{"$ref":"#/$defs/duration"},"timeout":{"$ref":"#/$defs/duration"}}},"issuer-postgres":{"type":"object","description":"ALTER ROLE … PASSWORD with a client-side SCRAM-SHA-256 verifier; alternate keeps two login roles.","additionalProperties":false,"required":["kind","host","database"],"properties":{"kind":{"const":"postgres"},"host":{"type":"string","minLength":1,"description":"The database host."},"port":{"type":"integer","minimum":1,"maximum":65535,"description":"Default 5432."},"database":{"type":"string","minLength":1,"description":"The database to connect to."},"role":{"type":"string","minLength":1,"description":"single mode: the login role."},"roles":{"type":"array","minItems":2,"maxItems":2,"uniqueItems":true,"items":{"type":"string","minLength":1},"description":"alternate mode: the two login roles."},"strategy":{"enum":["single","alternate"],"description":"single (the default with role) or alternate (the default with roles)."},"sslmode":{"enum":["disable","require","verify-full"],"description":"TLS to the server: verify-full (default), require, or disable (loopback hosts only)."}}},"issuer-aws-iam":{"type":"object","description":"A new access key for an IAM user; the old one deactivated, then deleted after grace.","additionalProperties":false,"required":["kind","user"],"properties":{"kind":{"const":"aws-iam"},"user":{"type":"string","minLength":1,"maxLength":64,"pattern":"^[\\\\w+=,.@-]+$","description":"The IAM user name (not its ARN or path), such as ci-deployer."}}},"issuer-github-pat":{"type":"object","description":"A person creates the token (new-token input); it is validated, stored, pushed, and the old one revoked.","additionalProperties":false,"required":["kind"],"properties":{"kind":{"const":"github-pat"},"expected-login":{"type":"string","minLength":1,"description":"The account the new token must belong to (default: the old token\'s login)."},"min-days-left":{"type":"integer","minimum":0,"maximum":366,"description":"Days the new token must still have before it expires, a whole number such as 14 (default 7); the expiry monitor fails this many days before the stored one expires."},"required-repos":{"type":"array","items":{"type":"string","pattern":"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$"},"description":"OWNER/REPO each readable with the new token."}}},"issuer":{"type":"object","required":["kind"],"description":"The credential\'s own source, instead of generate.","properties":{"kind":{"enum":["postgres","aws-iam","github-pat"],"description":"postgres, aws-iam or github-pat."}},"allOf":[{"if":{"required":["kind"],"properties":{"kind":{"const":"postgres"}}},"then":{"$ref":"#/$defs/issuer-postgres"}},{"if":{"required":["kind"],"properties":{"kind":{"const":"aws-iam"}}},"then":{"$ref":"#/$defs/issuer-aws-iam"}},{"if":{"required":["kind"],"properties":{"kind":{"const":"github-pat"}}},"then":{"$ref":"#/$defs/issuer-github-pat"}}]},"secret":{"type":"object","additionalProperties":false,"required":["id","store"],"properties":{"id":{"type":"string","pattern":"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$","maxLength":64,"description":"Stable id: plan\'s only, concurrency groups, audit. Lower-case letters, digits and -."},"description":{"type":"string","minLength":1,"description":"What the secret is for."},"owner":{"$ref":"#/$defs/owner"},"store":{"$ref":"#/$defs/store"},"generate":{"$ref":"#/$defs/generator"},"issuer":{"$ref":"#/$defs/issuer"},"max-age":{"$ref":"#/$defs/max-age"},"targets":{"type":"array","items":{"$ref":"#/$defs/target"},"description":"Where the value is pushed, one destination each."},"verify":{"type":"array","items":{"$ref":"#/$defs/verify"},"description":"HTTP proofs run after the targets are updated."},"revoke-old":{"type":"boolean","description":"true: retire the old credential at its issuer once the new one is proven."},"grace":{"$ref":"#/$defs/duration","description":"Keep the old value at every target\'s NAME_PREVIOUS (and as the store\'s previous version) this long after a rotation, e.g. 24h for a signing key; a later scheduled run removes it, and retires the old credential then when revoke-old is true. At most 90d and shorter than max-age; needs an ssm or secrets-manager store; not with max-age on-compromise."}},"not":{"required":["generate","issuer"]},"description":"One secret: id, store, generate or issuer, max-age, targets, verify."}}}');
// EXTERNAL MODULE: ../core/src/adapters/destinations.ts + 7 modules
var destinations = __webpack_require__(7382);
// EXTERNAL MODULE: ../core/src/adapters/store-infisical.ts
var store_infisical = __webpack_require__(8617);
// EXTERNAL MODULE: ../core/src/adapters/store-inputs.ts
var store_inputs = __webpack_require__(8626);
// EXTERNAL MODULE: ../core/src/duration.ts
var src_duration = __webpack_require__(1124);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
// EXTERNAL MODULE: ../core/src/generators.ts
var generators = __webpack_require__(3770);
// EXTERNAL MODULE: ../core/src/issuer.ts
var issuer = __webpack_require__(1887);
// EXTERNAL MODULE: ../core/src/issuers/fields.ts
var fields = __webpack_require__(7348);
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
// EXTERNAL MODULE: ../core/src/targets.ts
var src_targets = __webpack_require__(9176);
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
const MANIFEST_SCHEMA = rotation_schema_namespaceObject;
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
        const input = (0,destinations/* destinationCredentialInput */.wu)(target);
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
        const module = issuer.ISSUERS[entry.source.issuerKind];
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
                target = (0,destinations/* parseTarget */.hu)(line);
            }
            catch (error) {
                if (!(error instanceof src_targets/* TargetSyntaxError */.zC))
                    throw error;
                report(`targets[${position}]`, error.message, destinations/* TARGET_FIX */.mQ, ['targets', position]);
                return;
            }
            const key = (0,destinations/* targetKey */.hD)(target);
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
            const graceProblem = source?.kind === 'issuer' ? issuer.ISSUERS[source.issuerKind]?.graceProblem?.(source.config) : undefined;
            if (graceProblem)
                report('grace', graceProblem.problem, graceProblem.fix, ['grace']);
            if (store && !(0,store_inputs/* storeMarksGrace */.AZ)(store.kind)) {
                report('grace', `is set but a ${store.kind} store cannot mark when a grace window opened, so no later run could close it`, `Keep this secret in a ${store_inputs/* GRACE_STORE_KINDS */.Ns.join(' or ')} store, or drop grace.`, ['grace']);
            }
            targets.forEach((target, position) => {
                let companion;
                try {
                    companion = (0,destinations/* companionTarget */.CQ)(target);
                }
                catch (error) {
                    if (!(error instanceof src_targets/* TargetSyntaxError */.zC))
                        throw error;
                    report(`targets[${position}]`, `its grace companion breaks a rule of the service: ${error.message}`, 'Shorten the name so NAME_PREVIOUS fits, or drop grace.', ['targets', position]);
                    return;
                }
                companions.push({ index, where, position, line: (0,destinations/* formatTarget */.P4)(companion), key: (0,destinations/* targetKey */.hD)(companion) });
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
        const pathProblem = merged.path === undefined ? undefined : (0,store_infisical/* infisicalPathProblem */.j)(merged.path);
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
        const problem = (0,store_inputs/* storedNameProblem */.AR)(kind, name);
        return problem === undefined ? undefined : { problem, fix: (0,store_inputs/* storedNameFix */.oJ)(kind) };
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
        const module = issuer.ISSUERS[issuerKind];
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


/***/ })

};
