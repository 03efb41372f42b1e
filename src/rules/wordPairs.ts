import { fnv1a, fnvStep } from '../core/fnv.js';
import type { Token } from '../types.js';
import type { Element, Pattern } from './pattern.js';

/**
 * Which words stand next to which in a transcript, so that a phrase of common
 * words ("so much time") is known not to occur in a file without reading its
 * parse: each of its words is in nearly every interview, side by side in a
 * few. Kept as a Bloom filter of adjacent content words (each as written and
 * as its lemma, the forms a pattern's words match): it may say a pair is
 * there when it is not (about one in forty), which only costs a file an
 * analysis, and never says a pair is missing that is there.
 */
export interface WordPairs {
  /** Are the words (two, or three) said in a row somewhere? */
  has(first: string, second: string, third?: string): boolean;
}

/**
 * A Bloom filter over adjacent word pairs and triples, as base64: four probes,
 * eight bits per entry. Triples because a phrase's pairs can each be common
 * where the phrase is rare: "so much" and "much time" are both said in 143
 * interviews of the corpus, "so much time" in 36.
 */
export function wordPairsOf(sentences: Token[][]): string {
  // hashed as they are met, never made into strings: a cold run does this for every word of every file
  const entries = new Set<number>();
  for (const words of sentences) {
    // the hash states after "a " (one word) and after "a b " (two), for each form of the words before this one
    let afterOne: number[] = [];
    let afterTwo: number[] = [];
    for (const word of words) {
      const forms = word.lemma === word.norm ? [word.norm] : [word.norm, word.lemma];
      const nextOne: number[] = [];
      const nextTwo: number[] = [];
      for (const form of forms) {
        for (const state of afterTwo) entries.add(fnv1a(form, state) >>> 0);
        for (const state of afterOne) {
          const pair = fnv1a(form, state);
          entries.add(pair >>> 0);
          nextTwo.push(fnvStep(pair, SPACE));
        }
        nextOne.push(fnvStep(fnv1a(form), SPACE));
      }
      afterOne = nextOne;
      afterTwo = nextTwo;
    }
  }
  const bits = new Uint8Array(Math.max(8, entries.size));
  const size = bits.length * 8;
  for (const hash of entries) {
    const step = stepOf(hash);
    for (let i = 0; i < PROBES; i++) {
      const at = (hash + i * step) % size;
      bits[at >>> 3]! |= 1 << (at & 7);
    }
  }
  return Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('base64');
}

/** A filter made by wordPairsOf, asked pair by pair (or triple by triple); read from its base64 when first asked (most files' filters never are). */
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
/** A pair is hashed as "first second" would be, a triple as "first second third". */
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
  pattern.requiredPairs = needed;
  return needed;
}

/** Pairs of choices weighed for two elements side by side: past that, the pair says too little to be worth asking. */
const MAX_CHOICES = 64;

/** A required element that matches only the words it lists (as written, or their lemma): its choices. */
function plainWords(element: Element): string[][] | undefined {
  if (element.kind !== 'word' || element.optional || element.tags || element.forms) return undefined;
  return element.words;
}

/**
 * The word triples a pattern cannot match without: three words in a row that
 * are each the only choice of a required plain element (a phrase's words, or
 * a pattern's "so much time"). Made once per pattern.
 */
export function requiredTriples(pattern: Pattern): [string, string, string][] {
  if (pattern.requiredTriples) return pattern.requiredTriples;
  const needed: [string, string, string][] = [];
  if (!pattern.regex) {
    // runs of words each element allows only one way; anything else (a choice, a tag, a slot) ends a run
    let run: string[] = [];
    const endRun = () => {
      for (let i = 2; i < run.length; i++) needed.push([run[i - 2]!, run[i - 1]!, run[i]!]);
      run = [];
    };
    for (const element of pattern.elements) {
      const words = plainWords(element);
      if (words?.length === 1) run.push(...words[0]!);
      else endRun();
    }
    endRun();
  }
  pattern.requiredTriples = needed;
  return needed;
}

/** Could the pattern's adjacent words all stand side by side somewhere in the transcript, pair by pair and three by three? */
export function pairsHeld(pattern: Pattern, pairs: WordPairs): boolean {
  return (
    requiredPairs(pattern).every((choices) => choices.some(([first, second]) => pairs.has(first, second))) &&
    requiredTriples(pattern).every(([first, second, third]) => pairs.has(first, second, third))
  );
}
