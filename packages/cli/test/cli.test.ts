import {
  startGitHub,
  startHeroku,
  startProtectedResource,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherInputs, parseActionArgs } from '../src/args';
import type { ActionCommand } from '../src/command';
import { COMMANDS } from '../src/commands';
import { cli } from './helpers';
import { TOKEN, USAGE_ERROR_ROWS } from './usage-error-rows';

const command = (name: string) => COMMANDS.find((candidate) => candidate.name === name) as ActionCommand;

describe('keyturn command line', () => {
  it('reads flags as inputs, repeated flags as lines, a bare boolean flag as true', () => {
    expect(
      parseActionArgs(command('propagate'), [
        '--targets',
        'a',
        '--targets=b',
        '--dry-run',
        '--concurrency',
        '2',
        '--fail-fast',
        'false',
        '--json',
      ]),
    ).toEqual({
      flags: { targets: 'a\nb', 'dry-run': 'true', concurrency: '2', 'fail-fast': 'false' },
      json: true,
      help: false,
    });
  });

  it('takes inputs from KEYTURN_ and INPUT_ variables, a flag first, and ignores other commands’ inputs', () => {
    const everyInput = new Set(['url', 'token', 'github-token', 'targets']);
    const inputs = gatherInputs(
      command('verify'),
      { url: 'https://flag.example' },
      {
        KEYTURN_URL: 'https://env.example',
        KEYTURN_TOKEN: 'from-keyturn',
        INPUT_TOKEN: 'from-input',
        INPUT_EXPECT: '401',
        KEYTURN_GITHUB_TOKEN: 'for-propagate',
        PATH: '/bin',
      },
      everyInput,
    );
    expect(inputs).toEqual({ url: 'https://flag.example', token: 'from-keyturn', expect: '401' });
  });
});

/**
 * The bad-input table of the command line: every row exits 2 with a message
 * naming the flag (or variable) and the fix, and sends nothing: the services
 * the row points at have seen no request.
 */
describe('every usage error exits 2, names the fix and sends nothing', () => {
  let github: Awaited<ReturnType<typeof startGitHub>>;
  let heroku: Awaited<ReturnType<typeof startHeroku>>;
  let api: Awaited<ReturnType<typeof startProtectedResource>>;
  beforeAll(async () => {
    [github, heroku, api] = await Promise.all([startGitHub(), startHeroku(), startProtectedResource()]);
  });
  afterAll(async () => {
    await Promise.all([github.close(), heroku.close(), api.close()]);
  });

  it.each(USAGE_ERROR_ROWS)('%s', async (_, argv, env, message) => {
    const before = [github.requests.length, heroku.emulator.requests.length, api.emulator.requests.length];
    const run = await cli(argv({ api: `${api.url}/me`, github: github.url, heroku: heroku.url }), env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.text).not.toContain(TOKEN);
    expect(run.text).not.toContain('::');
    expect([github.requests.length, heroku.emulator.requests.length, api.emulator.requests.length]).toEqual(before);
  });
});

describe('keyturn from a terminal', () => {
  it('runs an action with a secret from KEYTURN_, plain output, outputs at the end', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const run = await cli(['verify', '--url', `${api.url}/me`], { KEYTURN_TOKEN: TOKEN });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/outputs\n {2}status {4}200\n {2}attempts {2}1\n$/);
      expect(run.text).not.toContain(TOKEN);
      expect(run.text).not.toMatch(/::|%0A|output status=/);
      expect(api.emulator.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await api.close();
    }
  });

  it('asks for a secret at a terminal when the environment has none', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const run = await cli(['verify', '--url', `${api.url}/me`], {}, { answers: { token: TOKEN } });
      expect(run.code).toBe(0);
      expect(api.emulator.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(run.text).not.toContain(TOKEN);
    } finally {
      await api.close();
    }
  });

  it('fails a check with exit 1 and a plain message, in red only on a terminal', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const plain = await cli(['verify', '--url', `${api.url}/me`, '--expect', '401'], { KEYTURN_TOKEN: TOKEN });
      expect(plain.code).toBe(1);
      expect(plain.stderr).toMatch(/^keyturn verify failed: /m);
      expect(plain.text).not.toContain('\u001b[');
      const tty = await cli(
        ['verify', '--url', `${api.url}/me`, '--expect', '401'],
        { KEYTURN_TOKEN: TOKEN },
        { tty: true },
      );
      expect(tty.stderr).toContain('\u001b[31mkeyturn verify failed: \u001b[39m');
      expect(
        await cli(['verify', '--url', `${api.url}/me`], { KEYTURN_TOKEN: TOKEN, NO_COLOR: '1' }, { tty: true }),
      ).not.toMatchObject({ text: expect.stringContaining('\u001b[3') });
    } finally {
      await api.close();
    }
  });

  it('prints one JSON document on stdout with --json', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const run = await cli(['verify', '--url', `${api.url}/me`, '--json'], { KEYTURN_TOKEN: TOKEN });
      expect(JSON.parse(run.stdout)).toEqual({
        command: 'verify',
        ok: true,
        exitCode: 0,
        outputs: { status: '200', attempts: '1' },
      });
      const failed = await cli(['verify', '--url', `${api.url}/me`, '--expect', '401', '--json'], {
        KEYTURN_TOKEN: TOKEN,
      });
      expect(JSON.parse(failed.stdout)).toMatchObject({
        ok: false,
        exitCode: 1,
        error: expect.stringContaining('expected 401'),
      });
    } finally {
      await api.close();
    }
  });

  it('speaks the runner’s format only inside Actions', async () => {
    const run = await cli(['verify', '--url', 'not a url'], { GITHUB_ACTIONS: 'true' });
    // Exit codes are the CLI's promise everywhere: 2 is an input the caller got wrong.
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("::error::keyturn/verify: input 'url' is not a URL");
    const failed = await cli(['verify', '--url', 'http://127.0.0.1:9/', '--timeout', '1s'], {
      GITHUB_ACTIONS: 'true',
      KEYTURN_TOKEN: TOKEN,
    });
    expect(failed.code).toBe(1);
    const terminal = await cli(['verify', '--url', 'not a url']);
    expect(terminal.code).toBe(2);
    expect(terminal.stderr).toMatch(/keyturn verify failed: --url is not a URL/);
  });

  it('says how to give AWS access at a terminal, not with a workflow step', async () => {
    const noRegion = await cli(['rotate-ssm', '--name', '/x', '--dry-run'], { AWS_REGION: '', AWS_DEFAULT_REGION: '' });
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('export AWS_PROFILE=');
    const ssm = await startSsm();
    const restore = useEmulatorAwsCredentials();
    try {
      ssm.failNext({
        operation: 'GetParameterHistory',
        type: 'ExpiredTokenException',
        message: 'The security token expired.',
      });
      const refused = await cli(['rotate-ssm', '--name', '/x', '--dry-run'], {
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_SSM: ssm.url,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /AWS refused or found no credentials \(ExpiredTokenException\): configure AWS first: export AWS_PROFILE=/,
      );
      for (const run of [noRegion, refused]) expect(run.text).not.toContain('aws-actions/');
    } finally {
      restore();
      await ssm.close();
    }
  });

  it('tells a terminal user how to pass a missing secret, not a with: key', async () => {
    const github = await startGitHub();
    try {
      const run = await cli(['propagate', '--targets', 'github:acme/api/X', '--github-api-url', github.url], {
        KEYTURN_VALUE: 'kt_value_canary_7d1e',
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /KEYTURN_GITHUB_TOKEN \(the secret input github-token\).*export KEYTURN_GITHUB_TOKEN=…/,
      );
      expect(run.stderr).not.toMatch(/\$\{\{|with:/);
      expect(github.requests).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it('answers --help, -h, --version, and no arguments with help and exit 2', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await cli(['verify', flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^keyturn verify: Prove a credential works/);
      expect(run.stdout).toMatch(/--expect VALUE +Default 2xx\. Statuses that pass/);
      expect(run.stdout).toMatch(/KEYTURN_TOKEN +\(token\) The credential to present/);
      expect(run.stdout).toMatch(/exit codes:\n {2}0 +done/);
    }
    expect((await cli(['help', 'propagate'])).stdout).toMatch(/--targets VALUE +required\. Repeat the flag/);
    expect((await cli(['--version'])).stdout).toMatch(/^keyturn \d+\.\d+\.\d+ \(Node\.js /);
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/usage: keyturn COMMAND/);
    expect(bare.stderr).toMatch(/ {2}2 +bad usage or input/);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('shows progress on a terminal only', async () => {
    const heroku = await startHeroku();
    try {
      heroku.addApiKey('hk');
      const targets = ['a', 'b', 'c'].flatMap((app) => {
        heroku.addApp(`app-${app}`, {});
        return ['--targets', `heroku:app-${app}/X`];
      });
      const argv = ['propagate', ...targets, '--heroku-api-url', heroku.url];
      const env = { KEYTURN_VALUE: 'kt_value_canary_7d1e', KEYTURN_HEROKU_API_KEY: 'hk' };
      const tty = await cli(argv, env, { tty: true });
      expect(tty.code).toBe(0);
      expect(tty.stderr).toContain('\r\u001b[2K1/3 targets…');
      const piped = await cli(argv, env);
      expect(piped.stderr).not.toContain('\r');
    } finally {
      await heroku.close();
    }
  });
});
