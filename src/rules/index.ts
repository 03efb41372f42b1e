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
  private readonly byAnchor = new Map<string, IndexedMatcher<T>[]>();
  private readonly unanchored: IndexedMatcher<T>[] = [];

  constructor(entries: { item: T; matchers: Matcher[] }[]) {
    let order = 0;
    for (const { item, matchers } of entries) {
      for (const matcher of matchers) {
        const entry = { item, matcher, order: order++ };
        if (matcher.pattern.anchors.length === 0) this.unanchored.push(entry);
        for (const anchor of matcher.pattern.anchors) {
          const list = this.byAnchor.get(anchor) ?? [];
          list.push(entry);
          this.byAnchor.set(anchor, list);
        }
      }
    }
  }

  /** The matchers a sentence with these keys could satisfy, in file order. */
  candidates(keys: Set<string>): IndexedMatcher<T>[] {
    const found = new Set<IndexedMatcher<T>>(this.unanchored);
    for (const key of keys) for (const entry of this.byAnchor.get(key) ?? []) found.add(entry);
    return [...found].sort((a, b) => a.order - b.order);
  }
}

export type RuleIndex = MatcherIndex<Rule>;

export function indexRules(rules: Rule[]): RuleIndex {
  return new MatcherIndex(rules.map((rule) => ({ item: rule, matchers: rule.matchers })));
}

