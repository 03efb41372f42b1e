import { fnv1a, fnvStep } from '../core/fnv.js';
import type { Token } from '../types.js';
import { keepOnPattern, type Element, type Pattern } from './pattern.js';

/**
 * Which words stand next to which in a transcript, so that a phrase of common
 * words ("so much time") is known not to occur in a file without reading its
 * parse: each of its words is in nearly every interview, side by side in a
 * few. Kept as a Bloom filter of adjacent content words, pairs and runs of
 * three (each word as written and as its lemma, the forms a pattern's words
 * match): "so much" and "much time" are in 143 of the corpus's 1,234
 * interviews, "so much time" in 36. It may say a pair or three are there when
 * they are not (one in forty at most), which only costs a file an analysis,
 * and never says they are missing when they are there.
 */
export interface WordPairs {
  /** `first second`, or `first second third`, side by side in a sentence */
  has(first: string, second: string, third?: string): boolean;
}

/** A Bloom filter over adjacent word pairs and runs of three, as base64: four probes, eight bits or more for each. */
export function wordPairsOf(sentences: Token[][]): string {
  // a byte for each hash added, repeats too (about 1.1 times the distinct ones), so each hash sets its bits as it is
  // made and none is kept: a cold run does this for every word of every file
  const filter = new BloomBits(Math.max(8, hashCount(sentences)));
  for (const words of sentences) {
    for (let i = 1; i < words.length; i++) {
      const a = words[i - 1]!;
      const b = words[i]!;
      addPairs(filter, fnv1a(a.norm), b);
      if (a.lemma !== a.norm) addPairs(filter, fnv1a(a.lemma), b);
      if (i < 2) continue;
      // three in a row: the pairs' hashes of the first two, in each of their forms, followed by the third
      const first = words[i - 2]!;
      addTriples(filter, first.norm, a, b);
      if (first.lemma !== first.norm) addTriples(filter, first.lemma, a, b);
    }
  }
  return Buffer.from(filter.bits.buffer, filter.bits.byteOffset, filter.bits.byteLength).toString('base64');
}

/** How many hashes wordPairsOf adds for these sentences: each word in each of its forms (written, lemma) after each form of the one or two before. */
function hashCount(sentences: Token[][]): number {
  let count = 0;
  for (const words of sentences) {
    for (let i = 1; i < words.length; i++) {
      const pair = formsOf(words[i - 1]!) * formsOf(words[i]!);
      count += pair + (i < 2 ? 0 : formsOf(words[i - 2]!) * pair);
    }
  }
  return count;
}

function formsOf(token: Token): number {
  return token.lemma === token.norm ? 1 : 2;
}

/** The filter's bits, set as hashes are added. */
class BloomBits {
  readonly bits: Uint8Array;
  private readonly size: number;

  constructor(bytes: number) {
    this.bits = new Uint8Array(bytes);
    this.size = bytes * 8;
  }

  add(hash: number): void {
    const step = stepOf(hash);
    for (let i = 0; i < PROBES; i++) {
      const at = (hash + i * step) % this.size;
      this.bits[at >>> 3]! |= 1 << (at & 7);
    }
  }
}

/** The hashes of the words hashed as `first` followed by the word `b`, as written and as its lemma. */
function addPairs(filter: BloomBits, first: number, b: Token): void {
  const before = fnvStep(first, SPACE);
  filter.add(fnv1a(b.norm, before) >>> 0);
  if (b.lemma !== b.norm) filter.add(fnv1a(b.lemma, before) >>> 0);
}

/** The hashes of `first`, the word `b` (as written and as its lemma), then the word `c` (both forms too). */
function addTriples(filter: BloomBits, first: string, b: Token, c: Token): void {
  const before = fnvStep(fnv1a(first), SPACE);
  addPairs(filter, fnv1a(b.norm, before), c);
  if (b.lemma !== b.norm) addPairs(filter, fnv1a(b.lemma, before), c);
}

/** A filter made by wordPairsOf, asked pair by pair; read from its base64 when first asked (most files' filters never are). */
export class PairFilter implements WordPairs {
  private bits: Uint8Array | undefined;

  constructor(private readonly base64: string) {}

  has(first: string, second: string, third?: string): boolean {
    const bits = (this.bits ??= Buffer.from(this.base64, 'base64'));
    if (bits.length === 0) return true;
    const size = bits.length * 8;
    const pair = fnv1a(second, fnvStep(fnv1a(first), SPACE));
    const hash = (third === undefined ? pair : fnv1a(third, fnvStep(pair, SPACE))) >>> 0;
    const step = stepOf(hash);
    for (let i = 0; i < PROBES; i++) {
      const at = (hash + i * step) % size;
      if ((bits[at >>> 3]! & (1 << (at & 7))) === 0) return false;
    }
    return true;
  }
}

const PROBES = 4;
/** A pair is hashed as "first second" would be. */
const SPACE = 0x20;

/** The second hash of double hashing, mixed from the first; odd, so the probes differ. */
function stepOf(hash: number): number {
  let step = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  step = Math.imul(step ^ (step >>> 12), 0x297a2d39) ^ (step >>> 15);
  return (step | 1) >>> 0;
}

/**
 * The word pairs a pattern cannot match without: two required word elements
 * side by side, with nothing between them that could take or skip a word,
 * give a pair (one of their choices' last and next first words) that must
 * stand side by side in the sentence. Each item lists the pairs one of which
 * must be there. Elements that match by tag, by word family (a `words` entry,
 * {lemma}) or optionally are not read: they could match words a pair would
 * not name. Made once per pattern.
 */
export function requiredPairs(pattern: Pattern): [string, string][][] {
  if (pattern.requiredPairs) return pattern.requiredPairs;
  const needed: [string, string][][] = [];
  if (!pattern.regex) {
    const { elements } = pattern;
    for (let e = 0; e < elements.length; e++) {
      const element = plainWords(elements[e]!);
      if (!element) continue;
      // within a choice of several words, when the element has only that choice
      if (element.length === 1) for (let i = 1; i < element[0]!.length; i++) needed.push([[element[0]![i - 1]!, element[0]![i]!]]);
      const next = e + 1 < elements.length ? plainWords(elements[e + 1]!) : undefined;
      if (!next || element.length * next.length > MAX_CHOICES) continue;
      needed.push(element.flatMap((seq) => next.map((following): [string, string] => [seq[seq.length - 1]!, following[0]!])));
    }
  }
  return keepOnPattern(pattern, 'requiredPairs', needed);
}

/** Pairs of choices weighed for two elements side by side: past that, the pair says too little to be worth asking. */
const MAX_CHOICES = 64;

/** A required element that matches only the words it lists (as written, or their lemma): its choices. */
function plainWords(element: Element): string[][] | undefined {
  if (element.kind !== 'word' || element.optional || element.tags || element.forms) return undefined;
  return element.words;
}

/**
 * The runs of three words a pattern cannot match without: three or more
 * words in a row of required elements that each match only one word or
 * sequence of words (a phrase: "so much time"), every three side by side.
 * Made once per pattern.
 */
export function requiredTriples(pattern: Pattern): [string, string, string][] {
  if (pattern.requiredTriples) return pattern.requiredTriples;
  const needed: [string, string, string][] = [];
  let run: string[] = [];
  const endRun = () => {
    for (let i = 2; i < run.length; i++) needed.push([run[i - 2]!, run[i - 1]!, run[i]!]);
    run = [];
  };
  for (const element of pattern.regex ? [] : pattern.elements) {
    const choices = plainWords(element);
    if (choices?.length === 1) run.push(...choices[0]!);
    else endRun();
  }
  endRun();
  return keepOnPattern(pattern, 'requiredTriples', needed);
}

/** Could the pattern's adjacent words all stand side by side somewhere in the transcript, in pairs and in runs of three? */
export function pairsHeld(pattern: Pattern, pairs: WordPairs): boolean {
  return (
    requiredPairs(pattern).every((choices) => choices.some(([first, second]) => pairs.has(first, second))) &&
    requiredTriples(pattern).every(([first, second, third]) => pairs.has(first, second, third))
  );
}
