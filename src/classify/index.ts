import type { RuleSet } from '../rules/types.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence } from '../types.js';
import { decideDimension, indexDimensionCues, type DimensionCues } from './dimension.js';
import { normaliseJob } from './statement.js';
import { decideStage, indexStageCues, type StageContext, type StageCues } from './stage.js';

export type Classifier = (segmented: SegmentedTranscript, findings: Finding[]) => ClassifiedFinding[];

/** Gives every finding a journey stage, and every job statement a dimension; the stage cues are indexed once. */
export function createClassifier(rules: RuleSet): Classifier {
  const cues = indexStageCues(rules.stages);
  const dimensions = indexDimensionCues(rules.dimensions);
  return (segmented, findings) => classify(segmented, findings, cues, dimensions);
}

/** One-off classification (tests, tools); a run uses createClassifier. */
export function classifyFindings(segmented: SegmentedTranscript, findings: Finding[], rules: RuleSet): ClassifiedFinding[] {
  return createClassifier(rules)(segmented, findings);
}

function classify(segmented: SegmentedTranscript, findings: Finding[], cues: StageCues, dimensions: DimensionCues): ClassifiedFinding[] {
  const { sentences } = segmented;
  const turnCount = Math.max(1, segmented.transcript.turns.length - 1);
  const stageOf = new Map<number, ReturnType<typeof decideStage>>();
  return findings.map((finding) => {
    const sentence = sentences[finding.evidence.sentence]!;
    let decision = stageOf.get(sentence.index);
    if (!decision) {
      decision = decideStage(cues, contextOf(sentences, sentence, turnCount));
      stageOf.set(sentence.index, decision);
    }
    const classified: ClassifiedFinding = { ...finding, stage: decision.stage, stageBecause: decision.because };
    if (finding.category === 'job') {
      classified.dimension = decideDimension(dimensions, sentence);
      classified.statement = normaliseJob(finding.sentence, finding.span[0], sentence.tokens);
    }
    return classified;
  });
}

function contextOf(sentences: Sentence[], sentence: Sentence, turnCount: number): StageContext {
  const before: Sentence[] = [];
  let i = sentence.index - 1;
  for (; i >= 0 && sentences[i]!.turn === sentence.turn; i--) before.push(sentences[i]!);
  // The interviewer's turn right before this answer, if the previous turn is the interviewer's.
  const question: Sentence[] = [];
  const previousTurn = sentences[i]?.turn;
  for (; i >= 0 && sentences[i]!.turn === previousTurn && sentences[i]!.role === 'interviewer'; i--) question.unshift(sentences[i]!);
  // Interviewers often acknowledge the last answer before asking; the question itself is what sets the stage.
  const asked = question.filter((s) => /\?["'\u201d]?\s*$/.test(s.text));
  return { sentence, question: asked.length > 0 ? asked : question.slice(-1), before, position: sentence.turn / turnCount };
}
