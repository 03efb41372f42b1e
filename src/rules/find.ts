import type { Sentence, Token } from '../types.js';
import { mayMatch } from './index.js';
import type { Matcher } from './matchers.js';
import { findPattern } from './patternMatch.js';

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

/** Does one of the cues occur in the sentence? A cue missing a word it needs is not tried (unless lists run to dozens). */
export function findCue(cues: Matcher[], sentence: Sentence, words = contentWords(sentence.tokens)): Matcher | undefined {
  return cues.find((cue) => mayMatch(cue.pattern, words) && findPattern(cue.pattern, words, sentence.text));
}
