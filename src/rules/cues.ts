import type { Node } from 'yaml';
import { suggest, type YamlReader } from '../core/yaml.js';
import type { Example } from './example.js';
import { wordMatcher, phraseMatcher, patternMatcher, regexMatcher, type Matcher } from './matchers.js';
import { PatternSyntaxError } from './syntaxError.js';

/** A named list of words, phrases, patterns and regexes, shared between rules as `"@name"`. */
export interface Lexicon {
  name: string;
  description: string;
  matchers: Matcher[];
  /** sentences one of its entries must find, or must not, each list from the file that wrote it (`jobmap rules test`) */
  examples: LexiconExamples[];
  file: string;
  line: number;
  column: number;
}

/** A lexicon file's `examples`: a later layer that extends the lexicon adds its own. */
export interface LexiconExamples {
  file: string;
  match: Example[];
  noMatch: Example[];
}

/** What a rule file may refer to: the lexicons of every layer, merged. */
export interface ReadContext {
  lexicons: Map<string, Lexicon>;
}

/** The keys of a cue list, in a rule, a lexicon, a condition or a stage. */
export const CUE_KEYS = ['words', 'phrases', 'patterns', 'regex'];

/** `words`, `phrases`, `patterns` and `regex` of a rule or a cue block; "@name" brings in a lexicon. */
export function readCues(reader: YamlReader, entries: Map<string, Node | null>, context: ReadContext): Matcher[] {
  return CUE_KEYS.flatMap((key) => {
    if (!entries.has(key)) return [];
    return reader.strings(entries.get(key), `\`${key}\``).flatMap((item) => cueMatchers(reader, key, item, context));
  });
}

export function cueMatchers(reader: YamlReader, key: string, item: { value: string; node: Node }, context: ReadContext): Matcher[] {
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
      if (words.length === 0)
        throw new PatternSyntaxError(`lexicon "${name}" has no words or phrases to use inside a pattern (its patterns and regexes only work as whole entries)`, ...named);
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

export function readCueBlock(reader: YamlReader, node: Node | null | undefined, what: string, context: ReadContext): Matcher[] {
  if (node === undefined) return [];
  const entries = reader.map(node, what, CUE_KEYS);
  if (!entries) return [];
  return readCues(reader, entries, context);
}
