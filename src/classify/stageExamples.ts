import { exampleTranscript } from '../extract/examples.js';
import type { RuleSet, StageExample } from '../rules/types.js';
import { contextOf } from './index.js';
import { decideStage, indexStageCues } from './stage.js';
import { indexTimeCues } from './time.js';
import { InterviewTime } from './timeline.js';

export interface StageExampleFailure {
  example: StageExample;
  /** the stage it was placed on, and why */
  got: string;
}

/**
 * Runs a stage model's `examples`: the last participant sentence of each
 * (a sentence alone, or a dialogue with the question before it) must be
 * placed on the example's stage, by the model and the time file in use.
 */
export function checkStageExamples(rules: Pick<RuleSet, 'stages' | 'time'>): StageExampleFailure[] {
  const stages = indexStageCues(rules.stages);
  const time = indexTimeCues(rules.time);
  return rules.stages.examples.flatMap((example) => {
    // a sentence alone is a participant's; "Interviewer: ...\nParticipant: ..." is a dialogue
    const { sentences } = exampleTranscript(example.text, 'participant');
    const said = sentences.filter((s) => s.role === 'participant').at(-1);
    if (!said) return [{ example, got: 'no participant sentence in the example' }];
    const decision = decideStage(stages, contextOf(sentences, said, new InterviewTime(sentences, time), undefined));
    return decision.stage === example.stage ? [] : [{ example, got: `${decision.stage}: ${decision.because}` }];
  });
}
