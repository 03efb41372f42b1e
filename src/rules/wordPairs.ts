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
  has(first: string, second: string): boolean;
}

/** A Bloom filter over adjacent word pairs, as base64: four probes, eight bits per pair. */
export function wordPairsOf(sentences: Token[][]): string {
  // hashed as they are met, never made into strings: a cold run does this for every word of every file
  const pairs = new Set<number>();
  for (const words of sentences) {
    for (let i = 1; i < words.length; i++) {
      const a = words[i - 1]!;
      const b = words[i]!;
      addPairs(pairs, a.norm, b);
      if (a.lemma !== a.norm) addPairs(pairs, a.lemma, b);
    }
  }
  const bits = new Uint8Array(Math.max(8, pairs.size));
  const size = bits.length * 8;
  for (const hash of pairs) {
    const step = stepOf(hash);
    for (let i = 0; i < PROBES; i++) {
      const at = (hash + i * step) % size;
      bits[at >>> 3]! |= 1 << (at & 7);
    }
  }
  return Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('base64');
}

/** The hashes of `first` followed by the word `b`, as written and as its lemma. */
function addPairs(pairs: Set<number>, first: string, b: Token): void {
  const before = fnvStep(fnv1a(first), SPACE);
  pairs.add(fnv1a(b.norm, before) >>> 0);
  if (b.lemma !== b.norm) pairs.add(fnv1a(b.lemma, before) >>> 0);
}

/** A filter made by wordPairsOf, asked pair by pair; read from its base64 when first asked (most files' filters never are). */
export class PairFilter implements WordPairs {
  private bits: Uint8Array | undefined;

  constructor(private readonly base64: string) {}

  has(first: string, second: string): boolean {
    const bits = (this.bits ??= Buffer.from(this.base64, 'base64'));
    if (bits.length === 0) return true;
    const size = bits.length * 8;
    const hash = fnv1a(second, fnvStep(fnv1a(first), SPACE)) >>> 0;
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

/** Could the pattern's adjacent words all stand side by side somewhere in the transcript? */
export function pairsHeld(pattern: Pattern, pairs: WordPairs): boolean {
  return requiredPairs(pattern).every((choices) => choices.some(([first, second]) => pairs.has(first, second)));
}
