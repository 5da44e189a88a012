import * as xzModule from 'xz-decompress';

// A webpack-built UMD module marked __esModule: Node's ESM loader gives it
// as the default export, a bundler (ncc) as the namespace itself.
const { XzReadableStream } = (xzModule as typeof xzModule & { default?: typeof xzModule }).default ?? xzModule;

/** An xz stream: `FD 37 7A 58 5A 00` (the .xz format's magic). */
export function isXz(head: Uint8Array): boolean {
  return (
    head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0
  );
}

/** The decoder in use on this thread ends this promise. xz-decompress
 * decodes one stream at a time (a second waits for the first to end), so
 * an xz is never opened inside another xz (nested.ts scans it as bytes):
 * the inner one would wait for the outer one forever. */
let inUse: Promise<void> = Promise.resolve();

async function takeDecoder(): Promise<() => void> {
  const before = inUse;
  let release = () => {};
  inUse = new Promise((resolve) => {
    release = resolve;
  });
  await before;
  return release;
}

/**
 * The decompressed bytes of an xz stream (concatenated streams included),
 * decoded by xz-embedded compiled to WebAssembly (xz-decompress: no native
 * addon, bundles with ncc). Output comes in the decoder's chunks as they are
 * pulled, so memory holds one chunk whatever the size; `close` ends the
 * decoder whether or not it was read to the end, and must be called.
 */
export function xzStream(source: AsyncIterable<Buffer>): { stream: AsyncIterable<Buffer>; close: () => Promise<void> } {
  const input = source[Symbol.asyncIterator]();
  const compressed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await input.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
  });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let finished = false;
  let giveBack = () => {};
  const release = () => {
    finished = true;
    giveBack();
  };
  const stream = (async function* (): AsyncGenerator<Buffer> {
    // Made on the first read, so the decoder is taken only when it is used,
    // and always given back (read to the end, or cancelled).
    giveBack = await takeDecoder();
    reader = new XzReadableStream(compressed).getReader();
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) return;
        yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      }
    } catch (error) {
      throw new Error(`not a valid xz stream (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      if (!finished) {
        await reader.cancel().catch(() => {});
        release();
      }
    }
  })();
  return {
    stream,
    close: async () => {
      if (finished) return;
      // Never read, it took nothing; else this waits for a read in flight.
      await stream.return(undefined).catch(() => {});
      if (reader !== undefined) release();
    },
  };
}
