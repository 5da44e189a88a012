export const DAY_MS = 86_400_000;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/** The longest wait an action's run holds: a job on a GitHub-hosted runner
 * is stopped after 6 hours, so a longer `within` could never end in time. */
export const LONGEST_WAIT = Object.freeze({ max: 6 * 3_600_000, why: 'a job on GitHub-hosted runners ends after 6h' });

/** The longest single request keyturn allows. */
export const LONGEST_REQUEST = Object.freeze({ max: 10 * 60_000, why: 'one request' });

/** Parses `90s`, `10m`, `24h`, `90d` and sums like `1h30m`; `0` alone is zero.
 * Returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!/^(\d+[smhd])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Formats milliseconds the way inputs are written, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.join('');
}
