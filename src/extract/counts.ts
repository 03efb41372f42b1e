import type { Rule } from '../rules/types.js';
import type { Role, SegmentedTranscript } from '../types.js';
import { firedOnEach, type SentenceHits, type SpeakerIndexes } from './index.js';

/** What `jobmap stats` adds up over a folder, for one transcript. */
export interface RuleCounts {
  /** sentences per speaker: a rule's share is counted against the sentences of the speakers it reads */
  sentences: Record<Role, number>;
  /** by rule id, only the rules that matched words somewhere: sentences it fired on, and sentences where a condition blocked it */
  rules: Map<string, { fired: number; blocked: number }>;
}

/**
 * Every rule's verdict on every sentence, fired or blocked, counted. Each
 * sentence is tried against the rules that read its speaker only: a rule
 * scoped to the other speaker says nothing about it (it would be skipped, not
 * blocked), and need not be tried.
 */
export function countRuleHits(segmented: SegmentedTranscript, indexes: SpeakerIndexes): RuleCounts {
  return countsOf(firedOnEach(segmented, indexes, true));
}

/**
 * The counts of the rules that were tried on every sentence of a transcript,
 * from what fired on each and what each blocked (firedOnEach, blocked
 * counted): made so whether stats runs the rules or a run just did
 * (run/ruleCounts.ts).
 */
export function countsOf(fired: SentenceHits[]): RuleCounts {
  const counts: RuleCounts = { sentences: { participant: 0, interviewer: 0 }, rules: new Map() };
  const countOf = (rule: Rule) => {
    let count = counts.rules.get(rule.id);
    if (!count) counts.rules.set(rule.id, (count = { fired: 0, blocked: 0 }));
    return count;
  };
  for (const { sentence, hits, blocked } of fired) {
    counts.sentences[sentence.role]++;
    for (const hit of hits) countOf(hit.rule).fired++;
    for (const rule of blocked!) countOf(rule).blocked++;
  }
  return counts;
}
