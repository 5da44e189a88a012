import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditArchive, workerCount } from '@keyturn/image-audit';
import { decompress, detectCompression, looksLikeTar, peek } from '../../packages/image-audit/src/read/compression';
import { walkTar } from '../../packages/image-audit/src/read/tar-walk';
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
 * reader thread (with scan workers), then the image model and findings.
 * The workers run the package's source entry (this process's --import
 * hook lets them load TypeScript). */
async function audit(): Promise<{ layerBytes: number; files: number; findings: number }> {
  const entry = fileURLToPath(new URL('../../packages/image-audit/src/workers/entry.ts', import.meta.url));
  const report = await auditArchive(target, {
    limits: { maxBytes: 1e13, maxEntries: 1e9, maxRatio: 1e6 },
    workers: { entry, scanWorkers: workerCount() },
  });
  return { layerBytes: report.stats.bytes, files: report.stats.files, findings: report.findings.length };
}

await main();

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
