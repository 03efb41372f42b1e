import { indexRules } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { matchSentence } from './match.js';
import { segmentTranscript } from '../segment/index.js';
import type { Sentence } from '../types.js';

export interface ExampleFailure {
  rule: Rule;
  expected: 'match' | 'no_match';
  example: string;
  /** what the rule did on the example: fired, blocked (and why), or nothing */
  outcome: string;
}

/** Runs every rule's `examples` as a test: `match` sentences must fire the rule, `no_match` ones must not. */
export function checkExamples(rules: Rule[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    const index = indexRules([rule]);
    const role = rule.speaker === 'interviewer' ? 'interviewer' : 'participant';
    const cases = [
      ...rule.examples.match.map((example) => ({ example, expected: 'match' as const })),
      ...rule.examples.noMatch.map((example) => ({ example, expected: 'no_match' as const })),
    ];
    for (const { example, expected } of cases) {
      const outcomes = exampleSentences(example).flatMap((sentence) =>
        matchSentence(index, sentence.tokens, role).map((hit) => ({ hit, sentence })),
      );
      const fired = outcomes.find(({ hit }) => hit.status === 'fired');
      if ((expected === 'match') === Boolean(fired)) continue;
      const shown = fired ?? outcomes[0];
      const outcome = shown
        ? `${shown.hit.status} on "${shown.sentence.text.slice(shown.hit.span[0], shown.hit.span[1])}"${shown.hit.blocker ? ` (unless "${shown.hit.blocker.source}")` : ''}`
        : 'nothing matched';
      failures.push({ rule, expected, example, outcome });
    }
  }
  return failures;
}

function exampleSentences(text: string): Sentence[] {
  const turn = { index: 0, speaker: 'Example', role: 'participant' as const, text, lines: [{ textStart: 0, line: 1, column: 1 }] };
  return segmentTranscript({ id: 'example', file: 'example', metadata: {}, speakers: [], turns: [turn] }).sentences;
}
