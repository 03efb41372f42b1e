import { JobmapError } from '../errors.js';
import type { Metadata } from '../types.js';
import { appendLine, parseDialogue, type RawTurn } from './dialogue.js';
import { declaredInterviewers } from './roles.js';
import { splitFrontMatter } from './frontMatter.js';

export interface ParsedSource {
  metadata: Metadata;
  turns: RawTurn[];
}

/** Plain text and Markdown: optional front matter, then speaker-labelled dialogue. */
export function parseTextTranscript(text: string, file: string): ParsedSource {
  const { metadata, body, bodyLine } = splitFrontMatter(text, file);
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
