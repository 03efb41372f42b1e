import type { TimeCues, TimeExample } from '../rules/types.js';
import { exampleTranscript } from '../extract/examples.js';
import { indexTimeCues } from './time.js';
import { InterviewTime } from './timeline.js';

export interface TimeExampleFailure {
  example: TimeExample;
  /** what the sentence was read as: its time and the words that said it, or none */
  got: string;
}

/** Runs the time file's `examples`: each sentence, said by a participant alone, must be read as its `when` (or none). */
export function checkTimeExamples(cues: TimeCues): TimeExampleFailure[] {
  const index = indexTimeCues(cues);
  return cues.examples.flatMap((example) => {
    const { sentences } = exampleTranscript(example.text, 'participant');
    const times = new InterviewTime(sentences, index);
    // a sentence the splitter cut in two is read as the time of its first part that has one
    const read = sentences.map((s) => times.ownTime(s)).find((t) => t.when) ?? {};
    if ((read.when ?? 'none') === example.when) return [];
    return [{ example, got: read.when ? `${read.when} ("${read.words}", by ${read.by})` : 'no time' }];
  });
}
