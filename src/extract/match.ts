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

const cuesFound = new WeakMap<Matcher[], WeakMap<Sentence, boolean>>();

/**
 * Does a neighbouring sentence or the question hold one of a rule's cues?
 * Remembered per cue list and sentence: every sentence of an answer asks the
 * same question again.
 */
function cueIn(cues: Matcher[], sentence: Sentence): boolean {
  let found = cuesFound.get(cues);
  if (!found) cuesFound.set(cues, (found = new WeakMap()));
  let held = found.get(sentence);
  if (held === undefined) found.set(sentence, (held = findCue(cues, sentence) !== undefined));
  return held;
}

/**
 * Every rule that matched the sentence, first matcher per rule (past matches
 * negation decided against), including the ones that were blocked. `sentences` is the whole transcript the sentence
 * belongs to (for `near` and `after_question`); without it the sentence stands alone.
 */
export function matchSentence(index: RuleIndex, sentence: Sentence, sentences: Sentence[] = [sentence]): RuleHit[] {
  return matchWith(index, sentence, sentences, false);
}

/**
 * Only the rules that fire on the sentence: what extraction needs. The same
 * verdicts as matchSentence gives, but a rule whose context (the question
 * before, a neighbour, a co-occurring cue) is missing is dropped before its
 * exclusions are read, since nobody asks why it did not fire.
 */
export function firedRules(index: RuleIndex, sentence: Sentence, sentences: Sentence[] = [sentence]): RuleHit[] {
  return matchWith(index, sentence, sentences, true);
}

function matchWith(index: RuleIndex, sentence: Sentence, sentences: Sentence[], firedOnly: boolean): RuleHit[] {
  const words = contentWords(sentence.tokens);
  const hits = new Map<Rule, RuleHit>();
  for (const { item: rule, matcher } of index.candidates(words)) {
    const prior = hits.get(rule);
    if (prior && !decidedByNegation(prior)) continue;
    if (firedOnly && !contextHolds(rule, sentence, sentences, words)) continue;
    const hit = judgeFirstUnnegated(rule, matcher, words, sentence, sentences);
    // a later entry of the rule may match words no negation reaches ("wasn't a hassle, but ... a nightmare")
    if (hit && (!prior || !decidedByNegation(hit))) hits.set(rule, hit);
  }
  const found = [...hits.values()];
  return firedOnly ? found.filter((hit) => hit.status === 'fired') : found;
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
  const verdict = (status: HitStatus, more?: { blocker?: Matcher; reason?: string }): RuleHit => ({ rule, matcher, span, status, ...more });
  if (rule.speaker !== 'any' && rule.speaker !== sentence.role) return verdict('wrong-speaker');
  const blocker = findCue(rule.unless, sentence, words);
  if (blocker) return verdict('blocked-by-unless', { blocker });
  const negated = isNegated(words, found, matcher.pattern);
  if (rule.negation === 'block' && negated) return verdict('blocked-by-negation');
  if (rule.negation === 'require' && !negated) return verdict('needs-negation');
  const question = isQuestion(sentence);
  if (rule.questions === 'skip' && question) return verdict('blocked-by-question');
  if (rule.questions === 'only' && !question) return verdict('needs-context', { reason: 'not a question' });
  if (rule.hedges.policy !== 'allow') {
    const hedge = findCue(rule.hedges.cues, sentence, words);
    if (rule.hedges.policy === 'skip' && hedge) return verdict('blocked-by-hedge', { blocker: hedge });
    if (rule.hedges.policy === 'only' && !hedge) return verdict('needs-context', { reason: 'no hedge' });
  }
  const missing = missingContext(rule, sentence, sentences, words);
  return missing ? verdict('needs-context', { reason: missing }) : verdict('fired');
}

/** Which of the rule's `requires`, `near` and `after_question` is not met, if any. */
function missingContext(rule: Rule, sentence: Sentence, sentences: Sentence[], words: Token[]): string | undefined {
  const missing = rule.requires.find((group) => !findCue(group.cues, sentence, words));
  if (missing) return `no ${missing.name} (requires)`;
  // A sentence on its own (an example, `explain --text`) has no neighbours and no question before it.
  const inTranscript = sentences[sentence.index] === sentence;
  if (rule.near) {
    const around = inTranscript ? neighbours(sentences, sentence, rule.near.within) : [sentence];
    if (!around.some((s) => cueIn(rule.near!.cues, s))) return `no \`near\` cue within ${rule.near.within} sentence(s)`;
  }
  if (rule.afterQuestion) {
    const asked = inTranscript ? answerContext(sentences, sentence).question : [];
    if (!asked.some((s) => cueIn(rule.afterQuestion!, s))) return 'the question before has no `after_question` cue';
  }
  return undefined;
}

function contextHolds(rule: Rule, sentence: Sentence, sentences: Sentence[], words: Token[]): boolean {
  return (rule.requires.length === 0 && !rule.near && !rule.afterQuestion) || missingContext(rule, sentence, sentences, words) === undefined;
}

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
