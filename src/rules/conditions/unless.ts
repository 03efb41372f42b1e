import { cueMatchers } from '../cues.js';
import { CueList } from '../cueList.js';
import type { Matcher } from '../matchers.js';
import type { Condition } from './condition.js';

/** `unless:` words or phrases that, anywhere in the sentence, stop the rule ("no big deal"). */
export const unless: Condition<'unless', Matcher[], 'blocked-by-unless'> = {
  key: 'unless',
  read: (reader, node, context) => reader.strings(node, '`unless`').flatMap((item) => cueMatchers(reader, 'words', item, context)),
  fallback: [],
  reads: 'sentence',
  compile: (cues) => {
    if (cues.length === 0) return undefined;
    const list = new CueList(cues);
    return ({ sentence, words }) => {
      const blocker = list.find(sentence, words);
      return blocker && { status: 'blocked-by-unless', blocker };
    };
  },
  explain: ({ blocker }) => `unless "${blocker?.source}"`,
  verdict: 'blocked',
};
