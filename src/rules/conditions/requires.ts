import { CUE_KEYS, readCues } from '../cues.js';
import { CueList } from '../cueList.js';
import type { Matcher } from '../matchers.js';
import type { Condition, Failure } from './condition.js';

/** One group of `requires:`: the sentence must hold one of its cues. */
export interface CueGroup {
  name: string;
  cues: Matcher[];
}

/** `requires:` cue groups that must each have a cue in the sentence (co-occurrence: "a time cue and an event cue"). */
export const requires: Condition<'requires', CueGroup[], 'needs-context'> = {
  key: 'requires',
  read: (reader, node, context) =>
    reader.list(node, '`requires`').flatMap((item, i) => {
      const entries = reader.map(item, 'each item of `requires`', ['name', ...CUE_KEYS]);
      if (!entries) return [];
      const cues = readCues(reader, entries, context);
      if (cues.length === 0) reader.fail(item, 'each item of `requires` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
      const name = entries.has('name') ? reader.string(entries.get('name'), '`name`') : undefined;
      return [{ name: name ?? `requires #${i + 1}`, cues }];
    }),
  fallback: [],
  reads: 'context',
  compile: (groups) => {
    if (groups.length === 0) return undefined;
    // the failures are made once: the check runs for every sentence the rule's words are in
    const missing = groups.map((group): [CueList, Failure<'needs-context'>] => [new CueList(group.cues), { status: 'needs-context', reason: `no ${group.name} (requires)` }]);
    return ({ sentence, words }) => missing.find(([list]) => !list.find(sentence, words))?.[1];
  },
  explain: (failure) => failure.reason,
  verdict: 'blocked',
};
