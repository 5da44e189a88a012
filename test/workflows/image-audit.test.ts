/**
 * keyturn-image-audit.yml, run through the harness from the example caller
 * (examples/workflows/image-audit.yml) on pull_request events: the build step
 * runs in bash with a fake `docker` on PATH (build: nothing; save: an image
 * archive made here), audit-image runs as its committed bundle, code scanning
 * and artifacts are the declared stand-ins.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { legacyDockerArchive, tokens } from '@keyturn/image-audit/testing';
import { runWorkflow } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallerRepository, callerRepository, exampleFile, fakeDocker, harnessOptions } from './setup';

function pullRequest(fork: boolean) {
  return {
    name: 'pull_request',
    payload: {
      pull_request: {
        number: 7,
        head: { repo: { fork, full_name: fork ? 'someone/app' : 'acme/app' } },
        base: { repo: { full_name: 'acme/app' } },
      },
    },
  };
}

let caller: CallerRepository;
let leaked: string;

async function image(withSecret: boolean): Promise<string> {
  const items = [{ path: 'app/main.js', content: "console.log('hello');\n" }];
  if (withSecret) items.push({ path: 'app/.env', content: `GITHUB_TOKEN=${leaked}\n` });
  const archive = await legacyDockerArchive({
    layers: [{ items, createdBy: 'COPY app /app' }],
    cmd: ['node', '/app/main.js'],
  });
  const path = join(caller.dir, '..', withSecret ? 'dirty.tar' : 'clean.tar');
  await writeFile(path, archive);
  return path;
}

beforeEach(async () => {
  leaked = tokens.githubPat();
  caller = await callerRepository({ Dockerfile: 'FROM scratch\nCOPY app /app\n' });
  await fakeDocker(caller);
});
afterEach(() => caller.remove());

describe('keyturn-image-audit.yml', () => {
  it('passes a clean image, uploads its SARIF to code scanning and keeps it as an artifact', async () => {
    const run = await runWorkflow(
      exampleFile('image-audit.yml'),
      harnessOptions(caller, { event: pullRequest(false), env: { KEYTURN_TEST_IMAGE: await image(false) } }),
    );
    expect(run.conclusion, run.log).toBe('success');
    const audit = run.job('image-audit / audit');
    expect(audit.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(run.step('image-audit / audit', 'audit').outputs.findings).toBe('0');
    expect(run.sarifUploads).toHaveLength(1);
    expect(run.sarifUploads[0]?.category).toBe('keyturn-image-audit');
    const artifact = run.artifacts.get('keyturn-image-audit');
    expect(Object.keys(artifact?.files ?? {}).sort()).toEqual(['keyturn-audit.jsonl', 'keyturn-image-audit.sarif']);
    expect(artifact?.retentionDays).toBe(14);
    expect(artifact?.files['keyturn-audit.jsonl']).toContain('image.audit.completed');
    expect(run.job('image-audit').outputs.findings).toBe('0');
  });

  it('fails on a baked-in token, still uploads the findings, and never shows the token', async () => {
    const run = await runWorkflow(
      exampleFile('image-audit.yml'),
      harnessOptions(caller, { event: pullRequest(false), env: { KEYTURN_TEST_IMAGE: await image(true) } }),
    );
    expect(run.conclusion).toBe('failure');
    const audit = run.step('image-audit / audit', 'audit');
    expect(audit.outcome).toBe('failure');
    expect(Number(audit.outputs.findings)).toBeGreaterThan(0);
    expect(run.sarifUploads).toHaveLength(1);
    expect(JSON.stringify(run.sarifUploads[0]?.sarif)).toContain('app/.env');
    expect(run.artifacts.get('keyturn-image-audit')).toBeDefined();
    const everything = [run.log, JSON.stringify(run.sarifUploads), JSON.stringify([...run.artifacts.values()])].join();
    expect(everything).not.toContain(leaked);
    expect(everything).not.toContain(leaked.slice(4, 20));
  });

  it('works for a pull request from a fork: no secrets, a read-only token, the audit still decides', async () => {
    const run = await runWorkflow(
      exampleFile('image-audit.yml'),
      harnessOptions(caller, {
        event: pullRequest(true),
        // A fork's run gets none of these; the harness drops them as GitHub does.
        secrets: { SOME_SECRET: 'never-reaches-a-fork' },
        env: { KEYTURN_TEST_IMAGE: await image(false) },
      }),
    );
    expect(run.conclusion, run.log).toBe('success');
    expect(run.job('image-audit / audit').permissions).toEqual({ contents: 'read', 'security-events': 'read' });
    const upload = run.jobs.flatMap((job) => job.steps).find((step) => step.name === 'Findings to code scanning');
    expect(upload?.outcome).toBe('failure');
    expect(upload?.conclusion).toBe('success');
    expect(run.sarifUploads).toHaveLength(0);
    expect(run.artifacts.get('keyturn-image-audit')).toBeDefined();
  });
});
