import { isMap } from 'yaml';
import { answerContext } from '../../segment/context.js';
import { readCueBlock } from '../cues.js';
import { CueList } from '../cueList.js';
import type { Matcher } from '../matchers.js';
import type { Condition, Failure } from './condition.js';
import type { Sentence } from '../../types.js';

const MISSING: Failure<'needs-context'> = { status: 'needs-context', reason: 'the question before has no `after_question` cue' };

/** `after_question:` a cue in the interviewer's question just before the answer, so an answer is read in the light of what was asked. */
export const afterQuestion: Condition<'after_question', Matcher[] | undefined, 'needs-context'> = {
  key: 'after_question',
  read: (reader, node, context) => {
    const cues = readCueBlock(reader, node, '`after_question`', context);
    if (cues.length === 0 && isMap(node)) reader.fail(node, '`after_question` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
    return cues;
  },
  fallback: undefined,
  reads: 'context',
  compile: (cues) => {
    if (!cues) return undefined;
    const list = new CueList(cues);
    // the answer before was most likely to the same question (one list per turn, answerContext): its verdict is kept
    let lastAsked: Sentence[] | undefined;
    let lastHeld = false;
    return ({ sentence, sentences }) => {
      // a sentence on its own (an example, `explain --text`) has no question before it
      const asked = sentences[sentence.index] === sentence ? answerContext(sentences, sentence).question : [];
      if (asked !== lastAsked) {
        lastAsked = asked;
        lastHeld = asked.some((s) => list.heldIn(s));
      }
      return lastHeld ? undefined : MISSING;
    };
  },
  explain: (failure) => failure.reason,
  verdict: 'blocked',
};
