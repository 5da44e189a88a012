import { InputError } from '../errors';
import type { Issuer, IssuerModule, IssuerOpenContext } from '../issuer';
import { AWS_IAM_FIELDS, parseAwsIamConfig } from './aws-iam-config';
import { unknownNameFix } from './fields';
import {
  GITHUB_API_URL_INPUT,
  GITHUB_PAT_FIELDS,
  NEEDS_PERSON,
  NEW_TOKEN_INPUT,
  parseGitHubPatConfig,
} from './github-pat-config';
import { POSTGRES_FIELDS, parsePostgresConfig } from './postgres-config';

/** A field parser's InputError as the manifest's { field, problem, fix }. */
function fieldProblem(parse: () => unknown): { field: string; problem: string; fix: string } | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { field: error.input.replace(/^issuer\./, ''), problem: error.problem, fix: error.fix };
  }
}

/**
 * Every issuer kind, one module each: its manifest fields, its credential
 * inputs and how its adapter opens. Adapters are imported when opened, so a
 * bundle that never rotates a database does not load `pg` at start-up.
 * Adding a kind is one module file, its test, and one line here.
 */
export type IssuerKind = 'postgres' | 'aws-iam' | 'github-pat';

export const ISSUER_MODULES: Readonly<Record<IssuerKind, IssuerModule>> = Object.freeze({
  postgres: {
    kind: 'postgres',
    fields: POSTGRES_FIELDS,
    credentialInputs: [
      {
        input: 'postgres-admin-url',
        required: false,
        secret: true,
        description:
          'postgres issuer: postgresql://ADMIN:PASSWORD@HOST:PORT/DB of a role with CREATEROLE; without it the role changes its own password with the one the store holds',
        fix: 'Pass postgres-admin-url as a secret.',
      },
    ],
    check: (config) => fieldProblem(() => parsePostgresConfig(config, 'issuer')),
    graceProblem: (config) =>
      parsePostgresConfig(config, 'issuer').strategy === 'single'
        ? {
            problem: 'is set but strategy single changes the role’s password, so the old one is refused at once',
            fix: 'Use strategy: alternate (two roles: the old one keeps working), or drop grace.',
          }
        : undefined,
    async open(context: IssuerOpenContext): Promise<Issuer> {
      const { openPostgresIssuer } = await import('./postgres');
      return openPostgresIssuer(context);
    },
  },
  'aws-iam': {
    kind: 'aws-iam',
    fields: AWS_IAM_FIELDS,
    // AWS credentials come from the job's environment (OIDC), never an input.
    credentialInputs: [],
    check: (config) => fieldProblem(() => parseAwsIamConfig(config, 'issuer')),
    async open(context: IssuerOpenContext): Promise<Issuer> {
      const { openAwsIamIssuer } = await import('./aws-iam');
      return openAwsIamIssuer(context);
    },
    async createdAt(context: IssuerOpenContext): Promise<number | undefined> {
      const { openAwsIamIssuer } = await import('./aws-iam');
      const issuer = openAwsIamIssuer(context);
      try {
        return await issuer.createdAt();
      } finally {
        issuer.close();
      }
    },
  },
  'github-pat': {
    kind: 'github-pat',
    fields: GITHUB_PAT_FIELDS,
    credentialInputs: [
      {
        input: NEW_TOKEN_INPUT,
        // Not required up front: a resumed rotation reuses the stored token, and
        // check-expiry reads only the stored one. The issuer refuses a rotation
        // without it before anything changes, saying a person must create it.
        required: false,
        secret: true,
        description: 'github-pat issuer: the new token a person created (GitHub has no API to make one)',
        fix: `Pass new-token: a rotation of a github-pat entry ${NEEDS_PERSON}.`,
      },
      {
        input: GITHUB_API_URL_INPUT,
        required: false,
        secret: false,
        description:
          "github-pat issuer: the GitHub API URL the token belongs to; empty uses the runner's GITHUB_API_URL",
        fix: 'Give the API base URL, such as https://api.github.com.',
      },
    ],
    madeByPerson: { input: NEW_TOKEN_INPUT, fix: NEEDS_PERSON },
    expires: true,
    check: (config) => fieldProblem(() => parseGitHubPatConfig(config, 'issuer')),
    async open(context: IssuerOpenContext): Promise<Issuer> {
      const { openGitHubPatIssuer } = await import('./github-pat');
      return openGitHubPatIssuer(context);
    },
  },
});

export const ISSUER_KINDS = Object.keys(ISSUER_MODULES) as IssuerKind[];

/** The module of `kind`, or an input error naming the nearest kind. */
export function issuerModule(kind: unknown, where: string): IssuerModule {
  if (typeof kind === 'string' && Object.hasOwn(ISSUER_MODULES, kind)) return ISSUER_MODULES[kind as IssuerKind];
  const text = typeof kind === 'string' ? kind : String(kind);
  throw new InputError(
    `${where}.kind`,
    kind === undefined ? 'is required' : `is '${text}'`,
    unknownNameFix(text, ISSUER_KINDS, 'issuer kinds'),
  );
}

/** Every credential input of every issuer, for action.yml, the CLI's secret list and the inputs rotate reads. */
export function issuerCredentialInputs(): IssuerModule['credentialInputs'] {
  return ISSUER_KINDS.flatMap((kind) => ISSUER_MODULES[kind].credentialInputs);
}

/** Opens the issuer of a manifest entry: checks the kind, the fields (an unknown
 * one refused naming the nearest) and the required credentials, before any request. */
export async function openIssuer(context: IssuerOpenContext): Promise<Issuer> {
  const where = `${context.entry}.issuer`;
  const module = issuerModule(context.config.kind, where);
  const known = ['kind', ...module.fields];
  for (const field of Object.keys(context.config)) {
    if (!known.includes(field)) {
      throw new InputError(
        `${where}.${field}`,
        `is not a field of the ${module.kind} issuer`,
        unknownNameFix(field, known, 'fields'),
      );
    }
  }
  const problem = module.check?.(context.config);
  if (problem) throw new InputError(`${where}.${problem.field}`, problem.problem, problem.fix);
  for (const credential of module.credentialInputs) {
    if (credential.required && !context.credentials[credential.input]) {
      throw new InputError(
        credential.input,
        `is empty but ${context.entry} has a ${module.kind} issuer`,
        credential.fix,
      );
    }
  }
  return module.open(context);
}
