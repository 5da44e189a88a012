import { createReadStream } from 'node:fs';
import { decompress, detectCompression, looksLikeTar, peek } from '../../packages/image-audit/src/read/compression';
import { walkTar } from '../../packages/image-audit/src/read/tar-walk';
import { generateImage } from './generate';

/**
 * One measurement per process, so each peak RSS is its own:
 *   generate OUT BYTES ROOT | walk ARCHIVE
 * Prints one JSON line. (The audit is timed as the action's own bundle:
 * run.ts.)
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

await main();

async function main(): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let result: object;
  if (mode === 'generate') result = await generateImage(target, Number(bytes), root);
  else if (mode === 'walk') result = await bareWalk();
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
