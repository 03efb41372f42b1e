import { findPattern, type Pattern, type Span } from '../rules/pattern.js';
import { NEGATIVES } from '../segment/negation.js';
import type { RuleIndex } from '../rules/index.js';
import type { Matcher, Rule } from '../rules/types.js';
import type { Role, Token } from '../types.js';

export type HitStatus = 'fired' | 'blocked-by-unless' | 'blocked-by-negation' | 'needs-negation' | 'wrong-speaker';

/** One rule's verdict on one sentence: what matched, and whether it counts. */
export interface RuleHit {
  rule: Rule;
  matcher: Matcher;
  status: HitStatus;
  /** character span of the matched words within the sentence */
  span: [number, number];
  /** the `unless` entry that blocked the rule, if any */
  blocker?: Matcher;
}

const contentWordsOf = new WeakMap<Token[], Token[]>();

/** The sentence's tokens less punctuation; remembered, since extraction, stage and dimension all read them. */
export function contentWords(tokens: Token[]): Token[] {
  let words = contentWordsOf.get(tokens);
  if (!words) {
    words = tokens.filter((token) => token.pos !== 'PUNCT' && token.pos !== 'SYM');
    contentWordsOf.set(tokens, words);
  }
  return words;
}

/** Every rule that matched the sentence, first matcher per rule, including the ones that were blocked. */
export function matchSentence(index: RuleIndex, tokens: Token[], role: Role): RuleHit[] {
  const words = contentWords(tokens);
  const hits: RuleHit[] = [];
  const seen = new Set<Rule>();
  for (const { item: rule, matcher } of index.candidates(words)) {
    if (seen.has(rule)) continue;
    const found = findPattern(matcher.pattern, words);
    if (!found) continue;
    seen.add(rule);
    hits.push(judge(rule, matcher, found, words, role));
  }
  return hits;
}

function judge(rule: Rule, matcher: Matcher, found: Span, words: Token[], role: Role): RuleHit {
  const span: [number, number] = [words[found.start]!.start, words[found.end - 1]!.end];
  const hit = { rule, matcher, span };
  if (rule.speaker !== 'any' && rule.speaker !== role) return { ...hit, status: 'wrong-speaker' };
  const blocker = rule.unless.find((u) => findPattern(u.pattern, words));
  if (blocker) return { ...hit, status: 'blocked-by-unless', blocker };
  const negated = isNegated(words.slice(found.start, found.end), matcher.pattern);
  if (rule.negation === 'block' && negated) return { ...hit, status: 'blocked-by-negation' };
  if (rule.negation === 'require' && !negated) return { ...hit, status: 'needs-negation' };
  return { ...hit, status: 'fired' };
}

/**
 * A match is negated when a negation reaches its words ("wasn't a hassle"
 * negates "hassle"; "I don't use it for" negates the job). A pattern that names
 * the negation itself ("couldn't find") asks for it, so is never negated.
 */
export function isNegated(matched: Token[], pattern: Pattern): boolean {
  if (pattern.spellsNegation) return false;
  return matched.some((token) => token.negated || NEGATIVES.has(token.norm));
}
