import { startProtectedResource } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../src/args';
import { cli } from './helpers';

const TOKEN = 'kt_cli_canary_4c8e1a7f';

describe('keyturn command line', () => {
  it('reads flags as inputs, repeated flags as lines, --dry-run as true', () => {
    expect(parseArgs(['propagate', '--targets', 'a', '--targets=b', '--dry-run', '--concurrency', '2'])).toEqual({
      action: 'propagate',
      inputs: { targets: 'a\nb', 'dry-run': 'true', concurrency: '2' },
    });
    expect(parseArgs([])).toBe('help');
  });

  it.each([
    [['verify', '--token', 'x'], /set INPUT_TOKEN in the environment instead/],
    [['verify', '--github-token=x'], /--github-token would put a secret on the command line/],
    [['verify', '--NEW-TOKEN', 'x'], /set INPUT_NEW-TOKEN in the environment instead/],
    [['verify', 'url'], /'url' is not a --flag/],
    [['verify', '--url'], /--url needs a value/],
    [['--url', 'x'], /names an action/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('runs an action with a secret from the environment, never printing it', async () => {
    const api = await startProtectedResource();
    try {
      api.accept(TOKEN);
      const run = await cli(['verify', '--url', `${api.url}/me`], { INPUT_TOKEN: TOKEN });
      expect(run.code).toBe(0);
      expect(run.text).toContain('output status=200');
      expect(run.text).not.toContain(TOKEN);
      expect(api.emulator.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await api.close();
    }
  });

  it('fails like the action, with exit code 1', async () => {
    const run = await cli(['verify', '--url', 'not a url'], { INPUT_TOKEN: TOKEN });
    expect(run.code).toBe(1);
    expect(run.text).toContain("::error::keyturn/verify: input 'url' is not a URL");
  });

  it('exits 2 on an unknown action or a usage error', async () => {
    expect((await cli(['rotate-everything'])).code).toBe(2);
    expect((await cli(['verify', '--token', TOKEN])).text).not.toContain(TOKEN);
  });
});
