import type { Token } from '../types.js';

/**
 * A copy of a token with some of its fields changed (a word split in two, a
 * contraction spelt out). Made with an object literal of every field in the
 * order the parse makes tokens in, so every token has one hidden class: a
 * spread copy (`{ ...token, text }`) had a class of its own for each place
 * one was made (eight on the corpus), and the rules, which read the fields of
 * every token, then read them through V8's slower megamorphic lookups.
 */
export function changedToken(token: Token, changes: Partial<Token>): Token {
  return {
    text: changes.text ?? token.text,
    norm: changes.norm ?? token.norm,
    stem: changes.stem ?? token.stem,
    lemma: changes.lemma ?? token.lemma,
    pos: changes.pos ?? token.pos,
    negated: changes.negated ?? token.negated,
    start: changes.start ?? token.start,
    end: changes.end ?? token.end,
  };
}
