/**
 * What a compiled pattern is: its elements, the forms a word counts in, the
 * tags it may name. patternCompile.ts makes one from a rule's text,
 * patternMatch.ts finds it in a sentence's words, wordForms.ts tells a word's forms.
 */
import { NEGATIVES } from '../segment/negation.js';
import type { Token } from '../types.js';

/**
 * A compiled piece of match syntax. Patterns use a subset of compromise's match
 * syntax but run on wink-nlp tokens, so every rule reads the one shared parse.
 */
export type Element =
  | { kind: 'word'; words: string[][]; tags?: string[]; forms?: WordForm[]; optional: boolean; exact?: boolean; byFirstWord?: Map<string, string[][]>; formIndex?: FormIndex }
  | { kind: 'lemma'; forms: WordForm[]; optional: boolean }
  | { kind: 'tag'; tag: string; optional: boolean }
  | { kind: 'any'; optional: boolean }
  | { kind: 'gap'; max: number };

/** A word and the forms of it that count: its lemma, and words sharing its stem that start like it. */
export interface WordForm {
  lemma: string;
  stem: string;
  /** the word less a final e or y, which its derived forms start with (frustrat-ion, worri-ed) */
  prefix: string;
}

/** A choice's forms by lemma and by stem: a lexicon brings hundreds, and every word of every sentence asks. */
export interface FormIndex {
  byLemma: Map<string, WordForm>;
  byStem: Map<string, WordForm[]>;
}

/** A required group with many forms (a lexicon inside a pattern), shared by every pattern that names the same forms (rules/index.ts). */
export interface LargeGroup {
  forms: Set<string>;
}

/** One required word of a pattern as the index tests it: its forms, or a large group shared with other patterns. */
export type RequiredGroup = string[] | LargeGroup;

export interface Pattern {
  source: string;
  elements: Element[];
  anchoredAtStart: boolean;
  anchoredAtEnd: boolean;
  /** keys one of which a sentence must contain for the pattern to have a chance (empty: no shortcut) */
  anchors: string[];
  /** for each required word of the pattern, the forms (word, lemma or stem) a sentence must hold one of */
  required: string[][];
  /** `required` as the index tests it, made on first use (rules/index.ts) */
  requiredGroups?: RequiredGroup[];
  /** the word pairs that must stand side by side for it to match, made on first use (rules/wordPairs.ts) */
  requiredPairs?: [string, string][][];
  /** runs of three words it cannot match without (wordPairs.ts), made once */
  requiredTriples?: [string, string, string][];
  /** the pattern itself names a negation ("couldn't find"), so a negated match is what it asks for */
  spellsNegation: boolean;
  /** a `regex` entry's source: matched on the sentence text instead of the elements (regex.ts) */
  regex?: string;
}

/** The tags a pattern may name (`#Verb`), each a test of a token: compiling checks the name, matching runs the test. */
/** What a pattern keeps about itself once asked, made on first use by the thread that asks. */
type PatternMemo = 'requiredGroups' | 'requiredPairs' | 'requiredTriples';

/**
 * Keeps a memo on the pattern, off its enumerable fields. Whether a memo is
 * there depends on which sentences this thread has met (a cue of an `unless`
 * list is weighed only in a sentence that holds one of its words), so it must
 * never show in what a rule is: explain's output, a structured clone sent to
 * a worker, a deep comparison of two runs' answers.
 */
export function keepOnPattern<K extends PatternMemo>(pattern: Pattern, key: K, value: NonNullable<Pattern[K]>): NonNullable<Pattern[K]> {
  Object.defineProperty(pattern, key, { value, enumerable: false, writable: true, configurable: true });
  return value;
}

export const TAGS: Record<string, (token: Token) => boolean> = {
  verb: (t) => t.pos === 'VERB' || t.pos === 'AUX',
  noun: (t) => t.pos === 'NOUN' || t.pos === 'PROPN',
  propernoun: (t) => t.pos === 'PROPN',
  adjective: (t) => t.pos === 'ADJ',
  adverb: (t) => t.pos === 'ADV',
  pronoun: (t) => t.pos === 'PRON',
  determiner: (t) => t.pos === 'DET',
  preposition: (t) => t.pos === 'ADP',
  auxiliary: (t) => t.pos === 'AUX',
  conjunction: (t) => t.pos === 'CCONJ' || t.pos === 'SCONJ',
  value: (t) => t.pos === 'NUM',
  gerund: (t) => t.pos === 'VERB' && t.norm.endsWith('ing'),
  negative: (t) => NEGATIVES.has(t.norm),
};
export const TAG_NAMES = Object.keys(TAGS);

export interface Span {
  /** token indexes into the word list, end exclusive */
  start: number;
  end: number;
}

export type WordElement = Extract<Element, { kind: 'word' }>;
