import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EmulatorRequest } from './emulator';

/**
 * Checks requests against GitHub's official OpenAPI description
 * (@octokit/openapi, generated/api.github.com.json): the method and path must
 * be an operation GitHub has, path and query parameters must fit their
 * schemas, and a JSON body must hold every required field with the declared
 * type, enum and pattern. An emulator that accepted what GitHub refuses would
 * let a broken client pass its tests; this is the guard against that.
 *
 * The description is 13 MB: it is read once per process, on first use.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

interface Description {
  paths: Record<string, Record<string, Operation | Parameter[] | unknown>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
}

interface CompiledPath {
  template: string;
  segments: number;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  item: Record<string, unknown>;
}

export interface GitHubOperation {
  template: string;
  method: string;
  operationId: string | undefined;
}

interface Loaded {
  description: Description;
  /** By segment count, most literal first: a request is only tried against
   * templates of its own length. */
  bySegments: Map<number, CompiledPath[]>;
}

let loaded: Loaded | undefined;

/** Where the description is, resolved like any other package file. */
export function githubOpenApiPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

/** Reads the description now, so the first request is not the one that pays. */
export function preloadGitHubOpenApi(): void {
  load();
}

function candidatesFor(path: string): CompiledPath[] {
  const segments = path.split('/').length;
  return (load().bySegments.get(segments) ?? []).filter((compiled) => compiled.pattern.test(path));
}

function load(): Loaded {
  if (loaded) return loaded;
  const description = JSON.parse(readFileSync(githubOpenApiPath(), 'utf8')) as Description;
  const paths = Object.entries(description.paths).map(([template, item]) => {
    const names: string[] = [];
    let literalSegments = 0;
    const source = template
      .split('/')
      .map((segment) => {
        const parameter = /^\{([^}]+)\}$/.exec(segment);
        if (parameter) {
          names.push(parameter[1] ?? '');
          return '([^/]+)';
        }
        literalSegments++;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    const segments = template.split('/').length;
    return { template, segments, pattern: new RegExp(`^${source}$`), names, literalSegments, item };
  });
  // The most literal template wins: /actions/secrets/public-key, not /actions/secrets/{secret_name}.
  paths.sort((a, b) => b.literalSegments - a.literalSegments);
  const bySegments = new Map<number, CompiledPath[]>();
  for (const compiled of paths) {
    const group = bySegments.get(compiled.segments) ?? [];
    group.push(compiled);
    bySegments.set(compiled.segments, group);
  }
  loaded = { description, bySegments };
  return loaded;
}

function resolve<T extends { $ref?: string }>(description: Description, value: T): T {
  let current: T = value;
  for (let hops = 0; current.$ref !== undefined && hops < 20; hops++) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    let target: unknown = description;
    for (const part of path) target = (target as Record<string, unknown>)[part];
    current = target as T;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** A small JSON Schema check: the keywords GitHub's description uses for
 * request bodies and parameters. Returns one line per problem. */
export function schemaProblems(description: Description, schema: Schema, value: unknown, where: string): string[] {
  const resolved = resolve(description, schema);
  if (resolved.anyOf || resolved.oneOf) {
    const options = resolved.anyOf ?? resolved.oneOf ?? [];
    const fits = options.some((option) => schemaProblems(description, option, value, where).length === 0);
    return fits ? [] : [`${where} matches none of the allowed shapes`];
  }
  const problems: string[] = [];
  for (const part of resolved.allOf ?? []) problems.push(...schemaProblems(description, part, value, where));
  const actual = typeOf(value);
  if (resolved.type !== undefined) {
    const allowed = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
    if (resolved.nullable) allowed.push('null');
    if (!allowed.some((type) => typeMatches(type, actual))) {
      return [...problems, `${where} is ${actual}, GitHub expects ${allowed.join(' or ')}`];
    }
  }
  if (value === null) return problems;
  if (resolved.enum && !resolved.enum.includes(value)) {
    problems.push(`${where} is ${JSON.stringify(value)}, not one of ${JSON.stringify(resolved.enum)}`);
  }
  if (typeof value === 'string') {
    if (resolved.pattern !== undefined && !new RegExp(resolved.pattern, 'u').test(value)) {
      problems.push(`${where} does not match the pattern ${resolved.pattern}`);
    }
    if (resolved.minLength !== undefined && value.length < resolved.minLength) {
      problems.push(`${where} is shorter than ${resolved.minLength}`);
    }
    if (resolved.maxLength !== undefined && value.length > resolved.maxLength) {
      problems.push(`${where} is longer than ${resolved.maxLength}`);
    }
  }
  if (typeof value === 'number') {
    if (resolved.minimum !== undefined && value < resolved.minimum)
      problems.push(`${where} is below ${resolved.minimum}`);
    if (resolved.maximum !== undefined && value > resolved.maximum)
      problems.push(`${where} is above ${resolved.maximum}`);
  }
  if (Array.isArray(value) && resolved.items) {
    value.forEach((item, index) => {
      problems.push(...schemaProblems(description, resolved.items as Schema, item, `${where}[${index}]`));
    });
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of resolved.required ?? []) {
      if (!(name in record)) problems.push(`${where} lacks the required field '${name}'`);
    }
    for (const [name, field] of Object.entries(record)) {
      const property = resolved.properties?.[name];
      if (property) problems.push(...schemaProblems(description, property, field, `${where}.${name}`));
      else if (resolved.additionalProperties === false) problems.push(`${where} has unknown field '${name}'`);
    }
  }
  return problems;
}

/** The operation a method and path name, or undefined when GitHub has none. */
export function findGitHubOperation(method: string, path: string): GitHubOperation | undefined {
  const lower = method.toLowerCase();
  for (const compiled of candidatesFor(path)) {
    const operation = compiled.item[lower] as Operation | undefined;
    if (operation) return { template: compiled.template, method: lower, operationId: operation.operationId };
  }
  return undefined;
}

function parameterValue(schema: Schema | undefined, raw: string): unknown {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** Every way `request` departs from GitHub's description; empty when none. */
export function validateGitHubRequest(request: EmulatorRequest): string[] {
  const { description } = load();
  const method = request.method.toLowerCase();
  const candidates = candidatesFor(request.path);
  if (candidates.length === 0) return [`GitHub's API has no path like ${request.path}`];
  const compiled = candidates.find((candidate) => candidate.item[method] !== undefined);
  if (!compiled) {
    return [`GitHub's API has no ${request.method} on ${candidates[0]?.template ?? request.path}`];
  }
  const operation = compiled.item[method] as Operation;
  const problems: string[] = [];
  const found = compiled.pattern.exec(request.path);
  const pathValues = new Map(compiled.names.map((name, index) => [name, decodeURIComponent(found?.[index + 1] ?? '')]));
  const shared = (compiled.item.parameters as Parameter[] | undefined) ?? [];
  for (const reference of [...shared, ...(operation.parameters ?? [])]) {
    const parameter = resolve(description, reference);
    const raw = parameter.in === 'path' ? pathValues.get(parameter.name) : request.query.get(parameter.name);
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    if (raw === undefined || raw === null) {
      if (parameter.required) problems.push(`the required ${parameter.in} parameter '${parameter.name}' is missing`);
      continue;
    }
    if (parameter.schema) {
      const value = parameterValue(parameter.schema, raw);
      problems.push(
        ...schemaProblems(description, parameter.schema, value, `${parameter.in} parameter ${parameter.name}`),
      );
    }
  }

  const body = operation.requestBody;
  const jsonSchema = body?.content?.['application/json']?.schema;
  if (request.body.trim() === '') {
    if (body?.required) problems.push('the request body is required but empty');
  } else if (!body) {
    problems.push(`${request.method} ${compiled.template} takes no request body`);
  } else if (jsonSchema) {
    const contentType = String(request.headers['content-type'] ?? '');
    if (!contentType.includes('application/json')) problems.push(`content-type is '${contentType}', not JSON`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return [...problems, 'the request body is not JSON'];
    }
    problems.push(...schemaProblems(description, jsonSchema, parsed, 'body'));
  }
  return problems;
}
