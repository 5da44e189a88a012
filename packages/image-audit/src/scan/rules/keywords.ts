/**
 * Finds every occurrence of a set of keywords in one pass, case-insensitive
 * as a `/i` regex is within Latin-1: an Aho–Corasick automaton compiled to a
 * transition table. It reads bytes directly (a window of a file, no string
 * made of it): ~700 MB/s on one core over a node_modules-like image, where
 * the case-insensitive alternation it replaced ran at ~240 MB/s.
 */

/** Keywords are matched over Latin-1 (a byte is a character); a keyword with
 * any other character cannot be, and the caller must not pass one. */
export function isLatin1(keyword: string): boolean {
  for (let at = 0; at < keyword.length; at++) if (keyword.charCodeAt(at) > 0xff) return false;
  return true;
}

/** ASCII keywords are the same bytes in Latin-1 and in UTF-8 files. */
export function isAscii(keyword: string): boolean {
  return !/[^\p{ASCII}]/u.test(keyword);
}

/** What `/i` treats as the same character, for each Latin-1 code: its lower
 * case when that is one Latin-1 character (`ß` and `ÿ` have none). Folding
 * stays within Latin-1: where `/i` also matches `µ` with `μ` or `ÿ` with
 * `Ÿ`, a character past Latin-1 in a string matches no keyword character. */
const FOLD = Uint8Array.from({ length: 256 }, (_, code) => {
  const lower = String.fromCharCode(code).toLowerCase();
  return lower.length === 1 && lower.charCodeAt(0) <= 0xff ? lower.charCodeAt(0) : code;
});

/** Bytes this many (and four times the longest keyword) are read in four
 * lanes (see endsInLanes). */
const LANES_FROM = 1024;

export interface KeywordOccurrence {
  /** Offset of the keyword's first character. */
  readonly start: number;
  /** Index into the keywords the automaton was built from. */
  readonly keyword: number;
}

export class KeywordAutomaton {
  private readonly lengths: readonly number[];
  private readonly longest: number;
  /** `state * 256 + byte` -> next state, premultiplied by 256. */
  private readonly table: Int32Array;
  /** States at or past this (premultiplied) end a keyword. */
  private readonly firstAccepting: number;
  /** Keywords ending at each accepting state, by state / 256 - accepting. */
  private readonly endings: readonly (readonly number[])[];
  /** A byte no keyword holds: stands for characters past Latin-1 in strings. */
  private readonly absent: number;

  constructor(keywords: readonly string[]) {
    for (const keyword of keywords) {
      if (keyword === '' || !isLatin1(keyword)) throw new Error(`keyword ${JSON.stringify(keyword)} is not Latin-1`);
    }
    this.lengths = keywords.map((keyword) => keyword.length);
    this.longest = Math.max(1, ...this.lengths);

    // The trie, over folded characters.
    const children: Map<number, number>[] = [new Map()];
    const ending: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (let at = 0; at < keyword.length; at++) {
        const symbol = FOLD[keyword.charCodeAt(at)] ?? 0;
        let child = children[state]?.get(symbol);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          ending.push([]);
          children[state]?.set(symbol, child);
        }
        state = child;
      }
      ending[state]?.push(index);
    });

    // Failure links, breadth first, folded into a full transition table, so
    // that scanning is one lookup per byte.
    const states = children.length;
    const next = new Int32Array(states * 256);
    const fail = new Int32Array(states);
    const queue = [...(children[0]?.values() ?? [])];
    for (let byte = 0; byte < 256; byte++) next[byte] = children[0]?.get(FOLD[byte] ?? byte) ?? 0;
    // A state's row is its failure state's row (complete: that state is
    // shallower) with its own children written over it.
    const bytesOf = new Map<number, number[]>();
    for (let byte = 0; byte < 256; byte++) {
      const symbol = FOLD[byte] ?? byte;
      bytesOf.set(symbol, [...(bytesOf.get(symbol) ?? []), byte]);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      const failure = fail[state] ?? 0;
      ending[state] = [...(ending[state] ?? []), ...(ending[failure] ?? [])];
      next.copyWithin(state * 256, failure * 256, failure * 256 + 256);
      for (const [symbol, child] of children[state] ?? []) {
        fail[child] = next[failure * 256 + symbol] ?? 0;
        for (const byte of bytesOf.get(symbol) ?? []) next[state * 256 + byte] = child;
        queue.push(child);
      }
    }

    // Renumber: accepting states last, so the scan tests one comparison.
    const order = [...Array(states).keys()];
    const accepting = (state: number) => (ending[state]?.length ?? 0) > 0;
    const renumbered = [...order.filter((s) => !accepting(s)), ...order.filter(accepting)];
    const newId = new Int32Array(states);
    renumbered.forEach((old, id) => {
      newId[old] = id;
    });
    this.table = new Int32Array(states * 256);
    for (let state = 0; state < states; state++) {
      for (let byte = 0; byte < 256; byte++) {
        this.table[(newId[state] ?? 0) * 256 + byte] = (newId[next[state * 256 + byte] ?? 0] ?? 0) * 256;
      }
    }
    const firstAccepting = renumbered.findIndex(accepting);
    this.firstAccepting = (firstAccepting === -1 ? states : firstAccepting) * 256;
    this.endings = renumbered.filter(accepting).map((state) => ending[state] ?? []);

    const used = new Set<number>();
    for (const keyword of keywords) {
      for (let at = 0; at < keyword.length; at++) {
        const code = keyword.charCodeAt(at);
        used.add(code);
        used.add(FOLD[code] ?? code);
      }
    }
    this.absent = [...Array(256).keys()].find((byte) => !used.has(byte) && !used.has(FOLD[byte] ?? byte)) ?? 0;
  }

  /** Every occurrence, in text order (by start, then keyword). */
  find(text: Uint8Array | string): KeywordOccurrence[] {
    return Array.from(this.occurrences(text), (code) => ({ start: this.startOf(code), keyword: this.keywordOf(code) }));
  }

  /**
   * Every occurrence in text order (by start, then keyword), each as one
   * number, `start * keywords + keyword` (see startOf and keywordOf): the
   * scanner's hot path, where an object an occurrence (tens of thousands a
   * window in a bundle of AWS SDK code) was most of what its heap collected.
   */
  occurrences(text: Uint8Array | string): Float64Array {
    const ends = this.ends(text);
    const lengths = this.lengths;
    const count = lengths.length;
    let total = 0;
    for (let at = 1; at < ends.length; at += 2)
      total += this.endings[((ends[at] ?? 0) - this.firstAccepting) / 256]?.length ?? 0;
    const codes = new Float64Array(total);
    let next = 0;
    for (let at = 0; at < ends.length; at += 2) {
      const end = ends[at] ?? 0;
      for (const keyword of this.endings[((ends[at + 1] ?? 0) - this.firstAccepting) / 256] ?? []) {
        codes[next++] = (end - (lengths[keyword] ?? 0) + 1) * count + keyword;
      }
    }
    return codes.sort();
  }

  /** The start of an occurrence from occurrences(). */
  startOf(code: number): number {
    return Math.floor(code / this.lengths.length);
  }

  /** The keyword (its index) of an occurrence from occurrences(). */
  keywordOf(code: number): number {
    return code % this.lengths.length;
  }

  private ends(text: Uint8Array | string): number[] {
    if (typeof text === 'string') return this.endsInString(text);
    return text.length >= LANES_FROM && text.length >> 2 > this.longest
      ? this.endsInLanes(text)
      : this.endsInBytes(text);
  }

  /** One table lookup per byte, for windows too short for lanes. Kept apart
   * from the string loop, with its fields in locals and only small integers
   * pushed, it runs at ~400–500 MB/s where one shared loop ran at ~270.
   * Returns pairs: the offset where keywords end, and the state there. */
  private endsInBytes(bytes: Uint8Array): number[] {
    const table = this.table;
    const limit = this.firstAccepting;
    const ends: number[] = [];
    let state = 0;
    for (let at = 0; at < bytes.length; at++) {
      state = table[state + (bytes[at] ?? 0)] ?? 0;
      if (state >= limit) ends.push(at, state);
    }
    return ends;
  }

  /**
   * The same as endsInBytes over four quarters of the text at once. Each
   * step of one automaton waits on its previous lookup; four independent
   * ones keep the core busy (~1.1 GB/s vs ~500 MB/s on windows of 64 KiB or
   * more, 700 vs 400 over a whole image). A quarter's automaton starts
   * at the root, so it runs on past its quarter by the longest keyword less
   * one byte, and reports only keywords ending past the first such stretch
   * of its own (the previous quarter's automaton, which knows what came
   * before, reports those): each occurrence is reported once.
   */
  private endsInLanes(bytes: Uint8Array): number[] {
    const table = this.table;
    const limit = this.firstAccepting;
    const carry = this.longest - 1;
    const quarter = bytes.length >> 2;
    const [b1, b2, b3] = [quarter, 2 * quarter, 3 * quarter];
    const ends: number[] = [];
    let [s0, s1, s2, s3] = [0, 0, 0, 0];
    for (let at = 0; at < quarter; at++) {
      s0 = table[s0 + (bytes[at] ?? 0)] ?? 0;
      s1 = table[s1 + (bytes[b1 + at] ?? 0)] ?? 0;
      s2 = table[s2 + (bytes[b2 + at] ?? 0)] ?? 0;
      s3 = table[s3 + (bytes[b3 + at] ?? 0)] ?? 0;
      // One test for the four, nearly always false: an OR of the states is
      // at least as large as each of them.
      if ((s0 | s1 | s2 | s3) >= limit) {
        if (s0 >= limit) ends.push(at, s0);
        if (s1 >= limit && at >= carry) ends.push(b1 + at, s1);
        if (s2 >= limit && at >= carry) ends.push(b2 + at, s2);
        if (s3 >= limit && at >= carry) ends.push(b3 + at, s3);
      }
    }
    // Each quarter's stretch past its end, and the last quarter's rest (the
    // length need not divide by four), go on from where each automaton is.
    const goOn = (state: number, from: number, to: number) => {
      for (let at = from; at < to; at++) {
        state = table[state + (bytes[at] ?? 0)] ?? 0;
        if (state >= limit) ends.push(at, state);
      }
    };
    goOn(s0, b1, Math.min(bytes.length, b1 + carry));
    goOn(s1, b2, Math.min(bytes.length, b2 + carry));
    goOn(s2, b3, Math.min(bytes.length, b3 + carry));
    goOn(s3, b3 + quarter, bytes.length);
    return ends;
  }

  private endsInString(text: string): number[] {
    const table = this.table;
    const limit = this.firstAccepting;
    const absent = this.absent;
    const ends: number[] = [];
    let state = 0;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      state = table[state + (code > 0xff ? absent : code)] ?? 0;
      if (state >= limit) ends.push(at, state);
    }
    return ends;
  }
}
