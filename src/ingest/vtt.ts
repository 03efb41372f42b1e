import { JobmapError } from '../errors.js';
import { blocks, cuesToTurns, cueStart, decodeEntities, looksLikeTiming, nonEmpty, plainCueText, type Cue } from './cues.js';
import type { ParsedSource } from './format.js';

const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/;

/**
 * WebVTT as Zoom (`Dana Whitfield: text` cues) and Teams (`<v Dana Whitfield>text</v>`)
 * write it. A cue whose timing cannot be read stops the file with its line:
 * quietly dropping it would lose what was said.
 */
export function parseVtt(text: string, file: string): ParsedSource {
  const lines = text.split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    throw new JobmapError('not a WebVTT file: the first line must be "WEBVTT"', file, 1);
  }
  const cues: Cue[] = [];
  for (const block of blocks(lines)) {
    const first = lines[block.start]!;
    if (block.start === 0 || /^(NOTE|STYLE|REGION)(\s|$)/.test(first)) continue;
    // the timing line opens the cue, or follows its id; a line that starts with a clock is meant as one
    const timingAt = looksLikeTiming(first) ? block.start : block.start + 1;
    const timing = lines[timingAt];
    if (timingAt >= block.end || timing === undefined || !looksLikeTiming(timing)) {
      throw new JobmapError('broken cue: no timing line ("00:00:01.000 --> 00:00:04.000") after the cue id', file, block.start + 1);
    }
    const start = cueStart(timing, file, timingAt + 1);
    cues.push(cueOf(lines, timingAt + 1, block.end, start));
  }
  return { metadata: {}, turns: nonEmpty(cuesToTurns(cues), file) };
}

function cueOf(lines: string[], from: number, to: number, time: string): Cue {
  const cue: Cue = { time, lines: [] };
  for (let i = from; i < to; i++) {
    const raw = lines[i]!;
    const voice = decodeEntities(VOICE.exec(raw)?.[1] ?? '').trim();
    if (voice && cue.voice === undefined) cue.voice = voice;
    const line = plainCueText(raw, i + 1);
    if (line.text.trim()) cue.lines.push(line);
  }
  return cue;
}
