import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { KeywordAutomaton, type KeywordOccurrence } from '../src/scan/rules/keywords';
import type { ContentRule } from '../src/scan/rules/types';

/** The oracle: every keyword at every offset, compared as `/i` compares. */
function bruteForce(keywords: readonly string[], text: string): KeywordOccurrence[] {
  const found: KeywordOccurrence[] = [];
  for (let start = 0; start < text.length; start++) {
    keywords.forEach((keyword, index) => {
      const candidate = text.slice(start, start + keyword.length);
      const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (candidate.length === keyword.length && new RegExp(`^${escaped}$`, 'i').test(candidate)) {
        found.push({ start, keyword: index });
      }
    });
  }
  return found;
}

const byPosition = (occurrences: KeywordOccurrence[]) =>
  [...occurrences].sort((a, b) => a.start - b.start || a.keyword - b.keyword);

function randomSource(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % n;
  };
}

describe('keyword automaton', () => {
  it('finds exactly what a case-insensitive search at every offset finds, in bytes and in strings', () => {
    const keywords = [...new Set(BUILTIN_RULES.flatMap((rule) => rule.keywords))];
    const random = randomSource(11);
    const automaton = new KeywordAutomaton(keywords);
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let part = 0; part < 8; part++) {
        const keyword = keywords[random(keywords.length)] ?? '';
        // Cut and overlapping keywords in odd case, glued or apart.
        const cut = keyword.slice(random(2), 1 + random(keyword.length));
        text += random(2) === 0 ? cut.toUpperCase() : cut;
        text += ['', ' ', '_', '\n', 'ÿ', '\u0000'][random(6)];
      }
      // Already in text order: the scanner walks occurrences as given.
      const expected = byPosition(bruteForce(keywords, text));
      expect(automaton.find(text), text).toEqual(expected);
      expect(automaton.find(Buffer.from(text, 'latin1')), text).toEqual(expected);
    }
  });

  it("finds the same in long texts read in four lanes, keywords across the lanes' edges included", () => {
    const keywords = [...new Set([...BUILTIN_RULES.flatMap((rule) => rule.keywords), 'x'.repeat(40), 'edge-keyword'])];
    const automaton = new KeywordAutomaton(keywords);
    const random = randomSource(5);
    // ASCII only, so lower-casing both sides is exactly what /i does.
    const indexOfAll = (text: string) => {
      const lower = text.toLowerCase();
      const found: KeywordOccurrence[] = [];
      keywords.forEach((keyword, index) => {
        for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
          found.push({ start: at, keyword: index });
        }
      });
      return found;
    };
    for (let round = 0; round < 40; round++) {
      const length = 1024 + random(20000);
      const chars = Array.from({ length }, () => 'aBcX_ :-='[random(9)] ?? 'a');
      const quarter = length >> 2;
      // Keywords straddling each lane edge (and the end), at every offset.
      for (const edge of [quarter, 2 * quarter, 3 * quarter, length]) {
        const keyword = keywords[random(keywords.length)] ?? '';
        const at = Math.max(0, Math.min(length - keyword.length, edge - random(keyword.length + 1)));
        for (let i = 0; i < keyword.length; i++)
          chars[at + i] = random(2) ? (keyword[i] ?? '').toUpperCase() : (keyword[i] ?? '');
      }
      const text = chars.join('');
      expect(automaton.find(Buffer.from(text, 'latin1'))).toEqual(byPosition(indexOfAll(text)));
    }
    // The longest and a short keyword at every offset across the second
    // lane's start (2048 of 8192), ending exactly where that lane starts to
    // report included.
    const longest = 'q'.repeat(40);
    const single = new KeywordAutomaton(['ab', longest]);
    for (const [index, keyword] of ['ab', longest].entries()) {
      for (let start = 2048 - keyword.length; start <= 2048 + longest.length; start++) {
        const text = Buffer.alloc(8192, '.');
        text.write(keyword, start, 'latin1');
        expect(single.find(text), `${keyword.length} at ${start}`).toEqual([{ start, keyword: index }]);
      }
    }
  });

  it('folds Latin-1 letters as /i does, and never matches a character past Latin-1', () => {
    const automaton = new KeywordAutomaton(['clé', 'ab']);
    expect(automaton.find('CLÉ cLé')).toEqual([
      { start: 0, keyword: 0 },
      { start: 4, keyword: 0 },
    ]);
    expect(automaton.find(Buffer.from('CLÉ', 'latin1'))).toEqual([{ start: 0, keyword: 0 }]);
    // 'Ā' (U+0100) shares its low byte with nothing here, and is not 'a'.
    expect(automaton.find('\u0100b a\u0100b')).toEqual([]);
    expect(automaton.find('xAB')).toEqual([{ start: 1, keyword: 1 }]);
  });

  it('reports every keyword ending at one offset, and keywords inside keywords', () => {
    const automaton = new KeywordAutomaton(['_authtoken', '_auth', 'token', 'auth']);
    expect(byPosition(automaton.find('x_AuthToken'))).toEqual([
      { start: 1, keyword: 0 },
      { start: 1, keyword: 1 },
      { start: 2, keyword: 3 },
      { start: 6, keyword: 2 },
    ]);
  });

  it('refuses a keyword it cannot look for in bytes', () => {
    expect(() => new KeywordAutomaton(['pass\u20ac'])).toThrow(/Latin-1/);
    expect(() => new KeywordAutomaton([''])).toThrow(/Latin-1/);
  });
});

describe('scanner over bytes', () => {
  const rule = (id: string, keywords: string[]): ContentRule => ({
    id,
    description: id,
    severity: 'high',
    keywords,
    regex: new RegExp(`${id}=(\\w+)`, 'g'),
  });

  it('finds in a window of bytes what it finds in the same text as a string', () => {
    const scanner = new Scanner(BUILTIN_RULES);
    const text = 'x=1\nGITHUB_TOKEN=ghp_R8fQ2xLm9ZkT4vBn7YcW1pHs6JdA3uEg0Kq5\nurl=https://u:S3cr3tPw9x@db.internal/x\n';
    const fromString = scanner.scan(text).map((d) => [d.rule.id, d.secret, d.start]);
    expect(fromString.length).toBeGreaterThan(0);
    expect(scanner.scan(Buffer.from(text, 'latin1')).map((d) => [d.rule.id, d.secret, d.start])).toEqual(fromString);
  });

  it('looks for a keyword past Latin-1 as its UTF-8 bytes in files and as itself in strings', () => {
    const hex = 'd41d8cd98f00b204e9800998ecf8427e';
    const scanner = new Scanner([
      { id: 'ru', description: 'ru', severity: 'high', keywords: ['пароль'], regex: /[a-f0-9]{32}/g },
    ]);
    const inFile = (text: string) => scanner.scan(Buffer.from(text, 'utf8')).map((d) => d.secret);
    for (const key of ['пароль', 'ПАРОЛЬ', 'Пароль']) expect(inFile(`${key}: ${hex}\n`), key).toEqual([hex]);
    // An md5sums line names no password: not reported, as in gitleaks.
    expect(inFile(`${hex}  usr/bin/env\n`)).toEqual([]);
    expect(scanner.scan(`Пароль = ${hex}`).map((d) => d.secret)).toEqual([hex]);
    expect(scanner.scan(`checksum ${hex}`)).toEqual([]);
  });

  it('stops a rule after 100 detections in one text (a regex that matches every character)', () => {
    const scanner = new Scanner([{ id: 'every-a', description: 'a', severity: 'low', keywords: [], regex: /a/g }]);
    expect(scanner.scan(Buffer.alloc(1024 * 1024, 'a'))).toHaveLength(100);
  });

  it('looks for a Latin-1 keyword past ASCII in Latin-1 and in UTF-8 files', () => {
    const hex = 'd41d8cd98f00b204e9800998ecf8427e';
    const scanner = new Scanner([
      { id: 'fr', description: 'fr', severity: 'high', keywords: ['clé'], regex: /[a-f0-9]{32}/g },
    ]);
    for (const encoding of ['utf8', 'latin1'] as const) {
      for (const key of ['clé', 'CLÉ', 'Clé']) {
        expect(
          scanner.scan(Buffer.from(`${key}: ${hex}`, encoding)).map((d) => d.secret),
          `${key} in ${encoding}`,
        ).toEqual([hex]);
      }
    }
    expect(scanner.scan(`Clé = ${hex}`).map((d) => d.secret)).toEqual([hex]);
  });

  it('runs a rule with an empty keyword on every text, as gitleaks does', () => {
    const scanner = new Scanner([rule('anything', ['acme_', '']), rule('plain', ['plain'])]);
    expect(scanner.triggered('nothing here').map((r) => r.id)).toEqual(['anything']);
    expect(scanner.scan(Buffer.from('anything=abc plain=def')).map((d) => [d.rule.id, d.secret])).toEqual([
      ['anything', 'abc'],
      ['plain', 'def'],
    ]);
  });
});
