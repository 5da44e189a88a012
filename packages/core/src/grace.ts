/**
 * Where a grace window's start lives: a mark on the store version the
 * rotation wrote, named `grace-since-YYYYMMDDTHHMMSSZ` (an SSM parameter
 * label, a Secrets Manager staging label). The store is the one record every
 * runner of every later day reads (plan already reads its head), so the
 * window survives the runner that opened it; the audit log is an artifact of
 * one run, and the targets cannot all say when something was written.
 *
 * The time is the moment the rotation finished (every target held the new
 * value and its companion), not the store write: a rotation resumed two days
 * after its store write still gives consumers the whole window.
 */
export const GRACE_MARK_PREFIX = 'grace-since-';
/** The companion a grace keeps the old value under, at every target. */
export const COMPANION_SUFFIX = '_PREVIOUS';

/** `grace-since-20261201T110000Z` (SSM labels allow letters, digits, `.`, `-`, `_`). */
export function graceMark(since: number): string {
  const iso = new Date(Math.floor(since / 1000) * 1000).toISOString();
  return `${GRACE_MARK_PREFIX}${iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
}

/** The start a mark names, epoch ms; undefined for any other label. */
export function parseGraceMark(label: string): number | undefined {
  const match = /^grace-since-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(label);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? undefined : ms;
}

/** The open window's start among a version's labels, when there is one. */
export function graceSinceOf(labels: readonly string[]): number | undefined {
  for (const label of labels) {
    const since = parseGraceMark(label);
    if (since !== undefined) return since;
  }
  return undefined;
}
