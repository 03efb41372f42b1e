import { wink } from './nlp.js';
import type { Token } from '../types.js';

const lemmas = new Map<string, string | undefined>();

/**
 * wink tags a capitalised "-ing" word that opens a sentence as a proper noun
 * ("Planning a campaign involves ...", "* Generating emails for staff"), so it
 * has no verb lemma and no rule sees a verb there. When the same word in
 * lower case reads as a verb, the opening word takes that tag and lemma.
 */
export function retagOpeningGerund(words: Token[]): void {
  const first = words.find((token) => token.pos !== 'PUNCT' && token.pos !== 'SYM' && token.pos !== 'NUM');
  if (!first || first.pos !== 'PROPN' || !/^\p{Lu}\p{Ll}+ing$/u.test(first.text)) return;
  const lemma = verbLemma(first.norm);
  if (!lemma) return;
  first.pos = 'VERB';
  first.lemma = lemma;
}

/** The lemma wink gives the word as a verb in a plain clause ("we were planning" -> plan), or undefined if it is no verb there. */
function verbLemma(word: string): string | undefined {
  if (lemmas.has(word)) return lemmas.get(word);
  const nlp = wink();
  const doc = nlp.readDoc(`we were ${word} it`);
  const token = doc.tokens().itemAt(2);
  const lemma = token.out(nlp.its.pos) === 'VERB' ? String(token.out(nlp.its.lemma as never)).toLowerCase() : undefined;
  lemmas.set(word, lemma);
  return lemma;
}
