/**
 * The Node.js versions keyturn runs on: 22.15 and later 22s, and 23.8 on
 * (zlib's zstd, which audit-image needs for zstd layers, arrived in 22.15
 * and 23.8; a dependency needs 22). The same range is package.json's
 * `engines` (a test holds them together).
 */
export const SUPPORTED_NODE = '^22.15.0 || >=23.8.0';

export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const ok = (major === 22 && minor >= 15) || (major === 23 && minor >= 8) || major >= 24;
  if (ok) return undefined;
  return (
    `keyturn needs Node.js 22.15 or later (${SUPPORTED_NODE}); this is Node.js ${version.replace(/^v/, '')}. ` +
    'Install a current Node.js (https://nodejs.org, or nvm install 24) and run keyturn again.'
  );
}
