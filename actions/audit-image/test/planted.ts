import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

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
