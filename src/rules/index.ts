import type { Token } from '../types.js';
import type { Pattern } from './pattern.js';
import type { Matcher, Rule } from './types.js';

export interface IndexedMatcher<T> {
  item: T;
  matcher: Matcher;
  /** position in file order, so results do not depend on index order */
  order: number;
  /** the last candidates() call that weighed this entry */
  seen: number;
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
  private calls = 0;

  constructor(entries: { item: T; matchers: Matcher[] }[]) {
    let order = 0;
    for (const { item, matchers } of entries) {
      for (const matcher of matchers) {
        const entry = { item, matcher, order: order++, seen: 0 };
        if (matcher.pattern.anchors.length === 0) this.unanchored.push(entry);
        for (const anchor of matcher.pattern.anchors) {
          const map = anchor.startsWith('s:') ? this.byStem : this.byWord;
          const key = anchor.slice(2);
          const list = map.get(key) ?? [];
          list.push(entry);
          map.set(key, list);
        }
      }
    }
  }

  /** The matchers the sentence's words could satisfy, in file order. */
  candidates(words: Token[]): IndexedMatcher<T>[] {
    if (this.byWord.size === 0 && this.byStem.size === 0 && this.unanchored.length === 0) return [];
    const forms = formsIn(words);
    const stamp = ++this.calls;
    const found: IndexedMatcher<T>[] = [];
    const consider = (list: IndexedMatcher<T>[] | undefined) => {
      if (!list) return;
      for (const entry of list) {
        // a stamp instead of a Set: an entry reached through two of the sentence's words is weighed once
        if (entry.seen === stamp) continue;
        entry.seen = stamp;
        if (holdsAll(requiredSets(entry.matcher.pattern), forms)) found.push(entry);
      }
    };
    consider(this.unanchored);
    for (const token of words) {
      consider(this.byWord.get(token.norm));
      if (token.lemma !== token.norm) consider(this.byWord.get(token.lemma));
      consider(this.byStem.get(token.stem));
    }
    return found.sort((a, b) => a.order - b.order);
  }
}

type RequiredGroup = string[] | Set<string>;

const requiredOf = new WeakMap<Pattern, RequiredGroup[]>();

/**
 * A pattern's required groups, a large group (a lexicon inside a pattern brings
 * hundreds of forms) as a set, so the test below asks the sentence's few forms
 * of it instead of walking the group.
 */
function requiredSets(pattern: Pattern): RequiredGroup[] {
  let groups = requiredOf.get(pattern);
  if (!groups) {
    groups = pattern.required.map((group) => (group.length > LARGE_GROUP ? new Set(group) : group));
    requiredOf.set(pattern, groups);
  }
  return groups;
}

const LARGE_GROUP = 16;

/** One form of each required word is in the sentence (plain loops: this runs for every candidate of every sentence). */
function holdsAll(required: RequiredGroup[], forms: Set<string>): boolean {
  for (const group of required) {
    let found = false;
    if (group instanceof Set) {
      for (const form of forms) {
        if (group.has(form)) {
          found = true;
          break;
        }
      }
    } else {
      for (const form of group) {
        if (forms.has(form)) {
          found = true;
          break;
        }
      }
    }
    if (!found) return false;
  }
  return true;
}

const formsOfSentence = new WeakMap<Token[], Set<string>>();

/** Could the pattern match a sentence with these words? False when a word it needs is missing: the cheap test before trying it. */
export function mayMatch(pattern: Pattern, words: Token[]): boolean {
  return holdsAll(requiredSets(pattern), formsIn(words));
}

/** Every word, lemma and stem of the sentence; remembered, since the rules and the stage and dimension cues all ask. */
function formsIn(words: Token[]): Set<string> {
  let forms = formsOfSentence.get(words);
  if (!forms) {
    forms = new Set();
    for (const token of words) forms.add(token.norm).add(token.lemma).add(token.stem);
    formsOfSentence.set(words, forms);
  }
  return forms;
}

export type RuleIndex = MatcherIndex<Rule>;

export function indexRules(rules: Rule[]): RuleIndex {
  return new MatcherIndex(rules.map((rule) => ({ item: rule, matchers: rule.matchers })));
}

