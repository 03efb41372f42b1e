import type { Token } from '../types.js';

/*
 * The words patterns ask a sentence for, as numbers the sentence marks once.
 * The rule index (rules/index.ts) weighs every pattern filed under a
 * sentence's words, and a condition's cue list (cueList.ts) every cue filed
 * under them: asked group by group of the sentence's set of forms, the index
 * alone made 2.5 million look-ups of a string on 300 interviews. Each form a
 * pattern names has a number; a sentence's words (each one's form as written,
 * lemma and stem) mark theirs, once for every index and list that asks about
 * the sentence, and a pattern is weighed by reading numbers.
 */

/**
 * A group with more forms than this (a lexicon inside a pattern) is one
 * thing, not read form by form: marked as one number here, and one shared set
 * when a transcript's vocabulary is asked (rules/index.ts).
 */
export const LARGE_GROUP = 16;

/** What a form is to the patterns: the numbers it marks (its own, those of the large groups it is in), and whether an index files matchers under it. */
interface FormUse {
  marks: number[];
  /** an index files matchers under it as a word ("w:", a token's form as written or lemma) or as a stem ("s:") */
  asWord: boolean;
  asStem: boolean;
  /** the last sentence looked up that held it, listed it as a word, listed it as a stem: so a sentence takes it once */
  heldIn: number;
  wordIn: number;
  stemIn: number;
}
const uses = new Map<string, FormUse>();
/** a form's own number */
const formNumbers = new Map<string, number>();
/** a large group's forms, sorted and joined, to its number */
const largeGroups = new Map<string, number>();
let size = 0;
/** the stamp of the sentence each number was last marked in */
let marks = new Uint32Array(256);
let stamp = 0;
let markedWords: Token[] | undefined;
/**
 * What a sentence's words (each one's form as written, lemma and stem) are
 * to the patterns, looked up once: the lists of numbers they mark, and the
 * forms matchers are filed under, each once. A sentence is marked again each
 * time it is asked about after another (a rule's neighbour sentences, the
 * question before), and every index looks up the filed forms, not each word.
 */
export interface SentenceForms {
  /** the stamp the sentence was marked with last: what anyMarked and allGroupsMarked are asked with, until another sentence is marked */
  stamp: number;
  marks: number[][];
  /** norms and lemmas an index files matchers under as words */
  words: string[];
  /** stems an index files matchers under as stems */
  stems: string[];
}
let formsOfSentence = new WeakMap<Token[], SentenceForms>();
let markedForms: SentenceForms | undefined;
let listings = 0;

/** The number a sentence holding the form marks. */
export function formNumber(form: string): number {
  let id = formNumbers.get(form);
  if (id === undefined) {
    formNumbers.set(form, (id = newNumber()));
    useOf(form).marks.push(id);
  }
  return id;
}

/**
 * The numbers one of which a sentence holding a form of the group marks: the
 * forms' own, or for a large group its one number (a common word is in
 * hundreds of small groups, so those are read form by form, not marked).
 */
export function groupNumbers(forms: string[]): number[] {
  const unique = [...new Set(forms)];
  if (unique.length <= LARGE_GROUP) return unique.map(formNumber);
  const key = unique.sort().join(' ');
  let id = largeGroups.get(key);
  if (id === undefined) {
    largeGroups.set(key, (id = newNumber()));
    for (const form of unique) useOf(form).marks.push(id);
  }
  return [id];
}

function newNumber(): number {
  const id = size++;
  if (id >= marks.length) {
    const grown = new Uint32Array(marks.length * 2);
    grown.set(marks);
    marks = grown;
  }
  forgetSentences();
  return id;
}

/** A form known only now, or newly filed, was not looked for in the sentences looked up so far. */
function forgetSentences(): void {
  markedWords = undefined;
  markedForms = undefined;
  formsOfSentence = new WeakMap();
}

function useOf(form: string): FormUse {
  let use = uses.get(form);
  if (!use) uses.set(form, (use = { marks: [], asWord: false, asStem: false, heldIn: 0, wordIn: 0, stemIn: 0 }));
  return use;
}

/** An index files matchers under this anchor ("w:word" or "s:stem"): a sentence holding it lists it among its filed forms. */
export function fileUnder(anchor: string): void {
  const use = useOf(anchor.slice(2));
  const asStem = anchor.startsWith('s:');
  if (asStem ? use.asStem : use.asWord) return;
  if (asStem) use.asStem = true;
  else use.asWord = true;
  forgetSentences();
}

/** Marks what the sentence's words hold (once per sentence: the rules and their cue lists ask about it in a row); returns its forms and stamp. */
export function markSentence(words: Token[]): SentenceForms {
  if (words === markedWords) return markedForms!;
  // 32-bit marks: clear them once the stamps would wrap
  if (stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 0;
  }
  const now = ++stamp;
  let forms = formsOfSentence.get(words);
  if (!forms) formsOfSentence.set(words, (forms = formsOfWords(words)));
  const lists = forms.marks;
  for (let l = 0; l < lists.length; l++) {
    const ids = lists[l]!;
    for (let i = 0; i < ids.length; i++) marks[ids[i]!] = now;
  }
  forms.stamp = now;
  markedWords = words;
  markedForms = forms;
  return forms;
}

function formsOfWords(words: Token[]): SentenceForms {
  const forms: SentenceForms = { stamp: 0, marks: [], words: [], stems: [] };
  const listing = ++listings;
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!;
    const norm = uses.get(token.norm);
    if (norm) addWord(forms, norm, token.norm, listing);
    const lemma = token.lemma === token.norm ? undefined : uses.get(token.lemma);
    if (lemma) addWord(forms, lemma, token.lemma, listing);
    const stem = token.stem === token.norm ? norm : token.stem === token.lemma ? lemma : uses.get(token.stem);
    if (stem) addStem(forms, stem, token.stem, listing);
  }
  return forms;
}

/** A norm or lemma the sentence holds: its numbers to mark, and the form listed if matchers are filed under it as a word. */
function addWord(forms: SentenceForms, use: FormUse, form: string, listing: number): void {
  addMarks(forms, use, listing);
  if (use.asWord && use.wordIn !== listing) {
    use.wordIn = listing;
    forms.words.push(form);
  }
}

function addStem(forms: SentenceForms, use: FormUse, form: string, listing: number): void {
  addMarks(forms, use, listing);
  if (use.asStem && use.stemIn !== listing) {
    use.stemIn = listing;
    forms.stems.push(form);
  }
}

function addMarks(forms: SentenceForms, use: FormUse, listing: number): void {
  if (use.heldIn === listing) return;
  use.heldIn = listing;
  if (use.marks.length > 0) forms.marks.push(use.marks);
}

/** Whether the sentence marked with `now` marked one of the numbers. */
export function anyMarked(ids: number[], now: number): boolean {
  for (let i = 0; i < ids.length; i++) if (marks[ids[i]!] === now) return true;
  return false;
}

/** Whether the sentence marked with `now` marked one number of every group. */
export function allGroupsMarked(groups: number[][], now: number): boolean {
  for (let g = 0; g < groups.length; g++) if (!anyMarked(groups[g]!, now)) return false;
  return true;
}
