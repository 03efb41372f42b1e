import type { Condition, Failure } from './condition.js';

export const SPEAKER_SCOPES = ['participant', 'interviewer', 'any'] as const;
export type SpeakerScope = (typeof SPEAKER_SCOPES)[number];

const WRONG_SPEAKER: Failure<'wrong-speaker'> = { status: 'wrong-speaker' };

/** `speaker:` whose sentences the rule reads: findings come from participants unless a rule says otherwise. */
export const speaker: Condition<'speaker', SpeakerScope, 'wrong-speaker'> = {
  key: 'speaker',
  read: (reader, node) => reader.oneOf(node, '`speaker`', SPEAKER_SCOPES),
  fallback: 'participant',
  reads: 'sentence',
  compile: (scope) => (scope === 'any' ? undefined : ({ sentence }) => (sentence.role === scope ? undefined : WRONG_SPEAKER)),
  explain: () => undefined,
  verdict: 'skipped',
};
