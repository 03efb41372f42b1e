import { JobmapError } from '../errors.js';
import { appendLine, parseDialogue, type RawTurn } from './dialogue.js';
import type { ParsedSource } from './format.js';
import { declaredInterviewers } from './roles.js';
import { splitFrontMatter } from './frontMatter.js';
import { parseSpeakerBlocks } from './speakerBlocks.js';

/**
 * Plain text and Markdown: optional front matter, then speaker-labelled
 * dialogue or speaker blocks (Otter). `start` is where the text begins in its
 * file, for text taken from inside another file (a CSV field).
 */
export function parseTextTranscript(text: string, file: string, start = { line: 1, column: 1 }): ParsedSource {
  const parsed = parseText(text, file);
  if (start.line !== 1 || start.column !== 1) for (const turn of parsed.turns) shiftLines(turn, start);
  return parsed;
}

/** Text that sits at `start` in its file: lines move down, and the first line moves right. */
function shiftLines(turn: RawTurn, start: { line: number; column: number }): void {
  for (const span of turn.lines) {
    if (span.line === 1) span.column += start.column - 1;
    span.line += start.line - 1;
  }
}

function parseText(text: string, file: string): ParsedSource {
  const { metadata, body, bodyLine } = splitFrontMatter(text, file);
  const blocks = parseSpeakerBlocks(body, bodyLine);
  if (blocks) {
    if (blocks.length === 0) throw new JobmapError('no interview text found (speaker lines, but nothing said)', file, 1);
    return { metadata, turns: blocks };
  }
  const dialogue = parseDialogue(body, bodyLine, [...declaredInterviewers(metadata)]);
  if (dialogue.turns.length === 0) {
    const monologue = monologueTurn(body, bodyLine);
    if (!monologue) throw new JobmapError('no interview text found (the file is empty or only has a header)', file, 1);
    return { metadata: { ...dialogue.header, ...metadata }, turns: [monologue] };
  }
  return { metadata: { ...dialogue.header, ...metadata }, turns: dialogue.turns };
}

/** A file with no speaker labels is read as one participant's notes or answers. */
function monologueTurn(body: string, bodyLine: number): RawTurn | undefined {
  const turn: RawTurn = { speaker: 'Participant', text: '', lines: [] };
  body.split('\n').forEach((raw, i) => appendLine(turn, /^\s*#{1,6}\s/.test(raw) ? '' : raw, bodyLine + i, 1));
  turn.text = turn.text.replace(/\s+$/, '');
  return turn.text ? turn : undefined;
}
