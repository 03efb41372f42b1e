import type { Failure, SentenceCheck, SentencePlace } from './condition.js';

/** `questions:` and `hedges:`: let such sentences through (allow), leave them out (skip), or only them (only). */
export const SENTENCE_POLICIES = ['allow', 'skip', 'only'] as const;
export type SentencePolicy = (typeof SENTENCE_POLICIES)[number];

/**
 * The check of a condition that asks one thing of a sentence (is it a
 * question? what hedges it?): `skip` stops the rule when the answer is found,
 * `only` when it is not, and `allow` does not ask.
 */
export function policyCheck<Found, Status extends string>(
  policy: SentencePolicy,
  find: (place: SentencePlace) => Found | undefined,
  stops: { skip: (found: Found) => Failure<Status>; only: Failure<Status> },
): SentenceCheck<Status> | undefined {
  if (policy === 'skip') {
    return (place) => {
      const found = find(place);
      return found === undefined ? undefined : stops.skip(found);
    };
  }
  if (policy === 'only') return (place) => (find(place) === undefined ? stops.only : undefined);
  return undefined;
}
