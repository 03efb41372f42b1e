import { isQuestion } from '../../segment/context.js';
import type { Condition, Failure } from './condition.js';
import { policyCheck, SENTENCE_POLICIES, type SentencePolicy } from './policy.js';

const BLOCKED: Failure<'blocked-by-question'> = { status: 'blocked-by-question' };
const NOT_A_QUESTION: Failure<'needs-context'> = { status: 'needs-context', reason: 'not a question' };

/** `questions:` a participant's own question ("why would I pay for that?") rarely reports what happened. */
export const questions: Condition<'questions', SentencePolicy, 'blocked-by-question' | 'needs-context'> = {
  key: 'questions',
  read: (reader, node) => reader.oneOf(node, '`questions`', SENTENCE_POLICIES),
  fallback: 'allow',
  reads: 'sentence',
  compile: (policy) => policyCheck(policy, ({ sentence }) => (isQuestion(sentence) ? sentence : undefined), { skip: () => BLOCKED, only: NOT_A_QUESTION }),
  explain: (failure) => failure.reason,
  verdict: 'blocked',
};
