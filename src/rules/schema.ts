import { isMap, type Node } from 'yaml';
import { CATEGORIES, type Category } from '../categories.js';
import { YamlReader } from '../core/yaml.js';
import { readOptionalCategories } from '../config.js';
import { CONDITION_KEYS, readConditions } from './conditions/index.js';
import { CUE_KEYS, readCueBlock, readCues, type Lexicon, type ReadContext } from './cues.js';
import {
  ANCHOR_RELATIONS,
  LAYOUTS,
  TIME_CUE_KEYS,
  WHENS,
  type CodebookJob,
  type Dimension,
  type DimensionModel,
  type Rule,
  type Stage,
  type StageModel,
  type TimeCues,
  type TimeExample,
  type When,
  type Example,
  type StageExample,
} from './types.js';

/** A rule entry that only switches off a rule of an earlier layer: `- { id: pain.x, disabled: true }`. */
export interface DisabledRule {
  id: string;
  file: string;
  line: number;
  column: number;
}

export type RuleFile =
  | { kind: 'category'; rules: Rule[]; disabled: DisabledRule[] }
  | { kind: 'stages'; model: StageModel }
  | { kind: 'dimensions'; model: DimensionModel }
  | { kind: 'lexicon'; lexicon: Lexicon; replace: boolean }
  | { kind: 'time'; cues: TimeCues; replace: boolean }
  | { kind: 'related'; groups: string[][]; replace: boolean }
  | { kind: 'codebook'; jobs: CodebookJob[]; disabled: DisabledRule[] };

/** What a rule may say: its own keys, its cues, and every condition of the list in conditions/index.ts. */
const RULE_KEYS = ['id', 'description', 'subtype', ...CUE_KEYS, ...CONDITION_KEYS, 'weight', 'examples', 'disabled'];
const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)*$/;
const LEXICON_NAME = /^[a-z][a-z0-9_-]*$/;
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

function readLexiconFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a lexicon file', ['lexicon', 'description', 'replace', 'examples', ...CUE_KEYS]);
  if (!entries) return undefined;
  const name = reader.string(entries.get('lexicon'), '`lexicon`');
  if (name !== undefined && !LEXICON_NAME.test(name)) {
    reader.fail(entries.get('lexicon'), `lexicon name "${name}" should be lowercase words joined by dashes, e.g. negative-emotions`);
  }
  // A lexicon cannot use another: an empty table makes "@name" inside it an error.
  const matchers = readCues(reader, entries, { lexicons: new Map() });
  if (matchers.length === 0) reader.fail(root, `lexicon "${name ?? '?'}" needs at least one entry in \`words\`, \`phrases\`, \`patterns\` or \`regex\``);
  if (name === undefined) return undefined;
  return {
    kind: 'lexicon',
    replace: entries.has('replace') ? (reader.boolean(entries.get('replace'), '`replace`') ?? false) : false,
    lexicon: {
      name,
      description: entries.has('description') ? (reader.string(entries.get('description'), '`description`') ?? '') : '',
      matchers,
      // a lexicon makes no finding, so its examples say only what an entry finds (`matched`), never a subtype
      examples: entries.has('examples') ? [{ file: reader.file, ...readExamples(reader, entries.get('examples')!, ['text', 'matched']) }] : [],
      file: reader.file,
      ...lineAndColumn(reader, root),
    },
  };
}

/** `related: job-words` with `groups:`, lists of words that mean one thing to grouping ([write, draft, compose]). */
function readRelatedFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a related-words file', ['related', 'description', 'replace', 'groups']);
  if (!entries) return undefined;
  reader.string(entries.get('related'), '`related`');
  const groups = reader.list(entries.get('groups'), '`groups`').flatMap((node) => {
    const words = reader
      .strings(node, 'each item of `groups`')
      .map((item) => item.value.trim().toLowerCase())
      .filter(Boolean);
    if (words.length < 2) reader.fail(node, 'each item of `groups` lists at least two words that mean the same job, e.g. [write, draft, compose]');
    return words.length >= 2 ? [words] : [];
  });
  if (groups.length === 0) reader.fail(root, 'a related-words file needs `groups:`, a list of word lists');
  const replace = entries.has('replace') ? (reader.boolean(entries.get('replace'), '`replace`') ?? false) : false;
  return { kind: 'related', groups, replace };
}

const CODEBOOK_KEYS = ['id', 'statement', 'description', ...CUE_KEYS, 'disabled'];

/** `codebook: jobs` with `jobs:`, named jobs whose words, phrases or patterns a job statement matches. */
function readCodebookFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'a codebook file', ['codebook', 'description', 'jobs']);
  if (!entries) return undefined;
  reader.string(entries.get('codebook'), '`codebook`');
  const jobs: CodebookJob[] = [];
  const disabled: DisabledRule[] = [];
  const list = entries.has('jobs') && (entries.get('jobs') === null || entries.get('jobs') === undefined) ? [] : reader.list(entries.get('jobs'), '`jobs`');
  for (const node of list) {
    const job = reader.map(node, 'a codebook job', CODEBOOK_KEYS);
    if (!job) continue;
    const id = job.has('id') ? reader.string(job.get('id'), '`id`') : undefined;
    if (id === undefined) {
      reader.fail(node, 'every codebook job needs an `id`, e.g. `id: job.draft-emails`');
      continue;
    }
    if (!/^job\.[a-z0-9][a-z0-9-]*$/.test(id)) reader.fail(job.get('id'), `codebook job id "${id}" should be job. and lowercase words joined by dashes, e.g. job.draft-emails`);
    if (job.has('disabled')) {
      const result = readDisabled(reader, node, job, id);
      if (result) disabled.push(result.disabled);
      continue;
    }
    const statement = job.has('statement') ? reader.string(job.get('statement'), '`statement`') : undefined;
    if (statement === undefined) reader.fail(node, `codebook job "${id}" needs a \`statement\`, the verb-led job it names (e.g. "draft and polish emails")`);
    const matchers = readCues(reader, job, context);
    if (matchers.length === 0) reader.fail(node, `codebook job "${id}" needs at least one entry in \`words\`, \`phrases\`, \`patterns\` or \`regex\``);
    jobs.push({
      id,
      statement: statement ?? id,
      description: job.has('description') ? (reader.string(job.get('description'), '`description`') ?? '') : '',
      matchers,
      file: reader.file,
      ...lineAndColumn(reader, node),
    });
  }
  return { kind: 'codebook', jobs, disabled };
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

function lineAndColumn(reader: YamlReader, node: Node): { line: number; column: number } {
  const { line, col } = reader.positionOf(node);
  return { line, column: col };
}

/**
 * `match:` and `no_match:` lists of sentences. A `match` entry may also say
 * what the rule must match and the finding's subtype:
 * `{ text: "...", matched: "words", subtype: cost }`.
 */
function readExamples(reader: YamlReader, node: Node | null, exampleKeys = EXAMPLE_KEYS): Rule['examples'] {
  const entries = reader.map(node, '`examples`', ['match', 'no_match']);
  const noMatch = entries?.has('no_match') ? reader.strings(entries.get('no_match'), '`examples.no_match`').map((i) => ({ text: i.value, line: reader.lineOf(i.node) })) : [];
  const match = entries?.has('match') ? reader.list(entries.get('match'), '`examples.match`').flatMap((item) => readMatchExample(reader, item, exampleKeys)) : [];
  return { match, noMatch };
}

/** What a `match` example may say as a map: a rule's, its sentence, the words it must match and the finding's subtype. */
const EXAMPLE_KEYS = ['text', 'matched', 'subtype'];

function readMatchExample(reader: YamlReader, item: Node, keys: string[]): Example[] {
  const shape = `{ ${keys.join(', ')} }`;
  if (!isMap(item)) {
    const text = reader.string(item, `each item of \`examples.match\` (a sentence, or \`${shape}\`)`);
    return text === undefined ? [] : [{ text, line: reader.lineOf(item) }];
  }
  const fields = reader.map(item, 'an example', keys);
  if (!fields) return [];
  if (!fields.has('text')) {
    reader.fail(
      item,
      `an example written as a map needs \`text:\` (and may add ${keys
        .slice(1)
        .map((k) => `\`${k}:\``)
        .join(' and ')})`,
    );
    return [];
  }
  const text = reader.string(fields.get('text'), '`text`');
  const matched = fields.has('matched') ? reader.string(fields.get('matched'), '`matched`') : undefined;
  const subtype = fields.has('subtype') ? reader.string(fields.get('subtype'), '`subtype`') : undefined;
  return text === undefined ? [] : [{ text, line: reader.lineOf(item), ...(matched ? { matched } : {}), ...(subtype ? { subtype } : {}) }];
}

/** A stage model's `examples`: `{ text, stage }`, where text is a participant's sentence or a short dialogue. */
function readStageExamples(reader: YamlReader, node: Node | null | undefined, ids: string[]): StageExample[] {
  return reader.list(node, '`examples`').flatMap((item) => {
    const entries = reader.map(item, 'each example (`text:` and `stage:`)', ['text', 'stage']);
    if (!entries) return [];
    if (!entries.has('text') || !entries.has('stage')) {
      reader.fail(item, `each example needs \`text:\` and \`stage:\` (one of ${ids.join(', ')})`);
      return [];
    }
    const text = reader.string(entries.get('text'), '`text`');
    const stage = reader.oneOf(entries.get('stage'), '`stage`', ids);
    return text !== undefined && stage !== undefined ? [{ text, stage, file: reader.file, line: reader.lineOf(item) }] : [];
  });
}

function readDisabled(reader: YamlReader, node: Node, entries: Map<string, Node | null>, id: string | undefined): { disabled: DisabledRule } | undefined {
  const value = reader.boolean(entries.get('disabled'), '`disabled`');
  const others = [...entries.keys()].filter((key) => key !== 'id' && key !== 'disabled');
  if (value === false || others.length > 0) {
    reader.fail(
      node,
      `a rule with \`disabled: true\` switches off the rule of that id from an earlier rule folder, so it takes only \`id\` and \`disabled\`${others.length ? `, not ${others.join(', ')}` : ''}`,
    );
    return undefined;
  }
  if (id === undefined || value === undefined) return undefined;
  const { line, col } = reader.positionOf(node);
  return { disabled: { id, file: reader.file, line, column: col } };
}

function readStageFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'a stage model', ['model', 'description', 'default', 'stages', 'time', 'by_position', 'categories', 'layout', 'examples']);
  if (!entries) return undefined;
  const stages = reader.list(entries.get('stages'), '`stages`').map((node) => readStage(reader, node, context));
  const known = stages.filter((s): s is Stage => s !== undefined);
  const ids = known.map((s) => s.id);
  const defaultNode = entries.get('default');
  const defaultStage = defaultNode === undefined ? ids[0] : reader.oneOf(defaultNode, '`default`', ids);
  if (known.length === 0) reader.fail(entries.get('stages') ?? root, 'a stage model needs at least one stage');
  const opt = <T>(key: string, read: (n: Node | null) => T | undefined, fallback: T): T => (entries.has(key) ? (read(entries.get(key)!) ?? fallback) : fallback);
  return {
    kind: 'stages',
    model: {
      model: opt('model', (n) => reader.string(n, '`model`'), 'custom'),
      description: opt('description', (n) => reader.string(n, '`description`'), ''),
      defaultStage: defaultStage ?? ids[0] ?? '',
      stages: known,
      time: entries.has('time') ? readStageTimes(reader, entries.get('time'), ids) : {},
      byPosition: opt('by_position', (n) => reader.boolean(n, '`by_position`'), false),
      categories: entries.has('categories') ? readOptionalCategories(reader, entries.get('categories')) : [],
      layout: opt('layout', (n) => reader.oneOf(n, '`layout`', LAYOUTS), 'columns'),
      examples: entries.has('examples') ? readStageExamples(reader, entries.get('examples'), ids) : [],
      file: reader.file,
    },
  };
}

/** `time: { before: awareness, at: purchase, ... }`: the stage each time relative to the anchor places a finding on. */
function readStageTimes(reader: YamlReader, node: Node | null | undefined, ids: string[]): Partial<Record<When, string>> {
  const entries = reader.map(node, '`time` (the stage for each time relative to the anchor)', [...WHENS]);
  if (!entries) return {};
  const times: Partial<Record<When, string>> = {};
  for (const [when, value] of entries) {
    const stage = reader.oneOf(value, `\`time.${when}\``, ids);
    if (stage) times[when as When] = stage;
  }
  return times;
}

function readStage(reader: YamlReader, node: Node, context: ReadContext): Stage | undefined {
  const entries = reader.map(node, 'a stage', ['id', 'description', 'cues', 'question_cues', 'position']);
  if (!entries) return undefined;
  if (!entries.has('id')) reader.fail(node, 'every stage needs an `id`, e.g. `id: awareness`');
  const id = entries.has('id') ? reader.string(entries.get('id'), '`id`') : undefined;
  const position = entries.has('position') ? readPosition(reader, entries.get('position')) : undefined;
  if (id === undefined) return undefined;
  return {
    id,
    description: entries.has('description') ? (reader.string(entries.get('description'), '`description`') ?? '') : '',
    cues: readCueBlock(reader, entries.get('cues'), '`cues`', context),
    questionCues: readCueBlock(reader, entries.get('question_cues'), '`question_cues`', context),
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

function readDimensionFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'a dimension file', ['description', 'default', 'dimensions']);
  if (!entries) return undefined;
  const dimensions = reader.list(entries.get('dimensions'), '`dimensions`').flatMap((node): Dimension[] => {
    const dim = reader.map(node, 'a dimension', ['id', 'description', 'cues']);
    const id = dim?.has('id') ? reader.string(dim.get('id'), '`id`') : undefined;
    if (!dim || id === undefined) {
      if (dim) reader.fail(node, 'every dimension needs an `id`');
      return [];
    }
    return [{ id, cues: readCueBlock(reader, dim.get('cues'), '`cues`', context) }];
  });
  const fallback = entries.has('default') ? reader.string(entries.get('default'), '`default`') : undefined;
  return { kind: 'dimensions', model: { defaultDimension: fallback ?? 'functional', dimensions } };
}

/**
 * The time file: the anchor event with the words that relate a sentence to it,
 * the time expressions for each time, and examples that `rules test` runs.
 */
function readTimeFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'the time file', ['description', 'replace', 'anchor', 'when', 'examples']);
  if (!entries) return undefined;
  const anchor = reader.map(entries.get('anchor'), '`anchor`', ['description', 'events', 'within', ...ANCHOR_RELATIONS]);
  const block = (node: Node | null | undefined, what: string) => readCueBlock(reader, node, what, context);
  const relations = Object.fromEntries(ANCHOR_RELATIONS.map((r) => [r, block(anchor?.get(r) ?? undefined, `\`anchor.${r}\``)])) as TimeCues['anchor']['relations'];
  const events = block(anchor?.get('events') ?? undefined, '`anchor.events`');
  if (anchor && events.length === 0 && !anchor.has('events')) reader.fail(entries.get('anchor'), '`anchor` needs `events`: the words that name the purchase, adoption or switch');
  const within = anchor?.has('within') ? (reader.integer(anchor.get('within'), '`anchor.within`', 0, 6) ?? 3) : 3;
  const when = entries.has('when') ? reader.map(entries.get('when'), '`when`', [...TIME_CUE_KEYS]) : undefined;
  const cues = Object.fromEntries(TIME_CUE_KEYS.map((k) => [k, block(when?.get(k) ?? undefined, `\`when.${k}\``)])) as TimeCues['when'];
  return {
    kind: 'time',
    replace: entries.has('replace') ? (reader.boolean(entries.get('replace'), '`replace`') ?? false) : false,
    cues: {
      anchor: { events, relations, within },
      when: cues,
      examples: entries.has('examples') ? readTimeExamples(reader, entries.get('examples')) : [],
      files: [reader.file],
    },
  };
}

function readTimeExamples(reader: YamlReader, node: Node | null | undefined): TimeExample[] {
  return reader.list(node, '`examples`').flatMap((item) => {
    const entries = reader.map(item, 'each example (`text:` and `when:`)', ['text', 'when']);
    const text = entries?.has('text') ? reader.string(entries.get('text'), '`text`') : undefined;
    const when = entries?.has('when') ? reader.oneOf(entries.get('when'), '`when`', [...WHENS, 'none'] as const) : undefined;
    if (entries && (!entries.has('text') || !entries.has('when'))) reader.fail(item, 'each example needs `text:` and `when:` (before, at, after, future, change or none)');
    return text !== undefined && when !== undefined ? [{ text, when, file: reader.file, line: reader.lineOf(item) }] : [];
  });
}
