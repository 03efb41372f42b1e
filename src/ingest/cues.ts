import { JobmapError } from '../errors.js';
import { acceptedSpeakers, appendLine, matchLabel, type RawTurn } from './dialogue.js';
import { formatTime, parseClock } from './time.js';

const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)/;

/** One line of a cue's text and where it sits in the file. */
export interface CueLine {
  text: string;
  line: number;
  column: number;
}

/** A timed piece of speech: a subtitle cue, a speech-to-text segment. */
export interface Cue {
  /** the speaker the format names (`<v Dana>`, a JSON `speaker`); otherwise a `Name:` label in the text may name one */
  voice?: string;
  /** start time, normalised (`00:01:05`) */
  time?: string;
  lines: CueLine[];
}

/** Speech with no speaker named anywhere is one participant talking, as with an unlabelled text file. */
const UNNAMED = 'Participant';

/**
 * Cues to turns: a cue's speaker is its voice, else a `Name:` label on its
 * first line (accepted by the same test as in text dialogue), else the
 * speaker before it; consecutive cues of one speaker make one turn.
 */
export function cuesToTurns(cues: Cue[]): RawTurn[] {
  const labels = cues.map((cue) => (cue.voice === undefined && cue.lines[0] ? matchLabel(cue.lines[0].text) : undefined));
  const accepted = acceptedSpeakers(labels, []);
  const turns: RawTurn[] = [];
  let current: RawTurn | undefined;
  cues.forEach((cue, i) => {
    const label = labels[i];
    const labelled = label && accepted.has(label.name) ? label : undefined;
    const speaker = cue.voice ?? labelled?.name ?? current?.speaker ?? UNNAMED;
    if (!current || current.speaker !== speaker) {
      current = { speaker, text: '', lines: [] };
      turns.push(current);
    }
    cue.lines.forEach((line, n) => {
      if (n === 0 && labelled) appendLine(current!, labelled.text, line.line, line.column + labelled.textColumn - 1, cue.time);
      else appendLine(current!, line.text, line.line, line.column, cue.time);
    });
  });
  for (const turn of turns) turn.text = turn.text.replace(/\s+$/, '');
  return turns.filter((turn) => turn.text !== '');
}

// A Map, so "&constructor;" stays as written rather than finding Object's.
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['lrm', ''],
  ['rlm', ''],
]);

/**
 * Subtitle markup removed (`<i>`, `<c.yellow>`, `<00:00:01.000>`, `{\an8}`),
 * entities decoded; the column moves past markup that opened the line.
 */
export function plainCueText(raw: string, line: number, column = 1): CueLine {
  const lead = /^(?:\s|<[^>]*>|\{\\[^}]*\})*/.exec(raw)![0].length;
  const text = decodeEntities(raw.slice(lead).replace(/<[^>]*>|\{\\[^}]*\}/g, ''));
  return { text, line, column: column + lead };
}

/** `&amp;`, `&#39;`, `&#x2019;`: what subtitle writers escape. Unknown entities stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,6})|#x([\da-f]{1,6})|([a-z]+));/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    const code = decimal !== undefined ? Number(decimal) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (code !== undefined) return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    return ENTITIES.get(name!.toLowerCase()) ?? whole;
  });
}

/** A timing line, or a broken one: it has an arrow or starts with a clock (reported as broken rather than read as text). */
export function looksLikeTiming(line: string): boolean {
  return line.includes('-->') || /^\s*\d+:\d{2}/.test(line);
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

export function nonEmpty<T>(turns: T[], file: string): T[] {
  if (turns.length === 0) throw new JobmapError('no interview text found (no cue has any text)', file, 1);
  return turns;
}
