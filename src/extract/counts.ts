import type { Rule } from '../rules/types.js';
import type { Role, SegmentedTranscript } from '../types.js';
import { firedOnEach, type SpeakerIndexes } from './index.js';
import { stopNotes } from './match.js';

/** What `jobmap stats` adds up over a folder, for one transcript. */
export interface RuleCounts {
  /** sentences per speaker: a rule's share is counted against the sentences of the speakers it reads */
  sentences: Record<Role, number>;
  /** by rule id, only the rules that matched words somewhere: sentences it fired on, and sentences where a condition blocked it */
  rules: Map<string, { fired: number; blocked: number }>;
}

/**
 * Every rule's verdict on every sentence, fired or blocked, counted: a rule
 * is blocked on a sentence where its words match and a condition stops it.
 * Each sentence is tried against the rules that read its speaker only: a rule
 * scoped to the other speaker says nothing about it (it would be skipped, not
 * blocked), and need not be tried. The rules run as a run runs them, noting
 * what stats counts (StopNotes); a run keeps the same notes beside its hits
 * (run/hitsEntry.ts), and stats counts from them the same way
 * (run/ruleCounts.ts).
 */
export function countRuleHits(segmented: SegmentedTranscript, indexes: SpeakerIndexes): RuleCounts {
  const notes = stopNotes();
  const fired = firedOnEach(segmented, indexes, notes);
  const counts: RuleCounts = { sentences: sentencesBySpeaker(segmented), rules: new Map() };
  const countOf = (rule: Rule) => {
    let count = counts.rules.get(rule.id);
    if (!count) counts.rules.set(rule.id, (count = { fired: 0, blocked: 0 }));
    return count;
  };
  for (const { hits } of fired) for (const hit of hits) countOf(hit.rule).fired++;
  for (const [rule, blocked] of notes.blocked) countOf(rule).blocked += blocked;
  return counts;
}

export function sentencesBySpeaker(segmented: SegmentedTranscript): Record<Role, number> {
  const sentences = { participant: 0, interviewer: 0 };
  for (const sentence of segmented.sentences) sentences[sentence.role]++;
  return sentences;
}
