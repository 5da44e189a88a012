import { SLICE_LENGTH } from '@keyturn/core';

/** Every form a canary could leave the process in: raw, base64 (padded and
 * not), base64url, hex (both cases), URL-encoded, JSON-escaped, and for a
 * multi-line value each of its lines. */
export function canaryForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const lines = value.includes('\n') ? value.split('\n').filter((line) => line.length >= SLICE_LENGTH) : [];
  return [
    value,
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    ...lines,
  ];
}

/** PEM armor ("-----BEGIN PRIVATE KEY-----") is no secret: every key of a
 * kind shares it (and a public key shares most of it). A slice is a canary's
 * only when a stand-in with the same armor and another body lacks it. */
const ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

function rawSlices(value: string): Set<string> {
  const found = new Set<string>();
  for (const form of canaryForms(value)) {
    for (let i = 0; i + SLICE_LENGTH <= form.length; i++) found.add(form.slice(i, i + SLICE_LENGTH));
  }
  return found;
}

/** Every SLICE_LENGTH-character slice of the value and of its forms. */
function slices(value: string): Set<string> {
  const found = rawSlices(value);
  const lines = value.split('\n');
  if (!lines.some((line) => ARMOR.test(line))) return found;
  const standIn = lines.map((line) => (ARMOR.test(line) ? line : '\u0000'.repeat(line.length))).join('\n');
  for (const shared of rawSlices(standIn)) found.delete(shared);
  // A slice that holds part of the armor holds at most a couple of body
  // characters, which every DER key shares ("MC", "MI").
  for (const slice of found) if (slice.includes('-----')) found.delete(slice);
  return found;
}

export interface Hit {
  canary: string;
  where: string;
}

/** The canaries found in `text`, in any form or as any 12-character slice. */
export function findCanaries(text: string, canaries: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (const canary of canaries) {
    const pieces = slices(canary);
    for (let i = 0; i + SLICE_LENGTH <= text.length; i++) {
      const piece = text.slice(i, i + SLICE_LENGTH);
      if (pieces.has(piece)) {
        hits.push({
          canary: canary.slice(0, 16),
          where: `${JSON.stringify(piece)} in …${text.slice(Math.max(0, i - 60), i + 24)}…`,
        });
        break;
      }
    }
  }
  return hits;
}
