/**
 * What every keyturn workflow and example caller promises, checked on the
 * files as GitHub's parser reads them (including steps a test run skips):
 * top-level `permissions: {}`, explicit permissions on every job, third-party
 * actions pinned by commit SHA with a version comment (one SHA per action
 * across the repository), every checkout without persisted credentials,
 * AWS only through OIDC, and never pull_request_target.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkflow } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { ROOT } from './setup';

const files = [
  ...readdirSync(join(ROOT, '.github', 'workflows'))
    .filter((name) => name.startsWith('keyturn-') || name === 'release.yml')
    .map((name) => join(ROOT, '.github', 'workflows', name)),
  ...readdirSync(join(ROOT, 'examples', 'workflows')).map((name) => join(ROOT, 'examples', 'workflows', name)),
];

interface RawStep {
  uses?: string;
  with?: Record<string, unknown>;
}

describe.each(files.map((file) => [file.slice(ROOT.length), file]))('%s', (_name, file) => {
  it('keeps the promises', async () => {
    const workflow = await loadWorkflow(file);
    const { parse } = await import('yaml');
    const raw = parse(workflow.source) as {
      on: Record<string, unknown>;
      permissions?: unknown;
      jobs: Record<string, { permissions?: unknown; steps?: RawStep[]; uses?: string }>;
    };
    expect(raw.permissions).toEqual({});
    expect(Object.keys(raw.on)).not.toContain('pull_request_target');
    for (const [id, job] of Object.entries(raw.jobs)) {
      expect(job.permissions, `jobs.${id}.permissions`).toBeDefined();
      for (const step of job.steps ?? []) {
        const uses = step.uses ?? '';
        if (!uses || uses.startsWith('./')) continue;
        expect(uses, `jobs.${id}: ${uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        const line = workflow.source.split('\n').find((text) => text.includes(uses)) ?? '';
        expect(line, `jobs.${id}: ${uses} has a version comment`).toMatch(/# v\d+\.\d+\.\d+$/);
        if (uses.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
        if (uses.startsWith('aws-actions/configure-aws-credentials@')) {
          expect(step.with?.['role-to-assume']).toBeTruthy();
          expect(step.with?.['aws-access-key-id']).toBeUndefined();
          expect(job.permissions).toMatchObject({ 'id-token': 'write' });
        }
      }
    }
  });
});

it('one commit per third-party action across all workflows', async () => {
  const pins = new Map<string, Set<string>>();
  for (const file of [...files, join(ROOT, '.github', 'workflows', 'ci.yml')]) {
    const source = (await loadWorkflow(file)).source;
    for (const [, action = '', sha = ''] of source.matchAll(/uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40})/g)) {
      if (action.startsWith('acme/keyturn/')) continue;
      pins.set(action, (pins.get(action) ?? new Set()).add(sha));
    }
  }
  for (const [action, shas] of pins) expect([...shas], action).toHaveLength(1);
});
