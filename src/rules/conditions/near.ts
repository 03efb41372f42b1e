import { neighbours } from '../../segment/context.js';
import { CUE_KEYS, readCues } from '../cues.js';
import { CueList } from '../cueList.js';
import type { Matcher } from '../matchers.js';
import type { Condition, Failure } from './condition.js';

export interface Near {
  /** how many sentences before or after (the sentence itself included) */
  within: number;
  cues: Matcher[];
}

/** `near: { within: 2, words: [...] }`: a cue in the sentences around this one, either speaker's. */
export const near: Condition<'near', Near | undefined, 'needs-context'> = {
  key: 'near',
  read: (reader, node, context) => {
    const entries = reader.map(node, '`near`', ['within', ...CUE_KEYS]);
    if (!entries) return { within: 0, cues: [] };
    const within = entries.has('within') ? (reader.integer(entries.get('within'), '`near.within`', 0, 10) ?? 1) : 1;
    const cues = readCues(reader, entries, context);
    if (cues.length === 0) reader.fail(node, '`near` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
    return { within, cues };
  },
  fallback: undefined,
  reads: 'context',
  compile: (value) => {
    if (!value) return undefined;
    const { within } = value;
    const cues = new CueList(value.cues);
    const missing: Failure<'needs-context'> = { status: 'needs-context', reason: `no \`near\` cue within ${within} sentence(s)` };
    return ({ sentence, sentences }) => {
      // a sentence on its own (an example, `explain --text`) has no neighbours
      const around = sentences[sentence.index] === sentence ? neighbours(sentences, sentence, within) : [sentence];
      return around.some((s) => cues.heldIn(s)) ? undefined : missing;
    };
  },
  explain: (failure) => failure.reason,
  verdict: 'blocked',
};
