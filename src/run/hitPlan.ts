import type { Matcher } from '../rules/matchers.js';
import type { Rule } from '../rules/types.js';
import type { HitsEntry } from './hitsEntry.js';
import { matchersAdded, type RuleVersion, type RuleVersions } from './ruleVersions.js';

/**
 * What a run does with each rule for the transcripts of one entry: read its
 * hits back (the entry holds this version), read back those of an earlier
 * version and run only the matchers added since (an edit that added or
 * removed words or phrases, its conditions as they were), or run it whole.
 */
export interface Plan {
  /** for each rule of the run, where its hits are in the entry and how its matchers map: undefined for a rule the entry knows nothing of */
  byRule: (Recalled | undefined)[];
  /** by the entry's rule index: the run's rule its hits are of */
  fromEntry: Map<number, Recalled>;
  /** the rules to run whole */
  whole: Rule[];
  /** each edited rule's added matchers, as a rule of their own with its conditions (none when nothing was added) */
  added: Rule[];
  /** what must not match a transcript's words for the entry to answer alone */
  unheld: Matcher[];
}

export interface Recalled {
  /** the run's rule */
  rule: number;
  /** the entry's version's matcher index -> the run's rule's, -1 for a matcher removed since; undefined when the entry holds this very version */
  matchers?: number[];
}

/**
 * How this run's rules stand to the rule versions the entry holds hits of:
 * `partOf` is told the rule each edited rule's added matchers are part of,
 * as the memo reads their hits back as the rule's (ruleHits.ts).
 */
export function planOf(entry: HitsEntry, rules: Rule[], fingerprints: string[], versions: RuleVersion[], earlierVersions: RuleVersions, partOf: Map<Rule, Rule>): Plan {
  const at = new Map(entry.rules.map((fingerprint, i) => [fingerprint, i]));
  // an earlier version of a rule: the same id and conditions (rules have distinct ids)
  const earlierOf = new Map<string, number>();
  entry.rules.forEach((fingerprint, i) => {
    const version = earlierVersions[fingerprint];
    if (version) earlierOf.set(`${version.id}\n${version.conditions}`, i);
  });
  const plan: Plan = { byRule: [], fromEntry: new Map(), whole: [], added: [], unheld: [] };
  for (const [r, rule] of rules.entries()) {
    const held = at.get(fingerprints[r]!);
    const version = versions[r]!;
    const earlier = held === undefined ? earlierOf.get(`${version.id}\n${version.conditions}`) : undefined;
    if (held !== undefined) {
      plan.byRule.push({ rule: r });
    } else if (earlier !== undefined && keepsOrder(earlierVersions[entry.rules[earlier]!]!.matchers, version.matchers)) {
      const now = new Map<string, number>();
      version.matchers.forEach((m, i) => now.has(m) || now.set(m, i));
      const before = earlierVersions[entry.rules[earlier]!]!;
      const added = matchersAdded(rule, version, before);
      plan.byRule.push({ rule: r, matchers: before.matchers.map((m) => now.get(m) ?? -1) });
      if (added.length > 0) {
        const part: Rule = { ...rule, matchers: added };
        partOf.set(part, rule);
        plan.added.push(part);
        plan.unheld.push(...added);
      }
    } else {
      plan.byRule.push(undefined);
      plan.whole.push(rule);
      plan.unheld.push(...rule.matchers);
    }
    const recalled = plan.byRule[r];
    if (recalled) plan.fromEntry.set(held ?? earlier!, recalled);
  }
  return plan;
}

/**
 * Do the matchers an earlier version of a rule kept come in the order they
 * came, each once? A hit holds only the first matcher that passed: where a
 * kept matcher moved ahead of another, or one named twice lost its first
 * place, another may now come first where both match, which only running the
 * rule whole can tell.
 */
export function keepsOrder(before: string[], now: string[]): boolean {
  const first = new Map<string, number>();
  now.forEach((m, i) => first.has(m) || first.set(m, i));
  let last = -1;
  for (const m of before) {
    const at = first.get(m);
    if (at === undefined) continue;
    if (at <= last) return false;
    last = at;
  }
  return true;
}
