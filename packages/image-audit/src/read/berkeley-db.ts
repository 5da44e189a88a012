/**
 * The values of a Berkeley DB hash database, read from its file: what rpm
 * before 4.16 keeps its installed packages in (`/var/lib/rpm/Packages`:
 * RHEL/CentOS 7 and 8, UBI 8, Amazon Linux 2), one header blob per package.
 * No npm library reads this format, so this is the smallest reader that
 * does: the page layout of Berkeley DB 4.x–5.x (`db_page.h`, `hash.h`), no
 * locking, no environment, nothing written. It is written for hostile
 * files: every offset is bounds-checked, an overflow chain is followed at
 * most once per page, and anything unexpected ends the read (undefined), so
 * a database it cannot read explains no file.
 */

const HASH_MAGIC = 0x061561;
/** Page types (`db_page.h`). */
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
/** Hash item types. */
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
/** Every page starts with this header: lsn, pgno, prev, next, entries,
 * hf_offset, level, type. */
const PAGE_HEADER = 26;

interface Reader {
  u32(at: number): number;
  u16(at: number): number;
}

function readerFor(bytes: Buffer, little: boolean): Reader {
  return little
    ? { u32: (at) => bytes.readUInt32LE(at), u16: (at) => bytes.readUInt16LE(at) }
    : { u32: (at) => bytes.readUInt32BE(at), u16: (at) => bytes.readUInt16BE(at) };
}

/**
 * Every data value of the hash database in `file`, in page order; undefined
 * when the file is not one this reads (another magic, encrypted, page
 * checksums, a damaged page or chain).
 */
export function hashDatabaseValues(file: Uint8Array): Buffer[] | undefined {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < 512) return undefined;
  // The magic says the byte order the database was written in.
  const little = bytes.readUInt32LE(12) === HASH_MAGIC;
  if (!little && bytes.readUInt32BE(12) !== HASH_MAGIC) return undefined;
  const read = readerFor(bytes, little);
  const pageSize = read.u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  // Encryption (encrypt_alg) and page checksums (metaflags bit 0) move
  // where items start; rpm uses neither, and this does not guess.
  if (bytes[24] !== 0 || ((bytes[26] ?? 0) & 1) !== 0) return undefined;
  // last_pgno: a file shorter than the pages it has is cut off (a value
  // missing from it would make its package's files the owner's anyway, but
  // a database read in part is not read).
  const pages = read.u32(32) + 1;
  if (pages * pageSize > bytes.length) return undefined;
  const values: Buffer[] = [];
  const chained = new Set<number>();
  for (let page = 1; page < pages; page++) {
    const base = page * pageSize;
    const type = bytes[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = read.u16(base + 20);
    if (PAGE_HEADER + 2 * entries > pageSize) return undefined;
    // Items are key, data, key, data…; each runs up to the one before it
    // (the first to the page's end): they are laid out from the end back.
    for (let index = 1; index < entries; index += 2) {
      const at = read.u16(base + PAGE_HEADER + 2 * index);
      const end = read.u16(base + PAGE_HEADER + 2 * (index - 1));
      if (at < PAGE_HEADER + 2 * entries || at >= end || end > pageSize) return undefined;
      const itemType = bytes[base + at];
      if (itemType === H_KEYDATA) {
        values.push(Buffer.from(bytes.subarray(base + at + 1, base + end)));
      } else if (itemType === H_OFFPAGE) {
        if (at + 12 > end) return undefined;
        const value = overflowValue(
          bytes,
          read,
          pageSize,
          pages,
          read.u32(base + at + 4),
          read.u32(base + at + 8),
          chained,
        );
        if (!value) return undefined;
        values.push(value);
      }
      // Duplicates (H_DUPLICATE, H_OFFDUP) are not in rpm's Packages.
    }
  }
  return values;
}

/** A value kept on a chain of overflow pages: `length` bytes from `first`. */
function overflowValue(
  bytes: Buffer,
  read: Reader,
  pageSize: number,
  pages: number,
  first: number,
  length: number,
  chained: Set<number>,
): Buffer | undefined {
  if (length > bytes.length) return undefined;
  const value = Buffer.alloc(length);
  let filled = 0;
  for (let page = first; page !== 0; ) {
    if (page >= pages || chained.has(page)) return undefined;
    chained.add(page);
    const base = page * pageSize;
    if (bytes[base + 25] !== P_OVERFLOW) return undefined;
    // hf_offset: the bytes of the value on this page.
    const used = read.u16(base + 22);
    if (PAGE_HEADER + used > pageSize || filled + used > length) return undefined;
    bytes.copy(value, filled, base + PAGE_HEADER, base + PAGE_HEADER + used);
    filled += used;
    page = read.u32(base + 16);
  }
  return filled === length ? value : undefined;
}
