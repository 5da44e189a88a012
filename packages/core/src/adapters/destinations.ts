import { InputError } from '../errors';
import { COMPANION_SUFFIX } from '../grace';
import type { InputReader } from '../inputs';
import type { Destination } from '../ports';
import { checkLineCharacters, TargetSyntaxError } from '../targets';
import { flyDestination } from './destination-fly';
import { githubDestination } from './destination-github';
import { herokuDestination } from './destination-heroku';
import type { DestinationModule, DestinationRunContext, DestinationTuning, Env, ModuleInput } from './module-types';

/**
 * The destination registry: one module per service, and everything derived
 * from it — the line schemes and their parser, duplicate detection, size
 * checks, the credential inputs (which are secret, which a target needs) and
 * the adapters. Adding a destination is one module and one line here.
 */
export const DESTINATIONS = {
  github: githubDestination,
  heroku: herokuDestination,
  fly: flyDestination,
} as const;

export type DestinationId = keyof typeof DESTINATIONS;
type TargetOf<M> = M extends DestinationModule<infer T, infer _S> ? T : never;
type SettingsOf<M> = M extends DestinationModule<infer _T, infer S> ? S : never;

/** A parsed target line: the union of every module's targets. */
export type Target = TargetOf<(typeof DESTINATIONS)[DestinationId]>;
export type TargetKind = Target['kind'];
/** Each module's settings, by module id. */
export type DestinationSettings = { readonly [Id in DestinationId]: SettingsOf<(typeof DESTINATIONS)[Id]> };

export {
  checkGithubSecretName,
  GITHUB_SECRET_MAX_BYTES,
  GITHUB_TOKEN_FIX,
  readGitHubApiUrl,
} from './destination-github';
export { HEROKU_CONFIG_MAX_BYTES } from './heroku';
export type { DestinationRunContext, DestinationTuning } from './module-types';
export { readApiUrl } from './module-types';

type AnyModule = DestinationModule<Target, unknown>;
const MODULE_IDS = Object.keys(DESTINATIONS) as DestinationId[];
const moduleOf = (id: DestinationId): AnyModule => DESTINATIONS[id] as unknown as AnyModule;

/** Which module serves each kind: by kind, never "any kind but that one". */
const MODULE_BY_KIND: Readonly<Record<TargetKind, DestinationId>> = Object.freeze(
  Object.fromEntries(MODULE_IDS.flatMap((id) => Object.keys(moduleOf(id).kinds).map((kind) => [kind, id]))) as Record<
    TargetKind,
    DestinationId
  >,
);
const MODULE_BY_SCHEME: ReadonlyMap<string, DestinationId> = new Map(
  MODULE_IDS.flatMap((id) => Object.keys(moduleOf(id).schemes).map((scheme) => [scheme, id] as const)),
);

/** The module that serves a target. */
export function destinationModule(target: Target): AnyModule {
  return moduleOf(MODULE_BY_KIND[target.kind]);
}

/** The secret input that carries the credential a target needs (`github-token`, …). */
export function destinationCredentialInput(target: Target): string {
  const credential = destinationModule(target).inputs.find((input) => input.secret);
  if (!credential) throw new Error(`the ${destinationModule(target).service} module declares no credential input`);
  return credential.name;
}

/** Every scheme a line may start with: `github`, `heroku`, … */
export const SCHEMES: readonly string[] = [...MODULE_BY_SCHEME.keys()];
/** Every form a line may take, for messages and action.yml. */
export const TARGET_FORMS: readonly string[] = MODULE_IDS.flatMap((id) => Object.values(moduleOf(id).schemes).flat());

/** Every input the destinations read, in registry order. */
export const DESTINATION_INPUTS: readonly ModuleInput[] = MODULE_IDS.flatMap((id) => moduleOf(id).inputs);
/** The destinations' secret inputs: masked at once, never CLI flags. */
export const DESTINATION_SECRET_INPUTS: readonly string[] = DESTINATION_INPUTS.filter((input) => input.secret).map(
  (input) => input.name,
);

export const TARGET_FIX = `Each line is one of ${TARGET_FORMS.join(', ')}.`;

/** Parses one line, checking every name in it; throws TargetSyntaxError. */
export function parseTarget(line: string): Target {
  checkLineCharacters(line);
  const colon = line.indexOf(':');
  const scheme = colon < 0 ? '' : line.slice(0, colon);
  const id = MODULE_BY_SCHEME.get(scheme);
  if (id === undefined) {
    throw new TargetSyntaxError(`'${line}' does not start with one of ${SCHEMES.map((s) => `${s}:`).join(', ')}`);
  }
  const rest = line.slice(colon + 1);
  const question = rest.indexOf('?');
  const path = question < 0 ? rest : rest.slice(0, question);
  const query = question < 0 ? undefined : rest.slice(question + 1);
  return moduleOf(id).parse({ scheme, path, query, line });
}

/** The line that names `target`, in its module's canonical form. */
export function formatTarget(target: Target): string {
  return destinationModule(target).format(target);
}

/**
 * The companion a grace period keeps the old value under: the same place,
 * `NAME_PREVIOUS`. Built through the module's own parser, so every name rule
 * of the service applies to it; throws TargetSyntaxError when one breaks.
 */
export function companionTarget(target: Target): Target {
  const { companionOf: _none, ...plain } = target;
  const line = formatTarget({ ...plain, name: `${target.name}${COMPANION_SUFFIX}` } as Target);
  return { ...parseTarget(line), companionOf: target } as Target;
}

/** The identity of the place a target writes to: two lines with the same key
 * would write the same secret twice. */
export function targetKey(target: Target): string {
  return destinationModule(target).key(target);
}

/** Checks a value against the target's size rule; returns the problem. */
export function valueSizeProblem(target: Target, value: string): string | undefined {
  return destinationModule(target).valueSizeProblem(target, value);
}

/** Checks the value against every target's limit; `input` names where the value came from. */
export function checkValueFits(targets: readonly Target[], value: string, input: string): void {
  for (const target of targets) {
    const problem = valueSizeProblem(target, value);
    if (problem) throw new InputError(input, `is too large for ${target.line}: ${problem}`, 'Use a smaller value.');
  }
}

/** Reads a `targets` list: every line parsed and checked, duplicates refused. */
export function readTargets(reader: InputReader, name: string): Target[] {
  const targets: Target[] = [];
  const seen = new Map<string, number>();
  reader.lines(name).forEach((line, index) => {
    let target: Target;
    try {
      target = parseTarget(line);
    } catch (error) {
      if (!(error instanceof TargetSyntaxError)) throw error;
      throw new InputError(name, `line ${index + 1}: ${error.message}`, TARGET_FIX);
    }
    const key = targetKey(target);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(name, `lines ${earlier + 1} and ${index + 1} name the same secret`, 'Remove one.');
    }
    seen.set(key, index);
    targets.push(target);
  });
  return targets;
}

/** Masks every destination credential given, whether or not a target needs it. */
export function maskDestinationCredentials(inputs: InputReader): void {
  for (const name of DESTINATION_SECRET_INPUTS) inputs.secret(name);
}

/** Reads every module's inputs, and fails when a target's module has no credential. */
export function readDestinationSettings(
  inputs: InputReader,
  targets: readonly Target[],
  env: Env,
): DestinationSettings {
  maskDestinationCredentials(inputs);
  const settings = Object.fromEntries(
    MODULE_IDS.map((id) => {
      const needed = targets.find((target) => MODULE_BY_KIND[target.kind] === id);
      return [id, Object.freeze(moduleOf(id).readSettings(inputs, env, needed))];
    }),
  );
  return Object.freeze(settings) as DestinationSettings;
}

/** The most targets written at once that a `concurrency` input may ask for. */
export const MAX_CONCURRENCY = 20;

/** The `concurrency` input of the actions that write targets. */
export function readConcurrency(inputs: InputReader): number {
  return inputs.integer('concurrency', 4, { min: 1, max: MAX_CONCURRENCY });
}

/** The real destinations, each built only when its credential was given. */
export function openDestinations(
  settings: DestinationSettings,
  context: DestinationRunContext,
  tuning: DestinationTuning = {},
): Destination[] {
  return MODULE_IDS.flatMap((id) => moduleOf(id).open(settings[id], context, tuning) ?? []);
}
