import { createRequire } from 'node:module';
import winkNLP, { type WinkMethods } from 'wink-nlp';
import type Model from 'wink-eng-lite-web-model';
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';

let instance: WinkMethods | undefined;

/**
 * The wink-nlp instance, loaded once per thread, and only when a transcript
 * needs parsing: the model costs ~0.2 s to load, which a run that finds every
 * parse in the cache does not pay.
 */
export function wink(): WinkMethods {
  instance ??= winkNLP(createRequire(import.meta.url)('wink-eng-lite-web-model') as typeof Model, ['sbd', 'negation', 'pos']);
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
