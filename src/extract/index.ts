import { indexRules, type RuleIndex } from '../rules/ruleIndex.js';
import type { Rule } from '../rules/types.js';
import { CATEGORIES, type Category, type Evidence, type Finding, type Role, type SegmentedTranscript, type Sentence } from '../types.js';
import { withStableIds } from './ids.js';
import { firedRules, type RuleHit } from './match.js';

/**
 * Applies the rules to every sentence; interviewer sentences only count for
 * rules scoped to them. Findings whose confidence is under `minConfidence` are left out.
 */
export function extractFindings(segmented: SegmentedTranscript, indexes: SpeakerIndexes, minConfidence = 0): Finding[] {
  const findings: Finding[] = [];
  for (const sentence of segmented.sentences) {
    const hits = firedRules(indexes[sentence.role], sentence, segmented.sentences);
    findings.push(...findingsOf(segmented.transcript.id, sentence, hits).filter((f) => f.confidence >= minConfidence));
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
export function findingsOf(transcript: string, sentence: Sentence, hits: RuleHit[]): Finding[] {
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

function toFinding(transcript: string, sentence: Sentence, category: Category, hits: RuleHit[]): Finding {
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
