import type { Finding, SpokenTurn } from '../../types.js';

/**
 * A transcript as the plain text a QDA tool shows: each turn as `Speaker:
 * text`, turns apart by a blank line. The turn's text is exactly the text
 * jobmap read its sentences from, so a finding's sentence is found in it at
 * a known offset, never searched for.
 */
export interface SourceText {
  text: string;
  /** where a finding's sentence is, as [start, end) in Unicode characters (code points), as REFI-QDA counts positions */
  rangeOf: (finding: Finding) => [number, number];
}

const TURN_SEPARATOR = '\n\n';

export function sourceText(turns: SpokenTurn[]): SourceText {
  const turnStarts: number[] = [];
  let text = '';
  for (const turn of turns) {
    if (text) text += TURN_SEPARATOR;
    text += `${turn.speaker}: `;
    turnStarts.push(text.length);
    text += turn.text;
  }
  const toCharacters = codePointIndex(text);
  return {
    text,
    rangeOf: (finding) => {
      const turnStart = turnStarts[finding.evidence.turn];
      if (turnStart === undefined) throw new Error(`${finding.id}: turn ${finding.evidence.turn} is not in its transcript`);
      const start = turnStart + finding.evidence.start;
      return [toCharacters(start), toCharacters(start + finding.sentence.length)];
    },
  };
}

/**
 * JavaScript counts UTF-16 code units; REFI-QDA counts characters. They differ
 * after every character outside the Basic Multilingual Plane (an emoji is two
 * units, one character), so an offset is converted by counting the surrogate
 * pairs before it.
 */
export function codePointIndex(text: string): (utf16Offset: number) => number {
  const pairStarts: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) pairStarts.push(i++);
    }
  }
  if (pairStarts.length === 0) return (offset) => offset;
  return (offset) => offset - pairsBefore(pairStarts, offset);
}

/** How many surrogate pairs start before `offset` (binary search over their sorted starts). */
function pairsBefore(pairStarts: number[], offset: number): number {
  let low = 0;
  let high = pairStarts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (pairStarts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
