import type { Token } from '../types.js';
import { keepOnPattern, type LargeGroup, type Pattern, type RequiredGroup } from './pattern.js';
import type { Matcher } from './matchers.js';
import { RegexEntries } from './regexEntries.js';
import { allGroupsMarked, fileUnder, groupNumbers, LARGE_GROUP, markSentence } from './sentenceMarks.js';
import { pairsHeld, type WordPairs } from './wordPairs.js';

export interface IndexedMatcher<T> {
  item: T;
  matcher: Matcher;
  /** position in file order, so results do not depend on index order */
  order: number;
  /** the last candidates() call that weighed this entry */
  seen: number;
  /** the words the matcher needs, one form of each, as the numbers a sentence marks (sentenceMarks.ts) */
  required: number[][];
}

/**
 * Matchers indexed by a word they cannot match without, so a sentence only
 * tries the few matchers that could match it instead of every one.
 */
export class MatcherIndex<T> {
  /** anchors are "w:word" or "s:stem"; kept in two maps so a token is looked up without building key strings */
  private readonly byWord = new Map<string, IndexedMatcher<T>[]>();
  private readonly byStem = new Map<string, IndexedMatcher<T>[]>();
  private readonly unanchored: IndexedMatcher<T>[] = [];
  /** regexes have no words to index by: they are weighed by the literals their text needs */
  private readonly regexes: RegexEntries<IndexedMatcher<T>>;
  private calls = 0;

  constructor(entries: { item: T; matchers: Matcher[] }[]) {
    const regexes: IndexedMatcher<T>[] = [];
    let order = 0;
    for (const { item, matchers } of entries) {
      for (const matcher of matchers) {
        const entry = { item, matcher, order: order++, seen: 0, required: matcher.pattern.required.map(groupNumbers) };
        if (matcher.pattern.regex) regexes.push(entry);
        else if (matcher.pattern.anchors.length === 0) this.unanchored.push(entry);
        for (const anchor of matcher.pattern.anchors) {
          fileUnder(anchor);
          const map = anchor.startsWith('s:') ? this.byStem : this.byWord;
          const key = anchor.slice(2);
          const list = map.get(key) ?? [];
          list.push(entry);
          map.set(key, list);
        }
      }
    }
    this.regexes = new RegexEntries(
      regexes,
      regexes.map((entry) => entry.matcher.pattern.regex!),
    );
  }

  /**
   * The matchers the sentence's words could satisfy, in file order. With the
   * sentence's `text`, a regex that needs a literal the text lacks is left out.
   */
  candidates(words: Token[], text?: string): IndexedMatcher<T>[] {
    if (this.byWord.size === 0 && this.byStem.size === 0 && this.unanchored.length === 0 && this.regexes.size === 0) return [];
    const { stamp: marked, words: wordForms, stems } = markSentence(words);
    const stamp = ++this.calls;
    const found: IndexedMatcher<T>[] = [];
    this.consider(this.unanchored, stamp, marked, found);
    this.regexes.addCandidates(text, found);
    // the sentence's forms some index files matchers under, each once: the others would find no list here either
    for (let i = 0; i < wordForms.length; i++) this.consider(this.byWord.get(wordForms[i]!), stamp, marked, found);
    for (let i = 0; i < stems.length; i++) this.consider(this.byStem.get(stems[i]!), stamp, marked, found);
    return found.length > 1 ? found.sort((a, b) => a.order - b.order) : found;
  }

  /** Adds the entries of the list whose required words the sentence holds (a method, not a closure: this runs for every word of every sentence). */
  private consider(list: IndexedMatcher<T>[] | undefined, stamp: number, marked: number, found: IndexedMatcher<T>[]): void {
    if (!list) return;
    for (const entry of list) {
      // a stamp instead of a Set: an entry reached through two of the sentence's words is weighed once
      if (entry.seen === stamp) continue;
      entry.seen = stamp;
      if (allGroupsMarked(entry.required, marked)) found.push(entry);
    }
  }
}

const largeGroups = new Map<string, LargeGroup>();

/**
 * A pattern's required groups. A lexicon inside a pattern brings hundreds of
 * forms, and several patterns name the same lexicon: such a group is one
 * shared object, so a transcript's vocabulary answers for it once (see
 * holdsGroup). The index reads the same groups as numbers (sentenceMarks.ts).
 */
function requiredSets(pattern: Pattern): RequiredGroup[] {
  let groups = pattern.requiredGroups;
  if (!groups) {
    groups = pattern.required.map((group) => {
      if (group.length <= LARGE_GROUP) return group;
      const key = [...group].sort().join(' ');
      let shared = largeGroups.get(key);
      if (!shared) largeGroups.set(key, (shared = { forms: new Set(group) }));
      return shared;
    });
    keepOnPattern(pattern, 'requiredGroups', groups);
  }
  return groups;
}

/** One form of each required word is in the vocabulary. */
function holdsAll(required: RequiredGroup[], forms: VocabularyForms): boolean {
  for (const group of required) {
    if (!Array.isArray(group)) {
      if (!holdsGroup(group, forms)) return false;
      continue;
    }
    let found = false;
    for (const form of group) {
      if (forms.all.has(form)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** Whether the vocabulary holds a form of a large group, asked once per vocabulary and group. */
function holdsGroup(group: LargeGroup, forms: VocabularyForms): boolean {
  let held = forms.groups.get(group);
  if (held === undefined) {
    // the vocabulary's words looked up in the group; words that cannot be gone through (hashed) are asked for each of the group's forms
    held = Symbol.iterator in forms.all ? holdsOneOf(forms.all as Iterable<string>, group.forms) : holdsOneOf(group.forms, forms.all);
    forms.groups.set(group, held);
  }
  return held;
}

function holdsOneOf(words: Iterable<string>, set: { has(word: string): boolean }): boolean {
  for (const word of words) if (set.has(word)) return true;
  return false;
}

/**
 * Words that can be asked one by one: a Set, a transcript's words as the
 * cache keeps them (run/ruleHits.ts), or their hashes (run/outcomeMemo.ts),
 * which cannot be gone through.
 */
export interface WordSet extends Partial<Iterable<string>> {
  has(word: string): boolean;
}

/** A transcript's words, lemmas and stems, and what it answered for the large groups so far. */
interface VocabularyForms<Words extends WordSet = WordSet> {
  all: Words;
  groups: Map<LargeGroup, boolean>;
}

/** Every word, lemma and stem of these sentences' content words: all a transcript could offer a matcher (couldMatchIn). */
export function vocabularyOf(sentencesWords: Token[][]): Set<string> {
  const all = new Set<string>();
  for (const words of sentencesWords) for (const token of words) all.add(token.norm).add(token.lemma).add(token.stem);
  return all;
}

/**
 * Could one of these matchers be tried on some sentence whose forms are all
 * in `vocabulary`? The index tries a matcher only on a sentence holding one
 * of its anchors and a form of each word it requires, so false means none of
 * them can match anywhere in the transcript: a rule edit need not read it.
 * With the transcript's word `pairs`, a matcher whose words must stand side
 * by side (a phrase) needs each such pair there too.
 */
export function couldMatchIn(matchers: Matcher[], vocabulary: WordSet, pairs?: WordPairs): boolean {
  const forms: VocabularyForms = { all: vocabulary, groups: new Map() };
  const anchored = (pattern: Pattern) => pattern.anchors.length === 0 || pattern.anchors.some((anchor) => vocabulary.has(anchor.slice(2)));
  return matchers.some(({ pattern }) => anchored(pattern) && holdsAll(requiredSets(pattern), forms) && (!pairs || pairsHeld(pattern, pairs)));
}
