import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 173:
/***/ ((module) => {

function isBuffer(value) {
  return Buffer.isBuffer(value) || value instanceof Uint8Array
}

function isEncoding(encoding) {
  return Buffer.isEncoding(encoding)
}

function alloc(size, fill, encoding) {
  return Buffer.alloc(size, fill, encoding)
}

function allocUnsafe(size) {
  return Buffer.allocUnsafe(size)
}

function allocUnsafeSlow(size) {
  return Buffer.allocUnsafeSlow(size)
}

function byteLength(string, encoding) {
  return Buffer.byteLength(string, encoding)
}

function compare(a, b) {
  return Buffer.compare(a, b)
}

function concat(buffers, totalLength) {
  return Buffer.concat(buffers, totalLength)
}

function copy(source, target, targetStart, start, end) {
  return toBuffer(source).copy(target, targetStart, start, end)
}

function equals(a, b) {
  return toBuffer(a).equals(b)
}

function fill(buffer, value, offset, end, encoding) {
  return toBuffer(buffer).fill(value, offset, end, encoding)
}

function from(value, encodingOrOffset, length) {
  return Buffer.from(value, encodingOrOffset, length)
}

function includes(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).includes(value, byteOffset, encoding)
}

function indexOf(buffer, value, byfeOffset, encoding) {
  return toBuffer(buffer).indexOf(value, byfeOffset, encoding)
}

function lastIndexOf(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).lastIndexOf(value, byteOffset, encoding)
}

function swap16(buffer) {
  return toBuffer(buffer).swap16()
}

function swap32(buffer) {
  return toBuffer(buffer).swap32()
}

function swap64(buffer) {
  return toBuffer(buffer).swap64()
}

function toBuffer(buffer) {
  if (Buffer.isBuffer(buffer)) return buffer
  return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function toString(buffer, encoding, start, end) {
  return toBuffer(buffer).toString(encoding, start, end)
}

function toHex(buffer, start, end) {
  return toBuffer(buffer).toString('hex', start, end)
}

function write(buffer, string, offset, length, encoding) {
  return toBuffer(buffer).write(string, offset, length, encoding)
}

function readDoubleBE(buffer, offset) {
  return toBuffer(buffer).readDoubleBE(offset)
}

function readDoubleLE(buffer, offset) {
  return toBuffer(buffer).readDoubleLE(offset)
}

function readFloatBE(buffer, offset) {
  return toBuffer(buffer).readFloatBE(offset)
}

function readFloatLE(buffer, offset) {
  return toBuffer(buffer).readFloatLE(offset)
}

function readInt32BE(buffer, offset) {
  return toBuffer(buffer).readInt32BE(offset)
}

function readInt32LE(buffer, offset) {
  return toBuffer(buffer).readInt32LE(offset)
}

function readUInt32BE(buffer, offset) {
  return toBuffer(buffer).readUInt32BE(offset)
}

function readUInt32LE(buffer, offset) {
  return toBuffer(buffer).readUInt32LE(offset)
}

function writeDoubleBE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleBE(value, offset)
}

function writeDoubleLE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleLE(value, offset)
}

function writeFloatBE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatBE(value, offset)
}

function writeFloatLE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatLE(value, offset)
}

function writeInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32BE(value, offset)
}

function writeInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32LE(value, offset)
}

function writeUInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32BE(value, offset)
}

function writeUInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32LE(value, offset)
}

module.exports = {
  isBuffer,
  isEncoding,
  alloc,
  allocUnsafe,
  allocUnsafeSlow,
  byteLength,
  compare,
  concat,
  copy,
  equals,
  fill,
  from,
  includes,
  indexOf,
  lastIndexOf,
  swap16,
  swap32,
  swap64,
  toBuffer,
  toString,
  toHex,
  write,
  readDoubleBE,
  readDoubleLE,
  readFloatBE,
  readFloatLE,
  readInt32BE,
  readInt32LE,
  readUInt32BE,
  readUInt32LE,
  writeDoubleBE,
  writeDoubleLE,
  writeFloatBE,
  writeFloatLE,
  writeInt32BE,
  writeInt32LE,
  writeUInt32BE,
  writeUInt32LE
}


/***/ }),

/***/ 736:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(434)


/***/ }),

/***/ 967:
/***/ ((module) => {

module.exports = class FixedFIFO {
  constructor (hwm) {
    if (!(hwm > 0) || ((hwm - 1) & hwm) !== 0) throw new Error('Max size for a FixedFIFO should be a power of two')
    this.buffer = new Array(hwm)
    this.mask = hwm - 1
    this.top = 0
    this.btm = 0
    this.next = null
  }

  clear () {
    this.top = this.btm = 0
    this.next = null
    this.buffer.fill(undefined)
  }

  push (data) {
    if (this.buffer[this.top] !== undefined) return false
    this.buffer[this.top] = data
    this.top = (this.top + 1) & this.mask
    return true
  }

  shift () {
    const last = this.buffer[this.btm]
    if (last === undefined) return undefined
    this.buffer[this.btm] = undefined
    this.btm = (this.btm + 1) & this.mask
    return last
  }

  peek () {
    return this.buffer[this.btm]
  }

  isEmpty () {
    return this.buffer[this.btm] === undefined
  }
}


/***/ }),

/***/ 927:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const FixedFIFO = __nccwpck_require__(967)

module.exports = class FastFIFO {
  constructor (hwm) {
    this.hwm = hwm || 16
    this.head = new FixedFIFO(this.hwm)
    this.tail = this.head
    this.length = 0
  }

  clear () {
    this.head = this.tail
    this.head.clear()
    this.length = 0
  }

  push (val) {
    this.length++
    if (!this.head.push(val)) {
      const prev = this.head
      this.head = prev.next = new FixedFIFO(2 * this.head.buffer.length)
      this.head.push(val)
    }
  }

  shift () {
    if (this.length !== 0) this.length--
    const val = this.tail.shift()
    if (val === undefined && this.tail.next) {
      const next = this.tail.next
      this.tail.next = null
      this.tail = next
      return this.tail.shift()
    }

    return val
  }

  peek () {
    const val = this.tail.peek()
    if (val === undefined && this.tail.next) return this.tail.next.peek()
    return val
  }

  isEmpty () {
    return this.length === 0
  }
}


/***/ }),

/***/ 26:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(156);
const utils = __nccwpck_require__(599);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 604:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 717:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(604);
const utils = __nccwpck_require__(599);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 156:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(745);
const parse = __nccwpck_require__(717);
const utils = __nccwpck_require__(599);
const constants = __nccwpck_require__(604);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 745:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(599);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(604);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 599:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(604);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 200:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { EventEmitter } = __nccwpck_require__(736)
const FIFO = __nccwpck_require__(927)
const TextDecoder = __nccwpck_require__(410)

const StreamError = __nccwpck_require__(237)

// if we do a future major, expect queue microtask to be there always, for now a bit defensive
const qmt =
  typeof queueMicrotask === 'undefined' ? (fn) => global.process.nextTick(fn) : queueMicrotask

// 29 bits used total (4 from shared, 14 from read, and 11 from write)
const MAX = (1 << 29) - 1

// Shared state
const OPENING = 0b0001
const PREDESTROYING = 0b0010
const DESTROYING = 0b0100
const DESTROYED = 0b1000

const NOT_OPENING = MAX ^ OPENING
const NOT_PREDESTROYING = MAX ^ PREDESTROYING

// Read state (4 bit offset from shared state)
const READ_ACTIVE = 0b00000000000001 << 4
const READ_UPDATING = 0b00000000000010 << 4
const READ_PRIMARY = 0b00000000000100 << 4
const READ_QUEUED = 0b00000000001000 << 4
const READ_RESUMED = 0b00000000010000 << 4
const READ_PIPE_DRAINED = 0b00000000100000 << 4
const READ_ENDING = 0b00000001000000 << 4
const READ_EMIT_DATA = 0b00000010000000 << 4
const READ_EMIT_READABLE = 0b00000100000000 << 4
const READ_EMITTED_READABLE = 0b00001000000000 << 4
const READ_DONE = 0b00010000000000 << 4
const READ_NEXT_TICK = 0b00100000000000 << 4
const READ_NEEDS_PUSH = 0b01000000000000 << 4
const READ_READ_AHEAD = 0b10000000000000 << 4

// Combined read state
const READ_FLOWING = READ_RESUMED | READ_PIPE_DRAINED
const READ_ACTIVE_AND_NEEDS_PUSH = READ_ACTIVE | READ_NEEDS_PUSH
const READ_PRIMARY_AND_ACTIVE = READ_PRIMARY | READ_ACTIVE
const READ_EMIT_READABLE_AND_QUEUED = READ_EMIT_READABLE | READ_QUEUED
const READ_RESUMED_READ_AHEAD = READ_RESUMED | READ_READ_AHEAD

const READ_NOT_ACTIVE = MAX ^ READ_ACTIVE
const READ_NON_PRIMARY = MAX ^ READ_PRIMARY
const READ_NON_PRIMARY_AND_PUSHED = MAX ^ (READ_PRIMARY | READ_NEEDS_PUSH)
const READ_PUSHED = MAX ^ READ_NEEDS_PUSH
const READ_PAUSED = MAX ^ READ_RESUMED
const READ_NOT_QUEUED = MAX ^ (READ_QUEUED | READ_EMITTED_READABLE)
const READ_NOT_ENDING = MAX ^ READ_ENDING
const READ_PIPE_NOT_DRAINED = MAX ^ READ_FLOWING
const READ_NOT_NEXT_TICK = MAX ^ READ_NEXT_TICK
const READ_NOT_UPDATING = MAX ^ READ_UPDATING
const READ_NO_READ_AHEAD = MAX ^ READ_READ_AHEAD
const READ_PAUSED_NO_READ_AHEAD = MAX ^ READ_RESUMED_READ_AHEAD

// Write state (18 bit offset, 4 bit offset from shared state and 14 from read state)
const WRITE_ACTIVE = 0b00000000001 << 18
const WRITE_UPDATING = 0b00000000010 << 18
const WRITE_PRIMARY = 0b00000000100 << 18
const WRITE_QUEUED = 0b00000001000 << 18
const WRITE_UNDRAINED = 0b00000010000 << 18
const WRITE_DONE = 0b00000100000 << 18
const WRITE_EMIT_DRAIN = 0b00001000000 << 18
const WRITE_NEXT_TICK = 0b00010000000 << 18
const WRITE_WRITING = 0b00100000000 << 18
const WRITE_FINISHING = 0b01000000000 << 18
const WRITE_CORKED = 0b10000000000 << 18

const WRITE_NOT_ACTIVE = MAX ^ (WRITE_ACTIVE | WRITE_WRITING)
const WRITE_NON_PRIMARY = MAX ^ WRITE_PRIMARY
const WRITE_NOT_FINISHING = MAX ^ (WRITE_ACTIVE | WRITE_FINISHING)
const WRITE_DRAINED = MAX ^ WRITE_UNDRAINED
const WRITE_NOT_QUEUED = MAX ^ WRITE_QUEUED
const WRITE_NOT_NEXT_TICK = MAX ^ WRITE_NEXT_TICK
const WRITE_NOT_UPDATING = MAX ^ WRITE_UPDATING
const WRITE_NOT_CORKED = MAX ^ WRITE_CORKED

// Combined shared state
const ACTIVE = READ_ACTIVE | WRITE_ACTIVE
const NOT_ACTIVE = MAX ^ ACTIVE
const DONE = READ_DONE | WRITE_DONE
const DESTROY_STATUS = DESTROYING | DESTROYED | PREDESTROYING
const OPEN_STATUS = DESTROY_STATUS | OPENING
const AUTO_DESTROY = DESTROY_STATUS | DONE
const NON_PRIMARY = WRITE_NON_PRIMARY & READ_NON_PRIMARY
const ACTIVE_OR_TICKING = WRITE_NEXT_TICK | READ_NEXT_TICK
const TICKING = ACTIVE_OR_TICKING & NOT_ACTIVE
const IS_OPENING = OPEN_STATUS | TICKING

// Combined shared state and read state
const READ_PRIMARY_STATUS = OPEN_STATUS | READ_ENDING | READ_DONE
const READ_STATUS = OPEN_STATUS | READ_DONE | READ_QUEUED
const READ_ENDING_STATUS = OPEN_STATUS | READ_ENDING | READ_QUEUED
const READ_READABLE_STATUS = OPEN_STATUS | READ_EMIT_READABLE | READ_QUEUED | READ_EMITTED_READABLE
const SHOULD_NOT_READ =
  OPEN_STATUS | READ_ACTIVE | READ_ENDING | READ_DONE | READ_NEEDS_PUSH | READ_READ_AHEAD
const READ_BACKPRESSURE_STATUS = DESTROY_STATUS | READ_ENDING | READ_DONE
const READ_UPDATE_SYNC_STATUS = READ_UPDATING | OPEN_STATUS | READ_NEXT_TICK | READ_PRIMARY
const READ_NEXT_TICK_OR_OPENING = READ_NEXT_TICK | OPENING

// Combined write state
const WRITE_PRIMARY_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_QUEUED_AND_UNDRAINED = WRITE_QUEUED | WRITE_UNDRAINED
const WRITE_QUEUED_AND_ACTIVE = WRITE_QUEUED | WRITE_ACTIVE
const WRITE_DRAIN_STATUS = WRITE_QUEUED | WRITE_UNDRAINED | OPEN_STATUS | WRITE_ACTIVE
const WRITE_STATUS = OPEN_STATUS | WRITE_ACTIVE | WRITE_QUEUED | WRITE_CORKED
const WRITE_PRIMARY_AND_ACTIVE = WRITE_PRIMARY | WRITE_ACTIVE
const WRITE_ACTIVE_AND_WRITING = WRITE_ACTIVE | WRITE_WRITING
const WRITE_FINISHING_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_QUEUED_AND_ACTIVE | WRITE_DONE
const WRITE_BACKPRESSURE_STATUS = WRITE_UNDRAINED | DESTROY_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_UPDATE_SYNC_STATUS = WRITE_UPDATING | OPEN_STATUS | WRITE_NEXT_TICK | WRITE_PRIMARY
const WRITE_DROP_DATA = WRITE_FINISHING | WRITE_DONE | DESTROY_STATUS

const asyncIterator = Symbol.asyncIterator || Symbol('asyncIterator')

class WritableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapWritable, byteLength, byteLengthWritable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark
    this.buffered = 0
    this.error = null
    this.pipeline = null
    this.drains = null // if we add more seldomly used helpers we might them into a subobject so its a single ptr
    this.byteLength = byteLengthWritable || byteLength || defaultByteLength
    this.map = mapWritable || map
    this.afterWrite = afterWrite.bind(this)
    this.afterUpdateNextTick = updateWriteNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & WRITE_FINISHING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & WRITE_DONE) !== 0
  }

  push(data) {
    if ((this.stream._duplexState & WRITE_DROP_DATA) !== 0) return false
    if (this.map !== null) data = this.map(data)

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    if (this.buffered < this.highWaterMark) {
      this.stream._duplexState |= WRITE_QUEUED
      return true
    }

    this.stream._duplexState |= WRITE_QUEUED_AND_UNDRAINED
    return false
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) this.stream._duplexState &= WRITE_NOT_QUEUED

    return data
  }

  end(data) {
    if (typeof data === 'function') {
      this.stream.once('finish', data)
    } else if (data !== undefined && data !== null) {
      this.push(data)
    }

    this.stream._duplexState = (this.stream._duplexState | WRITE_FINISHING) & WRITE_NON_PRIMARY
  }

  autoBatch(data, cb) {
    const buffer = []
    const stream = this.stream

    buffer.push(data)
    while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED_AND_ACTIVE) {
      buffer.push(stream._writableState.shift())
    }

    if ((stream._duplexState & OPEN_STATUS) !== 0) return cb(null)
    stream._writev(buffer, cb)
  }

  update() {
    const stream = this.stream

    stream._duplexState |= WRITE_UPDATING

    do {
      while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED) {
        const data = this.shift()
        stream._duplexState |= WRITE_ACTIVE_AND_WRITING
        stream._write(data, this.afterWrite)
      }

      if ((stream._duplexState & WRITE_PRIMARY_AND_ACTIVE) === 0) this.updateNonPrimary()
    } while (this.continueUpdate() === true)

    stream._duplexState &= WRITE_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & WRITE_FINISHING_STATUS) === WRITE_FINISHING) {
      stream._duplexState = stream._duplexState | WRITE_ACTIVE
      stream._final(afterFinal.bind(this))
      return
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) === 0) return false
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & WRITE_UPDATE_SYNC_STATUS) === WRITE_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTick() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) !== 0) return
    this.stream._duplexState |= WRITE_NEXT_TICK
    if ((this.stream._duplexState & WRITE_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class ReadableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapReadable, byteLength, byteLengthReadable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark === 0 ? 1 : highWaterMark
    this.buffered = 0
    this.readAhead = highWaterMark > 0
    this.error = null
    this.pipeline = null
    this.byteLength = byteLengthReadable || byteLength || defaultByteLength
    this.map = mapReadable || map
    this.pipeTo = null
    this.afterRead = afterRead.bind(this)
    this.afterUpdateNextTick = updateReadNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & READ_ENDING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & READ_DONE) !== 0
  }

  pipe(pipeTo, cb) {
    if (this.pipeTo !== null) throw StreamError.BAD_ARGUMENT('Can only pipe to one destination')
    if (typeof cb !== 'function') cb = null

    this.stream._duplexState |= READ_PIPE_DRAINED
    this.pipeTo = pipeTo
    this.pipeline = new Pipeline(this.stream, pipeTo, cb)

    if (cb) this.stream.on('error', noop) // We already error handle this so supress crashes

    if (isStreamx(pipeTo)) {
      pipeTo._writableState.pipeline = this.pipeline
      if (cb) pipeTo.on('error', noop) // We already error handle this so supress crashes
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline)) // TODO: just call finished from pipeTo itself
    } else {
      const onerror = this.pipeline.done.bind(this.pipeline, pipeTo)
      const onclose = this.pipeline.done.bind(this.pipeline, pipeTo, null) // onclose has a weird bool arg
      pipeTo.on('error', onerror)
      pipeTo.on('close', onclose)
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline))
    }

    pipeTo.on('drain', afterDrain.bind(this))
    this.stream.emit('piping', pipeTo)
    pipeTo.emit('pipe', this.stream)
  }

  push(data) {
    const stream = this.stream

    if (data === null) {
      this.highWaterMark = 0
      stream._duplexState = (stream._duplexState | READ_ENDING) & READ_NON_PRIMARY_AND_PUSHED
      return false
    }

    if (this.map !== null) {
      data = this.map(data)
      if (data === null) {
        stream._duplexState &= READ_PUSHED
        return this.buffered < this.highWaterMark
      }
    }

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    stream._duplexState = (stream._duplexState | READ_QUEUED) & READ_PUSHED

    return this.buffered < this.highWaterMark
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) {
      this.stream._duplexState &= READ_NOT_QUEUED
    }

    return data
  }

  unshift(data) {
    const pending = [this.map !== null ? this.map(data) : data]
    while (this.buffered > 0) pending.push(this.shift())

    for (let i = 0; i < pending.length - 1; i++) {
      const data = pending[i]
      this.buffered += this.byteLength(data)
      this.queue.push(data)
    }

    this.push(pending[pending.length - 1])
  }

  read() {
    const stream = this.stream

    if ((stream._duplexState & READ_STATUS) === READ_QUEUED) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }

      return data
    }

    if (this.readAhead === false) {
      stream._duplexState |= READ_READ_AHEAD
      this.updateNextTick()
    }

    return null
  }

  drain() {
    const stream = this.stream

    while (
      (stream._duplexState & READ_STATUS) === READ_QUEUED &&
      (stream._duplexState & READ_FLOWING) !== 0
    ) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }
    }
  }

  update() {
    const stream = this.stream

    stream._duplexState |= READ_UPDATING

    do {
      this.drain()

      while (
        this.buffered < this.highWaterMark &&
        (stream._duplexState & SHOULD_NOT_READ) === READ_READ_AHEAD
      ) {
        stream._duplexState |= READ_ACTIVE_AND_NEEDS_PUSH
        stream._read(this.afterRead)
        this.drain()
      }

      if ((stream._duplexState & READ_READABLE_STATUS) === READ_EMIT_READABLE_AND_QUEUED) {
        stream._duplexState |= READ_EMITTED_READABLE
        stream.emit('readable')
      }

      if ((stream._duplexState & READ_PRIMARY_AND_ACTIVE) === 0) {
        this.updateNonPrimary()
      }
    } while (this.continueUpdate() === true)

    stream._duplexState &= READ_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & READ_ENDING_STATUS) === READ_ENDING) {
      stream._duplexState = (stream._duplexState | READ_DONE) & READ_NOT_ENDING
      stream.emit('end')

      if ((stream._duplexState & AUTO_DESTROY) === DONE) {
        stream._duplexState |= DESTROYING
      }

      if (this.pipeTo !== null) {
        this.pipeTo.end()
      }
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & READ_NEXT_TICK) === 0) return false
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & READ_UPDATE_SYNC_STATUS) === READ_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTickIfOpen() {
    if ((this.stream._duplexState & READ_NEXT_TICK_OR_OPENING) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }

  updateNextTick() {
    if ((this.stream._duplexState & READ_NEXT_TICK) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class TransformState {
  constructor(stream) {
    this.data = null
    this.afterTransform = afterTransform.bind(stream)
    this.afterFinal = null
  }
}

class Pipeline {
  constructor(src, dst, cb) {
    this.from = src
    this.to = dst
    this.afterPipe = cb
    this.error = null
    this.pipeToFinished = false
  }

  finished() {
    this.pipeToFinished = true
  }

  done(stream, err) {
    if (err) this.error = err

    if (stream === this.to) {
      this.to = null

      if (this.from !== null) {
        if ((this.from._duplexState & READ_DONE) === 0 || !this.pipeToFinished) {
          this.from.destroy(this.error || StreamError.PREMATURE_CLOSE('Writable stream closed'))
        }
        return
      }
    }

    if (stream === this.from) {
      this.from = null

      if (this.to !== null) {
        if ((stream._duplexState & READ_DONE) === 0) {
          this.to.destroy(this.error || StreamError.PREMATURE_CLOSE('Readable stream closed'))
        }
        return
      }
    }

    if (this.afterPipe !== null) this.afterPipe(this.error)
    this.to = this.from = this.afterPipe = null
  }
}

function afterDrain() {
  this.stream._duplexState |= READ_PIPE_DRAINED
  this.updateCallback()
}

function afterFinal(err) {
  const stream = this.stream
  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROY_STATUS) === 0) {
    stream._duplexState |= WRITE_DONE
    stream.emit('finish')
  }

  if ((stream._duplexState & AUTO_DESTROY) === DONE) {
    stream._duplexState |= DESTROYING
  }

  stream._duplexState &= WRITE_NOT_FINISHING

  // no need to wait the extra tick here, so we short circuit that
  if ((stream._duplexState & WRITE_UPDATING) === 0) {
    this.update()
  } else {
    this.updateNextTick()
  }
}

function afterDestroy(err) {
  const stream = this.stream

  if (!err && !StreamError.isStreamDestroyed(this.error)) err = this.error
  if (err) stream.emit('error', err)

  stream._duplexState |= DESTROYED
  stream.emit('close')

  const rs = stream._readableState
  const ws = stream._writableState

  if (rs !== null && rs.pipeline !== null) {
    rs.pipeline.done(stream, err)
  }

  if (ws !== null) {
    while (ws.drains !== null && ws.drains.length > 0) {
      ws.drains.shift().resolve(false)
    }

    if (ws.pipeline !== null) {
      ws.pipeline.done(stream, err)
    }
  }
}

function afterWrite(err) {
  const stream = this.stream

  if (err) stream.destroy(err)
  stream._duplexState &= WRITE_NOT_ACTIVE

  if (this.drains !== null) tickDrains(this.drains)

  if ((stream._duplexState & WRITE_DRAIN_STATUS) === WRITE_UNDRAINED) {
    stream._duplexState &= WRITE_DRAINED

    if ((stream._duplexState & WRITE_EMIT_DRAIN) === WRITE_EMIT_DRAIN) {
      stream.emit('drain')
    }
  }

  this.updateCallback()
}

function afterRead(err) {
  if (err) this.stream.destroy(err)
  this.stream._duplexState &= READ_NOT_ACTIVE

  if (this.readAhead === false && (this.stream._duplexState & READ_RESUMED) === 0) {
    this.stream._duplexState &= READ_NO_READ_AHEAD
  }

  this.updateCallback()
}

function updateReadNT() {
  if ((this.stream._duplexState & READ_UPDATING) === 0) {
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    this.update()
  }
}

function updateWriteNT() {
  if ((this.stream._duplexState & WRITE_UPDATING) === 0) {
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    this.update()
  }
}

function tickDrains(drains) {
  for (let i = 0; i < drains.length; i++) {
    // drains.writes are monotonic, so if one is 0 its always the first one
    if (--drains[i].writes === 0) {
      drains.shift().resolve(true)
      i--
    }
  }
}

function afterOpen(err) {
  const stream = this.stream

  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROYING) === 0) {
    if ((stream._duplexState & READ_PRIMARY_STATUS) === 0) {
      stream._duplexState |= READ_PRIMARY
    }

    if ((stream._duplexState & WRITE_PRIMARY_STATUS) === 0) {
      stream._duplexState |= WRITE_PRIMARY
    }

    stream.emit('open')
  }

  stream._duplexState &= NOT_ACTIVE

  if (stream._writableState !== null) {
    stream._writableState.updateCallback()
  }

  if (stream._readableState !== null) {
    stream._readableState.updateCallback()
  }
}

function afterTransform(err, data) {
  if (data !== undefined && data !== null) this.push(data)
  this._writableState.afterWrite(err)
}

function newListener(name) {
  if (this._readableState !== null) {
    if (name === 'data') {
      this._duplexState |= READ_EMIT_DATA | READ_RESUMED_READ_AHEAD
      this._readableState.updateNextTick()
    }
    if (name === 'readable') {
      this._duplexState |= READ_EMIT_READABLE
      this._readableState.updateNextTick()
    }
  }

  if (this._writableState !== null) {
    if (name === 'drain') {
      this._duplexState |= WRITE_EMIT_DRAIN
      this._writableState.updateNextTick()
    }
  }
}

class Stream extends EventEmitter {
  constructor(opts) {
    super()

    this._duplexState = 0
    this._readableState = null
    this._writableState = null

    if (opts) {
      if (opts.open) this._open = opts.open
      if (opts.destroy) this._destroy = opts.destroy
      if (opts.predestroy) this._predestroy = opts.predestroy
      if (opts.signal) opts.signal.addEventListener('abort', abort.bind(this))
    }

    this.on('newListener', newListener)
  }

  _open(cb) {
    cb(null)
  }

  _destroy(cb) {
    cb(null)
  }

  _predestroy() {
    // does nothing
  }

  get readable() {
    return this._readableState !== null ? true : undefined
  }

  get writable() {
    return this._writableState !== null ? true : undefined
  }

  get destroyed() {
    return (this._duplexState & DESTROYED) !== 0
  }

  get destroying() {
    return (this._duplexState & DESTROY_STATUS) !== 0
  }

  destroy(err) {
    if ((this._duplexState & DESTROY_STATUS) === 0) {
      if (!err) err = StreamError.STREAM_DESTROYED()
      this._duplexState = (this._duplexState | DESTROYING) & NON_PRIMARY

      if (this._readableState !== null) {
        this._readableState.highWaterMark = 0
        this._readableState.error = err
      }

      if (this._writableState !== null) {
        this._writableState.highWaterMark = 0
        this._writableState.error = err
      }

      this._duplexState |= PREDESTROYING
      this._predestroy()
      this._duplexState &= NOT_PREDESTROYING

      if (this._readableState !== null) {
        this._readableState.updateNextTick()
      }

      if (this._writableState !== null) {
        this._writableState.updateNextTick()
      }
    }
  }
}

class Readable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | WRITE_DONE | READ_READ_AHEAD
    this._readableState = new ReadableState(this, opts)

    if (opts) {
      if (this._readableState.readAhead === false) this._duplexState &= READ_NO_READ_AHEAD
      if (opts.read) this._read = opts.read
      if (opts.eagerOpen) this._readableState.updateNextTick()
      if (opts.encoding) this.setEncoding(opts.encoding)
    }
  }

  static deferred(fn, opts) {
    const out = new PassThrough(opts)

    fn()
      .then((src) => {
        if (src === null) return out.end()
        if (out.destroying) return
        pipeline(src, out, noop)
      })
      .catch((err) => out.destroy(err))

    return out
  }

  setEncoding(encoding) {
    const dec = new TextDecoder(encoding)
    const map = this._readableState.map || echo
    this._readableState.map = mapOrSkip
    return this

    function mapOrSkip(data) {
      const next = dec.push(data)
      return next === '' && (data.byteLength !== 0 || dec.remaining > 0) ? null : map(next)
    }
  }

  _read(cb) {
    cb(null)
  }

  pipe(dest, cb) {
    this._readableState.updateNextTick()
    this._readableState.pipe(dest, cb)
    return dest
  }

  read() {
    this._readableState.updateNextTick()
    return this._readableState.read()
  }

  push(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.push(data)
  }

  unshift(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.unshift(data)
  }

  resume() {
    this._duplexState |= READ_RESUMED_READ_AHEAD
    this._readableState.updateNextTick()
    return this
  }

  pause() {
    this._duplexState &=
      this._readableState.readAhead === false ? READ_PAUSED_NO_READ_AHEAD : READ_PAUSED
    return this
  }

  static _fromAsyncIterator(ite, opts) {
    let destroy

    const rs = new Readable({
      ...opts,
      read(cb) {
        ite.next().then(push).then(cb.bind(null, null)).catch(cb)
      },
      predestroy() {
        destroy = ite.return()
      },
      destroy(cb) {
        if (!destroy) return cb(null)
        destroy.then(cb.bind(null, null)).catch(cb)
      }
    })

    return rs

    function push(data) {
      if (data.done) rs.push(null)
      else rs.push(data.value)
    }
  }

  static from(data, opts) {
    if (isReadStreamx(data)) return data
    if (data[asyncIterator]) return this._fromAsyncIterator(data[asyncIterator](), opts)
    if (!Array.isArray(data)) data = data === undefined ? [] : [data]

    let i = 0
    return new Readable({
      ...opts,
      read(cb) {
        this.push(i === data.length ? null : data[i++])
        cb(null)
      }
    })
  }

  static isBackpressured(rs) {
    return (
      (rs._duplexState & READ_BACKPRESSURE_STATUS) !== 0 ||
      rs._readableState.buffered >= rs._readableState.highWaterMark
    )
  }

  static isPaused(rs) {
    return (rs._duplexState & READ_RESUMED) === 0
  }

  [asyncIterator]() {
    const stream = this

    let error = null
    let promiseResolve = null
    let promiseReject = null

    this.on('error', (err) => {
      error = err
    })
    this.on('readable', onreadable)
    this.on('close', onclose)

    return {
      [asyncIterator]() {
        return this
      },
      next() {
        return new Promise(function (resolve, reject) {
          promiseResolve = resolve
          promiseReject = reject
          const data = stream.read()
          if (data !== null) ondata(data)
          else if ((stream._duplexState & DESTROYED) !== 0) ondata(null)
        })
      },
      return() {
        return destroy(null)
      },
      throw(err) {
        return destroy(err)
      }
    }

    function onreadable() {
      if (promiseResolve !== null) ondata(stream.read())
    }

    function onclose() {
      if (promiseResolve !== null) ondata(null)
    }

    function ondata(data) {
      if (promiseReject === null) return
      if (error) {
        promiseReject(error)
      } else if (data === null && (stream._duplexState & READ_DONE) === 0) {
        promiseReject(StreamError.STREAM_DESTROYED())
      } else {
        promiseResolve({ value: data, done: data === null })
      }
      promiseReject = promiseResolve = null
    }

    function destroy(err) {
      stream.destroy(err)
      return new Promise((resolve, reject) => {
        if (stream._duplexState & DESTROYED) return resolve({ value: undefined, done: true })
        stream.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

class Writable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | READ_DONE
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
      if (opts.eagerOpen) this._writableState.updateNextTick()
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  static isBackpressured(ws) {
    return (ws._duplexState & WRITE_BACKPRESSURE_STATUS) !== 0
  }

  static drained(ws) {
    if (ws.destroyed) return Promise.resolve(false)

    const state = ws._writableState
    const pending = isWritev(ws) ? Math.min(1, state.queue.length) : state.queue.length
    const writes = pending + (ws._duplexState & WRITE_WRITING ? 1 : 0)
    if (writes === 0) return Promise.resolve(true)

    if (state.drains === null) state.drains = []
    return new Promise((resolve) => {
      state.drains.push({ writes, resolve })
    })
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Duplex extends Readable {
  // and Writable
  constructor(opts) {
    super(opts)

    this._duplexState = OPENING | (this._duplexState & READ_READ_AHEAD)
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Transform extends Duplex {
  constructor(opts) {
    super(opts)
    this._transformState = new TransformState(this)

    if (opts) {
      if (opts.transform) this._transform = opts.transform
      if (opts.flush) this._flush = opts.flush
    }
  }

  _write(data, cb) {
    if (this._readableState.buffered >= this._readableState.highWaterMark) {
      this._transformState.data = data
    } else {
      this._transform(data, this._transformState.afterTransform)
    }
  }

  _read(cb) {
    if (this._transformState.data !== null) {
      const data = this._transformState.data
      this._transformState.data = null
      cb(null)
      this._transform(data, this._transformState.afterTransform)
    } else {
      cb(null)
    }
  }

  destroy(err) {
    super.destroy(err)
    if (this._transformState.data !== null) {
      this._transformState.data = null
      this._transformState.afterTransform()
    }
  }

  _transform(data, cb) {
    cb(null, data)
  }

  _flush(cb) {
    cb(null)
  }

  _final(cb) {
    this._transformState.afterFinal = cb
    this._flush(transformAfterFlush.bind(this))
  }
}

class PassThrough extends Transform {}

function transformAfterFlush(err, data) {
  const cb = this._transformState.afterFinal
  if (err) return cb(err)

  if (data !== null && data !== undefined) this.push(data)
  this.push(null)
  cb(null)
}

function pipelinePromise(...streams) {
  return new Promise((resolve, reject) => {
    return pipeline(...streams, (err) => {
      if (err) return reject(err)
      resolve()
    })
  })
}

function pipeline(stream, ...streams) {
  const all = Array.isArray(stream) ? [...stream, ...streams] : [stream, ...streams]
  const done = all.length && typeof all[all.length - 1] === 'function' ? all.pop() : null

  if (all.length < 2) throw StreamError.BAD_ARGUMENT('Pipeline requires at least 2 streams')

  let src = all[0]
  let dest = null
  let error = null

  for (let i = 1; i < all.length; i++) {
    dest = all[i]

    if (isStreamx(src)) {
      src.pipe(dest, onerror)
    } else {
      errorHandle(src, true, i > 1, onerror)
      src.pipe(dest)
    }

    src = dest
  }

  if (done) {
    let fin = false

    const autoDestroy =
      isStreamx(dest) || !!(dest._writableState && dest._writableState.autoDestroy)

    dest.on('error', (err) => {
      if (error === null) error = err
    })

    dest.on('finish', () => {
      fin = true
      if (!autoDestroy) done(error)
    })

    if (autoDestroy) {
      dest.on('close', () => done(error || (fin ? null : StreamError.PREMATURE_CLOSE())))
    }
  }

  return dest

  function errorHandle(s, rd, wr, onerror) {
    s.on('error', onerror)
    s.on('close', onclose)

    function onclose() {
      if (rd && s._readableState && !s._readableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
      if (wr && s._writableState && !s._writableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
    }
  }

  function onerror(err) {
    if (!err || error) return
    error = err

    for (const s of all) {
      s.destroy(err)
    }
  }
}

function echo(s) {
  return s
}

function isStream(stream) {
  return !!stream._readableState || !!stream._writableState
}

function isStreamx(stream) {
  return typeof stream._duplexState === 'number' && isStream(stream)
}

function isEnding(stream) {
  return !!stream._readableState && stream._readableState.ending
}

function isEnded(stream) {
  return !!stream._readableState && stream._readableState.ended
}

function isFinishing(stream) {
  return !!stream._writableState && stream._writableState.ending
}

function isFinished(stream) {
  return !!stream._writableState && stream._writableState.ended
}

function getStreamError(stream, opts = {}) {
  const err =
    (stream._readableState && stream._readableState.error) ||
    (stream._writableState && stream._writableState.error)

  // avoid implicit errors by default
  return !opts.all && StreamError.isStreamDestroyed(err) ? null : err
}

function isReadStreamx(stream) {
  return isStreamx(stream) && stream.readable
}

function isDisturbed(stream) {
  return (
    (stream._duplexState & OPENING) !== OPENING ||
    (stream._duplexState & DESTROYING) === DESTROYING ||
    (stream._duplexState & ACTIVE_OR_TICKING) !== 0
  )
}

function isTypedArray(data) {
  return typeof data === 'object' && data !== null && typeof data.byteLength === 'number'
}

function defaultByteLength(data) {
  return isTypedArray(data) ? data.byteLength : 1024
}

function noop() {}

function abort() {
  this.destroy(StreamError.ABORTED())
}

function isWritev(s) {
  return s._writev !== Writable.prototype._writev && s._writev !== Duplex.prototype._writev
}

module.exports = {
  pipeline,
  pipelinePromise,
  isStream,
  isStreamx,
  isEnding,
  isEnded,
  isFinishing,
  isFinished,
  isDisturbed,
  getStreamError,
  Stream,
  Writable,
  Readable,
  Duplex,
  Transform,
  // Export PassThrough for compatibility with Node.js core's stream module
  PassThrough
}


/***/ }),

/***/ 237:
/***/ ((module) => {

module.exports = class StreamError extends Error {
  constructor(msg, code, fn = StreamError) {
    super(msg)

    this.code = code

    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, fn)
    }
  }

  static isStreamDestroyed(err) {
    return err && err.code === 'STREAM_DESTROYED'
  }

  static isPrematureClose(err) {
    return err && err.code === 'PREMATURE_CLOSE'
  }

  static isAborted(err) {
    return err && err.code === 'ABORTED'
  }

  static isBadArgument(err) {
    return err && err.code === 'BAD_ARGUMENT'
  }

  get name() {
    return 'StreamError'
  }

  static STREAM_DESTROYED() {
    return new StreamError('Stream was destroyed', 'STREAM_DESTROYED', StreamError.STREAM_DESTROYED)
  }

  static PREMATURE_CLOSE(msg = 'Premature close') {
    return new StreamError(msg, 'PREMATURE_CLOSE', StreamError.PREMATURE_CLOSE)
  }

  static ABORTED() {
    return new StreamError('Stream aborted', 'ABORTED', StreamError.ABORTED)
  }

  static BAD_ARGUMENT(msg = 'Bad argument') {
    return new StreamError(msg, 'BAD_ARGUMENT', StreamError.BAD_ARGUMENT)
  }
}


/***/ }),

/***/ 531:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const constants = { // just for envs without fs
  S_IFMT: 61440,
  S_IFDIR: 16384,
  S_IFCHR: 8192,
  S_IFBLK: 24576,
  S_IFIFO: 4096,
  S_IFLNK: 40960
}

try {
  module.exports = (__nccwpck_require__(896).constants) || constants
} catch {
  module.exports = constants
}


/***/ }),

/***/ 300:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Writable, Readable, getStreamError } = __nccwpck_require__(200)
const FIFO = __nccwpck_require__(927)
const b4a = __nccwpck_require__(173)
const headers = __nccwpck_require__(472)

const EMPTY = b4a.alloc(0)
const MAX_HEADER_SIZE = 4 * 1024 * 1024 // arbitrary big number

class BufferList {
  constructor () {
    this.buffered = 0
    this.shifted = 0
    this.queue = new FIFO()

    this._offset = 0
  }

  push (buffer) {
    this.buffered += buffer.byteLength
    this.queue.push(buffer)
  }

  shiftFirst (size) {
    return this.buffered === 0 ? null : this._next(size)
  }

  shift (size) {
    if (size > this.buffered) return null
    if (size === 0) return EMPTY

    let chunk = this._next(size)

    if (size === chunk.byteLength) return chunk // likely case

    const chunks = [chunk]

    while ((size -= chunk.byteLength) > 0) {
      chunk = this._next(size)
      chunks.push(chunk)
    }

    return b4a.concat(chunks)
  }

  _next (size) {
    const buf = this.queue.peek()
    const rem = buf.byteLength - this._offset

    if (size >= rem) {
      const sub = this._offset ? buf.subarray(this._offset, buf.byteLength) : buf
      this.queue.shift()
      this._offset = 0
      this.buffered -= rem
      this.shifted += rem
      return sub
    }

    this.buffered -= size
    this.shifted += size

    return buf.subarray(this._offset, (this._offset += size))
  }
}

class Source extends Readable {
  constructor (self, header, offset) {
    super()

    this.header = header
    this.offset = offset

    this._parent = self
  }

  _read (cb) {
    if (this.header.size === 0) {
      this.push(null)
    }
    if (this._parent._stream === this) {
      this._parent._update()
    }
    cb(null)
  }

  _predestroy () {
    this._parent.destroy(getStreamError(this))
  }

  _detach () {
    if (this._parent._stream === this) {
      this._parent._stream = null
      this._parent._missing = overflow(this.header.size)
      this._parent._update()
    }
  }

  _destroy (cb) {
    this._detach()
    cb(null)
  }
}

class Extract extends Writable {
  constructor (opts) {
    super(opts)

    if (!opts) opts = {}

    this._buffer = new BufferList()
    this._offset = 0
    this._header = null
    this._stream = null
    this._missing = 0
    this._longHeader = false
    this._callback = noop
    this._locked = false
    this._finished = false
    this._pax = null
    this._paxGlobal = null
    this._gnuLongPath = null
    this._gnuLongLinkPath = null
    this._filenameEncoding = opts.filenameEncoding || 'utf-8'
    this._allowUnknownFormat = !!opts.allowUnknownFormat
    this._unlockBound = this._unlock.bind(this)
  }

  _unlock (err) {
    this._locked = false

    if (err) {
      this.destroy(err)
      this._continueWrite(err)
      return
    }

    this._update()
  }

  _consumeHeader () {
    if (this._locked) return false

    this._offset = this._buffer.shifted

    try {
      this._header = headers.decode(this._buffer.shift(512), this._filenameEncoding, this._allowUnknownFormat)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    if (!this._header) return true

    this._header.byteOffset = this._buffer.shifted

    switch (this._header.type) {
      case 'gnu-long-path':
      case 'gnu-long-link-path':
      case 'pax-global-header':
      case 'pax-header':
        this._longHeader = true
        this._missing = this._header.size
        if (this._missing > MAX_HEADER_SIZE) {
          this._continueWrite(new Error('Header exceeds max size'))
          return false
        }
        return true
    }

    this._locked = true
    this._applyLongHeaders()

    if (!(this._header.size >= 0)) {
      this._continueWrite(new Error('Invalid header'))
      return false
    }

    if (this._header.size === 0 || this._header.type === 'directory') {
      this.emit('entry', this._header, this._createStream(), this._unlockBound)
      return true
    }

    this._stream = this._createStream()
    this._missing = this._header.size

    this.emit('entry', this._header, this._stream, this._unlockBound)
    return true
  }

  _applyLongHeaders () {
    if (this._gnuLongPath) {
      this._header.name = this._gnuLongPath
      this._gnuLongPath = null
    }

    if (this._gnuLongLinkPath) {
      this._header.linkname = this._gnuLongLinkPath
      this._gnuLongLinkPath = null
    }

    if (this._pax) {
      if (this._pax.path) this._header.name = this._pax.path
      if (this._pax.linkpath) this._header.linkname = this._pax.linkpath
      if (this._pax.size) this._header.size = parseInt(this._pax.size, 10)
      this._header.pax = this._pax
      this._pax = null
    }
  }

  _decodeLongHeader (buf) {
    switch (this._header.type) {
      case 'gnu-long-path':
        this._gnuLongPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'gnu-long-link-path':
        this._gnuLongLinkPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'pax-global-header':
        this._paxGlobal = headers.decodePax(buf)
        break
      case 'pax-header':
        this._pax = this._paxGlobal === null
          ? headers.decodePax(buf)
          : Object.assign({}, this._paxGlobal, headers.decodePax(buf))
        break
    }
  }

  _consumeLongHeader () {
    this._longHeader = false
    this._missing = overflow(this._header.size)

    const buf = this._buffer.shift(this._header.size)

    try {
      this._decodeLongHeader(buf)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    return true
  }

  _consumeStream () {
    const buf = this._buffer.shiftFirst(this._missing)
    if (buf === null) return false

    this._missing -= buf.byteLength
    const drained = this._stream.push(buf)

    if (this._missing === 0) {
      this._stream.push(null)
      if (drained) this._stream._detach()
      return drained && this._locked === false
    }

    return drained
  }

  _createStream () {
    return new Source(this, this._header, this._offset)
  }

  _update () {
    while (this._buffer.buffered > 0 && !this.destroying) {
      if (this._missing > 0) {
        if (this._stream !== null) {
          if (this._consumeStream() === false) return
          continue
        }

        if (this._longHeader === true) {
          if (this._missing > this._buffer.buffered) break
          if (this._consumeLongHeader() === false) return false
          continue
        }

        const ignore = this._buffer.shiftFirst(this._missing)
        if (ignore !== null) this._missing -= ignore.byteLength
        continue
      }

      if (this._buffer.buffered < 512) break
      if (this._stream !== null || this._consumeHeader() === false) return
    }

    this._continueWrite(null)
  }

  _continueWrite (err) {
    const cb = this._callback
    this._callback = noop
    cb(err)
  }

  _write (data, cb) {
    this._callback = cb
    this._buffer.push(data)
    this._update()
  }

  _final (cb) {
    this._finished = this._missing === 0 && this._buffer.buffered === 0
    cb(this._finished ? null : new Error('Unexpected end of data'))
  }

  _predestroy () {
    this._continueWrite(null)
  }

  _destroy (cb) {
    if (this._stream) this._stream.destroy(getStreamError(this))
    cb(null)
  }

  [Symbol.asyncIterator] () {
    let error = null

    let promiseResolve = null
    let promiseReject = null

    let entryStream = null
    let entryCallback = null

    const extract = this

    this.on('entry', onentry)
    this.on('error', (err) => { error = err })
    this.on('close', onclose)

    return {
      [Symbol.asyncIterator] () {
        return this
      },
      next () {
        return new Promise(onnext)
      },
      return () {
        return destroy(null)
      },
      throw (err) {
        return destroy(err)
      }
    }

    function consumeCallback (err) {
      if (!entryCallback) return
      const cb = entryCallback
      entryCallback = null
      cb(err)
    }

    function onnext (resolve, reject) {
      if (error) {
        return reject(error)
      }

      if (entryStream) {
        resolve({ value: entryStream, done: false })
        entryStream = null
        return
      }

      promiseResolve = resolve
      promiseReject = reject

      consumeCallback(null)

      if (extract._finished && promiseResolve) {
        promiseResolve({ value: undefined, done: true })
        promiseResolve = promiseReject = null
      }
    }

    function onentry (header, stream, callback) {
      entryCallback = callback
      stream.on('error', noop) // no way around this due to tick sillyness

      if (promiseResolve) {
        promiseResolve({ value: stream, done: false })
        promiseResolve = promiseReject = null
      } else {
        entryStream = stream
      }
    }

    function onclose () {
      consumeCallback(error)
      if (!promiseResolve) return
      if (error) promiseReject(error)
      else promiseResolve({ value: undefined, done: true })
      promiseResolve = promiseReject = null
    }

    function destroy (err) {
      extract.destroy(err)
      consumeCallback(err)
      return new Promise((resolve, reject) => {
        if (extract.destroyed) return resolve({ value: undefined, done: true })
        extract.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

module.exports = function extract (opts) {
  return new Extract(opts)
}

function noop () {}

function overflow (size) {
  size &= 511
  return size && 512 - size
}


/***/ }),

/***/ 472:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(173)

const ZEROS = '0000000000000000000'
const SEVENS = '7777777777777777777'
const ZERO_OFFSET = '0'.charCodeAt(0)
const USTAR_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x00]) // ustar\x00
const USTAR_VER = b4a.from([ZERO_OFFSET, ZERO_OFFSET])
const GNU_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x20]) // ustar\x20
const GNU_VER = b4a.from([0x20, 0x00])
const MASK = 0o7777
const MAGIC_OFFSET = 257
const VERSION_OFFSET = 263

exports.decodeLongPath = function decodeLongPath (buf, encoding) {
  return decodeStr(buf, 0, buf.length, encoding)
}

exports.encodePax = function encodePax (opts) { // TODO: encode more stuff in pax
  let result = ''
  if (opts.name) result += addLength(' path=' + opts.name + '\n')
  if (opts.linkname) result += addLength(' linkpath=' + opts.linkname + '\n')
  const pax = opts.pax
  if (pax) {
    for (const key in pax) {
      result += addLength(' ' + key + '=' + pax[key] + '\n')
    }
  }
  return b4a.from(result)
}

exports.decodePax = function decodePax (buf) {
  const result = {}

  while (buf.length) {
    let i = 0
    while (i < buf.length && buf[i] !== 32) i++
    const len = parseInt(b4a.toString(buf.subarray(0, i)), 10)
    if (!len) return result

    const b = b4a.toString(buf.subarray(i + 1, len - 1))
    const keyIndex = b.indexOf('=')
    if (keyIndex === -1) return result
    result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1)

    buf = buf.subarray(len)
  }

  return result
}

exports.encode = function encode (opts) {
  const buf = b4a.alloc(512)
  let name = opts.name
  let prefix = ''

  if (opts.typeflag === 5 && name[name.length - 1] !== '/') name += '/'
  if (b4a.byteLength(name) !== name.length) return null // utf-8

  while (b4a.byteLength(name) > 100) {
    const i = name.indexOf('/')
    if (i === -1) return null
    prefix += prefix ? '/' + name.slice(0, i) : name.slice(0, i)
    name = name.slice(i + 1)
  }

  if (b4a.byteLength(name) > 100 || b4a.byteLength(prefix) > 155) return null
  if (opts.linkname && b4a.byteLength(opts.linkname) > 100) return null

  b4a.write(buf, name)
  b4a.write(buf, encodeOct(opts.mode & MASK, 6), 100)
  b4a.write(buf, encodeOct(opts.uid, 6), 108)
  b4a.write(buf, encodeOct(opts.gid, 6), 116)
  encodeSize(opts.size, buf, 124)
  b4a.write(buf, encodeOct((opts.mtime.getTime() / 1000) | 0, 11), 136)

  buf[156] = ZERO_OFFSET + toTypeflag(opts.type)

  if (opts.linkname) b4a.write(buf, opts.linkname, 157)

  b4a.copy(USTAR_MAGIC, buf, MAGIC_OFFSET)
  b4a.copy(USTAR_VER, buf, VERSION_OFFSET)
  if (opts.uname) b4a.write(buf, opts.uname, 265)
  if (opts.gname) b4a.write(buf, opts.gname, 297)
  b4a.write(buf, encodeOct(opts.devmajor || 0, 6), 329)
  b4a.write(buf, encodeOct(opts.devminor || 0, 6), 337)

  if (prefix) b4a.write(buf, prefix, 345)

  b4a.write(buf, encodeOct(cksum(buf), 6), 148)

  return buf
}

exports.decode = function decode (buf, filenameEncoding, allowUnknownFormat) {
  let typeflag = buf[156] === 0 ? 0 : buf[156] - ZERO_OFFSET

  let name = decodeStr(buf, 0, 100, filenameEncoding)
  const mode = decodeOct(buf, 100, 8)
  const uid = decodeOct(buf, 108, 8)
  const gid = decodeOct(buf, 116, 8)
  const size = decodeOct(buf, 124, 12)
  const mtime = decodeOct(buf, 136, 12)
  const type = toType(typeflag)
  const linkname = buf[157] === 0 ? null : decodeStr(buf, 157, 100, filenameEncoding)
  const uname = decodeStr(buf, 265, 32)
  const gname = decodeStr(buf, 297, 32)
  const devmajor = decodeOct(buf, 329, 8)
  const devminor = decodeOct(buf, 337, 8)

  const c = cksum(buf)

  // checksum is still initial value if header was null.
  if (c === 8 * 32) return null

  // valid checksum
  if (c !== decodeOct(buf, 148, 8)) throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?')

  if (isUSTAR(buf)) {
    // ustar (posix) format.
    // prepend prefix, if present.
    if (buf[345]) name = decodeStr(buf, 345, 155, filenameEncoding) + '/' + name
  } else if (isGNU(buf)) {
    // 'gnu'/'oldgnu' format. Similar to ustar, but has support for incremental and
    // multi-volume tarballs.
  } else {
    if (!allowUnknownFormat) {
      throw new Error('Invalid tar header: unknown format.')
    }
  }

  // to support old tar versions that use trailing / to indicate dirs
  if (typeflag === 0 && name && name[name.length - 1] === '/') typeflag = 5

  return {
    name,
    mode,
    uid,
    gid,
    size,
    byteOffset: 0,
    mtime: new Date(1000 * mtime),
    type,
    linkname,
    uname,
    gname,
    devmajor,
    devminor,
    pax: null
  }
}

function isUSTAR (buf) {
  return b4a.equals(USTAR_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6))
}

function isGNU (buf) {
  return b4a.equals(GNU_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6)) &&
    b4a.equals(GNU_VER, buf.subarray(VERSION_OFFSET, VERSION_OFFSET + 2))
}

function clamp (index, len, defaultValue) {
  if (typeof index !== 'number') return defaultValue
  index = ~~index // Coerce to integer.
  if (index >= len) return len
  if (index >= 0) return index
  index += len
  if (index >= 0) return index
  return 0
}

function toType (flag) {
  switch (flag) {
    case 0:
      return 'file'
    case 1:
      return 'link'
    case 2:
      return 'symlink'
    case 3:
      return 'character-device'
    case 4:
      return 'block-device'
    case 5:
      return 'directory'
    case 6:
      return 'fifo'
    case 7:
      return 'contiguous-file'
    case 72:
      return 'pax-header'
    case 55:
      return 'pax-global-header'
    case 27:
      return 'gnu-long-link-path'
    case 28:
    case 30:
      return 'gnu-long-path'
  }

  return null
}

function toTypeflag (flag) {
  switch (flag) {
    case 'file':
      return 0
    case 'link':
      return 1
    case 'symlink':
      return 2
    case 'character-device':
      return 3
    case 'block-device':
      return 4
    case 'directory':
      return 5
    case 'fifo':
      return 6
    case 'contiguous-file':
      return 7
    case 'pax-header':
      return 72
  }

  return 0
}

function indexOf (block, num, offset, end) {
  for (; offset < end; offset++) {
    if (block[offset] === num) return offset
  }
  return end
}

function cksum (block) {
  let sum = 8 * 32
  for (let i = 0; i < 148; i++) sum += block[i]
  for (let j = 156; j < 512; j++) sum += block[j]
  return sum
}

function encodeOct (val, n) {
  val = val.toString(8)
  if (val.length > n) return SEVENS.slice(0, n) + ' '
  return ZEROS.slice(0, n - val.length) + val + ' '
}

function encodeSizeBin (num, buf, off) {
  buf[off] = 0x80
  for (let i = 11; i > 0; i--) {
    buf[off + i] = num & 0xff
    num = Math.floor(num / 0x100)
  }
}

function encodeSize (num, buf, off) {
  if (num.toString(8).length > 11) {
    encodeSizeBin(num, buf, off)
  } else {
    b4a.write(buf, encodeOct(num, 11), off)
  }
}

/* Copied from the node-tar repo and modified to meet
 * tar-stream coding standard.
 *
 * Source: https://github.com/npm/node-tar/blob/51b6627a1f357d2eb433e7378e5f05e83b7aa6cd/lib/header.js#L349
 */
function parse256 (buf) {
  // first byte MUST be either 80 or FF
  // 80 for positive, FF for 2's comp
  let positive
  if (buf[0] === 0x80) positive = true
  else if (buf[0] === 0xFF) positive = false
  else return null

  // build up a base-256 tuple from the least sig to the highest
  const tuple = []
  let i
  for (i = buf.length - 1; i > 0; i--) {
    const byte = buf[i]
    if (positive) tuple.push(byte)
    else tuple.push(0xFF - byte)
  }

  let sum = 0
  const l = tuple.length
  for (i = 0; i < l; i++) {
    sum += tuple[i] * Math.pow(256, i)
  }

  return positive ? sum : -1 * sum
}

function decodeOct (val, offset, length) {
  val = val.subarray(offset, offset + length)
  offset = 0

  // If prefixed with 0x80 then parse as a base-256 integer
  if (val[offset] & 0x80) {
    return parse256(val)
  } else {
    // Older versions of tar can prefix with spaces
    while (offset < val.length && val[offset] === 32) offset++
    const end = clamp(indexOf(val, 32, offset, val.length), val.length, val.length)
    while (offset < end && val[offset] === 0) offset++
    if (end === offset) return 0
    return parseInt(b4a.toString(val.subarray(offset, end)), 8)
  }
}

function decodeStr (val, offset, length, encoding) {
  return b4a.toString(val.subarray(offset, indexOf(val, 0, offset, offset + length)), encoding)
}

function addLength (str) {
  const len = b4a.byteLength(str)
  let digits = Math.floor(Math.log(len) / Math.log(10)) + 1
  if (len + digits >= Math.pow(10, digits)) digits++

  return (len + digits) + str
}


/***/ }),

/***/ 474:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

exports.extract = __nccwpck_require__(300)
/* unused reexport */ __nccwpck_require__(257)


/***/ }),

/***/ 257:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Readable, Writable, getStreamError } = __nccwpck_require__(200)
const b4a = __nccwpck_require__(173)

const constants = __nccwpck_require__(531)
const headers = __nccwpck_require__(472)

const DMODE = 0o755
const FMODE = 0o644

const END_OF_TAR = b4a.alloc(1024)

class Sink extends Writable {
  constructor (pack, header, callback) {
    super({ mapWritable, eagerOpen: true })

    this.written = 0
    this.header = header

    this._callback = callback
    this._linkname = null
    this._isLinkname = header.type === 'symlink' && !header.linkname
    this._isVoid = header.type !== 'file' && header.type !== 'contiguous-file'
    this._finished = false
    this._pack = pack
    this._openCallback = null

    if (this._pack._stream === null) this._pack._stream = this
    else this._pack._pending.push(this)
  }

  _open (cb) {
    this._openCallback = cb
    if (this._pack._stream === this) this._continueOpen()
  }

  _continuePack (err) {
    if (this._callback === null) return

    const callback = this._callback
    this._callback = null

    callback(err)
  }

  _continueOpen () {
    if (this._pack._stream === null) this._pack._stream = this

    const cb = this._openCallback
    this._openCallback = null
    if (cb === null) return

    if (this._pack.destroying) return cb(new Error('pack stream destroyed'))
    if (this._pack._finalized) return cb(new Error('pack stream is already finalized'))

    this._pack._stream = this

    if (!this._isLinkname) {
      this._pack._encode(this.header)
    }

    if (this._isVoid) {
      this._finish()
      this._continuePack(null)
    }

    cb(null)
  }

  _write (data, cb) {
    if (this._isLinkname) {
      this._linkname = this._linkname ? b4a.concat([this._linkname, data]) : data
      return cb(null)
    }

    if (this._isVoid) {
      if (data.byteLength > 0) {
        return cb(new Error('No body allowed for this entry'))
      }
      return cb()
    }

    this.written += data.byteLength
    if (this._pack.push(data)) return cb()
    this._pack._drain = cb
  }

  _finish () {
    if (this._finished) return
    this._finished = true

    if (this._isLinkname) {
      this.header.linkname = this._linkname ? b4a.toString(this._linkname, 'utf-8') : ''
      this._pack._encode(this.header)
    }

    overflow(this._pack, this.header.size)

    this._pack._done(this)
  }

  _final (cb) {
    if (this.written !== this.header.size) { // corrupting tar
      return cb(new Error('Size mismatch'))
    }

    this._finish()
    cb(null)
  }

  _getError () {
    return getStreamError(this) || new Error('tar entry destroyed')
  }

  _predestroy () {
    this._pack.destroy(this._getError())
  }

  _destroy (cb) {
    this._pack._done(this)

    this._continuePack(this._finished ? null : this._getError())

    cb()
  }
}

class Pack extends Readable {
  constructor (opts) {
    super(opts)
    this._drain = noop
    this._finalized = false
    this._finalizing = false
    this._pending = []
    this._stream = null
  }

  entry (header, buffer, callback) {
    if (this._finalized || this.destroying) throw new Error('already finalized or destroyed')

    if (typeof buffer === 'function') {
      callback = buffer
      buffer = null
    }

    if (!callback) callback = noop

    if (!header.size || header.type === 'symlink') header.size = 0
    if (!header.type) header.type = modeToType(header.mode)
    if (!header.mode) header.mode = header.type === 'directory' ? DMODE : FMODE
    if (!header.uid) header.uid = 0
    if (!header.gid) header.gid = 0
    if (!header.mtime) header.mtime = new Date()

    if (typeof buffer === 'string') buffer = b4a.from(buffer)

    const sink = new Sink(this, header, callback)

    if (b4a.isBuffer(buffer)) {
      header.size = buffer.byteLength
      sink.write(buffer)
      sink.end()
      return sink
    }

    if (sink._isVoid) {
      return sink
    }

    return sink
  }

  finalize () {
    if (this._stream || this._pending.length > 0) {
      this._finalizing = true
      return
    }

    if (this._finalized) return
    this._finalized = true

    this.push(END_OF_TAR)
    this.push(null)
  }

  _done (stream) {
    if (stream !== this._stream) return

    this._stream = null

    if (this._finalizing) this.finalize()
    if (this._pending.length) this._pending.shift()._continueOpen()
  }

  _encode (header) {
    if (!header.pax) {
      const buf = headers.encode(header)
      if (buf) {
        this.push(buf)
        return
      }
    }
    this._encodePax(header)
  }

  _encodePax (header) {
    const paxHeader = headers.encodePax({
      name: header.name,
      linkname: header.linkname,
      pax: header.pax
    })

    const newHeader = {
      name: 'PaxHeader',
      mode: header.mode,
      uid: header.uid,
      gid: header.gid,
      size: paxHeader.byteLength,
      mtime: header.mtime,
      type: 'pax-header',
      linkname: header.linkname && 'PaxHeader',
      uname: header.uname,
      gname: header.gname,
      devmajor: header.devmajor,
      devminor: header.devminor
    }

    this.push(headers.encode(newHeader))
    this.push(paxHeader)
    overflow(this, paxHeader.byteLength)

    newHeader.size = header.size
    newHeader.type = header.type
    this.push(headers.encode(newHeader))
  }

  _doDrain () {
    const drain = this._drain
    this._drain = noop
    drain()
  }

  _predestroy () {
    const err = getStreamError(this)

    if (this._stream) this._stream.destroy(err)

    while (this._pending.length) {
      const stream = this._pending.shift()
      stream.destroy(err)
      stream._continueOpen()
    }

    this._doDrain()
  }

  _read (cb) {
    this._doDrain()
    cb()
  }
}

module.exports = function pack (opts) {
  return new Pack(opts)
}

function modeToType (mode) {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFBLK: return 'block-device'
    case constants.S_IFCHR: return 'character-device'
    case constants.S_IFDIR: return 'directory'
    case constants.S_IFIFO: return 'fifo'
    case constants.S_IFLNK: return 'symlink'
  }

  return 'file'
}

function noop () {}

function overflow (self, size) {
  size &= 511
  if (size) self.push(END_OF_TAR.subarray(0, 512 - size))
}

function mapWritable (buf) {
  return b4a.isBuffer(buf) ? buf : b4a.from(buf)
}


/***/ }),

/***/ 410:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const PassThroughDecoder = __nccwpck_require__(524)
const UTF8Decoder = __nccwpck_require__(554)

module.exports = class TextDecoder {
  constructor(encoding = 'utf8') {
    this.encoding = normalizeEncoding(encoding)

    switch (this.encoding) {
      case 'utf8':
        this.decoder = new UTF8Decoder()
        break
      case 'utf16le':
      case 'base64':
        throw new Error('Unsupported encoding: ' + this.encoding)
      default:
        this.decoder = new PassThroughDecoder(this.encoding)
    }
  }

  get remaining() {
    return this.decoder.remaining
  }

  push(data) {
    if (typeof data === 'string') return data
    return this.decoder.decode(data)
  }

  // For Node.js compatibility
  write(data) {
    return this.push(data)
  }

  end(data) {
    let result = ''
    if (data) result = this.push(data)
    result += this.decoder.flush()
    return result
  }
}

function normalizeEncoding(encoding) {
  encoding = encoding.toLowerCase()

  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return 'utf8'
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le'
    case 'latin1':
    case 'binary':
      return 'latin1'
    case 'base64':
    case 'ascii':
    case 'hex':
      return encoding
    default:
      throw new Error('Unknown encoding: ' + encoding)
  }
}


/***/ }),

/***/ 524:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(173)

module.exports = class PassThroughDecoder {
  constructor(encoding) {
    this.encoding = encoding
  }

  get remaining() {
    return 0
  }

  decode(data) {
    return b4a.toString(data, this.encoding)
  }

  flush() {
    return ''
  }
}


/***/ }),

/***/ 554:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(173)

/**
 * https://encoding.spec.whatwg.org/#utf-8-decoder
 */
module.exports = class UTF8Decoder {
  constructor() {
    this._reset()
  }

  get remaining() {
    return this.bytesSeen
  }

  decode(data) {
    if (data.byteLength === 0) return ''

    if (this.bytesNeeded === 0 && trailingIncomplete(data, 0) === 0) {
      this.bytesSeen = trailingBytesSeen(data)
      return b4a.toString(data, 'utf8')
    }

    let result = ''
    let start = 0

    if (this.bytesNeeded > 0) {
      while (start < data.byteLength) {
        const byte = data[start]

        if (byte < this.lowerBoundary || byte > this.upperBoundary) {
          result += '\ufffd'
          this._reset()
          break
        }

        this.lowerBoundary = 0x80
        this.upperBoundary = 0xbf
        this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
        this.bytesSeen++
        start++

        if (this.bytesSeen === this.bytesNeeded) {
          result += String.fromCodePoint(this.codePoint)
          this._reset()
          break
        }
      }

      if (this.bytesNeeded > 0) return result
    }

    const trailing = trailingIncomplete(data, start)
    const end = data.byteLength - trailing

    if (end > start) result += b4a.toString(data, 'utf8', start, end)

    for (let i = end; i < data.byteLength; i++) {
      const byte = data[i]

      if (this.bytesNeeded === 0) {
        if (byte <= 0x7f) {
          this.bytesSeen = 0
          result += String.fromCharCode(byte)
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          this.bytesNeeded = 2
          this.bytesSeen = 1
          this.codePoint = byte & 0x1f
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lowerBoundary = 0xa0
          else if (byte === 0xed) this.upperBoundary = 0x9f
          this.bytesNeeded = 3
          this.bytesSeen = 1
          this.codePoint = byte & 0xf
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lowerBoundary = 0x90
          else if (byte === 0xf4) this.upperBoundary = 0x8f
          this.bytesNeeded = 4
          this.bytesSeen = 1
          this.codePoint = byte & 0x7
        } else {
          this.bytesSeen = 1
          result += '\ufffd'
        }

        continue
      }

      if (byte < this.lowerBoundary || byte > this.upperBoundary) {
        result += '\ufffd'
        i--
        this._reset()

        continue
      }

      this.lowerBoundary = 0x80
      this.upperBoundary = 0xbf

      this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
      this.bytesSeen++

      if (this.bytesSeen === this.bytesNeeded) {
        result += String.fromCodePoint(this.codePoint)
        this._reset()
      }
    }

    return result
  }

  flush() {
    const result = this.bytesNeeded > 0 ? '\ufffd' : ''
    this._reset()
    return result
  }

  _reset() {
    this.codePoint = 0
    this.bytesNeeded = 0
    this.bytesSeen = 0
    this.lowerBoundary = 0x80
    this.upperBoundary = 0xbf
  }
}

function trailingIncomplete(data, start) {
  const len = data.byteLength
  if (len <= start) return 0

  const limit = Math.max(start, len - 4)

  let i = len - 1
  while (i > limit && (data[i] & 0xc0) === 0x80) i--

  if (i < start) return 0

  const byte = data[i]

  let needed
  if (byte <= 0x7f) return 0
  if (byte >= 0xc2 && byte <= 0xdf) needed = 2
  else if (byte >= 0xe0 && byte <= 0xef) needed = 3
  else if (byte >= 0xf0 && byte <= 0xf4) needed = 4
  else return 0

  const available = len - i
  return available < needed ? available : 0
}

function trailingBytesSeen(data) {
  const len = data.byteLength
  if (len === 0) return 0

  const last = data[len - 1]

  if (last <= 0x7f) return 0
  if ((last & 0xc0) !== 0x80) return 1

  const limit = Math.max(0, len - 4)

  let i = len - 2
  while (i >= limit && (data[i] & 0xc0) === 0x80) i--

  if (i < 0) return 1

  const first = data[i]

  let needed
  if (first >= 0xc2 && first <= 0xdf) needed = 2
  else if (first >= 0xe0 && first <= 0xef) needed = 3
  else if (first >= 0xf0 && first <= 0xf4) needed = 4
  else return 1

  if (len - i !== needed) return 1

  if (needed >= 3) {
    const second = data[i + 1]
    if (first === 0xe0 && second < 0xa0) return 1
    if (first === 0xed && second > 0x9f) return 1
    if (first === 0xf0 && second < 0x90) return 1
    if (first === 0xf4 && second > 0x8f) return 1
  }

  return 0
}


/***/ }),

/***/ 667:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ ACTION_SPEC)
/* harmony export */ });
const ACTION_SPEC = {
    "name": "audit-image",
    "description": "Pull-request check that finds secrets anywhere in a container image: every layer's files (including ones deleted by a later layer), build history and build args, image config, annotations and attestations. No Docker daemon needed when given an archive.",
    "inputs": [
        {
            "name": "archive",
            "description": "Path to a `docker save` tar or an OCI image layout tar (plain, gzip or zstd). Required unless `image` is given.",
            "default": "",
            "required": false
        },
        {
            "name": "image",
            "description": "A local image reference; the action runs `docker save` itself (needs a Docker daemon, as on GitHub-hosted runners).",
            "default": "",
            "required": false
        },
        {
            "name": "fail-on",
            "description": "Fail the step when a finding at or above this severity is not allowlisted (low, medium, high).",
            "default": "medium",
            "required": false
        },
        {
            "name": "allowlist",
            "description": "File of finding fingerprints and path globs to ignore, one per line (`#` starts a comment).",
            "default": "",
            "required": false
        },
        {
            "name": "rules",
            "description": "A gitleaks TOML config (or keyturn rules in the same format) whose rules are added to the built-in ones; `[extend] useDefault = false` replaces them.",
            "default": "",
            "required": false
        },
        {
            "name": "sarif",
            "description": "Where to write the SARIF 2.1.0 report.",
            "default": "image-audit.sarif",
            "required": false
        },
        {
            "name": "max-size",
            "description": "Largest total of uncompressed bytes read (all layers), e.g. 20GiB; guards against decompression bombs.",
            "default": "32GiB",
            "required": false
        },
        {
            "name": "max-entries",
            "description": "Largest number of files read across all layers.",
            "default": "5000000",
            "required": false
        },
        {
            "name": "max-ratio",
            "description": "Largest uncompressed/compressed ratio of a layer larger than 64 MiB uncompressed.",
            "default": "200",
            "required": false
        },
        {
            "name": "dry-run",
            "description": "Accepted for symmetry with the other keyturn actions; the audit only reads, so it changes nothing.",
            "default": "false",
            "required": false
        },
        {
            "name": "audit-log",
            "description": "JSON Lines audit file to append the `image.audit.completed` event to.",
            "default": "keyturn-audit.jsonl",
            "required": false
        }
    ],
    "outputs": [
        {
            "name": "findings",
            "description": "Number of findings that are not allowlisted."
        },
        {
            "name": "sarif-file",
            "description": "Path of the SARIF report written."
        }
    ]
};


/***/ }),

/***/ 731:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Jl: () => (/* binding */ isArchiveWorker),
  B5: () => (/* binding */ readArchiveHere),
  k5: () => (/* binding */ readArchiveInWorker),
  EQ: () => (/* binding */ runArchiveWorker)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __nccwpck_require__(919);
// EXTERNAL MODULE: ../../packages/core/src/index.ts + 14 modules
var src = __nccwpck_require__(738);
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/compression.ts


/** From magic bytes, never from a media type or file name: archives lie. */
function detectCompression(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
        return 'zstd';
    return 'none';
}
/** A POSIX/GNU tar header: `ustar` at offset 257. */
function looksLikeTar(head) {
    return Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}
/** An empty tar (a layer that only deletes nothing) is just zero blocks. */
function isZeroBlock(head) {
    return head.length >= 512 && head.subarray(0, 512).every((byte) => byte === 0);
}
/**
 * Reads the first `size` bytes of a stream without losing them: returns the
 * head and an iterable of the whole stream, head included.
 */
async function peek(source, size) {
    const iterator = source[Symbol.asyncIterator]();
    const chunks = [];
    let length = 0;
    let done = false;
    while (length < size) {
        const next = await iterator.next();
        if (next.done) {
            done = true;
            break;
        }
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        chunks.push(chunk);
        length += chunk.length;
    }
    const head = Buffer.concat(chunks);
    async function* whole() {
        if (head.length > 0)
            yield head;
        if (done)
            return;
        for (;;) {
            const next = await iterator.next();
            if (next.done)
                return;
            yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        }
    }
    return { head, stream: whole() };
}
/** The decompressed bytes of a stream, with `onCompressed` told each raw
 * chunk's size (for the bomb ratio). zlib runs on libuv's thread pool, so
 * decompression overlaps with scanning on the main thread. */
function decompress(source, compression, onCompressed) {
    async function* counted() {
        for await (const chunk of source) {
            onCompressed(chunk.length);
            yield chunk;
        }
    }
    if (compression === 'none')
        return counted();
    // Room for 1 MiB of output before zlib waits for the reader: at the
    // default 16 KiB, zlib (on libuv's pool) and the reader took turns instead
    // of overlapping; a 1 GiB bare walk went from 3.0 to 2.75 s.
    const options = { chunkSize: 256 * 1024, readableHighWaterMark: 1024 * 1024 };
    const inflater = compression === 'gzip' ? (0,external_node_zlib_namespaceObject.createGunzip)(options) : (0,external_node_zlib_namespaceObject.createZstdDecompress)(options);
    // pipeline, not pipe: a failing source must fail the inflater's reader;
    // and a truncated stream's error may come after the last chunk, so the
    // reader waits for the pipeline's verdict before it finishes.
    let failure;
    const settled = new Promise((resolve) => {
        (0,external_node_stream_namespaceObject.pipeline)(external_node_stream_namespaceObject.Readable.from(counted(), { objectMode: false }), inflater, (error) => {
            failure = error ?? undefined;
            resolve();
        });
    });
    return (async function* inflated() {
        for await (const chunk of inflater)
            yield chunk;
        await settled;
        if (failure)
            throw failure;
    })();
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
;// CONCATENATED MODULE: ./src/rules/paths.ts
const ONLY_PUBLIC_PEM = (text) => /-----BEGIN /.test(text) && !/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(text) && !/PRIVATE/.test(text);
const PATH_RULES = [
    {
        id: 'ssh-private-key-file',
        description: 'SSH private key file',
        severity: 'high',
        test: (_path, base) => /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(base) || /^ssh_host_\w+_key$/.test(base),
    },
    {
        id: 'keystore-file',
        description: 'PKCS#12 / Java keystore file',
        severity: 'high',
        test: (_path, base) => /\.(?:p12|pfx|jks|keystore)$/i.test(base),
    },
    {
        id: 'key-file',
        description: 'Key file (*.key)',
        severity: 'medium',
        test: (_path, base) => /\.key$/i.test(base),
        harmless: ONLY_PUBLIC_PEM,
    },
    {
        id: 'pem-file',
        description: 'PEM file holding more than certificates',
        severity: 'medium',
        test: (_path, base) => /\.pem$/i.test(base),
        harmless: ONLY_PUBLIC_PEM,
    },
    {
        id: 'git-credentials-file',
        description: 'git credential store (.git-credentials)',
        severity: 'high',
        test: (_path, base) => base === '.git-credentials',
    },
    {
        id: 'terraform-state-file',
        description: 'Terraform state (holds every secret Terraform manages)',
        severity: 'high',
        test: (_path, base) => /^terraform\.tfstate(?:\.backup)?$/.test(base),
    },
    {
        id: 'dotenv-file',
        description: 'dotenv file (.env)',
        severity: 'medium',
        test: (_path, base) => base === '.env' || (/^\.env\.[\w.-]+$/.test(base) && !/(?:example|sample|template|dist|defaults?)$/i.test(base)),
    },
    {
        id: 'npmrc-file',
        description: 'npm config file (.npmrc)',
        severity: 'low',
        test: (path, base) => base === '.npmrc' || path.endsWith('etc/npmrc'),
    },
    {
        id: 'pypirc-file',
        description: 'PyPI config file (.pypirc)',
        severity: 'low',
        test: (_path, base) => base === '.pypirc',
    },
    {
        id: 'netrc-file',
        description: 'netrc file',
        severity: 'low',
        test: (_path, base) => base === '.netrc' || base === '_netrc',
    },
    {
        id: 'docker-config-file',
        description: 'Docker client config (.docker/config.json)',
        severity: 'low',
        test: (path) => path.endsWith('.docker/config.json'),
    },
    {
        id: 'aws-credentials-file',
        description: 'AWS shared credentials file',
        severity: 'low',
        test: (path) => path.endsWith('.aws/credentials'),
    },
    {
        id: 'kubeconfig-file',
        description: 'Kubernetes kubeconfig',
        severity: 'low',
        test: (path, base) => path.endsWith('.kube/config') || base === 'kubeconfig',
    },
    {
        id: 'git-directory',
        description: 'A .git directory (history may hold secrets removed from the tree)',
        severity: 'low',
        // One finding per repository, on the file every repository has.
        test: (path) => /(?:^|\/)\.git\/HEAD$/.test(path),
    },
];
function matchPathRule(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return PATH_RULES.find((rule) => rule.test(path, base));
}

// EXTERNAL MODULE: ./src/scan-pool.ts + 1 modules
var scan_pool = __nccwpck_require__(806);
;// CONCATENATED MODULE: ./src/file-scan.ts



/** Text is scanned in windows of this size; files up to it in one piece. */
const WINDOW = 1024 * 1024;
/**
 * Reads one file's bytes as they stream and hands them, in overlapping
 * windows, to the window scanner: memory holds one window whatever the
 * file's size. Returns once the bytes are read; the hits follow when the
 * scanner (maybe a worker thread) is done, so reading never waits on regexes.
 */
async function scanFile(path, content, scanner, budget) {
    const pathRule = matchPathRule(path);
    const digest = pathRule ? (0,external_node_crypto_.createHash)('sha256') : undefined;
    let head = '';
    let size = 0;
    let pending = [];
    let pendingLength = 0;
    const windows = [];
    // A window may fail (its scan worker stopped) while the file is still
    // being read, before Promise.all below is attached: unhandled, that would
    // stop the reading thread with a less telling error.
    const scan = (parts, length, last) => {
        const result = scanner.scan(parts, length, path, last);
        result.catch(() => { });
        windows.push(result);
    };
    for await (const chunk of content) {
        size += chunk.length;
        budget.addBytes(chunk.length);
        digest?.update(chunk);
        if (pathRule && head.length < 65536)
            head += chunk.subarray(0, 65536).toString('latin1');
        pending.push(chunk);
        pendingLength += chunk.length;
        while (pendingLength >= WINDOW + scan_pool/* OVERLAP */.sH) {
            const window = Buffer.concat(pending, pendingLength);
            scan([window.subarray(0, WINDOW + scan_pool/* OVERLAP */.sH)], WINDOW + scan_pool/* OVERLAP */.sH, false);
            const rest = window.subarray(WINDOW);
            pending = [Buffer.from(rest)];
            pendingLength = rest.length;
        }
    }
    if (pendingLength > 0 || windows.length === 0) {
        scan(pending, pendingLength, true);
    }
    const hits = Promise.all(windows).then((results) => {
        const found = [];
        let linesBefore = 0;
        for (const result of results) {
            for (const hit of result.hits) {
                if (found.length < MAX_HITS_PER_FILE)
                    found.push({ ...hit, line: linesBefore + (hit.line ?? 1) });
            }
            linesBefore += result.newlines;
        }
        if (pathRule && digest && found.length === 0 && !(pathRule.harmless?.(head) ?? false)) {
            found.push({
                ruleId: pathRule.id,
                description: pathRule.description,
                severity: pathRule.severity,
                secretHash: digest.digest('hex'),
                excerpt: `credential file by path (${size} bytes; content not shown)`,
            });
        }
        return found;
    });
    // Rejections surface when the layer awaits its files; avoid an unhandled
    // rejection before then.
    hits.catch(() => { });
    return { hits };
}
/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_FILE = 20;

// EXTERNAL MODULE: ./src/path-set.ts
var path_set = __nccwpck_require__(398);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __nccwpck_require__(721);
// EXTERNAL MODULE: ./src/tar-walk.ts
var tar_walk = __nccwpck_require__(223);
;// CONCATENATED MODULE: ./src/layer.ts





const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
function split(path) {
    const slash = path.lastIndexOf('/');
    return slash === -1 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}
/** Walks one layer (an uncompressed tar stream): records its changes and
 * scans every regular file's content and path. Resolves when the layer is
 * read; `scanned` resolves when every file's hits are in `hits`. */
async function scanLayer(tar, scanner, budget) {
    const entries = new path_set/* PathSetBuilder */.Dj();
    const nonDirectories = new path_set/* PathSetBuilder */.Dj();
    const whiteouts = new path_set/* PathSetBuilder */.Dj();
    const opaqueDirs = new path_set/* PathSetBuilder */.Dj();
    const hits = [];
    let fileCount = 0;
    let bytes = 0;
    const files = [];
    await (0,tar_walk/* walkTar */.N)(tar, async (entry) => {
        budget.addEntry();
        if (entry.path === '')
            return;
        const { dir, base } = split(entry.path);
        if (base === OPAQUE_MARKER) {
            opaqueDirs.add(dir);
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            const removed = base.slice(WHITEOUT_PREFIX.length);
            whiteouts.add(dir === '' ? removed : `${dir}/${removed}`);
            return;
        }
        entries.add(entry.path);
        if (entry.type !== 'directory')
            nonDirectories.add(entry.path);
        if (entry.type === 'file' || entry.type === 'contiguous-file') {
            fileCount += 1;
            bytes += entry.size;
            files.push({ path: entry.path, pending: await scanFile(entry.path, entry.content, scanner, budget) });
        }
        else if (entry.type === 'link') {
            // A hard link shares its target's bytes (scanned there); its name can
            // still make it a credential file.
            const rule = matchPathRule(entry.path);
            if (rule) {
                hits.push({
                    path: entry.path,
                    hit: {
                        ruleId: rule.id,
                        description: rule.description,
                        severity: rule.severity,
                        secretHash: (0,redact/* sha256Hex */.fg)(`link:${entry.linkname ?? ''}`),
                        excerpt: `hard link to ${entry.linkname ?? '?'} (content reported there)`,
                    },
                });
            }
        }
    });
    const index = {
        entries: entries.build(),
        nonDirectories: nonDirectories.build(),
        whiteouts: whiteouts.build(),
        opaqueDirs: opaqueDirs.build(),
    };
    const scanned = (async () => {
        for (const file of files) {
            for (const hit of await file.pending.hits)
                hits.push({ path: file.path, hit });
        }
    })();
    scanned.catch(() => { });
    return { scan: { index, hits, files: fileCount, bytes }, scanned };
}

;// CONCATENATED MODULE: ./src/archive.ts





/** JSON documents (manifests, configs, indexes, attestations) are kept
 * whole; anything larger is not metadata and is scanned as a file. */
const MAX_JSON = 16 * 1024 * 1024;
const ARCHIVE_FIX = 'Give the output of `docker save IMAGE -o image.tar` (optionally gzip- or zstd-compressed) or an OCI image layout packed with tar.';
async function* single(buffer) {
    yield buffer;
}
function resolveLink(name, target, hard) {
    if (hard || target.startsWith('/'))
        return (0,tar_walk/* normalizePath */.F)(target);
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    return (0,tar_walk/* normalizePath */.F)(`${dir}/${target}`);
}
/**
 * Reads a `docker save` or OCI layout archive in ONE streaming pass. Entries
 * are classified by content (JSON, a tar layer plain/gzip/zstd, anything
 * else), because manifest.json may come last and blob names say nothing.
 * Layers are scanned as they stream by; which image and position each layer
 * has is worked out afterwards from the JSON (see image-model.ts).
 */
async function readArchive(source, scanner, budget) {
    const scanning = [];
    const contents = {
        json: new Map(),
        layers: new Map(),
        links: new Map(),
        otherHits: [],
        jsonHits: new Map(),
        names: new Set(),
        outerCompression: 'none',
    };
    const outer = await peek(source, 512);
    contents.outerCompression = detectCompression(outer.head);
    const tar = decompress(outer.stream, contents.outerCompression, () => { });
    try {
        await (0,tar_walk/* walkTar */.N)(tar, (entry) => readEntry(entry));
    }
    catch (error) {
        if (error instanceof src/* KeyturnError */.FB)
            throw error;
        throw new src/* InputError */.dz('archive', `is not a readable tar archive (${(0,src/* errorMessage */.gJ)(error)})`, ARCHIVE_FIX);
    }
    await Promise.all(scanning);
    return contents;
    function otherFile(path, file) {
        scanning.push(file.hits.then((hits) => {
            for (const hit of hits)
                contents.otherHits.push({ path, hit });
        }));
    }
    async function readEntry(entry) {
        budget.addEntry();
        if (entry.path === '')
            return;
        contents.names.add(entry.path);
        if (entry.type === 'symlink' || entry.type === 'link') {
            if (entry.linkname)
                contents.links.set(entry.path, resolveLink(entry.path, entry.linkname, entry.type === 'link'));
            return;
        }
        if (entry.type !== 'file' && entry.type !== 'contiguous-file')
            return;
        const { head, stream } = await peek(entry.content, 512);
        const firstByte = head.toString('latin1').trimStart()[0];
        if ((firstByte === '{' || firstByte === '[') && entry.size <= MAX_JSON) {
            const chunks = [];
            for await (const chunk of stream)
                chunks.push(chunk);
            const text = Buffer.concat(chunks).toString('utf8');
            budget.addBytes(text.length);
            try {
                contents.json.set(entry.path, JSON.parse(text));
                const path = entry.path;
                const file = await scanFile(path, single(Buffer.from(text)), scanner, budget);
                scanning.push(file.hits.then((hits) => {
                    if (hits.length > 0)
                        contents.jsonHits.set(path, hits.map((hit) => ({ path, hit })));
                }));
                return;
            }
            catch {
                otherFile(entry.path, await scanFile(entry.path, single(Buffer.from(text)), scanner, budget));
                return;
            }
        }
        const compression = detectCompression(head);
        let compressedBytes = 0;
        const inflated = await peek(decompress(stream, compression, (n) => {
            compressedBytes += n;
        }), 512);
        if (looksLikeTar(inflated.head) ||
            isZeroBlock(inflated.head) ||
            (compression !== 'none' && inflated.head.length === 0)) {
            let uncompressed = 0;
            const ratioChecked = async function* () {
                for await (const chunk of inflated.stream) {
                    uncompressed += chunk.length;
                    budget.checkRatio(entry.path, compressedBytes, uncompressed);
                    yield chunk;
                }
            };
            let scan;
            try {
                const layer = await scanLayer(ratioChecked(), scanner, budget);
                scan = layer.scan;
                scanning.push(layer.scanned);
            }
            catch (error) {
                if (error instanceof src/* KeyturnError */.FB)
                    throw error;
                throw new src/* InputError */.dz('archive', `has a layer ${entry.path} that cannot be read (${(0,src/* errorMessage */.gJ)(error)})`, ARCHIVE_FIX);
            }
            contents.layers.set(entry.path, { scan, compression, compressedBytes });
            return;
        }
        otherFile(entry.path, await scanFile(entry.path, inflated.stream, scanner, budget));
    }
}

// EXTERNAL MODULE: ./src/limits.ts
var limits = __nccwpck_require__(988);
// EXTERNAL MODULE: ./src/rules/ruleset.ts + 1 modules
var ruleset = __nccwpck_require__(840);
;// CONCATENATED MODULE: ./src/archive-thread.ts








async function openArchive(path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info?.isFile()) {
        throw new src/* InputError */.dz('archive', `names ${path}, which is not a file`, 'Check the path (relative to the workspace) of the saved image tar.');
    }
    return (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
}
/** Reads and scans the archive on this thread, with the scan workers behind
 * `channels` when there are any. */
async function readArchiveHere(path, options, channels) {
    const budget = new limits/* Budget */.__(options.limits);
    const scanner = channels && channels.ports.length > 0
        ? (0,scan_pool/* workerWindowScanner */.JB)(channels, options.rulesToml)
        : (0,scan_pool/* inlineWindowScanner */.q3)((0,ruleset/* scannerFor */.M)(options.rulesToml));
    try {
        const contents = await readArchive(await openArchive(path), scanner, budget);
        return { contents, bytes: budget.bytes, scanWorkers: scanner.workers };
    }
    finally {
        await scanner.close();
    }
}
function isArchiveWorker() {
    return !external_node_worker_threads_.isMainThread && external_node_worker_threads_.workerData?.keyturnArchiveWorker === true;
}
async function runArchiveWorker() {
    const { path, options, channels } = external_node_worker_threads_.workerData;
    let outcome;
    try {
        outcome = { read: await readArchiveHere(path, options, channels) };
    }
    catch (error) {
        outcome =
            error instanceof src/* InputError */.dz
                ? { inputError: { input: error.input, problem: error.problem, fix: error.fix } }
                : {
                    failure: {
                        message: (0,src/* errorMessage */.gJ)(error),
                        stack: error instanceof Error ? error.stack : undefined,
                        ours: error instanceof src/* KeyturnError */.FB,
                    },
                };
    }
    external_node_worker_threads_.parentPort?.postMessage(outcome);
}
/** The reading thread's young generation. Left to V8, the main thread's grew
 * to 64–128 MiB as the image grew (allocation churn of 100,000 files), and
 * peak RSS with it: 254 MiB for a 1 GiB image vs 163 MiB at 100 MiB. At 12
 * MiB the 1 GiB audit peaks at ~170 MiB and is no slower; at 3–6 MiB the
 * garbage collector costs more time than RSS saved, past 24 RSS grows
 * again. An action cannot pass `--max-semi-space-size` to node; a worker's
 * resourceLimits can. */
const READER_YOUNG_GENERATION_MB = 12;
/**
 * Reads and scans the archive on a worker thread with a small young
 * generation, the main thread waiting: the same work as readArchiveHere,
 * with memory that does not grow with the image. The scan workers start
 * from here at the same time, and the reader talks to them directly.
 */
async function readArchiveInWorker(path, options, threads) {
    const scanners = (0,scan_pool/* startScanWorkers */.xY)(threads.entry, threads.scanWorkers, options.rulesToml);
    let outcome;
    try {
        outcome = await new Promise((resolve) => {
            const worker = new external_node_worker_threads_.Worker(threads.entry, {
                workerData: {
                    keyturnArchiveWorker: true,
                    path,
                    options,
                    channels: scanners.channels,
                },
                transferList: [...scanners.channels.ports],
                resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
            });
            worker.once('message', (message) => {
                resolve(message);
                void worker.terminate();
            });
            worker.once('error', (error) => resolve({ crashed: error }));
            worker.once('exit', (code) => resolve({ crashed: new Error(`the archive reader stopped (exit code ${code}) before it answered`) }));
        });
    }
    finally {
        // Stopped, the scan workers have also reported any error of their own.
        await scanners.close();
    }
    if ('read' in outcome)
        return outcome.read;
    if ('inputError' in outcome) {
        const { input, problem, fix } = outcome.inputError;
        throw new src/* InputError */.dz(input, problem, fix);
    }
    // A scan worker's own error (its memory limit, say) says more than the
    // reader's "a scan worker stopped".
    const workerError = scanners.failure();
    if (workerError)
        throw workerError;
    if ('crashed' in outcome)
        throw outcome.crashed;
    const { message, stack, ours } = outcome.failure;
    const error = ours ? new src/* KeyturnError */.FB(message) : new Error(message);
    if (stack !== undefined)
        error.stack = stack;
    throw error;
}


/***/ }),

/***/ 821:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $$: () => (/* binding */ auditImage),
  MX: () => (/* binding */ enforceFailOn)
});

// UNUSED EXPORTS: TOOL_VERSION, readConfig

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: ../../packages/core/src/index.ts + 14 modules
var src = __nccwpck_require__(738);
// EXTERNAL MODULE: ../../node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(26);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __nccwpck_require__(721);
;// CONCATENATED MODULE: ./src/rules/types.ts
const SEVERITY_RANK = { low: 1, medium: 2, high: 3 };

// EXTERNAL MODULE: ./src/path-set.ts
var path_set = __nccwpck_require__(398);
;// CONCATENATED MODULE: ./src/whiteout.ts

function ancestors(path) {
    const out = [];
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1))
        out.push(path.slice(0, at));
    return out;
}
/**
 * Whether the file at `path` in layer `layer` is what a container of the
 * image sees, applying the OCI layer rules of every later layer in order:
 * - the same path again replaces it (`overwritten`);
 * - a whiteout `.wh.<name>` of it or of a parent directory deletes it;
 * - an opaque whiteout in a parent directory hides all lower content there;
 * - a parent directory replaced by a non-directory takes it away.
 * Whichever later layer acts first decides. The bytes stay in the archive
 * either way: a removed secret is still a leaked secret ("removed but
 * recoverable"); the state tells the reader where to look.
 */
function fileState(path, layer, layers) {
    const parents = ancestors(path);
    for (let later = layer + 1; later < layers.length; later++) {
        const index = layers[later];
        if (!index)
            continue;
        if ((0,path_set/* hasPath */.a6)(index.whiteouts, path))
            return { present: false, by: later, how: 'deleted' };
        if ((0,path_set/* hasPath */.a6)(index.entries, path))
            return { present: false, by: later, how: 'overwritten' };
        for (const parent of parents) {
            if ((0,path_set/* hasPath */.a6)(index.whiteouts, parent))
                return { present: false, by: later, how: 'deleted' };
            if ((0,path_set/* hasPath */.a6)(index.opaqueDirs, parent))
                return { present: false, by: later, how: 'hidden' };
            if ((0,path_set/* hasPath */.a6)(index.nonDirectories, parent))
                return { present: false, by: later, how: 'overwritten' };
        }
    }
    return { present: true };
}

;// CONCATENATED MODULE: ./src/findings.ts




function fingerprintOf(ruleId, path, secretHash) {
    return (0,redact/* sha256Hex */.fg)(`${ruleId}\u0000${path}\u0000${secretHash}`).slice(0, 32);
}
/**
 * Turns raw hits into findings: places each layer hit in every image that
 * uses the layer, applies later layers' whiteouts to tell present from
 * removed, and merges duplicates (one layer in several images, one Env in
 * several platforms) into one finding listing every image.
 */
function assembleFindings(contents, model, metaHits, 
/** Makes a history instruction safe to show (it may hold build args). */
safeInstruction) {
    const findings = new Map();
    const add = (key, make, refs, state, removedBy) => {
        let finding = findings.get(key);
        if (!finding) {
            finding = make();
            findings.set(key, finding);
        }
        for (const ref of refs)
            if (!finding.refs.includes(ref))
                finding.refs.push(ref);
        // Present in any image wins over removed in another.
        if (state === 'present' && finding.state !== 'present') {
            finding.state = 'present';
            finding.removedBy = undefined;
        }
        else if (state === 'removed' && finding.state === 'unreferenced') {
            finding.state = 'removed';
            finding.removedBy = removedBy;
        }
    };
    const layerFinding = (hit, path, layer, state, removedBy, createdBy) => ({
        ruleId: hit.ruleId,
        description: hit.description,
        severity: hit.severity,
        source: 'layer',
        path,
        line: hit.line,
        layer,
        state,
        removedBy,
        createdBy,
        refs: [],
        excerpt: hit.excerpt,
        fingerprint: fingerprintOf(hit.ruleId, path, hit.secretHash),
        suppressed: false,
    });
    const placed = new Set();
    for (const image of model.images) {
        const indexes = image.layers.map((layer) => layer.blob === undefined ? undefined : contents.layers.get(layer.blob)?.scan.index);
        for (const layer of image.layers) {
            const blob = layer.blob === undefined ? undefined : contents.layers.get(layer.blob);
            if (!blob || layer.blob === undefined)
                continue;
            placed.add(layer.blob);
            for (const { path, hit } of blob.scan.hits) {
                const state = fileState(path, layer.index, indexes);
                const removedBy = state.present
                    ? undefined
                    : `${state.how} by layer ${state.by} (${image.layers[state.by]?.digest ?? '?'})`;
                const where = { digest: layer.digest, index: layer.index, blob: layer.blob };
                const key = `${layer.blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
                add(key, () => layerFinding(hit, path, where, state.present ? 'present' : 'removed', removedBy, layer.createdBy === undefined ? undefined : safeInstruction(layer.createdBy)), image.refs, state.present ? 'present' : 'removed', removedBy);
            }
        }
    }
    // Layers no manifest names (or an archive without manifests) still count.
    for (const [blob, layer] of contents.layers) {
        if (placed.has(blob))
            continue;
        const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : blob;
        for (const { path, hit } of layer.scan.hits) {
            const key = `${blob}\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}\u0000${hit.line ?? ''}`;
            add(key, () => layerFinding(hit, path, { digest, index: undefined, blob }, 'unreferenced', undefined, undefined), []);
        }
    }
    const unreadJson = [...contents.jsonHits].filter(([name]) => !model.used.has(name)).flatMap(([, hits]) => hits);
    for (const { path, hit } of [...contents.otherHits, ...unreadJson]) {
        add(`archive\u0000${path}\u0000${hit.ruleId}\u0000${hit.secretHash}`, () => ({
            ...layerFinding(hit, path, undefined, 'unreferenced', undefined, undefined),
            source: 'archive',
        }), []);
    }
    for (const meta of metaHits) {
        const fingerprint = fingerprintOf(meta.hit.ruleId, meta.location, meta.hit.secretHash);
        add(fingerprint, () => ({
            ruleId: meta.hit.ruleId,
            description: meta.hit.description,
            severity: meta.hit.severity,
            source: meta.source,
            path: meta.location,
            line: undefined,
            layer: undefined,
            state: 'metadata',
            removedBy: undefined,
            createdBy: meta.createdBy,
            refs: [],
            excerpt: meta.hit.excerpt,
            fingerprint,
            suppressed: false,
        }), meta.refs);
    }
    return [...findings.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.path.localeCompare(b.path) ||
        (a.layer?.index ?? -1) - (b.layer?.index ?? -1) ||
        a.ruleId.localeCompare(b.ruleId));
}
/** Lines of fingerprints (32 hex characters) and path globs; `#` comments. */
function parseAllowlist(text) {
    const fingerprints = new Set();
    const globs = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            continue;
        if (/^[a-f0-9]{32}$/i.test(line))
            fingerprints.add(line.toLowerCase());
        else
            globs.push(line.replace(/^\/+/, ''));
    }
    return { fingerprints, globs };
}
function applyAllowlist(findings, allowlist) {
    const matchers = allowlist.globs.map((glob) => picomatch_default()(glob, { dot: true }));
    for (const finding of findings) {
        finding.suppressed =
            allowlist.fingerprints.has(finding.fingerprint) || matchers.some((matches) => matches(finding.path));
    }
}
function failing(findings, threshold) {
    return findings.filter((finding) => !finding.suppressed && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]);
}

// EXTERNAL MODULE: ./src/limits.ts
var limits = __nccwpck_require__(988);
// EXTERNAL MODULE: ./src/rules/engine.ts + 1 modules
var engine = __nccwpck_require__(207);
// EXTERNAL MODULE: ./src/rules/gitleaks.ts + 9 modules
var gitleaks = __nccwpck_require__(868);
// EXTERNAL MODULE: ./src/rules/ruleset.ts + 1 modules
var ruleset = __nccwpck_require__(840);
;// CONCATENATED MODULE: ./src/config.ts






/** Every input read and checked, every file the inputs name read and
 * parsed, before the image is opened. */
async function readConfig(inputs, files) {
    const archive = inputs.string('archive');
    const image = inputs.string('image');
    if (archive !== '' && image !== '') {
        throw new src/* InputError */.dz('archive', 'and image are both given', 'Give one: archive (a saved tar) or image (a local image to save).');
    }
    if (archive === '' && image === '') {
        throw new src/* InputError */.dz('archive', 'is required when image is not given', 'Give the path of a `docker save` or OCI layout tar, or an image reference in image.');
    }
    const failOn = inputs.oneOf('fail-on', ['low', 'medium', 'high'], 'medium');
    inputs.boolean('dry-run', false);
    const allowlistPath = inputs.string('allowlist');
    let allowlist = { fingerprints: new Set(), globs: [] };
    if (allowlistPath !== '') {
        const text = await files.readText(allowlistPath);
        if (text === undefined)
            throw new src/* InputError */.dz('allowlist', `names ${allowlistPath}, which does not exist`, 'Check the path (it is relative to the workspace), or leave allowlist empty.');
        allowlist = parseAllowlist(text);
    }
    const rulesPath = inputs.string('rules');
    let rulesToml;
    if (rulesPath !== '') {
        rulesToml = await files.readText(rulesPath);
        if (rulesToml === undefined)
            throw new src/* InputError */.dz('rules', `names ${rulesPath}, which does not exist`, 'Check the path, or leave rules empty to use the built-in rules.');
    }
    let ruleSet;
    try {
        ruleSet = (0,ruleset/* ruleSetFor */.G)(rulesToml);
    }
    catch (error) {
        if (!(error instanceof gitleaks/* RuleConfigError */.n7))
            throw error;
        throw new src/* InputError */.dz('rules', `(${rulesPath}) ${error.message}`, 'Fix the rule; the format is a gitleaks TOML config ([[rules]] with id, regex, keywords…).');
    }
    if (ruleSet.rules.length === 0)
        throw new src/* InputError */.dz('rules', `(${rulesPath}) leaves no rule to run`, 'Add [[rules]] or drop `useDefault = false`.');
    const size = inputs.string('max-size', '32GiB');
    const maxBytes = (0,limits/* parseByteSize */.nS)(size);
    if (maxBytes === undefined || maxBytes <= 0) {
        throw new src/* InputError */.dz('max-size', `is '${size}', not a size`, 'Write a number and a unit: 500MiB, 20GiB.');
    }
    let scanner;
    return Object.freeze({
        source: archive !== '' ? { kind: 'archive', path: archive } : { kind: 'image', image },
        failOn,
        allowlist,
        get scanner() {
            scanner ??= new engine/* Scanner */.L(ruleSet.rules, ruleSet.skipPaths);
            return scanner;
        },
        rulesToml,
        ruleCount: { builtin: ruleSet.rules.length - ruleSet.user, user: ruleSet.user },
        sarifPath: inputs.string('sarif', 'image-audit.sarif'),
        limits: {
            maxBytes,
            maxEntries: inputs.integer('max-entries', 5_000_000, { min: 1, max: 1_000_000_000 }),
            maxRatio: inputs.integer('max-ratio', 200, { min: 2, max: 100_000 }),
        },
    });
}

// EXTERNAL MODULE: ./src/tar-walk.ts
var tar_walk = __nccwpck_require__(223);
;// CONCATENATED MODULE: ./src/image-model.ts

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function descriptors(value) {
    return Array.isArray(value) ? value.filter(isRecord).map((d) => d) : [];
}
const FOREIGN = /foreign|nondistributable/;
const IN_TOTO = 'application/vnd.in-toto+json';
function platformName(platform) {
    if (!platform?.os)
        return undefined;
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/** Which image layers come from which history entry: each history entry
 * without `empty_layer` made the next layer. */
function createdByPerLayer(config) {
    const out = [];
    for (const entry of config?.history ?? []) {
        if (!entry.empty_layer)
            out.push(entry.created_by);
    }
    return out;
}
/**
 * Works out the images in an archive from its JSON: OCI `index.json` (nested
 * indexes, multi-platform, attestation manifests) and Docker's
 * `manifest.json` (legacy `<id>/layer.tar` and Docker 25+ blobs). A Docker
 * 25+ archive has both; an image found in both is one image.
 */
function buildModel(contents) {
    const notes = [];
    const images = [];
    const attestations = [];
    const topAnnotations = [];
    const used = new Set(['index.json', 'manifest.json', 'repositories', 'oci-layout']);
    // Legacy saves keep a v1 copy of the config per layer (`<id>/json`).
    for (const name of contents.json.keys())
        if (/^[a-f0-9]{64}\/json$/.test(name))
            used.add(name);
    const follow = (name) => {
        let current = name;
        for (let hops = 0; hops < 16; hops++) {
            const next = contents.links.get(current);
            if (next === undefined)
                return current;
            current = next;
        }
        return current;
    };
    const blobName = (digest) => {
        if (!digest || !/^[a-z0-9]+:[a-f0-9]+$/i.test(digest))
            return undefined;
        const [algorithm, hex] = digest.split(':');
        return follow(`blobs/${algorithm}/${hex}`);
    };
    const present = (name) => contents.names.has(name) || contents.layers.has(name) || contents.json.has(name);
    const hasIndex = contents.json.has('index.json');
    const dockerManifest = contents.json.get('manifest.json');
    if (hasIndex)
        walkIndex(contents.json.get('index.json'), 'index.json', [], 0);
    // Indexes nest (containerd saves, multi-platform); a cycle or a deep chain stops at 8.
    function walkIndex(index, where, inheritedRefs, depth) {
        if (!isRecord(index) || depth > 8)
            return;
        addAnnotations(index.annotations, where, undefined);
        for (const descriptor of descriptors(index.manifests)) {
            const refs = [
                ...inheritedRefs,
                ...['org.opencontainers.image.ref.name', 'io.containerd.image.name']
                    .map((key) => descriptor.annotations?.[key])
                    .filter((ref) => typeof ref === 'string'),
            ];
            const name = blobName(descriptor.digest);
            const document = name === undefined ? undefined : contents.json.get(name);
            if (name !== undefined)
                used.add(name);
            if (document === undefined) {
                notes.push(`${descriptor.mediaType ?? 'manifest'} ${descriptor.digest ?? '?'}${platformLabel(descriptor)} is not in the archive (a save of one platform of a multi-platform image leaves the others out)`);
                continue;
            }
            if (isRecord(document) && Array.isArray(document.manifests)) {
                walkIndex(document, `index ${descriptor.digest}`, refs, depth + 1);
                continue;
            }
            if (!isRecord(document))
                continue;
            const attestation = descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
            const layers = descriptors(document.layers);
            if (attestation || (layers.length > 0 && layers.every((layer) => layer.mediaType === IN_TOTO))) {
                for (const layer of layers) {
                    const blob = blobName(layer.digest);
                    if (blob !== undefined && contents.json.has(blob)) {
                        used.add(blob);
                        attestations.push({
                            blob,
                            subject: descriptor.annotations?.['vnd.docker.reference.digest'],
                            statement: contents.json.get(blob),
                        });
                    }
                }
                continue;
            }
            addImage(document, refs.length > 0 ? refs : [descriptor.digest ?? '?'], platformName(descriptor.platform), descriptor);
        }
    }
    function platformLabel(descriptor) {
        const platform = platformName(descriptor.platform);
        return platform ? ` (${platform})` : '';
    }
    function addAnnotations(value, where, into) {
        if (!isRecord(value))
            return;
        const target = into ?? topAnnotations;
        for (const [key, annotation] of Object.entries(value)) {
            if (typeof annotation === 'string')
                target.push({ where, key, value: annotation });
        }
    }
    function addImage(manifest, refs, platform, descriptor) {
        const configDescriptor = isRecord(manifest.config) ? manifest.config : undefined;
        const configBlob = blobName(configDescriptor?.digest);
        if (configBlob !== undefined)
            used.add(configBlob);
        const config = configBlob === undefined ? undefined : contents.json.get(configBlob);
        if (configBlob !== undefined && config === undefined)
            notes.push(`config ${configDescriptor?.digest} is not in the archive`);
        const createdBy = createdByPerLayer(config);
        const annotations = [];
        addAnnotations(descriptor.annotations, `descriptor ${descriptor.digest ?? ''}`.trim(), annotations);
        addAnnotations(manifest.annotations, `manifest ${descriptor.digest ?? ''}`.trim(), annotations);
        const layers = descriptors(manifest.layers).map((layer, index) => {
            const blob = blobName(layer.digest);
            const foreign = FOREIGN.test(layer.mediaType ?? '');
            const found = blob !== undefined && present(blob);
            if (!found && !foreign)
                notes.push(`layer ${layer.digest ?? '?'} of ${refs[0]} is not in the archive`);
            return {
                blob: found ? blob : undefined,
                digest: layer.digest ?? '?',
                index,
                createdBy: createdBy[index],
                foreign,
            };
        });
        images.push({ refs, platform, configBlob, config, layers, annotations });
    }
    if (Array.isArray(dockerManifest)) {
        for (const entry of dockerManifest.filter(isRecord)) {
            const configBlob = typeof entry.Config === 'string' ? follow((0,tar_walk/* normalizePath */.F)(entry.Config)) : undefined;
            if (configBlob !== undefined)
                used.add(configBlob);
            const tags = Array.isArray(entry.RepoTags)
                ? entry.RepoTags.filter((tag) => typeof tag === 'string')
                : [];
            const same = images.find((image) => image.configBlob !== undefined && image.configBlob === configBlob);
            if (same) {
                for (const tag of tags)
                    if (!same.refs.includes(tag))
                        same.refs.unshift(tag);
                continue;
            }
            const config = configBlob === undefined ? undefined : contents.json.get(configBlob);
            const diffIds = config?.rootfs?.diff_ids ?? [];
            const createdBy = createdByPerLayer(config);
            const sources = isRecord(entry.LayerSources) ? entry.LayerSources : {};
            const layerPaths = Array.isArray(entry.Layers)
                ? entry.Layers.filter((p) => typeof p === 'string')
                : [];
            const layers = layerPaths.map((path, index) => {
                const blob = follow((0,tar_walk/* normalizePath */.F)(path));
                const diffId = diffIds[index];
                const digest = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/.test(blob) ? blob.slice(6).replace('/', ':') : (diffId ?? blob);
                const source = diffId === undefined ? undefined : sources[diffId];
                const foreign = isRecord(source) && FOREIGN.test(String(source.mediaType ?? ''));
                const found = present(blob);
                if (!found && !foreign)
                    notes.push(`layer ${path} of ${tags[0] ?? 'an image'} is not in the archive`);
                return { blob: found ? blob : undefined, digest, index, createdBy: createdBy[index], foreign };
            });
            images.push({
                refs: tags.length > 0 ? tags : [configBlob ?? '?'],
                platform: undefined,
                configBlob,
                config,
                layers,
                annotations: [],
            });
        }
    }
    if (images.length === 0 && !hasIndex && !Array.isArray(dockerManifest)) {
        notes.push('no manifest.json or index.json: layers were scanned, but their order (and so deletions) is unknown');
    }
    const format = hasIndex && Array.isArray(dockerManifest)
        ? 'docker (OCI layout inside)'
        : hasIndex
            ? 'OCI image layout'
            : Array.isArray(dockerManifest)
                ? 'docker save (legacy)'
                : 'unknown';
    return { format, images, attestations, notes, annotations: topAnnotations, used };
}

// EXTERNAL MODULE: ./src/rules/entropy.ts
var entropy = __nccwpck_require__(91);
;// CONCATENATED MODULE: ./src/metadata.ts


const SENSITIVE_NAME = /secret|token|passw(?:or)?d|passwd|pwd|(?:^|[_-])pass(?:phrase)?(?:$|[_-])|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth(?!or)/i;
const NOT_SECRET_NAME = /(?:file|path|dir|url|uri|endpoint|host|type|name|id|version|ttl|timeout|length|header|method|mode|enabled|disabled|expires?|expiry|provider|algorithm|scopes?)$/i;
const SECRET_NAMED_VALUE = {
    id: 'secret-named-value',
    description: 'Value of a variable, build arg or label whose name says it is a secret',
    severity: 'medium',
};
/** A KEY=value whose key names a secret and whose value is not a placeholder
 * (`${TOKEN}`, empty, `changeme`), a path, a number or a flag. */
function isSecretNamedValue(key, value) {
    const name = key.replace(/^build-arg:/, '');
    if (!SENSITIVE_NAME.test(name) || NOT_SECRET_NAME.test(name.replace(/[^A-Za-z0-9]+$/, '')))
        return false;
    const v = value.trim();
    if (v.length < 6 || (0,entropy/* isPlaceholder */.w)(v))
        return false;
    if (/^\d+$/.test(v) || /^\.{0,2}\//.test(v) || v.toLowerCase() === name.toLowerCase())
        return false;
    return true;
}
/** `KEY=value` pairs after `ARG`/`ENV` (`ENV A=1 B="two words"`). */
function assignments(text) {
    const out = [];
    for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
        const raw = match[2] ?? '';
        out.push([match[1] ?? '', raw.replace(/^(["'])(.*)\1$/s, '$2')]);
    }
    return out;
}
/** Build args the classic builder and BuildKit record in `created_by`:
 * `|2 NPM_TOKEN=… FOO=… /bin/sh -c …` gives its N pairs. */
function buildArgsOf(createdBy) {
    const match = /(?:^|\bRUN\s+)\|(\d+)\s+(.*)$/s.exec(createdBy);
    if (!match)
        return [];
    const count = Number(match[1]);
    const pairs = [];
    let rest = match[2] ?? '';
    for (let i = 0; i < count; i++) {
        const pair = /^([^=\s]+)=(\S*)\s*/.exec(rest);
        if (!pair)
            break;
        pairs.push([pair[1] ?? '', pair[2] ?? '']);
        rest = rest.slice(pair[0].length);
    }
    return pairs;
}
/** `ARG KEY=value` / `ENV KEY=value`, from BuildKit or `#(nop)` lines. */
function declaredValuesOf(createdBy) {
    const match = /(?:^|#\(nop\)\s+|\s)(?:ARG|ENV)\s+(.*)$/s.exec(createdBy.trim());
    return match ? assignments(match[1] ?? '') : [];
}
/**
 * A history instruction fit to print: every detected secret, every value of
 * a build arg or ARG/ENV whose name says secret, and any long random-looking
 * run replaced. `created_by` is where build args leak, so it is never shown
 * raw.
 */
function safeInstruction(createdBy, scanner) {
    let text = createdBy;
    for (const detection of scanner.scan(createdBy))
        text = text.split(detection.secret).join('‹redacted›');
    for (const [key, value] of [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)]) {
        // The value alone, wherever it stands: `KEY="two words"` is parsed
        // without its quotes, so `KEY=value` would not match the text.
        if (value.length >= 4 && isSecretNamedValue(key, value))
            text = text.split(value).join('‹redacted›');
    }
    return (0,redact/* scrubRandomRuns */.Jm)(text);
}
class MetadataChecker {
    scanner;
    hits = [];
    constructor(scanner) {
        this.scanner = scanner;
    }
    /** Content rules over a string; key-name heuristics over its pairs, for
     * values the content rules did not already report. */
    check(source, location, text, pairs, refs, createdBy) {
        const detections = this.scanner.scan(text);
        const shown = createdBy === undefined ? undefined : safeInstruction(createdBy, this.scanner);
        const push = (hit) => this.hits.push(shown === undefined ? { source, location, hit, refs } : { source, location, hit, refs, createdBy: shown });
        for (const detection of detections)
            push((0,redact/* toHit */.FI)(text, detection, detections));
        const found = new Set(detections.map((d) => d.secret));
        for (const [key, value] of pairs) {
            if ([...found].some((secret) => value.includes(secret)))
                continue;
            if (isSecretNamedValue(key, value)) {
                this.hits.push({
                    source,
                    location: `${location}:${key}`,
                    hit: (0,redact/* valueHit */.L6)(SECRET_NAMED_VALUE, key, value),
                    refs,
                    ...(shown === undefined ? {} : { createdBy: shown }),
                });
            }
        }
    }
    checkModel(model) {
        for (const image of model.images)
            this.checkImage(image);
        this.checkAnnotations(model.annotations, []);
        for (const attestation of model.attestations) {
            const type = metadata_isRecord(attestation.statement)
                ? String(attestation.statement.predicateType ?? 'statement')
                : 'statement';
            const short = type.replace(/^https?:\/\//, '').replace(/\/$/, '');
            const refs = model.images.flatMap((image) => image.refs);
            walkStrings(attestation.statement, [], (path, value) => {
                const key = path[path.length - 1] ?? '';
                this.check('attestation', `attestation:${short}:${path.join('.')}`, value, [[key, value]], attestation.subject ? [attestation.subject] : refs);
            });
        }
    }
    checkImage(image) {
        const config = image.config;
        for (const entry of config?.history ?? []) {
            const createdBy = entry.created_by ?? '';
            if (createdBy === '')
                continue;
            const pairs = [...buildArgsOf(createdBy), ...declaredValuesOf(createdBy)];
            this.check('history', 'history:created_by', createdBy, pairs, image.refs, createdBy);
        }
        for (const [label, container] of [
            ['config', config?.config],
            ['container_config', config?.container_config],
        ]) {
            if (container)
                this.checkContainer(label, container, image.refs);
        }
        this.checkAnnotations(image.annotations, image.refs);
    }
    checkContainer(label, container, refs) {
        for (const env of container.Env ?? []) {
            const at = env.indexOf('=');
            const key = at === -1 ? env : env.slice(0, at);
            this.check('config', `${label}:Env:${key}`, env, [[key, at === -1 ? '' : env.slice(at + 1)]], refs);
        }
        for (const [key, value] of Object.entries(container.Labels ?? {})) {
            this.check('config', `${label}:Labels:${key}`, `${key}=${value}`, [[key, String(value)]], refs);
        }
        const commands = [
            ['Entrypoint', container.Entrypoint],
            ['Cmd', container.Cmd],
            ['Healthcheck', container.Healthcheck?.Test],
            ['OnBuild', container.OnBuild],
        ];
        for (const [field, value] of commands) {
            const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
            if (text === '')
                continue;
            const pairs = field === 'OnBuild' ? value.flatMap((line) => declaredValuesOf(line)) : assignments(text);
            this.check('config', `${label}:${field}`, text, pairs, refs);
        }
    }
    checkAnnotations(annotations, refs) {
        for (const annotation of annotations) {
            this.check('annotation', `annotation:${annotation.key}`, `${annotation.key}=${annotation.value}`, [[annotation.key, annotation.value]], refs);
        }
    }
}
const metadata_isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Every string leaf of a JSON value with its key path. Array indexes are
 * left out of the path so a location stays stable when entries move. */
function walkStrings(value, path, visit, depth = 0) {
    if (depth > 64)
        return;
    if (typeof value === 'string')
        visit(path, value);
    else if (Array.isArray(value))
        for (const item of value)
            walkStrings(item, path, visit, depth + 1);
    else if (metadata_isRecord(value))
        for (const [key, item] of Object.entries(value))
            walkStrings(item, [...path, key], visit, depth + 1);
}

;// CONCATENATED MODULE: ./src/report.ts


/** The job summary keeps to a readable size; the SARIF file has the rest. */
const MAX_ROWS = 50;
const STATE_LABEL = {
    present: 'present',
    removed: 'removed but recoverable',
    unreferenced: 'in archive, no image uses it',
    metadata: 'image metadata',
};
function summaryMarkdown(findings, model, stats, failOn, failed) {
    const open = findings.filter((finding) => !finding.suppressed);
    const count = (severity) => open.filter((finding) => finding.severity === severity).length;
    const images = model.images.map((image) => image.refs[0] + (image.platform ? ` (${image.platform})` : ''));
    const lines = [
        `${failed ? '❌' : '✅'} **${open.length} finding${open.length === 1 ? '' : 's'}** (high ${count('high')}, medium ${count('medium')}, low ${count('low')}); ` +
            `${findings.length - open.length} allowlisted; the check fails on \`${failOn}\` or above.`,
        `Scanned ${images.length} image${images.length === 1 ? '' : 's'} (${images.slice(0, 10).join(', ') || 'none named'}), ${model.format}: ` +
            `${stats.layers} layers, ${stats.files} files, ${(0,limits/* formatBytes */.z3)(stats.bytes)} in ${stats.seconds.toFixed(1)} s.`,
    ];
    for (const note of model.notes.slice(0, 10))
        lines.push(`> note: ${note}`);
    if (open.length === 0)
        return (0,src/* renderSummary */.Br)({ title: 'keyturn audit-image', lines });
    // A code span cannot hold a backtick.
    const code = (text) => `\`${text.replace(/`/g, "'")}\``;
    const rows = open
        .slice(0, MAX_ROWS)
        .map((finding) => [
        finding.severity,
        finding.ruleId,
        `${code(finding.path)}${finding.line === undefined ? '' : `:${finding.line}`}`,
        finding.layer ? `${finding.layer.index ?? '?'} ${code(finding.layer.digest.slice(0, 19))}` : finding.source,
        STATE_LABEL[finding.state],
        finding.createdBy ? code(finding.createdBy.slice(0, 60)) : '',
        code(finding.excerpt),
        code(finding.fingerprint),
    ]);
    if (open.length > MAX_ROWS)
        lines.push(`The first ${MAX_ROWS} are listed; the SARIF report has all of them.`);
    return (0,src/* renderSummary */.Br)({
        title: 'keyturn audit-image',
        lines,
        table: { headers: ['severity', 'rule', 'where', 'layer', 'state', 'created by', 'excerpt', 'fingerprint'], rows },
    });
}

;// CONCATENATED MODULE: ./src/sarif.ts
/** GitHub code scanning keeps at most this many results per run. */
const MAX_SARIF_RESULTS = 5000;
const LEVEL = {
    high: 'error',
    medium: 'warning',
    low: 'note',
};
const SECURITY_SEVERITY = { high: '8.0', medium: '5.0', low: '2.0' };
function message(finding) {
    const where = finding.layer
        ? `layer ${finding.layer.index ?? '?'} (${finding.layer.digest})`
        : finding.source === 'layer' || finding.source === 'archive'
            ? 'the archive'
            : `the image ${finding.source}`;
    const state = finding.state === 'removed'
        ? ` It was removed later (${finding.removedBy ?? 'by a later layer'}) but its bytes are still in the image.`
        : '';
    return `${finding.description} in ${finding.path} in ${where}: ${finding.excerpt}.${state}`;
}
/**
 * SARIF 2.1.0 for GitHub code scanning. Locations are paths inside the image
 * (they do not exist in the repository, which code scanning accepts); the
 * layer is a logical location. `partialFingerprints` carries the stable
 * fingerprint so an alert survives rebuilds. Allowlisted findings are kept
 * as suppressed results, so the record shows who decided what.
 */
function toSarif(findings, toolVersion, imageName) {
    const kept = findings.slice(0, MAX_SARIF_RESULTS);
    const ruleIds = [...new Set(kept.map((finding) => finding.ruleId))].sort();
    const rules = ruleIds.map((id) => {
        const sample = kept.find((finding) => finding.ruleId === id);
        const severity = sample?.severity ?? 'medium';
        return {
            id,
            name: id.replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase()),
            shortDescription: { text: sample?.description ?? id },
            fullDescription: {
                text: `${sample?.description ?? id}. Rotate the credential, then rebuild the image without it (a later layer deleting it does not remove it).`,
            },
            defaultConfiguration: { level: LEVEL[severity] },
            properties: { tags: ['security', 'secret', 'container'], 'security-severity': SECURITY_SEVERITY[severity] },
        };
    });
    const results = kept.map((finding) => ({
        ruleId: finding.ruleId,
        ruleIndex: ruleIds.indexOf(finding.ruleId),
        level: LEVEL[finding.severity],
        message: { text: message(finding) },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: finding.path.replace(/^\/+/, ''), uriBaseId: 'IMAGE_ROOT' },
                    ...(finding.line === undefined ? {} : { region: { startLine: finding.line } }),
                },
                logicalLocations: finding.layer
                    ? [{ name: finding.layer.digest, kind: 'module', fullyQualifiedName: `${imageName}@${finding.layer.digest}` }]
                    : [{ name: finding.source, kind: 'object' }],
            },
        ],
        partialFingerprints: { 'keyturnSecret/v1': finding.fingerprint },
        properties: {
            state: finding.state,
            ...(finding.layer?.index === undefined ? {} : { layerIndex: finding.layer.index }),
            ...(finding.removedBy ? { removedBy: finding.removedBy } : {}),
            ...(finding.createdBy ? { createdBy: finding.createdBy.slice(0, 500) } : {}),
            images: finding.refs.slice(0, 20),
        },
        ...(finding.suppressed ? { suppressions: [{ kind: 'external', justification: 'allowlisted' }] } : {}),
    }));
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'keyturn-audit-image',
                        informationUri: 'https://github.com/keyturn/keyturn',
                        semanticVersion: toolVersion,
                        rules,
                    },
                },
                originalUriBaseIds: { IMAGE_ROOT: { description: { text: `The root file system of ${imageName}` } } },
                automationDetails: { id: `keyturn/audit-image/${imageName}/` },
                results,
                properties: { truncated: findings.length > kept.length, totalFindings: findings.length },
            },
        ],
    };
}

;// CONCATENATED MODULE: ./src/audit.ts








const TOOL_VERSION = '0.1.0';
/** The log lists this many findings; the SARIF file has all of them. */
const MAX_LOG_LINES = 200;
/** Fails the step when findings reach the `fail-on` threshold. Separate from
 * the audit so the report (outputs, summary, SARIF) is always written first. */
function enforceFailOn(result) {
    const count = result.failing.length;
    if (count === 0)
        return;
    throw new src/* CheckFailedError */.CO(`${count} finding${count === 1 ? '' : 's'} at or above '${result.failOn}' in ${result.imageName}. ` +
        'Rotate each credential, rebuild the image without it (deleting it in a later layer does not remove it), ' +
        'or allowlist a false positive by its fingerprint.');
}
function logLine(finding) {
    const where = finding.layer ? `layer ${finding.layer.index ?? '?'} ${finding.layer.digest}` : finding.source;
    const state = finding.state === 'removed' ? `removed but recoverable (${finding.removedBy})` : finding.state;
    const line = finding.line === undefined ? '' : `:${finding.line}`;
    return `${finding.severity.padEnd(6)} ${finding.ruleId} ${finding.path}${line} [${where}; ${state}] ${finding.excerpt} fingerprint=${finding.fingerprint}`;
}
async function auditImage(context, deps) {
    const config = await readConfig(context.inputs, deps.files);
    const started = context.clock.now();
    const saved = config.source.kind === 'image' ? await deps.saveImage(config.source.image) : undefined;
    const archivePath = saved?.path ?? (config.source.kind === 'archive' ? config.source.path : '');
    try {
        const { contents, bytes, scanWorkers } = await deps.readArchive(archivePath, config);
        const threads = scanWorkers === 0 ? 'on one thread' : `on ${scanWorkers} worker thread${scanWorkers === 1 ? '' : 's'}`;
        const model = buildModel(contents);
        const metadata = new MetadataChecker(config.scanner);
        metadata.checkModel(model);
        const findings = assembleFindings(contents, model, metadata.hits, (createdBy) => safeInstruction(createdBy, config.scanner));
        applyAllowlist(findings, config.allowlist);
        const failed = failing(findings, config.failOn);
        const open = findings.filter((finding) => !finding.suppressed);
        const imageName = config.source.kind === 'image' ? config.source.image : (model.images[0]?.refs[0] ?? (0,external_node_path_.basename)(archivePath));
        await deps.writeText(config.sarifPath, `${JSON.stringify(toSarif(findings, TOOL_VERSION, imageName), null, 1)}\n`);
        const layerScans = [...contents.layers.values()];
        const stats = {
            layers: layerScans.length,
            files: layerScans.reduce((sum, layer) => sum + layer.scan.files, 0),
            bytes,
            seconds: (context.clock.now() - started) / 1000,
        };
        context.runner.info(`Audited ${imageName} (${model.format}): ${stats.layers} layers, ${stats.files} files, ` +
            `${config.ruleCount.builtin} built-in and ${config.ruleCount.user} user rules, scanned ${threads}.`);
        for (const note of model.notes)
            context.runner.info(`note: ${note}`);
        for (const finding of open.slice(0, MAX_LOG_LINES))
            context.runner.info(logLine(finding));
        if (open.length > MAX_LOG_LINES) {
            context.runner.info(`… and ${open.length - MAX_LOG_LINES} more findings: see the SARIF report.`);
        }
        context.runner.setOutput('findings', String(open.length));
        context.runner.setOutput('sarif-file', config.sarifPath);
        await context.runner.appendSummary(summaryMarkdown(findings, model, stats, config.failOn, failed.length > 0));
        await context.audit.append({
            event: 'image.audit.completed',
            action: context.action,
            outcome: failed.length > 0 ? 'failure' : 'success',
            image: imageName,
            findings: open.length,
            failing: failed.length,
            allowlisted: findings.length - open.length,
            fail_on: config.failOn,
            layers: stats.layers,
        });
        return { findings, failing: failed, failOn: config.failOn, imageName };
    }
    finally {
        await saved?.cleanup();
    }
}



/***/ }),

/***/ 906:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  b: () => (/* binding */ realDeps)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
// EXTERNAL MODULE: ../../packages/core/src/index.ts + 14 modules
var src = __nccwpck_require__(738);
// EXTERNAL MODULE: ./src/archive-thread.ts + 7 modules
var archive_thread = __nccwpck_require__(731);
// EXTERNAL MODULE: ./src/scan-pool.ts + 1 modules
var scan_pool = __nccwpck_require__(806);
;// CONCATENATED MODULE: ./src/deps.ts








async function readText(path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Runs `docker save`; the daemon on GitHub-hosted runners makes this work
 * without any setup. */
async function saveImage(image) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'keyturn-audit-'));
    const path = (0,external_node_path_.join)(dir, 'image.tar');
    const cleanup = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    const result = await new Promise((resolve) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)('docker', ['save', '--output', path, image], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
            stderr = (stderr + chunk.toString('utf8')).slice(-2000);
        });
        child.on('error', (error) => resolve({ code: null, stderr: error.message, missing: error.code === 'ENOENT' }));
        child.on('close', (code) => resolve({ code, stderr, missing: false }));
    });
    if (result.missing) {
        await cleanup();
        throw new src/* InputError */.dz('image', 'needs the docker command, which is not installed here', 'Save the image first (docker save, skopeo copy … oci-archive:…) and give its path in archive.');
    }
    if (result.code !== 0) {
        await cleanup();
        throw new src/* UpstreamError */.gA(`docker save ${image} failed: ${result.stderr.trim().split('\n').pop() ?? ''}`, {
            service: 'Docker',
            retryable: false,
        });
    }
    return { path, cleanup };
}
function realDeps() {
    return {
        files: { readText },
        saveImage,
        writeText: (path, text) => (0,promises_.writeFile)(path, text, 'utf8'),
        readArchive: (path, config) => {
            // Workers run this same file: only a bundle (.js) can be started as
            // one. From sources (tests), everything runs on this thread.
            const entry = (0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url);
            const options = { rulesToml: config.rulesToml, limits: config.limits };
            return entry.endsWith('.js')
                ? (0,archive_thread/* readArchiveInWorker */.k5)(path, options, { entry, scanWorkers: (0,scan_pool/* workerCount */.Mo)() })
                : (0,archive_thread/* readArchiveHere */.B5)(path, options);
        },
    };
}


/***/ }),

/***/ 18:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(738);
/* harmony import */ var _action_spec_generated__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(667);
/* harmony import */ var _archive_thread__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(731);
/* harmony import */ var _audit__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(821);
/* harmony import */ var _deps__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(906);
/* harmony import */ var _scan_pool__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(806);






// The bundle is also the entry of its worker threads: the archive reader and
// the scanners.
if ((0,_scan_pool__WEBPACK_IMPORTED_MODULE_5__/* .isScanWorker */ .WJ)()) {
    (0,_scan_pool__WEBPACK_IMPORTED_MODULE_5__/* .runScanWorker */ .fR)();
}
else if ((0,_archive_thread__WEBPACK_IMPORTED_MODULE_2__/* .isArchiveWorker */ .Jl)()) {
    await (0,_archive_thread__WEBPACK_IMPORTED_MODULE_2__/* .runArchiveWorker */ .EQ)();
}
else {
    await (0,_keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .runAction */ .Cs)('audit-image', { runner: (0,_keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .createActionsRunner */ .gQ)(), spec: _action_spec_generated__WEBPACK_IMPORTED_MODULE_1__/* .ACTION_SPEC */ .B }, async (context) => {
        (0,_audit__WEBPACK_IMPORTED_MODULE_3__/* .enforceFailOn */ .MX)(await (0,_audit__WEBPACK_IMPORTED_MODULE_3__/* .auditImage */ .$$)(context, (0,_deps__WEBPACK_IMPORTED_MODULE_4__/* .realDeps */ .b)()));
    });
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   __: () => (/* binding */ Budget),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export RATIO_FLOOR */
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(738);

/** Small layers compress well legitimately (a file of zeros); the ratio
 * limit only bites past this size, where a bomb would hurt. */
const RATIO_FLOOR = 64 * 1024 * 1024;
/** Counts what the audit has read and stops it, with the input to raise,
 * the moment a limit is passed: a decompression bomb costs at most the limit. */
class Budget {
    bytes = 0;
    entries = 0;
    limits;
    constructor(limits) {
        this.limits = limits;
    }
    addBytes(count) {
        this.bytes += count;
        if (this.bytes > this.limits.maxBytes) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-size', `was passed: the image holds more than ${formatBytes(this.limits.maxBytes)} of uncompressed data`, 'If the image is really this large, raise max-size; otherwise the archive may be a decompression bomb.');
        }
    }
    addEntry() {
        this.entries += 1;
        if (this.entries > this.limits.maxEntries) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-entries', `was passed: the image holds more than ${this.limits.maxEntries} files`, 'If the image really has this many files, raise max-entries.');
        }
    }
    checkRatio(layer, compressed, uncompressed) {
        if (uncompressed < RATIO_FLOOR || compressed === 0)
            return;
        if (uncompressed / compressed > this.limits.maxRatio) {
            throw new _keyturn_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('max-ratio', `was passed by ${layer}: ${formatBytes(compressed)} expands past ${formatBytes(uncompressed)}`, 'This looks like a decompression bomb; if the layer is genuine, raise max-ratio.');
        }
    }
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
/** `500MiB`, `20GiB`, `1.5GB`, `1048576`. */
function parseByteSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i.exec(text.trim());
    if (!match)
        return undefined;
    const unit = (match[2] ?? 'b').toLowerCase();
    const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0]];
    const base = unit.includes('i') || unit.length === 1 ? 1024 : 1000;
    return Math.floor(Number(match[1]) * base ** power);
}


/***/ }),

/***/ 398:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dj: () => (/* binding */ PathSetBuilder),
/* harmony export */   a6: () => (/* binding */ hasPath)
/* harmony export */ });
/* unused harmony exports pathHash, pathSetOf */
/** Two 32-bit hashes of the UTF-16 code units (FNV-1a, and a multiply-xor
 * mix seeded apart), joined into the 53 bits a double holds exactly. */
function pathHash(path) {
    let fnv = 0x811c9dc5;
    let mix = 0x9e3779b9;
    for (let at = 0; at < path.length; at++) {
        const code = path.charCodeAt(at);
        fnv = Math.imul(fnv ^ code, 0x01000193);
        mix = Math.imul(mix ^ code, 0x5bd1e995);
        mix ^= mix >>> 15;
    }
    return (fnv >>> 0) * 2 ** 21 + (mix >>> 11);
}
class PathSetBuilder {
    hashes = [];
    add(path) {
        this.hashes.push(pathHash(path));
    }
    build() {
        return { hashes: Float64Array.from(this.hashes).sort() };
    }
}
function pathSetOf(paths) {
    const builder = new PathSetBuilder();
    for (const path of paths)
        builder.add(path);
    return builder.build();
}
function hasPath(set, path) {
    const hash = pathHash(path);
    const { hashes } = set;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = hashes[middle] ?? 0;
        if (value === hash)
            return true;
        if (value < hash)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return false;
}


/***/ }),

/***/ 721:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FI: () => (/* binding */ toHit),
/* harmony export */   Jm: () => (/* binding */ scrubRandomRuns),
/* harmony export */   L6: () => (/* binding */ valueHit),
/* harmony export */   fg: () => (/* binding */ sha256Hex)
/* harmony export */ });
/* unused harmony export redactedExcerpt */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
const CONTEXT_BEFORE = 32;
const CONTEXT_AFTER = 16;
/** A run of token characters long and mixed enough to be a credential that
 * no rule named; excerpts drop these too, as a last guard. */
const RANDOM_RUN = /[A-Za-z0-9+/=_~.-]{20,}/g;
function scrubRandomRuns(text) {
    return text.replace(RANDOM_RUN, (run) => /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !/^[a-z._-]+$/i.test(run) ? '…' : run);
}
/**
 * The line around a detection with the secret replaced by `‹redacted N›`
 * (keeping only a documented, non-secret prefix such as `ghp_`), other
 * detections on the same line redacted too, and cut to a short window.
 */
function redactedExcerpt(text, detection, others = []) {
    const lineStart = Math.max(text.lastIndexOf('\n', detection.start - 1) + 1, detection.start - CONTEXT_BEFORE);
    const newline = text.indexOf('\n', detection.end);
    const lineEnd = Math.min(newline === -1 ? text.length : newline, detection.end + CONTEXT_AFTER);
    const keep = detection.rule.visiblePrefix ?? 0;
    const shown = `${detection.secret.slice(0, keep)}‹redacted ${detection.secret.length - keep} chars›`;
    let before = text.slice(lineStart, detection.start);
    let after = text.slice(detection.end, lineEnd);
    for (const other of others) {
        if (other === detection)
            continue;
        before = before.split(other.secret).join('‹redacted›');
        after = after.split(other.secret).join('‹redacted›');
    }
    const clean = (part) => scrubRandomRuns(part)
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[^\x20-\x7e…‹›]/g, '.');
    const prefix = lineStart > 0 && text[lineStart - 1] !== '\n' ? '…' : '';
    const suffix = lineEnd < text.length && text[lineEnd] !== '\n' ? '…' : '';
    return `${prefix}${clean(before)}${shown}${clean(after)}${suffix}`;
}
function toHit(text, detection, others, line) {
    const base = {
        ruleId: detection.rule.id,
        description: detection.rule.description,
        severity: detection.rule.severity,
        secretHash: sha256Hex(detection.secret),
        excerpt: redactedExcerpt(text, detection, others),
    };
    return line === undefined ? base : { ...base, line };
}
/** A hit for a secret found as a structured value (an env var, a build arg),
 * shown as `KEY=‹redacted N chars›`. */
function valueHit(rule, key, secret) {
    return {
        ruleId: rule.id,
        description: rule.description,
        severity: rule.severity,
        secretHash: sha256Hex(secret),
        excerpt: `${scrubRandomRuns(key).slice(0, 80)}=‹redacted ${secret.length} chars›`,
    };
}


/***/ }),

/***/ 207:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  L: () => (/* binding */ Scanner)
});

// EXTERNAL MODULE: ./src/rules/entropy.ts
var entropy = __nccwpck_require__(91);
;// CONCATENATED MODULE: ./src/rules/keywords.ts
/**
 * Finds every occurrence of a set of keywords in one pass, case-insensitive
 * as a `/i` regex is within Latin-1: an Aho–Corasick automaton compiled to a
 * transition table. It reads bytes directly (a window of a file, no string
 * made of it): ~700 MB/s on one core over a node_modules-like image, where
 * the case-insensitive alternation it replaced ran at ~240 MB/s.
 */
/** Keywords are matched over Latin-1 (a byte is a character); a keyword with
 * any other character cannot be, and the caller must not pass one. */
function isLatin1(keyword) {
    for (let at = 0; at < keyword.length; at++)
        if (keyword.charCodeAt(at) > 0xff)
            return false;
    return true;
}
/** ASCII keywords are the same bytes in Latin-1 and in UTF-8 files. */
function isAscii(keyword) {
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
class KeywordAutomaton {
    lengths;
    longest;
    /** `state * 256 + byte` -> next state, premultiplied by 256. */
    table;
    /** States at or past this (premultiplied) end a keyword. */
    firstAccepting;
    /** Keywords ending at each accepting state, by state / 256 - accepting. */
    endings;
    /** A byte no keyword holds: stands for characters past Latin-1 in strings. */
    absent;
    constructor(keywords) {
        for (const keyword of keywords) {
            if (keyword === '' || !isLatin1(keyword))
                throw new Error(`keyword ${JSON.stringify(keyword)} is not Latin-1`);
        }
        this.lengths = keywords.map((keyword) => keyword.length);
        this.longest = Math.max(1, ...this.lengths);
        // The trie, over folded characters.
        const children = [new Map()];
        const ending = [[]];
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
        for (let byte = 0; byte < 256; byte++)
            next[byte] = children[0]?.get(FOLD[byte] ?? byte) ?? 0;
        // A state's row is its failure state's row (complete: that state is
        // shallower) with its own children written over it.
        const bytesOf = new Map();
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
                for (const byte of bytesOf.get(symbol) ?? [])
                    next[state * 256 + byte] = child;
                queue.push(child);
            }
        }
        // Renumber: accepting states last, so the scan tests one comparison.
        const order = [...Array(states).keys()];
        const accepting = (state) => (ending[state]?.length ?? 0) > 0;
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
        const used = new Set();
        for (const keyword of keywords) {
            for (let at = 0; at < keyword.length; at++) {
                const code = keyword.charCodeAt(at);
                used.add(code);
                used.add(FOLD[code] ?? code);
            }
        }
        this.absent = [...Array(256).keys()].find((byte) => !used.has(byte) && !used.has(FOLD[byte] ?? byte)) ?? 0;
    }
    /** Every occurrence, in no particular order. */
    find(text) {
        const ends = typeof text === 'string'
            ? this.endsInString(text)
            : text.length >= LANES_FROM && text.length >> 2 > this.longest
                ? this.endsInLanes(text)
                : this.endsInBytes(text);
        const found = [];
        for (let at = 0; at < ends.length; at += 2)
            this.record(found, ends[at + 1] ?? 0, ends[at] ?? 0);
        return found;
    }
    /** One table lookup per byte, for windows too short for lanes. Kept apart
     * from the string loop, with its fields in locals and only small integers
     * pushed, it runs at ~400–500 MB/s where one shared loop ran at ~270.
     * Returns pairs: the offset where keywords end, and the state there. */
    endsInBytes(bytes) {
        const table = this.table;
        const limit = this.firstAccepting;
        const ends = [];
        let state = 0;
        for (let at = 0; at < bytes.length; at++) {
            state = table[state + (bytes[at] ?? 0)] ?? 0;
            if (state >= limit)
                ends.push(at, state);
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
    endsInLanes(bytes) {
        const table = this.table;
        const limit = this.firstAccepting;
        const carry = this.longest - 1;
        const quarter = bytes.length >> 2;
        const [b1, b2, b3] = [quarter, 2 * quarter, 3 * quarter];
        const ends = [];
        let [s0, s1, s2, s3] = [0, 0, 0, 0];
        for (let at = 0; at < quarter; at++) {
            s0 = table[s0 + (bytes[at] ?? 0)] ?? 0;
            s1 = table[s1 + (bytes[b1 + at] ?? 0)] ?? 0;
            s2 = table[s2 + (bytes[b2 + at] ?? 0)] ?? 0;
            s3 = table[s3 + (bytes[b3 + at] ?? 0)] ?? 0;
            // One test for the four, nearly always false: an OR of the states is
            // at least as large as each of them.
            if ((s0 | s1 | s2 | s3) >= limit) {
                if (s0 >= limit)
                    ends.push(at, s0);
                if (s1 >= limit && at >= carry)
                    ends.push(b1 + at, s1);
                if (s2 >= limit && at >= carry)
                    ends.push(b2 + at, s2);
                if (s3 >= limit && at >= carry)
                    ends.push(b3 + at, s3);
            }
        }
        // Each quarter's stretch past its end, and the last quarter's rest (the
        // length need not divide by four), go on from where each automaton is.
        const goOn = (state, from, to) => {
            for (let at = from; at < to; at++) {
                state = table[state + (bytes[at] ?? 0)] ?? 0;
                if (state >= limit)
                    ends.push(at, state);
            }
        };
        goOn(s0, b1, Math.min(bytes.length, b1 + carry));
        goOn(s1, b2, Math.min(bytes.length, b2 + carry));
        goOn(s2, b3, Math.min(bytes.length, b3 + carry));
        goOn(s3, b3 + quarter, bytes.length);
        return ends;
    }
    endsInString(text) {
        const table = this.table;
        const limit = this.firstAccepting;
        const absent = this.absent;
        const ends = [];
        let state = 0;
        for (let at = 0; at < text.length; at++) {
            const code = text.charCodeAt(at);
            state = table[state + (code > 0xff ? absent : code)] ?? 0;
            if (state >= limit)
                ends.push(at, state);
        }
        return ends;
    }
    record(found, state, end) {
        for (const keyword of this.endings[(state - this.firstAccepting) / 256] ?? []) {
            found.push({ start: end - (this.lengths[keyword] ?? 0) + 1, keyword });
        }
    }
}

;// CONCATENATED MODULE: ./src/rules/engine.ts


/** Reads slices of either kind of text as strings. */
class TextSlicer {
    bytes;
    whole;
    length;
    constructor(text) {
        this.length = text.length;
        if (typeof text === 'string')
            this.whole = text;
        else
            this.bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    }
    slice(start, end) {
        return this.whole === undefined ? (this.bytes?.toString('latin1', start, end) ?? '') : this.whole.slice(start, end);
    }
    all() {
        this.whole ??= this.bytes?.toString('latin1') ?? '';
        return this.whole;
    }
}
/**
 * Runs content rules over text. One pass of a keyword automaton finds every
 * keyword occurrence. A rule with a `reach` then runs only on a short slice
 * around each occurrence of its keywords (most text is never seen by any
 * rule's regex, nor made into a string); a rule without one (user rules,
 * with gitleaks' semantics) runs over the whole text once any of its
 * keywords occurred.
 */
class Scanner {
    rules;
    keywords;
    /** By keyword index: the rules that keyword triggers. */
    rulesByKeyword;
    alwaysRun;
    wideKeywords;
    skipPaths;
    constructor(rules, skipPaths = []) {
        this.rules = rules;
        this.skipPaths = skipPaths.map((path) => new RegExp(path.source, path.flags.replace('g', '')));
        // No keyword, or an empty one (which every text contains, as in
        // gitleaks): the rule runs on every text.
        const prefiltered = (rule) => rule.keywords.length > 0 && !rule.keywords.includes('');
        this.alwaysRun = rules.filter((rule) => !prefiltered(rule));
        const byKeyword = new Map();
        const add = (key, rule) => {
            const rules = byKeyword.get(key) ?? [];
            if (!rules.includes(rule))
                byKeyword.set(key, [...rules, rule]);
        };
        const wide = [];
        for (const rule of rules.filter(prefiltered)) {
            for (const keyword of rule.keywords) {
                const lower = keyword.toLowerCase();
                if (isLatin1(lower))
                    add(lower, rule);
                // A user's keyword past ASCII (`clé`, `пароль`): a UTF-8 file read
                // as Latin-1 holds its UTF-8 bytes, which fold no case: its usual
                // cases are looked for.
                if (!isAscii(keyword))
                    for (const form of utf8Forms(keyword))
                        add(form, rule);
                if (!isLatin1(lower)) {
                    // In a string it is itself, which the automaton cannot hold.
                    if (rule.reach !== undefined)
                        throw new Error(`rule ${rule.id}: a keyword past Latin-1 needs a rule without reach`);
                    wide.push({ keyword: lower, rule });
                }
            }
        }
        this.keywords = new KeywordAutomaton([...byKeyword.keys()]);
        this.rulesByKeyword = [...byKeyword.values()];
        this.wideKeywords = wide;
    }
    /** Rules with a keyword past Latin-1 that occurs in a string (gitleaks
     * compares lower-cased text). Such rules have no reach: no position. */
    wideHits(text) {
        if (this.wideKeywords.length === 0 || typeof text !== 'string')
            return [];
        const lower = text.toLowerCase();
        return this.wideKeywords.filter(({ keyword }) => lower.includes(keyword)).map(({ rule }) => rule);
    }
    /** Rules whose keywords occur in `text`, in rule order. */
    triggered(text) {
        const hit = new Set([...this.alwaysRun, ...this.wideHits(text)]);
        for (const [, rules] of this.keywordHits(text))
            for (const rule of rules)
                hit.add(rule);
        return this.rules.filter((rule) => hit.has(rule));
    }
    /** Each position where keywords start, in text order, with the rules of
     * every keyword starting there (in rule order). */
    keywordHits(text) {
        const occurrences = this.keywords.find(text);
        if (occurrences.length === 0)
            return [];
        occurrences.sort((a, b) => a.start - b.start);
        const hits = [];
        for (const { start, keyword } of occurrences) {
            const rules = this.rulesByKeyword[keyword] ?? [];
            const last = hits.at(-1);
            if (last?.[0] !== start)
                hits.push([start, rules]);
            else
                last[1] = this.rules.filter((rule) => last[1].includes(rule) || rules.includes(rule));
        }
        return hits;
    }
    /** Every detection in `text`. `path` selects path-scoped rules. */
    scan(text, path = '') {
        const detections = [];
        if (path !== '' && this.skipPaths.some((skip) => skip.test(path)))
            return detections;
        const applies = (rule) => !rule.path || rule.path.test(path);
        const wholeText = new Set([...this.alwaysRun, ...this.wideHits(text)].filter(applies));
        const seen = new Set();
        const found = new Map();
        const full = (rule) => (found.get(rule) ?? 0) >= MAX_DETECTIONS_PER_RULE;
        /** Whether the match was a detection (new or seen before). */
        const record = (rule, match, offset) => {
            const secret = secretOf(rule, match);
            if (secret === undefined || secret === '' || !accepts(rule, secret, match))
                return false;
            const start = offset + match.index + Math.max(0, match[0].indexOf(secret));
            const key = `${rule.id}\u0000${start}`;
            if (seen.has(key))
                return true;
            seen.add(key);
            found.set(rule, (found.get(rule) ?? 0) + 1);
            detections.push({ rule, secret, start, end: start + secret.length });
            return true;
        };
        const source = new TextSlicer(text);
        for (const [at, rules] of this.keywordHits(text)) {
            for (const rule of rules) {
                if (rule.reach === undefined) {
                    if (applies(rule))
                        wholeText.add(rule);
                    continue;
                }
                if (!applies(rule) || full(rule))
                    continue;
                // Nearby keywords give overlapping slices; `seen` drops the repeats.
                const start = Math.max(0, at - (rule.lead ?? 0) - 1);
                const slice = source.slice(start, Math.min(source.length, at + rule.reach));
                if (rule.precheck && !rule.precheck.test(slice))
                    continue;
                if (rule.atKeyword) {
                    rule.atKeyword.lastIndex = at - start;
                    if (!rule.atKeyword.test(slice))
                        continue;
                }
                rule.regex.lastIndex = 0;
                for (let match = rule.regex.exec(slice); match !== null; match = rule.regex.exec(slice)) {
                    // A match the rule rejects (a key whose value runs on through
                    // `&secret=…`) must not hide one that starts inside it: try again
                    // one character on. The slice is short, so this stays cheap.
                    if (!record(rule, match, start))
                        rule.regex.lastIndex = match.index + 1;
                    else if (match[0].length === 0)
                        rule.regex.lastIndex++;
                    if (full(rule))
                        break;
                }
            }
        }
        for (const rule of this.rules) {
            if (!wholeText.has(rule))
                continue;
            const whole = source.all();
            rule.regex.lastIndex = 0;
            for (let match = rule.regex.exec(whole); match !== null; match = rule.regex.exec(whole)) {
                record(rule, match, 0);
                if (match[0].length === 0)
                    rule.regex.lastIndex++;
                if (full(rule))
                    break;
            }
        }
        return dropCoveredFallbacks(detections.sort((a, b) => a.start - b.start));
    }
}
/** A window reports 20 hits at most; past this many detections of one rule
 * (a file of tokens, a user's regex that matches every character) the rest
 * would cost memory and time and never be shown. */
const MAX_DETECTIONS_PER_RULE = 100;
/** A keyword as its UTF-8 bytes read as Latin-1, in lower and upper case and
 * capitalised. */
function utf8Forms(keyword) {
    const lower = keyword.toLowerCase();
    const upper = keyword.toUpperCase();
    const first = String.fromCodePoint(lower.codePointAt(0) ?? 0).length;
    const forms = new Set([lower, upper, upper.slice(0, first) + lower.slice(first)]);
    return [...forms].map((form) => Buffer.from(form, 'utf8').toString('latin1'));
}
function secretOf(rule, match) {
    if (rule.secretGroup !== undefined)
        return match[rule.secretGroup];
    for (let group = 1; group < match.length; group++) {
        if (match[group] !== undefined)
            return match[group];
    }
    return match[0];
}
function accepts(rule, secret, match) {
    if (rule.entropy !== undefined && (0,entropy/* shannonEntropy */.l)(secret) < rule.entropy)
        return false;
    if (rule.allowRegexes?.some((allow) => allow.test(secret)))
        return false;
    const lower = secret.toLowerCase();
    if (rule.stopwords?.some((word) => lower.includes(word)))
        return false;
    return rule.accept ? rule.accept(secret, match) : true;
}
const tier = (detection) => (detection.rule.fallback === 'generic' ? 2 : detection.rule.fallback ? 1 : 0);
function dropCoveredFallbacks(detections) {
    if (!detections.some((d) => d.rule.fallback))
        return detections;
    return detections.filter((d) => !detections.some((other) => tier(other) < tier(d) && other.start < d.end && d.start < other.end));
}


/***/ }),

/***/ 91:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ shannonEntropy),
/* harmony export */   w: () => (/* binding */ isPlaceholder)
/* harmony export */ });
/** Shannon entropy in bits per character. */
function shannonEntropy(text) {
    if (text.length === 0)
        return 0;
    const counts = new Map();
    for (const char of text)
        counts.set(char, (counts.get(char) ?? 0) + 1);
    let bits = 0;
    for (const count of counts.values()) {
        const p = count / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
const PLACEHOLDER_WORDS = /^(?:change[-_ ]?me|change[-_ ]?it|changeme\d*|password\d*|passwd|secret|token|example|sample|dummy|fake|test(?:ing)?|placeholder|none|null|nil|undefined|true|false|yes|no|on|off|todo|tbd|redacted|hidden|masked|default|empty|string|value|(?:my|your|insert|enter|replace)[-_]?(?:pass\w*|secret\w*|token\w*|key\w*|api\w*|value\w*|here)|foo|bar|baz|foobar|qwerty|admin|root|user(?:name)?|guest|pass|letmein)$/i;
/**
 * True for values that stand in for a secret rather than being one:
 * `${TOKEN}`, `$TOKEN`, `{{ .token }}`, `<token>`, `changeme`, `xxxx`, `****`,
 * empty. Build args and env values are full of these.
 */
function isPlaceholder(value) {
    const v = value.trim().replace(/^["'`]|["'`]$/g, '');
    if (v.length === 0)
        return true;
    if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\([^)]*\)$|^%[A-Za-z_]+%$/.test(v))
        return true;
    if (/^\{\{.*\}\}$|^<[^>]*>$|^\[[^\]]*\]$/.test(v))
        return true;
    if (/^(.)\1+$/.test(v))
        return true;
    if (/^[x*.#_-]+$/i.test(v))
        return true;
    if (PLACEHOLDER_WORDS.test(v))
        return true;
    if (/(?:example|placeholder|dummy|changeme|your[-_]?(?:api[-_]?)?(?:key|token|secret|password))/i.test(v))
        return true;
    return false;
}


/***/ }),

/***/ 868:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  n7: () => (/* binding */ RuleConfigError),
  aK: () => (/* binding */ parseGitleaksToml)
});

// UNUSED EXPORTS: translateRe2

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ../../node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./src/rules/gitleaks.ts

class RuleConfigError extends Error {
}
const POSIX = {
    alnum: 'a-zA-Z0-9',
    alpha: 'a-zA-Z',
    digit: '0-9',
    lower: 'a-z',
    upper: 'A-Z',
    space: ' \\t\\r\\n\\v\\f',
    xdigit: '0-9A-Fa-f',
    word: '\\w',
    punct: '!-\\/:-@\\[-`{-~',
};
/** Go RE2 syntax to a JavaScript RegExp (global). */
function translateRe2(source, extraFlags = '') {
    let pattern = source;
    const flags = new Set(['g', ...extraFlags]);
    const leading = /^\(\?([imsU]+)\)/.exec(pattern);
    if (leading) {
        for (const flag of leading[1] ?? '')
            if (flag !== 'U')
                flags.add(flag);
        pattern = pattern.slice(leading[0].length);
    }
    // A flag group later in the pattern: JavaScript has no scoped equivalent
    // without a group, so the flag applies to the whole pattern (wider, never
    // narrower, matching).
    pattern = pattern.replace(/\(\?([ims]+)\)/g, (_m, inline) => {
        for (const flag of inline)
            flags.add(flag);
        return '';
    });
    pattern = pattern
        .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, literal) => literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
        .replace(/\(\?P</g, '(?<')
        .replace(/\\z/g, '$')
        .replace(/\\A/g, '^')
        .replace(/\[:(\^?)(\w+):\]/g, (match, negate, name) => {
        const set = POSIX[name];
        if (set === undefined)
            return match;
        return negate ? `^${set}` : set;
    })
        .replace(/\\x\{([0-9a-fA-F]{1,2})\}/g, (_m, hex) => `\\x${hex.padStart(2, '0')}`);
    return new RegExp(pattern, [...flags].join(''));
}
function strings(value) {
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function compile(where, source, flags = '') {
    try {
        return translateRe2(source, flags);
    }
    catch (error) {
        throw new RuleConfigError(`${where}: regex cannot be used in JavaScript (${error.message})`);
    }
}
function parseGitleaksToml(text) {
    let document;
    try {
        document = parse(text);
    }
    catch (error) {
        throw new RuleConfigError(`is not valid TOML (${error.message.split('\n')[0]})`);
    }
    const extend = isRecord(document.extend) ? document.extend : {};
    const globals = [
        ...(isRecord(document.allowlist) ? [document.allowlist] : []),
        ...(Array.isArray(document.allowlists) ? document.allowlists.filter(isRecord) : []),
    ];
    const globalRegexes = globals.flatMap((list, i) => strings(list.regexes).map((r) => compile(`allowlist ${i + 1}`, r)));
    const globalStopwords = globals.flatMap((list) => strings(list.stopwords).map((word) => word.toLowerCase()));
    const skipPaths = globals.flatMap((list, i) => strings(list.paths).map((r) => compile(`allowlist ${i + 1} path`, r)));
    const rules = [];
    const ruleTables = Array.isArray(document.rules) ? document.rules : [];
    ruleTables.forEach((table, position) => {
        if (!isRecord(table))
            return;
        const id = typeof table.id === 'string' && table.id !== '' ? table.id : `rule-${position + 1}`;
        const where = `rule '${id}'`;
        const severity = table.severity ?? 'high';
        if (severity !== 'low' && severity !== 'medium' && severity !== 'high') {
            throw new RuleConfigError(`${where}: severity must be low, medium or high`);
        }
        const path = typeof table.path === 'string' ? compile(`${where} path`, table.path) : undefined;
        const regexSource = typeof table.regex === 'string' ? table.regex : undefined;
        if (regexSource === undefined && path === undefined)
            throw new RuleConfigError(`${where}: needs a regex or a path`);
        // A path-only rule reports any file at the path: its "secret" is the
        // file's head, which only ever leaves as a hash and a redacted excerpt.
        const regex = regexSource === undefined ? /^[\s\S]{1,256}/g : compile(where, regexSource);
        const lists = [
            ...(isRecord(table.allowlist) ? [table.allowlist] : []),
            ...(Array.isArray(table.allowlists) ? table.allowlists.filter(isRecord) : []),
        ];
        const allowRegexes = [
            ...globalRegexes,
            ...lists.flatMap((list) => strings(list.regexes).map((r) => compile(`${where} allowlist`, r))),
        ].map((r) => new RegExp(r.source, r.flags.replace('g', '')));
        const stopwords = [
            ...globalStopwords,
            ...lists.flatMap((list) => strings(list.stopwords).map((w) => w.toLowerCase())),
        ];
        const rulePathAllow = lists.flatMap((list) => strings(list.paths).map((r) => compile(`${where} allowlist path`, r)));
        // gitleaks searches paths (unanchored): the rule's path must occur, no
        // allowlisted path may.
        const denied = rulePathAllow.map((r) => `(?:${r.source})`).join('|');
        const pathFilter = path || rulePathAllow.length > 0
            ? new RegExp(`^${denied ? `(?![\\s\\S]*?(?:${denied}))` : ''}${path ? `[\\s\\S]*?(?:${path.source})` : ''}`)
            : undefined;
        const rule = {
            id,
            description: typeof table.description === 'string' ? table.description : `user rule ${id}`,
            severity: severity,
            keywords: strings(table.keywords).map((keyword) => keyword.toLowerCase()),
            regex,
            ...(typeof table.secretGroup === 'number' ? { secretGroup: table.secretGroup } : {}),
            ...(typeof table.entropy === 'number' ? { entropy: table.entropy } : {}),
            ...(pathFilter ? { path: pathFilter } : {}),
            ...(allowRegexes.length > 0 ? { allowRegexes } : {}),
            ...(stopwords.length > 0 ? { stopwords } : {}),
        };
        rules.push(rule);
    });
    return {
        rules,
        useDefault: extend.useDefault !== false,
        disabled: new Set(strings(extend.disabledRules)),
        skipPaths,
    };
}


/***/ }),

/***/ 840:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  G: () => (/* binding */ ruleSetFor),
  M: () => (/* binding */ scannerFor)
});

// EXTERNAL MODULE: ./src/rules/entropy.ts
var rules_entropy = __nccwpck_require__(91);
;// CONCATENATED MODULE: ./src/rules/builtin.ts

/**
 * The built-in rules, each written from the token format its issuer
 * documents. Prefixed formats (ghp_, AKIA, xoxb-, sk_live_, npm_, pypi-) are
 * matched exactly; unprefixed secrets only next to a key name that says what
 * they are, and only when they look random.
 */
const B62 = 'A-Za-z0-9';
/** Token characters must not continue on either side of a match. */
const END = `(?![${B62}_])`;
const START = `(?<![${B62}_])`;
function decodeBase64(text) {
    try {
        return Buffer.from(text, 'base64').toString('utf8');
    }
    catch {
        return undefined;
    }
}
function isJsonObject(base64url) {
    try {
        const parsed = JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    }
    catch {
        return false;
    }
}
/** A value that reads like code or prose rather than a credential. */
function looksLikeCode(value) {
    // options.accessToken, config.auth.secretKey (a JWT's parts are longer)
    if (/^[A-Za-z_$][\w$]{0,30}(?:\.[A-Za-z_$][\w$]{0,30})+$/.test(value))
        return true;
    if (/[(){}<>$\\]|^\/|^https?:/.test(value))
        return true;
    if (/&&|\|\||==|^=/.test(value))
        return true; // minified code: a===b&&!c
    return false;
}
/** Documentation samples dressed as tokens: `ghp_PersonalAccessToken0123…`,
 * `AKIA…EXAMPLE`, a run of one character, `123456`. A random token holds a
 * given 5-letter word with odds of about one in a million. */
const SAMPLE_WORDS = /example|sample|dummy|placeholder|redacted/i;
function looksLikeSample(token) {
    return SAMPLE_WORDS.test(token) || /(.)\1{7}/.test(token) || /0123456|123456789|abcdefgh/i.test(token);
}
/** For prefixed tokens: the part after the documented prefix. */
const genuine = (prefix) => (secret) => !looksLikeSample(secret.slice(prefix));
/** Random enough to be a generated credential: letters with digits, or
 * both cases at higher entropy (`ozpzpPbWnvyOMNzhdeVBNiez`). Hex draws from
 * 16 symbols only (4 bits at most): held to the same bar, one random 40-digit
 * hex secret in 20 fell under 3.5 bits; at 2.7, none of 400,000 random
 * 32- or 40-digit ones did, while repeats like `deadbeef…` (2.2) stay out. */
function randomLooking(value, minEntropy) {
    if ((0,rules_entropy/* isPlaceholder */.w)(value) || looksLikeCode(value) || looksLikeSample(value))
        return false;
    const entropy = (0,rules_entropy/* shannonEntropy */.l)(value);
    if (/^[0-9a-f]+$/i.test(value) && /[0-9]/.test(value) && /[a-f]/i.test(value))
        return entropy >= minEntropy - 0.8;
    if (/[0-9]/.test(value) && /[A-Za-z]/.test(value))
        return entropy >= minEntropy;
    return /[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 20 && entropy >= minEntropy + 0.5;
}
// lead/reach: where a match can start before its keyword and end after it
// (a 4096-bit RSA key is ~3.3 KB, ~3.4 KB as escaped JSON; a JWT rarely
// passes 8 KB). The regex runs on that slice around each keyword only.
const RULES = [
    {
        id: 'github-token',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'GitHub token (personal access, OAuth, user-to-server, server-to-server or refresh)',
        severity: 'high',
        keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
        regex: new RegExp(`${START}(gh[pousr]_[${B62}]{36})${END}`, 'g'),
        visiblePrefix: 4,
    },
    {
        id: 'github-fine-grained-pat',
        accept: genuine(11),
        lead: 1,
        reach: 100,
        description: 'GitHub fine-grained personal access token',
        severity: 'high',
        keywords: ['github_pat_'],
        regex: new RegExp(`${START}(github_pat_[${B62}]{22}_[${B62}]{59})${END}`, 'g'),
        visiblePrefix: 11,
    },
    {
        id: 'aws-access-key-id',
        accept: genuine(4),
        lead: 1,
        reach: 24,
        description: 'AWS access key ID (identifies a key; the secret is usually near)',
        severity: 'medium',
        keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
        regex: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/g,
        visiblePrefix: 4,
    },
    {
        id: 'aws-secret-access-key',
        lead: 48,
        reach: 140,
        description: 'AWS secret access key',
        severity: 'high',
        keywords: ['aws', 'secret_access_key', 'secretaccesskey'],
        regex: /(?:aws[\w.-]{0,20}?(?:secret|sk)[\w.-]{0,20}?|secret_?access_?key)["']?\s*(?:[:=]|:=|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
        // Exactly 40 base64 characters: any of them may come first, `/` too.
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret) && !looksLikeSample(secret) && (0,rules_entropy/* shannonEntropy */.l)(secret) >= 4,
    },
    {
        id: 'gcp-api-key',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'Google Cloud API key',
        severity: 'high',
        keywords: ['aiza'],
        regex: /(?<![\w-])(AIza[0-9A-Za-z_-]{35})(?![\w-])/g,
        visiblePrefix: 4,
    },
    {
        id: 'gcp-service-account-key',
        lead: 2,
        reach: 64,
        description: 'Google Cloud service account key file (private_key_id)',
        severity: 'high',
        keywords: ['private_key_id'],
        regex: /"private_key_id"\s*:\s*"([a-f0-9]{40})"/g,
    },
    {
        id: 'azure-storage-account-key',
        lead: 1,
        reach: 110,
        description: 'Azure storage account key (connection string AccountKey)',
        severity: 'high',
        keywords: ['accountkey'],
        regex: /AccountKey\s*=\s*([A-Za-z0-9+/]{86}==)/gi,
    },
    {
        id: 'azure-sas-token',
        lead: 300,
        reach: 400,
        description: 'Azure shared access signature (sig= in a SAS URL or connection string)',
        severity: 'high',
        keywords: ['sig='],
        regex: /[?&;]sv=\d{4}-\d{2}-\d{2}[^\s"'<>]*?[&;]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/gi,
    },
    {
        id: 'azure-ad-client-secret',
        lead: 6,
        reach: 48,
        description: 'Microsoft Entra ID (Azure AD) application client secret',
        severity: 'high',
        keywords: ['q~'],
        regex: /(?<![\w~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/g,
        accept: (secret) => (0,rules_entropy/* shannonEntropy */.l)(secret) >= 3.5,
    },
    {
        id: 'slack-token',
        accept: genuine(5),
        lead: 1,
        reach: 200,
        description: 'Slack bot, user, app or configuration token',
        severity: 'high',
        keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
        regex: /(?<![\w-])(xox[bpars]-\d{8,13}-[0-9A-Za-z-]{10,}|xoxe(?:\.xox[bp])?-\d-[A-Z0-9]{140,170}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{64})(?![\w-])/g,
        visiblePrefix: 5,
    },
    {
        id: 'slack-webhook-url',
        lead: 9,
        reach: 160,
        description: 'Slack incoming webhook URL',
        severity: 'high',
        keywords: ['hooks.slack.com'],
        regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{8,}\/[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/g,
    },
    {
        id: 'stripe-secret-key',
        accept: genuine(8),
        lead: 1,
        reach: 260,
        description: 'Stripe secret or restricted API key',
        severity: 'high',
        keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
        regex: new RegExp(`${START}((?:sk|rk)_(?:live|test)_[${B62}]{24,247})${END}`, 'g'),
        visiblePrefix: 8,
    },
    {
        id: 'npm-access-token',
        accept: genuine(4),
        lead: 1,
        reach: 48,
        description: 'npm access token',
        severity: 'high',
        keywords: ['npm_'],
        regex: new RegExp(`${START}(npm_[${B62}]{36})${END}`, 'g'),
        visiblePrefix: 4,
    },
    {
        id: 'npmrc-auth',
        fallback: true,
        lead: 2,
        reach: 300,
        description: 'npm registry credential in an .npmrc (_authToken, _auth or _password)',
        severity: 'high',
        keywords: ['_authtoken', '_auth', '_password'],
        regex: /(?:^|[\s:])(?:_authToken|_auth|_password)\s*=\s*["']?([^\s"'#;]{8,})/gim,
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret),
    },
    {
        id: 'pypi-token',
        lead: 1,
        reach: 400,
        description: 'PyPI or TestPyPI API token',
        severity: 'high',
        keywords: ['pypi-ag'],
        regex: /(?<![\w-])(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![\w-])/g,
        visiblePrefix: 5,
    },
    {
        id: 'private-key',
        lead: 24,
        reach: 12000,
        description: 'Private key (PEM block)',
        severity: 'high',
        keywords: ['private key'],
        // Lines may end in a newline or, inside JSON (GCP key files), in `\n`.
        regex: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:\r?\n|(?:\\r)?\\n)(?:[A-Za-z-]+: [^\r\n\\]*(?:\r?\n|(?:\\r)?\\n))*(?:\r?\n|(?:\\r)?\\n)?(?:[A-Za-z0-9+/=]{16,}(?:\r?\n|(?:\\r)?\\n))+[A-Za-z0-9+/=]*(?:\r?\n|(?:\\r)?\\n)?(?:=[A-Za-z0-9+/]{4}(?:\r?\n|(?:\\r)?\\n))?-----END \1PRIVATE KEY(?: BLOCK)?-----/g,
        secretGroup: 0,
    },
    {
        id: 'jwt',
        lead: 1,
        reach: 8192,
        description: 'JSON Web Token',
        severity: 'medium',
        keywords: ['eyj'],
        regex: /(?<![\w-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![\w-])/g,
        accept: (secret) => {
            const [header = '', payload = ''] = secret.split('.');
            return isJsonObject(header) && isJsonObject(payload);
        },
    },
    {
        id: 'url-password',
        fallback: true,
        lead: 24,
        reach: 300,
        description: 'URL with a password (scheme://user:password@host)',
        severity: 'high',
        keywords: ['://'],
        regex: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`<>]{1,64}:([^\s:@/'"`<>]{3,200})@[A-Za-z0-9.-]+/gi,
        // The regex from `//` on: most URLs have no `user:password@`, and this
        // finds that without trying each character as the scheme's start.
        precheck: /\/\/[^\s:@/'"`<>]{1,64}:[^\s:@/'"`<>]{3,200}@[A-Za-z0-9.-]/,
        accept: (secret, match) => {
            let decoded = secret;
            try {
                decoded = decodeURIComponent(secret);
            }
            catch { }
            // anonymous:… is the FTP/HTTP convention for "no account".
            if (/:\/\/anonymous:/i.test(match[0]))
                return false;
            return (decoded.length >= 5 &&
                !(0,rules_entropy/* isPlaceholder */.w)(decoded) &&
                !/^[$%{<]/.test(decoded) &&
                !/@(?:example|localhost)\b/.test(match[0]));
        },
    },
    {
        id: 'docker-config-auth',
        lead: 1,
        reach: 400,
        description: 'Registry credential in a Docker config.json (auth, identitytoken)',
        severity: 'high',
        keywords: ['"auth"', '"identitytoken"', '"registrytoken"'],
        regex: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=._-]{8,})"/g,
        accept: (secret, match) => {
            if (!match[0].startsWith('"auth"'))
                return !(0,rules_entropy/* isPlaceholder */.w)(secret);
            const decoded = decodeBase64(secret);
            const colon = decoded?.indexOf(':') ?? -1;
            return decoded !== undefined && colon > 0 && !(0,rules_entropy/* isPlaceholder */.w)(decoded.slice(colon + 1));
        },
    },
    {
        id: 'netrc-password',
        fallback: true,
        lead: 1,
        reach: 400,
        description: 'Password in a .netrc entry',
        severity: 'high',
        keywords: ['machine'],
        regex: /\bmachine\s+\S+\s+(?:login\s+\S+\s+)?password\s+([^\s'"`]+)/g,
        accept: (secret) => !(0,rules_entropy/* isPlaceholder */.w)(secret),
    },
    {
        id: 'kubeconfig-credential',
        fallback: true,
        lead: 16,
        reach: 400,
        description: 'Kubernetes kubeconfig client key or token',
        severity: 'high',
        keywords: ['client-key-data', 'auth-provider', 'token:'],
        regex: /^\s*(?:client-key-data|token|id-token|refresh-token):\s*["']?([A-Za-z0-9+/=._-]{20,})["']?\s*$/gm,
        accept: (secret) => randomLooking(secret, 3.5),
    },
    {
        id: 'generic-secret-assignment',
        lead: 48,
        reach: 300,
        description: 'High-entropy value assigned to a key that names a secret',
        severity: 'medium',
        // Every way the key can name a secret, as the regex spells it: each
        // match then holds a keyword, and `atKeyword` can skip the others.
        keywords: [
            'secret',
            'token',
            'passw',
            'pwd',
            'credential',
            'apikey',
            'api_key',
            'api-key',
            'api.key',
            'authkey',
            'auth_key',
            'auth-key',
            'auth.key',
            'accesskey',
            'access_key',
            'access-key',
            'access.key',
        ],
        regex: /(?<![\w-])([\w.-]{0,40}?(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?)["']?\s*(?:=|:|:=|=>|\?=)\s*(["'`]?)([A-Za-z0-9+/=_.~!@#%^&*-]{16,200})\2(?![A-Za-z0-9+/=_.~-])/gi,
        // The regex from the keyword on: most keywords in code (tokenizer,
        // secretOf, `token: 'x'` a line later) start no assignment of 16+ value
        // characters. 1 occurrence in 30 passes over a node_modules-like tree,
        // where a check for an operator anywhere in the slice let half through.
        atKeyword: /(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?["']?\s*(?:=|:|:=|=>|\?=)\s*["'`]?[A-Za-z0-9+/=_.~!@#%^&*-]{16}/iy,
        secretGroup: 3,
        fallback: 'generic',
        accept: (secret, match) => {
            const key = match[1] ?? '';
            if (/(?:_?(?:file|path|dir|url|uri|endpoint|type|name|id|length|len|size|ttl|expiry|expires|header|field|prefix))$/i.test(key))
                return false;
            // Header names and identifiers: X-Amz-Security-Token, CreateTokenRequest.
            if (/token|secret|passw|credential|auth|key/i.test(secret))
                return false;
            if (/^[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})+$/.test(secret))
                return false;
            return randomLooking(secret, 3.5);
        },
    },
];
/** Every built-in rule matches within a short reach of its keyword. */
const BUILTIN_RULES = RULES;

// EXTERNAL MODULE: ./src/rules/engine.ts + 1 modules
var engine = __nccwpck_require__(207);
// EXTERNAL MODULE: ./src/rules/gitleaks.ts + 9 modules
var gitleaks = __nccwpck_require__(868);
;// CONCATENATED MODULE: ./src/rules/ruleset.ts



/** The built-in rules, changed by the user's gitleaks TOML when there is one
 * (`useDefault`, disabled rules, their own rules and path allowlist). Throws
 * RuleConfigError for a file that cannot be used. */
function ruleSetFor(rulesToml) {
    if (rulesToml === undefined)
        return { rules: BUILTIN_RULES, user: 0, skipPaths: [] };
    const parsed = (0,gitleaks/* parseGitleaksToml */.aK)(rulesToml);
    const builtin = parsed.useDefault ? BUILTIN_RULES.filter((rule) => !parsed.disabled.has(rule.id)) : [];
    return { rules: [...builtin, ...parsed.rules], user: parsed.rules.length, skipPaths: parsed.skipPaths };
}
/** The scanner for a rules file: built once per thread from the same text,
 * so every thread runs the same rules. */
function scannerFor(rulesToml) {
    const { rules, skipPaths } = ruleSetFor(rulesToml);
    return new engine/* Scanner */.L(rules, skipPaths);
}


/***/ }),

/***/ 806:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  sH: () => (/* binding */ OVERLAP),
  q3: () => (/* binding */ inlineWindowScanner),
  WJ: () => (/* binding */ isScanWorker),
  fR: () => (/* binding */ runScanWorker),
  xY: () => (/* binding */ startScanWorkers),
  Mo: () => (/* binding */ workerCount),
  JB: () => (/* binding */ workerWindowScanner)
});

// UNUSED EXPORTS: MAX_HITS_PER_WINDOW, scanWindowText

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __nccwpck_require__(919);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __nccwpck_require__(721);
// EXTERNAL MODULE: ./src/rules/ruleset.ts + 1 modules
var ruleset = __nccwpck_require__(840);
;// CONCATENATED MODULE: ./src/window-ring.ts
/**
 * Shared memory that file windows are copied into for the scan workers: one
 * copy per window and no allocation on either thread, where a window posted
 * to a worker was allocated, copied into a message and allocated again on
 * the other side. Windows are placed one after another and wrap to the start;
 * a slot is reused only once released (when its worker has answered), in
 * whatever order workers answer.
 */
class WindowRing {
    memory;
    bytes;
    /** Slots in placement order; `released` ones at the front are dropped. */
    slots = [];
    byOffset = new Map();
    /** Where the next window goes. */
    head = 0;
    /** Only this ring's owner places windows in `memory`; workers read them. */
    constructor(memory) {
        this.memory = memory;
        this.bytes = new Uint8Array(memory);
    }
    /** Copies `parts` (`length` bytes in all) into the ring, or returns
     * undefined when there is no room for them now. */
    put(parts, length) {
        const offset = this.place(length);
        if (offset === undefined)
            return undefined;
        let at = offset;
        for (const part of parts) {
            this.bytes.set(part, at);
            at += part.length;
        }
        const slot = { offset, length, released: false };
        this.slots.push(slot);
        this.byOffset.set(offset, slot);
        this.head = offset + length;
        return { offset, length };
    }
    release(slot) {
        const held = this.byOffset.get(slot.offset);
        if (!held)
            return;
        held.released = true;
        this.byOffset.delete(slot.offset);
        while (this.slots[0]?.released)
            this.slots.shift();
        if (this.slots.length === 0)
            this.head = 0;
    }
    /** The free span for `length` bytes: after the newest slot, else (wrapping)
     * before the oldest one still held. */
    place(length) {
        const capacity = this.memory.byteLength;
        // An empty window has no place (its offset would equal the head's).
        if (length === 0)
            return undefined;
        const oldest = this.slots[0]?.offset;
        if (oldest === undefined)
            return length <= capacity ? 0 : undefined;
        if (this.head > oldest) {
            // Held: [oldest, head). Free: [head, capacity) then [0, oldest).
            if (capacity - this.head >= length)
                return this.head;
            return length < oldest ? 0 : undefined;
        }
        // Wrapped. Held: [oldest, capacity) and [0, head). Free: [head, oldest).
        return oldest - this.head > length ? this.head : undefined;
    }
}

;// CONCATENATED MODULE: ./src/scan-pool.ts





/** Windows overlap by this much so a secret across a boundary (a 4096-bit
 * RSA key in escaped JSON is ~3.4 KB) is still seen whole. */
const OVERLAP = 16 * 1024;
/** A file full of tokens (a test fixture, a dictionary) says enough. */
const MAX_HITS_PER_WINDOW = 20;
/** Newlines before `end`. Native search: windows past a file's first are
 * mostly binaries and bundles, whose lines are few and long. */
function countNewlines(bytes, end) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.byteLength));
    let count = 0;
    for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1))
        count++;
    return count;
}
/** Scans one window of a file. A match is reported by the window in whose
 * non-overlap part it starts, so each match is reported once. The window is
 * made into a string only when something is found (for the excerpt). */
function scanWindowText(scanner, window, path, last) {
    const reportBefore = last ? window.length : window.length - OVERLAP;
    const newlines = last ? 0 : countNewlines(window, reportBefore);
    const detections = scanner.scan(window, path);
    const reported = detections.filter((detection) => detection.start < reportBefore);
    if (reported.length === 0)
        return { hits: [], newlines };
    const text = Buffer.from(window.buffer, window.byteOffset, window.byteLength).toString('latin1');
    const hits = [];
    let line = 1;
    let counted = 0;
    // Every detection is redacted in an excerpt, those in the overlap too.
    for (const detection of reported.slice(0, MAX_HITS_PER_WINDOW)) {
        line += countNewlines(window.subarray(counted), detection.start - counted);
        counted = detection.start;
        hits.push((0,redact/* toHit */.FI)(text, detection, detections, line));
    }
    return { hits, newlines };
}
function joined(parts, length) {
    return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
}
function inlineWindowScanner(scanner) {
    return {
        workers: 0,
        scan: async (parts, length, path, last) => scanWindowText(scanner, joined(parts, length), path, last),
        close: async () => { },
    };
}
function isScanWorker() {
    return !external_node_worker_threads_.isMainThread && external_node_worker_threads_.workerData?.keyturnScanWorker === true;
}
/** The worker side: build the scanner once, then scan batches forever. */
function runScanWorker() {
    const data = external_node_worker_threads_.workerData;
    const scanner = (0,ruleset/* scannerFor */.M)(data.rulesToml);
    data.port.on('message', (jobs) => {
        data.port.postMessage(jobs.map((job) => ({
            id: job.id,
            result: scanWindowText(scanner, new Uint8Array(data.ring, job.offset, job.length), job.path, job.last),
        })));
    });
}
/** Small files are sent in batches: one message per file would cost more
 * than scanning it. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_JOBS = 512;
/** Ring bytes per worker: windows waiting to be scanned; when the ring is
 * full the reading thread scans windows itself. A few windows keep a worker
 * busy; more only grow memory (under the in-flight limit the ring replaced,
 * 16 MiB for one worker peaked ~30 MiB higher in RSS than 4 MiB, and was no
 * faster). */
const RING_PER_WORKER = 4 * 1024 * 1024;
/** A worker holds the detections of a window and little else: its heap never
 * needs much. Left to V8's defaults, each worker's heap grew with the image
 * (a 1 GiB image peaked ~75 MiB higher in RSS with one worker). */
const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };
/** One core decompresses and walks; the others scan (at most 4).
 * KEYTURN_SCAN_WORKERS overrides, 0 scans on the reading thread. */
function workerCount(env = process.env) {
    const forced = Number.parseInt(env.KEYTURN_SCAN_WORKERS ?? '', 10);
    if (Number.isInteger(forced) && forced >= 0)
        return Math.min(forced, 16);
    return Math.max(0, Math.min(4, (0,external_node_os_.availableParallelism)() - 1));
}
function startScanWorkers(entry, count, rulesToml) {
    const ring = new SharedArrayBuffer(RING_PER_WORKER * count);
    const ports = [];
    let failure;
    const workers = Array.from({ length: count }, () => {
        const { port1, port2 } = new external_node_worker_threads_.MessageChannel();
        ports.push(port2);
        const worker = new external_node_worker_threads_.Worker(entry, {
            workerData: { keyturnScanWorker: true, rulesToml, ring, port: port1 },
            transferList: [port1],
            resourceLimits: WORKER_HEAP,
        });
        worker.on('error', (error) => {
            failure ??= error;
        });
        return worker;
    });
    return {
        channels: { ring, ports },
        failure: () => failure,
        close: async () => {
            await Promise.all(workers.map((worker) => worker.terminate()));
        },
    };
}
/**
 * The reading thread's side of the scan workers: windows are copied into the
 * shared ring and their places sent in batches; the reading thread scans a
 * window itself when the ring is full. Memory stays bounded: windows wait in
 * a ring of RING_PER_WORKER bytes per worker, and each worker's heap is
 * capped (WORKER_HEAP).
 */
function workerWindowScanner(channels, rulesToml) {
    const ring = new WindowRing(channels.ring);
    const ports = channels.ports;
    const waiting = new Map();
    const queued = ports.map(() => 0);
    let nextId = 0;
    let batch = [];
    let batchBytes = 0;
    let turn = 0;
    let failure;
    let flushScheduled = false;
    let inlineScanner;
    ports.forEach((port, index) => {
        port.on('message', (results) => {
            queued[index] = (queued[index] ?? 0) - results.length;
            for (const { id, result } of results) {
                const job = waiting.get(id);
                if (!job)
                    continue;
                waiting.delete(id);
                ring.release(job.slot);
                job.resolve(result);
            }
        });
        // A worker that stops (an error, its heap limit) closes its end.
        port.on('close', () => {
            failure ??= new Error('a scan worker stopped before it answered');
            for (const job of waiting.values())
                job.reject(failure);
            waiting.clear();
        });
    });
    const flush = () => {
        if (batch.length === 0)
            return;
        // The least busy worker takes the batch.
        let target = turn++ % ports.length;
        for (let i = 0; i < ports.length; i++)
            if ((queued[i] ?? 0) < (queued[target] ?? 0))
                target = i;
        queued[target] = (queued[target] ?? 0) + batch.length;
        ports[target]?.postMessage(batch);
        batch = [];
        batchBytes = 0;
    };
    return {
        workers: ports.length,
        scan(parts, length, path, last) {
            if (failure)
                return Promise.reject(failure);
            const slot = ring.put(parts, length);
            if (!slot) {
                // The workers are behind (or the window is empty): rather than wait,
                // this thread scans the window itself (it idled ~40% of a 1 GiB
                // audit waiting for one worker), and memory stays bounded all the
                // same.
                flush();
                inlineScanner ??= (0,ruleset/* scannerFor */.M)(rulesToml);
                return Promise.resolve(scanWindowText(inlineScanner, joined(parts, length), path, last));
            }
            const id = nextId++;
            const promise = new Promise((resolve, reject) => waiting.set(id, { resolve, reject, slot }));
            batch.push({ id, offset: slot.offset, length, path, last });
            batchBytes += length;
            if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_JOBS)
                flush();
            else if (!flushScheduled) {
                // A part-filled batch still goes once this turn of reading is done.
                flushScheduled = true;
                setImmediate(() => {
                    flushScheduled = false;
                    flush();
                });
            }
            return promise;
        },
        async close() {
            flush();
            for (const port of ports)
                port.close();
        },
    };
}


/***/ }),

/***/ 223:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ normalizePath),
/* harmony export */   N: () => (/* binding */ walkTar)
/* harmony export */ });
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(474);

function normalizePath(name) {
    const parts = [];
    for (const part of name.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            parts.pop();
        else
            parts.push(part);
    }
    return parts.join('/');
}
/**
 * Walks a tar stream entry by entry, with back-pressure: memory holds one
 * chunk, not one file. PAX and GNU long names, `./` prefixes and links are
 * handled by tar-stream; names are normalised here.
 */
async function walkTar(source, onEntry) {
    const extractor = (0,tar_stream__WEBPACK_IMPORTED_MODULE_0__.extract)();
    let stop = false;
    const feeding = (async () => {
        try {
            for await (const chunk of source) {
                if (stop)
                    return;
                if (!extractor.write(chunk)) {
                    await new Promise((resolve) => {
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
        }
        catch (error) {
            extractor.destroy(error);
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
                content: entry,
            });
            entry.resume();
        }
    }
    catch (error) {
        stop = true;
        extractor.destroy();
        await feeding;
        throw error;
    }
    await feeding;
}


/***/ }),

/***/ 738:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  CO: () => (/* reexport */ errors_CheckFailedError),
  dz: () => (/* reexport */ InputError),
  FB: () => (/* reexport */ KeyturnError),
  gA: () => (/* reexport */ errors_UpstreamError),
  gQ: () => (/* reexport */ createActionsRunner),
  gJ: () => (/* reexport */ errors_errorMessage),
  Br: () => (/* reexport */ summary_renderSummary),
  Cs: () => (/* reexport */ runAction)
});

// UNUSED EXPORTS: DAY_MS, DEFAULT_AUDIT_LOG, DEFAULT_RETRY_POLICY, GENERATOR_FORMS, GeneratorSyntaxError, InputReader, MAX_GENERATED_SIZE, SLICE_LENGTH, SecretRegistry, StatusListSyntaxError, TargetSyntaxError, appendToFile, auditContextFromEnv, backoffDelay, checkLineCharacters, checkPlaceSegment, closestName, createAuditLog, createFakeClock, describePropagation, destinationFor, editDistance, escapeCell, escapeData, escapeLogText, escapeProperty, formatCommand, formatDuration, formatFileCommandEntry, generateSecret, inputVariableName, isRetryable, markdownTable, maskedForms, parseDuration, parseGenerator, parseStatusList, placeSegmentProblem, propagateValue, propagationFailure, propagationSummary, realSleep, refuseUndeclaredInputs, retryAfterFromHeaders, suggestion, systemClock, undeclaredInputs, withRetry

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
;// CONCATENATED MODULE: ../../packages/core/src/audit.ts

function auditContextFromEnv(env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` +
            (env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '')
        : undefined;
    return {
        actor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? env.USER,
        repository: env.GITHUB_REPOSITORY,
        workflow: env.GITHUB_WORKFLOW,
        run_url: runUrl,
    };
}
function createAuditLog(path, context, secrets, now) {
    return {
        async append(event) {
            const record = { time: new Date(now()).toISOString(), ...context, ...event };
            await (0,promises_.appendFile)(path, `${secrets.redact(JSON.stringify(record))}\n`, 'utf8');
        },
    };
}

;// CONCATENATED MODULE: ../../packages/core/src/clock.ts
const systemClock = { now: () => Date.now() };
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A clock whose sleep only moves time forward: for tests and dry runs of
 * timing logic. `sleeps` records every wait asked for. */
function createFakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
    let now = start;
    const sleeps = [];
    const clock = { now: () => now };
    const sleep = async (ms) => {
        sleeps.push(ms);
        now += ms;
    };
    return {
        clock,
        sleep,
        sleeps,
        advance: (ms) => {
            now += ms;
        },
    };
}

;// CONCATENATED MODULE: ../../packages/core/src/errors.ts
/**
 * Every failure keyturn reports falls in one of two families, so a user can
 * tell at a glance whether to fix their workflow or wait for a service:
 * - InputError: the user's configuration is wrong; nothing was changed.
 * - UpstreamError: a service answered badly or not at all.
 * Messages never hold a secret value: callers pass names, not values.
 */
class KeyturnError extends Error {
    name = 'KeyturnError';
}
class InputError extends KeyturnError {
    name = 'InputError';
    input;
    problem;
    fix;
    constructor(input, problem, fix) {
        super(`input '${input}' ${problem}. ${fix}`);
        this.input = input;
        this.problem = problem;
        this.fix = fix;
    }
}
class errors_UpstreamError extends KeyturnError {
    name = 'UpstreamError';
    service;
    /** The message without the service prefix. */
    detail;
    status;
    retryable;
    retryAfterMs;
    constructor(message, details) {
        const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
        super(`${details.service}${status}: ${message}`);
        this.service = details.service;
        this.detail = message;
        this.status = details.status;
        this.retryable = details.retryable;
        this.retryAfterMs = details.retryAfterMs;
    }
}
/** A check the run performs failed, as opposed to a request failing. */
class errors_CheckFailedError extends KeyturnError {
    name = 'CheckFailedError';
}
function errors_errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
;// CONCATENATED MODULE: ../../packages/core/src/workflow-commands.ts



/**
 * The runner's protocol, written out: workflow commands on stdout
 * (`::add-mask::`, `::error::`…) and file commands (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). Owning these few functions instead of bundling
 * @actions/core keeps every action free of an HTTP client it never uses
 * (about 1 MB of each bundle) and makes the escaping rules ours to test.
 */
/** Escapes a command's message: the runner reads `%`, CR and LF specially. */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/**
 * The one escaping point for text keyturn did not write (a login, an
 * environment or file name, an upstream message, a path from an image) on
 * its way to the log as a plain line. The runner reads its output line by
 * line, splitting at LF, CR or CRLF, and takes any line whose trimmed start
 * is `::` as a workflow command (and `##[` anywhere, the older syntax). So
 * every line of the text is kept, but a line that would start a command has
 * those characters percent-encoded: it shows as `%3A%3Awarning::…`, never
 * runs as `::warning::`, `::add-mask::` or `::stop-commands::`.
 */
function escapeLogText(text) {
    return text
        .split(/\r\n|\r|\n/)
        .map(neutralizeLine)
        .join('\n');
}
function neutralizeLine(line) {
    const out = line.replace(/##\[/g, '##%5B');
    const lead = out.length - out.trimStart().length;
    return out.startsWith('::', lead) ? `${out.slice(0, lead)}%3A%3A${out.slice(lead + 2)}` : out;
}
/** Escapes a command property value, where `:` and `,` are separators too. */
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function formatCommand(command, message, properties = {}) {
    const props = Object.entries(properties)
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
/** One `name<<delimiter` block for GITHUB_OUTPUT / GITHUB_ENV. The delimiter is
 * random so a value cannot end the block early and inject another output. */
function formatFileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`output '${name}' contains the delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
function appendToFile(path, text) {
    (0,external_node_fs_.appendFileSync)(path, text, { encoding: 'utf8' });
}
/** The runner's variable for an input: spaces become `_`, upper case. */
function inputVariableName(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

;// CONCATENATED MODULE: ../../packages/core/src/declared-inputs.ts


/** Edit distance with transpositions (`max_agee`/`max-age` is 2, `expcet`/`expect` 1). */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            if (i === 0) {
                row.push(j);
                continue;
            }
            const above = rows[i - 1];
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, rows[i - 2][j - 2] + 1);
            }
            row.push(best);
        }
        rows.push(row);
    }
    return rows[a.length][b.length];
}
/** The spelling inputs are compared in: case, `_` and spaces do not count. */
function normalize(name) {
    return name.toLowerCase().replace(/[_ ]/g, '-');
}
/**
 * The candidate nearest to `name`, or undefined when none is near enough to
 * be what was meant (more than a third of the name would have to change).
 */
function closestName(name, candidates) {
    const wanted = normalize(name);
    let best;
    for (const candidate of candidates) {
        const distance = editDistance(wanted, normalize(candidate));
        if (best === undefined || distance < best.distance)
            best = { name: candidate, distance };
    }
    if (best === undefined || best.distance > Math.max(2, Math.floor(wanted.length / 3)))
        return undefined;
    return best.name;
}
/** "did you mean 'max-age'?" or the whole list when nothing is close. */
function suggestion(name, candidates, quote = (n) => `'${n}'`) {
    const closest = closestName(name, candidates);
    if (closest !== undefined)
        return `Did you mean ${quote(closest)}?`;
    return `The declared ones are: ${candidates.map(quote).join(', ')}.`;
}
/**
 * The INPUT_* variables of `env` that no declared input maps to, as
 * `[variable, name as written]`. The runner turns every `with:` key into
 * `INPUT_<KEY>` (upper case, spaces to `_`, dashes kept), declared or not,
 * and only warns about an undeclared one; action.yml defaults arrive the
 * same way. Since the case is lost, the name is shown in lower case.
 */
function undeclaredInputs(env, declared) {
    const known = new Set(declared.map((input) => inputVariableName(input.name)));
    return Object.keys(env)
        .filter((variable) => variable.startsWith('INPUT_') && !known.has(variable) && env[variable] !== undefined)
        .sort()
        .map((variable) => [variable, variable.slice('INPUT_'.length).toLowerCase()]);
}
/**
 * Fails before anything else runs when the step was given an input its
 * action.yml does not declare: a misspelt `with:` key (`max_agee: 90d`)
 * would otherwise be dropped with nothing but a runner warning, and the
 * rotation would run with the default it meant to change.
 */
function refuseUndeclaredInputs(env, spec) {
    const [first] = undeclaredInputs(env, spec.inputs);
    if (first === undefined)
        return;
    const [variable, name] = first;
    const names = spec.inputs.map((input) => input.name);
    throw new InputError(name, `is not an input of keyturn/${spec.name} (it arrived as ${variable}, from a with: key or an env: variable)`, `${suggestion(name, names)} Rename the with: key; nothing was sent.`);
}

;// CONCATENATED MODULE: ../../packages/core/src/duration.ts
const DAY_MS = 86_400_000;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS };
/** Parses `90s`, `10m`, `24h`, `90d` and sums like `1h30m`; `0` alone is zero.
 * Returns undefined when the text is not a duration. */
function parseDuration(text) {
    const trimmed = text.trim();
    if (trimmed === '0')
        return 0;
    if (!/^(\d+[smhd])+$/.test(trimmed))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
        total += Number(amount) * UNIT_MS[unit];
    }
    return Number.isSafeInteger(total) ? total : undefined;
}
/** Formats milliseconds the way inputs are written, for messages. */
function duration_formatDuration(ms) {
    if (ms < 1_000)
        return `${Math.round(ms)}ms`;
    const parts = [];
    let rest = Math.round(ms / 1_000);
    for (const [unit, seconds] of [
        ['d', 86_400],
        ['h', 3_600],
        ['m', 60],
        ['s', 1],
    ]) {
        if (rest >= seconds) {
            parts.push(`${Math.floor(rest / seconds)}${unit}`);
            rest %= seconds;
        }
    }
    return parts.join('');
}

;// CONCATENATED MODULE: ../../packages/core/src/inputs.ts


/**
 * Reads and validates inputs. Every problem is an InputError naming the input,
 * what is wrong and how to fix it. Actions read all inputs through this into a
 * frozen config before making any request, so bad input changes nothing.
 */
class InputReader {
    source;
    secrets;
    constructor(source, secrets) {
        this.source = source;
        this.secrets = secrets;
    }
    /** The trimmed value, or the default when unset. */
    string(name, defaultValue = '') {
        const raw = this.source(name).trim();
        return raw === '' ? defaultValue : raw;
    }
    required(name, fix) {
        const value = this.string(name);
        if (value === '')
            throw new InputError(name, 'is required but was not given', fix);
        return value;
    }
    /** A secret input: masked before anything else touches it. Not trimmed
     * beyond surrounding whitespace, which no real credential carries. */
    secret(name) {
        const value = this.source(name).trim();
        this.secrets.mask(value);
        return value === '' ? undefined : value;
    }
    boolean(name, defaultValue) {
        const raw = this.string(name);
        if (raw === '')
            return defaultValue;
        // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput.
        if (['true', 'True', 'TRUE'].includes(raw))
            return true;
        if (['false', 'False', 'FALSE'].includes(raw))
            return false;
        throw new InputError(name, `is '${raw}', not a boolean`, 'Use true or false.');
    }
    /** A duration in milliseconds: `90s`, `10m`, `24h`, `90d`, `1h30m`, `0`. */
    duration(name, defaultValue) {
        const raw = this.string(name, defaultValue);
        const ms = parseDuration(raw);
        if (ms === undefined) {
            throw new InputError(name, `is '${raw}', not a duration`, 'Write a number and a unit: 90s, 10m, 24h or 90d.');
        }
        return ms;
    }
    integer(name, defaultValue, range) {
        const raw = this.string(name);
        if (raw === '')
            return defaultValue;
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
            throw new InputError(name, `is '${raw}'`, `Use a whole number from ${range.min} to ${range.max}.`);
        }
        return value;
    }
    oneOf(name, choices, defaultValue) {
        const raw = this.string(name, defaultValue);
        if (!choices.includes(raw)) {
            throw new InputError(name, `is '${raw}'`, `Use one of: ${choices.join(', ')}.`);
        }
        return raw;
    }
    /** One item per line; blank lines and `#` comments are skipped. */
    lines(name) {
        return this.source(name)
            .split(/\r?\n/)
            .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
            .filter((line) => line !== '');
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/secrets.ts
/** Lines shorter than this are not registered alone: masking "}" or "--"
 * would blank out unrelated log text without protecting anything. */
const SHORTEST_MASKED_LINE = 4;
function maskedForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (form.length > 0)
            forms.add(form);
    };
    add(value);
    const bytes = Buffer.from(value, 'utf8');
    add(bytes.toString('base64'));
    add(bytes.toString('base64').replace(/=+$/, ''));
    add(bytes.toString('base64url'));
    add(encodeURIComponent(value));
    add(JSON.stringify(value).slice(1, -1));
    add(bytes.toString('hex'));
    add(bytes.toString('hex').toUpperCase());
    if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r?\n|\r/)) {
            const trimmed = line.trim();
            if (trimmed.length >= SHORTEST_MASKED_LINE)
                add(trimmed);
        }
    }
    return [...forms];
}
/** Any run of this many characters copied from a known value is scrubbed
 * too: an upstream message that quotes part of a value (a parser's excerpt,
 * a truncated echo) must not carry it out. */
const SLICE_LENGTH = 12;
const PEM_ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/** The texts whose every SLICE_LENGTH-character slice is secret: the value
 * (minus PEM armor lines, which every key of a kind shares) and its hex and
 * base64 forms. */
function sliceSources(value) {
    const lines = value.split(/\r?\n|\r/);
    const armored = lines.some((line) => PEM_ARMOR.test(line.trim()));
    const raw = armored ? lines.filter((line) => !PEM_ARMOR.test(line.trim())) : [value];
    const bytes = Buffer.from(value, 'utf8');
    return [
        ...raw,
        bytes.toString('hex'),
        bytes.toString('base64'),
        bytes.toString('base64url'),
        ...(armored ? [] : [JSON.stringify(value).slice(1, -1)]),
    ].filter((text) => text.length >= SLICE_LENGTH);
}
class SecretRegistry {
    sink;
    forms = new Set();
    /** Forms longest first, rebuilt on the next redact after a change. */
    sorted;
    values = new Set();
    /** Every SLICE_LENGTH slice of every value's sources, rebuilt lazily. */
    slices;
    constructor(sink) {
        this.sink = sink;
    }
    /** Registers a secret and returns it, so masking reads as part of its birth:
     * `const token = secrets.mask(read())`. */
    mask(value) {
        if (value === undefined || value === '')
            return value;
        if (!this.values.has(value)) {
            this.values.add(value);
            this.slices = undefined;
        }
        for (const form of maskedForms(value)) {
            if (this.forms.has(form))
                continue;
            this.forms.add(form);
            this.sink.setSecret(form);
            this.sorted = undefined;
        }
        return value;
    }
    isMasked(value) {
        return this.forms.has(value);
    }
    /** Replaces every registered form in `text` with `***`, longest first so a
     * value's encodings do not leave fragments behind. */
    redact(text) {
        this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length);
        let out = text;
        for (const form of this.sorted) {
            if (out.includes(form))
                out = out.split(form).join('***');
        }
        return this.scrubSlices(out);
    }
    /** Replaces every run of text covered by a SLICE_LENGTH slice of a known
     * value (or its hex or base64 form) with `***`. */
    scrubSlices(text) {
        if (text.length < SLICE_LENGTH || this.values.size === 0)
            return text;
        if (!this.slices) {
            this.slices = new Set();
            for (const value of this.values) {
                for (const source of sliceSources(value)) {
                    for (let i = 0; i + SLICE_LENGTH <= source.length; i++)
                        this.slices.add(source.slice(i, i + SLICE_LENGTH));
                }
            }
        }
        if (this.slices.size === 0)
            return text;
        let coveredUntil = -1;
        let out = '';
        let copiedUntil = 0;
        for (let i = 0; i + SLICE_LENGTH <= text.length; i++) {
            if (!this.slices.has(text.slice(i, i + SLICE_LENGTH)))
                continue;
            if (i > coveredUntil) {
                out += `${text.slice(copiedUntil, i)}***`;
            }
            coveredUntil = i + SLICE_LENGTH - 1;
            copiedUntil = i + SLICE_LENGTH;
        }
        return copiedUntil === 0 ? text : out + text.slice(copiedUntil);
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/action.ts






const DEFAULT_AUDIT_LOG = 'keyturn-audit.jsonl';
function redactingRunner(runner, secrets) {
    const scrub = secrets.redact.bind(secrets);
    return {
        getInput: (name) => runner.getInput(name),
        setOutput: (name, value) => runner.setOutput(name, scrub(value)),
        setSecret: (value) => secrets.mask(value),
        debug: (message) => runner.debug(scrub(message)),
        info: (message) => runner.info(scrub(message)),
        warning: (message) => runner.warning(scrub(message)),
        error: (message) => runner.error(scrub(message)),
        isDebug: () => runner.isDebug(),
        appendSummary: (markdown) => runner.appendSummary(scrub(markdown)),
        setFailed: (message) => runner.setFailed(scrub(message)),
        progress: (done, total, unit) => runner.progress?.(done, total, unit),
        env: runner.env,
    };
}
/**
 * The one wrapper every action runs in. It builds the context, runs the logic,
 * and turns any failure into `keyturn/<action>: <message>` with exit code 1.
 * User mistakes and upstream failures read as written; anything else is a bug
 * and says so. No stack trace is printed unless debug logging is on, and then
 * scrubbed like every other line.
 */
async function runAction(action, deps, main) {
    const secrets = new SecretRegistry(deps.runner);
    const runner = redactingRunner(deps.runner, secrets);
    const clock = deps.clock ?? systemClock;
    try {
        if (deps.spec)
            refuseUndeclaredInputs(runner.env, deps.spec);
        const inputs = new InputReader((name) => runner.getInput(name), secrets);
        const auditPath = inputs.string('audit-log', DEFAULT_AUDIT_LOG);
        const context = {
            action,
            runner,
            secrets,
            inputs,
            clock,
            sleep: deps.sleep ?? realSleep,
            audit: createAuditLog(auditPath, auditContextFromEnv(runner.env), secrets, () => clock.now()),
            setSecretOutput(name, value) {
                if (value !== '' && !secrets.isMasked(value)) {
                    throw new Error(`output '${name}' would carry a value that was never masked`);
                }
                deps.runner.setOutput(name, value);
            },
        };
        await main(context);
        return true;
    }
    catch (error) {
        const known = error instanceof KeyturnError;
        const message = known
            ? error instanceof InputError && deps.describeInputError
                ? deps.describeInputError(error)
                : error.message
            : `unexpected error: ${errors_errorMessage(error)}. This is a bug in keyturn; please report it with a debug log.`;
        if (!known && error instanceof Error && error.stack && runner.isDebug())
            runner.debug(error.stack);
        runner.setFailed(`keyturn/${action}: ${message}`);
        return false;
    }
}

;// CONCATENATED MODULE: ../../packages/core/src/actions-runner.ts


const processIo = {
    env: process.env,
    writeLine: (line) => {
        process.stdout.write(`${line}\n`);
    },
    setExitCode: (code) => {
        process.exitCode = code;
    },
};
/**
 * The Runner over the real runtime. On a runner, `::add-mask::` hands each
 * secret to the runner's masker. Anywhere else (a terminal, the CLI) nothing
 * would consume that command, so values are masked here instead: never
 * echoed, and scrubbed from every line written; outputs and the summary,
 * having no files to go to, are written to the log the same way.
 */
function createActionsRunner(io = processIo) {
    const { env } = io;
    const onRunner = env.GITHUB_ACTIONS === 'true';
    const shown = new SecretRegistry({ setSecret: () => undefined });
    const writeLine = onRunner ? io.writeLine : (line) => io.writeLine(shown.redact(line));
    // Plain text (never a command keyturn means to send) always passes the one
    // escaping point, so foreign text inside it cannot start a workflow command.
    const writeText = (text) => writeLine(escapeLogText(text));
    return {
        getInput: (name) => (env[inputVariableName(name)] ?? '').trim(),
        setOutput: (name, value) => {
            if (env.GITHUB_OUTPUT)
                appendToFile(env.GITHUB_OUTPUT, formatFileCommandEntry(name, value));
            else
                writeText(`output ${name}=${value}`);
        },
        setSecret: (value) => {
            if (onRunner)
                writeLine(formatCommand('add-mask', value));
            else
                shown.mask(value);
        },
        debug: (message) => writeLine(formatCommand('debug', message)),
        info: (message) => writeText(message),
        warning: (message) => writeLine(formatCommand('warning', message)),
        error: (message) => writeLine(formatCommand('error', message)),
        isDebug: () => env.RUNNER_DEBUG === '1',
        appendSummary: async (markdown) => {
            if (env.GITHUB_STEP_SUMMARY)
                appendToFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
            else
                writeText(markdown);
        },
        setFailed: (message) => {
            io.setExitCode(1);
            writeLine(formatCommand('error', message));
        },
        env,
    };
}

;// CONCATENATED MODULE: ../../packages/core/src/generators.ts

const MAX_GENERATED_SIZE = 4096;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Symbols that survive shells, URLs, .env files and YAML unquoted. */
const SYMBOLS = '-_.~!@#%^*+=:,';
const PASSWORD_CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', SYMBOLS];
const PASSWORD_ALPHABET = PASSWORD_CLASSES.join('');
/** A problem with a generator spec; the caller turns it into an InputError. */
class GeneratorSyntaxError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'GeneratorSyntaxError';
}
const GENERATOR_FORMS = 'hex:N, base64:N, base64url:N (N random bytes), alnum:N, password:N (N characters), uuid, fernet, rsa:2048|3072|4096 or ed25519';
function parseGenerator(text) {
    const [kind = '', arg, extra] = text.trim().split(':');
    if (extra !== undefined)
        throw new GeneratorSyntaxError(`'${text}' has more than one ':'`);
    const size = (min) => {
        if (arg === undefined || !/^\d+$/.test(arg))
            throw new GeneratorSyntaxError(`'${text}' needs a size: ${kind}:N`);
        const n = Number(arg);
        if (n < min || n > MAX_GENERATED_SIZE) {
            throw new GeneratorSyntaxError(`'${text}': N must be from ${min} to ${MAX_GENERATED_SIZE}`);
        }
        return n;
    };
    const noArg = () => {
        if (arg !== undefined)
            throw new GeneratorSyntaxError(`'${text}': ${kind} takes no size`);
    };
    switch (kind) {
        case 'hex':
        case 'base64':
        case 'base64url':
            return { kind, bytes: size(1) };
        case 'alnum':
            return { kind, length: size(1) };
        case 'password':
            return { kind, length: size(PASSWORD_CLASSES.length) };
        case 'uuid':
        case 'fernet':
            noArg();
            return { kind };
        case 'ed25519':
            noArg();
            return { kind };
        case 'rsa': {
            if (arg !== '2048' && arg !== '3072' && arg !== '4096') {
                throw new GeneratorSyntaxError(`'${text}': RSA keys are rsa:2048, rsa:3072 or rsa:4096`);
            }
            return { kind, bits: Number(arg) };
        }
        default:
            throw new GeneratorSyntaxError(`'${text}' is not a generator`);
    }
}
/** N characters drawn uniformly from the alphabet. randomInt rejects biased
 * draws internally, so no character is likelier than another. */
function drawFrom(alphabet, length) {
    let out = '';
    for (let i = 0; i < length; i++)
        out += alphabet[randomInt(alphabet.length)];
    return out;
}
/** Uniform over all strings of the alphabet that hold every class: redraw the
 * whole string until it does, so no position is forced (and so predictable). */
function drawPassword(length) {
    for (;;) {
        const candidate = drawFrom(PASSWORD_ALPHABET, length);
        if (PASSWORD_CLASSES.every((cls) => [...candidate].some((ch) => cls.includes(ch))))
            return candidate;
    }
}
const PEM = {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
};
/** A key pair as PEM strings, generated off the main thread. */
function pemKeyPair(spec) {
    return new Promise((resolve, reject) => {
        const done = (error, publicKey, privateKey) => error ? reject(error) : resolve({ value: privateKey, publicKey });
        if (spec.kind === 'rsa')
            generateKeyPair('rsa', { modulusLength: spec.bits, ...PEM }, done);
        else
            generateKeyPair('ed25519', PEM, done);
    });
}
async function generate(spec) {
    switch (spec.kind) {
        case 'hex':
            return { value: randomBytes(spec.bytes).toString('hex') };
        case 'base64':
            return { value: randomBytes(spec.bytes).toString('base64') };
        case 'base64url':
            return { value: randomBytes(spec.bytes).toString('base64url') };
        case 'alnum':
            return { value: drawFrom(ALNUM, spec.length) };
        case 'password':
            return { value: drawPassword(spec.length) };
        case 'uuid':
            return { value: randomUUID() };
        case 'fernet':
            // A Fernet key is 32 random bytes in URL-safe base64 with padding.
            return { value: randomBytes(32).toString('base64url').concat('=') };
        case 'rsa':
        case 'ed25519':
            return pemKeyPair(spec);
    }
}
async function generateSecret(spec, secrets) {
    const generated = await generate(spec);
    secrets.mask(generated.value);
    return generated;
}

;// CONCATENATED MODULE: ../../packages/core/src/propagation.ts


/** Runs `work` on each item, at most `limit` at a time, in order of start. */
async function eachLimited(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const item = items[next++];
            await work(item);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
/** The destination that serves a target; none is a bug in the wiring, not a user mistake. */
function destinationFor(destinations, target) {
    const found = destinations.find((destination) => destination.handles(target));
    if (!found)
        throw new Error(`no destination handles ${target.line}`);
    return found;
}
async function propagateValue(value, targets, destinations, options) {
    const { log } = options;
    const rows = new Map();
    let stop = false;
    // Every target is matched to its destination before the first request, so
    // a wiring gap fails the run before anything is sent.
    const served = targets.map((target) => ({ target, destination: destinationFor(destinations, target) }));
    let done = 0;
    await eachLimited(served, options.concurrency, async (item) => {
        await propagateOne(item);
        options.progress?.(++done, served.length);
    });
    async function propagateOne({ target, destination }) {
        if (stop) {
            rows.set(target, { target: target.line, outcome: 'skipped', reason: 'not attempted: fail-fast after a failure' });
            return;
        }
        try {
            await destination.prepare(target);
            if (options.dryRun) {
                rows.set(target, { target: target.line, outcome: 'unchanged-in-dry-run' });
                log.info(`  would update ${target.line} (access checked)`);
                return;
            }
            await destination.write(target, value);
            rows.set(target, { target: target.line, outcome: 'updated' });
            log.info(`  updated ${target.line}`);
        }
        catch (error) {
            const reason = errorMessage(error);
            rows.set(target, { target: target.line, outcome: 'failed', reason });
            log.error(`${target.line}: ${reason}`);
            if (options.failFast)
                stop = true;
        }
    }
    const report = targets.map((target) => rows.get(target));
    const count = (outcome) => report.filter((row) => row.outcome === outcome).length;
    return {
        rows: report,
        updated: count('updated'),
        failed: count('failed'),
        skipped: count('skipped'),
        checked: count('unchanged-in-dry-run'),
        dryRun: options.dryRun,
    };
}
/** One line: "2 updated, 1 failed of 3 target(s)." */
function describePropagation(report) {
    return (`${report.updated} updated, ${report.failed} failed` +
        (report.skipped ? `, ${report.skipped} skipped` : '') +
        (report.dryRun ? `, ${report.checked} checked and left unchanged` : '') +
        ` of ${report.rows.length} target(s).`);
}
/** The job-summary section: the counts, then one row per target. */
function propagationSummary(report, title) {
    return renderSummary({
        title,
        lines: [describePropagation(report)],
        table: {
            headers: ['target', 'outcome', 'reason'],
            rows: report.rows.map((row) => [row.target, row.outcome, row.reason ?? '']),
        },
    });
}
/** The step's failure when any target failed, one line per failed target. */
function propagationFailure(report) {
    const problems = report.rows.filter((row) => row.outcome === 'failed');
    if (problems.length === 0)
        return undefined;
    const lines = problems.map((row) => `\n  ${row.target}: ${row.reason}`).join('');
    return new CheckFailedError(`${report.failed} of ${report.rows.length} target(s) failed (${report.updated} updated):${lines}`);
}

;// CONCATENATED MODULE: ../../packages/core/src/retry.ts


const DEFAULT_RETRY_POLICY = Object.freeze({
    maxAttempts: 6,
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    totalTimeMs: 5 * 60_000,
});
/** The wait a service asked for, from `Retry-After` (seconds or an HTTP date)
 * or, when the budget is spent, `x-ratelimit-reset` (epoch seconds). */
function retryAfterFromHeaders(get, nowMs) {
    const retryAfter = get('retry-after');
    if (retryAfter != null && retryAfter.trim() !== '') {
        const text = retryAfter.trim();
        if (/^\d+$/.test(text))
            return Number(text) * 1_000;
        const date = Date.parse(text);
        if (!Number.isNaN(date))
            return Math.max(0, date - nowMs);
    }
    const remaining = get('x-ratelimit-remaining');
    const reset = get('x-ratelimit-reset');
    if (remaining === '0' && reset != null && /^\d+$/.test(reset.trim())) {
        return Math.max(0, Number(reset) * 1_000 - nowMs);
    }
    return undefined;
}
/** Exponential backoff with full jitter, so concurrent runs do not retry in
 * lockstep; when the service named a wait, that wait plus a little jitter. */
function backoffDelay(attempt, policy, random, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return retryAfterMs + Math.floor(random() * 1_000);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(random() * ceiling);
}
function isRetryable(error) {
    return error instanceof UpstreamError && error.retryable;
}
/**
 * Runs `operation` until it succeeds, fails with an error that is not
 * retryable, or the policy is spent. A wait that would end past the total
 * time is not started: the last error is thrown at once, with how long and
 * how often we tried, so a run never hangs past its stated limit.
 */
async function withRetry(operation, policy, deps) {
    const random = deps.random ?? Math.random;
    const started = deps.clock.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            if (!isRetryable(error))
                throw error;
            const upstream = error;
            const waitMs = backoffDelay(attempt, policy, random, upstream.retryAfterMs);
            const elapsed = deps.clock.now() - started;
            if (attempt >= policy.maxAttempts) {
                throw giveUp(upstream, `gave up after ${attempt} attempts over ${formatDuration(elapsed)}`);
            }
            if (elapsed + waitMs > policy.totalTimeMs) {
                throw giveUp(upstream, `gave up after ${attempt} attempt(s) over ${formatDuration(elapsed)}: the next wait, ` +
                    `${formatDuration(waitMs)}, would pass the ${formatDuration(policy.totalTimeMs)} limit`);
            }
            deps.onRetry?.({ attempt, waitMs, error });
            await deps.sleep(waitMs);
        }
    }
}
function giveUp(error, why) {
    return new UpstreamError(`${error.detail}; ${why}`, {
        service: error.service,
        ...(error.status === undefined ? {} : { status: error.status }),
        retryable: false,
    });
}

;// CONCATENATED MODULE: ../../packages/core/src/summary.ts
/**
 * Markdown for the job summary. Cells are escaped so a name holding `|` or a
 * newline cannot break the table.
 */
function escapeCell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function markdownTable(headers, rows) {
    const line = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
    return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
function summary_renderSummary(section) {
    const parts = [`### ${section.title}`, ...(section.lines ?? [])];
    if (section.table)
        parts.push(markdownTable(section.table.headers, section.table.rows));
    return `${parts.join('\n\n')}\n`;
}

;// CONCATENATED MODULE: ../../packages/core/src/index.ts


















/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(18);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
