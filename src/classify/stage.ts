import { contentWords } from '../extract/match.js';
import { findPattern } from '../rules/pattern.js';
import type { Matcher, Stage, StageModel } from '../rules/types.js';
import type { Sentence, StageDecision, Token } from '../types.js';

/** What the stage decision may look at for one sentence. */
export interface StageContext {
  sentence: Sentence;
  /** the sentences of the interviewer's turn just before this answer */
  question: Sentence[];
  /** earlier sentences of the same turn, nearest first */
  before: Sentence[];
  /** where the sentence sits in the interview, 0 (start) to 1 (end) */
  position: number;
}

interface CueHit {
  stage: Stage;
  cue: Matcher;
  count: number;
}

/**
 * The sentence's own cues decide first, then the interviewer's question, then
 * the sentences just before in the same answer, then position, then the default.
 */
export function decideStage(model: StageModel, context: StageContext): StageDecision {
  const own = strongest(model.stages, (stage) => stage.cues, [context.sentence]);
  if (own) return { stage: own.stage.id, because: `sentence has ${own.cue.kind} "${own.cue.source}"` };
  const asked = strongest(model.stages, (stage) => stage.questionCues, context.question);
  if (asked) return { stage: asked.stage.id, because: `question has ${asked.cue.kind} "${asked.cue.source}"` };
  const nearby = strongest(model.stages, (stage) => stage.cues, context.before.slice(0, 2));
  if (nearby) return { stage: nearby.stage.id, because: `answer so far has ${nearby.cue.kind} "${nearby.cue.source}"` };
  const placed = model.stages.find((stage) => stage.position && within(context.position, stage.position));
  if (placed) return { stage: placed.id, because: `position ${context.position.toFixed(2)} in the interview` };
  return { stage: model.defaultStage, because: 'no stage cue; default stage' };
}

function within(value: number, [from, to]: [number, number]): boolean {
  return value >= from && value <= to;
}

/** The stage with most cue hits in the sentences; ties go to the stage whose cue comes first in the text. */
function strongest(stages: Stage[], cuesOf: (stage: Stage) => Matcher[], sentences: Sentence[]): CueHit | undefined {
  if (sentences.length === 0) return undefined;
  const words = sentences.map((s) => contentWords(s.tokens));
  let best: (CueHit & { at: number }) | undefined;
  for (const stage of stages) {
    let count = 0;
    let first: { cue: Matcher; at: number } | undefined;
    for (const cue of cuesOf(stage)) {
      const at = firstMatch(cue, words);
      if (at === undefined) continue;
      count++;
      if (!first || at < first.at) first = { cue, at };
    }
    if (first && (!best || count > best.count || (count === best.count && first.at < best.at))) {
      best = { stage, cue: first.cue, count, at: first.at };
    }
  }
  return best;
}

function firstMatch(cue: Matcher, sentences: Token[][]): number | undefined {
  for (let i = 0; i < sentences.length; i++) {
    const span = findPattern(cue.pattern, sentences[i]!);
    if (span) return i * 1000 + span.start;
  }
  return undefined;
}
