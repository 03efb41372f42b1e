import { normalizeWord } from '../segment/index.js';
import { NEGATIVES } from '../segment/negation.js';
import { stem } from '../segment/nlp.js';
import { splitTypedContraction } from '../segment/typedContractions.js';
import type { Token } from '../types.js';
import { findRegex } from './regex.js';
import { PatternSyntaxError } from './syntaxError.js';

/**
 * A compiled piece of match syntax. Patterns use a subset of compromise's match
 * syntax but run on wink-nlp tokens, so every rule reads the one shared parse.
 */
export type Element =
  | { kind: 'word'; words: string[][]; tags?: string[]; forms?: WordForm[]; optional: boolean; exact?: boolean; byFirstWord?: Map<string, string[][]>; formIndex?: FormIndex }
  | { kind: 'lemma'; forms: WordForm[]; optional: boolean }
  | { kind: 'tag'; tag: string; optional: boolean }
  | { kind: 'any'; optional: boolean }
  | { kind: 'gap'; max: number };

/** A word and the forms of it that count: its lemma, and words sharing its stem that start like it. */
export interface WordForm {
  lemma: string;
  stem: string;
  /** the word less a final e or y, which its derived forms start with (frustrat-ion, worri-ed) */
  prefix: string;
}

export function wordForm(word: string): WordForm {
  return { lemma: word, stem: stem(word), prefix: word.replace(/[ey]$/, '') };
}

/**
 * "frustrate" hits frustrated, frustrating, frustration; the prefix check keeps
 * the Porter stem from joining unrelated words ("generic" would hit "generally").
 */
function formMatches(form: WordForm, token: Token): boolean {
  if (token.lemma === form.lemma || token.norm === form.lemma) return true;
  return token.stem === form.stem && derivedForm(form, token);
}

/**
 * A word sharing the form's stem that is one of its forms: it starts like it,
 * and it is not the person or thing that does it. Porter's stem takes "-er"
 * off "manager" and "designer", so "manage" and "design" would hit them, and
 * "my manager approves the budget" read as the participant managing.
 */
function derivedForm(form: WordForm, token: Token): boolean {
  return (token.norm.startsWith(form.prefix) || token.lemma.startsWith(form.prefix)) && !isAgentNoun(token.lemma, form.lemma);
}

/** "manager(s)" of "manage", "designer" of "design", "planner" of "plan", "editor" of "edit", "creator" of "create". */
function isAgentNoun(word: string, verb: string): boolean {
  const one = word.endsWith('s') ? word.slice(0, -1) : word;
  const stemOf = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  return one === `${stemOf}er` || one === `${stemOf}or` || one === `${verb}${verb.at(-1)}er`;
}

/** A choice's forms by lemma and by stem: a lexicon brings hundreds, and every word of every sentence asks. */
interface FormIndex {
  byLemma: Map<string, WordForm>;
  byStem: Map<string, WordForm[]>;
}

function indexForms(forms: WordForm[]): FormIndex {
  const byLemma = new Map<string, WordForm>();
  const byStem = new Map<string, WordForm[]>();
  for (const form of forms) {
    byLemma.set(form.lemma, form);
    byStem.set(form.stem, [...(byStem.get(form.stem) ?? []), form]);
  }
  return { byLemma, byStem };
}

/** Does any of the forms match the token? The same test as formMatches, looked up instead of scanned. */
function anyFormMatches(element: WordElement, token: Token): boolean {
  if (!element.forms) return false;
  const index = (element.formIndex ??= indexForms(element.forms));
  if (index.byLemma.has(token.lemma) || index.byLemma.has(token.norm)) return true;
  return (index.byStem.get(token.stem) ?? []).some((form) => derivedForm(form, token));
}

/** A required group with many forms (a lexicon inside a pattern), shared by every pattern that names the same forms (rules/index.ts). */
export interface LargeGroup {
  forms: Set<string>;
}

/** One required word of a pattern as the index tests it: its forms, or a large group shared with other patterns. */
export type RequiredGroup = string[] | LargeGroup;

export interface Pattern {
  source: string;
  elements: Element[];
  anchoredAtStart: boolean;
  anchoredAtEnd: boolean;
  /** keys one of which a sentence must contain for the pattern to have a chance (empty: no shortcut) */
  anchors: string[];
  /** for each required word of the pattern, the forms (word, lemma or stem) a sentence must hold one of */
  required: string[][];
  /** `required` as the index tests it, made on first use (rules/index.ts) */
  requiredGroups?: RequiredGroup[];
  /** the word pairs that must stand side by side for it to match, made on first use (rules/wordPairs.ts) */
  requiredPairs?: [string, string][][];
  /** runs of three words it cannot match without (wordPairs.ts), made once */
  requiredTriples?: [string, string, string][];
  /** the pattern itself names a negation ("couldn't find"), so a negated match is what it asks for */
  spellsNegation: boolean;
  /** a `regex` entry's source: matched on the sentence text instead of the elements (regex.ts) */
  regex?: string;
}

const TAGS: Record<string, (token: Token) => boolean> = {
  verb: (t) => t.pos === 'VERB' || t.pos === 'AUX',
  noun: (t) => t.pos === 'NOUN' || t.pos === 'PROPN',
  propernoun: (t) => t.pos === 'PROPN',
  adjective: (t) => t.pos === 'ADJ',
  adverb: (t) => t.pos === 'ADV',
  pronoun: (t) => t.pos === 'PRON',
  determiner: (t) => t.pos === 'DET',
  preposition: (t) => t.pos === 'ADP',
  auxiliary: (t) => t.pos === 'AUX',
  conjunction: (t) => t.pos === 'CCONJ' || t.pos === 'SCONJ',
  value: (t) => t.pos === 'NUM',
  gerund: (t) => t.pos === 'VERB' && t.norm.endsWith('ing'),
  negative: (t) => NEGATIVES.has(t.norm),
};
export const TAG_NAMES = Object.keys(TAGS);

/** Words after which "'s" is the verb ("it's", "that's when", "what's wrong"), which the parse reads as "is". */
const VERB_S_AFTER = new Set('it that there here what who where when how why he she this everything nothing something everyone someone one which'.split(' '));

/** "couldn't" -> ["could", "not"], "I'm" -> ["i", "am"], "it's" -> ["it", "is"]: the way the parse splits and reads them. */
export function splitWord(raw: string): string[] {
  const word = raw.toLowerCase().replace(/\u2019/g, "'");
  if (word === "can't" || word === 'cannot') return ['can', 'not'];
  if (word === "won't") return ['will', 'not'];
  const typed = splitTypedContraction(word);
  if (typed) return typed;
  const m = /^(.+?)(n't|'m|'re|'ve|'ll|'d|'s)$/.exec(word);
  if (!m) return [normalizeWord(word)];
  const head = normalizeWord(m[1]!);
  // a possessive "'s" ("the client's") stays as written, as the parse keeps it
  return [head, m[2] === "'s" && VERB_S_AFTER.has(head) ? 'is' : normalizeWord(m[2]!)];
}

function tokenize(source: string): { text: string; offset: number }[] {
  const pieces: { text: string; offset: number }[] = [];
  // a choice may hold spaces ("(so|and so)"), also right after the start anchor ("^(so|and so)")
  const re = /\^?\([^)]*\)\??|\^?\{[^}]*\}\??|\S+/g;
  for (let m = re.exec(source); m; m = re.exec(source)) pieces.push({ text: m[0], offset: m.index });
  return pieces;
}

export function compilePattern(source: string): Pattern {
  // "(\w)?" or "\b" in a pattern would be read as a word of those characters and never match
  const backslash = source.indexOf('\\');
  if (backslash >= 0) {
    throw new PatternSyntaxError('"\\" is regular-expression syntax, and a pattern matches words: write the words, or move the entry to `regex:`', backslash, 1);
  }
  let anchoredAtStart = false;
  let anchoredAtEnd = false;
  const elements: Element[] = [];
  // offsets count in the source as written, so a problem points at its characters in the rule file
  const indent = source.length - source.trimStart().length;
  for (const { text: piece, offset: at } of tokenize(source.trim())) {
    let text = piece;
    let offset = indent + at;
    if (text === '^' && elements.length === 0) {
      anchoredAtStart = true;
      continue;
    }
    if (text === '$') {
      anchoredAtEnd = true;
      continue;
    }
    const optional = text.length > 1 && text.endsWith('?');
    if (optional) text = text.slice(0, -1);
    if (text.startsWith('^') && elements.length === 0 && text.length > 1) {
      anchoredAtStart = true;
      text = text.slice(1);
      offset++;
    }
    elements.push(...compileElement(text, optional, offset));
  }
  if (elements.length === 0) throw new PatternSyntaxError('the pattern is empty', 0, source.length);
  if (elements.every((e) => e.kind === 'gap' || ('optional' in e && e.optional))) {
    throw new PatternSyntaxError('the pattern has only optional parts or gaps, so it would match everything', 0, source.length);
  }
  return { source, elements, anchoredAtStart, anchoredAtEnd, anchors: anchorsOf(elements), required: requiredWords(elements), spellsNegation: spellsNegation(elements) };
}

export function spellsNegation(elements: Element[]): boolean {
  return elements.some(
    (e) => (e.kind === 'word' && (e.words.some((seq) => seq.some((w) => NEGATIVES.has(w))) || Boolean(e.tags?.includes('negative')))) || (e.kind === 'tag' && e.tag === 'negative'),
  );
}

/** `offset`: where `text` starts in the pattern, so a problem names its characters. */
function compileElement(text: string, optional: boolean, offset: number): Element[] {
  const wrong = (message: string, at = offset, length = text.length) => new PatternSyntaxError(message, at, length);
  if (text === '*') return [{ kind: 'gap', max: 4 }];
  if (text === '.') return [{ kind: 'any', optional }];
  if (text.startsWith('#')) return [{ kind: 'tag', tag: checkTag(text, offset), optional }];
  if (text.startsWith('{')) {
    if (!text.endsWith('}') || text.length < 3) throw wrong(`"${text}" should look like {word}`);
    const words = text
      .slice(1, -1)
      .split('|')
      .map((w) => w.trim().toLowerCase());
    return [{ kind: 'lemma', forms: words.map(wordForm), optional }];
  }
  if (text.startsWith('(')) {
    if (!text.endsWith(')')) throw wrong(`"${text}" has no closing ")"`);
    const alternatives = text
      .slice(1, -1)
      .split('|')
      .map((alt) => alt.trim());
    if (alternatives.some((alt) => alt === '')) throw wrong(`"${text}" has an empty choice`);
    // the ends of the sentence are places, not words: a choice of one would never match
    const anchor = alternatives.find((alt) => alt === '$' || alt === '^');
    if (anchor) {
      const where = anchor === '$' ? 'end of the pattern, on its own' : 'start of the pattern';
      throw wrong(`"${anchor}" cannot be one of the choices in "${text}": it stands at the ${where}; write the pattern twice, once with "${anchor}" and once with the words`);
    }
    const tags = alternatives.filter((alt) => alt.startsWith('#')).map((alt) => checkTag(alt, offset + text.indexOf(alt)));
    // {word} inside a choice: any inflection of it, as in `words` (a lexicon's words come in this way)
    const forms = alternatives.filter((alt) => /^\{[^{}|]+\}$/.test(alt)).map((alt) => wordForm(alt.slice(1, -1).trim().toLowerCase()));
    const words = alternatives
      .filter((alt) => !alt.startsWith('#') && !alt.startsWith('{'))
      .map((alt) => alt.split(/\s+/).flatMap(splitWord))
      .sort((a, b) => b.length - a.length);
    return [{ kind: 'word', words, ...(tags.length ? { tags } : {}), ...(forms.length ? { forms } : {}), optional }];
  }
  const unexpected = /[()|{}]/.exec(text);
  if (unexpected) throw wrong(`unexpected "${unexpected[0]}" in "${text}"`, offset + unexpected.index, 1);
  const unsupported = /[![\]+~/<>=@$%&]/.exec(text);
  if (unsupported) {
    throw wrong(`"${unsupported[0]}" in "${text}" is compromise syntax jobmap does not support; see docs/rules.md for what patterns can say`, offset + unsupported.index, 1);
  }
  if (!/[\p{L}\p{N}]/u.test(text)) throw wrong(`"${text}" has no letters or digits to match`);
  const parts = splitWord(text);
  return parts.map((part, i) => ({ kind: 'word', words: [[part]], optional: optional && i === 0 }) as Element);
}

function checkTag(text: string, offset: number): string {
  const tag = text.slice(1).toLowerCase();
  if (!TAGS[tag]) {
    throw new PatternSyntaxError(
      `unknown tag "${text}"; use one of ${TAG_NAMES.map((t) => '#' + (t === 'propernoun' ? 'ProperNoun' : capitalise(t))).join(', ')}`,
      offset,
      text.length,
    );
  }
  return tag;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Words in nearly every sentence: a pattern indexed on one of them would be tried on nearly every sentence. */
const COMMON = new Set(
  (
    'i we you he she they it me us them my our your their this that these those a an the to of for in on at with by from ' +
    'and or but so is am are was were be been being do does did have has had will would can could should not just really ' +
    'what when how there here very more some all one get got'
  ).split(' '),
);

/** The required piece with the least common words: a sentence without any of its words cannot match. */
function anchorsOf(elements: Element[]): string[] {
  let best: { keys: string[]; score: number } | undefined;
  for (const e of elements) {
    let words: string[];
    let keys: string[];
    if (e.kind === 'word' && !e.optional && !e.tags) {
      // any word of a multi-word choice is required by it, so the rarest one stands for it
      words = [...e.words.map(rarestWord), ...(e.forms ?? []).map((f) => f.lemma)];
      keys = [...e.words.map((seq) => 'w:' + rarestWord(seq)), ...(e.forms ?? []).flatMap((f) => ['s:' + f.stem, 'w:' + f.lemma])];
    } else if (e.kind === 'lemma' && !e.optional) {
      words = e.forms.map((f) => f.lemma);
      keys = e.forms.flatMap((f) => ['s:' + f.stem, 'w:' + f.lemma]);
    } else continue;
    const score = words.filter((w) => COMMON.has(w)).length * 1000 + words.length;
    if (!best || score < best.score) best = { keys: [...new Set(keys)], score };
  }
  return best?.keys ?? [];
}

/** The words a sentence needs, one of each group, before the pattern is worth trying: a cheap test that rules most patterns out. */
export function requiredWords(elements: Element[]): string[][] {
  const groups: string[][] = [];
  for (const e of elements) {
    if (e.kind === 'word' && !e.optional && !e.tags) groups.push([...new Set([...e.words.map((seq) => seq[0]!), ...(e.forms ?? []).flatMap((f) => [f.lemma, f.stem])])]);
    else if (e.kind === 'lemma' && !e.optional) groups.push([...new Set(e.forms.flatMap((f) => [f.lemma, f.stem]))]);
  }
  return groups;
}

/** Not a word-frequency table: uncommon before common, then longer before shorter, which is close enough for an index key. */
export function rarestWord(sequence: string[]): string {
  return [...sequence].sort((a, b) => Number(COMMON.has(a)) - Number(COMMON.has(b)) || b.length - a.length)[0]!;
}

export interface Span {
  /** token indexes into the word list, end exclusive */
  start: number;
  end: number;
}

function wordMatches(token: Token, word: string, exact = false): boolean {
  return token.norm === word || (!exact && token.lemma === word);
}

type WordElement = Extract<Element, { kind: 'word' }>;

const NO_CHOICES: string[][] = [];

/**
 * The element's word choices that can start at this token. Choice lists run to
 * dozens of words, so they are looked up by first word rather than scanned.
 */
function choicesAt(element: WordElement, token: Token): string[][] {
  const byFirst = element.byFirstWord ?? indexChoices(element);
  const byNorm = byFirst.get(token.norm);
  const byLemma = element.exact || token.lemma === token.norm ? undefined : byFirst.get(token.lemma);
  if (!byLemma) return byNorm ?? NO_CHOICES;
  if (!byNorm) return byLemma;
  // keep the longest-first order compileElement gave the choices
  return element.words.filter((seq) => byNorm.includes(seq) || byLemma.includes(seq));
}

function canStart(element: WordElement, token: Token): boolean {
  const byFirst = element.byFirstWord ?? indexChoices(element);
  return byFirst.has(token.norm) || (!element.exact && byFirst.has(token.lemma)) || anyFormMatches(element, token);
}

function indexChoices(element: WordElement): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const seq of element.words) byFirst.set(seq[0]!, [...(byFirst.get(seq[0]!) ?? []), seq]);
  element.byFirstWord = byFirst;
  return byFirst;
}

/**
 * Finds the first match of the pattern in the words (punctuation already
 * removed). A regex reads the sentence text; without it, the words stand in.
 */
export function findPattern(pattern: Pattern, words: Token[], text?: string, from = 0): Span | undefined {
  if (pattern.regex) return from === 0 ? findRegexWords(pattern.regex, words, text ?? textOf(words)) : undefined;
  const last = pattern.anchoredAtStart ? 0 : words.length - 1;
  const first = pattern.elements[0]!;
  // Most patterns start with a required word: only positions holding one of its words can start a match.
  const opening = first.kind === 'word' && !first.optional && !first.tags ? first : undefined;
  for (let start = from; start <= last; start++) {
    if (opening && !canStart(opening, words[start]!)) continue;
    const end = matchFrom(pattern.elements, 0, words, start);
    if (end !== undefined && (!pattern.anchoredAtEnd || end === words.length)) return { start, end };
  }
  return undefined;
}

/** The words a regex match covers; a match that covers no word (only punctuation) does not count. */
function findRegexWords(regex: string, words: Token[], text: string): Span | undefined {
  const chars = findRegex(regex, text);
  if (!chars) return undefined;
  const start = words.findIndex((word) => word.end > chars[0]);
  let end = start;
  while (end >= 0 && end < words.length && words[end]!.start < chars[1]) end++;
  return start >= 0 && end > start ? { start, end } : undefined;
}

/** The sentence as the words spell it, each at its own offset. */
function textOf(words: Token[]): string {
  let text = '';
  for (const word of words) text = text.padEnd(word.start) + word.text;
  return text;
}

function matchFrom(elements: Element[], e: number, words: Token[], at: number): number | undefined {
  if (e === elements.length) return at;
  const element = elements[e]!;
  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max && at + skip <= words.length; skip++) {
      const end = matchFrom(elements, e + 1, words, at + skip);
      if (end !== undefined) return end;
    }
    return undefined;
  }
  for (const length of consumedLengths(element, words, at)) {
    const end = matchFrom(elements, e + 1, words, at + length);
    if (end !== undefined) return end;
  }
  return element.optional ? matchFrom(elements, e + 1, words, at) : undefined;
}

/** What most elements consume: one word or none (shared, since this runs for every position a pattern is tried at). */
const ONE_WORD: readonly number[] = [1];
const NO_WORD: readonly number[] = [];

/** How many words the element can consume at this position (several for multi-word choices). */
function consumedLengths(element: Exclude<Element, { kind: 'gap' }>, words: Token[], at: number): readonly number[] {
  const token = words[at];
  if (!token) return NO_WORD;
  switch (element.kind) {
    case 'any':
      return ONE_WORD;
    case 'tag':
      return TAGS[element.tag]!(token) ? ONE_WORD : NO_WORD;
    case 'lemma':
      return element.forms.some((form) => formMatches(form, token)) ? ONE_WORD : NO_WORD;
    case 'word': {
      // choices are kept longest first (see compileElement), so the longest match is tried first
      let lengths: number[] | undefined;
      for (const seq of choicesAt(element, token)) {
        if (seq.every((word, i) => words[at + i] !== undefined && wordMatches(words[at + i]!, word, element.exact))) (lengths ??= []).push(seq.length);
      }
      const single = element.tags?.some((tag) => TAGS[tag]!(token)) || anyFormMatches(element, token);
      if (!lengths) return single ? ONE_WORD : NO_WORD;
      if (single) lengths.push(1);
      return lengths;
    }
  }
}
