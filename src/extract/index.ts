import type { RuleIndex } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { CATEGORIES, type Category, type Finding, type SegmentedTranscript, type Sentence } from '../types.js';
import { withStableIds } from './ids.js';
import { matchSentence, type RuleHit } from './match.js';

/** Applies the rules to every sentence; interviewer sentences only count for rules scoped to them. */
export function extractFindings(segmented: SegmentedTranscript, index: RuleIndex): Finding[] {
  const findings: Finding[] = [];
  for (const sentence of segmented.sentences) {
    const fired = matchSentence(index, sentence.tokens, sentence.role).filter((hit) => hit.status === 'fired');
    for (const category of CATEGORIES) {
      const hits = fired.filter((hit) => hit.rule.category === category);
      if (hits.length > 0) findings.push(toFinding(segmented.transcript.id, sentence, category, hits));
    }
  }
  return withStableIds(findings);
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
    evidence: {
      file: sentence.location.file,
      line: sentence.location.line,
      column: sentence.location.column,
      speaker: sentence.speaker,
      turn: sentence.turn,
      sentence: sentence.index,
      ...(sentence.location.time ? { time: sentence.location.time } : {}),
    },
  };
}

