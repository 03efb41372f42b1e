import type { Token } from '../types.js';
import type { Matcher, Rule } from './types.js';

export interface IndexedMatcher<T> {
  item: T;
  matcher: Matcher;
  /** position in file order, so results do not depend on index order */
  order: number;
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

  constructor(entries: { item: T; matchers: Matcher[] }[]) {
    let order = 0;
    for (const { item, matchers } of entries) {
      for (const matcher of matchers) {
        const entry = { item, matcher, order: order++ };
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
    const found = new Set<IndexedMatcher<T>>(this.unanchored);
    const add = (list: IndexedMatcher<T>[] | undefined) => {
      if (list) for (const entry of list) found.add(entry);
    };
    for (const token of words) {
      add(this.byWord.get(token.norm));
      if (token.lemma !== token.norm) add(this.byWord.get(token.lemma));
      add(this.byStem.get(token.stem));
    }
    return [...found].sort((a, b) => a.order - b.order);
  }
}

export type RuleIndex = MatcherIndex<Rule>;

export function indexRules(rules: Rule[]): RuleIndex {
  return new MatcherIndex(rules.map((rule) => ({ item: rule, matchers: rule.matchers })));
}

