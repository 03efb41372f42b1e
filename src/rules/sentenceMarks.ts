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

/** A group with more forms than this (a lexicon inside a pattern) is marked as one number, not read form by form. */
const LARGE_GROUP = 16;

/** a form to the numbers its presence marks: its own, and those of the large groups it is in */
const marksOf = new Map<string, number[]>();
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
 * For each sentence, the lists of numbers its forms mark: a sentence is
 * marked again each time it is asked about after another (a rule's
 * neighbour sentences, the question before), and its words are looked up
 * only the first time.
 */
let marksIn = new WeakMap<Token[], number[][]>();

/** The number a sentence holding the form marks. */
export function formNumber(form: string): number {
  let id = formNumbers.get(form);
  if (id === undefined) {
    formNumbers.set(form, (id = newNumber()));
    marksOfForm(form).push(id);
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
    for (const form of unique) marksOfForm(form).push(id);
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
  // a form known only now was not looked for in the sentences marked so far
  markedWords = undefined;
  marksIn = new WeakMap();
  return id;
}

function marksOfForm(form: string): number[] {
  let ids = marksOf.get(form);
  if (!ids) marksOf.set(form, (ids = []));
  return ids;
}

/** Marks what the sentence's words hold (once per sentence: the rules and their cue lists ask about it in a row); returns its stamp. */
export function markSentence(words: Token[]): number {
  if (words === markedWords) return stamp;
  // 32-bit marks: clear them once the stamps would wrap
  if (stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 0;
  }
  const now = ++stamp;
  let lists = marksIn.get(words);
  if (!lists) marksIn.set(words, (lists = marksOfWords(words)));
  for (let l = 0; l < lists.length; l++) {
    const ids = lists[l]!;
    for (let i = 0; i < ids.length; i++) marks[ids[i]!] = now;
  }
  markedWords = words;
  return now;
}

/** The lists of numbers the words' forms (each one's form as written, lemma and stem) mark. */
function marksOfWords(words: Token[]): number[][] {
  const lists: number[][] = [];
  const add = (form: string) => {
    const ids = marksOf.get(form);
    if (ids) lists.push(ids);
  };
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!;
    add(token.norm);
    if (token.lemma !== token.norm) add(token.lemma);
    if (token.stem !== token.norm && token.stem !== token.lemma) add(token.stem);
  }
  return lists;
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
