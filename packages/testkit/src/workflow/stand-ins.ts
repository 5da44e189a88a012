/**
 * Declared stand-ins for the third-party actions keyturn's workflows use.
 * Each lists the real action's inputs and outputs (at the pinned version), so
 * a misspelled `with:` key fails, and checks what the real action would
 * refuse: a checkout that keeps credentials, OIDC without `id-token: write`,
 * long-lived AWS keys, an artifact name used twice in a run (upload-artifact
 * v4+ answers 409), a retention outside 1–90 days, a SARIF upload without
 * `security-events: write` (a fork pull request's token is read-only).
 */
import { randomBytes } from 'node:crypto';
import { cp, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { hasPermission, type StandIn, type StandInCall } from './harness';

/** actions/checkout v7.0.1 */
const CHECKOUT_INPUTS = [
  'repository',
  'ref',
  'token',
  'ssh-key',
  'ssh-known-hosts',
  'ssh-strict',
  'ssh-user',
  'persist-credentials',
  'path',
  'clean',
  'filter',
  'sparse-checkout',
  'sparse-checkout-cone-mode',
  'fetch-depth',
  'fetch-tags',
  'show-progress',
  'lfs',
  'submodules',
  'set-safe-directory',
  'github-server-url',
  'allow-unsafe-pr-checkout',
] as const;

/** aws-actions/configure-aws-credentials v6.2.3 */
const CONFIGURE_AWS_INPUTS = [
  'aws-region',
  'aws-profile',
  'overwrite-aws-profile',
  'role-to-assume',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'web-identity-token-file',
  'role-chaining',
  'audience',
  'http-proxy',
  'no-proxy',
  'mask-aws-account-id',
  'role-duration-seconds',
  'role-external-id',
  'role-session-name',
  'role-skip-session-tagging',
  'transitive-tag-keys',
  'inline-session-policy',
  'managed-session-policies',
  'output-credentials',
  'output-env-credentials',
  'unset-current-credentials',
  'disable-retry',
  'retry-max-attempts',
  'special-characters-workaround',
  'use-existing-credentials',
  'allowed-account-ids',
  'force-skip-oidc',
  'action-timeout-s',
  'custom-tags',
  'sts-endpoint',
] as const;

/** actions/upload-artifact v7.0.0 */
const UPLOAD_ARTIFACT_INPUTS = [
  'name',
  'path',
  'if-no-files-found',
  'retention-days',
  'compression-level',
  'overwrite',
  'include-hidden-files',
  'archive',
] as const;

/** github/codeql-action/upload-sarif v4.36.2 */
const UPLOAD_SARIF_INPUTS = [
  'sarif_file',
  'checkout_path',
  'ref',
  'sha',
  'token',
  'matrix',
  'category',
  'wait-for-processing',
] as const;

function inside(workspace: string, path: string): string {
  const target = resolve(workspace, path);
  const within = relative(workspace, target);
  if (within.startsWith('..') || isAbsolute(within)) throw new Error(`path ${path} is outside the workspace`);
  return target;
}

export const checkoutStandIn: StandIn = {
  inputs: CHECKOUT_INPUTS,
  outputs: ['ref', 'commit'],
  async run(call: StandInCall) {
    if (call.with['persist-credentials'] !== 'false') {
      return { fail: 'persist-credentials must be false: keyturn workflows never leave a token in .git/config' };
    }
    const options = call.run.options;
    const repository = call.with.repository || options.repository || Object.keys(options.repositories)[0] || '';
    const source = options.repositories[repository];
    if (!source)
      return {
        fail: `repository ${repository} not found (the harness knows ${Object.keys(options.repositories).join(', ')})`,
      };
    const path = call.with.path ?? '';
    if (path) await symlink(source, inside(call.workspace, path));
    else await cp(source, call.workspace, { recursive: true });
    return { outputs: { ref: call.with.ref ?? '', commit: call.with.ref ?? '' } };
  },
};

export interface AwsStandInOptions {
  /** Credentials the emulators accept (the SSM emulator checks the signature's shape, not the key). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Roles assumed so far, for assertions. */
  assumed?: string[];
}

export function configureAwsCredentialsStandIn(options: AwsStandInOptions = {}): StandIn {
  return {
    inputs: CONFIGURE_AWS_INPUTS,
    required: ['aws-region'],
    outputs: ['aws-account-id', 'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'aws-expiration'],
    run(call) {
      if (call.with['aws-access-key-id'] || call.with['aws-secret-access-key']) {
        return { fail: 'long-lived AWS keys given: keyturn workflows use OIDC (role-to-assume) only' };
      }
      const role = call.with['role-to-assume'] ?? '';
      if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) {
        return { fail: `role-to-assume "${role}" is not an IAM role ARN` };
      }
      if (!hasPermission(call.permissions, 'id-token', 'write')) {
        return {
          fail: 'It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission?',
        };
      }
      options.assumed?.push(role);
      const sessionToken = `harness-session-${randomBytes(8).toString('hex')}`;
      const accessKeyId = options.accessKeyId ?? 'AKIDEXAMPLE';
      const secretAccessKey = options.secretAccessKey ?? 'emulator-secret';
      const region = call.with['aws-region'] ?? '';
      return {
        env: {
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          AWS_ACCESS_KEY_ID: accessKeyId,
          AWS_SECRET_ACCESS_KEY: secretAccessKey,
          AWS_SESSION_TOKEN: sessionToken,
        },
        masks: [secretAccessKey, sessionToken],
        outputs: { 'aws-account-id': role.split(':')[4] ?? '' },
      };
    },
  };
}

async function collect(root: string, path: string, files: Record<string, string>): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    for (const entry of await readdir(path)) await collect(root, join(path, entry), files);
  } else {
    files[relative(root, path)] = await readFile(path, 'utf8');
  }
}

export const uploadArtifactStandIn: StandIn = {
  inputs: UPLOAD_ARTIFACT_INPUTS,
  required: ['path'],
  outputs: ['artifact-id', 'artifact-url', 'artifact-digest'],
  async run(call) {
    const name = call.with.name || 'artifact';
    if (call.run.artifacts.has(name) && call.with.overwrite !== 'true') {
      return {
        fail: `Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run`,
      };
    }
    const retention = call.with['retention-days'];
    if (retention !== undefined && retention !== '') {
      const days = Number(retention);
      if (!Number.isInteger(days) || days < 1 || days > 90)
        return { fail: `retention-days ${retention} is not 1 to 90` };
    }
    const files: Record<string, string> = {};
    for (const line of (call.with.path ?? '').split('\n').map((entry) => entry.trim())) {
      if (line) await collect(call.workspace, inside(call.workspace, line), files);
    }
    if (Object.keys(files).length === 0) {
      const policy = call.with['if-no-files-found'] || 'warn';
      if (policy === 'error') return { fail: `No files were found with the provided path: ${call.with.path}` };
      return {};
    }
    call.run.artifacts.set(name, {
      name,
      files,
      job: call.job.name,
      ...(retention ? { retentionDays: Number(retention) } : {}),
    });
    return {
      outputs: {
        'artifact-id': String(call.run.artifacts.size),
        'artifact-url': `https://github.com/artifacts/${name}`,
      },
    };
  },
};

export const uploadSarifStandIn: StandIn = {
  inputs: UPLOAD_SARIF_INPUTS,
  outputs: ['sarif-id', 'sarif-ids'],
  async run(call) {
    if (!hasPermission(call.permissions, 'security-events', 'write')) {
      return { fail: 'Resource not accessible by integration (the token needs security-events: write)' };
    }
    const file = call.with.sarif_file;
    if (!file) return { fail: 'sarif_file is required here (its default, ../results, is for CodeQL runs)' };
    let sarif: { version?: string; runs?: unknown[] };
    try {
      sarif = JSON.parse(await readFile(inside(call.workspace, file), 'utf8'));
    } catch (error) {
      return { fail: `could not read SARIF ${file}: ${(error as Error).message}` };
    }
    if (sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) return { fail: `${file} is not SARIF 2.1.0` };
    call.run.sarifUploads.push({ category: call.with.category ?? '', sarif, job: call.job.name });
    return { outputs: { 'sarif-id': `sarif-${call.run.sarifUploads.length}` } };
  },
};

/** The stand-ins keyturn's workflows need, keyed as `uses:` names them (without the ref). */
export function defaultStandIns(aws: AwsStandInOptions = {}): Record<string, StandIn> {
  return {
    'actions/checkout': checkoutStandIn,
    'aws-actions/configure-aws-credentials': configureAwsCredentialsStandIn(aws),
    'actions/upload-artifact': uploadArtifactStandIn,
    'github/codeql-action/upload-sarif': uploadSarifStandIn,
  };
}
