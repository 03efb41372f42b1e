/** The stage model's file (`stages:`) and the dimension file (`dimensions:`): the models a finding is placed in. */
import type { Node } from 'yaml';
import type { YamlReader } from '../core/yaml.js';
import { readOptionalCategories } from '../config.js';
import { readCueBlock, type ReadContext } from './cues.js';
import type { RuleFile } from './ruleFile.js';
import { LAYOUTS, WHENS, type Dimension, type Stage, type StageExample, type When } from './types.js';

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

export function readStageFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
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

export function readDimensionFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
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
