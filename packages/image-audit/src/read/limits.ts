import { InputError } from '@keyturn/core';

export interface Limits {
  /** Uncompressed bytes read from all layers and blobs together. */
  readonly maxBytes: number;
  /** Tar entries across the archive and all layers. */
  readonly maxEntries: number;
  /** Uncompressed/compressed ratio allowed for a layer past RATIO_FLOOR bytes. */
  readonly maxRatio: number;
}

/** The action's defaults (action.yml). */
export const DEFAULT_LIMITS: Limits = { maxBytes: 32 * 1024 ** 3, maxEntries: 5_000_000, maxRatio: 200 };

/** Small layers compress well legitimately (a file of zeros); the ratio
 * limit only bites past this size, where a bomb would hurt. */
export const RATIO_FLOOR = 64 * 1024 * 1024;

/** Counts what the audit has read and stops it, with the input to raise,
 * the moment a limit is passed: a decompression bomb costs at most the limit. */
export class Budget {
  bytes = 0;
  entries = 0;
  /** Bytes read from the archive file itself, before any decompression. */
  archiveBytes = 0;
  readonly limits: Limits;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  addBytes(count: number): void {
    this.bytes += count;
    if (this.bytes > this.limits.maxBytes) {
      throw new InputError(
        'max-size',
        `was passed: the image holds more than ${formatBytes(this.limits.maxBytes)} of uncompressed data`,
        'If the image is really this large, raise max-size; otherwise the archive may be a decompression bomb.',
      );
    }
    // Over every level at once: the archive's own compression, its layers',
    // and archives nested in them all multiply, so what was read is held
    // against the size of the file it came from.
    if (this.archiveBytes > 0) this.checkRatio('the archive as a whole', this.archiveBytes, this.bytes);
  }

  /** Counts bytes read from the archive file (before decompression). */
  addArchiveBytes(count: number): void {
    this.archiveBytes += count;
  }

  addEntry(): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new InputError(
        'max-entries',
        `was passed: the image holds more than ${this.limits.maxEntries} files`,
        'If the image really has this many files, raise max-entries.',
      );
    }
  }

  checkRatio(layer: string, compressed: number, uncompressed: number): void {
    if (uncompressed < RATIO_FLOOR || compressed === 0) return;
    if (uncompressed / compressed > this.limits.maxRatio) {
      throw new InputError(
        'max-ratio',
        `was passed by ${layer}: ${formatBytes(compressed)} expands past ${formatBytes(uncompressed)}`,
        'This looks like a decompression bomb; if the layer is genuine, raise max-ratio.',
      );
    }
  }
}

export function formatBytes(bytes: number): string {
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
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0] as 'b' | 'k' | 'm' | 'g' | 't'];
  const base = unit.includes('i') || unit.length === 1 ? 1024 : 1000;
  return Math.floor(Number(match[1]) * base ** power);
}
