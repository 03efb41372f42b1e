import { contentWords } from '../extract/match.js';
import { MatcherIndex } from '../rules/index.js';
import { findPattern } from '../rules/pattern.js';
import type { Matcher, Stage, StageModel } from '../rules/types.js';
import type { Sentence, StageDecision } from '../types.js';

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

/** The stage model's cues, indexed once per model. */
export interface StageCues {
  model: StageModel;
  sentence: MatcherIndex<Stage>;
  question: MatcherIndex<Stage>;
}

export function indexStageCues(model: StageModel): StageCues {
  return {
    model,
    sentence: new MatcherIndex(model.stages.map((stage) => ({ item: stage, matchers: stage.cues }))),
    question: new MatcherIndex(model.stages.map((stage) => ({ item: stage, matchers: stage.questionCues }))),
  };
}

/**
 * The sentence's own cues decide first, then the interviewer's question, then
 * the sentences just before in the same answer, then position, then the default.
 */
export function decideStage(cues: StageCues, context: StageContext): StageDecision {
  const { model } = cues;
  const own = strongest(cues.sentence, [context.sentence]);
  if (own) return { stage: own.stage.id, because: `sentence has ${own.cue.kind} "${own.cue.source}"` };
  const asked = strongest(cues.question, context.question);
  if (asked) return { stage: asked.stage.id, because: `question has ${asked.cue.kind} "${asked.cue.source}"` };
  const nearby = strongest(cues.sentence, context.before.slice(0, 2));
  if (nearby) return { stage: nearby.stage.id, because: `answer so far has ${nearby.cue.kind} "${nearby.cue.source}"` };
  const placed = model.stages.find((stage) => stage.position && within(context.position, stage.position));
  if (placed) return { stage: placed.id, because: `position ${context.position.toFixed(2)} in the interview` };
  return { stage: model.defaultStage, because: 'no stage cue; default stage' };
}

function within(value: number, [from, to]: [number, number]): boolean {
  return value >= from && value <= to;
}

/** The stage with most cue hits in the sentences; ties go to the stage whose cue comes first in the text. */
function strongest(index: MatcherIndex<Stage>, sentences: Sentence[]): CueHit | undefined {
  const hits = new Map<Stage, { count: number; cue: Matcher; at: number; order: number }>();
  sentences.forEach((sentence, i) => {
    const words = contentWords(sentence.tokens);
    for (const { item: stage, matcher, order } of index.candidates(words)) {
      const span = findPattern(matcher.pattern, words);
      if (!span) continue;
      const at = i * 1000 + span.start;
      const hit = hits.get(stage);
      if (!hit) hits.set(stage, { count: 1, cue: matcher, at, order });
      else {
        hit.count++;
        if (at < hit.at) Object.assign(hit, { cue: matcher, at });
      }
    }
  });
  let best: (CueHit & { at: number; order: number }) | undefined;
  for (const [stage, hit] of hits) {
    if (!best || hit.count > best.count || (hit.count === best.count && (hit.at < best.at || (hit.at === best.at && hit.order < best.order)))) {
      best = { stage, ...hit };
    }
  }
  return best;
}
