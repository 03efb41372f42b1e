import type { Token } from '../types.js';

const contentWordsOf = new WeakMap<Token[], Token[]>();
/** The tokens asked about last: every cue of every rule asks about one sentence in a row. */
let lastTokens: Token[] | undefined;
let lastWords: Token[] = [];

/** The sentence's tokens less punctuation; remembered, since extraction, stage and dimension all read them. */
export function contentWords(tokens: Token[]): Token[] {
  if (tokens === lastTokens) return lastWords;
  let words = contentWordsOf.get(tokens);
  if (!words) {
    words = tokens.filter((token) => token.pos !== 'PUNCT' && token.pos !== 'SYM');
    contentWordsOf.set(tokens, words);
  }
  lastTokens = tokens;
  lastWords = words;
  return words;
}
