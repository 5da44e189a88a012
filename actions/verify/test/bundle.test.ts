import { fileURLToPath } from 'node:url';
import { runBundle, startProtectedResource, withoutMaskCommands } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'kt_canary_9d1e4b7a3f6c2e8b';

describe('verify dist/index.js, run as the runner runs it', () => {
  it('fails with keyturn’s own message when a required input is missing', async () => {
    const run = await runBundle(bundle);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::keyturn/verify: input 'url' is required but was not given.");
    expect(run.stderr).toBe('');
  });

  it('proves a token works and an old one is dead, never printing either', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const works = await runBundle(bundle, { inputs: { url: `${api.url}/me`, token: TOKEN } });
      expect(works.code).toBe(0);
      expect(works.outputs).toEqual({ status: '200', attempts: '1' });
      expect(works.summary).toContain('| passed |');
      expect(JSON.parse(works.audit)).toMatchObject({
        event: 'secret.verify.completed',
        actor: 'octocat',
        run_url: 'https://github.com/acme/keyturn-tests/actions/runs/42',
      });
      expect(works.stdout).toContain(`::add-mask::${TOKEN}`);

      api.revoke(TOKEN);
      const dead = await runBundle(bundle, { inputs: { url: `${api.url}/me`, token: TOKEN, expect: '401' } });
      expect(dead.code).toBe(0);
      expect(dead.outputs.status).toBe('401');

      for (const run of [works, dead]) {
        const shown = withoutMaskCommands(run.everything);
        expect(shown).not.toContain(TOKEN);
        expect(shown).not.toContain(Buffer.from(TOKEN).toString('base64'));
      }
    } finally {
      await api.close();
    }
  });

  it('fails the step, naming what it saw, when the old token still works', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const run = await runBundle(bundle, { inputs: { url: `${api.url}/me`, token: TOKEN, expect: '401' } });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /::error::keyturn\/verify: expected 401 from GET http:\/\/127\.0\.0\.1:\d+\/me, last saw HTTP 200/,
      );
      expect(withoutMaskCommands(run.everything)).not.toContain(TOKEN);
    } finally {
      await api.close();
    }
  });
});
