import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * bench/audit-image: the audit's speed against a bare walk of the same
 * layers, on a shared machine.
 *
 *   npm run bench:audit-image -- [100MiB] [1GiB] [corpus]    (default: 100MiB corpus)
 *
 * `100MiB`/`1GiB`: synthetic images generate.ts writes into /tmp (once).
 * `corpus`: the realistic images corpus.sh built (`npm run bench:audit-corpus`
 * builds them and checks recall; this only times them).
 *
 * Every figure is a whole process, as a runner runs it, timed by
 * /usr/bin/time (wall, user+sys CPU of every thread and child, peak RSS):
 * - shell walk: `gzip -dc LAYER | tar -t` (zstd -dc, or cat, by the layer's
 *   magic) over every layer, extracted from the archive beforehand (untimed):
 *   the floor the issue names;
 * - node walk: measure.ts's walk (the same zlib/zstd and tar walker as the
 *   audit, every file's bytes touched, nothing scanned), bundled with ncc;
 * - audit: the action's own bundle (actions/audit-image/dist/index.js) with
 *   INPUT_ARCHIVE, its default scan workers, as the PR check runs it.
 * - baseline (when BASELINE_ACTION names another audit-image dist/index.js,
 *   say the one before a change: `git archive REV actions/audit-image/dist |
 *   tar -x -C /tmp/before`): the same audit from that bundle.
 * They run in turn, BENCH_RUNS times (default 5), so each sees the same
 * machine; each row gives the median, the range of wall times, and the
 * 1-minute load average (/proc/loadavg) around the runs. CPU time is what a
 * loaded machine distorts least; wall time is what the user waits.
 */
const root = new URL('../..', import.meta.url).pathname;
const work = '/tmp/keyturn-bench-audit-image';
const corpus = process.env.CORPUS ?? '/tmp/keyturn-bench-corpus';
mkdirSync(work, { recursive: true });
const node = join(root, 'node_modules', '.bin', 'node');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const action = join(root, 'actions', 'audit-image', 'dist', 'index.js');
execFileSync(
  node,
  [
    ncc,
    'build',
    join(root, 'bench/audit-image/measure.ts'),
    '--out',
    join(work, 'build'),
    '--quiet',
    '--transpile-only',
  ],
  { stdio: 'inherit' },
);
const measure = join(work, 'build', 'index.js');
const runs = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '5', 10));
const baseline = process.env.BASELINE_ACTION;
if (baseline && !existsSync(baseline)) throw new Error(`BASELINE_ACTION ${baseline} is not a file`);

interface Target {
  readonly label: string;
  readonly archive: string;
}
const targets: Target[] = [];
for (const label of process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['100MiB', 'corpus']) {
  if (label === 'corpus') {
    // corpus.sh's images (rpm.tar and rpm-bdb.tar only where rpmbuild and db5.3_load are installed).
    const names = (
      process.env.IMAGES ?? 'docker.tar,oci.tar,oci-zstd.tar,distroless.tar,apk.tar,rpm.tar,rpm-bdb.tar'
    ).split(',');
    const found = names.filter((name) => existsSync(join(corpus, 'images', name)));
    if (found.length === 0) throw new Error(`no image in ${corpus}/images: run npm run bench:audit-corpus first`);
    for (const name of names.filter((name) => !found.includes(name))) console.log(`corpus ${name}: not built, skipped`);
    for (const name of found) targets.push({ label: `corpus ${name}`, archive: join(corpus, 'images', name) });
    continue;
  }
  const match = /^(\d+)(MiB|GiB)$/.exec(label);
  if (!match) throw new Error(`${label}: write 100MiB, 1GiB or corpus`);
  const bytes = Number(match[1]) * (match[2] === 'GiB' ? 1024 ** 3 : 1024 ** 2);
  const archive = join(work, `image-${label}.tar`);
  if (!existsSync(archive)) {
    const out = execFileSync(node, [measure, 'generate', archive, String(bytes), root], { encoding: 'utf8' });
    const generated = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    console.log(`generated ${archive}: ${generated.layers} gzip layers in ${generated.seconds.toFixed(1)} s`);
  }
  targets.push({ label, archive });
}

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMiB: number;
  readonly load: number;
  readonly findings?: string;
}

const load = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** One process under /usr/bin/time; its last stderr line is the timing. */
function timed(command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; ok?: number[] } = {}): Run {
  const before = load();
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...command], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stderr.split('\n').findLast((text) => text.startsWith('TIME ')) ?? '';
  const [, wall, user, system, rss] = line.split(' ').map(Number);
  if (!line || !(options.ok ?? [0]).includes(result.status ?? -1)) {
    throw new Error(`${command.join(' ')} exited ${result.status}:\n${result.stderr.slice(-2000)}`);
  }
  return {
    wall: wall ?? 0,
    cpu: (user ?? 0) + (system ?? 0),
    rssMiB: (rss ?? 0) / 1024,
    load: Math.max(before, load()),
  };
}

/** The archive's members on disk, and the layers among them by magic bytes. */
function extractLayers(archive: string): { dir: string; layers: { path: string; decompress: string }[] } {
  const dir = mkdtempSync(join(work, 'layers-'));
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  const layers: { path: string; decompress: string }[] = [];
  const visit = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const info = statSync(path);
      if (info.isDirectory()) visit(path);
      else if (info.isFile() && info.size >= 512) {
        const head = Buffer.alloc(512);
        const fd = openSync(path, 'r');
        readSync(fd, head, 0, 512, 0);
        closeSync(fd);
        if (head[0] === 0x1f && head[1] === 0x8b) layers.push({ path, decompress: 'gzip -dc' });
        else if (head.readUInt32LE(0) === 0xfd2fb528) layers.push({ path, decompress: 'zstd -dcq' });
        else if (head.toString('latin1', 257, 262) === 'ustar') layers.push({ path, decompress: 'cat' });
      }
    }
  };
  visit(dir);
  return { dir, layers };
}

function shellWalk(layers: { path: string; decompress: string }[]): string[] {
  // A gzip blob that is not a tar (a nested .gz member) makes tar fail: the
  // walk then costs what it cost, and the next layer goes on.
  const script = layers.map(({ path, decompress }) => `${decompress} '${path}' | tar -t >/dev/null 2>&1`).join('\n');
  return ['bash', '-c', `${script}\ntrue`];
}

function auditEnv(dir: string, archive: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete env[key];
  return {
    ...env,
    INPUT_ARCHIVE: archive,
    INPUT_SARIF: join(dir, 'image-audit.sarif'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const summary = (measured: Run[]) => {
  const walls = measured.map((run) => run.wall).sort((a, b) => a - b);
  return {
    wall: median(walls),
    low: walls[0] ?? 0,
    high: walls.at(-1) ?? 0,
    cpu: median(measured.map((run) => run.cpu)),
    rss: median(measured.map((run) => run.rssMiB)),
  };
};
const cell = (s: ReturnType<typeof summary>) =>
  `${s.wall.toFixed(2)} s (${s.low.toFixed(2)}–${s.high.toFixed(2)}), CPU ${s.cpu.toFixed(2)} s, RSS ${s.rss.toFixed(0)} MiB`;

const rows: string[] = [];
for (const target of targets) {
  const { dir, layers } = extractLayers(target.archive);
  const scratch = mkdtempSync(join(work, 'audit-'));
  const measured = { shell: [] as Run[], walk: [] as Run[], audit: [] as Run[], baseline: [] as Run[] };
  let walked = { layerBytes: 0, files: 0 };
  let findings = '?';
  try {
    for (let i = 0; i < runs; i++) {
      measured.shell.push(timed(shellWalk(layers)));
      measured.walk.push(timed([node, measure, 'walk', target.archive]));
      const env = auditEnv(scratch, target.archive);
      rmSync(env.GITHUB_OUTPUT as string, { force: true });
      measured.audit.push(timed([node, action], { cwd: scratch, env, ok: [0, 1] }));
      const output = readFileSync(env.GITHUB_OUTPUT as string, 'utf8');
      findings = /findings<<(\S+)\n(.*)\n/.exec(output)?.[2] ?? /findings=(.*)/.exec(output)?.[1] ?? '?';
      if (baseline) measured.baseline.push(timed([node, baseline], { cwd: scratch, env, ok: [0, 1] }));
    }
    walked = JSON.parse(
      execFileSync(node, [measure, 'walk', target.archive], { encoding: 'utf8' }).trim().split('\n').pop() ?? '{}',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
  const shell = summary(measured.shell);
  const walk = summary(measured.walk);
  const audit = summary(measured.audit);
  const loads = [...measured.shell, ...measured.walk, ...measured.audit, ...measured.baseline].map((run) => run.load);
  const before = baseline ? ` ${cell(summary(measured.baseline))} |` : '';
  rows.push(
    `| ${target.label} | ${(statSync(target.archive).size / 1e6).toFixed(0)} MB, ${(walked.layerBytes / 1e6).toFixed(0)} MB in ${walked.files} files | ` +
      `${cell(shell)} | ${cell(walk)} | ${cell(audit)} |${before} ${findings} | ` +
      `${(audit.wall / shell.wall).toFixed(2)}× / ${(audit.cpu / shell.cpu).toFixed(2)}× | ` +
      `${(audit.wall / walk.wall).toFixed(2)}× / ${(audit.cpu / walk.cpu).toFixed(2)}× | ` +
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`,
  );
  console.log(rows.at(-1));
}
console.log(`\n${runs} runs each, interleaved; medians, (wall range).\n`);
console.log(
  `| image | archive, uncompressed layers | shell walk (gzip -dc \\| tar -t) | node walk | audit (action bundle) |${baseline ? ' baseline audit |' : ''} findings | audit / shell walk (wall / CPU) | audit / node walk (wall / CPU) | load (1 min) |`,
);
console.log(`| --- | --- | --- | --- | --- |${baseline ? ' --- |' : ''} --- | --- | --- | --- |`);
for (const row of rows) console.log(row);
