import { JobmapError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns file bytes into text; refuses binary files and invalid UTF-8 rather than producing garbage. */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new JobmapError('the file is empty', file);
  if (bytes.subarray(0, 8000).includes(0)) throw new JobmapError('this looks like a binary file, not a transcript', file);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new JobmapError('the file is not valid UTF-8 text; save it as UTF-8 and run again', file, line);
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // Find the longest prefix that decodes; the bad byte sits right after it.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  let line = 1;
  for (let i = 0; i < low; i++) if (bytes[i] === 10) line++;
  return line;
}
