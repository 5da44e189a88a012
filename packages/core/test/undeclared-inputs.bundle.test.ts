import { fileURLToPath } from 'node:url';
import { runBundle, startGitHub, startHeroku, startProtectedResource, startSsm } from '@keyturn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDECLARED_INPUT_ROWS } from './undeclared-input-rows';

/**
 * Every action's committed bundle, run as the runner runs it, with a with:
 * key its action.yml does not declare: the step fails naming the key and the
 * declared input it was meant to be, and no service sees a request. The
 * rows are the typos that used to change a rotation silently.
 */
const bundle = (action: string) => fileURLToPath(new URL(`../../../actions/${action}/dist/index.js`, import.meta.url));

describe('a with: key the action does not declare fails the step before any request', () => {
  let ssm: Awaited<ReturnType<typeof startSsm>>;
  let github: Awaited<ReturnType<typeof startGitHub>>;
  let heroku: Awaited<ReturnType<typeof startHeroku>>;
  let api: Awaited<ReturnType<typeof startProtectedResource>>;
  const requests = () =>
    [ssm, github, heroku].map((service) => service.emulator.requests.length).concat(api.emulator.requests.length);
  beforeAll(async () => {
    [ssm, github, heroku, api] = await Promise.all([
      startSsm(),
      startGitHub(),
      startHeroku(),
      startProtectedResource(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ssm.close(), github.close(), heroku.close(), api.close()]);
  });

  it.each(UNDECLARED_INPUT_ROWS)('%s with %s', async (action, inputs, typo, meant) => {
    const before = requests();
    const urls = { api: api.url, github: github.url, heroku: heroku.url };
    const run = await runBundle(bundle(action), {
      inputs: inputs(urls),
      env: {
        AWS_ENDPOINT_URL_SSM: ssm.url,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'x',
      },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::keyturn/${action}: input '${typo}' is not an input of keyturn/${action}`);
    expect(run.stdout).toContain(`Did you mean '${meant}'?`);
    expect(run.everything).not.toMatch(/kt_\w+_canary/);
    expect(requests()).toEqual(before);
  });
});
