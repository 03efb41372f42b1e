/**
 * How the rule folders layer, each over the one before: a later lexicon,
 * time file or related-words file adds to an earlier one (each entry once), a
 * rule replaces or switches off an earlier one of its id, and one stage model
 * is chosen. The problems of the folders as a whole are found here too.
 */
import type { JobmapConfig } from '../config.js';
import { errorMessage, placeAt, type JobmapMessage } from '../core/message.js';
import { suggest } from '../core/yaml.js';
import type { Lexicon, LexiconExamples } from './cues.js';
import type { Matcher } from './matchers.js';
import type { RuleFile } from './ruleFile.js';
import { TIME_CUE_KEYS, type Rule, type StageModel, type TimeCues } from './types.js';

/** The stage model used when the config names none. */
export const DEFAULT_STAGE_MODEL = 'journey';

/** A later folder's time file adds its cues to the earlier ones (as a lexicon does, each once); its `within` wins. */
export function mergeTime(earlier: TimeCues, later: TimeCues): TimeCues {
  const relations = Object.fromEntries(
    Object.entries(earlier.anchor.relations).map(([r, cues]) => [r, addedCues(cues, later.anchor.relations[r as keyof TimeCues['anchor']['relations']])]),
  );
  return {
    anchor: { events: addedCues(earlier.anchor.events, later.anchor.events), relations: relations as TimeCues['anchor']['relations'], within: later.anchor.within },
    when: Object.fromEntries(TIME_CUE_KEYS.map((k) => [k, addedCues(earlier.when[k], later.when[k])])) as unknown as TimeCues['when'],
    examples: [...earlier.examples, ...later.examples],
    files: [...earlier.files, ...later.files],
  };
}

/** Whether a file is a lexicon, and the lexicon it holds: lexicons are read before everything else, since any rule of any layer may use them. */
export interface FirstRead {
  isLexicon: boolean;
  lexicon?: RuleFile;
}

/** Lexicons of all layers by name; a later layer's lexicon of the same name adds its entries (or replaces them). */
export function mergeLexicons(layers: FirstRead[][], problems: JobmapMessage[]): Map<string, Lexicon> {
  const merged = new Map<string, Lexicon>();
  for (const layer of layers) {
    const seen = new Map<string, Lexicon>();
    for (const { lexicon: parsed } of layer) {
      if (parsed?.kind !== 'lexicon') continue;
      const { lexicon, replace } = parsed;
      const twin = seen.get(lexicon.name);
      if (twin) {
        problems.push(ruleProblem(`a second lexicon named "${lexicon.name}" in one folder; the first is at ${twin.file}:${twin.line}`, lexicon.file, lexicon.line, lexicon.column));
        continue;
      }
      seen.set(lexicon.name, lexicon);
      const earlier = merged.get(lexicon.name);
      merged.set(
        lexicon.name,
        earlier && !replace ? { ...earlier, matchers: addedCues(earlier.matchers, lexicon.matchers), examples: addedExamples(earlier.examples, lexicon.examples) } : lexicon,
      );
    }
  }
  return merged;
}

/**
 * A later layer's entries after the earlier ones, each entry once: a project
 * that copies the shipped rules folder to edit it layers every lexicon and the
 * time file over themselves, and that must change nothing (no rule's
 * fingerprint, no weight in grouping's related words).
 */
function addedCues(earlier: Matcher[], later: Matcher[]): Matcher[] {
  const known = new Set(earlier.map(cueKey));
  return [...earlier, ...later.filter((matcher) => !known.has(cueKey(matcher)))];
}

/** A later layer's lexicon examples after the earlier ones, a sentence already there (a copy of the shipped folder) once. */
function addedExamples(earlier: LexiconExamples[], later: LexiconExamples[]): LexiconExamples[] {
  const key = (expected: string, example: { text: string; matched?: string }) => `${expected}\u0000${example.text}\u0000${example.matched ?? ''}`;
  const known = new Set(earlier.flatMap(({ match, noMatch }) => [...match.map((e) => key('match', e)), ...noMatch.map((e) => key('no_match', e))]));
  const added = later.map(({ file, match, noMatch }) => ({
    file,
    match: match.filter((e) => !known.has(key('match', e))),
    noMatch: noMatch.filter((e) => !known.has(key('no_match', e))),
  }));
  return [...earlier, ...added.filter(({ match, noMatch }) => match.length + noMatch.length > 0)];
}

/** A later layer's related-word groups after the earlier ones, a group with the same words once (see addedCues). */
export function addedGroups(earlier: string[][], later: string[][]): string[][] {
  const key = (group: string[]) => [...group].sort().join('\u0000');
  const known = new Set(earlier.map(key));
  return [...earlier, ...later.filter((group) => !known.has(key(group)))];
}

const cueKey = (matcher: Matcher) => `${matcher.kind}\u0000${matcher.source}`;

export function disable(rules: Map<string, Rule>, id: string, problems: JobmapMessage[], at?: { file: string; line: number; column: number }): void {
  if (rules.delete(id)) return;
  const message = `no rule "${id}" to disable${suggest(id, [...rules.keys()])}; a rule can only switch off one loaded before it (shipped rules, or an earlier folder)`;
  problems.push(ruleProblem(message, at?.file, at?.line, at?.column));
}

export function chooseStageModel(models: Map<string, StageModel>, config: JobmapConfig, folders: string[], problems: JobmapMessage[]): StageModel | undefined {
  const names = [...models.keys()];
  if (config.stages) {
    const model = models.get(config.stages.value);
    if (!model) {
      const at = config.stages.at;
      const reason = `unknown stage model "${config.stages.value}"${suggest(config.stages.value, names)}; the rule folders define: ${names.join(', ') || 'none'}`;
      problems.push(errorMessage('rules', reason, { ...(at ? { place: placeAt(at.file, at.line, at.column) } : {}), expected: names, actual: config.stages.value }));
    }
    return model;
  }
  const model = models.get(DEFAULT_STAGE_MODEL) ?? (models.size === 1 ? models.values().next().value : undefined);
  if (!model && problems.length === 0) {
    problems.push(
      ruleProblem(
        models.size === 0
          ? `no stage model (a file with \`stages:\`) in ${folders.join(', ')}`
          : `several stage models (${names.join(', ')}) and none is chosen; add \`stages: <model>\` to ${'jobmap.config.yaml'}`,
      ),
    );
  }
  return model;
}

export function duplicateIds(rules: Rule[]): JobmapMessage[] {
  const first = new Map<string, Rule>();
  const problems: JobmapMessage[] = [];
  for (const rule of rules) {
    const earlier = first.get(rule.id);
    if (earlier) problems.push(ruleProblem(`duplicate rule id "${rule.id}"; first defined at ${earlier.file}:${earlier.line}`, rule.file, rule.line, rule.column));
    else first.set(rule.id, rule);
  }
  return problems;
}

/** A problem of the rule folders as a whole (layering, duplicates, the stage model), at the place it names where there is one. */
export function ruleProblem(reason: string, file?: string, line?: number, column?: number): JobmapMessage {
  return errorMessage('rules', reason, file === undefined ? {} : { place: placeAt(file, line, column) });
}
