import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';

let instance: WinkMethods | undefined;

/** The wink-nlp instance, loaded once per process (loading the model costs ~100 ms). */
export function wink(): WinkMethods {
  instance ??= winkNLP(model, ['sbd', 'negation', 'pos']);
  return instance;
}

const stems = new Map<string, string>();

/** Porter stem, memoised: the vocabulary of interviews is small and repeats a lot. */
export function stem(word: string): string {
  let value = stems.get(word);
  if (value === undefined) {
    value = porter.stem(word);
    stems.set(word, value);
  }
  return value;
}
