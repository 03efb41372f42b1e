import { sentenceKeys } from './pattern.js';
import type { Matcher, Rule } from './types.js';

export interface RuleMatcher {
  rule: Rule;
  matcher: Matcher;
  /** position in rule-file order, so results do not depend on index order */
  order: number;
}

/**
 * Rules indexed by the words their matchers need, so a sentence only tries the
 * few rules that could fire on it instead of every rule.
 */
export class RuleIndex {
  private readonly byAnchor = new Map<string, RuleMatcher[]>();
  private readonly unanchored: RuleMatcher[] = [];

  constructor(readonly rules: Rule[]) {
    let order = 0;
    rules.forEach((rule) => {
      for (const matcher of rule.matchers) {
        const entry = { rule, matcher, order: order++ };
        if (matcher.pattern.anchors.length === 0) this.unanchored.push(entry);
        for (const anchor of matcher.pattern.anchors) {
          const list = this.byAnchor.get(anchor) ?? [];
          list.push(entry);
          this.byAnchor.set(anchor, list);
        }
      }
    });
  }

  /** Candidate rule matchers for a sentence's words, in rule-file order. */
  candidates(keys: Set<string>): RuleMatcher[] {
    const found = new Set<RuleMatcher>(this.unanchored);
    for (const key of keys) for (const entry of this.byAnchor.get(key) ?? []) found.add(entry);
    return [...found].sort((a, b) => a.order - b.order);
  }
}

export { sentenceKeys };
