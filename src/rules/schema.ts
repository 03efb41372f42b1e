import { isMap, type Node } from 'yaml';
import { CATEGORIES, type Category } from '../types.js';
import { wordMatcher, phraseMatcher, patternMatcher, regexMatcher } from './matchers.js';
import { PatternSyntaxError } from './syntaxError.js';
import { suggest, YamlReader } from '../core/yaml.js';
import { readOptionalCategories } from '../config.js';
import {
  ANCHOR_RELATIONS, LAYOUTS, NEGATION_POLICIES, SENTENCE_POLICIES, SPEAKER_SCOPES, TIME_CUE_KEYS, WHENS,
  type CodebookJob, type CueGroup, type Dimension, type DimensionModel, type Lexicon, type Matcher, type Rule, type Stage, type StageModel,
  type TimeCues, type TimeExample, type When, type Example, type StageExample,
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

/** What a rule file may refer to: the lexicons of every layer, merged. */
export interface ReadContext {
  lexicons: Map<string, Lexicon>;
}

const CUE_KEYS = ['words', 'phrases', 'patterns', 'regex'];
const CONDITION_KEYS = ['questions', 'hedges', 'requires', 'near', 'after_question'];
const RULE_KEYS = ['id', 'description', 'subtype', ...CUE_KEYS, 'unless', 'negation', 'speaker', ...CONDITION_KEYS, 'weight', 'examples', 'disabled'];
const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)*$/;
const LEXICON_NAME = /^[a-z][a-z0-9_-]*$/;
/** The lexicon that `hedges:` reads. */
export const HEDGES_LEXICON = 'hedges';
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
  const entries = reader.map(root, 'a lexicon file', ['lexicon', 'description', 'replace', ...CUE_KEYS]);
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
    const words = reader.strings(node, 'each item of `groups`').map((item) => item.value.trim().toLowerCase()).filter(Boolean);
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
  const unless = entries.has('unless')
    ? reader.strings(entries.get('unless'), '`unless`').flatMap((item) => cueMatchers(reader, 'words', item, context))
    : [];
  const opt = <T>(key: string, read: (n: Node | null) => T | undefined, fallback: T): T =>
    entries.has(key) ? (read(entries.get(key)!) ?? fallback) : fallback;
  const hedgePolicy = opt('hedges', (n) => reader.oneOf(n, '`hedges`', SENTENCE_POLICIES), 'allow');
  const hedgeCues = hedgePolicy === 'allow' ? [] : hedgeLexicon(reader, entries.get('hedges'), context);
  if (id === undefined) return undefined;
  return {
    id,
    category,
    description: opt('description', (n) => reader.string(n, '`description`'), ''),
    subtype: opt<string | undefined>('subtype', (n) => reader.string(n, '`subtype`'), undefined),
    weight: opt('weight', (n) => reader.number(n, '`weight`', 0, 1), 0.6),
    negation: opt('negation', (n) => reader.oneOf(n, '`negation`', NEGATION_POLICIES), 'block'),
    speaker: opt('speaker', (n) => reader.oneOf(n, '`speaker`', SPEAKER_SCOPES), 'participant'),
    matchers,
    unless,
    questions: opt('questions', (n) => reader.oneOf(n, '`questions`', SENTENCE_POLICIES), 'allow'),
    hedges: { policy: hedgePolicy, cues: hedgeCues },
    requires: entries.has('requires') ? readRequires(reader, entries.get('requires'), context) : [],
    ...(entries.has('near') ? { near: readNear(reader, entries.get('near'), context) } : {}),
    ...(entries.has('after_question') ? { afterQuestion: readAfterQuestion(reader, entries.get('after_question'), context) } : {}),
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
function readExamples(reader: YamlReader, node: Node | null): Rule['examples'] {
  const entries = reader.map(node, '`examples`', ['match', 'no_match']);
  const noMatch = entries?.has('no_match')
    ? reader.strings(entries.get('no_match'), '`examples.no_match`').map((i) => ({ text: i.value, line: reader.lineOf(i.node) }))
    : [];
  const match = entries?.has('match') ? reader.list(entries.get('match'), '`examples.match`').flatMap((item) => readMatchExample(reader, item)) : [];
  return { match, noMatch };
}

function readMatchExample(reader: YamlReader, item: Node): Example[] {
  if (!isMap(item)) {
    const text = reader.string(item, 'each item of `examples.match` (a sentence, or `{ text, matched, subtype }`)');
    return text === undefined ? [] : [{ text, line: reader.lineOf(item) }];
  }
  const fields = reader.map(item, 'an example', ['text', 'matched', 'subtype']);
  if (!fields) return [];
  if (!fields.has('text')) {
    reader.fail(item, 'an example written as a map needs `text:` (and may add `matched:` and `subtype:`)');
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
    reader.fail(node, `a rule with \`disabled: true\` switches off the rule of that id from an earlier rule folder, so it takes only \`id\` and \`disabled\`${others.length ? `, not ${others.join(', ')}` : ''}`);
    return undefined;
  }
  if (id === undefined || value === undefined) return undefined;
  const { line, col } = reader.positionOf(node);
  return { disabled: { id, file: reader.file, line, column: col } };
}

/** `requires:` a list of cue groups, each of which must have a cue in the sentence ("a time cue and an event cue"). */
function readRequires(reader: YamlReader, node: Node | null | undefined, context: ReadContext): CueGroup[] {
  return reader.list(node, '`requires`').flatMap((item, i) => {
    const entries = reader.map(item, 'each item of `requires`', ['name', ...CUE_KEYS]);
    if (!entries) return [];
    const cues = readCues(reader, entries, context);
    if (cues.length === 0) reader.fail(item, 'each item of `requires` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
    const name = entries.has('name') ? reader.string(entries.get('name'), '`name`') : undefined;
    return [{ name: name ?? `requires #${i + 1}`, cues }];
  });
}

/** `near: { within: 2, words: [...] }`: a cue in the sentences around this one. */
function readNear(reader: YamlReader, node: Node | null | undefined, context: ReadContext): { within: number; cues: Matcher[] } {
  const entries = reader.map(node, '`near`', ['within', ...CUE_KEYS]);
  if (!entries) return { within: 0, cues: [] };
  const within = entries.has('within') ? (reader.integer(entries.get('within'), '`near.within`', 0, 10) ?? 1) : 1;
  const cues = readCues(reader, entries, context);
  if (cues.length === 0) reader.fail(node, '`near` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
  return { within, cues };
}

function hedgeLexicon(reader: YamlReader, node: Node | null | undefined, context: ReadContext): Matcher[] {
  const lexicon = context.lexicons.get(HEDGES_LEXICON);
  if (!lexicon) reader.fail(node, `\`hedges\` reads the lexicon "${HEDGES_LEXICON}", and no rule folder has one (a file with \`lexicon: ${HEDGES_LEXICON}\`)`);
  return lexicon?.matchers ?? [];
}

/** `words`, `phrases`, `patterns` and `regex` of a rule or a cue block; "@name" brings in a lexicon. */
function readCues(reader: YamlReader, entries: Map<string, Node | null>, context: ReadContext): Matcher[] {
  return CUE_KEYS.flatMap((key) => {
    if (!entries.has(key)) return [];
    return reader.strings(entries.get(key), `\`${key}\``).flatMap((item) => cueMatchers(reader, key, item, context));
  });
}

function cueMatchers(reader: YamlReader, key: string, item: { value: string; node: Node }, context: ReadContext): Matcher[] {
  if (item.value.startsWith('@')) return lexiconMatchers(reader, item, context);
  try {
    return [cueMatcher(key, item.value, context)];
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    reader.failInside(item.node, error.offset, error.length, `bad ${key === 'regex' ? 'regex' : 'pattern'} "${item.value}": ${error.message}`);
    return [];
  }
}

/** One entry of `words`, `phrases`, `patterns` or `regex`; a PatternSyntaxError points into the entry as written. */
function cueMatcher(key: string, value: string, context: ReadContext): Matcher {
  if (key === 'words') return wordMatcher(value);
  if (key === 'phrases') return phraseMatcher(value);
  if (key === 'regex') return regexMatcher(value);
  const expanded = expandLexicons(value, context);
  try {
    return { ...patternMatcher(expanded.pattern), source: value };
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    const { offset, length } = expanded.written(error.offset, error.length);
    throw new PatternSyntaxError(error.message, offset, length);
  }
}

/** A stretch of a pattern: `length` characters from `offset`. */
interface Span {
  offset: number;
  length: number;
}

/**
 * `(@people|someone)` in a pattern: a choice may name a lexicon, which stands
 * for its words and phrases, so a long list is written once and read by name.
 * Also says where a stretch of the expanded pattern was in the pattern as
 * written, so a problem found later points at what the author wrote.
 */
export function expandLexicons(pattern: string, context: ReadContext): { pattern: string; written: (offset: number, length: number) => Span } {
  // each choice that named a lexicon: where it was written, and where its expansion ends
  const choices: { from: number; to: number; expandedTo: number }[] = [];
  let growth = 0;
  const expanded = pattern.replace(/\(([^)]*)\)/g, (choice: string, inside: string, at: number) => {
    if (!inside.includes('@')) return choice;
    const alternatives = inside.split('|').flatMap((alt) => {
      const name = alt.trim();
      if (!name.startsWith('@')) return [alt];
      const lexicon = context.lexicons.get(name.slice(1));
      const named = [at + choice.indexOf(name), name.length] as const;
      if (!lexicon) {
        const known = [...context.lexicons.keys()].sort();
        throw new PatternSyntaxError(`unknown lexicon "${name}"${suggest(name.slice(1), known)}; known lexicons: ${known.join(', ') || 'none'}`, ...named);
      }
      // a lexicon's words keep their meaning there: any inflection ({plan} hits planning); its phrases are exact
      const words = lexicon.matchers.flatMap((m) => (m.kind === 'word' ? [`{${m.source.toLowerCase()}}`] : m.kind === 'phrase' ? [m.source.toLowerCase()] : []));
      if (words.length === 0) throw new PatternSyntaxError(`lexicon "${name}" has no words or phrases to use inside a pattern (its patterns and regexes only work as whole entries)`, ...named);
      return words;
    });
    const replacement = `(${alternatives.join('|')})`;
    growth += replacement.length - choice.length;
    choices.push({ from: at, to: at + choice.length, expandedTo: at + choice.length + growth });
    return replacement;
  });
  if (expanded.includes('@')) {
    throw new PatternSyntaxError('a lexicon can only be named as a choice inside parentheses, like (@people) or (@people|someone)', pattern.indexOf('@'), 1);
  }
  return { pattern: expanded, written: (offset, length) => writtenSpan(choices, offset, length) };
}

/** A stretch of an expanded pattern in the pattern as written; inside a lexicon's words, the choice that named it. */
function writtenSpan(choices: { from: number; to: number; expandedTo: number }[], offset: number, length: number): Span {
  let shift = 0;
  for (const choice of choices) {
    if (offset >= choice.expandedTo) shift = choice.expandedTo - choice.to;
    else if (offset >= choice.from + shift) return { offset: choice.from, length: choice.to - choice.from };
  }
  return { offset: offset - shift, length };
}

function lexiconMatchers(reader: YamlReader, item: { value: string; node: Node }, context: ReadContext): Matcher[] {
  const name = item.value.slice(1);
  const lexicon = context.lexicons.get(name);
  if (lexicon) return lexicon.matchers;
  const known = [...context.lexicons.keys()].sort();
  const expected = known.length ? `known lexicons: ${known.join(', ')}` : 'none is defined here (a lexicon is a file with `lexicon: name`; a lexicon cannot use another)';
  reader.fail(item.node, `unknown lexicon "${item.value}"${suggest(name, known)}; ${expected}`);
  return [];
}

function readCueBlock(reader: YamlReader, node: Node | null | undefined, what: string, context: ReadContext): Matcher[] {
  if (node === undefined) return [];
  const entries = reader.map(node, what, CUE_KEYS);
  if (!entries) return [];
  return readCues(reader, entries, context);
}

function readAfterQuestion(reader: YamlReader, node: Node | null | undefined, context: ReadContext): Matcher[] {
  const cues = readCueBlock(reader, node, '`after_question`', context);
  if (cues.length === 0 && isMap(node)) reader.fail(node, '`after_question` needs at least one entry in `words`, `phrases`, `patterns` or `regex`');
  return cues;
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
  const opt = <T>(key: string, read: (n: Node | null) => T | undefined, fallback: T): T =>
    entries.has(key) ? (read(entries.get(key)!) ?? fallback) : fallback;
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
