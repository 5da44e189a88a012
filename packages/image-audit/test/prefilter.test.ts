import { describe, expect, it } from 'vitest';
import { assignmentFollows, BUILTIN_RULES } from '../src/scan/rules/builtin';
import { hasRun, Scanner } from '../src/scan/rules/engine';
import type { ContentRule } from '../src/scan/rules/types';

const rule = (id: string, keywords: string[], extra: Partial<ContentRule> = {}): ContentRule => ({
  id,
  description: id,
  severity: 'high',
  keywords,
  regex: new RegExp(`${id}=(\\w+)`, 'g'),
  ...extra,
});

/** The prefilter as one alternation over every keyword, longest first,
 * resumed one character after each hit: what the keyword automaton must equal. */
function triggeredByOneAlternation(rules: readonly ContentRule[], text: string): string[] {
  const keywords = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort(
    (a, b) => b.length - a.length,
  );
  const regex = new RegExp(keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  const hit = new Set<string>();
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const found = match[0].toLowerCase();
    for (const r of rules) if (r.keywords.some((k) => found.startsWith(k.toLowerCase()))) hit.add(r.id);
    regex.lastIndex = match.index + 1;
  }
  return rules.filter((r) => hit.has(r.id)).map((r) => r.id);
}

describe('keyword prefilter', () => {
  it('lets a long keyword stand for a short keyword that is its prefix, at the same position', () => {
    const scanner = new Scanner([rule('shortkw', ['ab']), rule('longkw', ['abcd'])]);
    expect(scanner.triggered('xx ABCD yy').map((r) => r.id)).toEqual(['shortkw', 'longkw']);
    expect(scanner.triggered('xx ab yy').map((r) => r.id)).toEqual(['shortkw']);
    expect(scanner.triggered('xx abc yy').map((r) => r.id)).toEqual(['shortkw']);
    expect(scanner.triggered('xx a bcd yy')).toEqual([]);
  });

  it('finds a reach-limited match next to a short keyword and next to a long one in one text', () => {
    const scanner = new Scanner([
      rule('pw', ['pw'], { reach: 40, lead: 0, regex: /pw=(\w+)/g }),
      rule('longer', ['longer'], { reach: 40, lead: 0, regex: /longer=(\w+)/g }),
    ]);
    const detections = scanner.scan('a longer=first and then PW=second and pw=third');
    expect(detections.map((d) => [d.rule.id, d.secret])).toEqual([
      ['longer', 'first'],
      ['pw', 'third'],
    ]);
  });

  it('triggers exactly the rules one alternation over all keywords triggers', () => {
    const keywords = [...new Set(BUILTIN_RULES.flatMap((r) => r.keywords))];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let part = 0; part < 6; part++) {
        const keyword = keywords[random(keywords.length)] ?? '';
        // Cut keywords, odd case and glued neighbours: overlaps at one position.
        const cut = keyword.slice(0, 1 + random(keyword.length));
        text += random(2) === 0 ? cut.toUpperCase() : cut;
        text += ['', ' ', '_', 'x', '\n'][random(5)];
      }
      expect(new Scanner(BUILTIN_RULES).triggered(text).map((r) => r.id)).toEqual(
        triggeredByOneAlternation(BUILTIN_RULES, text),
      );
    }
  });
});

describe('rule prechecks (a necessary condition; the regex is skipped where they fail)', () => {
  const scanner = new Scanner(BUILTIN_RULES);
  const secret = 'q7Rz2LmX9vKp4TnB8wYc';

  it('keeps every assignment operator of the generic rule', () => {
    for (const text of [
      `API_KEY=${secret}`,
      `api_key = "${secret}"`,
      `secret: '${secret}'`,
      `token := ${secret}`,
      `password => "${secret}"`,
      `PWD ?= ${secret}`,
      `credential:\t\`${secret}\``,
    ]) {
      expect(
        scanner.scan(text).map((d) => [d.rule.id, d.secret]),
        text,
      ).toEqual([['generic-secret-assignment', secret]]);
    }
  });

  it('keeps a URL password, and skips URLs with none', () => {
    const url = `postgres://deploy:${secret}@db.internal:5432/app`;
    expect(scanner.scan(`DATABASE_URL=${url}`).map((d) => d.secret)).toEqual([secret]);
    expect(scanner.scan(`see https://db.internal:5432/app and mailto:someone@db.internal`)).toEqual([]);
  });

  it('are stateless (no global or sticky flag) and only on rules with a reach', () => {
    for (const rule of BUILTIN_RULES) {
      if (!rule.precheck) continue;
      expect(rule.reach, rule.id).toBeDefined();
      expect(rule.precheck.global || rule.precheck.sticky, rule.id).toBe(false);
    }
  });

  it('finds a secret inside a longer match that the rule rejected', () => {
    const value = 'Zq8fK2mN4pL7vR1sT9wX';
    // session_token's value runs on through `&secret=…` and is rejected (it
    // holds a key name); the assignment inside it must still be found.
    for (const tail of ['', ' # rotate the token weekly']) {
      const text = `curl "https://api.example.com/v1?session_token=q8ZbX2kL9mN4vP7w&secret=${value}"${tail}`;
      expect(
        scanner.scan(text).map((d) => d.secret),
        text,
      ).toContain(value);
    }
  });

  it('checks at the keyword with a sticky, non-global regex, only on rules with a reach', () => {
    for (const rule of BUILTIN_RULES) {
      if (!rule.atKeyword) continue;
      expect(rule.reach, rule.id).toBeDefined();
      expect([rule.atKeyword.sticky, rule.atKeyword.global], rule.id).toEqual([true, false]);
    }
  });

  it('finds a generic assignment under every key spelling the regex names, with no other keyword near', () => {
    for (const key of [
      'AUTH.KEY',
      'auth-key',
      'authKey',
      'access.key',
      'ACCESS-KEY',
      'accessKey',
      'api.key',
      'x_pwd',
    ]) {
      expect(
        scanner.scan(`${key} = ${secret}`).map((d) => [d.rule.id, d.secret]),
        key,
      ).toEqual([['generic-secret-assignment', secret]]);
    }
  });

  it('skips only keyword occurrences that cannot start a match: the same detections as without the check', () => {
    const generic = BUILTIN_RULES.find((rule) => rule.id === 'generic-secret-assignment');
    if (!generic) throw new Error('no generic rule');
    const checked = new Scanner([generic]);
    const { atKeyword, ...withoutCheck } = generic;
    expect(atKeyword).toBeDefined();
    const unchecked = new Scanner([withoutCheck]);
    let seed = 3;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = (options: readonly string[]) => options[random(options.length)] ?? '';
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '_', '-', '+', '/'];
    // 14 or 15 characters: too short to report, which the check must also see.
    const value = () => Array.from({ length: 14 + random(14) }, () => pick(alphabet)).join('');
    let found = 0;
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let part = 0; part < 6; part++) {
        const key = `${pick(['', 'my_', 'x.', 'DB_', 'the-'])}${pick([
          'api_key',
          'API.KEY',
          'apikey',
          'secret',
          'Token',
          'passwd',
          'password',
          'PWD',
          'auth-key',
          'authkey',
          'access.key',
          'credential',
          'tokenizer',
        ])}${pick(['', 's', '_id', '_value', '.prod'])}`;
        const quote = pick(['', '"', "'", '`']);
        text += `${key}${pick(['', '"', "'"])}${pick(['', ' ', '\t', '\n  '])}${pick(['=', ':', ':=', '=>', '?=', ' '])}`;
        text += `${pick(['', ' ', '\n'])}${quote}${value()}${quote}${pick([' ', '\n', ';', ', ', 'secret '])}`;
      }
      const expected = unchecked.scan(text).map((d) => [d.start, d.secret]);
      found += expected.length;
      expect(
        checked.scan(text).map((d) => [d.start, d.secret]),
        text,
      ).toEqual(expected);
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('byte checks before a slice is made a string (a necessary condition each)', () => {
  let seed = 11;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;

  it('hasRun finds a run exactly where a regex over the same bytes does', () => {
    for (let round = 0; round < 2000; round++) {
      const length = 1 + random(12);
      const bytes = Uint8Array.from({ length: random(80) }, () => (random(3) === 0 ? 0x2c : 0x61 + random(3)));
      const table = Uint8Array.from({ length: 256 }, (_, code) => (code >= 0x61 && code <= 0x62 ? 1 : 0));
      const from = random(bytes.length + 1);
      const to = from + random(bytes.length - from + 1);
      const text = Buffer.from(bytes.subarray(from, to)).toString('latin1');
      expect(hasRun(bytes, from, to, table, length), `${text} ${length}`).toBe(
        new RegExp(`[ab]{${length}}`).test(text),
      );
    }
  });

  it('assignmentFollows holds wherever the generic rule’s atKeyword matches', () => {
    const generic = BUILTIN_RULES.find((rule) => rule.id === 'generic-secret-assignment');
    const atKeyword = generic?.atKeyword as RegExp;
    const parts = ['s', '_id', 'Key', '.x', '-', '9', '"', "'", '`', ' ', '\t', '\n', '\u00a0', '\v', '\r', '(', ')'];
    const operators = ['=', ':', ':=', '=>', '?=', '==', '?', ''];
    let matched = 0;
    for (let round = 0; round < 4000; round++) {
      let text = pick(['', 'x', ' ', 'my_']);
      const at = text.length;
      text += pick(generic?.keywords ?? []);
      for (let n = random(5); n > 0; n--) text += pick(parts);
      text += pick(operators);
      for (let n = random(3); n > 0; n--) text += pick([' ', '"', '\u00a0']);
      text += pick(['q7Rz2LmX9vKp4TnB8wYc', 'short', '']);
      const bytes = Buffer.from(text, 'latin1');
      const end = random(2) === 0 ? text.length : random(text.length + 1);
      atKeyword.lastIndex = at;
      const matches = atKeyword.test(text.slice(0, end));
      if (matches) matched++;
      if (matches) expect(assignmentFollows(bytes, at, end), JSON.stringify(text.slice(0, end))).toBe(true);
    }
    expect(matched).toBeGreaterThan(200);
  });

  it('a window’s bytes give the same detections as the same text as a string (which skips them)', () => {
    const scanner = new Scanner(BUILTIN_RULES);
    const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8kL4vP2a';
    const pieces = [
      `aws_secret_access_key = ${awsSecret}\n`,
      `AWS_SECRET = "${awsSecret}"\n`,
      `aws.config.secretAccessKey:\u00a0'${awsSecret}'\n`,
      'const aws = require("aws-sdk"); aws.config.update({ region });\n',
      `token\u00a0= "q7Rz2LmX9vKp4TnB8wYc"\n`,
      'API_KEY  :=  Zq8fK2mN4pL7vR1sT9wX\n',
      'tokenize(secretOf(x)); passwords.length\n',
      `secret_access_key${'x'.repeat(40)} = ${awsSecret}\n`,
      'password="Zq8fK2mN4pL7vR1sT9wX"',
    ];
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let n = 1 + random(5); n > 0; n--) text += pick(pieces);
      const shape = (found: ReturnType<Scanner['scan']>) => found.map((d) => [d.rule.id, d.secret, d.start]);
      expect(shape(scanner.scan(Buffer.from(text, 'latin1'))), text).toEqual(shape(scanner.scan(text)));
    }
    expect(scanner.scan(Buffer.from(pieces.join(''), 'latin1')).length).toBeGreaterThan(5);
  });
});
