import { isMap, type Node } from 'yaml';
import { CATEGORIES, type Category } from '../types.js';
import { wordMatcher, phraseMatcher, patternMatcher } from './matchers.js';
import { PatternSyntaxError } from './pattern.js';
import { YamlReader } from './reader.js';
import {
  NEGATION_POLICIES, SPEAKER_SCOPES,
  type Dimension, type DimensionModel, type Matcher, type Rule, type Stage, type StageModel,
} from './types.js';

export type RuleFile =
  | { kind: 'category'; rules: Rule[] }
  | { kind: 'stages'; model: StageModel }
  | { kind: 'dimensions'; model: DimensionModel };

const CUE_KEYS = ['words', 'phrases', 'patterns'];
const RULE_KEYS = ['id', 'description', 'subtype', ...CUE_KEYS, 'unless', 'negation', 'speaker', 'weight', 'examples'];
const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)*$/;

/** Reads one rule file; problems are collected on the reader, each with its position. */
export function readRuleFile(reader: YamlReader): RuleFile | undefined {
  const root = reader.root;
  if (!root) {
    if (reader.problems.length === 0) reader.fail(null, 'the rule file is empty; it should start with `category:`, `stages:` or `dimensions:`');
    return undefined;
  }
  if (!isMap(root)) {
    reader.fail(root, 'a rule file should start with `category:`, `stages:` or `dimensions:`');
    return undefined;
  }
  if (root.has('stages')) return readStageFile(reader, root);
  if (root.has('dimensions')) return readDimensionFile(reader, root);
  return readCategoryFile(reader, root);
}

function readCategoryFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a rule file', ['category', 'description', 'rules']);
  if (!entries) return undefined;
  if (!entries.has('category')) {
    reader.fail(root, `a rule file needs \`category:\` (one of ${CATEGORIES.join(', ')}), or \`stages:\` for a stage model`);
    return undefined;
  }
  const category = reader.oneOf(entries.get('category'), '`category`', CATEGORIES);
  if (!entries.has('rules')) reader.fail(root, 'a rule file needs `rules:`, a list of rules');
  if (!category || !entries.has('rules')) return undefined;
  const rules = reader
    .list(entries.get('rules'), '`rules`')
    .map((node) => readRule(reader, node, category))
    .filter((rule): rule is Rule => rule !== undefined);
  return { kind: 'category', rules };
}

function readRule(reader: YamlReader, node: Node, category: Category): Rule | undefined {
  const entries = reader.map(node, 'a rule', RULE_KEYS);
  if (!entries) return undefined;
  const idNode = entries.get('id');
  const id = idNode === undefined ? undefined : reader.string(idNode, '`id`');
  if (idNode === undefined) reader.fail(node, 'every rule needs an `id`, e.g. `id: pain.workaround`');
  else if (id !== undefined && !ID.test(id)) {
    reader.fail(idNode, `rule id "${id}" should be lowercase words joined by dots, dashes or underscores, e.g. ${category}.my-rule`);
  }
  const matchers = readCues(reader, entries);
  if (matchers.length === 0) {
    reader.fail(node, `rule "${id ?? '?'}" needs at least one entry in \`words\`, \`phrases\` or \`patterns\``);
  }
  const unless = entries.has('unless') ? reader.strings(entries.get('unless'), '`unless`').map((item) => cueMatcher(reader, 'words', item)) : [];
  const opt = <T>(key: string, read: (n: Node | null) => T | undefined, fallback: T): T =>
    entries.has(key) ? (read(entries.get(key)!) ?? fallback) : fallback;
  if (id === undefined) return undefined;
  return {
    id,
    category,
    description: opt('description', (n) => reader.string(n, '`description`'), ''),
    subtype: opt<string | undefined>('subtype', (n) => reader.string(n, '`subtype`'), undefined),
    weight: opt('weight', (n) => reader.number(n, '`weight`', 0, 1), 0.6),
    negation: opt('negation', (n) => reader.oneOf(n, '`negation`', NEGATION_POLICIES), 'block'),
    speaker: opt('speaker', (n) => reader.oneOf(n, '`speaker`', SPEAKER_SCOPES), 'participant'),
    matchers: matchers.filter((m): m is Matcher => m !== undefined),
    unless: unless.filter((m): m is Matcher => m !== undefined),
    examples: entries.has('examples') ? readExamples(reader, entries.get('examples')!) : { match: [], noMatch: [] },
    file: reader.file,
    line: reader.lineOf(node),
  };
}

function readExamples(reader: YamlReader, node: Node | null): Rule['examples'] {
  const entries = reader.map(node, '`examples`', ['match', 'no_match']);
  const list = (key: string) => (entries?.has(key) ? reader.strings(entries.get(key), `\`examples.${key}\``).map((i) => i.value) : []);
  return { match: list('match'), noMatch: list('no_match') };
}

/** `words`, `phrases` and `patterns` of a rule or a cue block. */
function readCues(reader: YamlReader, entries: Map<string, Node | null>): (Matcher | undefined)[] {
  return CUE_KEYS.flatMap((key) => {
    if (!entries.has(key)) return [];
    return reader.strings(entries.get(key), `\`${key}\``).map((item) => cueMatcher(reader, key, item));
  });
}

function cueMatcher(reader: YamlReader, key: string, item: { value: string; node: Node }): Matcher | undefined {
  try {
    if (key === 'words') return wordMatcher(item.value);
    if (key === 'phrases') return phraseMatcher(item.value);
    return patternMatcher(item.value);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    reader.fail(item.node, `bad pattern "${item.value}": ${error.message}`);
    return undefined;
  }
}

function readCueBlock(reader: YamlReader, node: Node | null | undefined, what: string): Matcher[] {
  if (node === undefined) return [];
  const entries = reader.map(node, what, CUE_KEYS);
  if (!entries) return [];
  return readCues(reader, entries).filter((m): m is Matcher => m !== undefined);
}

function readStageFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a stage model', ['model', 'description', 'default', 'stages']);
  if (!entries) return undefined;
  const stages = reader.list(entries.get('stages'), '`stages`').map((node) => readStage(reader, node));
  const known = stages.filter((s): s is Stage => s !== undefined);
  const ids = known.map((s) => s.id);
  const defaultNode = entries.get('default');
  const defaultStage = defaultNode === undefined ? ids[0] : reader.oneOf(defaultNode, '`default`', ids);
  if (known.length === 0) reader.fail(entries.get('stages') ?? root, 'a stage model needs at least one stage');
  return {
    kind: 'stages',
    model: {
      model: entries.has('model') ? (reader.string(entries.get('model'), '`model`') ?? 'custom') : 'custom',
      description: entries.has('description') ? (reader.string(entries.get('description'), '`description`') ?? '') : '',
      defaultStage: defaultStage ?? ids[0] ?? '',
      stages: known,
      file: reader.file,
    },
  };
}

function readStage(reader: YamlReader, node: Node): Stage | undefined {
  const entries = reader.map(node, 'a stage', ['id', 'description', 'cues', 'question_cues', 'position']);
  if (!entries) return undefined;
  if (!entries.has('id')) reader.fail(node, 'every stage needs an `id`, e.g. `id: awareness`');
  const id = entries.has('id') ? reader.string(entries.get('id'), '`id`') : undefined;
  const position = entries.has('position') ? readPosition(reader, entries.get('position')) : undefined;
  if (id === undefined) return undefined;
  return {
    id,
    description: entries.has('description') ? (reader.string(entries.get('description'), '`description`') ?? '') : '',
    cues: readCueBlock(reader, entries.get('cues'), '`cues`'),
    questionCues: readCueBlock(reader, entries.get('question_cues'), '`question_cues`'),
    position,
  };
}

function readPosition(reader: YamlReader, node: Node | null | undefined): [number, number] | undefined {
  const items = reader.list(node, '`position`');
  const values = items.map((item) => reader.number(item, 'each end of `position`', 0, 1));
  const [from, to] = values;
  if (items.length !== 2 || from === undefined || to === undefined || from > to) {
    reader.fail(node, '`position` should be two numbers from 0 to 1, e.g. [0, 0.2]');
    return undefined;
  }
  return [from, to];
}

function readDimensionFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a dimension file', ['description', 'default', 'dimensions']);
  if (!entries) return undefined;
  const dimensions = reader.list(entries.get('dimensions'), '`dimensions`').flatMap((node): Dimension[] => {
    const dim = reader.map(node, 'a dimension', ['id', 'description', 'cues']);
    const id = dim?.has('id') ? reader.string(dim.get('id'), '`id`') : undefined;
    if (!dim || id === undefined) {
      if (dim) reader.fail(node, 'every dimension needs an `id`');
      return [];
    }
    return [{ id, cues: readCueBlock(reader, dim.get('cues'), '`cues`') }];
  });
  const fallback = entries.has('default') ? reader.string(entries.get('default'), '`default`') : undefined;
  return { kind: 'dimensions', model: { defaultDimension: fallback ?? 'functional', dimensions } };
}
