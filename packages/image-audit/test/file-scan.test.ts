import { describe, expect, it } from 'vitest';
import { Budget } from '../src/read/limits';
import { scanFile } from '../src/scan/file-scan';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { inlineWindowScanner, type WindowScanner } from '../src/scan/scan-pool';
import { tokens } from './tokens';

const scanner = inlineWindowScanner(new Scanner(BUILTIN_RULES));
const budget = () => new Budget({ maxBytes: 1e12, maxEntries: 1e9, maxRatio: 1e6 });

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('scanning a file in windows', () => {
  const MiB = 1024 * 1024;
  it.each([
    ['well inside the first window', 1000],
    ['across the first window boundary', MiB - 20],
    ['inside the overlap', MiB + 100],
    ['in the third window', 2 * MiB + 5000],
    ['at the very end', 3 * MiB - 60],
  ])('finds a token %s exactly once, on the right line', async (_name, offset) => {
    const token = tokens.githubPat();
    const filler = Buffer.alloc(3 * MiB, 'abc def\n');
    const data = Buffer.concat([filler.subarray(0, offset), Buffer.from(`T=${token}\n`), filler.subarray(offset)]);
    const hits = await (await scanFile('big.txt', chunked(data, 65536), scanner, budget())).hits;
    const lineOfToken = data.subarray(0, offset).toString('latin1').split('\n').length;
    expect(hits.map((h) => [h.ruleId, h.line])).toEqual([['github-token', lineOfToken]]);
  });

  it.each([65536, 100_003, 3 * MiB])(
    'hands over each window as the file bytes it spans (chunks of %i)',
    async (size) => {
      const data = Buffer.alloc(3 * MiB + 12345);
      for (let at = 0; at < data.length; at++) data[at] = (at * 131 + (at >> 11)) & 0xff;
      const seen: { bytes: Buffer; last: boolean }[] = [];
      const recording: WindowScanner = {
        workers: 1,
        scan: async (parts, length, _path, last) => {
          const bytes = Buffer.concat(parts.map((part) => Buffer.from(part)));
          expect(bytes.length).toBe(length);
          seen.push({ bytes, last });
          return { hits: [], newlines: 0 };
        },
        close: async () => {},
      };
      await (await scanFile('big.bin', chunked(data, size), recording, budget())).hits;
      const overlap = 16 * 1024;
      // Windows of 1 MiB + the overlap, 1 MiB apart; the last one is what remains.
      const expected = [0, 1, 2].map((k) => data.subarray(k * MiB, k === 2 ? data.length : k * MiB + MiB + overlap));
      expect(seen.map((window) => window.last)).toEqual([false, false, true]);
      expect(seen.map((window, k) => window.bytes.equals(expected[k] as Buffer))).toEqual([true, true, true]);
    },
  );

  it('fails the file, and nothing else, when a window fails while the file is still being read', async () => {
    const stopped = new Error('a scan worker stopped before it answered');
    const failing: WindowScanner = { workers: 1, scan: () => Promise.reject(stopped), close: async () => {} };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Slow chunks: the first window fails long before the last is read.
      async function* slowly(): AsyncGenerator<Buffer> {
        for (let i = 0; i < 12; i++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield Buffer.alloc(256 * 1024, 'x');
        }
      }
      const file = await scanFile('big.bin', slowly(), failing, budget());
      await expect(file.hits).rejects.toBe(stopped);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('finds a PEM key split across chunks and windows', async () => {
    const pem = tokens.rsaPrivateKeyPem();
    const data = Buffer.concat([Buffer.alloc(1024 * 1024 - 1500, 'x'), Buffer.from(`\n${pem}`)]);
    const hits = await (await scanFile('key.txt', chunked(data, 777), scanner, budget())).hits;
    expect(hits.map((h) => h.ruleId)).toEqual(['private-key']);
  });

  it('reports a credential file by path when no content rule fires, hashing its bytes', async () => {
    const hits = await (
      await scanFile('home/ci/.npmrc', chunked(Buffer.from('registry=https://npm.acme.dev/\n'), 4), scanner, budget())
    ).hits;
    expect(hits.map((h) => [h.ruleId, h.severity])).toEqual([['npmrc-file', 'low']]);
    const certs = await (
      await scanFile(
        'etc/ssl/certs/ca.pem',
        chunked(Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), 8),
        scanner,
        budget(),
      )
    ).hits;
    expect(certs).toEqual([]);
  });
});
