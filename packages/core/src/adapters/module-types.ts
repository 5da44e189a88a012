import type { Clock, Sleep } from '../clock';
import { InputError } from '../errors';
import { credentialUrlProblem } from '../http-policy';
import type { InputReader } from '../inputs';
import type { Destination, Store } from '../ports';
import type { TargetBase } from '../targets';

/**
 * The shapes of the destination and store modules. A module is everything
 * keyturn knows about one kind of place: how its lines or names are written
 * and checked, which inputs carry its credentials (and which of them are
 * secret), and how its adapter is built. The registries (./destinations,
 * ./stores) hold one module per kind; every list a user sees (schemes,
 * credential inputs, the CLI's secret inputs, action.yml descriptions) is
 * derived from them.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** One action input a module owns. */
export interface ModuleInput {
  readonly name: string;
  /** The action.yml default; a value other than this counts as "given". */
  readonly default: string;
  /** Masked the moment it is read, and refused as a CLI flag. */
  readonly secret: boolean;
  /** The action.yml description. */
  readonly description: string;
  /** Shapes what a store writes only (a KMS key, a tier): an action that only reads need not take it. */
  readonly writeOnly?: boolean;
}

/** What building destinations needs from the run: ActionContext has all of it. */
export interface DestinationRunContext {
  clock: Clock;
  sleep: Sleep;
  runner: { info(message: string): void; warning(message: string): void };
}

export interface DestinationTuning {
  /** Requests in flight at once, for adapters that pace themselves. */
  concurrency?: number;
  /** GitHub write pacing; tests and benchmarks change it, runs keep GitHub's. */
  githubWritePace?: { writes: number; perMs: number } | false;
  /** A shorter total deadline per request, for tests that hang a service; runs keep each client's. */
  requestTimeoutMs?: number;
}

/** A target line split at its scheme and its `?` options. */
export interface LineParts {
  scheme: string;
  /** After `scheme:`, before `?`. */
  path: string;
  /** After `?`, when there is one. */
  query: string | undefined;
  line: string;
}

export interface DestinationModule<T extends TargetBase & { kind: string }, S> {
  /** The service, as messages name it: "GitHub", "Heroku". */
  readonly service: string;
  /** Each scheme this module parses, with the forms of its lines (for messages and action.yml). */
  readonly schemes: Readonly<Record<string, readonly string[]>>;
  /** Every kind `parse` returns, so routing is by kind, never "not that one". */
  readonly kinds: Readonly<Record<T['kind'], true>>;
  /** Parses a line of one of `schemes` (characters already checked); throws TargetSyntaxError. */
  parse(parts: LineParts): T;
  /** The line that names `target`, in the module's canonical form. */
  format(target: T): string;
  /** Two targets with the same key write the same place (case rules included). */
  key(target: T): string;
  /** Checks a value against the service's size rule. */
  valueSizeProblem(target: T, value: string): string | undefined;
  /** The inputs this module reads, credentials first. */
  readonly inputs: readonly ModuleInput[];
  /**
   * Reads the module's inputs (secrets masked first). `needed` is the first
   * target of this module, when there is one: its credential is then
   * required, and a missing one fails naming that line.
   */
  readSettings(inputs: InputReader, env: Env, needed: T | undefined): S;
  /** The adapter, or undefined when the settings hold no credential. */
  open(settings: S, context: DestinationRunContext, tuning: DestinationTuning): Destination | undefined;
}

/** What opening a store needs from the run: ActionContext has all of it. */
export interface StoreRunContext {
  clock: Clock;
  sleep: Sleep;
  secrets: { mask(value: string): string };
  /** `env`: the runner's environment, for naming the run in a store's marks. */
  runner: { info(message: string): void; env?: Readonly<Record<string, string | undefined>> };
  /** A shorter total deadline per request, for tests that hang a service; runs keep each client's. */
  requestTimeoutMs?: number;
}

/** How large a value a store's settings accept, and what to do about a larger one. */
export interface StoreValueLimit {
  bytes: number;
  fix: string;
}

export interface StoreModule<K extends string, S extends { kind: K }> {
  readonly kind: K;
  /** The store's name in messages: "AWS SSM". */
  readonly service: string;
  /** The adapter marks a version's open grace window (openGrace/closeGrace),
   * so a manifest entry on this store may take `grace`. */
  readonly marksGrace?: boolean;
  /** The inputs only this store (or stores like it) reads, credentials included. */
  readonly inputs: readonly ModuleInput[];
  /** What `name` holds, for the fix of a missing one: "the SSM parameter name, such as /prod/api/token". */
  readonly nameHint: string;
  /** Why a name breaks the store's rules, or undefined. */
  nameProblem(name: string): string | undefined;
  /** How to write a good name. */
  readonly nameFix: string;
  /** propagate's `source:` form for this store, such as `ssm:/path/NAME`. */
  readonly sourceForm: string;
  /** A rule `source:` adds to the name rules (SSM: a leading /). */
  sourceProblem?(name: string): string | undefined;
  /** Reads this store's inputs into frozen-able settings; secrets are masked first. */
  readSettings(inputs: InputReader, env: Env): S;
  /** How a report names it: "AWS SSM (eu-west-1)". */
  describe(settings: S): string;
  /** Settings with the same key share one adapter (one client, one login); never holds a credential. */
  locationKey(settings: S): string;
  /** The largest value these settings can store, when the store documents one. */
  valueLimit?(settings: S): StoreValueLimit;
  open(settings: S, context: StoreRunContext): Store;
}

/** An input error for a credential a target needs but nobody gave. */
export function missingCredential(input: string, line: string, service: string, fix: string): InputError {
  return new InputError(input, `is empty but ${line} is a ${service} target`, fix);
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
  const problem = credentialUrlProblem(url);
  if (problem) throw new InputError(name, problem, 'Use an https:// URL.');
  if (url.username !== '' || url.password !== '' || url.search !== '') {
    throw new InputError(name, 'holds credentials or a query string', 'Give only the API base URL.');
  }
  return text.replace(/\/+$/, '');
}
