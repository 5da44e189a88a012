import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * bench/audit-image: generates images into /tmp (never committed), then
 * measures, each in its own process: the bare decompress-and-walk of every
 * layer, and the full audit. Reports MB/s of uncompressed layer data, their
 * ratio and peak RSS.
 *
 *   npm run bench:audit-image -- [100MiB] [1GiB]
 *
 * Each measurement runs BENCH_RUNS times (default 3, alternating walk and
 * audit so both see the same machine), and the run with the median time is
 * reported, with the range of times: on a shared machine one run says little.
 *
 * (Node 24 strips the types.) The measuring code is bundled once with ncc,
 * as the action is.
 */
const root = new URL('../..', import.meta.url).pathname;
const work = '/tmp/keyturn-bench-audit-image';
mkdirSync(work, { recursive: true });
const node = join(root, 'node_modules', '.bin', 'node');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
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
  {
    stdio: 'inherit',
  },
);
const measure = join(work, 'build', 'index.js');

const sizes = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['100MiB']).map((label) => {
  const match = /^(\d+)(MiB|GiB)$/.exec(label);
  if (!match) throw new Error(`size ${label}: write 100MiB or 1GiB`);
  return { label, bytes: Number(match[1]) * (match[2] === 'GiB' ? 1024 ** 3 : 1024 ** 2) };
});

const run = (args: string[], env: Record<string, string> = {}) =>
  JSON.parse(
    execFileSync(node, [measure, ...args], { encoding: 'utf8', maxBuffer: 1e6, env: { ...process.env, ...env } })
      .trim()
      .split('\n')
      .pop() ?? '{}',
  );
const runs = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '3', 10));
type Measured = { seconds: number; cpuSeconds: number; maxRssMiB: number; layerBytes: number; files: number };
/** The median run by time, and the range of times. */
function median(measured: Measured[]): Measured & { range: string } {
  const sorted = [...measured].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)] as Measured;
  const range = sorted.length > 1 ? ` (${sorted[0]?.seconds.toFixed(2)}–${sorted.at(-1)?.seconds.toFixed(2)})` : '';
  return { ...middle, range };
}
const rows: string[] = [];
for (const size of sizes) {
  const archive = join(work, `image-${size.label}.tar`);
  if (!existsSync(archive)) {
    const generated = run(['generate', archive, String(size.bytes), root]);
    console.log(`generated ${archive}: ${generated.layers} gzip layers in ${generated.seconds.toFixed(1)} s`);
  }
  const variants = [
    { label: 'one thread (KEYTURN_SCAN_WORKERS=0)', env: { KEYTURN_SCAN_WORKERS: '0' } },
    { label: 'worker threads (default count)', env: {} },
  ];
  const walks: Measured[] = [];
  const audits: Measured[][] = variants.map(() => []);
  for (let i = 0; i < runs; i++) {
    walks.push(run(['walk', archive]));
    for (const [v, variant] of variants.entries()) audits[v]?.push(run(['audit', archive], variant.env));
  }
  const walk = median(walks);
  const mb = walk.layerBytes / 1e6;
  const archiveMb = statSync(archive).size / 1e6;
  const cell = (m: ReturnType<typeof median>) =>
    `${m.seconds.toFixed(2)} s${m.range}, ${(mb / m.seconds).toFixed(0)} MB/s, CPU ${m.cpuSeconds.toFixed(1)} s, RSS ${m.maxRssMiB.toFixed(0)} MiB`;
  variants.forEach((variant, v) => {
    const audit = median(audits[v] ?? []) as ReturnType<typeof median> & { findings: number };
    rows.push(
      `| ${size.label} | ${archiveMb.toFixed(0)} MB | ${mb.toFixed(0)} MB, ${walk.files} files | ${cell(walk)} | ` +
        `${variant.label} | ${cell(audit)} | ${audit.findings} | ${(audit.seconds / walk.seconds).toFixed(2)}× |`,
    );
  });
}
console.log(
  '| image | archive | uncompressed layers | bare decompress + walk | scanning | audit | findings | audit / walk |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
