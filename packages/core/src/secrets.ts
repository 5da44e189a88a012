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
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) {
      const trimmed = line.trim();
      if (trimmed.length >= SHORTEST_MASKED_LINE) add(trimmed);
    }
  }
  return [...forms];
}

export class SecretRegistry {
  private readonly sink: MaskSink;
  private readonly forms = new Set<string>();
  /** Forms longest first, rebuilt on the next redact after a change. */
  private sorted: string[] | undefined;

  constructor(sink: MaskSink) {
    this.sink = sink;
  }

  /** Registers a secret and returns it, so masking reads as part of its birth:
   * `const token = secrets.mask(read())`. */
  mask<T extends string | undefined>(value: T): T {
    if (value === undefined || value === '') return value;
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
    return out;
  }
}
