/**
 * Runs a GitHub Actions workflow file locally, for tests and the demo.
 *
 * The file is read by GitHub's own parser (`@actions/workflow-parser`: schema,
 * allowed contexts, `if:` normalisation); every expression is evaluated by
 * GitHub's own evaluator (`@actions/expressions`) over strict contexts (see
 * expressions.ts). Jobs run in `needs` order, matrices are expanded as GitHub
 * does (an empty one is an error, as on GitHub), `max-parallel` and
 * `concurrency` groups are honoured and recorded, reusable workflows are
 * called with their declared inputs and secrets, and permissions are computed
 * (workflow → job → caller's cap → read-only for fork pull requests).
 *
 * Steps: `uses: ./…` runs that action's committed bundle as the runner does
 * (runBundle: INPUT_* variables, output and summary files); `run:` runs in
 * bash; any other `uses:` must be pinned by commit SHA and have a declared
 * stand-in (stand-ins.ts), whose inputs are checked like a real action's.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { data } from '@actions/expressions';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type {
  Job,
  ReusableWorkflowJob,
  Step,
  WorkflowTemplate,
} from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { SequenceToken } from '@actions/workflow-parser/templates/tokens/sequence-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { parse as parseYaml } from 'yaml';
import { parseOutputFile, runBundle } from '../run-bundle';
import {
  asString,
  type EvaluationScope,
  evaluate,
  evaluateString,
  evaluateToken,
  fromData,
  isTruthy,
  type StatusFunctions,
  StrictDictionary,
  toData,
  WorkflowError,
} from './expressions';

export { WorkflowError } from './expressions';

// ---------------------------------------------------------------------------
// Loading

export interface LoadedWorkflow {
  file: string;
  source: string;
  template: WorkflowTemplate;
  root: MappingToken;
}

export async function loadWorkflow(file: string): Promise<LoadedWorkflow> {
  const source = await readFile(file, 'utf8');
  const parsed = parseWorkflow({ name: file, content: source }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((error) => error.message);
  if (problems.length > 0 || !parsed.value) throw new WorkflowError(`${file}: ${problems.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors && template.errors.length > 0) {
    throw new WorkflowError(`${file}: ${template.errors.map((error) => error.Message).join('; ')}`);
  }
  return { file, source, template, root: parsed.value as MappingToken };
}

function find(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token?.templateTokenType !== 2 /* mapping */) return undefined;
  return (token as MappingToken).find(key);
}

// ---------------------------------------------------------------------------
// Permissions

export type Access = 'none' | 'read' | 'write';
export type Permissions = Record<string, Access>;

export const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };

/** GitHub's "restricted" default for a workflow that sets no permissions. */
export const DEFAULT_PERMISSIONS: Permissions = { contents: 'read', packages: 'read' };

function allAt(access: Access): Permissions {
  return Object.fromEntries(PERMISSION_SCOPES.map((scope) => [scope, access]));
}

function readPermissions(value: unknown, where: string): Permissions | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'read-all') return allAt('read');
  if (value === 'write-all') return allAt('write');
  if (typeof value !== 'object')
    throw new WorkflowError(`${where}: permissions must be a mapping, read-all or write-all`);
  const permissions: Permissions = {};
  for (const [scope, access] of Object.entries(value as Record<string, unknown>)) {
    if (!(PERMISSION_SCOPES as readonly string[]).includes(scope)) {
      throw new WorkflowError(`${where}: unknown permission scope "${scope}"`);
    }
    if (access !== 'none' && access !== 'read' && access !== 'write') {
      throw new WorkflowError(`${where}: ${scope}: "${String(access)}" is not none, read or write`);
    }
    permissions[scope] = access;
  }
  return permissions;
}

function capPermissions(permissions: Permissions, cap: Permissions | undefined): Permissions {
  if (!cap) return permissions;
  const capped: Permissions = {};
  for (const [scope, access] of Object.entries(permissions)) {
    const limit = cap[scope] ?? 'none';
    capped[scope] = RANK[access] <= RANK[limit] ? access : limit;
  }
  return capped;
}

export function hasPermission(permissions: Permissions, scope: string, access: Access): boolean {
  return RANK[permissions[scope] ?? 'none'] >= RANK[access];
}

// ---------------------------------------------------------------------------
// Stand-ins for third-party actions

export interface StandInCall {
  /** `owner/repo[/path]` without the ref. */
  action: string;
  ref: string;
  with: Record<string, string>;
  env: Record<string, string>;
  workspace: string;
  permissions: Permissions;
  run: WorkflowRunState;
  job: JobRun;
}

export interface StandInResult {
  outputs?: Record<string, string>;
  /** Variables exported to the job's later steps (GITHUB_ENV). */
  env?: Record<string, string>;
  /** Values the runner masks from now on. */
  masks?: string[];
  /** A failure message: the step fails with it. */
  fail?: string;
}

export interface StandIn {
  /** The real action's inputs (a `with:` key outside this list is a mistake). */
  inputs: readonly string[];
  required?: readonly string[];
  outputs: readonly string[];
  run(call: StandInCall): Promise<StandInResult> | StandInResult;
}

// ---------------------------------------------------------------------------
// Running

export interface GitHubEvent {
  name: string;
  payload?: Record<string, unknown>;
}

export interface HarnessOptions {
  /** Files of each repository a checkout may ask for: `owner/repo` → directory. */
  repositories: Record<string, string>;
  /** The repository the run belongs to (the caller's); default: the first of `repositories`. */
  repository?: string;
  event: GitHubEvent;
  /** workflow_dispatch inputs, or workflow_call inputs when the file is run directly. */
  inputs?: Record<string, string | boolean | number>;
  /** The repository's secrets (for a fork pull request GitHub passes none: the harness drops them). */
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** The runner's environment (emulator endpoints…), below every workflow `env:`. */
  env?: Record<string, string>;
  standIns: Record<string, StandIn>;
  /** Resolves a job-level `uses:` (reusable workflow) to a local file. */
  reusableWorkflows?: (uses: string) => string | undefined;
  /** Extra `github` context fields. */
  github?: Record<string, unknown>;
  /**
   * Stand-ins for local actions whose bundle is not built yet, keyed by the
   * action's path in its repository (`actions/rotate`). Used only while
   * `dist/` is missing; inputs are still checked against the real action.yml.
   */
  pendingLocalActions?: Record<string, StandIn['run']>;
  /** Called with every log line as it happens (the demo prints them). */
  onLog?: (line: string) => void;
  /** A step runs at most this long (default 60 s). */
  stepTimeoutMs?: number;
}

export type Result = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepRun {
  id: string;
  name: string;
  uses?: string;
  outcome: Result;
  conclusion: Result;
  outputs: Record<string, string>;
  summary: string;
  error?: string;
}

export interface JobRun {
  /** `rotate` or `rotate (billing-api-token)`; nested jobs are prefixed with the caller job. */
  name: string;
  jobId: string;
  matrix?: Record<string, unknown>;
  concurrencyGroup?: string;
  permissions: Permissions;
  result: Result;
  steps: StepRun[];
  outputs: Record<string, string>;
  /** Why the job was skipped or failed before its steps. */
  reason?: string;
}

export interface Artifact {
  name: string;
  files: Record<string, string>;
  retentionDays?: number;
  job: string;
}

export interface SarifUpload {
  category: string;
  sarif: unknown;
  job: string;
}

export interface WorkflowRunState {
  options: HarnessOptions;
  artifacts: Map<string, Artifact>;
  sarifUploads: SarifUpload[];
  log: string[];
  masks: Set<string>;
  jobs: JobRun[];
  /** Peak number of instances of one matrix job running at once, per job name. */
  peakParallel: Map<string, number>;
  /** Peak number of jobs running at once in one concurrency group. */
  peakPerGroup: Map<string, number>;
  activeGroups: Map<string, number>;
}

export interface WorkflowRun {
  conclusion: Result;
  jobs: JobRun[];
  artifacts: Map<string, Artifact>;
  sarifUploads: SarifUpload[];
  peakParallel: Map<string, number>;
  peakPerGroup: Map<string, number>;
  /** The log as the runner shows it: masked values read `***`. */
  log: string;
  /** Job summaries, in order. */
  summaries: string[];
  job(name: string): JobRun;
  step(jobName: string, stepId: string): StepRun;
}

export async function runWorkflow(file: string, options: HarnessOptions): Promise<WorkflowRun> {
  const workflow = await loadWorkflow(file);
  const state: WorkflowRunState = {
    options,
    artifacts: new Map(),
    sarifUploads: [],
    log: [],
    masks: new Set(),
    jobs: [],
    peakParallel: new Map(),
    peakPerGroup: new Map(),
    activeGroups: new Map(),
  };
  const repository = options.repository ?? Object.keys(options.repositories)[0] ?? 'acme/app';
  const fork = isForkPullRequest(options.event);
  const secrets = fork ? {} : { ...(options.secrets ?? {}) };
  for (const value of Object.values(secrets)) if (value) state.masks.add(value);
  const token = `ghs_harness${randomBytes(12).toString('hex')}`;
  state.masks.add(token);

  const github = {
    repository,
    repository_owner: repository.split('/')[0],
    event_name: options.event.name,
    event: options.event.payload ?? {},
    sha: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/heads/main',
    ref_name: 'main',
    actor: 'octocat',
    triggering_actor: 'octocat',
    run_id: '4242',
    run_number: '7',
    run_attempt: '1',
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    workflow: workflowName(workflow),
    token,
    ...options.github,
  };
  const events = workflow.template.events;
  const triggered = options.event.name in events || 'workflow_call' in events;
  if (!triggered) throw new WorkflowError(`${file}: not triggered by ${options.event.name}`);
  const inputEvent =
    'workflow_call' in events ? 'workflow_call' : 'workflow_dispatch' in events ? 'workflow_dispatch' : undefined;
  const inputs = inputEvent
    ? readDeclaredInputs(file, declaredInputs(workflow, inputEvent), options.inputs ?? {}, github)
    : emptyInputs(options.inputs);
  const secretContext = events.workflow_call
    ? readDeclaredSecrets(file, events.workflow_call.secrets ?? {}, secrets, token)
    : // A repository secret nobody set reads '' on GitHub, and callers rely on
      // it (a token only set for some runs): only declared secrets are strict.
      (toData({ ...secrets, GITHUB_TOKEN: token }) as data.Dictionary);

  const conclusion = await runJobs(workflow, state, {
    github,
    inputs,
    secrets: secretContext,
    vars: options.vars ?? {},
    cap: fork ? allAt('read') : undefined,
    prefix: '',
    token,
  });
  const mask = (text: string) => maskText(text, state.masks);
  const jobNamed = (name: string): JobRun => {
    const job = state.jobs.find((candidate) => candidate.name === name);
    if (!job) throw new WorkflowError(`no job "${name}" ran (jobs: ${state.jobs.map((j) => j.name).join(', ')})`);
    return job;
  };
  return {
    conclusion,
    jobs: state.jobs,
    artifacts: state.artifacts,
    sarifUploads: state.sarifUploads,
    peakParallel: state.peakParallel,
    peakPerGroup: state.peakPerGroup,
    log: mask(state.log.join('\n')),
    summaries: state.jobs.flatMap((job) => job.steps.map((step) => mask(step.summary)).filter(Boolean)),
    job: jobNamed,
    step(jobName, stepId) {
      const job = jobNamed(jobName);
      const step = job.steps.find((candidate) => candidate.id === stepId);
      if (!step) throw new WorkflowError(`job "${jobName}" has no step "${stepId}"`);
      return step;
    },
  };
}

function workflowName(workflow: LoadedWorkflow): string {
  const name = find(workflow.root, 'name');
  return name && 'value' in name ? String((name as { value: unknown }).value) : workflow.file;
}

export function isForkPullRequest(event: GitHubEvent): boolean {
  if (event.name !== 'pull_request') return false;
  const head = (event.payload?.pull_request as { head?: { repo?: { fork?: boolean } } } | undefined)?.head;
  return head?.repo?.fork === true;
}

function strictNamed(where: string, values: Record<string, unknown>, deeper?: (path: string) => boolean) {
  const dictionary = new StrictDictionary(where);
  for (const [key, value] of Object.entries(values)) {
    dictionary.add(
      key,
      toData(value, (path) => deeper?.(path) ?? false),
    );
  }
  return dictionary;
}

function emptyInputs(given: Record<string, unknown> | undefined): StrictDictionary {
  if (given && Object.keys(given).length > 0) throw new WorkflowError('inputs given to a workflow that declares none');
  return new StrictDictionary('inputs');
}

interface InputDeclaration {
  type: string;
  required?: boolean;
  /** A literal, or `{ expression }` evaluated when the workflow is called. */
  default?: unknown;
  options?: string[];
}

function nearest(name: string, known: string[]): string {
  let best = '';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = above;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * Input declarations read from the parsed tokens: the converter of
 * @actions/workflow-parser 0.3.61 drops `type: number` (its InputType has no
 * number) and every default that is an expression.
 */
function declaredInputs(workflow: LoadedWorkflow, event: string): Record<string, InputDeclaration> {
  const declarations: Record<string, InputDeclaration> = {};
  const token = find(find(find(workflow.root, 'on'), event), 'inputs');
  if (token?.templateTokenType !== 2) return declarations;
  for (const pair of token as MappingToken) {
    const name = String((pair.key as { value?: unknown }).value);
    const literal = (key: string) => {
      const value = find(pair.value, key);
      return value && !value.isExpression ? (value as { value?: unknown }).value : undefined;
    };
    const defaultToken = find(pair.value, 'default');
    const options = find(pair.value, 'options');
    declarations[name] = {
      type: String(literal('type') ?? 'string'),
      ...(literal('required') === true ? { required: true } : {}),
      ...(defaultToken
        ? {
            default: defaultToken.isExpression
              ? { expression: (defaultToken as { expression?: string }).expression }
              : literal('default'),
          }
        : {}),
      ...(options && options.templateTokenType === 1
        ? {
            options: Array.from({ length: (options as SequenceToken).count }, (_, index) =>
              String(((options as SequenceToken).get(index) as { value?: unknown }).value),
            ),
          }
        : {}),
    };
  }
  return declarations;
}

function fromDefaultExpression(expression: string, where: string, github: Record<string, unknown>): unknown {
  return fromData(
    evaluate(expression, {
      contexts: { github: toData(github) },
      status: { success: () => true, failure: () => false, cancelled: () => false },
      where: `${where}: an input default`,
    }),
  );
}

function readDeclaredInputs(
  where: string,
  declared: Record<string, InputDeclaration>,
  given: Record<string, string | boolean | number>,
  github: Record<string, unknown> = {},
): StrictDictionary {
  const names = Object.keys(declared);
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new WorkflowError(`${where}: unexpected input "${name}"${nearest(name, names)}`);
  }
  const inputs = new StrictDictionary('inputs');
  for (const [name, declaration] of Object.entries(declared)) {
    let value: unknown = given[name];
    if (value === undefined) {
      if (declaration.required && declaration.default === undefined) {
        throw new WorkflowError(`${where}: input "${name}" is required`);
      }
      value =
        declaration.default && typeof declaration.default === 'object'
          ? fromDefaultExpression(String((declaration.default as { expression?: string }).expression), where, github)
          : declaration.default;
    }
    const typed = typeInput(where, name, declaration, value);
    inputs.add(name, toData(typed));
  }
  return inputs;
}

function typeInput(where: string, name: string, declaration: InputDeclaration, value: unknown): unknown {
  switch (declaration.type) {
    case 'boolean':
      if (value === undefined) return false;
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw new WorkflowError(`${where}: input "${name}" is a boolean, got ${JSON.stringify(value)}`);
    case 'number': {
      if (value === undefined) return 0;
      const number = Number(value);
      if (Number.isNaN(number))
        throw new WorkflowError(`${where}: input "${name}" is a number, got ${JSON.stringify(value)}`);
      return number;
    }
    case 'choice':
      if (value !== undefined && declaration.options && !declaration.options.includes(String(value))) {
        throw new WorkflowError(`${where}: input "${name}" must be one of ${declaration.options.join(', ')}`);
      }
      return value === undefined ? '' : String(value);
    default:
      return value === undefined ? '' : String(value);
  }
}

function readDeclaredSecrets(
  where: string,
  declared: Record<string, { required?: boolean }>,
  given: Record<string, string>,
  token: string,
  /** `secrets: inherit`: every caller secret comes along, declared or not. */
  inherited = false,
): StrictDictionary {
  const names = Object.keys(declared);
  for (const name of Object.keys(given)) {
    if (!(name in declared) && !inherited) {
      throw new WorkflowError(`${where}: unexpected secret "${name}"${nearest(name, names)}`);
    }
  }
  const secrets = new StrictDictionary('secrets');
  if (inherited)
    for (const [name, value] of Object.entries(given)) if (!(name in declared)) secrets.add(name, toData(value));
  for (const [name, declaration] of Object.entries(declared)) {
    const value = given[name];
    if (declaration.required && !value) throw new WorkflowError(`${where}: secret "${name}" is required`);
    secrets.add(name, toData(value ?? ''));
  }
  secrets.add('GITHUB_TOKEN', toData(token));
  return secrets;
}

interface WorkflowScope {
  github: Record<string, unknown>;
  inputs: StrictDictionary;
  secrets: data.Dictionary;
  vars: Record<string, string>;
  /** Permissions no job may exceed (a caller's, or read for forks). */
  cap: Permissions | undefined;
  prefix: string;
  token: string;
}

interface JobOutcome {
  result: Result;
  outputs: Record<string, string>;
}

async function runJobs(workflow: LoadedWorkflow, state: WorkflowRunState, scope: WorkflowScope): Promise<Result> {
  const jobs = workflow.template.jobs;
  const done = new Map<string, JobOutcome>();
  const pending = new Map(jobs.map((job) => [job.id.value, job]));
  const workflowPermissions = readPermissions(
    evaluateToken(find(workflow.root, 'permissions') ?? nullToken(), plainScope(scope, 'permissions')),
    `${workflow.file}: permissions`,
  );
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((job) => (job.needs ?? []).every((need) => done.has(need.value)));
    if (ready.length === 0)
      throw new WorkflowError(`${workflow.file}: jobs wait on each other: ${[...pending.keys()]}`);
    await Promise.all(
      ready.map(async (job) => {
        pending.delete(job.id.value);
        const outcome = await runJob(workflow, job, state, scope, done, workflowPermissions);
        done.set(job.id.value, outcome);
      }),
    );
  }
  const results = [...done.values()].map((outcome) => outcome.result);
  if (results.includes('failure')) return 'failure';
  if (results.includes('cancelled')) return 'cancelled';
  return 'success';
}

function nullToken(): TemplateToken {
  return { templateTokenType: -1, isExpression: false } as unknown as TemplateToken;
}

function plainScope(
  scope: WorkflowScope,
  where: string,
  extra: Record<string, data.ExpressionData> = {},
): EvaluationScope {
  return {
    contexts: {
      github: toData(scope.github),
      inputs: scope.inputs,
      vars: toData(scope.vars),
      ...extra,
    },
    status: { success: () => true, failure: () => false, cancelled: () => false },
    where,
  };
}

function needsContext(job: Job | ReusableWorkflowJob, done: Map<string, JobOutcome>): StrictDictionary {
  const needs = new StrictDictionary('needs');
  for (const need of job.needs ?? []) {
    const outcome = done.get(need.value);
    if (!outcome) continue;
    const entry = new StrictDictionary(`needs.${need.value}`);
    entry.add('result', toData(outcome.result));
    entry.add('outputs', strictNamed(`needs.${need.value}.outputs`, outcome.outputs));
    needs.add(need.value, entry);
  }
  return needs;
}

function jobStatus(job: Job | ReusableWorkflowJob, done: Map<string, JobOutcome>): StatusFunctions {
  const results = (job.needs ?? []).map((need) => done.get(need.value)?.result);
  return {
    success: () => results.every((result) => result === 'success'),
    failure: () => results.some((result) => result === 'failure'),
    cancelled: () => false,
  };
}

async function runJob(
  workflow: LoadedWorkflow,
  job: Job | ReusableWorkflowJob,
  state: WorkflowRunState,
  scope: WorkflowScope,
  done: Map<string, JobOutcome>,
  workflowPermissions: Permissions | undefined,
): Promise<JobOutcome> {
  const id = job.id.value;
  const name = `${scope.prefix}${id}`;
  const where = `${workflow.file}: jobs.${id}`;
  const raw = find(find(workflow.root, 'jobs'), id);
  const needs = needsContext(job, done);
  const jobScope = (extra: Record<string, data.ExpressionData>, at: string): EvaluationScope => ({
    ...plainScope(scope, `${where}.${at}`, { needs, secrets: scope.secrets, ...extra }),
    status: jobStatus(job, done),
  });
  const permissions = capPermissions(
    readPermissions(evaluateToken(find(raw, 'permissions') ?? nullToken(), jobScope({}, 'permissions')), where) ??
      workflowPermissions ??
      DEFAULT_PERMISSIONS,
    scope.cap,
  );

  const condition = job.if?.expression ?? 'success()';
  if (!isTruthy(evaluate(condition, jobScope({}, 'if')))) {
    // A skipped job's declared outputs read '' (its `needs` may still use them).
    const outputs: Record<string, string> = {};
    if (job.outputs) for (const pair of job.outputs) outputs[String((pair.key as { value?: unknown }).value)] = '';
    state.jobs.push({
      name,
      jobId: id,
      permissions,
      result: 'skipped',
      steps: [],
      outputs,
      reason: `if: ${condition}`,
    });
    return { result: 'skipped', outputs };
  }

  const strategy = job.strategy
    ? (evaluateToken(job.strategy, jobScope({}, 'strategy')) as Record<string, unknown>)
    : undefined;
  const combinations = strategy ? expandMatrix(strategy.matrix, `${where}.strategy.matrix`) : [undefined];
  const maxParallel = Number(strategy?.['max-parallel'] ?? combinations.length) || combinations.length;
  const failFast = strategy?.['fail-fast'] !== false;
  let running = 0;
  let failed = false;
  const results: JobOutcome[] = [];

  const runInstance = async (matrix: Record<string, unknown> | undefined, index: number): Promise<void> => {
    const label = matrix ? `${name} (${Object.values(matrix).map(String).join(', ')})` : name;
    const matrixData = strictNamed('matrix', matrix ?? {});
    const strategyData = toData({
      'fail-fast': failFast,
      'job-index': index,
      'job-total': combinations.length,
      'max-parallel': maxParallel,
    });
    const instanceScope = (at: string) => jobScope({ matrix: matrixData, strategy: strategyData }, at);
    if (failFast && failed) {
      state.jobs.push({
        name: label,
        jobId: id,
        permissions,
        result: 'cancelled',
        steps: [],
        outputs: {},
        ...(matrix ? { matrix } : {}),
      });
      results.push({ result: 'cancelled', outputs: {} });
      return;
    }
    const concurrency = job.concurrency ? evaluateToken(job.concurrency, instanceScope('concurrency')) : undefined;
    const group =
      typeof concurrency === 'string'
        ? concurrency
        : concurrency && typeof concurrency === 'object'
          ? String((concurrency as Record<string, unknown>).group ?? '')
          : undefined;
    if (group !== undefined) await enterGroup(state, group);
    running++;
    state.peakParallel.set(name, Math.max(state.peakParallel.get(name) ?? 0, running));
    try {
      const run: JobRun = {
        name: label,
        jobId: id,
        permissions,
        result: 'success',
        steps: [],
        outputs: {},
        ...(matrix ? { matrix } : {}),
        ...(group !== undefined ? { concurrencyGroup: group } : {}),
      };
      state.jobs.push(run);
      if (job.type === 'reusableWorkflowJob') {
        await callReusable(job, raw, run, state, scope, instanceScope, permissions);
      } else {
        await runSteps(workflow, job, raw, run, state, scope, instanceScope, permissions);
      }
      if (run.result === 'failure') failed = true;
      results.push({ result: run.result, outputs: run.outputs });
    } finally {
      running--;
      if (group !== undefined) leaveGroup(state, group);
    }
  };

  // max-parallel: at most that many instances at once, in matrix order.
  let next = 0;
  const workers = Array.from({ length: Math.min(maxParallel, combinations.length) }, async () => {
    while (next < combinations.length) {
      const index = next++;
      await runInstance(combinations[index], index);
    }
  });
  await Promise.all(workers);

  const result: Result = results.some((outcome) => outcome.result === 'failure')
    ? 'failure'
    : results.some((outcome) => outcome.result === 'cancelled')
      ? 'cancelled'
      : 'success';
  const outputs = Object.assign({}, ...results.map((outcome) => outcome.outputs)) as Record<string, string>;
  return { result, outputs };
}

async function enterGroup(state: WorkflowRunState, group: string): Promise<void> {
  // GitHub queues a job whose group is busy (cancel-in-progress: false).
  while ((state.activeGroups.get(group) ?? 0) > 0) await new Promise((resolve) => setImmediate(resolve));
  const now = (state.activeGroups.get(group) ?? 0) + 1;
  state.activeGroups.set(group, now);
  state.peakPerGroup.set(group, Math.max(state.peakPerGroup.get(group) ?? 0, now));
}

function leaveGroup(state: WorkflowRunState, group: string): void {
  state.activeGroups.set(group, (state.activeGroups.get(group) ?? 1) - 1);
}

/** GitHub's matrix expansion: the product of the vectors, minus `exclude`, plus `include`. */
export function expandMatrix(matrix: unknown, where: string): Record<string, unknown>[] {
  if (!matrix || typeof matrix !== 'object' || Array.isArray(matrix)) {
    throw new WorkflowError(`${where}: the matrix is ${JSON.stringify(matrix)}, not a mapping`);
  }
  const { include, exclude, ...vectors } = matrix as Record<string, unknown>;
  let combinations: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new WorkflowError(`${where}: matrix vector "${key}" does not contain any values`);
    }
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  if (Object.keys(vectors).length === 0) combinations = [];
  const matches = (combination: Record<string, unknown>, partial: Record<string, unknown>) =>
    Object.entries(partial).every(([key, value]) => JSON.stringify(combination[key]) === JSON.stringify(value));
  if (exclude !== undefined) {
    if (!Array.isArray(exclude)) throw new WorkflowError(`${where}: exclude must be a sequence`);
    combinations = combinations.filter((combination) =>
      exclude.every((partial) => !matches(combination, partial as Record<string, unknown>)),
    );
  }
  if (include !== undefined) {
    if (!Array.isArray(include)) throw new WorkflowError(`${where}: include must be a sequence`);
    const original = Object.keys(vectors);
    for (const entry of include as Record<string, unknown>[]) {
      const onOriginal = Object.fromEntries(Object.entries(entry).filter(([key]) => original.includes(key)));
      const targets = original.length > 0 ? combinations.filter((combination) => matches(combination, onOriginal)) : [];
      if (targets.length === 0) combinations.push({ ...entry });
      else for (const combination of targets) Object.assign(combination, entry, { ...combination, ...onOriginal });
    }
  }
  if (combinations.length === 0)
    throw new WorkflowError(`${where}: the matrix has no job (GitHub refuses an empty matrix)`);
  if (combinations.length > 256)
    throw new WorkflowError(`${where}: ${combinations.length} jobs, GitHub's limit is 256`);
  return combinations;
}

async function callReusable(
  job: ReusableWorkflowJob,
  raw: TemplateToken | undefined,
  run: JobRun,
  state: WorkflowRunState,
  scope: WorkflowScope,
  instanceScope: (at: string) => EvaluationScope,
  permissions: Permissions,
): Promise<void> {
  const uses = job.ref.value;
  const file = state.options.reusableWorkflows?.(uses);
  if (!file) throw new WorkflowError(`jobs.${run.jobId}: no local file for reusable workflow ${uses}`);
  const called = await loadWorkflow(file);
  const call = called.template.events.workflow_call;
  if (!call) throw new WorkflowError(`${file}: has no on.workflow_call, so ${uses} cannot call it`);
  const given = (evaluateToken(find(raw, 'with') ?? nullToken(), instanceScope('with')) ?? {}) as Record<
    string,
    unknown
  >;
  const inputs = readDeclaredInputs(
    `${uses} (called by jobs.${run.jobId})`,
    declaredInputs(called, 'workflow_call'),
    Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value as string | boolean | number])),
    scope.github,
  );
  let secretValues: Record<string, string>;
  if (job['inherit-secrets']) {
    secretValues = {};
    for (const pair of scope.secrets.pairs())
      if (pair.key !== 'GITHUB_TOKEN') secretValues[pair.key] = pair.value.coerceString();
  } else {
    const values = (evaluateToken(find(raw, 'secrets') ?? nullToken(), instanceScope('secrets')) ?? {}) as Record<
      string,
      unknown
    >;
    secretValues = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value ?? '')]));
  }
  const secrets = readDeclaredSecrets(
    `${uses} (called by jobs.${run.jobId})`,
    call.secrets ?? {},
    secretValues,
    scope.token,
    job['inherit-secrets'] === true,
  );
  const nestedJobsBefore = state.jobs.length;
  const result = await runJobs(called, state, {
    ...scope,
    inputs,
    secrets,
    cap: permissions,
    prefix: `${run.name} / `,
  });
  run.result = result;
  // workflow_call outputs: `value: ${{ jobs.X.outputs.Y }}`.
  const outputsToken = find(find(find(called.root, 'on'), 'workflow_call'), 'outputs');
  if (outputsToken && outputsToken.templateTokenType === 2) {
    const nested = state.jobs.slice(nestedJobsBefore);
    const jobsContext = new StrictDictionary('jobs');
    for (const nestedJob of nested) {
      if (jobsContext.get(nestedJob.jobId)) continue;
      const entry = new StrictDictionary(`jobs.${nestedJob.jobId}`);
      entry.add('result', toData(nestedJob.result));
      entry.add('outputs', strictNamed(`jobs.${nestedJob.jobId}.outputs`, nestedJob.outputs));
      jobsContext.add(nestedJob.jobId, entry);
    }
    for (const pair of outputsToken as MappingToken) {
      const key = String(evaluateToken(pair.key, instanceScope('outputs')));
      const value = find(pair.value, 'value');
      if (!value) continue;
      run.outputs[key] = evaluateString(value, { ...instanceScope(`outputs.${key}`), contexts: { jobs: jobsContext } });
    }
  }
}

// ---------------------------------------------------------------------------
// Steps

interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: string[];
  main: string;
}

async function readLocalAction(directory: string, where: string): Promise<ActionMetadata> {
  let text: string;
  try {
    text = await readFile(join(directory, 'action.yml'), 'utf8');
  } catch {
    throw new WorkflowError(`${where}: no action.yml in ${directory}`);
  }
  const action = parseYaml(text) as {
    inputs?: Record<string, { default?: unknown; required?: boolean }>;
    outputs?: Record<string, unknown>;
    runs?: { using?: string; main?: string };
  };
  if (action.runs?.using !== 'node24' || !action.runs.main) {
    throw new WorkflowError(`${where}: ${directory} is not a node24 action (runs.using: ${action.runs?.using})`);
  }
  const inputs: ActionMetadata['inputs'] = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    inputs[name] = {
      ...(input.default !== undefined ? { default: String(input.default) } : {}),
      ...(input.required ? { required: true } : {}),
    };
  }
  return { inputs, outputs: Object.keys(action.outputs ?? {}), main: join(directory, action.runs.main) };
}

function stepsOf(raw: TemplateToken | undefined): TemplateToken[] {
  const sequence = find(raw, 'steps');
  if (sequence?.templateTokenType !== 1 /* sequence */) return [];
  const list: TemplateToken[] = [];
  for (let index = 0; index < (sequence as SequenceToken).count; index++)
    list.push((sequence as SequenceToken).get(index));
  return list;
}

function maskText(text: string, masks: Set<string>): string {
  let masked = text;
  for (const value of [...masks].sort((a, b) => b.length - a.length)) {
    if (value.length >= 3) masked = masked.split(value).join('***');
  }
  return masked;
}

async function runSteps(
  workflow: LoadedWorkflow,
  job: Job,
  raw: TemplateToken | undefined,
  run: JobRun,
  state: WorkflowRunState,
  scope: WorkflowScope,
  instanceScope: (at: string) => EvaluationScope,
  permissions: Permissions,
): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'keyturn-job-'));
  const runnerTemp = join(workspace, '..', `${workspace.split('/').pop()}-temp`);
  await mkdir(runnerTemp, { recursive: true });
  const log = (line: string) => {
    const masked = maskText(`[${run.name}] ${line}`, state.masks);
    state.log.push(masked);
    state.options.onLog?.(masked);
  };
  const stepsContext = new StrictDictionary('steps');
  const exported: Record<string, string> = {};
  let jobFailed = false;
  const rawSteps = stepsOf(raw);
  const githubWithWorkspace = { ...scope.github, workspace, job: run.jobId };
  try {
    const baseEnv = () => {
      const env: Record<string, string> = {};
      for (const token of [find(workflow.root, 'env'), job.env]) {
        if (!token) continue;
        const values = evaluateToken(token, {
          ...instanceScope('env'),
          contexts: { ...instanceScope('env').contexts, github: toData(githubWithWorkspace) },
        }) as Record<string, unknown>;
        for (const [key, value] of Object.entries(values ?? {})) env[key] = value === null ? '' : String(value);
      }
      return { ...env, ...exported };
    };
    for (const [index, step] of job.steps.entries()) {
      const rawStep = rawSteps[index];
      const at = `steps[${index}]${step.id.startsWith('__') ? '' : ` (${step.id})`}`;
      const status: StatusFunctions = {
        success: () => !jobFailed,
        failure: () => jobFailed,
        cancelled: () => false,
      };
      const stepScope = (where: string, env: Record<string, string>): EvaluationScope => {
        const base = instanceScope(`${at}.${where}`);
        return {
          ...base,
          status,
          contexts: {
            ...base.contexts,
            github: toData(githubWithWorkspace),
            steps: stepsContext,
            env: toData(env),
            job: toData({ status: jobFailed ? 'failure' : 'success' }),
            runner: toData({ os: 'Linux', arch: 'X64', name: 'harness', temp: runnerTemp, tool_cache: runnerTemp }),
          },
        };
      };
      const env0 = baseEnv();
      const stepName = step.name ? evaluateString(step.name, stepScope('name', env0)) : describeStep(step);
      const record: StepRun = {
        id: step.id,
        name: stepName,
        outcome: 'skipped',
        conclusion: 'skipped',
        outputs: {},
        summary: '',
        ...('uses' in step ? { uses: step.uses.value } : {}),
      };
      run.steps.push(record);
      let declaredOutputs = await knownOutputs(step, workspace, state.options.standIns);
      const condition = step.if?.expression ?? 'success()';
      if (!isTruthy(evaluate(condition, stepScope('if', env0)))) {
        log(`skipped: ${stepName} (if: ${condition})`);
        addStep(stepsContext, step.id, record, declaredOutputs);
        continue;
      }
      const stepEnvToken = find(rawStep, 'env');
      const env = { ...env0 };
      if (stepEnvToken) {
        const values = evaluateToken(stepEnvToken, stepScope('env', env0)) as Record<string, unknown>;
        for (const [key, value] of Object.entries(values ?? {})) env[key] = value === null ? '' : String(value);
      }
      const continueOnError = isTruthy(
        toData(
          step['continue-on-error'] === undefined
            ? false
            : typeof step['continue-on-error'] === 'boolean'
              ? step['continue-on-error']
              : evaluateToken(step['continue-on-error'] as TemplateToken, stepScope('continue-on-error', env)),
        ),
      );
      log(`run: ${stepName}`);
      try {
        let result: StepOutcome;
        if ('uses' in step) {
          const withValues: Record<string, string> = {};
          const withToken = find(rawStep, 'with');
          if (withToken) {
            const values = evaluateToken(withToken, stepScope('with', env)) as Record<string, unknown>;
            for (const [key, value] of Object.entries(values ?? {})) {
              withValues[key] = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
            }
          }
          const uses = step.uses.value;
          const context = {
            workspace,
            runnerTemp,
            env,
            permissions,
            run,
            state,
            scope,
            log,
            where: `${workflow.file}: jobs.${run.jobId}.${at}`,
            stepScope: (w: string) => stepScope(w, env),
          };
          let ran: string[];
          ({ result, declaredOutputs: ran } = uses.startsWith('./')
            ? await runLocalAction(uses, withValues, context)
            : await runStandIn(uses, withValues, context, workflow.source));
          declaredOutputs = ran;
        } else if ('run' in step) {
          const script = evaluateString(step.run, stepScope('run', env));
          const directory = find(rawStep, 'working-directory');
          result = await runShell(script, {
            cwd: directory
              ? resolve(workspace, evaluateString(directory, stepScope('working-directory', env)))
              : workspace,
            env: runnerEnv(state, githubWithWorkspace, runnerTemp, env),
            timeoutMs: state.options.stepTimeoutMs ?? 60_000,
          });
        } else {
          throw new WorkflowError(`${at}: this kind of step is not supported by the harness`);
        }
        record.outputs = result.outputs;
        record.summary = result.summary;
        Object.assign(exported, result.env);
        for (const value of result.masks) state.masks.add(value);
        for (const line of result.log.split('\n'))
          if (line.trim() && !line.startsWith('::add-mask::')) log(`  ${line}`);
        record.outcome = result.failure === undefined ? 'success' : 'failure';
        if (result.failure !== undefined) record.error = maskText(result.failure, state.masks);
      } catch (error) {
        if (error instanceof WorkflowError) throw error;
        record.outcome = 'failure';
        record.error = (error as Error).message;
      }
      record.conclusion = record.outcome === 'failure' && continueOnError ? 'success' : record.outcome;
      if (record.outcome === 'failure') log(`failed: ${stepName}: ${record.error ?? ''}`);
      if (record.conclusion === 'failure') jobFailed = true;
      addStep(stepsContext, step.id, record, declaredOutputs);
    }
    run.result = jobFailed ? 'failure' : 'success';
    if (job.outputs) {
      for (const pair of job.outputs) {
        const key = String(evaluateToken(pair.key, instanceScope('outputs')));
        run.outputs[key] = evaluateString(pair.value, {
          ...instanceScope(`outputs.${key}`),
          contexts: { ...instanceScope('outputs').contexts, steps: stepsContext },
        });
      }
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
    await rm(runnerTemp, { recursive: true, force: true });
  }
}

function describeStep(step: Step): string {
  if ('uses' in step) return step.uses.value;
  if ('run' in step) return `run ${String((step.run as { value?: unknown }).value ?? '').split('\n')[0]}`;
  return step.id;
}

/**
 * The outputs a step can have, known before it runs: a local action's
 * action.yml, a stand-in's list. `undefined` when they cannot be known (a
 * `run:` step that did not run, an action not checked out yet): then reading
 * any of them is allowed, as on GitHub.
 */
async function knownOutputs(
  step: Step,
  workspace: string,
  standIns: Record<string, StandIn>,
): Promise<string[] | undefined> {
  if (!('uses' in step)) return undefined;
  const uses = step.uses.value;
  if (uses.startsWith('./')) {
    return readLocalAction(resolve(workspace, uses), uses).then(
      (action) => action.outputs,
      () => undefined,
    );
  }
  const standIn = standIns[uses.split('@')[0] ?? ''];
  return standIn ? [...standIn.outputs] : undefined;
}

function addStep(steps: StrictDictionary, id: string, record: StepRun, declared: string[] | undefined): void {
  const entry = new StrictDictionary(`steps.${id}`);
  if (declared === undefined && record.outcome === 'skipped') {
    entry.add('outputs', toData(record.outputs));
  } else {
    const outputs: Record<string, string> = Object.fromEntries((declared ?? []).map((name) => [name, '']));
    Object.assign(outputs, record.outputs);
    entry.add('outputs', strictNamed(`steps.${id}.outputs`, outputs));
  }
  entry.add('outcome', toData(record.outcome));
  entry.add('conclusion', toData(record.conclusion));
  steps.add(id, entry);
}

interface StepOutcome {
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
  log: string;
  masks: string[];
  failure?: string;
}

interface StepContext {
  workspace: string;
  runnerTemp: string;
  env: Record<string, string>;
  permissions: Permissions;
  run: JobRun;
  state: WorkflowRunState;
  scope: WorkflowScope;
  log: (line: string) => void;
  where: string;
  stepScope: (where: string) => EvaluationScope;
}

function runnerEnv(
  state: WorkflowRunState,
  github: Record<string, unknown>,
  runnerTemp: string,
  env: Record<string, string>,
): Record<string, string> {
  return {
    ...(state.options.env ?? {}),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: String(github.workspace),
    GITHUB_REPOSITORY: String(github.repository),
    GITHUB_REPOSITORY_OWNER: String(github.repository_owner),
    GITHUB_EVENT_NAME: String(github.event_name),
    GITHUB_SHA: String(github.sha),
    GITHUB_REF: String(github.ref),
    GITHUB_ACTOR: String(github.actor),
    GITHUB_RUN_ID: String(github.run_id),
    GITHUB_RUN_ATTEMPT: String(github.run_attempt),
    GITHUB_SERVER_URL: String(github.server_url),
    GITHUB_API_URL: String(github.api_url),
    GITHUB_WORKFLOW: String(github.workflow),
    GITHUB_JOB: String(github.job),
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...env,
  };
}

async function runLocalAction(
  uses: string,
  withValues: Record<string, string>,
  context: StepContext,
): Promise<{ result: StepOutcome; declaredOutputs: string[] }> {
  const directory = resolve(context.workspace, uses);
  const action = await readLocalAction(directory, context.where);
  const known = Object.keys(action.inputs);
  for (const name of Object.keys(withValues)) {
    if (!(name in action.inputs)) {
      throw new WorkflowError(`${context.where}: ${uses} has no input "${name}"${nearest(name, known)}`);
    }
  }
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    const given = withValues[name];
    if (given !== undefined) inputs[name] = given;
    else if (input.default !== undefined) {
      const scope = context.stepScope(`${uses} default of ${name}`);
      inputs[name] = input.default.includes('${{')
        ? asString(evaluate(defaultExpression(input.default), scope), scope.where)
        : input.default;
    } else if (input.required) throw new WorkflowError(`${context.where}: ${uses} requires input "${name}"`);
  }
  const github = { ...context.scope.github, workspace: context.workspace, job: context.run.jobId };
  const pending = Object.entries(context.state.options.pendingLocalActions ?? {}).find(([path]) =>
    uses.endsWith(`/${path}`),
  );
  if (pending && !(await stat(action.main).catch(() => undefined))) {
    context.log(`  (${uses}: no bundle yet, its declared stand-in runs)`);
    const outcome = await pending[1]({
      action: uses,
      ref: '',
      with: inputs,
      env: context.env,
      workspace: context.workspace,
      permissions: context.permissions,
      run: context.state,
      job: context.run,
    });
    return {
      declaredOutputs: action.outputs,
      result: {
        outputs: outcome.outputs ?? {},
        env: outcome.env ?? {},
        summary: '',
        log: '',
        masks: outcome.masks ?? [],
        ...(outcome.fail !== undefined ? { failure: outcome.fail } : {}),
      },
    };
  }
  if (!(await stat(action.main).catch(() => undefined))) {
    throw new Error(`${uses} has no bundle at ${action.main} (npm run build)`);
  }
  const bundle = await runBundle(action.main, {
    inputs,
    env: runnerEnv(context.state, github, context.runnerTemp, context.env),
    cwd: context.workspace,
    timeoutMs: context.state.options.stepTimeoutMs ?? 60_000,
  });
  const masks = [...`${bundle.stdout}\n${bundle.stderr}`.matchAll(/^::add-mask::(.*)$/gm)].map(
    (match) => match[1] ?? '',
  );
  const errors = [...bundle.stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((match) => match[1] ?? '');
  return {
    declaredOutputs: action.outputs,
    result: {
      outputs: bundle.outputs,
      env: {},
      summary: bundle.summary,
      log: `${bundle.stdout}${bundle.stderr}`,
      masks,
      ...(bundle.code === 0 ? {} : { failure: errors.join('; ') || `exit ${bundle.code}` }),
    },
  };
}

/** `text ${{ expr }} more` as one format() expression, as the workflow parser writes it. */
function defaultExpression(text: string): string {
  const parts: string[] = [];
  const args: string[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) break;
    const end = rest.indexOf('}}', start);
    if (end < 0) break;
    parts.push(
      rest
        .slice(0, start)
        .replace(/'/g, "''")
        .replace(/[{}]/g, (brace) => brace + brace),
    );
    parts.push(`{${args.length}}`);
    args.push(rest.slice(start + 3, end).trim());
    rest = rest.slice(end + 2);
  }
  parts.push(rest.replace(/'/g, "''").replace(/[{}]/g, (brace) => brace + brace));
  return `format('${parts.join('')}'${args.map((arg) => `, ${arg}`).join('')})`;
}

const PINNED = /^([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40})$/;

async function runStandIn(
  uses: string,
  withValues: Record<string, string>,
  context: StepContext,
  source: string,
): Promise<{ result: StepOutcome; declaredOutputs: string[] }> {
  const pinned = PINNED.exec(uses);
  if (!pinned) throw new WorkflowError(`${context.where}: ${uses} is not pinned to a full commit SHA`);
  const [, action = '', ref = ''] = pinned;
  const line = source.split('\n').find((candidate) => candidate.includes(uses));
  if (!line || !/#\s*v\d/.test(line)) {
    throw new WorkflowError(`${context.where}: ${uses} has no version comment (# vX.Y.Z) on its line`);
  }
  const standIn = context.state.options.standIns[action];
  if (!standIn) throw new WorkflowError(`${context.where}: no stand-in declared for ${action}`);
  for (const name of Object.keys(withValues)) {
    if (!standIn.inputs.includes(name)) {
      throw new WorkflowError(
        `${context.where}: ${action} has no input "${name}"${nearest(name, [...standIn.inputs])}`,
      );
    }
  }
  for (const name of standIn.required ?? []) {
    if (!withValues[name]) throw new WorkflowError(`${context.where}: ${action} requires input "${name}"`);
  }
  const outcome = await standIn.run({
    action,
    ref,
    with: withValues,
    env: context.env,
    workspace: context.workspace,
    permissions: context.permissions,
    run: context.state,
    job: context.run,
  });
  return {
    declaredOutputs: [...standIn.outputs],
    result: {
      outputs: outcome.outputs ?? {},
      env: outcome.env ?? {},
      summary: '',
      log: '',
      masks: outcome.masks ?? [],
      ...(outcome.fail !== undefined ? { failure: outcome.fail } : {}),
    },
  };
}

async function runShell(
  script: string,
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<StepOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-run-'));
  try {
    const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STEP_SUMMARY: 'summary', GITHUB_PATH: 'path' };
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...options.env };
    for (const [name, file] of Object.entries(files)) {
      env[name] = join(dir, file);
      await writeFile(env[name], '');
    }
    await writeFile(join(dir, 'script.sh'), script);
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'script.sh')], {
      cwd: options.cwd,
      env,
      stdio: 'pipe',
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    const read = (file: string) => readFile(join(dir, file), 'utf8');
    return {
      outputs: parseOutputFile(await read('output')),
      env: parseOutputFile(await read('env')),
      summary: await read('summary'),
      log,
      masks: [...log.matchAll(/^::add-mask::(.*)$/gm)].map((match) => match[1] ?? ''),
      ...(code === 0 ? {} : { failure: `exit ${code}` }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
