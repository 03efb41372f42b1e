import { compileConditions } from '../rules/conditions/index.js';
import { contentWords } from '../rules/find.js';
import { findPattern } from '../rules/patternMatch.js';
import type { Rule } from '../rules/types.js';
import type { Role, SegmentedTranscript } from '../types.js';
import { firedOnEach, indexRulesBySpeaker, type SpeakerIndexes } from './index.js';
import { stopNotes, type StopNotes } from './match.js';

/** What `jobmap stats` adds up over a folder, for one transcript. */
export interface RuleCounts {
  /** sentences per speaker: a rule's share is counted against the sentences of the speakers it reads */
  sentences: Record<Role, number>;
  /** by rule id, only the rules that matched words somewhere: sentences it fired on, and sentences where a condition blocked it */
  rules: Map<string, { fired: number; blocked: number }>;
}

/** Rules indexed to be counted: all of them, to run; and those a context may stop, to search where it did (blockedUnsearched). */
export interface CountIndexes {
  all: SpeakerIndexes;
  context: SpeakerIndexes;
}

export function countIndexes(rules: Rule[]): CountIndexes {
  return { all: indexRulesBySpeaker(rules), context: contextIndexes(rules) };
}

/** Of these rules, those a context may stop, indexed. */
export function contextIndexes(rules: Rule[]): SpeakerIndexes {
  return indexRulesBySpeaker(rules.filter((rule) => compileConditions(rule.conditions).contextChecks.length > 0));
}

/**
 * Every rule's verdict on every sentence, fired or blocked, counted: a rule
 * is blocked on a sentence where its words match and a condition stops it.
 * Each sentence is tried against the rules that read its speaker only: a rule
 * scoped to the other speaker says nothing about it (it would be skipped, not
 * blocked), and need not be tried. The rules run as a run runs them, noting
 * what stats counts (StopNotes), and their words are searched where a context
 * stopped them; a run keeps the same notes beside its hits (run/hitsEntry.ts),
 * and stats counts from them the same way (run/ruleCounts.ts).
 */
export function countRuleHits(segmented: SegmentedTranscript, indexes: CountIndexes): RuleCounts {
  const notes = stopNotes();
  const fired = firedOnEach(segmented, indexes.all, notes);
  const counts: RuleCounts = { sentences: sentencesBySpeaker(segmented), rules: new Map() };
  const countOf = (rule: Rule) => {
    let count = counts.rules.get(rule.id);
    if (!count) counts.rules.set(rule.id, (count = { fired: 0, blocked: 0 }));
    return count;
  };
  for (const { hits } of fired) for (const hit of hits) countOf(hit.rule).fired++;
  for (const [rule, blocked] of notes.blocked) countOf(rule).blocked += blocked;
  for (const [rule, blocked] of blockedUnsearched(segmented, notes.unsearched, indexes.context)) countOf(rule).blocked += blocked;
  return counts;
}

/**
 * Of the sentences where a context stopped a rule before its words were
 * searched (StopNotes), how many hold its words, by rule (none listed when
 * none does): its entries the index offers the sentence are searched, as
 * matchSentence searches them. `context` indexes the rules listed, at least.
 */
export function blockedUnsearched(segmented: SegmentedTranscript, unsearched: StopNotes['unsearched'], context: SpeakerIndexes): Map<Rule, number> {
  const bySentence = new Map<number, Set<Rule>>();
  for (const [rule, index] of unsearched) {
    let rules = bySentence.get(index);
    if (!rules) bySentence.set(index, (rules = new Set()));
    rules.add(rule);
  }
  const blocked = new Map<Rule, number>();
  for (const [index, rules] of bySentence) {
    const sentence = segmented.sentences[index]!;
    const words = contentWords(sentence.tokens);
    for (const { item, matcher } of context[sentence.role].candidates(words, sentence.text)) {
      if (!rules.has(item.rule) || !findPattern(matcher.pattern, words, sentence.text)) continue;
      rules.delete(item.rule);
      blocked.set(item.rule, (blocked.get(item.rule) ?? 0) + 1);
    }
  }
  return blocked;
}

export function sentencesBySpeaker(segmented: SegmentedTranscript): Record<Role, number> {
  const sentences = { participant: 0, interviewer: 0 };
  for (const sentence of segmented.sentences) sentences[sentence.role]++;
  return sentences;
}
