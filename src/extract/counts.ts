import type { Role, SegmentedTranscript } from '../types.js';
import type { SpeakerIndexes } from './index.js';
import { matchSentence } from './match.js';

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
  const counts: RuleCounts = { sentences: { participant: 0, interviewer: 0 }, rules: new Map() };
  for (const sentence of segmented.sentences) {
    counts.sentences[sentence.role]++;
    for (const hit of matchSentence(indexes[sentence.role], sentence, segmented.sentences)) {
      let count = counts.rules.get(hit.rule.id);
      if (!count) counts.rules.set(hit.rule.id, (count = { fired: 0, blocked: 0 }));
      if (hit.status === 'fired') count.fired++;
      else if (hit.condition?.verdict === 'blocked') count.blocked++;
    }
  }
  return counts;
}
