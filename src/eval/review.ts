import type { JobmapMessage } from '../core/message.js';
import { JobmapError } from '../errors.js';
import { notScored } from './notScored.js';
import { sentenceHash } from '../extract/ids.js';
import { uniqueTranscriptIds } from '../ingest/index.js';
import { resolveAdditions, describeAddition } from '../review/additions.js';
import { checkAdditionStages, loadReview, type Addition, type FindingDecision, type Review } from '../review/file.js';
import { indexRules } from '../rules/ruleIndex.js';
import type { Rule } from '../rules/types.js';
import type { SourceOutcome } from '../run/analyse.js';
import { createJobmap, type Jobmap, type JobmapOptions } from '../run/engine.js';
import { CATEGORIES, type Category } from '../categories.js';
import type { ClassifiedFinding, SegmentedTranscript, Sentence } from '../types.js';
import type { RuleScore } from './byRule.js';
import { blockedRules, type CategoryScore, type EvalError } from './categories.js';
import { at } from './collect.js';
import { f1Of, mean, ratio, round } from './measures.js';
import type { EvalReport } from './score.js';

/** The review, the study, and how to read it (config, cache, threads, input options: as for the run that was reviewed). */
export interface ReviewEvalOptions extends JobmapOptions {
  /** the review file whose decisions are the test set */
  review: string;
  /** the study's transcripts, as given to `jobmap run` */
  transcriptsDir: string;
}

/** How the current rules did on each finding a reviewer decided. */
type Verdict = 'right' | 'wrong' | 'missed' | 'unreviewed';

/** A finding the rules made or a reviewer named, with its sentence (and the transcript's, for the rules blocked on it). */
interface Judged {
  category: Category;
  rules: string[];
  verdict: Verdict;
  sentence: Sentence;
  sentences: Sentence[];
}

/**
 * The review as a test set: the current rules run on the study, and every
 * decision is read as a label. An accepted finding the rules still make is
 * right and one they no longer make is missed; a rejected finding they still
 * make is wrong; an added finding is missed until a rule finds its sentence.
 * Findings nobody decided count for nothing. Scored with eval's measures and
 * printed with its tables, per category and per rule.
 */
export async function evaluateReview(options: ReviewEvalOptions): Promise<EvalReport> {
  const jobmap = createJobmap(options);
  const { rules } = jobmap;
  const review = await loadReview(options.review);
  if (!review.exists) throw new JobmapError('no review file here; write your decisions first (docs/review.md)', options.review);
  checkAdditionStages(
    review,
    rules.stages.stages.map((stage) => stage.id),
  );
  const { study, problems } = await analyseStudy(options.transcriptsDir, jobmap, review.additions);
  const added = resolveAdditions(
    study.map((s) => s.result),
    review,
  );
  problems.push(...added.unmatched.map(({ addition, reason }) => notScored(`${describeAddition(addition)} (add ${addition.category}): ${reason}`, review.file, addition.line)));
  const decisions = new Map<string, FindingDecision>([...added.decisions, ...review.findings]);
  const judged = judge(
    study.map((s, i) => ({ id: s.result.transcript.id, segmented: s.segmented, findings: added.results[i]!.findings })),
    decisions,
    review,
    problems,
  );
  const { categories, errors } = scoreCategories(judged, rules.rules);
  return {
    transcripts: study.length,
    categories,
    macroF1: round(mean(categories.flatMap((c) => (c.f1 === null ? [] : [c.f1])))),
    stages: [],
    rules: scoreRules(judged, rules.rules),
    errors,
    messages: problems,
    review: {
      file: review.file,
      accepted: [...review.findings.values()].filter((d) => d.kind === 'accept').length,
      rejected: [...review.findings.values()].filter((d) => d.kind === 'reject').length,
      added: review.additions.length,
      unreviewed: judged.filter((j) => j.verdict === 'unreviewed').length,
    },
  };
}

/** Every transcript of the study, read and analysed as a run would (same ids, same findings), with its parse for the judging. */
async function analyseStudy(folder: string, jobmap: Jobmap, additions: Addition[]) {
  const outcomes: SourceOutcome[] = [];
  for await (const outcome of jobmap.analyse(folder, { findings: { additions }, parse: true })) outcomes.push(outcome);
  await jobmap.pruneCache(outcomes);
  const problems = outcomes.flatMap((outcome) => outcome.skipped);
  const analysed = outcomes.flatMap((outcome) => outcome.results);
  const results = uniqueTranscriptIds(analysed);
  return { study: analysed.map((analysis, i) => ({ segmented: analysis.parse!, result: results[i]! })), problems };
}

/** Each finding of the run with its verdict, and each accepted finding the rules no longer make, as missed. */
function judge(
  study: { id: string; segmented: SegmentedTranscript; findings: ClassifiedFinding[] }[],
  decisions: Map<string, FindingDecision>,
  review: Review,
  problems: JobmapMessage[],
): Judged[] {
  const judged: Judged[] = [];
  const present = new Set<string>();
  for (const { segmented, findings } of study) {
    for (const finding of findings) {
      present.add(finding.id);
      const decision = decisions.get(finding.id)?.kind;
      const verdict: Verdict = finding.rules.length === 0 ? 'missed' : decision === 'reject' ? 'wrong' : decision ? 'right' : 'unreviewed';
      judged.push({ category: finding.category, rules: finding.rules, verdict, sentence: segmented.sentences[finding.evidence.sentence]!, sentences: segmented.sentences });
    }
  }
  const byTranscript = new Map(study.map((s) => [s.id, s.segmented]));
  for (const [id, decision] of review.findings) {
    if (decision.kind !== 'accept' || present.has(id)) continue;
    const lost = lostFinding(id, byTranscript);
    if (lost) judged.push({ ...lost, verdict: 'missed' });
    else problems.push(notScored(`${id} (accept): its sentence is not in the study any more; not scored`, review.file, decision.line));
  }
  return judged;
}

/** An accepted finding the rules no longer make, found again by its id: the transcript, the sentence's hash, the category. */
function lostFinding(id: string, byTranscript: Map<string, SegmentedTranscript>): Omit<Judged, 'verdict'> | undefined {
  const parsed = /^(.*)#([0-9a-f]{6})\.(\w+)(?:-\d+)?$/.exec(id);
  const segmented = parsed ? byTranscript.get(parsed[1]!) : undefined;
  const category = parsed?.[3] as Category | undefined;
  if (!segmented || !category || !CATEGORIES.includes(category)) return undefined;
  const sentence = segmented.sentences.find((s) => s.role === 'participant' && sentenceHash(s.text) === parsed![2]);
  if (!sentence) return undefined;
  return { category, rules: [], sentence, sentences: segmented.sentences };
}

/**
 * Per category: the reviewer's labels are what they accepted or added;
 * precision counts the decided findings the rules make, recall the labels
 * they find. Kappa needs every sentence judged, which a review is not.
 */
function scoreCategories(judged: Judged[], rules: Rule[]): { categories: CategoryScore[]; errors: EvalError[] } {
  const errors: EvalError[] = [];
  const categories = CATEGORIES.flatMap((category): CategoryScore[] => {
    const mine = judged.filter((j) => j.category === category);
    const count = (verdict: Verdict) => mine.filter((j) => j.verdict === verdict).length;
    const [right, wrong, missed] = [count('right'), count('wrong'), count('missed')];
    if (right + wrong + missed === 0) return [];
    const index = indexRules(rules.filter((rule) => rule.category === category));
    for (const j of mine) {
      if (j.verdict === 'wrong') errors.push({ kind: 'false_positive', category, sentence: j.sentence.text, at: at(j.sentence), rules: j.rules });
      if (j.verdict === 'missed')
        errors.push({ kind: 'false_negative', category, sentence: j.sentence.text, at: at(j.sentence), rules: blockedRules([j.sentence], j.sentences, index) });
    }
    const precision = ratio(right, right + wrong);
    const recall = ratio(right, right + missed);
    return [
      {
        category,
        labelled: right + missed,
        found: right + wrong,
        right,
        recalled: right,
        precision: round(precision),
        recall: round(recall),
        f1: round(f1Of(precision, recall)),
        kappa: null,
      },
    ];
  });
  return { categories, errors };
}

/** Per rule: the findings it made, how many the reviewer accepted, rejected or left undecided, and its precision on the decided. */
function scoreRules(judged: Judged[], rules: Rule[]): RuleScore[] {
  const scores = new Map(
    rules.map((rule): [string, RuleScore] => [
      rule.id,
      { rule: rule.id, category: rule.category, weight: rule.weight, fired: 0, correct: 0, otherLabel: 0, unlabelled: 0, precision: null, only: [] },
    ]),
  );
  for (const { rules: fired, verdict, sentence } of judged) {
    for (const id of fired) {
      const score = scores.get(id);
      if (!score) continue;
      score.fired++;
      if (verdict === 'right') score.correct++;
      if (verdict === 'wrong') score.otherLabel++;
      if (verdict === 'unreviewed') score.unlabelled++;
      if (verdict === 'right' && fired.length === 1) score.only.push({ sentence: sentence.text, at: at(sentence) });
    }
  }
  const order = (s: RuleScore) => CATEGORIES.indexOf(s.category);
  return [...scores.values()]
    .map((s) => ({ ...s, precision: round(ratio(s.correct, s.correct + s.otherLabel)) }))
    .sort((a, b) => order(a) - order(b) || (a.precision ?? 2) - (b.precision ?? 2) || b.fired - a.fired || (a.rule < b.rule ? -1 : 1));
}
