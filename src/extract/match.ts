import type { AnyCondition, CompiledCheck, ConditionStatus } from '../rules/conditions/index.js';
import type { MatchPlace, SentenceCheck, SentencePlace } from '../rules/conditions/condition.js';
import { contentWords } from '../rules/find.js';
import type { Matcher } from '../rules/matchers.js';
import { findPattern } from '../rules/patternMatch.js';
import type { IndexedRule, RuleIndex } from '../rules/ruleIndex.js';
import type { Rule } from '../rules/types.js';
import type { Sentence } from '../types.js';

/** Fired, or the status of the condition that stopped the rule. */
export type HitStatus = 'fired' | ConditionStatus;

/** One rule's verdict on one sentence: what matched, and whether it counts. */
export interface RuleHit {
  rule: Rule;
  matcher: Matcher;
  status: HitStatus;
  /** character span of the matched words within the sentence */
  span: [number, number];
  /** the condition that stopped the rule; none when it fired */
  condition?: AnyCondition;
  /** the `unless` or hedge entry that blocked the rule, if any */
  blocker?: Matcher;
  /** for needs-context: which condition was not met */
  reason?: string;
  /** explain only: the other conditions that would stop the rule too, in the list's order */
  alsoStoppedBy?: StoppedBy[];
}

/** A condition that stops a rule, and what it found (the blocking entry, the missing context). */
export interface StoppedBy {
  condition: AnyCondition;
  status: ConditionStatus;
  blocker?: Matcher;
  reason?: string;
}

/**
 * Every rule that matched the sentence, fired or stopped, with the first
 * condition (in the list's order) that stopped it and every other that would
 * (alsoStoppedBy), so a rule writer sees all there is to change: first matcher per rule,
 * past matches a condition on the matched words (negation) decided against.
 * `sentences` is the whole transcript the sentence belongs to (for `near` and
 * `after_question`); without it the sentence stands alone.
 */
export function matchSentence(index: RuleIndex, sentence: Sentence, sentences: Sentence[] = [sentence]): RuleHit[] {
  const place: SentencePlace = { sentence, sentences, words: contentWords(sentence.tokens) };
  const hits = new Map<IndexedRule, RuleHit>();
  for (const { item: indexed, matcher } of index.candidates(place.words, place.sentence.text)) {
    const prior = hits.get(indexed);
    if (prior && !failedOnItsMatch(prior)) continue;
    const hit = judgeMatches(indexed.rule, indexed.checks, matcher, place, true);
    // a later entry of the rule may match words no negation reaches ("wasn't a hassle, but ... a nightmare")
    if (hit && (!prior || !failedOnItsMatch(hit))) hits.set(indexed, hit);
  }
  return [...hits.values()];
}

/**
 * Only the rules that fire on the sentence: what extraction needs. The same
 * verdicts as matchSentence gives, but cheaper, since nobody asks why a rule
 * did not fire: the context most sentences lack is asked first, the rule's
 * words are matched next, and the other conditions on the sentence are asked
 * last, once per rule. With `notes`, what it learnt on the way of the rules
 * that did not fire is noted for stats (StopNotes).
 */
export function firedRules(index: RuleIndex, sentence: Sentence, sentences: Sentence[] = [sentence], notes?: StopNotes): RuleHit[] {
  const place: SentencePlace = { sentence, sentences, words: contentWords(sentence.tokens) };
  const fired = new Map<IndexedRule, RuleHit>();
  // a rule's entries are candidates one after another (file order), so the last rule stopped is the one to remember
  let stopped: IndexedRule | undefined;
  // with notes, the rule a context stopped whose words have not matched yet: its next entries are searched, not asked again
  let unmatched: IndexedRule | undefined;
  // the rules whose words matched here and a condition stopped (one entry of a rule may fire after another was stopped on its match)
  let matched: IndexedRule[] | undefined;
  for (const { item: indexed, matcher } of index.candidates(place.words, place.sentence.text)) {
    if (indexed === stopped || fired.has(indexed)) continue;
    if (indexed === unmatched || !passesAll(indexed.contextChecks, place)) {
      if (!notes) {
        stopped = indexed;
        continue;
      }
      // stats counts the rule blocked here when its words are in the sentence: searched entry by entry until one is
      unmatched = indexed;
      if (findPattern(matcher.pattern, place.words, place.sentence.text)) {
        stopped = indexed;
        (matched ??= []).push(indexed);
      }
      continue;
    }
    const hit = judgeMatches(indexed.rule, indexed.matchChecks, matcher, place);
    if (hit?.status !== 'fired') {
      if (hit && notes) (matched ??= []).push(indexed);
      continue;
    }
    if (passesAll(indexed.sentenceChecks, place)) fired.set(indexed, hit);
    else {
      stopped = indexed;
      if (notes) (matched ??= []).push(indexed);
    }
  }
  if (matched) {
    for (const indexed of new Set(matched)) if (!fired.has(indexed)) notes!.blocked.set(indexed.rule, (notes!.blocked.get(indexed.rule) ?? 0) + 1);
  }
  return [...fired.values()];
}

/**
 * What firedRules learns for stats (extract/counts.ts) of the rules that did
 * not fire: on how many sentences a rule's words matched and a condition
 * blocked it. Where a condition on the context stops a rule before its words
 * are matched, its entries are still searched there, one after another until
 * one matches: only stats asks, but a run that keeps these notes
 * (run/hitsEntry.ts) spares the first stats after it reading any parse, at
 * well under 1% of a cold run's CPU (stop 49).
 */
export interface StopNotes {
  blocked: Map<Rule, number>;
}

export function stopNotes(): StopNotes {
  return { blocked: new Map() };
}

function passesAll(checks: SentenceCheck[], place: SentencePlace): boolean {
  for (const check of checks) if (check(place)) return false;
  return true;
}

/** Stopped by a condition on the matched words (negation): another match, or another entry of the rule, may still pass. */
function failedOnItsMatch(hit: RuleHit): boolean {
  return hit.condition?.reads === 'match';
}

/**
 * The matcher's first match that no condition on the matched words decides
 * against: in "I don't use it for slides, but I use it for emails" the second
 * clause is the finding. Any other verdict (fired, or stopped by a condition
 * on the sentence) is final.
 */
function judgeMatches(rule: Rule, checks: CompiledCheck[], matcher: Matcher, place: SentencePlace, everyFailure = false): RuleHit | undefined {
  const { words, sentence } = place;
  let verdict: RuleHit | undefined;
  for (let from = 0; from < words.length;) {
    const found = findPattern(matcher.pattern, words, sentence.text, from);
    if (!found) break;
    const span: [number, number] = [words[found.start]!.start, words[found.end - 1]!.end];
    const hit = judge(rule, checks, { sentence, sentences: place.sentences, words, matcher, found }, span, everyFailure);
    verdict ??= hit;
    if (!failedOnItsMatch(hit)) return hit;
    from = found.start + 1;
  }
  return verdict;
}

/** The checks in order: the first that fails says why the rule does not fire; with `everyFailure`, the others that fail are listed too. */
function judge(rule: Rule, checks: CompiledCheck[], place: MatchPlace, span: [number, number], everyFailure = false): RuleHit {
  const failures: StoppedBy[] = [];
  for (const { condition, check } of checks) {
    const failure = check(place);
    if (!failure) continue;
    failures.push({ condition, ...failure });
    if (!everyFailure) break;
  }
  const [first, ...others] = failures;
  if (!first) return { rule, matcher: place.matcher, span, status: 'fired' };
  return { rule, matcher: place.matcher, span, ...first, ...(others.length ? { alsoStoppedBy: others } : {}) };
}
