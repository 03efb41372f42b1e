import type { Node } from 'yaml';
import { suggest, type YamlReader } from '../core/yaml.js';
import { wordMatcher, phraseMatcher, patternMatcher, regexMatcher, type Matcher } from './matchers.js';
import { PatternSyntaxError } from './syntaxError.js';

/** A named list of words, phrases, patterns and regexes, shared between rules as `"@name"`. */
export interface Lexicon {
  name: string;
  description: string;
  matchers: Matcher[];
  file: string;
  line: number;
  column: number;
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
    if (key === 'words') return [wordMatcher(item.value)];
    if (key === 'phrases') return [phraseMatcher(item.value)];
    if (key === 'regex') return [regexMatcher(item.value)];
    const expanded = expandLexicons(item.value, context);
    if (typeof expanded !== 'string') {
      reader.fail(item.node, `bad pattern "${item.value}": ${expanded.problem}`);
      return [];
    }
    return [{ ...patternMatcher(expanded), source: item.value }];
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    reader.fail(item.node, `bad ${key === 'regex' ? 'regex' : 'pattern'} "${item.value}": ${error.message}`);
    return [];
  }
}

/**
 * `(@people|someone)` in a pattern: a choice may name a lexicon, which stands
 * for its words and phrases, so a long list is written once and read by name.
 */
export function expandLexicons(pattern: string, context: ReadContext): string | { problem: string } {
  let problem: string | undefined;
  const expanded = pattern.replace(/\(([^)]*)\)/g, (choice, inside: string) => {
    if (!inside.includes('@')) return choice;
    const alternatives = inside.split('|').flatMap((alt) => {
      const name = alt.trim();
      if (!name.startsWith('@')) return [alt];
      const lexicon = context.lexicons.get(name.slice(1));
      if (!lexicon) {
        const known = [...context.lexicons.keys()].sort();
        problem ??= `unknown lexicon "${name}"${suggest(name.slice(1), known)}; known lexicons: ${known.join(', ') || 'none'}`;
        return [];
      }
      // a lexicon's words keep their meaning there: any inflection ({plan} hits planning); its phrases are exact
      const words = lexicon.matchers.flatMap((m) => (m.kind === 'word' ? [`{${m.source.toLowerCase()}}`] : m.kind === 'phrase' ? [m.source.toLowerCase()] : []));
      if (words.length === 0) problem ??= `lexicon "${name}" has no words or phrases to use inside a pattern (its patterns and regexes only work as whole entries)`;
      return words;
    });
    return `(${alternatives.join('|')})`;
  });
  if (!problem && /@/.test(expanded)) problem = 'a lexicon can only be named as a choice inside parentheses, like (@people) or (@people|someone)';
  return problem ? { problem } : expanded;
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
