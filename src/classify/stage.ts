import { contentWords } from '../rules/find.js';
import { MatcherIndex } from '../rules/index.js';
import { findPattern } from '../rules/patternMatch.js';
import type { Matcher } from '../rules/matchers.js';
import type { Stage, StageModel, When } from '../rules/types.js';
import type { Sentence, StageDecision, StageEvidence } from '../types.js';
import { answers, type SentenceTime } from './timeline.js';
import type { TimeReading } from './time.js';

/** What the stage decision may look at for one sentence. */
export interface StageContext {
  sentence: Sentence;
  /** the sentence's time: its own, or the one its answer goes on in */
  time: SentenceTime;
  /** the sentences of the interviewer's turn just before this answer, each with its own time */
  question: AskedSentence[];
  /** the questions before that one, nearest first: what a follow-up question ("what happened next?") goes on from */
  earlier: AskedSentence[][];
  /** where the sentence sits in the interview, 0 (start) to 1 (end); unknown for a single turn */
  position?: number;
}

export interface AskedSentence {
  sentence: Sentence;
  time: TimeReading;
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

const ANCHOR_WORDS: Record<When, string> = {
  before: 'before the anchor',
  at: 'at the anchor',
  after: 'after the anchor',
  future: 'in the future',
  change: 'then and now',
};

/**
 * The evidence in order, the first that speaks decides:
 *   1. the sentence's own stage cues, unless its time (its own, or the one its
 *      answer goes on in) contradicts them ("four years ago we bought the cheap
 *      one" is no decision of this purchase);
 *   2. the sentence's own time relative to the anchor (the model's `time:`),
 *      a time before only when the question asks about that time;
 *   3. the time of the answer so far, if the sentence goes on in it (a
 *      time before, here too, only when the question asks about then);
 *      in 2 and 3, a question cue of a stage on the same side of the anchor
 *      says which stage there (asked "when did that stop working?", last
 *      year's incident is the first thought, not just "before");
 *   4. the interviewer's question: its stage cues, then its time;
 *   5. for a short follow-up ("And then?"), the questions before it;
 *   6. position, only in a model with `by_position: true`;
 *   7. the default.
 * Other sentences' cues are about those sentences: only their time carries over.
 */
export function decideStage(cues: StageCues, context: StageContext): StageDecision {
  const { model } = cues;
  const time = inTheLightOfTheQuestion(context);
  const own = strongest(cues.sentence, [context.sentence], (stage) => !contradicts(model, stage, time.when));
  if (own) return decision(own.stage.id, 'sentence cue', `sentence has ${own.cue.kind} "${own.cue.source}"`);
  const asked = askedAbout(cues, context.question, time);
  const timed = byTime(cues, context, time, asked);
  if (timed) return timed;
  if (asked) return asked;
  // a short follow-up without a cue or time of its own ("And how did that go?") goes on from the questions before it
  for (const [i, earlier] of (isFollowUp(context.question) ? context.earlier : []).entries()) {
    const followed = askedAbout(cues, earlier, time);
    if (followed)
      return { ...followed, because: `follow-up to the question ${i === 0 ? 'before' : `${i + 1} questions back`}, which ${followed.because.replace(/^question /, '')}` };
    if (hasCueOrTime(cues, earlier)) break;
  }
  const { position } = context;
  const placed = !model.byPosition || position === undefined ? undefined : model.stages.find((stage) => stage.position && within(position, stage.position));
  if (placed) return decision(placed.id, 'position', `position ${position!.toFixed(2)} in the interview`);
  return decision(model.defaultStage, 'default', unusedTime(cues, time) ?? 'no stage cue and no time; default stage');
}

/** Why a sentence's own time did not place it, so the default does not read as if it had none. */
function unusedTime(cues: StageCues, time: SentenceTime): string | undefined {
  if (!time.when || time.carriedFrom) return undefined;
  const said = `its time (${ANCHOR_WORDS[time.when]}: "${time.words}")`;
  const why = cues.model.time[time.when] ? 'the question does not ask about then, so it is a comparison in passing' : 'the stage model gives that time no stage';
  return `no stage cue, and ${said} does not decide: ${why}; default stage`;
}

/**
 * Steps 2 and 3: the sentence's own time, then the time its answer goes on in.
 * The time says which side of the anchor; a question asking about a stage on
 * that side (`asked`) says which stage there. A sentence cue the time ruled
 * out is named, so a reader sees why it lost.
 */
function byTime(cues: StageCues, context: StageContext, time: SentenceTime, asked: StageDecision | undefined): StageDecision | undefined {
  const { model } = cues;
  const when = time.when;
  if (!when || !model.time[when]) return undefined;
  // a time before (the sentence's own, or carried from the sentence that said it) tells the story of before only when asked about then
  if (when === 'before' && !askedAboutThePast(cues, context)) return undefined;
  let because: string;
  let evidence: StageEvidence;
  if (!time.carriedFrom) {
    because = `sentence is ${ANCHOR_WORDS[when]}: "${time.words}"${datedBy(time)}`;
    evidence = 'sentence time';
  } else {
    because = `answer so far is ${ANCHOR_WORDS[when]}: "${time.words}" (line ${time.carriedFrom.location.line})`;
    evidence = 'answer time';
  }
  const vetoed = strongest(cues.sentence, [context.sentence]);
  const but = vetoed ? `; its ${vetoed.cue.kind} "${vetoed.cue.source}" (${vetoed.stage.id}) does not fit that time` : '';
  if (asked?.evidence === 'question cue' && asked.stage !== model.time[when] && sameSide(model, asked.stage, when)) {
    return decision(asked.stage, 'question cue', `${asked.because}, and the ${because}${but}`);
  }
  return decision(model.time[when]!, evidence, `${because}${but}`);
}

/** Asked how things compare with before ("how did that compare to what you did before AI?"), an answer about before is a then and now. */
function inTheLightOfTheQuestion({ time, question }: StageContext): SentenceTime {
  if (time.when !== 'before' || !question.some((q) => q.time.when === 'change')) return time;
  return { ...time, when: 'change' };
}

/** The question's stage cues, then its time, if the answer speaks to it. */
function askedAbout(cues: StageCues, question: AskedSentence[], time: SentenceTime): StageDecision | undefined {
  const asked = strongest(
    cues.question,
    question.map((q) => q.sentence),
  );
  if (asked) return decision(asked.stage.id, 'question cue', `question has ${asked.cue.kind} "${asked.cue.source}"`);
  const askedWhen = question.map((q) => q.time).find((t) => t.when && cues.model.time[t.when]);
  if (askedWhen && answers(askedWhen.when!, time.tense)) {
    return decision(cues.model.time[askedWhen.when!]!, 'question time', `question asks about ${ANCHOR_WORDS[askedWhen.when!]}: "${askedWhen.words}"`);
  }
  return undefined;
}

/**
 * Was the answer asked about the time before the anchor? The question (or,
 * for a short follow-up, the one before it) says before or at the anchor
 * ("how did you handle it before you started using it?"), or has a cue of a
 * stage before the anchor. Asked about anything else ("what was happening in
 * that situation?"), a sentence that mentions life before ("before AI it took
 * me hours") compares in passing rather than tells the story of before, so
 * its time does not decide.
 */
function askedAboutThePast(cues: StageCues, context: StageContext): boolean {
  const question = [...context.question, ...(isFollowUp(context.question) ? (context.earlier[0] ?? []) : [])];
  if (question.some((q) => q.time.when === 'before' || q.time.when === 'at')) return true;
  const asked = strongest(
    cues.question,
    question.map((q) => q.sentence),
  );
  const anchor = cues.model.stages.findIndex((s) => s.id === cues.model.time.at);
  return Boolean(asked && anchor >= 0 && cues.model.stages.indexOf(asked.stage) < anchor);
}

/** "And how did that go?", "Tell me about that.": a question of a few words digs into the answer before; a long one opens a topic. */
const FOLLOW_UP_WORDS = 16;

function isFollowUp(question: AskedSentence[]): boolean {
  return question.reduce((sum, q) => sum + contentWords(q.sentence.tokens).length, 0) <= FOLLOW_UP_WORDS;
}

function hasCueOrTime(cues: StageCues, question: AskedSentence[]): boolean {
  return Boolean(
    strongest(
      cues.question,
      question.map((q) => q.sentence),
    ) || question.some((q) => q.time.when),
  );
}

function decision(stage: string, evidence: StageEvidence, because: string): StageDecision {
  return { stage, evidence, because };
}

function datedBy(time: TimeReading): string {
  return time.by === 'date' && time.when !== 'at' ? ' (compared with when the anchor was)' : '';
}

/**
 * A stage cue the sentence's own time rules out: a stage on the other side of
 * the anchor. Stages are listed in time order, and the model's `time.at`
 * stage is the anchor; before it, nothing at or after it, and after it
 * (or in the future, or then and now), nothing at or before it.
 */
function contradicts(model: StageModel, stage: Stage, when: When | undefined): boolean {
  // then and now spans both sides of the anchor, so no stage contradicts it
  if (!when || when === 'at' || when === 'change' || !model.time.at) return false;
  const anchor = model.stages.findIndex((s) => s.id === model.time.at);
  const here = model.stages.indexOf(stage);
  return when === 'before' ? here >= anchor : here <= anchor;
}

/** The stage sits on the side of the anchor the time says: before it, at it, or after it (the future and then-and-now are after). */
function sameSide(model: StageModel, stageId: string, when: When): boolean {
  const anchor = model.stages.findIndex((s) => s.id === model.time.at);
  const here = model.stages.findIndex((s) => s.id === stageId);
  if (anchor < 0 || here < 0) return false;
  return when === 'before' ? here < anchor : when === 'at' ? here === anchor : here > anchor;
}

function within(value: number, [from, to]: [number, number]): boolean {
  return value >= from && value <= to;
}

/** The stage with most cue hits in the sentences; ties go to the stage whose cue comes first in the text. */
function strongest(index: MatcherIndex<Stage>, sentences: Sentence[], allowed: (stage: Stage) => boolean = () => true): CueHit | undefined {
  const hits = new Map<Stage, { count: number; cue: Matcher; at: number; order: number }>();
  sentences.forEach((sentence, i) => {
    for (const { stage, matcher, order, start } of cueHits(index, sentence)) {
      if (!allowed(stage)) continue;
      const at = i * 1000 + start;
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

interface StageCueHit {
  stage: Stage;
  matcher: Matcher;
  order: number;
  /** the word the cue starts at */
  start: number;
}

const hitsByIndex = new WeakMap<MatcherIndex<Stage>, WeakMap<Sentence, StageCueHit[]>>();

/**
 * The stage cues that match a sentence, found once: a question is weighed for
 * every sentence of its answer, and a sentence up to four times in one decision.
 */
function cueHits(index: MatcherIndex<Stage>, sentence: Sentence): StageCueHit[] {
  let bySentence = hitsByIndex.get(index);
  if (!bySentence) hitsByIndex.set(index, (bySentence = new WeakMap()));
  let hits = bySentence.get(sentence);
  if (!hits) {
    const words = contentWords(sentence.tokens);
    hits = [];
    for (const { item: stage, matcher, order } of index.candidates(words)) {
      const span = findPattern(matcher.pattern, words);
      if (span) hits.push({ stage, matcher, order, start: span.start });
    }
    bySentence.set(sentence, hits);
  }
  return hits;
}
