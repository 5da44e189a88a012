/**
 * Workflow expressions evaluated with GitHub's own parser and evaluator
 * (`@actions/expressions`), over contexts that are stricter than the real
 * runner's: reading a step output, a job output, a matrix field, an input or a
 * secret that does not exist is an error naming what does exist, where GitHub
 * would quietly yield ''. That is what makes a misspelled output fail a test.
 */
import { data, Evaluator, type Expr, Lexer, Parser } from '@actions/expressions';
import type { IndexAccess } from '@actions/expressions/ast';
import { Star } from '@actions/expressions/ast';
import type { FunctionDefinition, FunctionInfo } from '@actions/expressions/funcs/info';
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

/** A wiring mistake found while running a workflow: the test fails with it. */
export class WorkflowError extends Error {
  override name = 'WorkflowError';
}

export const CONTEXT_NAMES = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
] as const;

/** A dictionary whose missing keys are mistakes, not empty strings. */
export class StrictDictionary extends data.Dictionary {
  readonly where: string;
  constructor(where: string) {
    super();
    this.where = where;
  }
}

/** Plain JS (from JSON) into expression data; objects become strict when `strict` says so. */
export function toData(value: unknown, strict?: (path: string) => boolean, path = ''): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) {
    const array = new data.Array();
    value.forEach((item, index) => {
      array.add(toData(item, strict, `${path}[${index}]`));
    });
    return array;
  }
  if (value instanceof data.Dictionary || value instanceof data.Array) return value;
  const dictionary = strict?.(path) ? new StrictDictionary(path) : new data.Dictionary();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    dictionary.add(key, toData(item, strict, path ? `${path}.${key}` : key));
  }
  return dictionary;
}

/** Expression data back into plain JS. */
export function fromData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null');
}

/** How GitHub turns an expression's result into an input's string. */
export function asString(value: data.ExpressionData, where: string): string {
  switch (value.kind) {
    case data.Kind.Null:
      return '';
    case data.Kind.Array:
    case data.Kind.Dictionary:
      throw new WorkflowError(`${where}: an ${data.Kind[value.kind]} where a string was expected (use toJSON())`);
    default:
      return value.coerceString();
  }
}

/** Status functions the runner adds to the well-known ones. */
export interface StatusFunctions {
  success(): boolean;
  failure(): boolean;
  cancelled(): boolean;
}

const STATUS_FUNCTIONS: FunctionInfo[] = [
  { name: 'success', minArgs: 0, maxArgs: 0 },
  { name: 'always', minArgs: 0, maxArgs: 0 },
  { name: 'failure', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', minArgs: 0, maxArgs: 0 },
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

class StrictEvaluator extends Evaluator {
  private readonly source: string;
  constructor(expression: Expr, context: data.Dictionary, functions: Map<string, FunctionDefinition>, source: string) {
    super(expression, context, functions);
    this.source = source;
  }

  override visitIndexAccess(access: IndexAccess): data.ExpressionData {
    if (!(access.index instanceof Star)) {
      const target = this.eval(access.expr);
      if (target instanceof StrictDictionary) {
        const key = this.eval(access.index).coerceString();
        if (target.get(key) === undefined) {
          const known = target.pairs().map((pair) => pair.key);
          throw new WorkflowError(
            `\${{ ${this.source} }}: ${target.where || 'the context'} has no "${key}"` +
              ` (it has: ${known.length > 0 ? known.join(', ') : 'nothing'})`,
          );
        }
      }
    }
    return super.visitIndexAccess(access);
  }
}

export interface EvaluationScope {
  contexts: Record<string, data.ExpressionData>;
  status: StatusFunctions;
  /** Where the expression is, for messages: `jobs.rotate.steps[2].with.secret`. */
  where: string;
}

export function parseExpression(source: string, where: string): Expr {
  try {
    const lexed = new Lexer(source).lex();
    return new Parser(lexed.tokens, [...CONTEXT_NAMES], STATUS_FUNCTIONS).parse();
  } catch (error) {
    throw new WorkflowError(`${where}: \${{ ${source} }} does not parse: ${(error as Error).message}`);
  }
}

export function evaluate(source: string, scope: EvaluationScope): data.ExpressionData {
  const expression = parseExpression(source, scope.where);
  const context = new data.Dictionary();
  for (const [name, value] of Object.entries(scope.contexts)) context.add(name, value);
  const functions = new Map<string, FunctionDefinition>([
    ['success', { name: 'success', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status.success()) }],
    ['always', { name: 'always', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) }],
    ['failure', { name: 'failure', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status.failure()) }],
    [
      'cancelled',
      { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status.cancelled()) },
    ],
    [
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: () => {
          throw new WorkflowError(`${scope.where}: hashFiles() is not supported by the harness`);
        },
      },
    ],
  ]);
  try {
    return new StrictEvaluator(expression, context, functions, source).evaluate();
  } catch (error) {
    if (error instanceof WorkflowError) throw new WorkflowError(`${scope.where}: ${error.message}`);
    throw new WorkflowError(`${scope.where}: \${{ ${source} }} failed: ${(error as Error).message}`);
  }
}

export function isTruthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null:
      return false;
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Number: {
      const number = value.number();
      return number !== 0 && !Number.isNaN(number);
    }
    case data.Kind.String:
      return value.coerceString() !== '';
    default:
      return true;
  }
}

/** A parsed template token (a `with:` map, a matrix, a value) evaluated to plain JS. */
export function evaluateToken(token: TemplateToken, scope: EvaluationScope): unknown {
  if (isBasicExpression(token)) return fromData(evaluate(token.expression, scope));
  if (isString(token)) return token.value;
  if (isNumber(token)) return token.value;
  if (isBoolean(token)) return token.value;
  if (isSequence(token)) {
    const items: unknown[] = [];
    for (let index = 0; index < token.count; index++) {
      items.push(evaluateToken(token.get(index), { ...scope, where: `${scope.where}[${index}]` }));
    }
    return items;
  }
  if (isMapping(token)) {
    const object: Record<string, unknown> = {};
    for (const pair of token) {
      const key = String(evaluateToken(pair.key, scope));
      object[key] = evaluateToken(pair.value, { ...scope, where: `${scope.where}.${key}` });
    }
    return object;
  }
  if (token.isExpression)
    throw new WorkflowError(`${scope.where}: ${token.typeName()} is not supported by the harness`);
  return null;
}

/** A token evaluated to the string a runner would pass (an input, an env value). */
export function evaluateString(token: TemplateToken, scope: EvaluationScope): string {
  if (isBasicExpression(token)) return asString(evaluate(token.expression, scope), scope.where);
  const value = evaluateToken(token, scope);
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    throw new WorkflowError(`${scope.where}: a mapping or sequence where a string was expected`);
  return String(value);
}
