import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock, runAction } from '@keyturn/core';
import {
  createRecordingRunner,
  type FlyEmulator,
  type GitHubEmulator,
  type HerokuEmulator,
  startFly,
  startGitHub,
  startHeroku,
} from '@keyturn/testkit';
import { ACTION_SPEC } from '../src/action-spec.generated';
import { readPropagateConfig } from '../src/config';
import { realDeps } from '../src/main';
import { type PropagateDeps, propagate } from '../src/propagate';

export const GITHUB_TOKEN = 'ghp_kt_writer_0a1b2c3d4e5f60718293a4b5c6d7';
export const HEROKU_KEY = 'kt-heroku-key-0f1e2d3c-4b5a-4968-8776-655443322110';
export const FLY_TOKEN = 'fm2_kt-fly-token-7d2c9e0a1b3f';
/** The value propagated: must never be seen anywhere but the emulators. */
export const CANARY = 'kt_canary_value_5c2e9a7b1d3f4e60';
/** Another config var of the Heroku app: Heroku returns it in every answer. */
export const HEROKU_NEIGHBOUR = 'kt_canary_neighbour_8e1f6b2c0a9d7354';

export interface World {
  github: GitHubEmulator;
  heroku: HerokuEmulator;
  fly: FlyEmulator;
  time: ReturnType<typeof createFakeClock>;
  close(): Promise<void>;
}

/** GitHub and Heroku emulators sharing the test's fake clock, seeded with an
 * org, three repositories (one with environments) and a Heroku app. */
export async function startWorld(options: { writeBudget?: { writes: number; windowMs: number } } = {}): Promise<World> {
  const time = createFakeClock();
  const github = await startGitHub({
    now: time.clock.now,
    writeBudget: options.writeBudget ?? { writes: 80, windowMs: 60_000 },
  });
  github.addToken(GITHUB_TOKEN, { login: 'rotator' });
  github.addOrg('acme');
  github.addRepo('acme/api', { environments: ['production'] });
  github.addRepo('acme/web');
  github.addRepo('acme/worker');
  const heroku = await startHeroku();
  heroku.addApiKey(HEROKU_KEY);
  heroku.addApp('acme-api', { DATABASE_URL: HEROKU_NEIGHBOUR, API_TOKEN: 'old-value' });
  const fly = await startFly({ now: time.clock.now });
  fly.addToken(FLY_TOKEN, ['cloudforge-api']);
  fly.addApp('cloudforge-api', { DATABASE_URL: HEROKU_NEIGHBOUR });
  return {
    github,
    heroku,
    fly,
    time,
    close: async () => {
      await github.close();
      await heroku.close();
      await fly.close();
    },
  };
}

export const defaultDeps: PropagateDeps = {
  ...realDeps({ githubWritePace: false }),
};

/** propagate's logic in the action wrapper: recording runner, fake clock,
 * real clients over HTTP to the emulators. */
export async function runPropagate(
  world: World,
  inputs: Record<string, string>,
  deps: PropagateDeps = defaultDeps,
  env: Record<string, string> = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-propagate-'));
  const auditPath = join(dir, 'audit.jsonl');
  const runner = createRecordingRunner(
    {
      'audit-log': auditPath,
      'github-token': GITHUB_TOKEN,
      'github-api-url': world.github.url,
      'heroku-api-key': HEROKU_KEY,
      'heroku-api-url': world.heroku.url,
      'fly-api-token': FLY_TOKEN,
      'fly-api-url': world.fly.url,
      ...inputs,
    },
    env,
  );
  const ok = await runAction(
    'propagate',
    { runner, spec: ACTION_SPEC, clock: world.time.clock, sleep: world.time.sleep },
    (context) =>
      propagate(context, readPropagateConfig(context.inputs, context.runner.env), deps).then(() => undefined),
  );
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  const report = runner.outputs.report ? (JSON.parse(runner.outputs.report) as Record<string, string>[]) : [];
  return { ok, runner, audit, report, everything: `${runner.everything()}\n${audit}` };
}
