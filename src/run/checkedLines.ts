import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A file of checked lines, as the outcome memo keeps it (outcomeMemo.ts):
 * each line its own checksum, a tag and a JSON value, so a damaged line is
 * read as nothing and the rest of the file still holds; read a few megabytes
 * at a time, never as one string.
 */

/** What checkedValue gives for a line whose tag is not to be read. */
export const NOT_READ = Symbol('not read');

/**
 * A value as one line: the checksum of the rest, a tag (the outcome memo's
 * header tag, or the header an outcome was made under), the value's JSON. Characters beyond
 * ASCII are escaped, so the file reads back as Latin-1, byte for character,
 * into one-byte strings: a third of the time of decoding UTF-8 (a handful of
 * quotes with a curly apostrophe made every line two-byte).
 */
export function checkedLine(tag: string, value: object): string {
  return checkedJsonLine(tag, JSON.stringify(value));
}

/** The same, for JSON already made (the outcome memo makes an outcome's JSON once, and hashes it too), with any parts to be read apart after a tab. */
export function checkedJsonLine(tag: string, json: string): string {
  const rest = `${tag} ${json.replace(NOT_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
  return `${checksum(rest)} ${rest}\n`;
}

const NOT_ASCII = /[\u0080-\uffff]/g;

/**
 * A line's tag and value: NOT_READ for a tag not to be read, undefined when
 * its checksum does not hold (a damaged or edited line). The value is the
 * JSON up to the line's first tab; what follows the tab (`tail`, checked with
 * the rest) is left as text for the reader to parse when it needs it.
 */
export function checkedValue(line: string, reads: (tag: string) => boolean): { tag: string; value: unknown; tail: string } {
  const first = line.indexOf(' ');
  const second = line.indexOf(' ', first + 1);
  if (first <= 0 || second < 0) return { tag: '', value: undefined, tail: '' };
  const tag = line.slice(first + 1, second);
  if (!reads(tag)) return { tag, value: NOT_READ, tail: '' };
  if (line.slice(0, first) !== checksum(line.slice(first + 1))) return { tag, value: undefined, tail: '' };
  const tab = line.indexOf('\t', second + 1);
  return { tag, value: JSON.parse(tab < 0 ? line.slice(second + 1) : line.slice(second + 1, tab)) as unknown, tail: tab < 0 ? '' : line.slice(tab + 1) };
}

/** Does the file end with a line's end? One whose last line was cut short is written anew, not appended to. */
export function endsWithNewline(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    return size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 10;
  } finally {
    closeSync(fd);
  }
}

export function checksum(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** A file's lines, read a few megabytes at a time, each decoded from the bytes as Latin-1 (checkedLine writes ASCII). */
export function* linesOf(file: string, chunkSize = 4 << 20): Generator<string, void, undefined> {
  const fd = openSync(file, 'r');
  try {
    let chunk = Buffer.allocUnsafe(chunkSize);
    // bytes of a line not yet ended, at the chunk's start
    let carried = 0;
    for (let read = readSync(fd, chunk, carried, chunk.length - carried, null); read > 0; read = readSync(fd, chunk, carried, chunk.length - carried, null)) {
      const end = carried + read;
      let start = 0;
      for (let newline = chunk.indexOf(10, start); newline >= 0 && newline < end; newline = chunk.indexOf(10, start)) {
        yield chunk.toString('latin1', start, newline);
        start = newline + 1;
      }
      carried = end - start;
      // a line longer than the chunk: a chunk twice the size
      const next = carried === chunk.length ? Buffer.allocUnsafe(chunk.length * 2) : chunk;
      chunk.copy(next, 0, start, end);
      chunk = next;
    }
    if (carried > 0) yield chunk.toString('latin1', 0, carried);
  } finally {
    closeSync(fd);
  }
}
