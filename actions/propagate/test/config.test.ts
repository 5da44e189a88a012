import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, runPropagate, startWorld, type World } from './helpers';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.close();
});

const GOOD = 'github:acme/api/API_TOKEN';

/** Each row: inputs, then what the failure message must say. */
const BAD_INPUTS: [string, Record<string, string>, RegExp][] = [
  ['no value, no source', { targets: GOOD }, /input 'value' is empty and no source is given/],
  ['value and source', { value: CANARY, source: 'ssm:/a/b', targets: GOOD }, /input 'value' and source are both/],
  ['a source of no known store', { source: 'vault:x', targets: GOOD }, /input 'source' is 'vault:x'/],
  ['no targets', { value: CANARY }, /input 'targets' is empty/],
  ['an unknown scheme', { value: CANARY, targets: `${GOOD}\ngitlab:acme/api/X` }, /line 2: 'gitlab:acme\/api\/X'/],
  ['a name with a dash', { value: CANARY, targets: 'github:acme/api/API-TOKEN' }, /may hold only letters, digits/],
  ['a name with a leading digit', { value: CANARY, targets: 'github:acme/api/1TOKEN' }, /may not start with a digit/],
  ['a GITHUB_ name', { value: CANARY, targets: 'github:acme/api/GITHUB_TOKEN' }, /may not start with GITHUB_/],
  ['a bad Heroku var', { value: CANARY, targets: 'heroku:acme-api/MY-VAR' }, /config var 'MY-VAR'/],
  ['a bad Heroku app', { value: CANARY, targets: 'heroku:Acme_Api/X' }, /Heroku app 'Acme_Api'/],
  ['the same secret twice', { value: CANARY, targets: `${GOOD}\ngithub:ACME/api/api_token` }, /name the same secret/],
  [
    'visibility on a repo secret',
    { value: CANARY, targets: 'github:acme/api/X?visibility=all' },
    /only organization secrets take/,
  ],
  [
    'selected with no repos',
    { value: CANARY, targets: 'github-org:acme/X?visibility=selected' },
    /visibility=selected but no repos/,
  ],
  [
    'no GitHub token',
    { value: CANARY, targets: GOOD, 'github-token': '' },
    /input 'github-token' is empty but github:/,
  ],
  [
    'no Heroku key',
    { value: CANARY, targets: 'heroku:acme-api/X', 'heroku-api-key': '' },
    /input 'heroku-api-key' is empty/,
  ],
  ['a value over 48 KB', { value: 'x'.repeat(49 * 1024), targets: GOOD }, /GitHub allows 49152 per secret/],
  ['a value over 32 KB for Heroku', { value: 'x'.repeat(33 * 1024), targets: 'heroku:acme-api/X' }, /Heroku allows/],
  ['concurrency 0', { value: CANARY, targets: GOOD, concurrency: '0' }, /input 'concurrency' is '0'/],
  ['fail-fast maybe', { value: CANARY, targets: GOOD, 'fail-fast': 'maybe' }, /input 'fail-fast' is 'maybe'/],
  ['a github-api-url that is no URL', { value: CANARY, targets: GOOD, 'github-api-url': 'api.github' }, /not a URL/],
  ['an environment of ..', { value: CANARY, targets: 'github:acme/api@../API_TOKEN' }, /environment '\.\.' is/],
  ['an environment of .', { value: CANARY, targets: 'github:acme/api@./API_TOKEN' }, /environment '\.' is/],
  ['a percent-encoded ..', { value: CANARY, targets: 'github:acme/api@%2e%2e/API_TOKEN' }, /holds '%'/],
  ['a look-alike letter', { value: CANARY, targets: 'github:acme/\u0430pi/API_TOKEN' }, /non-ASCII character U\+0430/],
  ['ssm without a leading slash', { source: 'ssm:prod/token', targets: GOOD }, /which has no leading \//],
];

describe('propagate refuses bad input before sending any request', () => {
  it.each(BAD_INPUTS)('%s', async (_label, inputs, message) => {
    const before = world.github.requests.length + world.heroku.emulator.requests.length;
    const run = await runPropagate(world, inputs);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/^keyturn\/propagate: input '/);
    expect(run.runner.failed).toMatch(message);
    expect(world.github.requests.length + world.heroku.emulator.requests.length).toBe(before);
    expect(run.audit).toBe('');
    expect(run.everything).not.toContain(CANARY);
  });

  it('masks the value before anything else', async () => {
    const run = await runPropagate(world, { value: CANARY, targets: 'github:acme/api/1BAD' });
    expect(run.runner.masked[0]).toBe(CANARY);
  });
});
