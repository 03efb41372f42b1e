import type { Token } from '../types.js';
import { stem } from './nlp.js';
import { changedToken } from './token.js';

/**
 * wink-nlp learns tokens as it reads: once it has met "AI's." at the end of a
 * sentence it keeps "AI's" whole wherever it meets it again, and reads it as a
 * pronoun and "is" ("of AI's role" -> "of AI is role"). So the parse of one
 * interview depended on the interviews read before it in the same thread, and
 * one thread and two wrote different findings. A possessive apostrophe is
 * therefore handed to wink as a letter (the same length), so "AI's" is
 * always one unknown word, and split here, the same way every time.
 * After a pronoun or a question word the "'s" is the verb ("it's", "what's"),
 * which wink knows and splits itself.
 */
/** An apostrophe and an s that end a word; the word before it is found by hand (a regex that looks back with \p{L}+ is slow on long turns). */
const APOSTROPHE_S = /['\u2019]s(?!\p{L})/gu;
const LETTER = /\p{L}/u;
/** What wink reads in place of the apostrophe: a plain letter, so "AIxs" is one word whatever follows it. */
const MASK = 'x';
const VERB_S_AFTER = new Set('it that there here what who where when how why he she this everything nothing something everyone someone everybody somebody which let'.split(' '));

/** The text as wink should read it: every possessive apostrophe a letter, at the same offset. */
export function maskPossessives(text: string): string {
  if (!text.includes("'s") && !text.includes('\u2019s')) return text;
  let masked = '';
  let done = 0;
  for (const match of text.matchAll(APOSTROPHE_S)) {
    const at = match.index!;
    let start = at;
    while (start > 0 && LETTER.test(text.charAt(start - 1))) start--;
    if (start === at || VERB_S_AFTER.has(text.slice(start, at).toLowerCase())) continue;
    masked += text.slice(done, at) + MASK;
    done = at + 1;
  }
  return masked + text.slice(done);
}

/** Is this token, read from the masked text, a possessive? Its original text has the apostrophe where the mask is. */
export function isMaskedPossessive(value: string, original: string): boolean {
  const at = original.length - 2;
  return at > 0 && value.length === original.length && value.charAt(at) === MASK && /['\u2019]s$/.test(original);
}

/** Splits a masked "AIxs" back into "AI" and a possessive "'s", with the original text. */
export function splitPossessive(token: Token, original: string): Token[] {
  const at = original.length - 2;
  const head = original.slice(0, at);
  const headNorm = head.toLowerCase();
  return [
    changedToken(token, { text: head, norm: headNorm, lemma: headNorm, stem: stem(headNorm), end: token.start + head.length }),
    changedToken(token, { text: original.slice(at), norm: "'s", lemma: "'s", stem: "'s", pos: 'PART', negated: false, start: token.start + head.length }),
  ];
}
