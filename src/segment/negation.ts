import type { Token } from '../types.js';

export const NEGATIVES = new Set(['not', 'never', 'no', 'nothing', 'none', 'nobody', 'neither', 'nor', 'without', 'hardly']);

/** Words that start a new clause: a negation before them does not reach past them. */
const CLAUSE_STARTS = new Set(['and', 'but', 'so', 'because', 'although', 'though', 'while', 'whereas', 'which', 'yet']);

/**
 * wink-nlp negates every word up to the next punctuation mark, so in "it's not
 * perfect and can be frustrating" it negates "frustrating" too. Spoken answers
 * run clauses together without commas, so a negation stops at a new clause:
 * at a word that starts one, and after a negated "if" or "when" clause at the
 * main clause's subject ("if it isn't clear I have to redo it": the redo is
 * not negated).
 * Nor does a "not" that negates nothing: "more often than not", "whether or
 * not" ("More often than not I have to specify even more" says the
 * participant has to), unless a negation before it is still in force.
 * Changes the tokens in place: they are fresh from the parse and nothing else
 * holds them.
 */
export function limitNegationToClause(tokens: Token[]): void {
  let cut = false;
  let conditional: 'none' | 'open' | 'negated' = 'none';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const kind = WORD_KINDS.get(token.norm);
    if (kind === 'negative') {
      cut = isIdiom(tokens, i);
      if (conditional === 'open' && !cut) conditional = 'negated';
    } else if (kind === 'clause' || token.pos === 'PUNCT') {
      cut ||= kind === 'clause';
      conditional = 'none';
    } else if (kind === 'condition' && tokens[i - 1]?.norm !== 'as') conditional = 'open';
    else if (conditional === 'negated' && startsMainClause(tokens, i)) {
      cut = true;
      conditional = 'none';
    }
    if (cut) token.negated = false;
  }
}

/** Words that open a condition or a time clause before the main clause. */
const CONDITIONS = new Set(['if', 'unless', 'when', 'whenever', 'once']);

/** Which of the three a word is, if any: one lookup for every word of every sentence instead of three (the sets share no word). */
const WORD_KINDS = new Map<string, 'negative' | 'clause' | 'condition'>([
  ...[...NEGATIVES].map((word) => [word, 'negative'] as const),
  ...[...CLAUSE_STARTS].map((word) => [word, 'clause'] as const),
  ...[...CONDITIONS].map((word) => [word, 'condition'] as const),
]);

/** Subjects that start a clause when a verb follows ("I have to", "it makes"). */
const SUBJECTS = new Set(['i', 'we', 'they', 'he', 'she', 'you', 'it']);
const MODALS = new Set(['would', 'could', 'might']);

/**
 * The main clause after a negated condition starts at a subject and its verb,
 * unless it is a counterfactual ("if I hadn't had AI it would have taken
 * hours": what did not happen stays under the condition).
 */
function startsMainClause(tokens: Token[], at: number): boolean {
  const [next, after, third] = [tokens[at + 1], tokens[at + 2], tokens[at + 3]];
  if (!SUBJECTS.has(tokens[at]!.norm) || next === undefined || (next.pos !== 'VERB' && next.pos !== 'AUX')) return false;
  return !(MODALS.has(next.norm) && after?.norm === 'have' && third?.norm !== 'to');
}

/** Words after which "not" negates nothing. */
const IDIOM_BEFORE_NOT = new Set(['than', 'or']);

function isIdiom(tokens: Token[], at: number): boolean {
  const before = tokens[at - 1];
  if (tokens[at]!.norm !== 'not' || !before || !IDIOM_BEFORE_NOT.has(before.norm)) return false;
  // "I never know whether it's right or not": the negation before it goes on (wink reads it up to the punctuation)
  return !before.negated;
}
