import { createHash } from 'node:crypto';
import type { Matcher } from './matchers.js';
import type { Rule, RuleSet, StageModel } from './types.js';

/**
 * What a rule or stage model decides, as a short hash: two rules with the
 * same fingerprint find the same sentences. Where it is written (file, line),
 * its description and its examples do not decide anything, so editing them
 * changes no fingerprint; a lexicon a rule uses is already spelled out in its
 * matchers, so editing the lexicon changes the fingerprint of every rule that
 * uses it. The output folder keeps the last run's fingerprints
 * (write/runState.ts), so a run can say which rules an edit changed.
 */
export const ruleFingerprint = remembered((rule: Rule) => hashOf(rule));

/**
 * What decides where a rule fires: its id, its matchers and its conditions.
 * Its weight, category and subtype only make the finding, so a run after an
 * edit of those reads the rule's hits back instead of matching again
 * (run/ruleHits.ts).
 */
export const hitFingerprint = remembered((rule: Rule) => hashOf({ id: rule.id, matchers: rule.matchers, conditions: rule.conditions }));

/** A rule's id and conditions: two versions of a rule with the same fire on the same sentences wherever a matcher both have matches. */
export const conditionsFingerprint = remembered((rule: Rule) => hashOf({ id: rule.id, conditions: rule.conditions }));

/** One matcher, as written (and, for a pattern that names a lexicon, as expanded): short, since a rule may have hundreds. */
export const matcherFingerprint = remembered((matcher: Matcher) => hashOf(matcher).slice(0, 12));

export function stageModelFingerprint(model: StageModel): string {
  return hashOf(model);
}

/**
 * Everything in a rule set but the rules: what classify may read to place a
 * finding (the stage model, time cues, dimensions, lexicons, codebook, the
 * threshold). Taken whole rather than picked, so a classify that reads one
 * more part of the rule set is still covered; the rules themselves decide
 * which findings there are, not how a finding is placed.
 */
export const classifierFingerprint = remembered((ruleSet: RuleSet) => hashOf({ ...ruleSet, rules: undefined }));

/**
 * A fingerprint made once per rule or matcher: a run asks for them in several
 * places (the hits memo, the rule versions, the outcome memo, the run state),
 * and hashing every rule's matchers each time was about 0.1 s of a re-run.
 * Rules and matchers are not changed once read; a rule file read again is new
 * objects.
 */
function remembered<T extends object>(fingerprint: (value: T) => string): (value: T) => string {
  const made = new WeakMap<T, string>();
  return (value) => {
    let known = made.get(value);
    if (known === undefined) made.set(value, (known = fingerprint(value)));
    return known;
  };
}

/** Where a part is written (`files`: the time cues' layers) and what documents it decide nothing. */
const NOT_DECIDING = new Set(['file', 'files', 'line', 'column', 'description', 'examples']);

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value, deciding)).digest('hex').slice(0, 16);
}

/**
 * JSON.stringify's replacer: a compiled matcher by what was written (kind and
 * source), and nothing that does not decide. A pattern that names a lexicon
 * (`(@tools)`) keeps its source as written, so what it matches is its
 * expansion, which is added: editing the lexicon changes the rule.
 */
function deciding(this: unknown, key: string, value: unknown): unknown {
  if (NOT_DECIDING.has(key)) return undefined;
  if (isMatcher(value)) return value.pattern.source === value.source ? `${value.kind}:${value.source}` : `${value.kind}:${value.source}=${value.pattern.source}`;
  return value;
}

function isMatcher(value: unknown): value is { kind: string; source: string; pattern: { source: string } } {
  return typeof value === 'object' && value !== null && 'kind' in value && 'source' in value && 'pattern' in value;
}
