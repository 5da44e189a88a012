/** The command line's bad-input table: each row exits 2 with a message
 * naming the flag (or variable) and the fix, and sends nothing. Shared by
 * cli.test.ts and guarantees/bad-input.test.ts. */
export const TOKEN = 'kt_cli_canary_4c8e1a7f';

export const USAGE_ERROR_ROWS: Array<
  [string, (urls: { api: string; github: string; heroku: string }) => string[], NodeJS.ProcessEnv, RegExp]
> = [
  [
    'a misspelt flag',
    (u) => ['verify', '--url', u.api, '--expcet', '401'],
    {},
    /--expcet is not a flag of keyturn verify\. Did you mean --expect\?/,
  ],
  [
    'dryrun for dry-run',
    (u) => ['propagate', '--targets', 'github:acme/api/X', '--github-api-url', u.github, '--dryrun', 'true'],
    { KEYTURN_VALUE: 'kt_value_canary_7d1e', KEYTURN_GITHUB_TOKEN: 'kt_github_canary_2b9f' },
    /--dryrun is not a flag of keyturn propagate\. Did you mean --dry-run\?/,
  ],
  [
    'a flag of another action',
    (u) => ['verify', '--url', u.api, '--targets', 'x'],
    {},
    /--targets is not a flag of keyturn verify.*keyturn verify --help lists them/,
  ],
  [
    'a secret as a flag',
    (u) => ['verify', '--url', u.api, '--token', TOKEN],
    {},
    /--token would put a secret on the command line.*export KEYTURN_TOKEN=… before running keyturn/,
  ],
  [
    'a secret as a flag, any case',
    (u) => ['propagate', '--targets', `heroku:a/X`, '--heroku-api-url', u.heroku, '--Heroku-Api-Key=k'],
    {},
    /export KEYTURN_HEROKU_API_KEY=…/,
  ],
  [
    'a misspelt secret flag',
    (u) => ['verify', '--url', u.api, '--tokn', TOKEN],
    {},
    /--tokn is not a flag.*secret input token\? It is not a flag: export KEYTURN_TOKEN/,
  ],
  ['a missing value', () => ['verify', '--url'], {}, /--url needs a value: --url VALUE/],
  ['a flag where a value belongs', () => ['verify', '--url', '--expect', '401'], {}, /--url needs a value/],
  ['a word that is an input name', (u) => ['verify', 'url', u.api], {}, /unexpected word 'url'.*write --url VALUE/],
  ['a short flag', (u) => ['verify', '--url', u.api, '-x'], {}, /-x is not a flag of keyturn verify: flags are long/],
  ['a single-valued flag twice', (u) => ['verify', '--url', u.api, '--url', u.api], {}, /--url is given twice/],
  ['a value for --json', (u) => ['verify', '--url', u.api, '--json=yes'], {}, /--json takes no value/],
  [
    'an undeclared INPUT_ variable',
    (u) => ['verify', '--url', u.api],
    { INPUT_EXPCET: '401' },
    /INPUT_EXPCET is set, but keyturn verify has no input 'expcet'\. Did you mean INPUT_EXPECT \(--expect\)\?/,
  ],
  [
    'a misspelt KEYTURN_ variable',
    (u) => ['verify', '--url', u.api],
    { KEYTURN_DRYRUN: 'true' },
    /KEYTURN_DRYRUN is set, but no keyturn input or setting has that name\. Did you mean KEYTURN_DRY_RUN\?/,
  ],
  ['an unknown command', () => ['verfy'], {}, /no command 'verfy'\. Did you mean verify\?/],
  ['a flag before the command', () => ['--url', 'x'], {}, /--url is not a flag of keyturn itself/],
  [
    'a bad input value (from the action)',
    (u) => ['verify', '--url', u.api, '--expect', 'ok'],
    {},
    /--expect has 'ok', which is neither a status.*Give statuses/,
  ],
  [
    'a required input missing (from the action)',
    (u) => ['propagate', '--github-api-url', u.github],
    { KEYTURN_VALUE: 'kt_value_canary_7d1e' },
    /--targets is empty\. Give one destination per line/,
  ],
  [
    'a bad boolean (from the action)',
    (u) => ['verify', '--url', u.api, '--dry-run', 'yes'],
    {},
    /unexpected word 'yes'/,
  ],
];
