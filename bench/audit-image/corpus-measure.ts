import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditArchive, sha256Hex, workerCount } from '@keyturn/image-audit';

/**
 * Audits the images corpus.sh built and prints one JSON line per image:
 * planted secrets found / planted, third-party findings whose rule is at or
 * above fail-on (each would have failed the check before they were told
 * apart) and how many of those fail it now, owner findings that are not
 * planted (false alarms at fail-on), and the audit's time against a bare
 * walk of the same archive (measure.ts walk, in its own process). Those
 * times run the engine from the sources (workers loading TypeScript): the
 * speed figures are run.ts's (`npm run bench:audit-image -- corpus`), which
 * times the action's bundle.
 *   node --import ./scripts/register-ts.mjs bench/audit-image/corpus-measure.ts WORK
 */
const work = process.argv[2] ?? '/tmp/keyturn-bench-corpus';
const here = fileURLToPath(new URL('.', import.meta.url));
const planted = JSON.parse(readFileSync(join(work, 'planted.json'), 'utf8')) as Record<string, string>;
const plantedHashes = new Map(Object.entries(planted).map(([name, value]) => [sha256Hex(value), name]));
const RANK = { low: 1, medium: 2, high: 3 } as const;
const entry = fileURLToPath(new URL('../../packages/image-audit/src/workers/entry.ts', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function walkSeconds(archive: string): number {
  const out = execFileSync(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      './scripts/register-ts.mjs',
      join(here, 'measure.ts'),
      'walk',
      archive,
    ],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { seconds: number }).seconds;
}

const IMAGES = 'docker.tar,oci.tar,oci-zstd.tar,distroless.tar,apk.tar,rpm.tar,rpm-bdb.tar';
for (const name of (process.env.IMAGES ?? IMAGES).split(',')) {
  const archive = join(work, 'images', name);
  // rpm.tar and rpm-bdb.tar are built only where rpmbuild (and db5.3_load) are installed.
  if (!existsSync(archive)) {
    console.log(JSON.stringify({ image: name, skipped: 'not built' }));
    continue;
  }
  const times: number[] = [];
  let report: Awaited<ReturnType<typeof auditArchive>> | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    report = await auditArchive(archive, { workers: { entry, scanWorkers: workerCount() } });
    times.push((performance.now() - started) / 1000);
  }
  const walks = Array.from({ length: runs }, () => walkSeconds(archive));
  if (!report) continue;
  const found = new Set<string>();
  for (const finding of report.findings) {
    const name = plantedHashes.get(finding.secretHash);
    if (name) found.add(name);
  }
  const open = report.findings.filter((finding) => !finding.suppressed);
  const thirdPartyAtFailOn = open.filter(
    (finding) => finding.thirdParty && RANK[finding.ruleSeverity] >= RANK[report.failOn],
  );
  const falseAlarms = report.failing.filter((finding) => !plantedHashes.has(finding.secretHash));
  console.log(
    JSON.stringify({
      image: name,
      planted: `${found.size}/${plantedHashes.size}`,
      missed: Object.keys(planted).filter((key) => !found.has(key)),
      thirdPartyAtFailOn: thirdPartyAtFailOn.length,
      thirdPartyFailing: report.failing.filter((finding) => finding.thirdParty).length,
      thirdPartyPackages: [
        ...new Set(thirdPartyAtFailOn.map((f) => `${f.thirdParty?.kind}:${f.thirdParty?.package}`)),
      ].slice(0, 20),
      ownerFalseAlarms: falseAlarms.map((f) => `${f.ruleId} ${f.path}`),
      failing: report.failing.length,
      auditSeconds: Number(median(times).toFixed(2)),
      walkSeconds: Number(median(walks).toFixed(2)),
      ratio: Number((median(times) / median(walks)).toFixed(2)),
      scanWorkers: report.stats.scanWorkers,
    }),
  );
}
