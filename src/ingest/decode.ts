import { JobmapError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Turns file bytes into text with `\n` line ends. Reads UTF-8 (with or without
 * a BOM) and UTF-16 (Teams and Word save it, often without a BOM); refuses
 * binary files and text in any other encoding rather than producing garbage.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new JobmapError('the file is empty', file);
  const encoding = detectEncoding(bytes);
  const body = bytes.subarray(bomLength(bytes, encoding));
  if (encoding === 'utf-8' && looksBinary(body)) throw new JobmapError('this looks like a binary file, not a transcript', file);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw undecodable(body, encoding, file);
  }
  // control characters are what a binary file decoded as text is full of
  // eslint-disable-next-line no-control-regex
  if (encoding !== 'utf-8' && /[\0-\x08\x0E-\x1F]/.test(text.slice(0, 4000))) {
    throw new JobmapError('this looks like a binary file, not a transcript', file);
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** A byte-order mark decides; without one, UTF-16 shows as a zero byte beside almost every ASCII letter. */
export function detectEncoding(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const sample = bytes.subarray(0, 4000 - (Math.min(bytes.length, 4000) % 2));
  if (sample.length < 4) return 'utf-8';
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  // English text in UTF-16: the high byte of nearly every character is zero, the low byte almost never.
  if (oddZeros / pairs > 0.6 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.6 && oddZeros / pairs < 0.05) return 'utf-16be';
  return 'utf-8';
}

function bomLength(bytes: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8') return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) ? 2 : 0;
}

/** A zero byte, or many control characters, in the first few kilobytes: an image, an archive, a program. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return true;
  let control = 0;
  // indexed, not for-of: an iterator's result objects are 180 KB of garbage a file in a cold run
  for (let i = 0; i < head.length; i++) {
    const byte = head[i]!;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) control++;
  }
  return control > Math.max(8, head.length * 0.1);
}

function undecodable(bytes: Uint8Array, encoding: Encoding, file: string): JobmapError {
  if (encoding !== 'utf-8') {
    const why = bytes.length % 2 ? 'its length is odd' : 'it holds an unpaired surrogate';
    return new JobmapError(`the file looks like ${encoding.toUpperCase()} text but cannot be read as it (${why}); save it as UTF-8 and run again`, file);
  }
  const bad = firstInvalidByte(bytes);
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 10) line++;
  // Bytes 0x80-0xFF that are not UTF-8 are usually Windows-1252 or Latin-1 (Word's "Plain text", older Excel CSV).
  return new JobmapError('the file is not valid UTF-8 text (it may be Windows-1252 or Latin-1); save it as UTF-8 and run again', file, line);
}

/** Where UTF-8 decoding breaks: the longest prefix that decodes (as a stream) ends there. */
function firstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}
