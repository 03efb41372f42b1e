import { JobmapError } from '../errors.js';
import type { ParsedSource } from './format.js';
import { parseTextTranscript } from './text.js';

/**
 * Word documents: mammoth gives the raw text, one paragraph after another,
 * which is then read like a text file (labels, Otter-style speaker lines,
 * front matter). "Line" in a .docx means paragraph: line 12 is the 12th paragraph.
 */
export async function parseDocx(bytes: Uint8Array, file: string): Promise<ParsedSource> {
  // loaded here, not with the module: mammoth and its zip and XML readers took a quarter of a second of every start, main thread and workers
  const { default: mammoth } = await import('mammoth');
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new JobmapError(`cannot open this Word document; it is damaged or not a .docx (${why})`, file);
  }
  // mammoth ends every paragraph with a blank line; one line per paragraph keeps the numbers meaningful.
  const text = raw.replace(/\r\n?/g, '\n').replace(/\n\n/g, '\n').replace(/\n+$/, '');
  if (text.trim() === '') throw new JobmapError('the Word document has no text', file);
  return parseTextTranscript(text, file);
}
