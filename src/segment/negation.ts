import type { Token } from '../types.js';

export const NEGATIVES = new Set(['not', 'never', 'no', 'nothing', 'none', 'nobody', 'neither', 'nor', 'without', 'hardly']);

/** Words that start a new clause: a negation before them does not reach past them. */
const CLAUSE_STARTS = new Set(['and', 'but', 'so', 'because', 'although', 'though', 'while', 'whereas', 'which', 'yet']);

/**
 * wink-nlp negates every word up to the next punctuation mark, so in "it's not
 * perfect and can be frustrating" it negates "frustrating" too. Spoken answers
 * run clauses together without commas, so a negation stops at a new clause.
 * Nor does a "not" that negates nothing: "more often than not", "whether or
 * not" ("More often than not I have to specify even more" says the
 * participant has to), unless a negation before it is still in force.
 * Changes the tokens in place: they are fresh from the parse and nothing else
 * holds them.
 */
export function limitNegationToClause(tokens: Token[]): void {
  let cut = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (NEGATIVES.has(token.norm)) cut = isIdiom(tokens, i);
    else if (CLAUSE_STARTS.has(token.norm)) cut = true;
    if (cut) token.negated = false;
  }
}

/** Words after which "not" negates nothing. */
const IDIOM_BEFORE_NOT = new Set(['than', 'or']);

function isIdiom(tokens: Token[], at: number): boolean {
  const before = tokens[at - 1];
  if (tokens[at]!.norm !== 'not' || !before || !IDIOM_BEFORE_NOT.has(before.norm)) return false;
  // "I never know whether it's right or not": the negation before it goes on (wink reads it up to the punctuation)
  return !before.negated;
}
