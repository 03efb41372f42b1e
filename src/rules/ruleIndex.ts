import { compileConditions, type CompiledConditions } from './conditions/index.js';
import { MatcherIndex } from './index.js';
import type { Rule } from './types.js';

/** A rule with its conditions made into checks, once, for the matcher to run on every sentence its words are in. */
export interface IndexedRule extends CompiledConditions {
  rule: Rule;
}

export type RuleIndex = MatcherIndex<IndexedRule>;

export function indexRules(rules: Rule[]): RuleIndex {
  return new MatcherIndex(rules.map((rule) => ({ item: { rule, ...compileConditions(rule.conditions) }, matchers: rule.matchers })));
}
