import type { RuleSet } from '../rules/types.js';
import type { ActionNouns } from './statement.js';

/** The lexicon of nouns that are their own job's verb ("use it for lesson plans" -> plan lessons). */
export const ACTION_NOUNS_LEXICON = 'action-nouns';

/** Each word of the action-nouns lexicon as its own verb; a project extends the lexicon like any other. */
export function actionNounsOf(rules: RuleSet): ActionNouns {
  const lexicon = rules.lexicons.find((l) => l.name === ACTION_NOUNS_LEXICON);
  const words = (lexicon?.matchers ?? []).filter((m) => m.kind === 'word').map((m) => m.source.toLowerCase());
  return new Map(words.map((word) => [word, word]));
}
