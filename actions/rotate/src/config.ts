import type { Target } from '@keyturn/core';
import { InputError, type InputReader } from '@keyturn/core';
import {
  type DestinationSettings,
  readConcurrency,
  readDestinationSettings,
} from '@keyturn/core/adapters/destinations';
import { manifestStoreSettings, readStoreCredentials } from '@keyturn/core/adapters/manifest-stores';
import type { StoreSettings } from '@keyturn/core/adapters/store-inputs';
import { ISSUERS, type IssuerModule } from '@keyturn/core/issuer';
import {
  checkCredentials,
  DEFAULT_MANIFEST,
  findEntry,
  loadManifest,
  type ManifestEntry,
} from '@keyturn/core/manifest';
import { PREVIOUS_AUDIT_LOG_INPUT, readPastRotations, removedTargets } from '@keyturn/core/past-targets';

export interface RotateConfig {
  manifestPath: string;
  entry: ManifestEntry;
  store: Readonly<StoreSettings>;
  destinations: Readonly<DestinationSettings>;
  issuer: { module: IssuerModule; credentials: Readonly<Record<string, string | undefined>> } | undefined;
  reason: string | undefined;
  force: boolean;
  revokeOld: boolean;
  concurrency: number;
  dryRun: boolean;
  /** Only report when the stored credential expires (an issuer that knows, such as github-pat); change nothing. */
  checkExpiry: boolean;
  /** Delete the targets the last recorded rotation wrote that the manifest no longer lists. */
  prune: boolean;
  /** Those targets (from previous-audit-log); empty without a log. */
  removedTargets: readonly Target[];
}

/** Every input and the entry read and checked, before any request: a
 * missing credential, an unknown id or a bad manifest changes nothing. */
export async function readRotateConfig(
  inputs: InputReader,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Readonly<RotateConfig>> {
  // Credentials are masked first, whatever else is wrong.
  const storeCredentials = readStoreCredentials(inputs);
  const given: Record<string, string | undefined> = {
    'github-token': inputs.secret('github-token'),
    'heroku-api-key': inputs.secret('heroku-api-key'),
    'fly-api-token': inputs.secret('fly-api-token'),
    'new-token': inputs.secret('new-token'),
    'postgres-admin-url': inputs.secret('postgres-admin-url'),
    'infisical-token': inputs.secret('infisical-token'),
    'infisical-client-secret': inputs.secret('infisical-client-secret'),
  };
  const manifestPath = inputs.string('manifest', DEFAULT_MANIFEST);
  const id = inputs.required('secret', "Give the id of the manifest entry to rotate (plan's matrix.secret).");
  const manifest = await loadManifest(manifestPath);
  const entry = findEntry(manifest, id, 'secret');
  const checkExpiry = inputs.boolean('check-expiry', false);
  if (checkExpiry) {
    const module = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind] : undefined;
    if (!module?.expires) {
      throw new InputError(
        'check-expiry',
        `is true but ${entry.label} ${module ? `has a ${module.kind} issuer, which` : 'generates its value, which'} has no expiry to check`,
        `Use check-expiry with entries whose issuer expires (${Object.values(ISSUERS)
          .filter((one) => one.expires)
          .map((one) => one.kind)
          .join(', ')}), such as plan's check-expiry matrix.`,
      );
    }
    const set = [
      ...(inputs.boolean('force', false) ? ['force'] : []),
      ...(['revoke-old', 'new-token'] as const).filter((name) => inputs.string(name) !== ''),
    ];
    if (set[0] !== undefined) {
      throw new InputError(set[0], 'is set with check-expiry: true', 'An expiry check changes nothing: remove it.');
    }
  }
  // An expiry check reads the store only: the targets' credentials are not needed.
  checkCredentials(checkExpiry ? { ...entry, targets: [] } : entry, (input) => given[input] !== undefined);
  let issuer: RotateConfig['issuer'];
  if (entry.source.kind === 'issuer') {
    const module = ISSUERS[entry.source.issuerKind];
    if (!module) throw new Error(`issuer ${entry.source.issuerKind} passed the manifest but is not registered`);
    const credentials: Record<string, string | undefined> = {};
    // Secret ones are masked as read; others are settings (github-pat's github-api-url).
    for (const need of module.credentialInputs)
      credentials[need.input] = need.secret
        ? (given[need.input] ?? inputs.secret(need.input))
        : inputs.string(need.input) || undefined;
    issuer = { module, credentials: Object.freeze(credentials) };
  }
  const revokeText = inputs.string('revoke-old');
  const revokeOld =
    !checkExpiry && (revokeText === '' ? entry.revokeOld : inputs.boolean('revoke-old', entry.revokeOld));
  if (revokeOld && entry.source.kind === 'generate') {
    throw new InputError(
      'revoke-old',
      `is true but ${entry.label} generates its value`,
      'A generated value has no issuer to revoke it at: drop revoke-old.',
    );
  }
  const prune = inputs.boolean('prune', false);
  const previousLog = inputs.string(PREVIOUS_AUDIT_LOG_INPUT);
  if (prune && previousLog === '') {
    throw new InputError(
      'prune',
      `is true but ${PREVIOUS_AUDIT_LOG_INPUT} is empty`,
      "prune deletes the targets the last rotation wrote that the manifest no longer lists, and keyturn knows them only from that rotation's audit log: give previous-audit-log (the keyturn-audit artifact of an earlier run).",
    );
  }
  const removed = previousLog === '' ? [] : removedTargets(entry, await readPastRotations(previousLog));
  return Object.freeze({
    manifestPath,
    entry,
    store: Object.freeze(manifestStoreSettings(entry, storeCredentials, env)),
    // A target to prune needs its service's credential like any other.
    destinations: readDestinationSettings(
      inputs,
      checkExpiry ? [] : prune ? [...entry.targets, ...removed] : entry.targets,
      env,
    ),
    issuer,
    reason: inputs.string('reason') || undefined,
    force: inputs.boolean('force', false),
    revokeOld,
    concurrency: readConcurrency(inputs),
    dryRun: inputs.boolean('dry-run', false),
    checkExpiry,
    prune,
    removedTargets: Object.freeze(removed),
  });
}
