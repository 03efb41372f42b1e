import type { Node } from 'yaml';
import type { YamlReader } from '../../core/yaml.js';
import type { Sentence, Token } from '../../types.js';
import type { ReadContext } from '../cues.js';
import type { Matcher } from '../matchers.js';
import type { Span } from '../pattern.js';

/** What a condition may look at when a rule's words are in a sentence. */
export interface SentencePlace {
  sentence: Sentence;
  /** the whole transcript the sentence belongs to; `[sentence]` when it stands alone (an example, `explain --text`) */
  sentences: Sentence[];
  /** the sentence's words, punctuation left out */
  words: Token[];
}

/** A sentence, and where in it one entry of the rule matched. */
export interface MatchPlace extends SentencePlace {
  matcher: Matcher;
  found: Span;
}

/** Why a condition stops a rule: a status, and the entry that blocked it or the reason, for explain. */
export interface Failure<Status extends string = string> {
  status: Status;
  /** the `unless` or hedge entry found in the sentence */
  blocker?: Matcher;
  /** which context was missing ("no time cue (requires)") */
  reason?: string;
}

export type SentenceCheck<Status extends string = string> = (place: SentencePlace) => Failure<Status> | undefined;
export type MatchCheck<Status extends string = string> = (place: MatchPlace) => Failure<Status> | undefined;

/**
 * One condition of the rule language: the key a rule writes it under, how
 * that value is read, the check it makes of a sentence, and how explain says
 * why it failed. The schema, the matcher and explain know conditions only
 * through this (the list is in ./index.ts). Status: every status the check
 * can stop a rule with.
 */
interface ConditionBase<Key extends string, Value> {
  key: Key;
  /** The value under the key; a problem goes to the reader, at its node (the rule file does not load then). */
  read(reader: YamlReader, node: Node | null, context: ReadContext): Value | undefined;
  /** the value of a rule that does not write the key (or writes a value that could not be read) */
  fallback: Value;
  /** What explain and `rules test` print in brackets after the status, if anything. */
  explain(failure: Failure): string | undefined;
  /** what explain calls a rule it stops: blocked, or skipped when the rule does not read such sentences at all */
  verdict: 'blocked' | 'skipped';
}

/**
 * A condition on the sentence: the same answer for every match of the rule in
 * it. `context` when it asks for something around the rule's words that most
 * sentences lack (a co-occurring cue, a neighbour's, the question's): firedRules
 * asks it before matching them, the others after.
 */
export interface SentenceCondition<Key extends string, Value, Status extends string> extends ConditionBase<Key, Value> {
  reads: 'sentence' | 'context';
  /** The check a value asks for, built once when the rules are indexed; none when the value asks nothing (`questions: allow`). */
  compile(value: Value): SentenceCheck<Status> | undefined;
}

/** A condition on the matched words (negation): another match in the same sentence may pass it. */
export interface MatchCondition<Key extends string, Value, Status extends string> extends ConditionBase<Key, Value> {
  reads: 'match';
  compile(value: Value): MatchCheck<Status> | undefined;
}

export type Condition<Key extends string, Value, Status extends string> = SentenceCondition<Key, Value, Status> | MatchCondition<Key, Value, Status>;
