import type { RuleSet } from '../rules/types.js';
import type { ActionNouns } from './deverbal.js';
import type { GeneralNouns } from './statementObject.js';
import { EXAMPLE_NOUNS } from './statementWords.js';

/** The lexicon of nouns that are their own job's verb ("use it for lesson plans" -> plan lessons). */
export const ACTION_NOUNS_LEXICON = 'action-nouns';

/** The lexicon of nouns too general to say what a job is about ("bounce ideas off"). */
export const GENERAL_NOUNS_LEXICON = 'general-nouns';

/** Each word of the action-nouns lexicon as its own verb; a project extends the lexicon like any other. */
export function actionNounsOf(rules: Pick<RuleSet, 'lexicons'>): ActionNouns {
  const words = lexiconWords(rules, ACTION_NOUNS_LEXICON);
  return new Map(words.map((word) => [word, word]));
}

/** The general-nouns lexicon's words, with the nouns that always stand for examples ("things like"). */
export function generalNounsOf(rules: Pick<RuleSet, 'lexicons'>): GeneralNouns {
  return new Set([...EXAMPLE_NOUNS, ...lexiconWords(rules, GENERAL_NOUNS_LEXICON)]);
}

function lexiconWords(rules: Pick<RuleSet, 'lexicons'>, name: string): string[] {
  const lexicon = rules.lexicons.find((l) => l.name === name);
  return (lexicon?.matchers ?? []).filter((m) => m.kind === 'word').map((m) => m.source.toLowerCase());
}
