import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock, runAction } from '@keyturn/core';
import {
  createRecordingRunner,
  type GitHubCredentials,
  type GitHubEmulator,
  type HerokuEmulator,
  type RevocationDelay,
  type SsmEmulator,
  startGitHubWithCredentials,
  startHeroku,
  startSsm,
} from '@keyturn/testkit';
import { ACTION_SPEC } from '../src/action-spec.generated';
import { readPatConfig } from '../src/config';
import { realDeps } from '../src/main';
import { type PatDeps, runPat } from '../src/rotate-pat';

/** The two tokens rotated: neither may be seen anywhere but the emulators. */
export const NEW_TOKEN = 'github_pat_11KTNEWCANARY0a1b2c3d4e_5f60718293a4b5c6d7e8f9';
export const OLD_TOKEN = 'ghp_KTOLDCANARY9f8e7d6c5b4a39281706f5e4d3c2';
/** The token that writes the consumers' secrets. */
export const WRITER_TOKEN = 'ghp_KTWRITER00000000000000000000000000000';
export const HEROKU_KEY = 'kt-heroku-key-0f1e2d3c-4b5a-4968-8776-655443322110';
export const START = Date.parse('2026-03-01T00:00:00Z');
export const DAY = 86_400_000;
export const CANARIES = [NEW_TOKEN, OLD_TOKEN, WRITER_TOKEN, HEROKU_KEY];

export interface World {
  github: GitHubEmulator;
  credentials: GitHubCredentials;
  heroku: HerokuEmulator;
  ssm: SsmEmulator;
  time: ReturnType<typeof createFakeClock>;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** GitHub (with /user and /credentials/revoke), Heroku and SSM emulators on
 * one fake clock. The old token (classic) and the new one (fine-grained,
 * 90 days) belong to `rotator`; the writer token belongs to a bot. */
export async function startWorld(revokeAfter: RevocationDelay = { requests: 2 }): Promise<World> {
  const time = createFakeClock(START);
  const { github, credentials } = await startGitHubWithCredentials({ now: time.clock.now, revokeAfter });
  github.addToken(OLD_TOKEN, { login: 'rotator' });
  credentials.profile(OLD_TOKEN, { scopes: ['repo', 'workflow'], expiresAt: START + 5 * DAY });
  github.addToken(NEW_TOKEN, { login: 'rotator', access: ['acme/api', 'acme/web'] });
  // An empty scopes header, as a fine-grained token may get: not reported as scopes.
  credentials.profile(NEW_TOKEN, { scopes: [], expiresAt: START + 90 * DAY + 3_600_000 });
  github.addToken(WRITER_TOKEN, { login: 'secrets-bot' });
  github.addRepo('acme/api', { environments: ['production'] });
  github.addRepo('acme/web');
  github.addRepo('acme/private');
  const heroku = await startHeroku();
  heroku.addApiKey(HEROKU_KEY, ['acme-api']);
  heroku.addApp('acme-api', { GITHUB_TOKEN_FOR_DEPLOY: OLD_TOKEN });
  heroku.addApp('acme-locked', {});
  const ssm = await startSsm({ now: time.clock.now });
  return {
    github,
    credentials,
    heroku,
    ssm,
    time,
    env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SSM: ssm.url },
    close: async () => {
      await Promise.all([github.close(), heroku.close(), ssm.close()]);
    },
  };
}

/** The inputs of a full rotation against the world. */
export function rotation(world: World, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'new-token': NEW_TOKEN,
    'old-token': OLD_TOKEN,
    'required-repos': 'acme/api\nacme/web',
    name: '/ci/github-token',
    targets:
      'github:acme/api/DEPLOY_TOKEN\ngithub:acme/api@production/DEPLOY_TOKEN\nheroku:acme-api/GITHUB_TOKEN_FOR_DEPLOY',
    'github-token': WRITER_TOKEN,
    'github-api-url': world.github.url,
    'heroku-api-key': HEROKU_KEY,
    'heroku-api-url': world.heroku.url,
    'revoke-old': 'true',
    ...extra,
  };
}

/** rotate-pat's logic in the action wrapper: recording runner, fake clock,
 * real clients over HTTP to the emulators. */
export async function runRotatePat(world: World, inputs: Record<string, string>, deps: PatDeps = realDeps) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-rotate-pat-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runner = createRecordingRunner({ 'audit-log': auditPath, ...inputs }, world.env);
  const ok = await runAction(
    'rotate-pat',
    { runner, spec: ACTION_SPEC, clock: world.time.clock, sleep: world.time.sleep },
    (context) => runPat(context, readPatConfig(context.inputs, context.runner.env), deps),
  );
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  const events = audit
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ok, runner, audit, events, everything: `${runner.everything()}\n${audit}` };
}

/** Fails the test if any secret, or its base64 form, was shown. */
export function expectNoSecret(text: string, expect: (value: string) => { not: { toContain(s: string): void } }) {
  for (const secret of CANARIES) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

/** GET /user with a token, straight to the emulator: does GitHub still take it? */
export async function userStatus(world: World, token: string): Promise<number> {
  const response = await fetch(`${world.github.url}/user`, {
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' },
  });
  await response.body?.cancel();
  return response.status;
}
