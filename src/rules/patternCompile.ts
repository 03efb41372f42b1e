/** A pattern's text compiled into elements, with the words a sentence must hold for it to have a chance (the index's keys). */
import { normalizeWord } from '../segment/wordForms.js';
import { NEGATIVES } from '../segment/negation.js';
import { splitTypedContraction } from '../segment/typedContractions.js';
import { TAG_NAMES, TAGS, type Element, type Pattern } from './pattern.js';
import { PatternSyntaxError } from './syntaxError.js';
import { wordForm } from './wordForms.js';

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
