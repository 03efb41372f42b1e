import { CueList } from '../cueList.js';
import type { Matcher } from '../matchers.js';
import type { Condition, Failure } from './condition.js';
import { policyCheck, SENTENCE_POLICIES, type SentencePolicy } from './policy.js';

/** The lexicon that `hedges:` reads. */
const HEDGES_LEXICON = 'hedges';

export interface Hedges {
  policy: SentencePolicy;
  /** the entries of the `hedges` lexicon; none under `allow` */
  cues: Matcher[];
}

const NO_HEDGE: Failure<'needs-context'> = { status: 'needs-context', reason: 'no hedge' };

/** `hedges:` a sentence with a cue of the `hedges` lexicon ("maybe", "I guess") is hypothetical more often than not. */
export const hedges: Condition<'hedges', Hedges, 'blocked-by-hedge' | 'needs-context'> = {
  key: 'hedges',
  read: (reader, node, context) => {
    const policy = reader.oneOf(node, '`hedges`', SENTENCE_POLICIES);
    if (policy === undefined) return undefined;
    if (policy === 'allow') return { policy, cues: [] };
    const lexicon = context.lexicons.get(HEDGES_LEXICON);
    if (!lexicon) reader.fail(node, `\`hedges\` reads the lexicon "${HEDGES_LEXICON}", and no rule folder has one (a file with \`lexicon: ${HEDGES_LEXICON}\`)`);
    return { policy, cues: lexicon?.matchers ?? [] };
  },
  fallback: { policy: 'allow', cues: [] },
  reads: 'sentence',
  compile: ({ policy, cues }) => {
    const list = new CueList(cues);
    return policyCheck(policy, ({ sentence, words }) => list.find(sentence, words), { skip: (blocker) => ({ status: 'blocked-by-hedge', blocker }), only: NO_HEDGE });
  },
  explain: ({ blocker, reason }) => (blocker ? `hedge "${blocker.source}"` : reason),
  verdict: 'blocked',
};
