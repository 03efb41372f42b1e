import { deflateRawSync } from 'node:zlib';

/** A file to put in a zip archive: its path inside the archive and its bytes. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/**
 * A zip archive (PKWARE APPNOTE 6.3: local headers, deflated data, central
 * directory) whose bytes depend on nothing but the entries: every timestamp is
 * 1980-01-01 00:00, the DOS epoch, and entries keep the order given. Node's
 * zlib does the compressing, so there is no dependency for the forty lines a
 * zip's framing takes.
 */
export function zip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const header = fileHeader(name, entry.data, compressed.length);
    parts.push(header.local, name, compressed);
    directory.push(header.central(offset), name);
    offset += header.local.length + name.length + compressed.length;
  }
  const directorySize = directory.reduce((sum, part) => sum + part.length, 0);
  return Buffer.concat([...parts, ...directory, endOfDirectory(entries.length, directorySize, offset)]);
}

const DEFLATE = 8;
/** bit 11: names are UTF-8 */
const UTF8_NAMES = 0x0800;
/** 1980-01-01 00:00:00 in DOS date and time */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const VERSION = 20;

function fileHeader(name: Buffer, data: Uint8Array, compressedSize: number) {
  // what the local header and the central directory both say about the entry
  const entry: Field[] = [
    [2, UTF8_NAMES],
    [2, DEFLATE],
    [2, DOS_TIME],
    [2, DOS_DATE],
    [4, crc32(data)],
    [4, compressedSize],
    [4, data.length],
    [2, name.length],
    [2, 0],
  ];
  const local = littleEndian([4, 0x04034b50], [2, VERSION], ...entry);
  // after the entry: comment length, disk number, internal and external attributes (all 0), the local header's offset
  const central = (offset: number) => littleEndian([4, 0x02014b50], [2, VERSION], [2, VERSION], ...entry, [2, 0], [2, 0], [2, 0], [4, 0], [4, offset]);
  return { local, central };
}

function endOfDirectory(count: number, size: number, offset: number): Buffer {
  return littleEndian([4, 0x06054b50], [2, 0], [2, 0], [2, count], [2, count], [4, size], [4, offset], [2, 0]);
}

/** A zip header is a row of little-endian fields: [bytes, value]. */
type Field = [2 | 4, number];

function littleEndian(...fields: Field[]): Buffer {
  const buffer = Buffer.alloc(fields.reduce((sum, [bytes]) => sum + bytes, 0));
  let at = 0;
  for (const [bytes, value] of fields) at = bytes === 2 ? buffer.writeUInt16LE(value, at) : buffer.writeUInt32LE(value, at);
  return buffer;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as zip wants it (IEEE 802.3); zlib.crc32 only arrived in Node 20.15. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
