import type { Token } from '../types.js';

export const NEGATIVES = new Set(['not', 'never', 'no', 'nothing', 'none', 'nobody', 'neither', 'nor', 'without', 'hardly']);

/** Words that start a new clause: a negation before them does not reach past them. */
const CLAUSE_STARTS = new Set(['and', 'but', 'so', 'because', 'although', 'though', 'while', 'whereas', 'which', 'yet']);

/**
 * wink-nlp negates every word up to the next punctuation mark, so in "it's not
 * perfect and can be frustrating" it negates "frustrating" too. Spoken answers
 * run clauses together without commas, so a negation stops at a new clause.
 */
/** Changes the tokens in place: they are fresh from the parse and nothing else holds them. */
export function limitNegationToClause(tokens: Token[]): void {
  let cut = false;
  for (const token of tokens) {
    if (NEGATIVES.has(token.norm)) cut = false;
    else if (CLAUSE_STARTS.has(token.norm)) cut = true;
    if (cut) token.negated = false;
  }
}
