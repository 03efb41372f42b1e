import type { Tokens } from 'wink-nlp';
import { stem, wink } from './nlp.js';

/*
 * What segmenting knows of a word as written, remembered across turns and
 * files: its normal form, its stem, and the lemma wink gives it under each tag.
 */

/**
 * Contractions as wink splits them, spelled out so rules can say either form.
 * Maps, not objects: every word is looked up, and "constructor" or
 * "toString" must not find Object's own properties.
 */
const CONTRACTIONS = new Map(Object.entries({ "n't": 'not', "'m": 'am', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', ca: 'can', wo: 'will' }));
export function normalizeWord(text: string): string {
  const lower = text.toLowerCase().replace(/\u2019/g, "'");
  return CONTRACTIONS.get(lower) ?? lower;
}

/**
 * What is known of a word as written: its normal form and stem, and the
 * lemma wink gives it under each tag it was read with (lower case). Memoised
 * because interview vocabulary repeats: a turn's words are nearly all known.
 */
interface WordForms {
  norm: string;
  stem: string;
  /** the first tag the word was read with and its lemma (most words are read with one tag) */
  tag: string | undefined;
  lemma: string;
  /** lemmas under other tags */
  otherLemmas: Map<string, string> | undefined;
}

const wordForms = new Map<string, WordForms>();

/** Normal form and stem of a word as written. */
export function formsOf(text: string): WordForms {
  let forms = wordForms.get(text);
  if (!forms) {
    const norm = normalizeWord(text);
    forms = { norm, stem: stem(norm), tag: undefined, lemma: '', otherLemmas: undefined };
    wordForms.set(text, forms);
  }
  return forms;
}

/** A word's normal form and stem, to spread into a token (the rest of what is known of it is no token's). */
export function normAndStem(text: string): { norm: string; stem: string } {
  const { norm, stem } = formsOf(text);
  return { norm, stem };
}

/** The lemma wink gives the t-th token, in lower case; wink leaves it out for some misspelt contractions ("dont"), and the word stands in for it. */
export function winkLemma(tokens: Tokens, t: number, value: string): string {
  return lowerCase((tokens.itemAt(t).out(wink().its.lemma as never) as unknown as string | undefined) ?? value);
}

/**
 * The lemma of a word wink read with this tag, in lower case: asked of wink
 * (`its.lemma`, about a tenth of a thread's parse) only the first time.
 * wink's lemma of a word that is not part of a contraction depends on the
 * word and its tag alone (a lemma it looks up in its lexicon is the word's;
 * one it derives tries endings against the lexicon's own words, which a
 * parse never adds to), so it is remembered by both. wink leaves the lemma
 * out for some misspelt contractions ("dont"); the word stands in for it.
 */
export function lemmaOf(forms: WordForms, tag: string, tokens: Tokens, t: number, value: string): string {
  if (forms.tag === tag) return forms.lemma;
  const known = forms.otherLemmas?.get(tag);
  if (known !== undefined) return known;
  const lemma = winkLemma(tokens, t, value);
  if (forms.tag === undefined) {
    forms.tag = tag;
    forms.lemma = lemma;
  } else (forms.otherLemmas ??= new Map()).set(tag, lemma);
  return lemma;
}

/** The word in lower case; most lemmas already are, and are kept as they are instead of copied. */
export function lowerCase(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code >= 0x80) return word.toLowerCase();
  }
  return word;
}
