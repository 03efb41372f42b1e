import type { RuleSet } from '../rules/types.js';
import { answerContext, earlierQuestions } from '../segment/context.js';
import type { ClassifiedFinding, Finding, FindingTiming, SegmentedTranscript, Sentence, StageDecision } from '../types.js';
import { decideDimension, indexDimensionCues, type DimensionCues } from './dimension.js';
import { actionNounsOf, generalNounsOf } from './actions.js';
import { codebookJobOf, indexCodebook, type Codebook } from './codebook.js';
import type { ActionNouns } from './deverbal.js';
import { buildJobStatement } from './statement.js';
import type { GeneralNouns } from './statementObject.js';
import { topicWords } from './statementWords.js';
import { decideStage, indexStageCues, type StageContext, type StageCues } from './stage.js';
import { indexTimeCues, type TimeIndex } from './time.js';
import { InterviewTime, type SentenceTime } from './timeline.js';

export type Classifier = (segmented: SegmentedTranscript, findings: Finding[]) => ClassifiedFinding[];

interface Indexes {
  stages: StageCues;
  time: TimeIndex;
  dimensions: DimensionCues;
  actions: ActionNouns;
  general: GeneralNouns;
  codebook: Codebook;
}

/**
 * Gives every finding a journey stage and its time, and every job statement a
 * dimension; the cues are indexed once. A finding is classified from its
 * sentence, category and match (and the parse around it), never from other
 * findings: the rule-hit memo (run/ruleHits.ts) keeps each classification by
 * that place and reuses it when other rules change. Keep it so, or key the
 * memo on what else is read.
 */
export function createClassifier(rules: RuleSet): Classifier {
  const indexes: Indexes = {
    stages: indexStageCues(rules.stages),
    time: indexTimeCues(rules.time),
    dimensions: indexDimensionCues(rules.dimensions),
    actions: actionNounsOf(rules),
    general: generalNounsOf(rules),
    codebook: indexCodebook(rules.codebook),
  };
  return (segmented, findings) => classify(segmented, findings, indexes);
}

/** One-off classification (tests, tools); a run uses createClassifier. */
export function classifyFindings(segmented: SegmentedTranscript, findings: Finding[], rules: RuleSet): ClassifiedFinding[] {
  return createClassifier(rules)(segmented, findings);
}

function classify(segmented: SegmentedTranscript, findings: Finding[], indexes: Indexes): ClassifiedFinding[] {
  const { sentences } = segmented;
  // one turn (notes, a monologue, `explain --text`) has no place in an interview to go by
  const turnCount = segmented.transcript.turns.length > 1 ? segmented.transcript.turns.length - 1 : undefined;
  const times = new InterviewTime(sentences, indexes.time);
  const decided = new Map<number, { decision: StageDecision; time: SentenceTime }>();
  return findings.map((finding) => {
    const sentence = sentences[finding.evidence.sentence]!;
    let stage = decided.get(sentence.index);
    if (!stage) {
      const context = contextOf(sentences, sentence, times, turnCount);
      stage = { decision: decideStage(indexes.stages, context), time: context.time };
      decided.set(sentence.index, stage);
    }
    const timing = findingTiming(stage.time);
    const classified: ClassifiedFinding = {
      ...finding,
      stage: stage.decision.stage,
      stageBecause: stage.decision.because,
      stageEvidence: stage.decision.evidence,
      ...(timing ? { timing } : {}),
    };
    if (finding.category === 'job') {
      classified.dimension = decideDimension(indexes.dimensions, sentence);
      const statement = buildJobStatement(sentence.tokens, finding.span[0], indexes.actions, indexes.general);
      classified.statement = statement.text;
      classified.statementWords = statement.words;
      if (statement.head) classified.statementHead = statement.head;
      classified.topicWords = topicWords(sentence.tokens);
      if (statement.problem) classified.notAJob = statement.problem;
      const coded = codebookJobOf(indexes.codebook, sentence.tokens.slice(statement.from));
      if (coded) classified.codebookJob = coded;
    }
    return classified;
  });
}

/** How many questions back a follow-up may go for its stage: an interviewer rarely digs deeper than two. */
const FOLLOW_UP_DEPTH = 2;

export function contextOf(sentences: Sentence[], sentence: Sentence, times: InterviewTime, turnCount: number | undefined): StageContext {
  // the stage reads the question with the requests that frame it: "Take me back to when you first started thinking."
  const { prompt: question } = answerContext(sentences, sentence);
  const asked = (q: Sentence) => ({ sentence: q, time: times.ownTime(q) });
  return {
    sentence,
    time: times.timeInAnswer(sentence),
    question: question.map(asked),
    earlier: earlierQuestions(sentences, question, FOLLOW_UP_DEPTH).map((turn) => turn.map(asked)),
    ...(turnCount ? { position: sentence.turn / turnCount } : {}),
  };
}

/** What a finding records about its sentence's time; nothing when the sentence says nothing about it. */
function findingTiming(time: SentenceTime): FindingTiming | undefined {
  if (!time.tense && !time.when) return undefined;
  return {
    ...(time.tense ? { tense: time.tense } : {}),
    ...(time.when ? { when: time.when, words: time.words } : {}),
    ...(time.carriedFrom ? { from: `${time.carriedFrom.location.file}:${time.carriedFrom.location.line}` } : {}),
  };
}
