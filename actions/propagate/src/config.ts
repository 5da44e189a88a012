import { InputError, type InputReader, readTargets, type Target, valueSizeProblem } from '@keyturn/core';

/**
 * propagate's inputs, read and checked in full before any request: a typo in
 * the last target line, a missing credential for one kind of target or a
 * value too large for one destination fails the run before the first write.
 */
export type SourceRef = { store: 'ssm'; name: string } | { store: 'infisical'; name: string };

export interface InfisicalSettings {
  url: string;
  projectId: string;
  environment: string;
  path: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  token: string | undefined;
}

export interface PropagateConfig {
  /** The value when given directly; masked before anything else saw it. */
  value: string | undefined;
  source: SourceRef | undefined;
  targets: readonly Target[];
  githubToken: string | undefined;
  githubApiUrl: string;
  herokuApiKey: string | undefined;
  herokuApiUrl: string;
  concurrency: number;
  failFast: boolean;
  dryRun: boolean;
  awsRegion: string | undefined;
  infisical: InfisicalSettings;
}

export const MAX_CONCURRENCY = 20;

function apiUrl(inputs: InputReader, name: string, fallback: string): string {
  const text = inputs.string(name, fallback);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(name, `is '${text}', not a URL`, `Give an absolute URL such as ${fallback}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(name, `uses ${url.protocol}`, 'Use an https:// URL.');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '') {
    throw new InputError(name, 'holds credentials or a query string', 'Give only the API base URL.');
  }
  return text.replace(/\/+$/, '');
}

function parseSource(text: string): SourceRef | undefined {
  if (text === '') return undefined;
  const colon = text.indexOf(':');
  const store = text.slice(0, colon);
  const name = text.slice(colon + 1).trim();
  if ((store === 'ssm' || store === 'infisical') && name !== '') {
    if (store === 'ssm' && !name.startsWith('/')) {
      throw new InputError('source', `names SSM parameter '${name}' without a leading /`, 'Write ssm:/path/NAME.');
    }
    return { store, name };
  }
  throw new InputError('source', `is '${text}'`, 'Write ssm:/path/NAME or infisical:NAME.');
}

/** Checks the value against every target's limit (GitHub 48 KB a secret,
 * Heroku 32 KB an app); `input` names where the value came from. */
export function checkValueFits(targets: readonly Target[], value: string, input: string): void {
  for (const target of targets) {
    const problem = valueSizeProblem(target, value);
    if (problem) throw new InputError(input, `is too large for ${target.line}: ${problem}`, 'Use a smaller value.');
  }
}

export function readPropagateConfig(inputs: InputReader, env: Readonly<Record<string, string | undefined>>) {
  const value = inputs.secret('value');
  const source = parseSource(inputs.string('source'));
  if (value !== undefined && source !== undefined) {
    throw new InputError('value', 'and source are both given', 'Give one: the value itself, or where to read it.');
  }
  if (value === undefined && source === undefined) {
    throw new InputError('value', 'is empty and no source is given', 'Give value, or source: ssm:/path/NAME.');
  }
  const targets = readTargets(inputs, 'targets');
  if (targets.length === 0) {
    throw new InputError('targets', 'is empty', 'Give one destination per line, such as github:OWNER/REPO/NAME.');
  }
  const githubToken = inputs.secret('github-token');
  const herokuApiKey = inputs.secret('heroku-api-key');
  const github = targets.find((target) => target.kind !== 'heroku');
  if (github && githubToken === undefined) {
    throw new InputError('github-token', `is empty but ${github.line} is a GitHub target`, GITHUB_TOKEN_FIX);
  }
  const heroku = targets.find((target) => target.kind === 'heroku');
  if (heroku && herokuApiKey === undefined) {
    throw new InputError(
      'heroku-api-key',
      `is empty but ${heroku.line} is a Heroku target`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
      'Pass a Heroku API key from a secret: heroku-api-key: ${{ secrets.HEROKU_API_KEY }}.',
    );
  }
  if (value !== undefined) checkValueFits(targets, value, 'value');

  const config: PropagateConfig = {
    value,
    source,
    targets,
    githubToken,
    githubApiUrl: apiUrl(inputs, 'github-api-url', env.GITHUB_API_URL ?? 'https://api.github.com'),
    herokuApiKey,
    herokuApiUrl: apiUrl(inputs, 'heroku-api-url', 'https://api.heroku.com'),
    concurrency: inputs.integer('concurrency', 4, { min: 1, max: MAX_CONCURRENCY }),
    failFast: inputs.boolean('fail-fast', false),
    dryRun: inputs.boolean('dry-run', false),
    awsRegion: inputs.string('aws-region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    infisical: {
      url: inputs.string('infisical-url', 'https://app.infisical.com'),
      projectId: inputs.string('infisical-project-id'),
      environment: inputs.string('infisical-environment'),
      path: inputs.string('infisical-path', '/'),
      clientId: inputs.string('infisical-client-id') || undefined,
      clientSecret: inputs.secret('infisical-client-secret'),
      token: inputs.secret('infisical-token'),
    },
  };
  if (source?.store === 'ssm' && config.awsRegion === undefined) {
    throw new InputError('aws-region', 'is empty and AWS_REGION is not set', 'Give aws-region: us-east-1 (or yours).');
  }
  if (source?.store === 'infisical') checkInfisical(config.infisical);
  return Object.freeze(config);
}

function checkInfisical(settings: InfisicalSettings): void {
  if (settings.projectId === '') {
    throw new InputError('infisical-project-id', 'is empty but source is infisical:', 'Give the project id.');
  }
  if (settings.environment === '') {
    throw new InputError('infisical-environment', 'is empty but source is infisical:', 'Give an environment slug.');
  }
  const universal = settings.clientId !== undefined && settings.clientSecret !== undefined;
  if (!universal && settings.token === undefined) {
    throw new InputError(
      'infisical-client-id',
      'and infisical-client-secret (or infisical-token) are needed for source: infisical:',
      'Give a universal-auth client id and secret, or an access token.',
    );
  }
}

const GITHUB_TOKEN_FIX =
  'Pass a token that may write secrets (a fine-grained PAT with Secrets: read and write, or a GitHub App token): ' +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'github-token: ${{ secrets.SECRETS_WRITER_TOKEN }}. The workflow GITHUB_TOKEN cannot write secrets.';
