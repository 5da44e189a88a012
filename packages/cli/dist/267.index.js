export const id = 267;
export const ids = [267];
export const modules = {

/***/ 3267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openAwsIamIssuer: () => (/* binding */ openAwsIamIssuer)
});

// UNUSED EXPORTS: AwsIamIssuer, shortKey

// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(9240);
// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(2811);
// EXTERNAL MODULE: ../core/src/errors.ts
var errors = __webpack_require__(319);
;// CONCATENATED MODULE: ../core/src/adapters/aws-query-answer.ts

/**
 * IAM and STS speak the AWS Query protocol: every answer is XML
 * (`Content-Type: text/xml`, `<UpdateAccessKeyResponse …>`). The SDK parses
 * whatever 2xx body comes back, and an HTML page (a proxy's, a captive
 * portal's) is well-formed XML with nothing missing for an operation that
 * returns no fields: UpdateAccessKey or DeleteAccessKey answered that way
 * would count as done though IAM never saw the request. So a 2xx that is
 * not XML is refused here, once, for every command of `client`.
 */
function requireXmlAnswers(client, service) {
    client.middlewareStack.add((next, context) => async (args) => {
        const result = await next(args);
        const response = result.response;
        const type = String(response.headers?.['content-type'] ?? '');
        const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
        if (base !== 'text/xml' && base !== 'application/xml') {
            const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
            const status = response.statusCode ?? 0;
            throw new errors/* UpstreamError */.gA(`${operation} answered ${status} with ${base || 'no content type'}, not AWS's XML: not an answer from AWS ` +
                '(a proxy in between?); nothing is counted as done', { service, status, retryable: false });
        }
        return result;
    }, { step: 'initialize', name: 'keyturnRequireXmlAnswers' });
    return client;
}

// EXTERNAL MODULE: ../core/src/duration.ts
var duration = __webpack_require__(1124);
// EXTERNAL MODULE: ../core/src/retry.ts
var retry = __webpack_require__(6048);
// EXTERNAL MODULE: ../core/src/issuers/aws-iam-config.ts
var aws_iam_config = __webpack_require__(4067);
;// CONCATENATED MODULE: ../core/src/issuers/aws-iam.ts







const THROTTLING = new Set([
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
    'RequestThrottled',
]);
const REFUSED_KEY = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch']);
function codeOf(error) {
    return String(error?.name ?? '').replace(/Exception$/, '');
}
function statusOf(error) {
    return error?.$metadata?.httpStatusCode;
}
/**
 * A key id as messages show it, AKIA…0002: the full id is in the stored JSON,
 * and keyturn scrubs any 12 characters of a stored value from its output.
 */
function shortKey(id) {
    return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}
class AwsIamIssuer {
    kind = 'aws-iam';
    /** Every rotation retires the old key (deactivates it), with or without revoke-old. */
    retiresOld = true;
    config;
    /** `secrets[3] (ci-key).issuer`, for messages about its fields. */
    where;
    endpoints;
    credentials;
    context;
    tuning;
    iamClient;
    constructor(config, where, endpoints, credentials, context, tuning = {}) {
        this.config = config;
        this.where = where;
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.context = context;
        this.tuning = {
            attempts: tuning.attempts ?? 5,
            proveWithinMs: tuning.proveWithinMs ?? 120_000,
            proveIntervalMs: tuning.proveIntervalMs ?? 1_000,
            requestTimeoutMs: tuning.requestTimeoutMs ?? 20_000,
        };
    }
    sdkOptions(endpoint) {
        return {
            ...(endpoint ? { endpoint } : {}),
            maxAttempts: 1,
            requestHandler: { connectionTimeout: 5_000, requestTimeout: this.tuning.requestTimeoutMs },
        };
    }
    iam() {
        this.iamClient ??= requireXmlAnswers(new dist_cjs/* IAMClient */.h8v({
            // IAM is global: its endpoint and signing region are us-east-1 in the aws partition.
            region: 'us-east-1',
            ...(this.credentials ? { credentials: this.credentials } : {}),
            ...this.sdkOptions(this.endpoints.iam),
        }), aws_iam_config/* AWS_IAM_SERVICE */.K0);
        return this.iamClient;
    }
    /** One IAM call, its failures typed, retried for throttling, 5xx and the network. */
    async call(doing, send) {
        return (0,retry/* withRetry */.bD)(async () => {
            try {
                return await send(AbortSignal.timeout(this.tuning.requestTimeoutMs));
            }
            catch (error) {
                throw this.typed(error, doing, aws_iam_config/* AWS_IAM_SERVICE */.K0);
            }
        }, { maxAttempts: this.tuning.attempts, baseDelayMs: 500, maxDelayMs: 8_000, totalTimeMs: 60_000 }, {
            clock: this.context.clock,
            sleep: this.context.sleep,
            onRetry: ({ waitMs, error }) => this.context.log.info(`${doing}: ${(0,errors/* errorMessage */.gJ)(error)}; trying again in ${waitMs} ms`),
        });
    }
    typed(error, doing, service) {
        if (error instanceof errors/* InputError */.dz || error instanceof errors/* CheckFailedError */.CO || error instanceof errors/* UpstreamError */.gA)
            return error;
        const code = codeOf(error);
        const status = statusOf(error);
        const message = `${doing}: ${code || 'error'}: ${(0,errors/* errorMessage */.gJ)(error)}`;
        if (code === 'CredentialsProviderError' || /Could not load credentials/i.test((0,errors/* errorMessage */.gJ)(error))) {
            return new errors/* InputError */.dz('AWS_ACCESS_KEY_ID', 'is not set, and the AWS SDK found no other credentials (a web identity token, a profile or an instance role)', 'Configure AWS in the job first (aws-actions/configure-aws-credentials with OIDC), with a role that may call ' +
                `iam:ListAccessKeys, iam:CreateAccessKey, iam:UpdateAccessKey and iam:DeleteAccessKey on user ${this.config.user}.`);
        }
        if (code === 'NoSuchEntity')
            return new NoSuchEntity(message);
        if (code === 'AccessDenied' || status === 403) {
            return new errors/* CheckFailedError */.CO(`${message}. The workflow's AWS identity needs iam:ListAccessKeys, iam:CreateAccessKey, iam:UpdateAccessKey ` +
                `and iam:DeleteAccessKey on arn:aws:iam::<account>:user/${this.config.user}`);
        }
        const retryable = THROTTLING.has(code) || (status !== undefined && status >= 500) || status === undefined;
        return new errors/* UpstreamError */.gA(message, { service, ...(status === undefined ? {} : { status }), retryable });
    }
    async listKeys() {
        const keys = [];
        let marker;
        // Two keys per user: one page, but follow Marker as every IAM List call may page.
        for (let page = 0; page < 10; page++) {
            const output = await this.call(`ListAccessKeys ${this.config.user}`, (signal) => this.iam().send(new dist_cjs/* ListAccessKeysCommand */.Qxm({ UserName: this.config.user, ...(marker ? { Marker: marker } : {}) }), { abortSignal: signal }));
            keys.push(...(output.AccessKeyMetadata ?? []));
            if (!output.IsTruncated || !output.Marker)
                return keys;
            marker = output.Marker;
        }
        throw new errors/* UpstreamError */.gA(`ListAccessKeys ${this.config.user} did not end after 10 pages`, {
            service: aws_iam_config/* AWS_IAM_SERVICE */.K0,
            retryable: false,
        });
    }
    /** The user's keys, or an InputError when the user does not exist. */
    async keysOfUser() {
        try {
            return await this.listKeys();
        }
        catch (error) {
            if (!(error instanceof NoSuchEntity))
                throw error;
            throw new errors/* InputError */.dz(`${this.where}.user`, `is '${this.config.user}', and IAM has no user of that name in this account`, 'Fix issuer.user (IAM user names are case-sensitive; give the name, not the ARN), or create the user first.');
        }
    }
    /** What issuing will do to make room, or an error saying why it cannot, before any change. */
    slot(keys, current) {
        if (keys.length < 2)
            return { deleteFirst: undefined };
        const inactive = keys.filter((key) => key.Status !== 'Active');
        const first = inactive[0];
        if (first?.AccessKeyId)
            return { deleteFirst: first.AccessKeyId };
        const describe = (key) => `${shortKey(key.AccessKeyId ?? '')} (created ${key.CreateDate?.toISOString().slice(0, 10) ?? '?'}${key.AccessKeyId === current?.AccessKeyId ? ', the one the store holds' : ''})`;
        const other = keys.find((key) => key.AccessKeyId !== current?.AccessKeyId) ?? keys[1];
        throw new errors/* CheckFailedError */.CO(`IAM user ${this.config.user} already holds two active access keys, ${keys.map(describe).join(' and ')}: ` +
            'AWS allows two per user, so a new one cannot be made, and keyturn deletes only a key that is already inactive. ' +
            `Find out what uses ${other?.AccessKeyId ?? 'the other key'}, then deactivate or delete it ` +
            `(aws iam update-access-key --user-name ${this.config.user} --access-key-id ${other?.AccessKeyId ?? 'KEY'} --status Inactive) and run again`);
    }
    currentPair(current, which = 'current') {
        return current === undefined ? undefined : (0,aws_iam_config/* parseAccessKeyJson */.hh)(current.value, which);
    }
    async check(current, _previous) {
        const pair = this.currentPair(current);
        const keys = await this.keysOfUser();
        const { deleteFirst } = this.slot(keys, pair);
        if (pair && !keys.some((key) => key.AccessKeyId === pair.AccessKeyId)) {
            this.context.log.warning(`the store's current key ${shortKey(pair.AccessKeyId)} is not a key of IAM user ${this.config.user} (deleted already?)`);
        }
        return {
            plan: (deleteFirst ? `delete the inactive key ${shortKey(deleteFirst)}, then ` : '') +
                `create an access key for IAM user ${this.config.user}` +
                (pair ? ` and deactivate ${shortKey(pair.AccessKeyId)}` : ''),
        };
    }
    async issue(current, _previous) {
        const pair = this.currentPair(current);
        const keys = await this.keysOfUser();
        const { deleteFirst } = this.slot(keys, pair);
        if (deleteFirst) {
            await this.deleteKey(deleteFirst);
            this.context.log.info(`deleted the inactive access key ${shortKey(deleteFirst)} of ${this.config.user} to make room`);
        }
        const before = new Set(keys.map((key) => key.AccessKeyId).filter((id) => id !== deleteFirst));
        let created;
        try {
            created = await this.call(`CreateAccessKey ${this.config.user}`, (signal) => this.iam().send(new dist_cjs/* CreateAccessKeyCommand */.hN({ UserName: this.config.user }), { abortSignal: signal }));
        }
        catch (error) {
            await this.deleteUnanswered(before, answeredNo(error));
            throw error;
        }
        const secret = created.AccessKey?.SecretAccessKey;
        if (secret)
            this.context.secrets.mask(secret);
        const id = created.AccessKey?.AccessKeyId;
        if (!id || !secret) {
            throw new errors/* UpstreamError */.gA('CreateAccessKey answered without AccessKeyId and SecretAccessKey', {
                service: aws_iam_config/* AWS_IAM_SERVICE */.K0,
                retryable: false,
            });
        }
        const value = this.context.secrets.mask((0,aws_iam_config/* accessKeyJson */.mS)({ AccessKeyId: id, SecretAccessKey: secret }));
        return { value, detail: `access key ${shortKey(id)} of IAM user ${this.config.user}` };
    }
    /**
     * CreateAccessKey failed, but IAM may have made a key all the same (its
     * answer lost to a reset or a gateway's 5xx, on any attempt): a key the
     * listing before the call did not have is one of this run's, and nobody can
     * use it (its secret was only in the lost answer). Left, it takes the
     * user's second slot and every later rotation stops at "two active keys".
     * When IAM's last word was a refusal (LimitExceeded), the new key may as
     * well be another run's, made between the listing and the create, whose
     * secret that run holds and is storing: it is named, never deleted.
     */
    async deleteUnanswered(before, refused) {
        try {
            for (const key of await this.keysOfUser()) {
                if (!key.AccessKeyId || before.has(key.AccessKeyId))
                    continue;
                if (refused) {
                    this.context.log.warning(`${shortKey(key.AccessKeyId)} appeared while CreateAccessKey was refused, and is not deleted: it may be ` +
                        "another rotation's. If no store holds it, delete it before the next rotation");
                    continue;
                }
                await this.deleteKey(key.AccessKeyId);
                this.context.log.warning(`deleted ${shortKey(key.AccessKeyId)}, which IAM made though its answer was lost: no one holds its secret`);
            }
        }
        catch (error) {
            this.context.log.warning(`could not check IAM user ${this.config.user} for a key made by the failed CreateAccessKey (${(0,errors/* errorMessage */.gJ)(error)}): ` +
                'if the next rotation finds two active keys, delete the one no store holds');
        }
    }
    /** Deletes a key; one that is gone already is fine. */
    async deleteKey(id) {
        try {
            await this.call(`DeleteAccessKey ${shortKey(id)}`, (signal) => this.iam().send(new dist_cjs/* DeleteAccessKeyCommand */.yq0({ UserName: this.config.user, AccessKeyId: id }), {
                abortSignal: signal,
            }));
            return 'deleted';
        }
        catch (error) {
            if (error instanceof NoSuchEntity)
                return 'gone';
            throw error;
        }
    }
    /** The store could not take the new key: delete it, or no later run finds a free slot. */
    async discard(issued) {
        const { AccessKeyId: id } = (0,aws_iam_config/* parseAccessKeyJson */.hh)(issued.value, 'new');
        try {
            await this.deleteKey(id);
            this.context.log.info(`deleted the new access key ${shortKey(id)}: the store could not take it`);
        }
        catch (error) {
            // The store's failure is the one the run reports; this one says what is left behind.
            this.context.log.warning(`could not delete the new access key ${shortKey(id)} the store did not take (${(0,errors/* errorMessage */.gJ)(error)}): delete it ` +
                `(aws iam list-access-keys --user-name ${this.config.user} names it in full; then aws iam delete-access-key), or the next rotation finds two active keys`);
        }
    }
    /** A resumed rotation: the stored key must still be an active key of the user. */
    async apply(issued, _current, _previous) {
        const { AccessKeyId: id } = (0,aws_iam_config/* parseAccessKeyJson */.hh)(issued.value, 'new');
        const key = (await this.keysOfUser()).find((candidate) => candidate.AccessKeyId === id);
        if (!key) {
            throw new errors/* CheckFailedError */.CO(`the stored access key ${shortKey(id)} is no longer a key of IAM user ${this.config.user}, so this rotation cannot ` +
                'finish with it: write the key consumers hold back to the store (or delete the unfinished version) and rotate again');
        }
        if (key.Status !== 'Active') {
            throw new errors/* CheckFailedError */.CO(`the stored access key ${shortKey(id)} of IAM user ${this.config.user} is inactive: reactivate it ` +
                `(aws iam update-access-key --user-name ${this.config.user} --access-key-id ID --status Active, the ID from aws iam list-access-keys) and run again`);
        }
    }
    /** STS GetCallerIdentity signed with `pair`. */
    async askSts(pair) {
        const client = requireXmlAnswers(new client_sts_dist_cjs/* STSClient */.iM({
            region: this.endpoints.region,
            credentials: { accessKeyId: pair.AccessKeyId, secretAccessKey: pair.SecretAccessKey },
            ...this.sdkOptions(this.endpoints.sts),
        }), aws_iam_config/* AWS_STS_SERVICE */.tQ);
        try {
            const answer = await client.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}), {
                abortSignal: AbortSignal.timeout(this.tuning.requestTimeoutMs),
            });
            return { accepted: true, arn: answer.Arn ?? '' };
        }
        catch (error) {
            const code = codeOf(error);
            if (REFUSED_KEY.has(code))
                return { accepted: false, code };
            throw this.typed(error, `GetCallerIdentity with key ${shortKey(pair.AccessKeyId)}`, aws_iam_config/* AWS_STS_SERVICE */.tQ);
        }
        finally {
            client.destroy();
        }
    }
    /** Asks STS until `done` holds or the bound passes; transient failures count as "not yet". */
    async untilSts(pair, done) {
        const started = this.context.clock.now();
        let last = '';
        for (let attempt = 1;; attempt++) {
            try {
                const answer = await this.askSts(pair);
                if (done(answer))
                    return { ok: true, answer };
                last = answer.accepted ? `accepted as ${answer.arn}` : `refused (${answer.code})`;
            }
            catch (error) {
                if (!(error instanceof errors/* UpstreamError */.gA) || !error.retryable)
                    throw error;
                last = (0,errors/* errorMessage */.gJ)(error);
            }
            const elapsed = this.context.clock.now() - started;
            if (elapsed + this.tuning.proveIntervalMs > this.tuning.proveWithinMs) {
                return { ok: false, last, attempts: attempt, elapsed };
            }
            await this.context.sleep(this.tuning.proveIntervalMs);
        }
    }
    userArn(arn) {
        // arn:aws:iam::123456789012:user/ci-deployer, or with a path: user/deploy/ci-deployer
        const found = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
        return found?.[1] === this.config.user;
    }
    async proveNew(value) {
        const pair = (0,aws_iam_config/* parseAccessKeyJson */.hh)(value, 'new');
        const result = await this.untilSts(pair, (answer) => answer.accepted);
        if (!result.ok) {
            throw new errors/* CheckFailedError */.CO(`STS still refuses the new access key ${shortKey(pair.AccessKeyId)} after ${(0,duration/* formatDuration */.a3)(result.elapsed)} ` +
                `(${result.attempts} attempt(s), last: ${result.last}); IAM is eventually consistent, usually within seconds. ` +
                'The key is stored, marked unfinished, and no consumer has it yet: run rotate again to resume with it');
        }
        const arn = result.answer.accepted ? result.answer.arn : '';
        if (!this.userArn(arn)) {
            throw new errors/* CheckFailedError */.CO(`STS says the new access key ${shortKey(pair.AccessKeyId)} belongs to ${arn || 'nobody'}, not IAM user ${this.config.user}`);
        }
    }
    async retire(old, options) {
        const { AccessKeyId: id } = (0,aws_iam_config/* parseAccessKeyJson */.hh)(old.value, 'previous');
        try {
            await this.call(`UpdateAccessKey ${shortKey(id)} Inactive`, (signal) => this.iam().send(new dist_cjs/* UpdateAccessKeyCommand */.SF3({ UserName: this.config.user, AccessKeyId: id, Status: 'Inactive' }), { abortSignal: signal }));
        }
        catch (error) {
            if (!(error instanceof NoSuchEntity))
                throw error;
            return { outcome: 'already-retired', detail: `access key ${shortKey(id)} is deleted already` };
        }
        if (options.revokeOld === true) {
            await this.deleteKey(id);
            return { outcome: 'revoked', detail: `access key ${shortKey(id)} deactivated and deleted (revoke-old)` };
        }
        return {
            outcome: 'deactivated',
            detail: options.graceMs === undefined
                ? `access key ${shortKey(id)} deactivated; the next rotation deletes it`
                : `access key ${shortKey(id)} deactivated; deleted once the grace of ${(0,duration/* formatDuration */.a3)(options.graceMs)} has passed`,
        };
    }
    async proveRetired(old) {
        const pair = (0,aws_iam_config/* parseAccessKeyJson */.hh)(old.value, 'previous');
        const result = await this.untilSts(pair, (answer) => !answer.accepted);
        if (!result.ok) {
            throw new errors/* CheckFailedError */.CO(`STS still accepts the old access key ${shortKey(pair.AccessKeyId)} after ${(0,duration/* formatDuration */.a3)(result.elapsed)} ` +
                `(${result.attempts} attempt(s), last: ${result.last}), though IAM has it deactivated: run rotate again to check once more`);
        }
    }
    /** After a grace window (the old key kept working for it): deactivated, proven refused, deleted. */
    async finishGrace(old) {
        const { AccessKeyId: id } = (0,aws_iam_config/* parseAccessKeyJson */.hh)(old.value, 'previous');
        const key = (await this.keysOfUser()).find((candidate) => candidate.AccessKeyId === id);
        if (!key)
            return { outcome: 'already-retired', detail: `access key ${shortKey(id)} is deleted already` };
        if (key.Status === 'Active') {
            await this.retire(old, { graceMs: undefined });
            await this.proveRetired(old);
        }
        await this.deleteKey(id);
        return {
            outcome: 'revoked',
            detail: `access key ${shortKey(id)} deactivated, refused and deleted after its grace`,
        };
    }
    /** When the oldest active key was made: the age an IAM key policy measures. Reads no stored value. */
    async createdAt() {
        const active = (await this.keysOfUser()).filter((key) => key.Status === 'Active' && key.CreateDate);
        const times = active.map((key) => key.CreateDate.getTime());
        return times.length ? Math.min(...times) : undefined;
    }
    close() {
        this.iamClient?.destroy();
    }
}
/** IAM said the user or key does not exist. */
class NoSuchEntity extends errors/* CheckFailedError */.CO {
    name = 'NoSuchEntity';
}
/** The registry's `open` for aws-iam: fields and endpoints read, credentials
 * from the environment given (else the SDK's default chain), nothing asked. */
/** IAM's last answer was a refusal (LimitExceeded 409, a validation or
 * throttling 400): as opposed to no answer, or a 5xx, after every attempt. */
function answeredNo(error) {
    if (error instanceof errors/* UpstreamError */.gA)
        return error.status !== undefined && error.status >= 400 && error.status < 500;
    return error instanceof errors/* CheckFailedError */.CO || error instanceof errors/* InputError */.dz;
}
function openAwsIamIssuer(context, tuning) {
    const where = `${context.entry}.issuer`;
    const config = (0,aws_iam_config/* parseAwsIamConfig */._e)(context.config, where);
    const env = context.env ?? {};
    const endpoints = (0,aws_iam_config/* readAwsIamEndpoints */.xT)(env);
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    let credentials;
    if (accessKeyId && secretAccessKey) {
        context.secrets.mask(secretAccessKey);
        if (env.AWS_SESSION_TOKEN)
            context.secrets.mask(env.AWS_SESSION_TOKEN);
        credentials = {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        };
    }
    const deadline = context.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: context.requestTimeoutMs };
    return new AwsIamIssuer(config, where, endpoints, credentials, context, { ...deadline, ...tuning });
}


/***/ })

};
