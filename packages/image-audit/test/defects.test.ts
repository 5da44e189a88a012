import { describe, expect, it } from 'vitest';
import { Budget } from '../src/read/limits';
import { scanFile } from '../src/scan/file-scan';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { inlineWindowScanner } from '../src/scan/scan-pool';
import { tokens } from './tokens';

/** The defects an independent review found that the scanner itself fixes,
 * each pinned by the test that failed before its fix (the rest are in
 * actions/audit-image/test/defects.test.ts, through the action). */

const budget = () => new Budget({ maxBytes: 1e12, maxEntries: 1e9, maxRatio: 1e6 });
async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

describe('the per-file cap counts only what will be reported', () => {
  it('a high-severity token after 25 low-severity hits in the same file is still reported', async () => {
    const scanner = inlineWindowScanner(new Scanner(BUILTIN_RULES));
    const lows = Array.from({ length: 25 }, (_, i) => `//registry${i}.example.com/:_authToken=\${NPM_TOKEN_${i}}`);
    const npmrcLines = Array.from({ length: 25 }, () => `password = ${tokens.password().replace(/\W/g, 'q')}`);
    const real = tokens.githubPat();
    const data = Buffer.from(`${[...lows, ...npmrcLines, `GH=${real}`].join('\n')}\n`);
    const hits = await (await scanFile('app/config.ini', once(data), scanner, budget())).hits;
    expect(hits.some((hit) => hit.ruleId === 'github-token' && hit.severity === 'high')).toBe(true);
    expect(hits.length).toBeLessThanOrEqual(40);
  });
});

describe('an excerpt never shows any part of the secret it reports', () => {
  it('redacts every copy of the secret on the line, whole or cut by the excerpt window', async () => {
    const password = 'Zq8!vK2#mW9*xR4$tY7^pL3&'; // 24 characters, not a random run
    // One copy ends inside the 32 characters shown before the secret, one
    // starts inside the 16 shown after it.
    const line = `${password} postgres://app:${password}@db/x?p=${password}`;
    const scanner = inlineWindowScanner(new Scanner(BUILTIN_RULES));
    const hits = await (await scanFile('app/.env', once(Buffer.from(`${line}\n`)), scanner, budget())).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      for (let at = 0; at + 6 <= password.length; at++) expect(hit.excerpt).not.toContain(password.slice(at, at + 6));
    }
  });
});

describe('UTF-16 text is read as text', () => {
  it.each([
    ['UTF-16 LE with a BOM', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['UTF-16 LE without a BOM', (s: string) => Buffer.from(s, 'utf16le')],
    [
      'UTF-16 BE with a BOM',
      (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]),
    ],
    ['UTF-16 BE without a BOM', (s: string) => Buffer.from(s, 'utf16le').swap16()],
  ])('%s', async (_name, encode) => {
    const token = tokens.githubPat();
    const data = encode(`# settings written by a Windows tool\r\nline two\r\nGITHUB_TOKEN=${token}\r\n`);
    const scanner = inlineWindowScanner(new Scanner(BUILTIN_RULES));
    const hits = await (await scanFile('app/settings.ini', once(data), scanner, budget())).hits;
    expect(hits.map((hit) => [hit.ruleId, hit.line])).toEqual([['github-token', 3]]);
    expect(hits[0]?.excerpt).not.toContain(token.slice(4));
  });
});
