import {
  type ActionContext,
  CheckFailedError,
  DAY_MS,
  errorMessage,
  formatDuration,
  renderSummary,
  type Store,
  type StoredVersion,
} from '@keyturn/core';
import { manifestStoreSettings, storeKey } from '@keyturn/core/adapters/manifest-stores';
import { describeStore, type StoreSettings } from '@keyturn/core/adapters/store-inputs';
import type { StoreRunContext } from '@keyturn/core/adapters/stores';
import { ISSUERS } from '@keyturn/core/issuer';
import { findEntry, loadManifest, type ManifestEntry } from '@keyturn/core/manifest';
import { type PastRotation, readPastRotations, removedTargets } from '@keyturn/core/past-targets';
import type { PlanConfig } from './config';

/**
 * plan: the manifest in, the matrix of what is due out. Each store is asked
 * for the current version's number and age (`head`), never its value, so a
 * plan needs read-history rights only and decrypts nothing. Every secret
 * gets a row; one that cannot be read fails the step after all rows, the
 * outputs and the inventory are written, so one broken store never hides the
 * state of the others.
 */
export type Decision =
  | 'due'
  | 'not-due'
  | 'on-compromise'
  | 'unfinished'
  | 'forced'
  | 'finish-grace'
  | 'in-grace'
  | 'needs-person'
  | 'unreadable'
  | 'check-expiry';

export interface PlanRow {
  id: string;
  store: string;
  name: string;
  'age-days': number | null;
  version: string | null;
  'due-date': string | null;
  decision: Decision;
  /** When the grace window the last rotation opened ends (ISO), while it is open. */
  'grace-until': string | null;
  targets: number;
  /** The entry's grace ('' without): its rotation writes each target twice (companion + value). */
  grace: string;
  /** Lines the last recorded rotation wrote that the manifest no longer
   * lists (they still hold the value; rotate with prune deletes them);
   * null when no previous-audit-log was given, so nobody knows. */
  'removed-targets': string[] | null;
  /** The entry's issuer kind, '' when it generates its value (a workflow can pick its github-pat entries). */
  issuer: string;
  reason: string;
}

export interface MatrixJob {
  secret: string;
  store: string;
  decision: 'due' | 'unfinished' | 'forced' | 'finish-grace' | 'check-expiry';
}

export interface PlanDeps {
  openStore: (settings: StoreSettings, context: StoreRunContext) => Store;
}

const ROTATING: ReadonlySet<Decision> = new Set(['due', 'unfinished', 'forced', 'finish-grace', 'check-expiry']);

/** Entries whose issuer can say when the stored credential expires (github-pat). */
function expires(entry: ManifestEntry): boolean {
  return entry.source.kind === 'issuer' && ISSUERS[entry.source.issuerKind]?.expires === true;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Runs `work` over items, at most `limit` at once, keeping order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function decide(
  entry: ManifestEntry,
  head: StoredVersion | undefined,
  now: number,
  force: boolean,
  /** What `head.updatedAt` dates when it is not the store version's own age: "the aws-iam credential". */
  aged?: string,
): { decision: Decision; dueAt: number | undefined; reason: string } {
  const dueAt = head && entry.maxAge.kind === 'duration' ? head.updatedAt + entry.maxAge.ms : undefined;
  if (head?.pending) {
    return {
      decision: 'unfinished',
      dueAt,
      reason: `version ${head.version} was stored by a rotation that has not finished: resume it with that value`,
    };
  }
  if (force) return { decision: 'forced', dueAt, reason: 'force: rotate whatever the age' };
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
  const person = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind]?.madeByPerson : undefined;
  const dueNow = (reason: string) =>
    person
      ? { decision: 'needs-person' as const, dueAt, reason: `${reason}; ${person.fix}` }
      : { decision: 'due' as const, dueAt, reason };
  if (!head) return dueNow('not in the store yet: the first rotation creates it');
  const age = now - head.updatedAt;
  if (age >= entry.maxAge.ms) {
    return dueNow(
      `${aged ?? `version ${head.version}`} is ${formatDuration(Math.max(0, age))} old, max-age ${entry.maxAge.text}`,
    );
  }
  return { decision: 'not-due', dueAt, reason: `due on ${isoDate(dueAt as number)}` };
}

export async function plan(context: ActionContext, config: Readonly<PlanConfig>, deps: PlanDeps): Promise<void> {
  const { runner } = context;
  const manifest = await loadManifest(config.manifest);
  const past: ReadonlyMap<string, PastRotation> | undefined = config.previousAuditLog
    ? await readPastRotations(config.previousAuditLog)
    : undefined;
  const named = config.only === undefined ? manifest.entries : [findEntry(manifest, config.only, 'only')];
  // check-expiry: every entry whose credential expires at its source, due or not.
  const entries = config.checkExpiry ? named.filter(expires) : named;
  // Every store is resolved before the first request: a missing region or
  // credential fails the plan with nothing asked.
  const located = entries.map((entry) => ({
    entry,
    settings: manifestStoreSettings(entry, config.credentials, runner.env),
  }));
  const stores = new Map<string, Store>();
  const storeFor = (settings: StoreSettings) => {
    const key = storeKey(settings);
    let store = stores.get(key);
    if (!store) {
      store = deps.openStore(settings, context);
      stores.set(key, store);
    }
    return store;
  };
  // A store that lists a location at once (Infisical: a folder) is asked
  // once for all its secrets here, not once per secret.
  const namesByStore = new Map<string, string[]>();
  for (const { entry, settings } of located) {
    const key = storeKey(settings);
    namesByStore.set(key, [...(namesByStore.get(key) ?? []), entry.store.name]);
  }
  const listed = new Map<string, Promise<ReadonlyMap<string, StoredVersion | undefined>>>();
  const headOf = (settings: StoreSettings, name: string): Promise<StoredVersion | undefined> => {
    const store = storeFor(settings);
    if (!store.heads) return store.head(name);
    const key = storeKey(settings);
    let heads = listed.get(key);
    if (!heads) {
      heads = store.heads(namesByStore.get(key) ?? [name]);
      heads.catch(() => undefined); // each entry's row reports it
      listed.set(key, heads);
    }
    return heads.then((found) => found.get(name));
  };
  const now = context.clock.now();
  const rows = await mapLimited(located, config.concurrency, async ({ entry, settings }): Promise<PlanRow> => {
    const base = {
      id: entry.id,
      store: describeStore(settings),
      name: entry.store.name,
      targets: entry.targets.length,
      grace: entry.graceMs === undefined ? '' : formatDuration(entry.graceMs),
      issuer: entry.source.kind === 'issuer' ? entry.source.issuerKind : '',
      'removed-targets': past ? removedTargets(entry, past).map((target) => target.line) : null,
    };
    let head: StoredVersion | undefined;
    try {
      head = await headOf(settings, entry.store.name);
    } catch (error) {
      return {
        ...base,
        'age-days': null,
        version: null,
        'due-date': null,
        'grace-until': null,
        decision: 'unreadable',
        reason: errorMessage(error),
      };
    }
    // An issuer that knows its credential's own age (an IAM key's CreateDate) is asked for it,
    // with no stored value and no run credential: that age, not the store version's, is due.
    const module = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind] : undefined;
    let aged: string | undefined;
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
      } catch (error) {
        return {
          ...base,
          'age-days': null,
          version: head.version,
          'due-date': null,
          'grace-until': null,
          decision: 'unreadable',
          reason: `${module.kind}: ${errorMessage(error)}`,
        };
      }
    }
    const planned = decide(entry, head, now, config.force, aged);
    const { decision, dueAt, reason } = config.checkExpiry
      ? { ...planned, decision: 'check-expiry' as const, reason: 'check when the stored credential expires' }
      : planned;
    return {
      ...base,
      'age-days': head ? Math.floor(Math.max(0, now - head.updatedAt) / DAY_MS) : null,
      version: head?.version ?? null,
      'due-date': dueAt === undefined ? null : isoDate(dueAt),
      'grace-until':
        head?.graceSince === undefined ? null : new Date(head.graceSince + (entry.graceMs ?? 0)).toISOString(),
      decision,
      reason,
    };
  });

  // Unfinished rotations first (consumers may be split between two values),
  // then the most overdue.
  const overdue = (row: PlanRow) =>
    row['due-date'] === null ? Number.POSITIVE_INFINITY : now - Date.parse(row['due-date']);
  const rotating = rows
    .map((row, index) => ({ row, entry: located[index]?.entry as ManifestEntry }))
    .filter(({ row }) => ROTATING.has(row.decision))
    .sort((a, b) => {
      const rank = (row: PlanRow) => (row.decision === 'unfinished' ? 0 : 1);
      return rank(a.row) - rank(b.row) || overdue(b.row) - overdue(a.row) || a.entry.index - b.entry.index;
    });
  const jobs: MatrixJob[] = rotating.map(({ row, entry }) => ({
    secret: entry.id,
    store: entry.store.kind,
    decision: row.decision as MatrixJob['decision'],
  }));
  const batches: { include: MatrixJob[] }[] = [];
  for (let start = 0; start < jobs.length; start += config.batchSize) {
    batches.push({ include: jobs.slice(start, start + config.batchSize) });
  }
  runner.setOutput('matrix', JSON.stringify(batches[0] ?? { include: [] }));
  runner.setOutput('matrix-batches', JSON.stringify(batches));
  runner.setOutput('batches', String(batches.length));
  runner.setOutput('due', String(jobs.length));
  runner.setOutput('report', JSON.stringify(rows));

  const unreadable = rows.filter((row) => row.decision === 'unreadable');
  const count = (decision: Decision) => rows.filter((row) => row.decision === decision).length;
  const headline =
    `${jobs.length} of ${rows.length} secret(s) to rotate` +
    (count('unfinished') ? ` (${count('unfinished')} unfinished, resumed)` : '') +
    (count('finish-grace') ? ` (${count('finish-grace')} closing a grace window)` : '') +
    `; ${count('not-due')} not due, ${count('on-compromise')} on-compromise` +
    (count('in-grace') ? `, ${count('in-grace')} in a grace window` : '') +
    (count('needs-person') ? `, ${count('needs-person')} due but needing a person` : '') +
    (unreadable.length ? `, ${unreadable.length} unreadable` : '') +
    '.';
  const lines = [headline];
  if (batches.length > 1) {
    lines.push(
      `A matrix holds at most ${config.batchSize} jobs: the ${jobs.length} rotations come in ${batches.length} batches ` +
        `(matrix is batch 1; matrix-batches has all). Secrets in later batches stay due and are planned again next run.`,
    );
  }
  const leftBehind = rows.filter((row) => (row['removed-targets'] ?? []).length > 0);
  if (leftBehind.length > 0) {
    lines.push(
      `${leftBehind.length} secret(s) were last written to targets the manifest no longer lists; they still hold the value ` +
        '(rotate with prune: true and this previous-audit-log deletes them): ' +
        leftBehind.map((row) => `${row.id}: ${(row['removed-targets'] ?? []).join(', ')}`).join('; ') +
        '.',
    );
  } else if (!past) {
    lines.push(
      'Targets removed from the manifest are not checked: give previous-audit-log (an earlier run’s audit log) to find them.',
    );
  }
  if (config.only !== undefined) lines.push(`only: ${config.only}${config.force ? ' (forced)' : ''}.`);
  if (config.checkExpiry) {
    lines.push(
      `check-expiry: the matrix lists the ${jobs.length} entr${jobs.length === 1 ? 'y' : 'ies'} whose credential expires ` +
        '(rotate check-expiry checks each); nothing is rotated.',
    );
  }
  if (config.dryRun) lines.push('Dry run: plan reads only; the rotations it lists are not started by plan.');
  const batchOf = new Map(jobs.map((job, index) => [job.secret, Math.floor(index / config.batchSize) + 1]));
  const thisRun = (row: PlanRow): string => {
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
  for (const row of rows) runner.info(`${row.id}: ${row.decision}: ${row.reason}`);
  for (const row of rows.filter((one) => one.decision === 'needs-person')) {
    runner.warning(`${row.id} is due and ${row.reason.slice(row.reason.indexOf('; ') + 2)}`);
  }
  await runner.appendSummary(
    renderSummary({
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
    }),
  );
  await context.audit.append({
    event: 'rotation.plan.completed',
    action: 'plan',
    outcome: unreadable.length ? 'failure' : 'success',
    manifest: manifest.path,
    due: jobs.map((job) => job.secret),
    ...(unreadable.length ? { unreadable: unreadable.map((row) => row.id) } : {}),
  });
  if (unreadable.length > 0) {
    throw new CheckFailedError(
      `${unreadable.length} of ${rows.length} secret(s) could not be read, so they cannot be planned (the others were):` +
        unreadable.map((row) => `\n  ${row.id} (${row.store} ${row.name}): ${row.reason}`).join(''),
    );
  }
}
