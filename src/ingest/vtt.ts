import { JobmapError } from '../errors.js';
import { cuesToTurns, decodeEntities, plainCueText, type Cue } from './cues.js';
import type { ParsedSource } from './format.js';
import { formatTime, parseClock } from './time.js';

const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)/;
const CLOCK_FIRST = /^\s*\d+:\d{2}/;
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
    const timingAt = first.includes('-->') || CLOCK_FIRST.test(first) ? block.start : block.start + 1;
    const timing = lines[timingAt];
    if (timingAt >= block.end || timing === undefined || !(timing.includes('-->') || CLOCK_FIRST.test(timing))) {
      throw new JobmapError('broken cue: no timing line ("00:00:01.000 --> 00:00:04.000") after the cue id', file, block.start + 1);
    }
    const start = cueStart(timing, file, timingAt + 1);
    cues.push(cueOf(lines, timingAt + 1, block.end, start));
  }
  return { metadata: {}, turns: nonEmpty(cuesToTurns(cues), file) };
}

/** Blank-line separated blocks as [start, end) line indexes. */
export function blocks(lines: string[]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i]!.trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      found.push({ start, end: i });
      start = -1;
    }
  }
  return found;
}

/** The start of a `start --> end` timing line, or an error naming the line. */
export function cueStart(timing: string, file: string, line: number): string {
  const m = TIMING.exec(timing.trim());
  const start = m ? parseClock(m[1]!) : undefined;
  const end = m ? parseClock(m[2]!) : undefined;
  if (start === undefined || end === undefined) {
    throw new JobmapError(`broken cue timing "${timing.trim().slice(0, 60)}"; expected "00:00:01.000 --> 00:00:04.000"`, file, line);
  }
  return formatTime(start);
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

export function nonEmpty<T>(turns: T[], file: string): T[] {
  if (turns.length === 0) throw new JobmapError('no interview text found (no cue has any text)', file, 1);
  return turns;
}
