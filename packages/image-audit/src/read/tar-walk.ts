import { extract, type Header } from 'tar-stream';

export interface TarEntry {
  /** Normalised: no `./` or leading `/`, no trailing `/`. */
  readonly path: string;
  readonly type: NonNullable<Header['type']>;
  readonly size: number;
  readonly linkname: string | undefined;
  /** The entry's bytes; must be consumed or left (the walker skips the rest). */
  readonly content: AsyncIterable<Buffer>;
}

/** What normalizePath would change: an empty, `.` or `..` part, or a
 * leading or trailing slash. */
const NOT_NORMAL = /(?:^|\/)\.{0,2}(?:\/|$)|^\//;

export function normalizePath(name: string): string {
  // Nearly every name in a layer is already normal: no array of its parts.
  if (!NOT_NORMAL.test(name)) return name;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Walks a tar stream entry by entry, with back-pressure: memory holds one
 * chunk, not one file. PAX and GNU long names, `./` prefixes and links are
 * handled by tar-stream; names are normalised here.
 */
export async function walkTar(
  source: AsyncIterable<Buffer>,
  onEntry: (entry: TarEntry) => Promise<void>,
): Promise<void> {
  const extractor = extract();
  let stop = false;
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (stop) return;
        if (!extractor.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              extractor.off('drain', done);
              extractor.off('close', done);
              resolve();
            };
            extractor.on('drain', done);
            extractor.on('close', done);
          });
        }
      }
      extractor.end(undefined);
    } catch (error) {
      extractor.destroy(error as Error);
    }
  })();
  try {
    for await (const entry of extractor) {
      const header = entry.header;
      await onEntry({
        path: normalizePath(header.name),
        type: header.type ?? 'file',
        size: header.size ?? 0,
        linkname: header.linkname ?? undefined,
        content: entry as unknown as AsyncIterable<Buffer>,
      });
      entry.resume();
    }
  } catch (error) {
    stop = true;
    extractor.destroy();
    await feeding;
    throw error;
  }
  await feeding;
}
