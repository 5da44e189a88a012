import { readFile, stat } from 'node:fs/promises';
import { formatTarget, parseTarget, targetKey } from './adapters/destinations';
import { InputError } from './errors';
import type { ManifestEntry } from './manifest';
import type { Target } from './targets';

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
export const PREVIOUS_AUDIT_LOG_INPUT = 'previous-audit-log';
/** A log larger than this is not an audit log of a few runs. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

export interface PastRotation {
  /** When the last finished rotation of the entry was recorded (the event's `time`). */
  time: string;
  targets: Target[];
}

/** The latest finished rotation of each secret id in the log. */
export async function readPastRotations(path: string): Promise<ReadonlyMap<string, PastRotation>> {
  const fix =
    'Give the path of an earlier run’s audit log (the keyturn-audit artifact, downloaded), or leave it empty.';
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new InputError(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is not a file`, fix);
  if (info.size > MAX_LOG_BYTES) {
    throw new InputError(PREVIOUS_AUDIT_LOG_INPUT, `'${path}' is ${info.size} bytes, more than 64 MB`, fix);
  }
  const text = await readFile(path, 'utf8');
  const latest = new Map<string, PastRotation>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof event !== 'object' || event === null) continue;
    const { event: name, outcome, secret_id: id, time, targets } = event as Record<string, unknown>;
    if (name !== 'secret.rotate.completed' || outcome !== 'success' || typeof id !== 'string') continue;
    if (typeof time !== 'string' || !Array.isArray(targets)) continue;
    const parsed = targets.flatMap((one) => {
      if (typeof one !== 'string') return [];
      try {
        return [parseTarget(one)];
      } catch {
        return [];
      }
    });
    const earlier = latest.get(id);
    if (!earlier || Date.parse(time) >= Date.parse(earlier.time)) latest.set(id, { time, targets: parsed });
  }
  return latest;
}

/** Targets the entry's last recorded rotation wrote that the manifest no longer lists. */
export function removedTargets(entry: ManifestEntry, past: ReadonlyMap<string, PastRotation>): Target[] {
  const listed = new Set(entry.targets.map((target) => targetKey(target)));
  const seen = new Set<string>();
  return (past.get(entry.id)?.targets ?? []).filter((target) => {
    const key = targetKey(target);
    if (listed.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const describeTargets = (targets: readonly Target[]): string[] => targets.map((target) => formatTarget(target));
