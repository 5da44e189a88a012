import { startGitHubWithCredentials } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

const NEW_TOKEN = 'github_pat_11KTCLINEW000000000000_0000000000000000000000';
const OLD_TOKEN = 'ghp_KTCLIOLD00000000000000000000000000000000';

describe('keyturn rotate-pat, from a terminal', () => {
  it('validates and revokes with the tokens from the environment, never printing them', async () => {
    const { github, credentials } = await startGitHubWithCredentials({ revokeAfter: { requests: 0 } });
    try {
      github.addToken(OLD_TOKEN, { login: 'rotator' });
      github.addToken(NEW_TOKEN, { login: 'rotator' });
      credentials.profile(NEW_TOKEN, { expiresAt: Date.now() + 30 * 86_400_000 });
      const run = await cli(['rotate-pat', '--github-api-url', github.url, '--revoke-old', 'true'], {
        KEYTURN_NEW_TOKEN: NEW_TOKEN,
        // The runner's spelling is still read.
        'INPUT_OLD-TOKEN': OLD_TOKEN,
      });
      expect(run.text).not.toContain('::error::');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ {2}revoked +true$/m);
      expect(credentials.revoked).toEqual([OLD_TOKEN]);
      expect(run.text).not.toContain(NEW_TOKEN);
      expect(run.text).not.toContain(OLD_TOKEN);
      expect(github.violations).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it('refuses a token on the command line', async () => {
    const run = await cli(['rotate-pat', '--new-token', NEW_TOKEN], {});
    expect(run.code).toBe(2);
    expect(run.text).not.toContain(NEW_TOKEN);
  });
});
