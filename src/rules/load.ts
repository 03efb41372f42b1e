import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { JobmapError, JobmapErrors } from '../errors.js';
import { readRuleFile } from './schema.js';
import { YamlReader } from './reader.js';
import type { DimensionModel, Rule, RuleSet, StageModel } from './types.js';

/** The rules shipped with jobmap (`rules/` at the package root, beside `src/` and `dist/`). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/**
 * Loads and checks every rule file in a folder. Any problem stops the load with
 * all problems listed (file:line:col), so a bad file never yields a partial run.
 */
export function loadRules(dir: string = DEFAULT_RULES_DIR): RuleSet {
  const files = fg.sync('*.{yaml,yml}', { cwd: dir, onlyFiles: true }).sort();
  if (files.length === 0) throw new JobmapError(`no rule files (*.yaml) found in ${dir}`);
  const problems: JobmapError[] = [];
  const rules: Rule[] = [];
  let stages: StageModel | undefined;
  let dimensions: DimensionModel | undefined;

  for (const name of files) {
    const file = path.join(dir, name);
    const reader = new YamlReader(displayPath(file), readFileSync(file, 'utf8'));
    const parsed = readRuleFile(reader);
    problems.push(...reader.problems);
    if (parsed?.kind === 'category') rules.push(...parsed.rules);
    if (parsed?.kind === 'stages') {
      if (stages) problems.push(new JobmapError(`a second stage model; the first is in ${stages.file}`, reader.file, 1, 1));
      stages = parsed.model;
    }
    if (parsed?.kind === 'dimensions') dimensions = parsed.model;
  }
  problems.push(...duplicateIds(rules));
  if (!stages && problems.length === 0) problems.push(new JobmapError(`no stage model (a file with \`stages:\`) in ${dir}`));
  if (problems.length > 0) throw new JobmapErrors(problems);
  return {
    rules,
    stages: stages!,
    dimensions: dimensions ?? { defaultDimension: 'functional', dimensions: [] },
  };
}

function duplicateIds(rules: Rule[]): JobmapError[] {
  const first = new Map<string, Rule>();
  const problems: JobmapError[] = [];
  for (const rule of rules) {
    const earlier = first.get(rule.id);
    if (earlier) problems.push(new JobmapError(`duplicate rule id "${rule.id}"; first defined at ${earlier.file}:${earlier.line}`, rule.file, rule.line));
    else first.set(rule.id, rule);
  }
  return problems;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
