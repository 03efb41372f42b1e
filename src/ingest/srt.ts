import { JobmapError } from '../errors.js';
import type { ParsedSource } from './format.js';
import { blocks, cuesToTurns, cueStart, looksLikeTiming, nonEmpty, plainCueText, type Cue } from './cues.js';

/** SubRip: numbered cues, `00:00:01,000 --> 00:00:04,000`, text; speakers as `Name:` labels in the text. */
export function parseSrt(text: string, file: string): ParsedSource {
  const lines = text.split('\n');
  const cues: Cue[] = [];
  for (const block of blocks(lines)) {
    const timingAt = /^\d+\s*$/.test(lines[block.start]!) ? block.start + 1 : block.start;
    const timing = lines[timingAt];
    if (timingAt >= block.end || timing === undefined || !looksLikeTiming(timing)) {
      throw new JobmapError('broken cue: expected a number, then a timing line ("00:00:01,000 --> 00:00:04,000")', file, Math.min(timingAt, block.end - 1) + 1);
    }
    const cue: Cue = { time: cueStart(timing, file, timingAt + 1), lines: [] };
    for (let i = timingAt + 1; i < block.end; i++) {
      // `- ` and `>> ` mark a change of speaker in subtitles; the name, if any, follows as a label
      const dash = /^\s*(?:-|>>)\s/.exec(lines[i]!)?.[0].length ?? 0;
      const line = plainCueText(lines[i]!.slice(dash), i + 1, dash + 1);
      if (line.text.trim()) cue.lines.push(line);
    }
    cues.push(cue);
  }
  return { metadata: {}, turns: nonEmpty(cuesToTurns(cues), file) };
}
