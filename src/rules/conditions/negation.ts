import { NEGATIVES } from '../../segment/negation.js';
import type { Token } from '../../types.js';
import type { Pattern, Span } from '../pattern.js';
import type { Condition, Failure } from './condition.js';

export const NEGATION_POLICIES = ['block', 'require', 'ignore'] as const;
export type NegationPolicy = (typeof NEGATION_POLICIES)[number];

const BLOCKED: Failure<'blocked-by-negation'> = { status: 'blocked-by-negation' };
const NEEDED: Failure<'needs-negation'> = { status: 'needs-negation' };

/**
 * `negation:` whether a negated match counts. It reads the matched words, not
 * the sentence: in "I don't use it for slides, but I use it for emails" the
 * second match passes where the first does not.
 */
export const negation: Condition<'negation', NegationPolicy, 'blocked-by-negation' | 'needs-negation'> = {
  key: 'negation',
  read: (reader, node) => reader.oneOf(node, '`negation`', NEGATION_POLICIES),
  fallback: 'block',
  reads: 'match',
  compile: (policy) => {
    if (policy === 'block') return ({ words, found, matcher }) => (isNegated(words, found, matcher.pattern) ? BLOCKED : undefined);
    if (policy === 'require') return ({ words, found, matcher }) => (isNegated(words, found, matcher.pattern) ? undefined : NEEDED);
    return undefined;
  },
  explain: () => undefined,
  verdict: 'blocked',
};

/**
 * A match is negated when a negation reaches its words ("wasn't a hassle"
 * negates "hassle"; "I don't use it for" negates the job). A pattern that names
 * the negation itself ("couldn't find") asks for it, so is never negated.
 */
export function isNegated(words: Token[], found: Span, pattern: Pattern): boolean {
  if (pattern.spellsNegation) return false;
  for (let i = found.start; i < found.end; i++) if (words[i]!.negated || NEGATIVES.has(words[i]!.norm)) return true;
  return false;
}
