import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import schema from '../../../docs/rotation.schema.json' with { type: 'json' };
import {
  companionTarget,
  destinationCredentialInput,
  formatTarget,
  parseTarget,
  TARGET_FIX,
  targetKey,
} from './adapters/destinations';
import { infisicalPathProblem } from './adapters/store-infisical';
import { GRACE_STORE_KINDS, storedNameFix, storedNameProblem, storeMarksGrace } from './adapters/store-inputs';
import { parseDuration } from './duration';
import { InputError, KeyturnError } from './errors';
import { type GeneratorSpec, GeneratorSyntaxError, parseGenerator } from './generators';
import { ISSUERS } from './issuer';
import { MAX_GRACE_MS } from './issuers/fields';
import { didYouMean, nearest } from './nearest';
import { parseStatusList, type StatusExpectation, StatusListSyntaxError } from './status-list';
import { type Target, TargetSyntaxError } from './targets';

/**
 * The rotation manifest (`.github/rotation.yml`): the secret inventory as
 * code. It is checked in three passes, all before any request, and every
 * problem of every pass is reported at once, each naming the entry
 * (`secrets[2] (db-password)`), the field and the fix:
 *   1. YAML syntax (with line and column);
 *   2. the JSON Schema in docs/rotation.schema.json, run by ajv — the same
 *      file editors validate with, so there is one copy of the rules;
 *   3. what a schema cannot say: duplicate ids, targets and store names,
 *      fields of another store kind when the kind comes from defaults,
 *      target and generator syntax in full, issuer kinds not built yet.
 * The result is frozen and typed; plan and rotate never look at raw YAML.
 */

export const MANIFEST_SCHEMA: Readonly<Record<string, unknown>> = schema;
export const DEFAULT_MANIFEST = '.github/rotation.yml';

export type StoreKindName = 'ssm' | 'infisical' | 'secrets-manager';

export interface ManifestStore {
  kind: StoreKindName;
  name: string;
  region?: string;
  kmsKeyId?: string;
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  project?: string;
  environment?: string;
  path?: string;
  url?: string;
}

export interface ManifestVerify {
  url: URL;
  method: string;
  auth: string;
  expect: StatusExpectation;
  old: boolean;
  withinMs: number;
  intervalMs: number;
  timeoutMs: number;
}

export type ManifestSource =
  | { kind: 'generate'; spec: GeneratorSpec; text: string }
  | { kind: 'issuer'; issuerKind: string; config: Readonly<Record<string, unknown>> };

export type MaxAge = { kind: 'duration'; ms: number; text: string } | { kind: 'on-compromise' };

export interface ManifestEntry {
  /** Position in `secrets`, from 0. */
  index: number;
  id: string;
  /** How messages name the entry: `secrets[2] (db-password)`. */
  label: string;
  store: ManifestStore;
  source: ManifestSource;
  maxAge: MaxAge;
  targets: readonly Target[];
  verify: readonly ManifestVerify[];
  revokeOld: boolean;
  graceMs: number | undefined;
  description: string | undefined;
  owner: string | undefined;
}

export interface Manifest {
  path: string;
  entries: readonly ManifestEntry[];
}

export interface ManifestProblem {
  /** `secrets[2] (db-password)`, `defaults`, or `manifest` for the top level. */
  where: string;
  /** The field inside `where`: `store.kind`, `targets[1]`; '' for the whole thing. */
  field: string;
  problem: string;
  fix: string;
  line?: number;
}

export function formatProblem(problem: ManifestProblem): string {
  const field = problem.field === '' ? '' : ` ${problem.field}`;
  const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${problem.where}:${field} ${problem.problem}${line}. ${problem.fix}`;
}

/** A manifest that cannot be used: every problem found, each a line. */
export class ManifestError extends KeyturnError {
  override name = 'ManifestError';
  readonly path: string;
  readonly problems: readonly ManifestProblem[];

  constructor(path: string, problems: readonly ManifestProblem[]) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    super(
      `manifest ${path} has ${count}; nothing was changed:` +
        problems.map((problem) => `\n  ${formatProblem(problem)}`).join(''),
    );
    this.path = path;
    this.problems = problems;
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateSchema = ajv.compile(schema);

/** Field names of each store kind, read from the schema's own `if kind … then propertyNames`. */
export const STORE_KIND_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  (((schema.$defs.store as Json).allOf ?? []) as Json[]).map((rule) => {
    const kind = ((((rule.if as Json).properties as Json).kind as Json).const ?? '') as string;
    const fields = (((rule.then as Json).propertyNames as Json).enum ?? []) as string[];
    return [kind, fields];
  }),
);
export const MANIFEST_STORE_KINDS = (schema.$defs.store.properties.kind.enum ?? []) as readonly string[];
export const MANIFEST_ISSUER_KINDS = (schema.$defs.issuer.properties.kind.enum ?? []) as readonly string[];

export interface CredentialNeed {
  /** Any one of these inputs satisfies the need. */
  inputs: readonly string[];
  why: string;
  fix: string;
}

/** The inputs a run of this entry needs: its store's, its targets', its issuer's. */
export function credentialNeeds(entry: ManifestEntry): CredentialNeed[] {
  const needs: CredentialNeed[] = [];
  if (entry.store.kind === 'infisical') {
    needs.push({
      inputs: ['infisical-token', 'infisical-client-secret'],
      why: `its store is Infisical (${entry.store.name})`,
      fix: 'Pass infisical-client-id and infisical-client-secret (a machine identity), or infisical-token.',
    });
  }
  const byInput = new Map<string, Target>();
  for (const target of entry.targets) {
    const input = destinationCredentialInput(target);
    if (!byInput.has(input)) byInput.set(input, target);
  }
  for (const [input, target] of byInput) {
    needs.push({
      inputs: [input],
      why: `it has target ${target.line}`,
      fix: `Pass ${input}: \${{ secrets.${input.toUpperCase().replaceAll('-', '_')} }} (a credential that may write there).`,
    });
  }
  if (entry.source.kind === 'issuer') {
    const module = ISSUERS[entry.source.issuerKind];
    for (const input of module?.credentialInputs ?? []) {
      if (input.required) needs.push({ inputs: [input.input], why: `its issuer is ${module?.kind}`, fix: input.fix });
    }
  }
  return needs;
}

/** Fails, before any request, when a credential the entry needs was not given. */
export function checkCredentials(entry: ManifestEntry, given: (input: string) => boolean): void {
  for (const need of credentialNeeds(entry)) {
    if (need.inputs.some(given)) continue;
    const input = need.inputs[0] as string;
    throw new InputError(input, `is empty but ${entry.label} needs it: ${need.why}`, need.fix);
  }
}

/** Reads and checks the manifest file; a missing file is an input mistake. */
export async function loadManifest(path: string, input = 'manifest'): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      input,
      `is '${path}', which cannot be read (${code ?? 'error'})`,
      code === 'ENOENT'
        ? 'Create it (see examples/rotation.yml), or point manifest at it; in a workflow, check out the repository first.'
        : 'Check the path and its permissions.',
    );
  }
  return parseManifest(text, path);
}

/** The entry `only` names, or an error naming the nearest id. */
export function findEntry(manifest: Manifest, id: string, input: string): ManifestEntry {
  const entry = manifest.entries.find((candidate) => candidate.id === id);
  if (entry) return entry;
  const ids = manifest.entries.map((candidate) => candidate.id);
  const near = nearest(id, ids);
  throw new InputError(
    input,
    `is '${id}', which is not an id in ${manifest.path}`,
    near === undefined ? `Use one of: ${ids.join(', ')}.` : `Did you mean '${near}'?`,
  );
}

export function parseManifest(text: string, path: string): Manifest {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ManifestError(
      path,
      document.errors.map((error) => ({
        where: 'manifest',
        field: '',
        problem: `is not valid YAML: ${error.message.split('\n')[0]}`,
        fix: 'Fix the YAML syntax (indentation, quotes, a colon after each key).',
        line: lines.linePos(error.pos[0]).line,
      })),
    );
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node && (isMap(node) || isSeq(node) || node.range)) {
        const offset = node.range?.[0];
        return offset === undefined ? undefined : lines.linePos(offset).line;
      }
    }
    return undefined;
  };
  const labels = entryLabels(data);
  if (!validateSchema(data)) {
    const problems = schemaProblems(validateSchema.errors ?? [], labels, lineOf);
    throw new ManifestError(path, problems);
  }
  const problems: ManifestProblem[] = [];
  const entries = resolveEntries(data as Json, labels, problems, lineOf);
  if (problems.length > 0) throw new ManifestError(path, problems);
  return Object.freeze({ path, entries: Object.freeze(entries) });
}

function entryLabels(data: unknown): (index: number) => string {
  const secrets = isObject(data) && Array.isArray(data.secrets) ? data.secrets : [];
  return (index) => {
    const entry = secrets[index];
    const id = isObject(entry) && typeof entry.id === 'string' && entry.id !== '' ? ` (${entry.id})` : '';
    return `secrets[${index}]${id}`;
  };
}

type Segment = string | number;

function splitPointer(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function fieldText(segments: readonly Segment[]): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

/** `secrets[2] (db-password)` and `store.kind`, from the data path. */
function locate(segments: readonly Segment[], labels: (index: number) => string): { where: string; field: string } {
  if (segments[0] === 'secrets' && typeof segments[1] === 'number') {
    return { where: labels(segments[1]), field: fieldText(segments.slice(2)) };
  }
  if (segments[0] === 'defaults') return { where: 'defaults', field: fieldText(segments.slice(1)) };
  return { where: 'manifest', field: fieldText(segments) };
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function join(parts: readonly Segment[], field: string): string {
  return parts.length === 0 ? field : `${fieldText(parts)}.${field}`;
}

/** Turns ajv's errors into one problem each, in words a user acts on. */
function schemaProblems(
  errors: readonly ErrorObject[],
  labels: (index: number) => string,
  lineOf: (path: readonly Segment[]) => number | undefined,
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const seen = new Set<string>();
  // A branch of anyOf fails for every alternative; only the anyOf itself is worth a line.
  const anyOfPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (error.keyword !== 'anyOf' && anyOfPaths.has(error.instancePath)) continue;
    // propertyNames reports the enum of the name as well: the propertyNames line says it.
    if (error.keyword === 'enum' && error.propertyName !== undefined) continue;
    const segments = splitPointer(error.instancePath);
    const parent = segments.slice(2);
    const located = locate(segments, labels);
    const parentSchema = (error.parentSchema ?? {}) as Json;
    const description = typeof parentSchema.description === 'string' ? parentSchema.description : '';
    let problem: ManifestProblem;
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String(error.params.additionalProperty);
        const allowed = Object.keys((parentSchema.properties ?? {}) as Json);
        const hint = didYouMean(name, allowed);
        const inSecrets = segments[0] === 'secrets' ? parent : segments.slice(segments[0] === 'defaults' ? 1 : 0);
        problem = {
          ...located,
          field: join(inSecrets, name),
          problem: 'is not a field keyturn knows',
          fix: `${hint ? `${hint.trim()} ` : ''}The fields here are: ${allowed.join(', ')}.`,
        };
        segments.push(name);
        break;
      }
      case 'propertyNames': {
        const name = String(error.params.propertyName);
        const kind = isObject(error.data) ? String(error.data.kind) : '';
        const fields = STORE_KIND_FIELDS[kind] ?? [];
        const owners = Object.entries(STORE_KIND_FIELDS)
          .filter(([, names]) => names.includes(name))
          .map(([owner]) => owner);
        const hint = didYouMean(name, fields);
        problem = {
          ...located,
          field: join(segments[0] === 'secrets' ? parent : segments.slice(1), name),
          problem:
            owners.length > 0
              ? `is a field of ${owners.join(' and ')} stores, not ${kind}`
              : 'is not a field keyturn knows',
          fix: `${hint ? `${hint.trim()} ` : ''}${kind} stores take: ${fields.join(', ')}.`,
        };
        segments.push(name);
        break;
      }
      case 'required': {
        const name = String(error.params.missingProperty);
        const property = ((parentSchema.properties ?? {}) as Json)[name];
        const about = isObject(property) && typeof property.description === 'string' ? property.description : '';
        const ref = isObject(property) && typeof property.$ref === 'string' ? property.$ref : '';
        problem = {
          ...located,
          field: join(segments[0] === 'secrets' ? parent : segments.slice(segments[0] === 'defaults' ? 1 : 0), name),
          problem: 'is required but missing',
          fix: about || describeRef(ref) || `Add ${name}.`,
        };
        break;
      }
      case 'enum':
        problem = {
          ...located,
          problem: `is ${shown(error.data)}`,
          fix: `Use one of: ${(error.params.allowedValues as unknown[]).join(', ')}.${typeof error.data === 'string' ? didYouMean(error.data, (error.params.allowedValues as unknown[]).map(String)) : ''}`,
        };
        break;
      case 'const':
        problem = {
          ...located,
          problem: `is ${shown(error.data)}`,
          fix: `Write ${JSON.stringify(error.params.allowedValue)}${description ? ` (${description})` : ''}.`,
        };
        break;
      case 'not':
        problem = {
          ...located,
          field: 'generate',
          problem: 'is set together with issuer',
          fix: 'Keep one: generate makes a random value; issuer gets the credential from its own source (a database, IAM, GitHub).',
        };
        break;
      case 'minItems':
        problem = {
          ...located,
          problem: 'is an empty list',
          fix: `Give at least ${String(error.params.limit)}${description ? `: ${description}` : '.'}`,
        };
        break;
      case 'anyOf':
        problem = {
          ...located,
          problem: `is ${shown(error.data)}`,
          fix: description || 'See docs/rotation.schema.json.',
        };
        break;
      case 'type':
        problem = {
          ...located,
          problem: `is ${shown(error.data)}, not ${describeType(error.params.type)}`,
          fix: description ? `${description}` : `Write ${describeType(error.params.type)}.`,
        };
        break;
      case 'pattern':
        problem = {
          ...located,
          problem: `is ${shown(error.data)}`,
          fix: description || `It must match ${String(error.params.pattern)}.`,
        };
        break;
      default:
        problem = {
          ...located,
          problem: `is ${shown(error.data)}: it ${error.message ?? 'is invalid'}`,
          fix: description || 'See docs/rotation.schema.json.',
        };
    }
    const key = `${problem.where}|${problem.field}|${problem.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = lineOf(segments);
    problems.push(line === undefined ? problem : { ...problem, line });
  }
  return problems;
}

function describeRef(ref: string): string {
  const name = ref.split('/').pop() ?? '';
  const definition = ((schema.$defs as Json)[name] ?? {}) as Json;
  return typeof definition.description === 'string' ? definition.description : '';
}

function describeType(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((one) =>
    one === 'object'
      ? 'a mapping'
      : one === 'array'
        ? 'a list'
        : one === 'integer'
          ? 'a whole number'
          : `a ${String(one)}`,
  );
  return names.join(' or ');
}

/** The checks a schema cannot express, on data the schema accepted. */
function resolveEntries(
  data: Json,
  labels: (index: number) => string,
  problems: ManifestProblem[],
  lineOf: (path: readonly Segment[]) => number | undefined,
): ManifestEntry[] {
  const defaults = (data.defaults ?? {}) as Json;
  const defaultStore = (defaults.store ?? {}) as Json;
  const secrets = data.secrets as Json[];
  const ids = new Map<string, number>();
  const targetsSeen = new Map<string, { index: number; line: string }>();
  const storesSeen = new Map<string, number>();
  const entries: ManifestEntry[] = [];
  const companions: { index: number; where: string; position: number; line: string; key: string }[] = [];
  secrets.forEach((raw, index) => {
    const where = labels(index);
    const report = (field: string, problem: string, fix: string, path: readonly Segment[] = []) => {
      const line = lineOf(['secrets', index, ...path]);
      problems.push(line === undefined ? { where, field, problem, fix } : { where, field, problem, fix, line });
    };
    const id = raw.id as string;
    const earlier = ids.get(id);
    if (earlier !== undefined) {
      report('id', `'${id}' is also the id of secrets[${earlier}]`, 'Ids name one secret each: rename one.', ['id']);
    } else {
      ids.set(id, index);
    }
    const store = resolveStore(raw.store as Json, defaultStore, report);
    const source = resolveSource(raw, report);
    const maxAge = resolveMaxAge(raw['max-age'] ?? defaults['max-age'], report);
    const targets: Target[] = [];
    ((raw.targets ?? []) as string[]).forEach((line, position) => {
      let target: Target;
      try {
        target = parseTarget(line);
      } catch (error) {
        if (!(error instanceof TargetSyntaxError)) throw error;
        report(`targets[${position}]`, error.message, TARGET_FIX, ['targets', position]);
        return;
      }
      const key = targetKey(target);
      const other = targetsSeen.get(key);
      if (other !== undefined) {
        const otherWhere = other.index === index ? 'this entry' : labels(other.index);
        report(
          `targets[${position}]`,
          `'${line}' names the same place as '${other.line}' in ${otherWhere}`,
          'A place holds one secret: remove one of the two lines.',
          ['targets', position],
        );
        return;
      }
      targetsSeen.set(key, { index, line });
      targets.push(target);
    });
    const verify = resolveVerify((raw.verify ?? []) as Json[], report);
    const revokeOld = raw['revoke-old'] === true;
    if (revokeOld && source?.kind === 'generate') {
      report(
        'revoke-old',
        'is true but the value is generated',
        'A generated value has no issuer to revoke it at; its consumers stop taking it when they hold the new one. Drop revoke-old, or use an issuer.',
        ['revoke-old'],
      );
    }
    const graceMs = raw.grace === undefined ? undefined : parseDuration(raw.grace as string);
    if (graceMs !== undefined) {
      const text = String(raw.grace);
      if (graceMs === 0) {
        report('grace', 'is 0', 'Drop grace: without a window the old value is simply replaced.', ['grace']);
      } else if (graceMs > MAX_GRACE_MS) {
        report(
          'grace',
          `is ${text}, longer than 90d`,
          'Use a window shorter than the rotation cycle (24h is typical for a signing key).',
          ['grace'],
        );
      } else if (maxAge?.kind === 'duration' && graceMs >= maxAge.ms) {
        report(
          'grace',
          `is ${text}, not shorter than max-age ${maxAge.text}`,
          'The next rotation would come while the window is open: make grace shorter than max-age.',
          ['grace'],
        );
      }
      if (maxAge?.kind === 'on-compromise') {
        report(
          'grace',
          'is set but max-age is on-compromise',
          'An emergency rotation replaces a value that may have leaked, and a grace would keep it in use: drop grace, or give max-age a duration.',
          ['grace'],
        );
      }
      const graceProblem =
        source?.kind === 'issuer' ? ISSUERS[source.issuerKind]?.graceProblem?.(source.config) : undefined;
      if (graceProblem) report('grace', graceProblem.problem, graceProblem.fix, ['grace']);
      if (store && !storeMarksGrace(store.kind)) {
        report(
          'grace',
          `is set but a ${store.kind} store cannot mark when a grace window opened, so no later run could close it`,
          `Keep this secret in a ${GRACE_STORE_KINDS.join(' or ')} store, or drop grace.`,
          ['grace'],
        );
      }
      targets.forEach((target, position) => {
        let companion: Target;
        try {
          companion = companionTarget(target);
        } catch (error) {
          if (!(error instanceof TargetSyntaxError)) throw error;
          report(
            `targets[${position}]`,
            `its grace companion breaks a rule of the service: ${error.message}`,
            'Shorten the name so NAME_PREVIOUS fits, or drop grace.',
            ['targets', position],
          );
          return;
        }
        companions.push({ index, where, position, line: formatTarget(companion), key: targetKey(companion) });
      });
    }
    if (store) {
      const storeKey = `${store.kind}|${store.region ?? ''}|${store.project ?? ''}|${store.environment ?? ''}|${store.path ?? '/'}|${store.name}`;
      const other = storesSeen.get(storeKey);
      if (other !== undefined) {
        report(
          'store.name',
          `'${store.name}' is also the store of ${labels(other)}`,
          'Each secret has its own place in the store: rename one.',
          ['store', 'name'],
        );
      } else {
        storesSeen.set(storeKey, index);
      }
    }
    const owner = (raw.owner ?? defaults.owner) as string | undefined;
    if (store && source && maxAge) {
      entries.push(
        Object.freeze({
          index,
          id,
          label: where,
          store,
          source,
          maxAge,
          targets: Object.freeze(targets),
          verify: Object.freeze(verify),
          revokeOld,
          graceMs,
          description: raw.description as string | undefined,
          owner,
        }),
      );
    }
  });
  // A grace companion writes a place too: it must not be another line's place.
  // (Two companions cannot meet: their targets would already be one place.)
  for (const companion of companions) {
    const taken = targetsSeen.get(companion.key);
    if (!taken) continue;
    const line = lineOf(['secrets', companion.index, 'targets', companion.position]);
    const found = {
      where: companion.where,
      field: `targets[${companion.position}]`,
      problem: `its grace companion ${companion.line} is the place of '${taken.line}' in ${taken.index === companion.index ? 'this entry' : labels(taken.index)}`,
      fix: 'The companion would overwrite that secret: rename one of them, or drop grace.',
    };
    problems.push(line === undefined ? found : { ...found, line });
  }
  return entries;
}

type Report = (field: string, problem: string, fix: string, path?: readonly Segment[]) => void;

function resolveStore(raw: Json, defaults: Json, report: Report): ManifestStore | undefined {
  const kind = (raw.kind ?? defaults.kind) as StoreKindName | undefined;
  if (kind === undefined) {
    report(
      'store.kind',
      'is not set here or in defaults.store',
      `Set it to one of: ${MANIFEST_STORE_KINDS.join(', ')}.`,
      ['store'],
    );
    return undefined;
  }
  // The schema checks fields against an explicit kind; a kind from defaults is checked here.
  const fields = STORE_KIND_FIELDS[kind] ?? [];
  const merged: Json = {};
  for (const [field, value] of Object.entries(defaults)) if (fields.includes(field)) merged[field] = value;
  Object.assign(merged, raw, { kind });
  let ok = true;
  for (const field of Object.keys(raw)) {
    if (!fields.includes(field)) {
      report(
        `store.${field}`,
        `is not a field of ${kind} stores (store.kind comes from defaults)`,
        `${kind} stores take: ${fields.join(', ')}.`,
        ['store', field],
      );
      ok = false;
    }
  }
  const name = merged.name as string;
  const nameProblem = storeNameProblem(kind, name);
  if (nameProblem) {
    report('store.name', nameProblem.problem, nameProblem.fix, ['store', 'name']);
    ok = false;
  }
  if (kind === 'infisical') {
    for (const field of ['project', 'environment'] as const) {
      if (merged[field] === undefined) {
        report(
          `store.${field}`,
          'is required for an infisical store',
          field === 'project'
            ? 'Give the Infisical project id (Project settings → Project ID).'
            : 'Give the environment slug, such as prod.',
          ['store'],
        );
        ok = false;
      }
    }
    const pathProblem = merged.path === undefined ? undefined : infisicalPathProblem(merged.path as string);
    if (pathProblem !== undefined) {
      report(
        'store.path',
        `is '${merged.path as string}'${pathProblem}`,
        'Give a folder path that starts with /, such as /backend.',
        ['store', 'path'],
      );
      ok = false;
    }
  }
  if (!ok) return undefined;
  const store: ManifestStore = { kind, name };
  if (merged.region !== undefined) store.region = merged.region as string;
  if (merged['kms-key-id'] !== undefined) store.kmsKeyId = merged['kms-key-id'] as string;
  if (merged.tier !== undefined) store.tier = merged.tier as NonNullable<ManifestStore['tier']>;
  if (merged.project !== undefined) store.project = merged.project as string;
  if (merged.environment !== undefined) store.environment = merged.environment as string;
  if (merged.path !== undefined) store.path = merged.path as string;
  if (merged.url !== undefined) store.url = merged.url as string;
  return Object.freeze(store);
}

const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

function storeNameProblem(kind: StoreKindName, name: string): { problem: string; fix: string } | undefined {
  if (kind === 'ssm' || kind === 'infisical') {
    const problem = storedNameProblem(kind, name);
    return problem === undefined ? undefined : { problem, fix: storedNameFix(kind) };
  }
  if (!SECRETS_MANAGER_NAME.test(name)) {
    return {
      problem: `is '${name}', not a Secrets Manager secret name`,
      fix: 'Use letters, digits and /_+=.@- (up to 512).',
    };
  }
  return undefined;
}

function resolveSource(raw: Json, report: Report): ManifestSource | undefined {
  if (typeof raw.generate === 'string') {
    try {
      return { kind: 'generate', spec: parseGenerator(raw.generate), text: raw.generate };
    } catch (error) {
      if (!(error instanceof GeneratorSyntaxError)) throw error;
      report(
        'generate',
        error.message,
        'Use hex:N, base64:N, base64url:N, alnum:N, password:N, uuid, fernet, rsa:2048|3072|4096 or ed25519.',
        ['generate'],
      );
      return undefined;
    }
  }
  if (isObject(raw.issuer)) {
    const issuerKind = String(raw.issuer.kind);
    const module = ISSUERS[issuerKind];
    if (!module) {
      report(
        'issuer.kind',
        `is '${issuerKind}': issuer kind ${issuerKind} is not supported yet`,
        'Rotate this credential another way for now, or use generate where keyturn only needs to make a value.',
        ['issuer', 'kind'],
      );
      return undefined;
    }
    const problem = module.check?.(raw.issuer);
    if (problem) {
      report(`issuer.${problem.field}`, problem.problem, problem.fix, ['issuer', problem.field]);
      return undefined;
    }
    return { kind: 'issuer', issuerKind, config: Object.freeze({ ...raw.issuer }) };
  }
  report(
    'generate',
    'is missing, and so is issuer',
    'Add generate (such as base64url:32) to make a random value, or issuer to get it from its source.',
  );
  return undefined;
}

function resolveMaxAge(raw: unknown, report: Report): MaxAge | undefined {
  if (raw === undefined) {
    report(
      'max-age',
      'is not set here or in defaults',
      'Give a duration such as 90d, or on-compromise for a secret rotated only in emergencies.',
    );
    return undefined;
  }
  if (raw === 'on-compromise') return { kind: 'on-compromise' };
  const ms = parseDuration(raw as string) as number;
  if (ms === 0) {
    report('max-age', 'is 0', 'Give a duration such as 90d, or on-compromise.', ['max-age']);
    return undefined;
  }
  return { kind: 'duration', ms, text: raw as string };
}

function resolveVerify(raw: readonly Json[], report: Report): ManifestVerify[] {
  const checks: ManifestVerify[] = [];
  raw.forEach((check, position) => {
    const field = (name: string) => `verify[${position}].${name}`;
    const path = (name: string) => ['verify', position, name];
    let url: URL;
    try {
      url = new URL(check.url as string);
    } catch {
      report(
        field('url'),
        `is '${String(check.url)}', not a URL`,
        'Give an absolute URL such as https://api.example.com/v1/me.',
        path('url'),
      );
      return;
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      report(
        field('url'),
        `is '${check.url}', not https://`,
        'Credentials are sent only over https:// (http:// only to loopback, for emulators).',
        path('url'),
      );
      return;
    }
    if (url.username !== '' || url.password !== '') {
      report(
        field('url'),
        'holds a user name or password',
        'The value is the credential: remove the user info.',
        path('url'),
      );
      return;
    }
    let expect: StatusExpectation;
    try {
      expect = parseStatusList(String(check.expect ?? '2xx'));
    } catch (error) {
      if (!(error instanceof StatusListSyntaxError)) throw error;
      report(
        field('expect'),
        error.message,
        'Give statuses or classes separated by commas: 200, 2xx, 401,403.',
        path('expect'),
      );
      return;
    }
    const old = check.old === true;
    if (!old && expect.expectsRefusal) {
      report(
        field('expect'),
        `is '${expect.text}' for the new value`,
        'A check of the new value expects it accepted (2xx); add old: true to check the old value is refused.',
        path('expect'),
      );
      return;
    }
    const duration = (name: string, fallback: number) =>
      check[name] === undefined ? fallback : (parseDuration(check[name] as string) as number);
    checks.push(
      Object.freeze({
        url,
        method: (check.method as string | undefined) ?? 'GET',
        auth: (check.auth as string | undefined) ?? 'bearer',
        expect,
        old,
        withinMs: duration('within', 0),
        intervalMs: duration('interval', 10_000),
        timeoutMs: duration('timeout', 10_000),
      }),
    );
  });
  return checks;
}
