import type { Clock, Sleep } from '../clock';
import { InputError } from '../errors';
import type { InputReader } from '../inputs';
import type { Destination } from '../ports';
import type { Target } from '../targets';
import { createGitHubClient, DEFAULT_GITHUB_API_URL } from './github-client';
import { GitHubSecretsDestination } from './github-secrets';
import { DEFAULT_HEROKU_API_URL, HerokuConfigDestination } from './heroku';

/**
 * The destinations' credential inputs (`github-token`, `github-api-url`,
 * `heroku-api-key`, `heroku-api-url`), read and checked against the targets
 * that need them, and the Destination adapters built from them. propagate and
 * rotate-pat both push values through here; registering a new destination
 * (say Fly.io) is one adapter and a few lines in this file.
 */
export interface DestinationSettings {
  /** Masked when read. */
  githubToken: string | undefined;
  githubApiUrl: string;
  /** Masked when read. */
  herokuApiKey: string | undefined;
  herokuApiUrl: string;
}

export interface DestinationTuning {
  /** GitHub requests in flight at once. */
  concurrency?: number;
  /** GitHub write pacing; tests and benchmarks change it, runs keep GitHub's. */
  githubWritePace?: { writes: number; perMs: number } | false;
}

/** What building destinations needs from the run: ActionContext has all of it. */
export interface DestinationRunContext {
  clock: Clock;
  sleep: Sleep;
  runner: { info(message: string): void; warning(message: string): void };
}

/** The most targets written at once that a `concurrency` input may ask for. */
export const MAX_CONCURRENCY = 20;

/** The `concurrency` input of the actions that write targets. */
export function readConcurrency(inputs: InputReader): number {
  return inputs.integer('concurrency', 4, { min: 1, max: MAX_CONCURRENCY });
}

/** An API base URL input: absolute http(s), no credentials, no query. */
export function readApiUrl(inputs: InputReader, name: string, fallback: string): string {
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

/** `github-api-url`, defaulting to the runner's GITHUB_API_URL (GHES), then github.com. */
export function readGitHubApiUrl(inputs: InputReader, env: Readonly<Record<string, string | undefined>>): string {
  return readApiUrl(inputs, 'github-api-url', env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL);
}

export const GITHUB_TOKEN_FIX =
  'Pass a token that may write secrets (a fine-grained PAT with Secrets: read and write, or a GitHub App token): ' +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'github-token: ${{ secrets.SECRETS_WRITER_TOKEN }}. The workflow GITHUB_TOKEN cannot write secrets.';

/** Reads the credentials, and fails when a target's kind has none. */
export function readDestinationSettings(
  inputs: InputReader,
  targets: readonly Target[],
  env: Readonly<Record<string, string | undefined>>,
): Readonly<DestinationSettings> {
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
  return Object.freeze({
    githubToken,
    githubApiUrl: readGitHubApiUrl(inputs, env),
    herokuApiKey,
    herokuApiUrl: readApiUrl(inputs, 'heroku-api-url', DEFAULT_HEROKU_API_URL),
  });
}

/** The real destinations, each built only when its credential was given. */
export function openDestinations(
  settings: DestinationSettings,
  context: DestinationRunContext,
  tuning: DestinationTuning = {},
): Destination[] {
  const destinations: Destination[] = [];
  const log = (message: string) => context.runner.info(message);
  if (settings.githubToken !== undefined) {
    const client = createGitHubClient({
      token: settings.githubToken,
      baseUrl: settings.githubApiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log,
      ...(tuning.concurrency === undefined ? {} : { concurrency: tuning.concurrency }),
      ...(tuning.githubWritePace === undefined ? {} : { writePace: tuning.githubWritePace }),
    });
    destinations.push(new GitHubSecretsDestination(client, { notice: (message) => context.runner.warning(message) }));
  }
  if (settings.herokuApiKey !== undefined) {
    destinations.push(
      new HerokuConfigDestination({
        apiKey: settings.herokuApiKey,
        baseUrl: settings.herokuApiUrl,
        clock: context.clock,
        sleep: context.sleep,
        log,
      }),
    );
  }
  return destinations;
}
