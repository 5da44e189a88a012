/**
 * Where the CLI writes: two streams (results on stdout, everything said along
 * the way on stderr), colour only on a terminal, and quiet once the reader
 * has gone away (`keyturn … | head` closes the pipe: EPIPE ends the writing,
 * never the work, so a rotation is not cut short by a pager).
 */
export interface Stream {
  write(text: string): void;
  /** A terminal: colour, progress lines, prompts. */
  readonly isTTY: boolean;
  /** Columns, when a terminal says. */
  readonly columns?: number | undefined;
}

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green';
const CODES: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
};

export interface Printer {
  line(text?: string): void;
  style(style: Style, text: string): string;
  readonly isTTY: boolean;
  readonly columns: number;
  /** Rewrites the current terminal line (progress); nothing off a terminal. */
  status(text: string): void;
}

/**
 * Text keyturn did not write (an upstream message, a name from an image) may
 * hold terminal control sequences that would recolour, retitle or rewrite the
 * user's terminal: shown as visible escapes instead. Tabs and newlines stay.
 */
export function neutralizeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it finds
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code === 0x0d ? '' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function createPrinter(stream: Stream, env: Readonly<Record<string, string | undefined>>): Printer {
  const color = stream.isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) stream.write('\r\u001b[2K');
    statusShown = false;
  };
  return {
    isTTY: stream.isTTY,
    columns: stream.columns && stream.columns > 20 ? stream.columns : 80,
    line(text = '') {
      clearStatus();
      stream.write(`${text}\n`);
    },
    style(style, text) {
      if (!color) return text;
      const [open, close] = CODES[style];
      return `${open}${text}${close}`;
    },
    status(text) {
      if (!stream.isTTY) return;
      stream.write(`\r\u001b[2K${text}`);
      statusShown = true;
    },
  };
}

/** A process stream that stops writing, silently, once its reader is gone. */
export function processStream(stream: NodeJS.WriteStream): Stream {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  });
  return {
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
    write(text) {
      if (closed) return;
      try {
        stream.write(text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') closed = true;
        else throw error;
      }
    },
  };
}

/** Words wrapped to `width`, each line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Rows in aligned columns, two spaces apart. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * A job summary's markdown, for a person at a terminal: `###` titles as
 * plain headings, tables as aligned columns, inline markup dropped.
 */
export function markdownToText(markdown: string): string[] {
  const out: string[] = [];
  let table: string[][] = [];
  const flush = () => {
    if (table.length > 0) out.push(...columns(table));
    table = [];
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (/^\|.*\|$/.test(line)) {
      const cells = splitRow(line);
      if (cells.every((cell) => /^:?-{3,}:?$/.test(cell))) continue;
      table.push(cells.map(inline));
      continue;
    }
    flush();
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) out.push(inline(heading[1] ?? ''));
    else if (/^<\/?(details|summary)>/.test(line)) out.push(inline(line.replace(/<\/?(details|summary)>/g, '')));
    else out.push(inline(line.replace(/^[-*] /, '- ')));
  }
  flush();
  // At most one blank line in a row, none at the ends.
  return out
    .filter((line, i) => line !== '' || (i > 0 && out[i - 1] !== ''))
    .join('\n')
    .trim()
    .split('\n');
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const body = line.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\' && i + 1 < body.length) {
      cell += body[++i];
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function inline(text: string): string {
  return text
    .replace(/<br>/g, ' / ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<\/?[a-z]+>/g, '');
}
