import type { RuleSet } from '../rules/types.js';
import { answerContext } from '../segment/context.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence } from '../types.js';
import { decideDimension, indexDimensionCues, type DimensionCues } from './dimension.js';
import { actionNounsOf } from './actions.js';
import { codebookJobOf, indexCodebook, type Codebook } from './codebook.js';
import { buildJobStatement, topicWords, type ActionNouns } from './statement.js';
import { decideStage, indexStageCues, type StageContext, type StageCues } from './stage.js';

export type Classifier = (segmented: SegmentedTranscript, findings: Finding[]) => ClassifiedFinding[];

/** Gives every finding a journey stage, and every job statement a dimension; the stage cues are indexed once. */
export function createClassifier(rules: RuleSet): Classifier {
  const cues = indexStageCues(rules.stages);
  const dimensions = indexDimensionCues(rules.dimensions);
  const actions = actionNounsOf(rules);
  const codebook = indexCodebook(rules.codebook);
  return (segmented, findings) => classify(segmented, findings, cues, dimensions, actions, codebook);
}

/** One-off classification (tests, tools); a run uses createClassifier. */
export function classifyFindings(segmented: SegmentedTranscript, findings: Finding[], rules: RuleSet): ClassifiedFinding[] {
  return createClassifier(rules)(segmented, findings);
}

function classify(segmented: SegmentedTranscript, findings: Finding[], cues: StageCues, dimensions: DimensionCues, actions: ActionNouns, codebook: Codebook): ClassifiedFinding[] {
  const { sentences } = segmented;
  // one turn (notes, a monologue, `explain --text`) has no place in an interview to go by
  const turnCount = segmented.transcript.turns.length > 1 ? segmented.transcript.turns.length - 1 : undefined;
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
      const statement = buildJobStatement(sentence.tokens, finding.span[0], actions);
      classified.statement = statement.text;
      classified.statementWords = statement.words;
      if (statement.head) classified.statementHead = statement.head;
      classified.topicWords = topicWords(sentence.tokens);
      if (statement.problem) classified.notAJob = statement.problem;
      const coded = codebookJobOf(codebook, sentence.tokens.slice(statement.from));
      if (coded) classified.codebookJob = coded;
    }
    return classified;
  });
}

export function contextOf(sentences: Sentence[], sentence: Sentence, turnCount: number | undefined): StageContext {
  return { sentence, ...answerContext(sentences, sentence), ...(turnCount ? { position: sentence.turn / turnCount } : {}) };
}
