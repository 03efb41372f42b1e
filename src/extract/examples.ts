import { parseTranscript } from '../ingest/index.js';
import { indexRules } from '../rules/index.js';
import type { Example, Rule } from '../rules/types.js';
import { segmentTranscript } from '../segment/index.js';
import type { Role, SegmentedTranscript, Transcript, Turn } from '../types.js';
import { matchSentence, type RuleHit } from './match.js';

export interface ExampleFailure {
  rule: Rule;
  expected: 'match' | 'no_match';
  example: Example;
  /** what the rule did on the example: fired, blocked (and why), or nothing */
  outcome: string;
}

/** Runs every rule's `examples` as a test: `match` sentences must fire the rule, `no_match` ones must not. */
export function checkExamples(rules: Rule[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    const index = indexRules([rule]);
    const cases = [
      ...rule.examples.match.map((example) => ({ example, expected: 'match' as const })),
      ...rule.examples.noMatch.map((example) => ({ example, expected: 'no_match' as const })),
    ];
    for (const { example, expected } of cases) {
      const segmented = exampleTranscript(example.text, rule);
      // In a dialogue example only the speaker the rule reads is under test; the rest is context.
      const outcomes = segmented.sentences
        .filter((sentence) => rule.speaker === 'any' || sentence.role === rule.speaker)
        .flatMap((sentence) => matchSentence(index, sentence, segmented.sentences).map((hit) => ({ hit, text: sentence.text })));
      const fired = outcomes.find(({ hit }) => hit.status === 'fired');
      if ((expected === 'match') === Boolean(fired)) continue;
      const shown = fired ?? outcomes[0];
      failures.push({ rule, expected, example, outcome: shown ? describeHit(shown.hit, shown.text) : 'nothing matched' });
    }
  }
  return failures;
}

/** `blocked-by-unless on "hassle" (unless "no big deal")`: what a rule did on a sentence, in one line. */
export function describeHit(hit: RuleHit, text: string): string {
  const why = hit.blocker ? ` (${hit.status === 'blocked-by-hedge' ? 'hedge' : 'unless'} "${hit.blocker.source}")` : hit.reason ? ` (${hit.reason})` : '';
  return `${hit.status} on "${text.slice(hit.span[0], hit.span[1])}"${why}`;
}

/**
 * An example is one sentence said by the speaker the rule reads, or, when it
 * has speaker-labelled lines ("Interviewer: ...\nParticipant: ..."), a short
 * dialogue, so rules with `after_question` or `near` can be shown in context.
 */
function exampleTranscript(text: string, rule: Rule): SegmentedTranscript {
  if (/\n/.test(text.trim()) && /^\s*[\w .*]+:\s/m.test(text)) {
    return segmentTranscript(parseTranscript(text, { id: 'example', file: 'example.txt' }));
  }
  const role: Role = rule.speaker === 'interviewer' ? 'interviewer' : 'participant';
  const turn: Turn = { index: 0, speaker: 'Example', role, text, lines: [{ textStart: 0, line: 1, column: 1 }] };
  const transcript: Transcript = { id: 'example', file: 'example', metadata: {}, speakers: [], turns: [turn] };
  return segmentTranscript(transcript);
}
