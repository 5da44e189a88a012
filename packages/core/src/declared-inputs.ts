import { InputError } from './errors';
import { inputVariableName } from './workflow-commands';

/**
 * What an action's action.yml declares, read from it at build time
 * (scripts/action-spec.mjs writes each action's `src/action-spec.generated.ts`):
 * the one source for the inputs the action accepts, the CLI's flags and its
 * `--help`.
 */
export interface DeclaredInput {
  readonly name: string;
  readonly description: string;
  /** The action.yml default, as the runner would pass it; absent when none. */
  readonly default?: string;
  readonly required: boolean;
}

export interface DeclaredOutput {
  readonly name: string;
  readonly description: string;
}

export interface ActionSpec {
  /** The action's directory name: `verify`, `rotate-ssm`. */
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly DeclaredInput[];
  readonly outputs: readonly DeclaredOutput[];
}

/** Edit distance with transpositions (`max_agee`/`max-age` is 2, `expcet`/`expect` 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The spelling inputs are compared in: case, `_` and spaces do not count. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_ ]/g, '-');
}

/**
 * The candidate nearest to `name`, or undefined when none is near enough to
 * be what was meant (more than a third of the name would have to change).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalize(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate));
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined || best.distance > Math.max(2, Math.floor(wanted.length / 3))) return undefined;
  return best.name;
}

/** "did you mean 'max-age'?" or the whole list when nothing is close. */
export function suggestion(name: string, candidates: readonly string[], quote = (n: string) => `'${n}'`): string {
  const closest = closestName(name, candidates);
  if (closest !== undefined) return `Did you mean ${quote(closest)}?`;
  return `The declared ones are: ${candidates.map(quote).join(', ')}.`;
}

/**
 * The INPUT_* variables of `env` that no declared input maps to, as
 * `[variable, name as written]`. The runner turns every `with:` key into
 * `INPUT_<KEY>` (upper case, spaces to `_`, dashes kept), declared or not,
 * and only warns about an undeclared one; action.yml defaults arrive the
 * same way. Since the case is lost, the name is shown in lower case.
 */
export function undeclaredInputs(
  env: Readonly<Record<string, string | undefined>>,
  declared: readonly DeclaredInput[],
): Array<[variable: string, name: string]> {
  const known = new Set(declared.map((input) => inputVariableName(input.name)));
  return Object.keys(env)
    .filter((variable) => variable.startsWith('INPUT_') && !known.has(variable) && env[variable] !== undefined)
    .sort()
    .map((variable) => [variable, variable.slice('INPUT_'.length).toLowerCase()]);
}

/**
 * Fails before anything else runs when the step was given an input its
 * action.yml does not declare: a misspelt `with:` key (`max_agee: 90d`)
 * would otherwise be dropped with nothing but a runner warning, and the
 * rotation would run with the default it meant to change.
 */
export function refuseUndeclaredInputs(env: Readonly<Record<string, string | undefined>>, spec: ActionSpec): void {
  const [first] = undeclaredInputs(env, spec.inputs);
  if (first === undefined) return;
  const [variable, name] = first;
  const names = spec.inputs.map((input) => input.name);
  throw new InputError(
    name,
    `is not an input of keyturn/${spec.name} (it arrived as ${variable}, from a with: key or an env: variable)`,
    `${suggestion(name, names)} Rename the with: key; nothing was sent.`,
  );
}
