import type { Node } from 'yaml';
import type { YamlReader } from '../../core/yaml.js';
import type { ReadContext } from '../cues.js';
import { afterQuestion } from './afterQuestion.js';
import type { Condition, MatchCheck, SentenceCheck } from './condition.js';
import { hedges } from './hedges.js';
import { near } from './near.js';
import { negation } from './negation.js';
import { questions } from './questions.js';
import { requires } from './requires.js';
import { speaker } from './speaker.js';
import { unless } from './unless.js';

/**
 * Every condition a rule may carry, in the order they are checked: the first
 * that fails stops the rule (explain lists the others that fail too). A new condition is a module in this
 * folder and a line here; the schema, the matcher and explain read this list.
 */
export const CONDITIONS = [speaker, unless, negation, questions, hedges, requires, near, afterQuestion] as const;

type Listed = (typeof CONDITIONS)[number];

/**
 * The list as the loops over it see it: each condition reads, checks and
 * explains its own value; the loops only carry it (compile and explain are
 * methods, so a condition of any value type is one of these).
 */
export type AnyCondition = Condition<string, unknown, ConditionStatus>;
const LIST: readonly AnyCondition[] = CONDITIONS;

/** The keys a rule writes its conditions under, in the list's order. */
export const CONDITION_KEYS: string[] = LIST.map((condition) => condition.key);

/** A rule's conditions, by key: what it was written with, or each condition's fallback. */
export type ConditionValues = { [C in Listed as C['key']]: C['fallback'] };

/** Every status a condition can stop a rule with. */
export type ConditionStatus = StatusOf<Listed>;
type StatusOf<C> = C extends Condition<string, unknown, infer Status> ? Status : never;

/** Reads each condition's key from a rule's entries; a key the rule does not write gets the condition's fallback. */
export function readConditions(reader: YamlReader, entries: Map<string, Node | null>, context: ReadContext): ConditionValues {
  const values = LIST.map((condition) => {
    const node = entries.get(condition.key);
    const value = node === undefined ? undefined : condition.read(reader, node, context);
    return [condition.key, value ?? condition.fallback];
  });
  // each value came from its own condition's reader or fallback, so it has the type that condition's key has
  return Object.fromEntries(values) as ConditionValues;
}

/** A check, with the condition it is for: the condition says how a failure is explained. */
export interface CompiledCheck {
  condition: AnyCondition;
  check: MatchCheck<ConditionStatus>;
}

/** A rule's conditions as checks, made once when the rules are indexed (closures cannot cross to worker threads, so not at load). */
export interface CompiledConditions {
  /** every check, in the list's order */
  checks: CompiledCheck[];
  /** the checks on the context most sentences lack: firedRules asks them before matching the rule's words */
  contextChecks: SentenceCheck[];
  /** the other checks on the sentence: the same answer for each match, so firedRules asks them once, after matching */
  sentenceChecks: SentenceCheck[];
  /** the checks that read the matched words (negation) */
  matchChecks: CompiledCheck[];
}

export function compileConditions(values: ConditionValues): CompiledConditions {
  const compiled: CompiledConditions = { checks: [], contextChecks: [], sentenceChecks: [], matchChecks: [] };
  const byKey: Record<string, unknown> = values;
  for (const condition of LIST) {
    // two branches only so the type checker knows which kind of check each compile returns
    if (condition.reads !== 'match') {
      const check = condition.compile(byKey[condition.key]);
      if (!check) continue;
      (condition.reads === 'context' ? compiled.contextChecks : compiled.sentenceChecks).push(check);
      compiled.checks.push({ condition, check });
    } else {
      const check = condition.compile(byKey[condition.key]);
      if (!check) continue;
      compiled.matchChecks.push({ condition, check });
      compiled.checks.push({ condition, check });
    }
  }
  return compiled;
}
