/** Finding a compiled pattern in a sentence's words: the hot path, tried on every sentence its required words allow. */
import type { Token } from '../types.js';
import { findRegex } from './regex.js';
import { TAGS, type Element, type Pattern, type Span, type WordElement } from './pattern.js';
import { anyFormMatches, formMatches } from './wordForms.js';

function wordMatches(token: Token, word: string, exact = false): boolean {
  return token.norm === word || (!exact && token.lemma === word);
}

const NO_CHOICES: string[][] = [];

/**
 * The element's word choices that can start at this token. Choice lists run to
 * dozens of words, so they are looked up by first word rather than scanned.
 */
function choicesAt(element: WordElement, token: Token): string[][] {
  const byFirst = element.byFirstWord ?? indexChoices(element);
  const byNorm = byFirst.get(token.norm);
  const byLemma = element.exact || token.lemma === token.norm ? undefined : byFirst.get(token.lemma);
  if (!byLemma) return byNorm ?? NO_CHOICES;
  if (!byNorm) return byLemma;
  // keep the longest-first order compileElement gave the choices
  return element.words.filter((seq) => byNorm.includes(seq) || byLemma.includes(seq));
}

function canStart(element: WordElement, token: Token): boolean {
  const byFirst = element.byFirstWord ?? indexChoices(element);
  return byFirst.has(token.norm) || (!element.exact && byFirst.has(token.lemma)) || anyFormMatches(element, token);
}

function indexChoices(element: WordElement): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const seq of element.words) byFirst.set(seq[0]!, [...(byFirst.get(seq[0]!) ?? []), seq]);
  element.byFirstWord = byFirst;
  return byFirst;
}

/**
 * Finds the first match of the pattern in the words (punctuation already
 * removed). A regex reads the sentence text; without it, the words stand in.
 */
export function findPattern(pattern: Pattern, words: Token[], text?: string, from = 0): Span | undefined {
  if (pattern.regex) return from === 0 ? findRegexWords(pattern.regex, words, text ?? textOf(words)) : undefined;
  const last = pattern.anchoredAtStart ? 0 : words.length - 1;
  const first = pattern.elements[0]!;
  // Most patterns start with a required word: only positions holding one of its words can start a match.
  const opening = first.kind === 'word' && !first.optional && !first.tags ? first : undefined;
  for (let start = from; start <= last; start++) {
    if (opening && !canStart(opening, words[start]!)) continue;
    const end = matchFrom(pattern.elements, 0, words, start);
    if (end !== undefined && (!pattern.anchoredAtEnd || end === words.length)) return { start, end };
  }
  return undefined;
}

/** The words a regex match covers; a match that covers no word (only punctuation) does not count. */
function findRegexWords(regex: string, words: Token[], text: string): Span | undefined {
  const chars = findRegex(regex, text);
  if (!chars) return undefined;
  const start = words.findIndex((word) => word.end > chars[0]);
  let end = start;
  while (end >= 0 && end < words.length && words[end]!.start < chars[1]) end++;
  return start >= 0 && end > start ? { start, end } : undefined;
}

/** The sentence as the words spell it, each at its own offset. */
function textOf(words: Token[]): string {
  let text = '';
  for (const word of words) text = text.padEnd(word.start) + word.text;
  return text;
}

function matchFrom(elements: Element[], e: number, words: Token[], at: number): number | undefined {
  if (e === elements.length) return at;
  const element = elements[e]!;
  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max && at + skip <= words.length; skip++) {
      const end = matchFrom(elements, e + 1, words, at + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  for (const length of consumedLengths(element, words, at)) {
    const end = matchFrom(elements, e + 1, words, at + length);
    if (end !== undefined) return end;
  }
  return element.optional ? matchFrom(elements, e + 1, words, at) : undefined;
}

/** What most elements consume: one word or none (shared, since this runs for every position a pattern is tried at). */
const ONE_WORD: readonly number[] = [1];
const NO_WORD: readonly number[] = [];

/** How many words the element can consume at this position (several for multi-word choices). */
function consumedLengths(element: Exclude<Element, { kind: 'gap' }>, words: Token[], at: number): readonly number[] {
  const token = words[at];
  if (!token) return NO_WORD;
  switch (element.kind) {
    case 'any':
      return ONE_WORD;
    case 'tag':
      return TAGS[element.tag]!(token) ? ONE_WORD : NO_WORD;
    case 'lemma':
      return element.forms.some((form) => formMatches(form, token)) ? ONE_WORD : NO_WORD;
    case 'word': {
      // choices are kept longest first (see compileElement in patternCompile.ts), so the longest match is tried first
      let lengths: number[] | undefined;
      for (const seq of choicesAt(element, token)) {
        if (seq.every((word, i) => words[at + i] !== undefined && wordMatches(words[at + i]!, word, element.exact))) (lengths ??= []).push(seq.length);
      }
      const single = element.tags?.some((tag) => TAGS[tag]!(token)) || anyFormMatches(element, token);
      if (!lengths) return single ? ONE_WORD : NO_WORD;
      if (single) lengths.push(1);
      return lengths;
    }
  }
}
