/**
 * What every workflow test shares: the keyturn repository (this worktree) as
 * `acme/keyturn`, a caller repository made in a temporary directory, job-level
 * `uses: acme/keyturn/.github/workflows/X.yml@SHA` resolved to this
 * worktree's file, and the declared stand-ins.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultStandIns, type HarnessOptions, type StandIn } from '@keyturn/testkit';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const KEYTURN_SHA = '0123456789abcdef0123456789abcdef01234567';

export const workflowFile = (name: string) => join(ROOT, '.github', 'workflows', name);
export const exampleFile = (name: string) => join(ROOT, 'examples', 'workflows', name);

export function resolveReusable(uses: string): string | undefined {
  const match = /^acme\/keyturn\/(\.github\/workflows\/[\w.-]+\.yml)@([0-9a-f]{40})$/.exec(uses);
  return match?.[1] ? join(ROOT, match[1]) : undefined;
}

export interface CallerRepository {
  dir: string;
  /** A directory to put first on PATH (fake commands such as docker). */
  bin: string;
  write(path: string, content: string, mode?: number): Promise<void>;
  remove(): Promise<void>;
}

export async function callerRepository(files: Record<string, string> = {}): Promise<CallerRepository> {
  const root = await mkdtemp(join(tmpdir(), 'keyturn-caller-'));
  const dir = join(root, 'repo');
  const bin = join(root, 'bin');
  await mkdir(dir);
  await mkdir(bin);
  const write = async (path: string, content: string, mode?: number) => {
    const target = path.startsWith('/') ? path : join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    if (mode !== undefined) await chmod(target, mode);
  };
  for (const [path, content] of Object.entries(files)) await write(path, content);
  return { dir, bin, write, remove: () => rm(root, { recursive: true, force: true }) };
}

export function harnessOptions(
  caller: CallerRepository,
  options: Partial<HarnessOptions> & Pick<HarnessOptions, 'event'>,
  standIns: Record<string, StandIn> = defaultStandIns(),
): HarnessOptions {
  return {
    repositories: { 'acme/app': caller.dir, 'acme/keyturn': ROOT },
    repository: 'acme/app',
    reusableWorkflows: resolveReusable,
    standIns,
    ...options,
    env: { PATH: `${caller.bin}:${process.env.PATH ?? ''}`, ...options.env },
  };
}

const FAKE_DOCKER = `#!/usr/bin/env bash
# build: nothing to do; save --output PATH IMAGE: copy the archive the test made.
set -euo pipefail
case "$1" in
  build) echo "docker build $*" ;;
  save) cp "$KEYTURN_TEST_IMAGE" "$3" ;;
  *) echo "fake docker: $1 not supported" >&2; exit 2 ;;
esac
`;

/** A `docker` on the caller's PATH whose `save` hands out KEYTURN_TEST_IMAGE. */
export async function fakeDocker(caller: CallerRepository): Promise<void> {
  await caller.write(join(caller.bin, 'docker'), FAKE_DOCKER, 0o755);
}
