import picomatch from 'picomatch';
import { sha256Hex } from './redact';

/** The user's allowlist as plain data (it crosses to worker threads). */
export interface Allowlist {
  /** Finding fingerprints, lower-case hex. */
  readonly fingerprints: readonly string[];
  readonly globs: readonly string[];
}

export const EMPTY_ALLOWLIST: Allowlist = { fingerprints: [], globs: [] };

/** Lines of fingerprints (32 hex characters) and path globs; `#` comments. */
export function parseAllowlist(text: string): Allowlist {
  const fingerprints = new Set<string>();
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (/^[a-f0-9]{32}$/i.test(line)) fingerprints.add(line.toLowerCase());
    else globs.push(line.replace(/^\/+/, ''));
  }
  return { fingerprints: [...fingerprints], globs };
}

/** Rule + location + hash of the secret: stable across rebuilds and layers. */
export function fingerprintOf(ruleId: string, path: string, secretHash: string): string {
  return sha256Hex(`${ruleId}\u0000${path}\u0000${secretHash}`).slice(0, 32);
}

/** Answers "is this allowlisted?" where hits are made (the scanners), so
 * allowlisted hits never take the place of reported ones under a cap. */
export class AllowlistMatcher {
  private readonly fingerprints: ReadonlySet<string>;
  private readonly globs: readonly ((path: string) => boolean)[];
  readonly empty: boolean;

  constructor(allowlist: Allowlist) {
    this.fingerprints = new Set(allowlist.fingerprints);
    this.globs = allowlist.globs.map((glob) => picomatch(glob, { dot: true }));
    this.empty = allowlist.fingerprints.length === 0 && allowlist.globs.length === 0;
  }

  path(path: string): boolean {
    return this.globs.some((matches) => matches(path));
  }

  fingerprint(fingerprint: string): boolean {
    return this.fingerprints.has(fingerprint);
  }

  /** A hit of `ruleId` on the secret whose hash is given, at `path`. */
  hit(ruleId: string, path: string, secretHash: string): boolean {
    if (this.empty) return false;
    return this.path(path) || this.fingerprint(fingerprintOf(ruleId, path, secretHash));
  }
}
