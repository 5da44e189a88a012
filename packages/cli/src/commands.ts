import { readFileSync } from 'node:fs';
import { ACTION_SPEC as AUDIT_IMAGE } from '@keyturn/action-audit-image/action-spec';
import { ACTION_SPEC as PLAN } from '@keyturn/action-plan/action-spec';
import { ACTION_SPEC as PROPAGATE } from '@keyturn/action-propagate/action-spec';
import { ACTION_SPEC as ROTATE } from '@keyturn/action-rotate/action-spec';
import { ACTION_SPEC as ROTATE_PAT } from '@keyturn/action-rotate-pat/action-spec';
import { ACTION_SPEC as ROTATE_SSM } from '@keyturn/action-rotate-ssm/action-spec';
import { ACTION_SPEC as VERIFY } from '@keyturn/action-verify/action-spec';
import { destinationCredentialInput, parseTarget } from '@keyturn/core/adapters/destinations';
import type { Command } from './command';
import { emulatorsCommand } from './emulators';
import { SECRET_INPUTS } from './secret-inputs';

/** The credentials the targets given so far need (from the destination registry), for the prompt. */
function targetCredentials(lines: string | undefined): string[] {
  const wanted = new Set<string>();
  for (const line of (lines ?? '').split('\n')) {
    try {
      wanted.add(destinationCredentialInput(parseTarget(line.trim())));
    } catch {
      // A bad line is the action's to report, with its line number.
    }
  }
  return [...wanted];
}

/**
 * The secret inputs `keyturn rotate ID` asks for at a terminal: what the
 * entry's store, targets and issuer need (from their registries), and the
 * credential a person makes for it (github-pat's new-token). A manifest that
 * cannot be read asks nothing: rotate reports it, with its line.
 */
async function entryCredentials(known: Readonly<Record<string, string>>): Promise<string[]> {
  // The manifest's reader (ajv, the schema, every registry) loads only here,
  // so other commands start without it.
  const [{ ISSUERS }, { credentialNeeds, DEFAULT_MANIFEST, parseManifest }] = await Promise.all([
    import('@keyturn/core/issuer'),
    import('@keyturn/core/manifest'),
  ]);
  try {
    const path = known.manifest || DEFAULT_MANIFEST;
    const entry = parseManifest(readFileSync(path, 'utf8'), path).entries.find((one) => one.id === known.secret);
    if (!entry) return [];
    const checkOnly = known['check-expiry'] === 'true';
    const wanted = credentialNeeds(checkOnly ? { ...entry, targets: [] } : entry)
      .filter((need) => !need.inputs.some((input) => known[input]))
      .map((need) => need.inputs[0] as string);
    if (checkOnly) return wanted;
    const person = entry.source.kind === 'issuer' ? ISSUERS[entry.source.issuerKind]?.madeByPerson : undefined;
    return [...new Set([...(person ? [person.input] : []), ...wanted])];
  } catch {
    return [];
  }
}

/**
 * Every command, in the order `keyturn --help` lists them. A command that
 * runs an action is one entry: its spec (from action.yml) and its `main`,
 * imported only when that command runs, so `--help`, `--version` and usage
 * errors do not load every action's SDKs first.
 */
export const COMMANDS: readonly Command[] = [
  {
    kind: 'action',
    name: 'plan',
    spec: PLAN,
    run: async (context) => (await import('@keyturn/action-plan/main')).main(context),
    examples: ['keyturn plan', 'keyturn plan --manifest .github/rotation.yml --only billing-api-token --force true'],
    failureMeans: "a secret's store could not be read (every other secret is still planned and shown)",
  },
  {
    kind: 'action',
    name: 'rotate',
    spec: ROTATE,
    positionals: [{ input: 'secret', label: 'ID' }],
    run: async (context) => (await import('@keyturn/action-rotate/main')).main(context),
    promptFor: entryCredentials,
    examples: [
      'export KEYTURN_GITHUB_TOKEN=… KEYTURN_HEROKU_API_KEY=…',
      'keyturn rotate billing-api-token --dry-run',
      'keyturn rotate webhook-secret-key --force true --reason INC-4711',
      'KEYTURN_NEW_TOKEN=… keyturn rotate readonly-pat --force true   # a github-pat entry: the token you created',
      'KEYTURN_POSTGRES_ADMIN_URL=… keyturn rotate db-password --force true',
    ],
    failureMeans: 'a stage failed; a version already stored stays marked unfinished and the next run resumes it',
  },
  {
    kind: 'action',
    name: 'rotate-ssm',
    spec: ROTATE_SSM,
    run: async (context) => (await import('@keyturn/action-rotate-ssm/main')).main(context),
    examples: [
      'keyturn rotate-ssm --name /prod/api/token --generate base64url:32 --max-age 90d --dry-run',
      'keyturn rotate-ssm --name /prod/api/token --rollback',
    ],
  },
  {
    kind: 'action',
    name: 'propagate',
    spec: PROPAGATE,
    run: async (context) => (await import('@keyturn/action-propagate/main')).main(context),
    promptFor: (known) => [...(known.source ? [] : ['value']), ...targetCredentials(known.targets)],
    examples: [
      'export KEYTURN_GITHUB_TOKEN=… KEYTURN_HEROKU_API_KEY=…',
      'keyturn propagate --source ssm:/prod/api/token --targets github:acme/api/API_TOKEN --targets heroku:acme-api/API_TOKEN --dry-run',
    ],
    failureMeans: 'a target could not be updated (every target is attempted; the table says which)',
  },
  {
    kind: 'action',
    name: 'rotate-pat',
    spec: ROTATE_PAT,
    run: async (context) => (await import('@keyturn/action-rotate-pat/main')).main(context),
    promptFor: (known) =>
      known['check-only'] === 'true' ? ['token'] : ['new-token', 'old-token', ...targetCredentials(known.targets)],
    unusedSecrets: (known) =>
      known['check-only'] === 'true'
        ? [...SECRET_INPUTS].filter(
            (name) => name !== 'token' && ROTATE_PAT.inputs.some((input) => input.name === name),
          )
        : [],
    examples: [
      'keyturn rotate-pat --required-repos acme/api --name /ci/deploy-pat --targets github:acme/api/DEPLOY_PAT --revoke-old',
      'KEYTURN_TOKEN=… keyturn rotate-pat --check-only --min-days-left 14',
    ],
    failureMeans: 'the new token was refused, a step failed, or the old token still works after revoke-within',
  },
  {
    kind: 'action',
    name: 'verify',
    spec: VERIFY,
    run: async (context) => (await import('@keyturn/action-verify/main')).main(context),
    promptFor: () => ['token'],
    examples: [
      'KEYTURN_TOKEN=… keyturn verify --url https://api.example.com/v1/me',
      'KEYTURN_TOKEN="$OLD" keyturn verify --url https://api.example.com/v1/me --expect 401 --within 10m',
    ],
    failureMeans: 'the expectation did not hold in time (say, the old token still works)',
  },
  {
    kind: 'action',
    name: 'audit-image',
    spec: AUDIT_IMAGE,
    positionals: [{ input: 'archive', label: 'ARCHIVE' }],
    // The engine (rules, decompressors, workers) loads only for this command.
    run: async (context, host) => {
      const [{ mainWith }, { reportJson }] = await Promise.all([
        import('@keyturn/action-audit-image/main'),
        import('@keyturn/image-audit'),
      ]);
      await mainWith(host.bundleFile, (result) => host.report(reportJson(result.report)))(context);
    },
    examples: [
      'docker save app:dev -o app.tar && keyturn audit-image app.tar',
      'keyturn audit-image app.tar --fail-on high --allowlist .github/image-audit-allowlist.txt --json',
    ],
    failureMeans: 'a finding at or above --fail-on (default medium) that is not allowlisted',
  },
  emulatorsCommand,
];
