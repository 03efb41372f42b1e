import { scoreRules, type RuleScore } from './byRule.js';
import { scoreCategories, type CategoryScore, type EvalError } from './categories.js';
import { collectLabelled, type LabelledTranscript } from './collect.js';
import { createJobmap, type Jobmap, type JobmapOptions } from '../run/engine.js';
import type { SourceOutcome } from '../run/analyse.js';
import { scoreForces, type ForceScore } from './forces.js';
import { readGold, type GoldFile } from './gold.js';
import type { JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { notScored } from './notScored.js';
import { scoreGrouping, type GroupingScore } from './grouping.js';
import { mean, round } from './measures.js';
import { scoreStages, type StageScore } from './stages.js';

export type { CategoryScore, EvalError } from './categories.js';
export type { StageScore, StageError } from './stages.js';
export type { ForceScore } from './forces.js';

/** The labels, and how to read the transcripts they name (config, cache, threads, input options: as for a run). */
export interface EvalOptions extends JobmapOptions {
  /** gold folders (their `*.yaml` files) or single gold files, scored together */
  gold: string[];
  /** where the transcripts named in the gold files are; default: beside the gold files, or one folder up */
  transcriptsDir?: string;
}

export interface EvalReport {
  transcripts: number;
  categories: CategoryScore[];
  macroF1: number;
  /** stage accuracy per stage model the labels use: the run's model, and `stages: switch` files scored with the switch model */
  stages: StageScore[];
  /** the four forces, on transcripts labelled with `force:` */
  forces?: ForceScore;
  /** how candidate jobs group the labelled job sentences, when the labels carry `job:` groups */
  grouping?: GroupingScore;
  /** each rule on its own: how often it fires, and how often on what the labels say */
  rules: RuleScore[];
  errors: EvalError[];
  /** labels, transcripts or review decisions that could not be scored, with why (and files that could not be read) */
  messages: JobmapMessage[];
  /** when the labels are a review file's decisions (`eval --review`): how many of each, and the findings nobody decided */
  review?: { file: string; accepted: number; rejected: number; added: number; unreviewed: number };
}

/** Compares the rules' findings with hand-labelled sentences: per category, per stage, per rule, and the job groups. */
export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const jobmap = createJobmap(options);
  const { rules } = jobmap;
  const golds = await readGold(options.gold);
  const { labelled, problems, models } = await collectByModel(golds, jobmap, options);
  const { categories, errors } = scoreCategories(labelled, rules.rules);
  const grouping = scoreGrouping(labelled, rules);
  const forces = scoreForces(labelled);
  return {
    transcripts: labelled.length,
    categories,
    // categories nobody labelled say nothing about the rules, so the macro average leaves them out
    macroF1: round(mean(categories.flatMap((c) => (c.f1 === null ? [] : [c.f1])))),
    stages: models.map(({ model, order }) =>
      scoreStages(
        labelled.filter((item) => item.model === model),
        model,
        order,
      ),
    ),
    ...(forces ? { forces } : {}),
    ...(grouping ? { grouping } : {}),
    rules: scoreRules(labelled, rules.rules),
    errors,
    messages: problems,
  };
}

/**
 * Each gold file is analysed with the stage model its labels are in (`stages:
 * switch` at its top), or the run's model; a model switches its own optional
 * categories on (the switch model, the forces). Results keep the files' order.
 */
async function collectByModel(golds: GoldFile[], jobmap: Jobmap, options: EvalOptions) {
  const { rules } = jobmap;
  const named = [...new Set(golds.map((g) => g.stages ?? rules.stages.model))];
  const labelled: LabelledTranscript[] = [];
  const problems: JobmapMessage[] = [];
  const models: { model: string; order: string[] }[] = [];
  const outcomes: SourceOutcome[] = [];
  for (const model of named) {
    const mine = golds.filter((g) => (g.stages ?? rules.stages.model) === model);
    let modelJobmap: Jobmap;
    try {
      modelJobmap = model === rules.stages.model ? jobmap : createJobmap({ ...options, config: { ...jobmap.config, stages: { value: model } } });
      // the rules are loaded when first read: an unknown model is found here
      void modelJobmap.rules;
    } catch (error) {
      problems.push(...mine.map((g) => notScored(`stages: ${describeError(error).replace(/^.*?unknown stage model/, 'unknown stage model')}`, g.file)));
      continue;
    }
    const collected = await collectLabelled(mine, modelJobmap, options.transcriptsDir);
    labelled.push(...collected.labelled);
    problems.push(...collected.problems);
    outcomes.push(...collected.outcomes);
    models.push({ model, order: modelJobmap.rules.stages.stages.map((s) => s.id) });
  }
  // each model read its own files; the cache keeps every one of them
  await jobmap.pruneCache(outcomes);
  const position = new Map(golds.map((g, i) => [g, i]));
  labelled.sort((a, b) => position.get(a.gold)! - position.get(b.gold)!);
  return { labelled, problems, models };
}
