import type { LineSpan, Location, SegmentedTranscript, Sentence, Token, Transcript, Turn } from '../types.js';
import { retagOpeningGerund } from './gerund.js';
import { isMaskedPossessive, maskPossessives, splitPossessive } from './possessive.js';
import { limitNegationToClause } from './negation.js';
import { spellTypedContractions } from './typedContractions.js';
import { changedToken } from './token.js';
import { wink } from './nlp.js';
import { formsOf, lemmaOf, lowerCase, normalizeWord, normAndStem, winkLemma } from './wordForms.js';
import { fnv1a } from '../core/fnv.js';

const VERB_LEMMAS = new Map(Object.entries({ am: 'be', are: 'be', is: 'be', have: 'have', will: 'will', would: 'would' }));
const UNSPLIT = /^([\p{L}]+)(['\u2019](?:m|re|ve|ll|d|s))$/iu;

/**
 * wink leaves "I'm" (capital I) and a few others whole; split them like it
 * splits "you're", so "i am" patterns see two words. A verb "'s" reads as "is".
 */
function splitContraction(token: Token): Token[] {
  if (token.norm === "'s" && token.pos === 'AUX') {
    token.norm = 'is';
    return [token];
  }
  const m = UNSPLIT.exec(token.text);
  if (!m) return [token];
  const [, head, tail] = m as unknown as [string, string, string];
  const tailNorm = normalizeWord(tail);
  const norm = tailNorm === "'s" ? 'is' : tailNorm;
  return [
    changedToken(token, { text: head, ...normAndStem(head), lemma: head.toLowerCase(), pos: 'PRON', end: token.start + head.length }),
    changedToken(token, { text: tail, norm, stem: norm, lemma: VERB_LEMMAS.get(norm) ?? norm, pos: 'AUX', start: token.start + head.length }),
  ];
}

/** Splits every turn into sentences with tokens, lemmas, part of speech and negation. */
export function segmentTranscript(transcript: Transcript): SegmentedTranscript {
  const sentences: Sentence[] = [];
  for (const turn of transcript.turns) segmentTurn(turn, transcript.file, sentences);
  return { transcript, sentences };
}

/** Adds the turn's sentences to `sentences`, each numbered by its place there. */
function segmentTurn(turn: Turn, file: string, sentences: Sentence[]): void {
  const pieces = turn.role === 'interviewer' ? saidBefore.piecesOf(turn.text) : piecesOf(turn.text);
  for (const { start, end, tokens } of pieces) {
    sentences.push({
      turn: turn.index,
      speaker: turn.speaker,
      role: turn.role,
      text: turn.text.slice(start, end),
      tokens,
      start,
      location: locate(turn.lines, start, file),
      index: sentences.length,
    });
  }
}

/** A sentence of a turn's text: where it is in the text, and its tokens (offsets within the sentence). */
interface Piece {
  start: number;
  end: number;
  tokens: Token[];
}

/**
 * The parses of interviewer turns said word for word before: an interview
 * guide asks its questions in the same words in every interview (a fifth of
 * the corpus's interviewer words are in turns said before, most of them the
 * opening). A turn's parse depends on its text alone (see maskPossessives),
 * and nothing changes tokens once made, so a repeated turn shares the
 * tokens of its first parse. A text is kept from its second time on (the
 * first only leaves its hash), so a study's many turns said once cost no
 * memory, and only up to MAX_KEPT_TOKENS tokens in all (the corpus's 130
 * repeated turns hold about 10,000; the 16x bench, the corpus 16 times,
 * repeats every turn, and keeping up to 2,000 turns made its peak 177 MB
 * higher).
 */
class TurnsSaidBefore {
  private readonly seen = new Set<number>();
  private readonly kept = new Map<string, Piece[]>();
  private keptTokens = 0;

  piecesOf(text: string): Piece[] {
    const known = this.kept.get(text);
    if (known) return known;
    const pieces = piecesOf(text);
    const hash = fnv1a(text);
    if (!this.seen.has(hash)) {
      this.seen.add(hash);
      return pieces;
    }
    const tokens = pieces.reduce((sum, piece) => sum + piece.tokens.length, 0);
    if (this.keptTokens + tokens <= MAX_KEPT_TOKENS) {
      this.kept.set(text, pieces);
      this.keptTokens += tokens;
    }
    return pieces;
  }
}

const MAX_KEPT_TOKENS = 50_000;
const saidBefore = new TurnsSaidBefore();

/** The sentences of a turn's text, parsed. */
function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  const nlp = wink();
  const its = nlp.its;
  // wink reads the text with possessive apostrophes as letters (same offsets), so its parse does not depend on what it read before
  const masked = maskPossessives(text);
  const doc = nlp.readDoc(masked);
  const tokens = doc.tokens();
  // wink's typings do not model `out` of a collection by these properties; the values are plain arrays at run time.
  const column = <T>(property: unknown) => tokens.out(property as never) as unknown as T[];
  const values = column<string>(its.value);
  const tags = column<string>(its.pos);
  const negations = column<boolean>(its.negationFlag);
  // a contraction's parts carry their own lemmas ("ca" of "can't" is "can"), asked of wink each time
  const contracted = column<boolean>(its.contractionFlag);
  const spans = doc.sentences().out(its.span as never) as unknown as [number, number][];
  const starts = tokenOffsets(masked, values);

  for (const [first, last] of spans) {
    let pieceStart = first;
    for (let i = first; i <= last + 1; i++) {
      const isBreak = i <= last && isLineBreak(values, i);
      if (i <= last && !isBreak) continue;
      const piece: Token[] = [];
      for (let t = pieceStart; t < i; t++) {
        const value = values[t]!;
        if (tags[t] === 'SPACE' || isBlank(value)) continue;
        const forms = formsOf(value);
        const token: Token = {
          text: value,
          norm: forms.norm,
          stem: forms.stem,
          lemma: contracted[t] ? winkLemma(tokens, t, value) : lemmaOf(forms, tags[t] ?? '', tokens, t, value),
          pos: posOf(value, tags[t]),
          negated: negations[t] ?? false,
          start: starts[t]!,
          end: starts[t]! + value.length,
        };
        // most words stand in the text as wink gave them: no copy of the text is made to compare
        if (text.startsWith(value, token.start) && !value.includes("'") && !value.includes('\u2019')) {
          piece.push(token);
          continue;
        }
        const original = text.slice(token.start, token.end);
        if (isMaskedPossessive(value, original)) piece.push(...splitPossessive(token, original));
        else if (value.includes("'") || value.includes('\u2019')) piece.push(...splitContraction(token));
        // a masked apostrophe inside a word wink did not split there ("A's0"): the word as written
        else if (value !== original) piece.push(changedToken(token, { text: original, ...normAndStem(original), lemma: original.toLowerCase() }));
        else piece.push(token);
      }
      pieceStart = i + 1;
      splitAbbreviationStops(piece);
      if (!piece.some((token) => token.pos !== 'PUNCT')) continue;
      spellTypedContractions(piece);
      limitNegationToClause(piece);
      retagOpeningGerund(piece);
      const start = piece[0]!.start;
      const end = piece[piece.length - 1]!.end;
      // tokens are this function's own, so moving their offsets to the sentence needs no copies
      for (const token of piece) {
        token.start -= start;
        token.end -= start;
      }
      pieces.push({ start, end, tokens: piece });
    }
  }
  return pieces;
}

/** A word and its full stop, read by wink as one abbreviation ("Miss.", "etc."). */
const ABBREVIATION_STOP = /^\p{L}+\.$/u;

/**
 * wink reads a word that can be an abbreviation as one token with its full
 * stop ("hit or miss." ends on "miss.", as if it were "Miss."), so a phrase
 * ending there could not match and the word was not the word. Where the
 * token ends the sentence or a capital follows it (a sentence wink did not
 * end), the stop is its own token. Changes the tokens in place: they are
 * fresh from the parse.
 */
function splitAbbreviationStops(piece: Token[]): void {
  for (let t = piece.length - 1; t >= 0; t--) {
    const token = piece[t]!;
    if (!endsInFullStop(token.text) || !ABBREVIATION_STOP.test(token.text)) continue;
    const next = piece[t + 1];
    if (next && !/^\p{Lu}/u.test(next.text)) continue;
    const word = token.text.slice(0, -1);
    const stop = changedToken(token, { text: '.', norm: '.', stem: '.', lemma: '.', pos: 'PUNCT', negated: false, start: token.end - 1 });
    piece.splice(t, 1, changedToken(token, { text: word, ...normAndStem(word), lemma: lowerCase(word), end: token.end - 1 }), stop);
  }
}

/** A word of more than one character ending in a full stop: asked before the regular expression, which few words need (every token of every sentence passes here). */
function endsInFullStop(text: string): boolean {
  return text.length > 1 && text.charCodeAt(text.length - 1) === 46;
}

/** Only white space: the regular expression is asked only of a word that starts with a space or a character beyond ASCII (a regular expression for every word of every file cost a thread 0.1 s). */
function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  return (first <= 32 || first >= 0x80) && /^\s+$/.test(value);
}

/**
 * wink's tag, except that a plain number is always a number: wink can learn
 * "250" as a word from one interview and tag it a proper noun in the next, so
 * the parse would depend on what the thread read before.
 */
function posOf(value: string, tag: string | undefined): string {
  const first = value.charCodeAt(0);
  return first >= 48 && first <= 57 && /^\d[\d,.]*$/.test(value) ? 'NUM' : (tag ?? 'X');
}

/**
 * A blank line ends a sentence; so does a line break before a capital when the
 * line above did not end mid-clause (speech-to-text often omits the full stop,
 * while hard-wrapped text continues after a comma or a lowercase word).
 */
function isLineBreak(values: string[], i: number): boolean {
  const value = values[i]!;
  if (!value.includes('\n')) return false;
  if (/\n\s*\n/.test(value)) return true;
  const previous = values[i - 1] ?? '';
  const next = values[i + 1] ?? '';
  return /^\p{Lu}/u.test(next) && !/^[,;:\u2013\u2014-]$/.test(previous) && !/^(and|or|but|so|the|a|to|of)$/i.test(previous);
}

/**
 * How far past the last token the next one is looked for. wink keeps every
 * character, so the next token starts right there; a token it spelt otherwise
 * is not found, and a search to the end of the text for each such token made
 * a long turn take time that grew with the square of its length.
 */
const TOKEN_SEARCH = 256;

/** Character offset of each token in the text (a forward search near the last token). */
function tokenOffsets(text: string, values: string[]): number[] {
  const offsets: number[] = [];
  let cursor = 0;
  for (const value of values) {
    // wink keeps every character, so a token nearly always starts where the last ended
    if (text.startsWith(value, cursor)) {
      offsets.push(cursor);
      cursor += value.length;
      continue;
    }
    const at = text.slice(cursor, cursor + TOKEN_SEARCH + value.length).indexOf(value);
    const start = at < 0 ? cursor : cursor + at;
    offsets.push(start);
    cursor = start + value.length;
  }
  return offsets;
}

/** Where an offset of the turn's text is in the file: the last line span starting at or before it (spans in text order). */
export function locate(lines: LineSpan[], offset: number, file: string): Location {
  // a binary search: a turn of one long monologue has tens of thousands of lines and sentences
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle]!.textStart > offset) high = middle;
    else low = middle + 1;
  }
  const span = lines[Math.max(0, low - 1)] ?? { textStart: 0, line: 1, column: 1 };
  const location: Location = { file, line: span.line, column: span.column + (offset - span.textStart) };
  if (span.time) location.time = span.time;
  return location;
}
