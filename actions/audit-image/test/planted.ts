import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CI points KEYTURN_IMAGE_FIXTURES at images make-fixtures.sh has just built
 * (with new random tokens), so the tests prove the script as well. */
const freshFixtures = process.env.KEYTURN_IMAGE_FIXTURES;
export const fixture = (name: string) =>
  freshFixtures ? join(freshFixtures, name) : fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The tokens make-fixtures.sh planted (stored reversed and base64-encoded
 * so the repository holds nothing token-shaped in plain text). */
export function plantedTokens(): Record<string, string> {
  const hidden = JSON.parse(readFileSync(fixture('planted.json'), 'utf8')) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(hidden).map(([name, value]) => [
      name,
      [...Buffer.from(value, 'base64').toString('utf8')].reverse().join(''),
    ]),
  );
}
