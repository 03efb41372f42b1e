import { findPattern, type Pattern, type Span } from '../rules/pattern.js';
import { NEGATIVES } from '../segment/negation.js';
import { answerContext, isQuestion, neighbours } from '../segment/context.js';
import { mayMatch, type RuleIndex } from '../rules/index.js';
import type { Matcher, Rule } from '../rules/types.js';
import type { Sentence, Token } from '../types.js';

export type HitStatus =
  | 'fired'
  | 'blocked-by-unless'
  | 'blocked-by-negation'
  | 'needs-negation'
  | 'wrong-speaker'
  | 'blocked-by-question'
  | 'blocked-by-hedge'
  | 'needs-context';

/** One rule's verdict on one sentence: what matched, and whether it counts. */
export interface RuleHit {
  rule: Rule;
  matcher: Matcher;
  status: HitStatus;
  /** character span of the matched words within the sentence */
  span: [number, number];
  /** the `unless` or hedge entry that blocked the rule, if any */
  blocker?: Matcher;
  /** for needs-context: which condition was not met */
  reason?: string;
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

/** Does one of the cues occur in the sentence? A cue missing a word it needs is not tried (unless lists run to dozens). */
export function findCue(cues: Matcher[], sentence: Sentence, words = contentWords(sentence.tokens)): Matcher | undefined {
  return cues.find((cue) => mayMatch(cue.pattern, words) && findPattern(cue.pattern, words, sentence.text));
}

/**
 * Every rule that matched the sentence, first matcher per rule (past matches
 * negation decided against), including the ones that were blocked. `sentences` is the whole transcript the sentence
 * belongs to (for `near` and `after_question`); without it the sentence stands alone.
 */
export function matchSentence(index: RuleIndex, sentence: Sentence, sentences: Sentence[] = [sentence]): RuleHit[] {
  const words = contentWords(sentence.tokens);
  const hits = new Map<Rule, RuleHit>();
  for (const { item: rule, matcher } of index.candidates(words)) {
    const prior = hits.get(rule);
    if (prior && !decidedByNegation(prior)) continue;
    const hit = judgeFirstUnnegated(rule, matcher, words, sentence, sentences);
    // a later entry of the rule may match words no negation reaches ("wasn't a hassle, but ... a nightmare")
    if (hit && (!prior || !decidedByNegation(hit))) hits.set(rule, hit);
  }
  return [...hits.values()];
}

function decidedByNegation(hit: RuleHit): boolean {
  return hit.status === 'blocked-by-negation' || hit.status === 'needs-negation';
}

/**
 * The matcher's first match that negation does not decide against: in "I don't
 * use it for slides, but I use it for emails" the second clause is the finding.
 * Any other verdict (fired, or blocked for another reason) is final.
 */
function judgeFirstUnnegated(rule: Rule, matcher: Matcher, words: Token[], sentence: Sentence, sentences: Sentence[]): RuleHit | undefined {
  let verdict: RuleHit | undefined;
  for (let from = 0; from < words.length; ) {
    const found = findPattern(matcher.pattern, words, sentence.text, from);
    if (!found) break;
    const hit = judge({ rule, matcher, found, words, sentence, sentences });
    verdict ??= hit;
    if (!decidedByNegation(hit)) return hit;
    from = found.start + 1;
  }
  return verdict;
}

interface Candidate {
  rule: Rule;
  matcher: Matcher;
  found: Span;
  words: Token[];
  sentence: Sentence;
  sentences: Sentence[];
}

/** Speaker, exclusions, negation, then the sentence's kind and its context: the first check that fails says why. */
function judge({ rule, matcher, found, words, sentence, sentences }: Candidate): RuleHit {
  const span: [number, number] = [words[found.start]!.start, words[found.end - 1]!.end];
  const hit = { rule, matcher, span };
  if (rule.speaker !== 'any' && rule.speaker !== sentence.role) return { ...hit, status: 'wrong-speaker' };
  const blocker = findCue(rule.unless, sentence, words);
  if (blocker) return { ...hit, status: 'blocked-by-unless', blocker };
  const negated = isNegated(words.slice(found.start, found.end), matcher.pattern);
  if (rule.negation === 'block' && negated) return { ...hit, status: 'blocked-by-negation' };
  if (rule.negation === 'require' && !negated) return { ...hit, status: 'needs-negation' };
  const question = isQuestion(sentence);
  if (rule.questions === 'skip' && question) return { ...hit, status: 'blocked-by-question' };
  if (rule.questions === 'only' && !question) return { ...hit, status: 'needs-context', reason: 'not a question' };
  if (rule.hedges.policy !== 'allow') {
    const hedge = findCue(rule.hedges.cues, sentence, words);
    if (rule.hedges.policy === 'skip' && hedge) return { ...hit, status: 'blocked-by-hedge', blocker: hedge };
    if (rule.hedges.policy === 'only' && !hedge) return { ...hit, status: 'needs-context', reason: 'no hedge' };
  }
  const missing = rule.requires.find((group) => !findCue(group.cues, sentence, words));
  if (missing) return { ...hit, status: 'needs-context', reason: `no ${missing.name} (requires)` };
  // A sentence on its own (an example, `explain --text`) has no neighbours and no question before it.
  const inTranscript = sentences[sentence.index] === sentence;
  const around = inTranscript && rule.near ? neighbours(sentences, sentence, rule.near.within) : [sentence];
  if (rule.near && !around.some((s) => findCue(rule.near!.cues, s))) {
    return { ...hit, status: 'needs-context', reason: `no \`near\` cue within ${rule.near.within} sentence(s)` };
  }
  const asked = inTranscript && rule.afterQuestion ? answerContext(sentences, sentence).question : [];
  if (rule.afterQuestion && !asked.some((s) => findCue(rule.afterQuestion!, s))) {
    return { ...hit, status: 'needs-context', reason: 'the question before has no `after_question` cue' };
  }
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
