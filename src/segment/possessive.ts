import type { Token } from '../types.js';
import { stem } from './nlp.js';

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
const POSSESSIVE = /(\p{L}+)['\u2019](s)(?!\p{L})/gu;
/** What wink reads in place of the apostrophe: a plain letter, so "AIxs" is one word whatever follows it. */
const MASK = 'x';
const VERB_S_AFTER = new Set('it that there here what who where when how why he she this everything nothing something everyone someone everybody somebody which let'.split(' '));

/** The text as wink should read it: every possessive apostrophe a letter, at the same offset. */
export function maskPossessives(text: string): string {
  return text.replace(POSSESSIVE, (whole, head: string) => (VERB_S_AFTER.has(head.toLowerCase()) ? whole : `${head}${MASK}s`));
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
    { ...token, text: head, norm: headNorm, lemma: headNorm, stem: stem(headNorm), end: token.start + head.length },
    { ...token, text: original.slice(at), norm: "'s", lemma: "'s", stem: "'s", pos: 'PART', negated: false, start: token.start + head.length },
  ];
}
