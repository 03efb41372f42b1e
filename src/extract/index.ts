import { indexRules, type RuleIndex } from '../rules/ruleIndex.js';
import type { Rule } from '../rules/types.js';
import { CATEGORIES, type Category } from '../categories.js';
import type { Evidence, Finding, Role, SegmentedTranscript, Sentence } from '../types.js';
import { withStableIds } from './ids.js';
import { firedRules, type RuleHit, type StopNotes } from './match.js';

/**
 * Applies the rules to every sentence; interviewer sentences only count for
 * rules scoped to them. Findings whose confidence is under `minConfidence` are left out.
 */
export function extractFindings(segmented: SegmentedTranscript, indexes: SpeakerIndexes, minConfidence = 0): Finding[] {
  return findingsFromHits(segmented.transcript.id, firedOnEach(segmented, indexes), minConfidence);
}

/** The rules that fired on each sentence, sentence by sentence; each sentence is tried against the rules that read its speaker. With `notes`, what stats counts of the others is noted (StopNotes). */
export function firedOnEach(segmented: SegmentedTranscript, indexes: SpeakerIndexes, notes?: StopNotes): SentenceHits[] {
  return segmented.sentences.map((sentence) => ({ sentence, hits: firedRules(indexes[sentence.role], sentence, segmented.sentences, notes) }));
}

/** A sentence and the rules that fired on it, in the rules' order. */
export interface SentenceHits {
  sentence: Sentence;
  hits: FiredHit[];
}

/** What a finding reads of a rule's verdict: the rule, that it fired, and the words it matched; and which of its matchers did (the cache keeps it, run/ruleHits.ts). */
export type FiredHit = Pick<RuleHit, 'rule' | 'status' | 'span' | 'matcher'>;

/**
 * A transcript's findings from what fired on each sentence (in sentence
 * order): made the same way whether the rules just ran or their hits were
 * remembered (run/ruleHits.ts). Findings whose confidence is under
 * `minConfidence` are left out.
 */
export function findingsFromHits(transcript: string, fired: Iterable<SentenceHits>, minConfidence = 0): Finding[] {
  const findings: Finding[] = [];
  for (const { sentence, hits } of fired) {
    if (hits.length > 0) findings.push(...findingsOf(transcript, sentence, hits).filter((f) => f.confidence >= minConfidence));
  }
  return withStableIds(findings);
}

/** The rules each speaker's sentences are tried against. */
export type SpeakerIndexes = Record<Role, RuleIndex>;

/**
 * Most rules read participants only, and interviewers say about half the
 * sentences of an interview: an interviewer's sentence is only tried against
 * the few rules scoped to it.
 */
export function indexRulesBySpeaker(rules: Rule[]): SpeakerIndexes {
  return {
    participant: indexRules(rules.filter((rule) => rule.conditions.speaker !== 'interviewer')),
    interviewer: indexRules(rules.filter((rule) => rule.conditions.speaker !== 'participant')),
  };
}

/** The rules that fired on one sentence make one finding per category. */
export function findingsOf(transcript: string, sentence: Sentence, hits: FiredHit[]): Finding[] {
  const fired = hits.filter((hit) => hit.status === 'fired');
  return CATEGORIES.flatMap((category) => {
    const mine = fired.filter((hit) => hit.rule.category === category);
    return mine.length > 0 ? [toFinding(transcript, sentence, category, mine)] : [];
  });
}

/** Independent rules agreeing make a finding surer: 1 - (1 - w1)(1 - w2)... */
export function combineWeights(rules: Rule[]): number {
  const doubt = rules.reduce((product, rule) => product * (1 - rule.weight), 1);
  return Math.round((1 - doubt) * 100) / 100;
}

function toFinding(transcript: string, sentence: Sentence, category: Category, hits: FiredHit[]): Finding {
  // The strongest rule speaks for the finding: its words are the match, its subtype the subtype.
  const lead = [...hits].sort((a, b) => b.rule.weight - a.rule.weight || a.span[0] - b.span[0])[0]!;
  const subtype = lead.rule.subtype ?? hits.find((hit) => hit.rule.subtype)?.rule.subtype;
  return {
    id: `${transcript}#${sentence.index}.${category}`,
    transcript,
    category,
    ...(subtype ? { subtype } : {}),
    sentence: sentence.text,
    match: sentence.text.slice(lead.span[0], lead.span[1]),
    span: lead.span,
    rules: hits.map((hit) => hit.rule.id).sort(),
    confidence: combineWeights(hits.map((hit) => hit.rule)),
    evidence: evidenceOf(sentence),
  };
}

/** Where a finding's sentence is: file, line and column, speaker, turn, and its offset in the turn. */
export function evidenceOf(sentence: Sentence): Evidence {
  return {
    file: sentence.location.file,
    line: sentence.location.line,
    column: sentence.location.column,
    speaker: sentence.speaker,
    turn: sentence.turn,
    sentence: sentence.index,
    start: sentence.start,
    ...(sentence.location.time ? { time: sentence.location.time } : {}),
  };
}
