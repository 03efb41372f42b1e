import { PatternSyntaxError } from './syntaxError.js';
import { compilePattern, rarestWord, requiredWords, splitWord, spellsNegation } from './patternCompile.js';
import { wordForm } from './wordForms.js';
import type { Element, Pattern } from './pattern.js';
import { checkRegex } from './regex.js';

/** One `words`, `phrases`, `patterns` or `regex` entry, compiled. */
export interface Matcher {
  kind: 'word' | 'phrase' | 'pattern' | 'regex';
  source: string;
  pattern: Pattern;
}

/** A `words` entry: one word, any inflection ("struggle" hits struggled, struggling). */
export function wordMatcher(word: string): Matcher {
  const parts = words(word);
  if (parts.length === 0) throw new PatternSyntaxError(`"${word}" has no letters or digits to match`, 0, word.length);
  if (parts.length > 1) return phraseMatcher(word);
  const form = wordForm(parts[0]!);
  const element: Element = { kind: 'lemma', forms: [form], optional: false };
  return { kind: 'word', source: word, pattern: literal(word, [element], ['s:' + form.stem, 'w:' + form.lemma]) };
}

/** A `phrases` entry: exactly these words in this order ("the update" does not hit "the updated"); no pattern syntax to escape. */
export function phraseMatcher(phrase: string): Matcher {
  const parts = words(phrase);
  if (parts.length === 0) throw new PatternSyntaxError(`"${phrase}" has no letters or digits to match`, 0, phrase.length);
  const elements: Element[] = parts.map((part) => ({ kind: 'word', words: [[part]], optional: false, exact: true }));
  return { kind: 'phrase', source: phrase, pattern: literal(phrase, elements, ['w:' + rarestWord(parts)]) };
}

/** The words of a `words` or `phrases` entry, punctuation dropped, contractions split as the tokenizer does. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((part) => part.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, ''))
    .filter((part) => /[\p{L}\p{N}]/u.test(part))
    .flatMap(splitWord);
}

export function patternMatcher(source: string): Matcher {
  return { kind: 'pattern', source, pattern: compilePattern(source) };
}

/** A `regex` entry: the escape hatch, run on a linear-time engine; checked when loaded (see regex.ts). */
export function regexMatcher(source: string): Matcher {
  checkRegex(source);
  const pattern: Pattern = {
    source,
    elements: [],
    anchoredAtStart: false,
    anchoredAtEnd: false,
    anchors: [],
    required: [],
    spellsNegation: REGEX_NEGATION.test(source),
    regex: source,
  };
  return { kind: 'regex', source, pattern };
}

/** A regex that spells a negation itself asks for it, like a pattern does. */
const REGEX_NEGATION = /\b(not|never|no|nothing|none|nobody|without|hardly)\b|n'\??t\b|n\W?t\b/i;

function literal(source: string, elements: Element[], anchors: string[]): Pattern {
  return { source, elements, anchoredAtStart: false, anchoredAtEnd: false, anchors, required: requiredWords(elements), spellsNegation: spellsNegation(elements) };
}
