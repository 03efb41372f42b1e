import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { configForRulesDir, type JobmapConfig } from '../config.js';
import { displayPath, JobmapError, JobmapErrors } from '../errors.js';
import type { JobmapMessage } from '../core/message.js';
import { OPTIONAL_CATEGORIES, type Category } from '../categories.js';
import type { ReadContext } from './cues.js';
import { isLexiconFile, readRuleFile } from './schema.js';
import type { DisabledRule } from './ruleFile.js';
import { compiledKey, compiledOnce, type CompiledStore } from './compiled.js';
import { headerSaysLexicon, keepRuleByRule, readRuleByRule } from './ruleByRule.js';
import { addedGroups, chooseStageModel, disable, duplicateIds, mergeLexicons, mergeTime, ruleProblem, type FirstRead } from './ruleLayers.js';
import { suggest, YamlReader } from '../core/yaml.js';
import { TIME_CUE_KEYS, type CodebookJob, type DimensionModel, type Rule, type RuleSet, type StageModel, type TimeCues } from './types.js';

/** The rules shipped with jobmap (`rules/` at the package root, beside `src/` and `dist/`). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** Rule files sit at the top of a folder or one level down (`lexicons/`, `stages/`). */
const RULE_FILES = ['*.{yaml,yml}', '*/*.{yaml,yml}'];

/** The rules of one folder alone (nothing shipped unless it is the shipped folder): tests and `run({ rulesDir })`. */
export function loadRules(dir: string = DEFAULT_RULES_DIR): RuleSet {
  return loadRuleSet(configForRulesDir(dir));
}

/** The folders a config layers, lowest first: the shipped rules (unless switched off), then the project's. */
export function ruleFolders(config: JobmapConfig): string[] {
  return [...(config.rules.shipped ? [DEFAULT_RULES_DIR] : []), ...config.rules.folders];
}

/**
 * Loads and checks the rule folders a config names, each layered over the one
 * before: a rule with the id of an earlier one replaces it, `disabled: true`
 * (or the config's `rules.disable`) removes it, a lexicon with an earlier
 * name extends it (or replaces it with `replace: true`), a stage model with an
 * earlier model name replaces it. Any problem stops the load with all problems
 * listed (file:line:col), so a bad file never yields a partial run.
 *
 * Takes plain data only, so a worker thread can rebuild the same rule set.
 */
export function loadRuleSet(config: JobmapConfig, store?: CompiledStore): RuleSet {
  const folders = ruleFolders(config);
  if (folders.length === 0) throw new JobmapError('no rule folders: `rules.shipped` is false and no `rules.folders` are given');
  const problems: JobmapMessage[] = [];
  const layers = folders.map((dir) => readFolder(dir, problems));
  const firstReads = layers.map((layer) => layer.map((source) => firstRead(source, problems, store)));
  const lexicons = mergeLexicons(firstReads, problems);
  const context: ReadContext = { lexicons };
  // every rule file is read with every lexicon file: an edited lexicon reads them all again
  const lexiconFiles = layers.flatMap((layer, l) => layer.filter((_, f) => firstReads[l]![f]!.isLexicon).map((source) => `${source.file}\0${source.text}`));
  const readWith = createHash('sha256').update(lexiconFiles.join('\0')).digest('base64url');

  const rules = new Map<string, Rule>();
  const models = new Map<string, StageModel>();
  let dimensions: DimensionModel | undefined;
  let time: TimeCues | undefined;
  let related: string[][] = [];
  const codebook = new Map<string, CodebookJob>();
  for (const [l, layer] of layers.entries()) {
    const layerRules: Rule[] = [];
    const disabled: DisabledRule[] = [];
    const layerModels = new Map<string, StageModel>();
    const layerTime: string[] = [];
    for (const source of layer.filter((_, f) => !firstReads[l]![f]!.isLexicon)) {
      // a category file edited in one rule reads that rule again, not the file
      const byRule = store && readRuleByRule(source.file, source.text, context, store, readWith);
      const parsed =
        byRule ??
        compiledOnce(
          store,
          () => compiledKey(store!, source.file, source.text, readWith),
          () => {
            const reader = source.reader();
            const file = readRuleFile(reader, context);
            problems.push(...reader.problems);
            const keep = file !== undefined && reader.problems.length === 0;
            // kept rule by rule instead, when it can be: the next reading looks there first
            const keptByRule = keep && store !== undefined && file.kind === 'category' && keepRuleByRule(source.file, source.text, store, readWith, file);
            return { value: file, keep: keep && !keptByRule };
          },
        );
      if (parsed?.kind === 'category') {
        layerRules.push(...parsed.rules);
        disabled.push(...parsed.disabled);
      }
      if (parsed?.kind === 'stages') {
        const earlier = layerModels.get(parsed.model.model);
        if (earlier) problems.push(ruleProblem(`a second stage model named "${parsed.model.model}" in one folder; the first is in ${earlier.file}`, source.file, 1, 1));
        layerModels.set(parsed.model.model, parsed.model);
      }
      if (parsed?.kind === 'dimensions') dimensions = parsed.model;
      if (parsed?.kind === 'time') {
        const twin = layerTime.find((file) => file !== source.file);
        if (twin) problems.push(ruleProblem(`a second time file (with \`anchor:\`) in one folder; the first is ${twin}`, source.file, 1, 1));
        layerTime.push(source.file);
        time = time && !parsed.replace ? mergeTime(time, parsed.cues) : parsed.cues;
      }
      if (parsed?.kind === 'related') related = parsed.replace ? parsed.groups : addedGroups(related, parsed.groups);
      if (parsed?.kind === 'codebook') {
        // a later folder's entry replaces an earlier one of the same id, or switches it off
        for (const job of parsed.jobs) codebook.set(job.id, job);
        for (const off of parsed.disabled) {
          if (!codebook.delete(off.id))
            problems.push(ruleProblem(`no codebook job "${off.id}" to disable${suggest(off.id, [...codebook.keys()])}`, off.file, off.line, off.column));
        }
      }
    }
    problems.push(...duplicateIds(layerRules));
    // Map.set keeps an overridden rule at its first position, so output order stays stable.
    for (const rule of layerRules) rules.set(rule.id, rule);
    for (const off of disabled) disable(rules, off.id, problems, off);
    for (const [name, model] of layerModels) models.set(name, model);
  }
  for (const off of config.rules.disable) disable(rules, off.value, problems, off.at);
  const stages = chooseStageModel(models, config, folders, problems);
  if (problems.length > 0) throw new JobmapErrors(problems);
  // an optional category is on when the config names it, or the stage model does (switch: the four forces)
  const on = [...config.categories, ...stages!.categories];
  const optionalOff = OPTIONAL_CATEGORIES.filter((c) => !on.includes(c)) as Category[];
  return {
    rules: [...rules.values()].filter((rule) => !optionalOff.includes(rule.category)),
    stages: stages!,
    time: time ?? NO_TIME_CUES,
    dimensions: dimensions ?? { defaultDimension: 'functional', dimensions: [] },
    related: { groups: related },
    codebook: [...codebook.values()],
    lexicons: [...lexicons.values()],
    minConfidence: config.minConfidence,
  };
}

/** Without a time file, no sentence has a time but its tense: stages come from cues, questions and the default. */
const NO_TIME_CUES: TimeCues = {
  anchor: { events: [], relations: { before: [], at: [], after: [] }, within: 3 },
  when: Object.fromEntries(TIME_CUE_KEYS.map((k) => [k, []])) as unknown as TimeCues['when'],
  examples: [],
  files: [],
};

/** A rule file's name (as messages show it) and text; its YAML is parsed only when it is not already compiled in the store. */
interface RuleSource {
  file: string;
  text: string;
  reader: () => YamlReader;
}

/** Every rule file of a folder, read (YAML problems are on each reader, once it is made). */
function readFolder(dir: string, problems: JobmapMessage[]): RuleSource[] {
  if (!existsSync(dir)) {
    problems.push(ruleProblem(`rule folder not found: ${dir}`));
    return [];
  }
  const files = fg.sync(RULE_FILES, { cwd: dir, onlyFiles: true }).sort();
  if (files.length === 0) problems.push(ruleProblem(`no rule files (*.yaml) found in ${dir}`));
  return files.map((name) => {
    const file = displayPath(path.join(dir, name));
    const text = readFileSync(path.join(dir, name), 'utf8');
    let reader: YamlReader | undefined;
    return { file, text, reader: () => (reader ??= new YamlReader(file, text, 'rules')) };
  });
}

function firstRead(source: RuleSource, problems: JobmapMessage[], store: CompiledStore | undefined): FirstRead {
  return compiledOnce<FirstRead>(
    store,
    () => compiledKey(store!, source.file, source.text, 'first read'),
    () => {
      // a category file says what it is in its first lines: its rules are not parsed to learn it
      const header = headerSaysLexicon(source.text);
      if (header && !header.isLexicon) return { value: { isLexicon: false }, keep: header.problems === 0 };
      const reader = source.reader();
      if (!isLexiconFile(reader)) return { value: { isLexicon: false }, keep: reader.problems.length === 0 };
      const lexicon = readRuleFile(reader, { lexicons: new Map() });
      problems.push(...reader.problems);
      return { value: { isLexicon: true, ...(lexicon && { lexicon }) }, keep: lexicon !== undefined && reader.problems.length === 0 };
    },
  );
}
