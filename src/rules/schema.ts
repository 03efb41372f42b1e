/** Reading one rule file: which kind it is, and a category file's rules (the other kinds: schemaModels.ts, schemaTime.ts, schemaWords.ts). */
import { isMap, type Node } from 'yaml';
import { CATEGORIES, type Category } from '../categories.js';
import type { YamlReader } from '../core/yaml.js';
import { CONDITION_KEYS, readConditions } from './conditions/index.js';
import { CUE_KEYS, readCues, type ReadContext } from './cues.js';
import { lineAndColumn, readDisabled, readExamples, type DisabledRule, type RuleFile } from './ruleFile.js';
import { readDimensionFile, readStageFile } from './schemaModels.js';
import { readTimeFile } from './schemaTime.js';
import { readCodebookFile, readLexiconFile, readRelatedFile } from './schemaWords.js';
import type { Rule } from './types.js';

/** What a rule may say: its own keys, its cues, and every condition of the list in conditions/index.ts. */
const RULE_KEYS = ['id', 'description', 'subtype', ...CUE_KEYS, ...CONDITION_KEYS, 'weight', 'examples', 'disabled'];
const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)*$/;
const FILE_KINDS = '`category:`, `stages:`, `dimensions:`, `lexicon:`, `anchor:` (the time file), `related:` or `codebook:`';

/** Reads one rule file; problems are collected on the reader, each with its position. */
export function readRuleFile(reader: YamlReader, context: ReadContext): RuleFile | undefined {
  const root = reader.root;
  if (!root) {
    if (reader.problems.length === 0) reader.fail(null, `the rule file is empty; it should start with ${FILE_KINDS}`);
    return undefined;
  }
  if (!isMap(root)) {
    reader.fail(root, `a rule file should start with ${FILE_KINDS}`);
    return undefined;
  }
  if (root.has('lexicon')) return readLexiconFile(reader, root);
  if (root.has('stages')) return readStageFile(reader, root, context);
  if (root.has('dimensions')) return readDimensionFile(reader, root, context);
  if (root.has('anchor')) return readTimeFile(reader, root, context);
  if (root.has('related')) return readRelatedFile(reader, root);
  if (root.has('codebook')) return readCodebookFile(reader, root, context);
  return readCategoryFile(reader, root, context);
}

/** Lexicons are read before everything else, since any rule of any layer may use them. */
export function isLexiconFile(reader: YamlReader): boolean {
  return isMap(reader.root) && reader.root.has('lexicon');
}

function readCategoryFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'a rule file', ['category', 'description', 'rules']);
  if (!entries) return undefined;
  if (!entries.has('category')) {
    reader.fail(root, `a rule file needs \`category:\` (one of ${CATEGORIES.join(', ')}), or \`stages:\` for a stage model`);
    return undefined;
  }
  const category = reader.oneOf(entries.get('category'), '`category`', CATEGORIES);
  if (!entries.has('rules')) reader.fail(root, 'a rule file needs `rules:`, a list of rules');
  if (!category || !entries.has('rules')) return undefined;
  const rules: Rule[] = [];
  const disabled: DisabledRule[] = [];
  for (const node of reader.list(entries.get('rules'), '`rules`')) {
    const rule = readRule(reader, node, category, context);
    if (rule && 'disabled' in rule) disabled.push(rule.disabled);
    else if (rule) rules.push(rule);
  }
  return { kind: 'category', rules, disabled };
}

function readRule(reader: YamlReader, node: Node, category: Category, context: ReadContext): Rule | { disabled: DisabledRule } | undefined {
  const entries = reader.map(node, 'a rule', RULE_KEYS);
  if (!entries) return undefined;
  const idNode = entries.get('id');
  const id = idNode === undefined ? undefined : reader.string(idNode, '`id`');
  if (idNode === undefined) reader.fail(node, 'every rule needs an `id`, e.g. `id: pain.workaround`');
  else if (id !== undefined && !ID.test(id)) {
    reader.fail(idNode, `rule id "${id}" should be lowercase words joined by dots, dashes or underscores, e.g. ${category}.my-rule`);
  }
  if (entries.has('disabled')) return readDisabled(reader, node, entries, id);
  const problemsBefore = reader.problems.length;
  const matchers = readCues(reader, entries, context);
  // a rule whose only entries are bad was reported at those entries
  if (matchers.length === 0 && reader.problems.length === problemsBefore) {
    reader.fail(node, `rule "${id ?? '?'}" needs at least one entry in \`words\`, \`phrases\`, \`patterns\` or \`regex\``);
  }
  const conditions = readConditions(reader, entries, context);
  const opt = <T>(key: string, read: (n: Node | null) => T | undefined, fallback: T): T => (entries.has(key) ? (read(entries.get(key)!) ?? fallback) : fallback);
  if (id === undefined) return undefined;
  return {
    id,
    category,
    description: opt('description', (n) => reader.string(n, '`description`'), ''),
    subtype: opt<string | undefined>('subtype', (n) => reader.string(n, '`subtype`'), undefined),
    weight: opt('weight', (n) => reader.number(n, '`weight`', 0, 1), 0.6),
    matchers,
    conditions,
    examples: entries.has('examples') ? readExamples(reader, entries.get('examples')!) : { match: [], noMatch: [] },
    file: reader.file,
    ...lineAndColumn(reader, node),
  };
}
