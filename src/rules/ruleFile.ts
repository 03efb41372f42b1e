/** What a rule file reads as (RuleFile), and what several kinds of rule file say alike: an entry's place, its examples, `disabled: true`. */
import { isMap, type Node } from 'yaml';
import type { YamlReader } from '../core/yaml.js';
import type { Lexicon } from './cues.js';
import type { CodebookJob, DimensionModel, Example, Rule, StageModel, TimeCues } from './types.js';

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

export function lineAndColumn(reader: YamlReader, node: Node): { line: number; column: number } {
  const { line, col } = reader.positionOf(node);
  return { line, column: col };
}

/**
 * `match:` and `no_match:` lists of sentences. A `match` entry may also say
 * what the rule must match and the finding's subtype:
 * `{ text: "...", matched: "words", subtype: cost }`.
 */
export function readExamples(reader: YamlReader, node: Node | null, exampleKeys = EXAMPLE_KEYS): Rule['examples'] {
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

export function readDisabled(reader: YamlReader, node: Node, entries: Map<string, Node | null>, id: string | undefined): { disabled: DisabledRule } | undefined {
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
