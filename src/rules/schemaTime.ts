import type { Node } from 'yaml';
import type { YamlReader } from '../core/yaml.js';
import { readCueBlock, type ReadContext } from './cues.js';
import type { RuleFile } from './ruleFile.js';
import { ANCHOR_RELATIONS, TIME_CUE_KEYS, WHENS, type TimeCues, type TimeExample } from './types.js';

/**
 * The time file: the anchor event with the words that relate a sentence to it,
 * the time expressions for each time, and examples that `rules test` runs.
 */
export function readTimeFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
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
