import { createReadStream } from 'node:fs';
import { isArchiveWorker, readArchiveInWorker, runArchiveWorker } from '../../actions/audit-image/src/archive-thread';
import { decompress, detectCompression, looksLikeTar, peek } from '../../actions/audit-image/src/compression';
import { assembleFindings } from '../../actions/audit-image/src/findings';
import { buildModel } from '../../actions/audit-image/src/image-model';
import { MetadataChecker, safeInstruction } from '../../actions/audit-image/src/metadata';
import { BUILTIN_RULES } from '../../actions/audit-image/src/rules/builtin';
import { Scanner } from '../../actions/audit-image/src/rules/engine';
import { isScanWorker, runScanWorker, workerCount } from '../../actions/audit-image/src/scan-pool';
import { walkTar } from '../../actions/audit-image/src/tar-walk';
import { generateImage } from './generate';

/**
 * One measurement per process, so each peak RSS is its own:
 *   generate OUT BYTES ROOT | walk ARCHIVE | audit ARCHIVE
 * Prints one JSON line.
 */
const [mode = '', target = '', bytes = '', root = ''] = process.argv.slice(2);
const open = () => createReadStream(target, { highWaterMark: 1024 * 1024 });

/** The floor: read the archive, decompress every layer and walk its files,
 * touching every byte, with no scanning. */
async function bareWalk(): Promise<{ layerBytes: number; files: number }> {
  let layerBytes = 0;
  let files = 0;
  const outer = await peek(open(), 512);
  await walkTar(
    decompress(outer.stream, detectCompression(outer.head), () => {}),
    async (entry) => {
      if (entry.type !== 'file') return;
      const { head, stream } = await peek(entry.content, 512);
      const inflated = await peek(
        decompress(stream, detectCompression(head), () => {}),
        512,
      );
      if (!looksLikeTar(inflated.head)) {
        for await (const _ of inflated.stream);
        return;
      }
      await walkTar(inflated.stream, async (file) => {
        files++;
        for await (const chunk of file.content) layerBytes += chunk.length;
      });
    },
  );
  return { layerBytes, files };
}

/** The audit as the action runs it: the archive read and scanned on a
 * reader thread (with scan workers), then the image model and findings. */
async function audit(): Promise<{ layerBytes: number; files: number; findings: number }> {
  const { contents } = await readArchiveInWorker(
    target,
    {
      rulesToml: undefined,
      allowlist: { fingerprints: [], globs: [] },
      limits: { maxBytes: 1e13, maxEntries: 1e9, maxRatio: 1e6 },
    },
    { entry: process.argv[1] ?? '', scanWorkers: workerCount() },
  );
  // Built after, as the action builds it (see AuditConfig.scanner).
  const scanner = new Scanner(BUILTIN_RULES);
  const model = buildModel(contents);
  const metadata = new MetadataChecker(scanner);
  metadata.checkModel(model);
  const findings = assembleFindings(contents, model, metadata.hits, (c) => safeInstruction(c, scanner));
  const files = [...contents.layers.values()].reduce((sum, layer) => sum + layer.scan.files, 0);
  const layerBytes = [...contents.layers.values()].reduce((sum, layer) => sum + layer.scan.bytes, 0);
  return { layerBytes, files, findings: findings.length };
}

if (isScanWorker()) {
  runScanWorker();
} else if (isArchiveWorker()) {
  await runArchiveWorker();
} else {
  await main();
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let result: object;
  if (mode === 'generate') result = await generateImage(target, Number(bytes), root);
  else if (mode === 'walk') result = await bareWalk();
  else if (mode === 'audit') result = await audit();
  else throw new Error(`unknown mode ${mode}`);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    JSON.stringify({
      mode,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      ...result,
    }),
  );
}
