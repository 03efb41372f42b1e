import type { RawTurn } from './dialogue.js';
import { cuesToTurns, type Cue } from './cues.js';
import { normaliseClock } from './time.js';

/** Names are short and capitalised ("Speaker 1" too), so "We met at 3:00" is not a speaker line. */
const NAME = String.raw`(?:\p{Lu}[\p{L}\p{N}.'&-]*|\d+)(?:[ \t]+(?:\p{Lu}[\p{L}\p{N}.'&-]*|\d+)){0,3}`;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
/** `Name  0:05` (Otter, Teams), `[Name] 10:02:15` (Zoom's saved captions) */
const SPEAKER_LINE = new RegExp(String.raw`^\s*(?:(${NAME})[ \t]+\(?(${CLOCK})\)?|\[(${NAME})\][ \t]+(${CLOCK}))\s*$`, 'u');
const OTTER_FOOTER = /^\s*Transcribed by\s+https?:\/\/otter\.ai\s*$/i;

/**
 * A speaker and a time alone on a line, then what was said: Otter.ai's text
 * export, Teams' Word transcripts, Zoom's saved captions. The turns, or
 * undefined when the text is not laid out that way.
 */
export function parseSpeakerBlocks(body: string, firstLine: number): RawTurn[] | undefined {
  const lines = body.split('\n');
  const headers = lines.map((line) => SPEAKER_LINE.exec(line));
  const count = headers.filter(Boolean).length;
  const firstText = lines.findIndex((line) => line.trim() !== '');
  if (count < 2 && !(count === 1 && headers[firstText])) return undefined;
  const cues: Cue[] = [];
  lines.forEach((line, i) => {
    const header = headers[i];
    if (header) cues.push({ voice: (header[1] ?? header[3])!, time: normaliseClock((header[2] ?? header[4])!), lines: [] });
    else if (cues.length > 0 && line.trim() && !OTTER_FOOTER.test(line)) cues.at(-1)!.lines.push({ text: line, line: firstLine + i, column: 1 });
  });
  return cuesToTurns(cues);
}
