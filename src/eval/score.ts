import { configForRulesDir, type JobmapConfig } from '../config.js';
import { loadRuleSet } from '../rules/load.js';
import { scoreRules, type RuleScore } from './byRule.js';
import { scoreCategories, type CategoryScore, type EvalError } from './categories.js';
import { collectLabelled } from './collect.js';
import { readGold } from './gold.js';
import { scoreGrouping, type GroupingScore } from './grouping.js';
import { mean, round } from './measures.js';
import { scoreStages, type StageScore } from './stages.js';

export type { CategoryScore, EvalError } from './categories.js';

export interface EvalOptions {
  /** gold folders (their `*.yaml` files) or single gold files, scored together */
  gold: string[];
  /** where the transcripts named in the gold files are; default: beside the gold files, or one folder up */
  transcriptsDir?: string;
  /** the project's settings; default: only the rules in `rulesDir`, or the shipped rules */
  config?: JobmapConfig;
  rulesDir?: string;
}

export interface EvalReport {
  transcripts: number;
  categories: CategoryScore[];
  macroF1: number;
  stage: StageScore;
  /** how candidate jobs group the labelled job sentences, when the labels carry `job:` groups */
  grouping?: GroupingScore;
  /** each rule on its own: how often it fires, and how often on what the labels say */
  rules: RuleScore[];
  errors: EvalError[];
  /** labels or transcripts that could not be scored, with why */
  problems: string[];
}

/** Compares the rules' findings with hand-labelled sentences: per category, per stage, per rule, and the job groups. */
export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const rules = loadRuleSet(options.config ?? configForRulesDir(options.rulesDir));
  const golds = await readGold(options.gold);
  const { labelled, problems } = await collectLabelled(golds, rules, options.transcriptsDir);
  const { categories, errors } = scoreCategories(labelled, rules.rules);
  const grouping = scoreGrouping(labelled, rules);
  return {
    transcripts: labelled.length,
    categories,
    // categories nobody labelled say nothing about the rules, so the macro average leaves them out
    macroF1: round(mean(categories.flatMap((c) => (c.f1 === null ? [] : [c.f1])))),
    stage: scoreStages(labelled, rules.stages.stages.map((s) => s.id)),
    ...(grouping ? { grouping } : {}),
    rules: scoreRules(labelled, rules.rules),
    errors,
    problems,
  };
}
