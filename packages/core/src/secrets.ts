/**
 * The registry of every secret value this run has seen. Registering a value
 * tells the runner to mask it (and the encodings a log line is likely to
 * hold), and lets keyturn scrub its own messages before they leave the
 * process: the runner's masking is the last line of defence, not the only one.
 */
export interface MaskSink {
  setSecret(value: string): void;
}

/** Lines shorter than this are not registered alone: masking "}" or "--"
 * would blank out unrelated log text without protecting anything. */
const SHORTEST_MASKED_LINE = 4;

export function maskedForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (form: string) => {
    if (form.length > 0) forms.add(form);
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
      if (trimmed.length >= SHORTEST_MASKED_LINE) add(trimmed);
    }
  }
  return [...forms];
}

/** Any run of this many characters copied from a known value is scrubbed
 * too: an upstream message that quotes part of a value (a parser's excerpt,
 * a truncated echo) must not carry it out. */
export const SLICE_LENGTH = 12;

const PEM_ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/** The texts whose every SLICE_LENGTH-character slice is secret: the value
 * (minus PEM armor lines, which every key of a kind shares) and its hex and
 * base64 forms. */
function sliceSources(value: string): string[] {
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

export class SecretRegistry {
  private readonly sink: MaskSink;
  private readonly forms = new Set<string>();
  /** Forms longest first, rebuilt on the next redact after a change. */
  private sorted: string[] | undefined;
  private readonly values = new Set<string>();
  /** Every SLICE_LENGTH slice of every value's sources, rebuilt lazily. */
  private slices: Set<string> | undefined;

  constructor(sink: MaskSink) {
    this.sink = sink;
  }

  /** Registers a secret and returns it, so masking reads as part of its birth:
   * `const token = secrets.mask(read())`. */
  mask<T extends string | undefined>(value: T): T {
    if (value === undefined || value === '') return value;
    if (!this.values.has(value)) {
      this.values.add(value);
      this.slices = undefined;
    }
    for (const form of maskedForms(value)) {
      if (this.forms.has(form)) continue;
      this.forms.add(form);
      this.sink.setSecret(form);
      this.sorted = undefined;
    }
    return value;
  }

  isMasked(value: string): boolean {
    return this.forms.has(value);
  }

  /** Replaces every registered form in `text` with `***`, longest first so a
   * value's encodings do not leave fragments behind. */
  redact(text: string): string {
    this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length);
    let out = text;
    for (const form of this.sorted) {
      if (out.includes(form)) out = out.split(form).join('***');
    }
    return this.scrubSlices(out);
  }

  /** Replaces every run of text covered by a SLICE_LENGTH slice of a known
   * value (or its hex or base64 form) with `***`. */
  private scrubSlices(text: string): string {
    if (text.length < SLICE_LENGTH || this.values.size === 0) return text;
    if (!this.slices) {
      this.slices = new Set();
      for (const value of this.values) {
        for (const source of sliceSources(value)) {
          for (let i = 0; i + SLICE_LENGTH <= source.length; i++) this.slices.add(source.slice(i, i + SLICE_LENGTH));
        }
      }
    }
    if (this.slices.size === 0) return text;
    let coveredUntil = -1;
    let out = '';
    let copiedUntil = 0;
    for (let i = 0; i + SLICE_LENGTH <= text.length; i++) {
      if (!this.slices.has(text.slice(i, i + SLICE_LENGTH))) continue;
      if (i > coveredUntil) {
        out += `${text.slice(copiedUntil, i)}***`;
      }
      coveredUntil = i + SLICE_LENGTH - 1;
      copiedUntil = i + SLICE_LENGTH;
    }
    return copiedUntil === 0 ? text : out + text.slice(copiedUntil);
  }
}
