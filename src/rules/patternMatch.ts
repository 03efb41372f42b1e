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
  const token = words[at];
  if (token) {
    const end =
      element.kind === 'word' ? matchWordFrom(element, token, elements, e, words, at) : oneWordMatches(element, token) ? matchFrom(elements, e + 1, words, at + 1) : undefined;
    if (end !== undefined) return end;
  }
  return element.optional ? matchFrom(elements, e + 1, words, at) : undefined;
}

/**
 * A word element at this position: each of its word choices that matches here,
 * longest first (compileElement in patternCompile.ts keeps them so), then one
 * word by its forms or tags. Loops rather than lists of lengths or callbacks:
 * this runs for every position a pattern is tried at, and garbage was a tenth
 * of a cold run's CPU.
 */
function matchWordFrom(element: WordElement, token: Token, elements: Element[], e: number, words: Token[], at: number): number | undefined {
  const choices = choicesAt(element, token);
  let triedOneWord = false;
  for (let c = 0; c < choices.length; c++) {
    const seq = choices[c]!;
    if (!choiceMatches(seq, words, at, element.exact)) continue;
    const end = matchFrom(elements, e + 1, words, at + seq.length);
    if (end !== undefined) return end;
    if (seq.length === 1) triedOneWord = true;
  }
  if (triedOneWord || !(tagMatches(element.tags, token) || anyFormMatches(element, token))) return undefined;
  return matchFrom(elements, e + 1, words, at + 1);
}

function choiceMatches(seq: string[], words: Token[], at: number, exact: boolean | undefined): boolean {
  for (let i = 0; i < seq.length; i++) {
    const token = words[at + i];
    if (token === undefined || !wordMatches(token, seq[i]!, exact)) return false;
  }
  return true;
}

function tagMatches(tags: string[] | undefined, token: Token): boolean {
  if (!tags) return false;
  for (let t = 0; t < tags.length; t++) if (TAGS[tags[t]!]!(token)) return true;
  return false;
}

/** Does an element that takes one word (any word, a tag, a lemma's forms) take this one? */
function oneWordMatches(element: Exclude<Element, { kind: 'gap' | 'word' }>, token: Token): boolean {
  switch (element.kind) {
    case 'any':
      return true;
    case 'tag':
      return TAGS[element.tag]!(token);
    case 'lemma':
      for (let f = 0; f < element.forms.length; f++) if (formMatches(element.forms[f]!, token)) return true;
      return false;
  }
}
