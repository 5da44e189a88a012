/** A with: key an action.yml does not declare, per action: the typos that
 * used to change a rotation silently, with the declared input each was
 * meant to be. Shared by undeclared-inputs.bundle.test.ts and
 * guarantees/bad-input.test.ts. */
export type ServiceUrls = { api: string; github: string; heroku: string };

export const UNDECLARED_INPUT_ROWS: Array<
  [action: string, inputs: (urls: ServiceUrls) => Record<string, string>, typo: string, meant: string]
> = [
  ['rotate-ssm', () => ({ name: '/prod/api/token', max_agee: '90d' }), 'max_agee', 'max-age'],
  ['rotate-ssm', () => ({ name: '/prod/api/token', 'dry run': 'true' }), 'dry_run', 'dry-run'],
  ['verify', (u) => ({ url: `${u.api}/me`, expcet: '401', token: 'kt_old_canary_55aa' }), 'expcet', 'expect'],
  [
    'propagate',
    (u) => ({
      value: 'kt_value_canary_66bb',
      targets: 'heroku:app/X',
      'heroku-api-url': u.heroku,
      'heroku-api-key': 'k',
      dryrun: 'true',
    }),
    'dryrun',
    'dry-run',
  ],
  [
    'rotate-pat',
    (u) => ({ 'new-token': 'kt_new_canary_77cc', 'github-api-url': u.github, revoke_old: 'true' }),
    'revoke_old',
    'revoke-old',
  ],
  ['plan', () => ({ manifest: '.github/rotation.yml', onyl: 'db-password' }), 'onyl', 'only'],
  ['audit-image', () => ({ archive: 'image.tar', 'fail-onn': 'high' }), 'fail-onn', 'fail-on'],
];
