import { FNV_OFFSET, fnv1a, fnvStep } from '../core/fnv.js';
import type { WordSet } from '../rules/index.js';
import { PairFilter, type WordPairs } from '../rules/wordPairs.js';

/**
 * What a file's outcome rests on among the rules: the rules that fired in
 * it, each with the matchers that made its hits (by fingerprint,
 * ruleVersions.ts), and its words (every word, lemma and stem), which a word
 * or phrase added to a rule must find there to fire. The words are kept as
 * their 32-bit hashes, sorted, in base64: a third of the words' size, and
 * a hash two words share only says "could match", which is always safe.
 */
export interface OutcomeBasis {
  fired: Record<string, string[]>;
  words: string;
  /** each transcript's word pairs (rules/wordPairs.ts): a phrase must find its words side by side in one of them */
  pairs?: string[];
}

/** What an analysed file's outcome rests on (OutcomeBasis), from each of its transcripts' fired matchers, words (one a line) and word pairs. */
export function basisOf(transcripts: { fired: Record<string, string[]>; words: string; pairs: string }[]): OutcomeBasis {
  // a Map: a rule's id is any name, "constructor" too
  const fired = new Map<string, Set<string>>();
  for (const transcript of transcripts) {
    for (const [id, matchers] of Object.entries(transcript.fired)) fired.set(id, new Set([...(fired.get(id) ?? []), ...matchers]));
  }
  const hashes = new Set<number>();
  for (const { words } of transcripts) addLineHashes(words, hashes);
  const sorted = Uint32Array.from(hashes).sort();
  const bytes = Buffer.alloc(sorted.length * 4);
  sorted.forEach((hash, i) => bytes.writeUInt32LE(hash, i * 4));
  return { fired: Object.fromEntries([...fired].map(([id, matchers]) => [id, [...matchers]])), words: bytes.toString('base64'), pairs: transcripts.map((t) => t.pairs) };
}

/** The pairs of a file's transcripts, asked as one: a pair is there when one transcript has it. None when the basis keeps none. */
export function pairsOf(basis: OutcomeBasis): WordPairs | undefined {
  if (!basis.pairs) return undefined;
  const { pairs } = basis;
  let filters: PairFilter[] | undefined;
  return { has: (first, second) => (filters ??= pairs.map((one) => new PairFilter(one))).some((filter) => filter.has(first, second)) };
}

/** A transcript's words as their hashes: asked one by one (a binary search), never gone through. */
export class HashedWords implements WordSet {
  private readonly hashes: Uint32Array;

  constructor(base64: string) {
    const bytes = Buffer.from(base64, 'base64');
    this.hashes = new Uint32Array(bytes.length >>> 2);
    for (let i = 0; i < this.hashes.length; i++) this.hashes[i] = bytes.readUInt32LE(i * 4);
  }

  has(word: string): boolean {
    const hash = wordHash(word);
    let low = 0;
    let high = this.hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.hashes[middle]!;
      if (at === hash) return true;
      if (at < hash) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/** The wordHash of each non-empty line of the text, read in place: splitting made a string of every word of every file. */
function addLineHashes(text: string, hashes: Set<number>): void {
  let hash = FNV_OFFSET;
  let length = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : NEWLINE;
    if (code !== NEWLINE) {
      hash = fnvStep(hash, code);
      length++;
      continue;
    }
    if (length > 0) hashes.add(hash >>> 0);
    hash = FNV_OFFSET;
    length = 0;
  }
}

const NEWLINE = 0x0a;

/** FNV-1a (core/fnv.ts): spread well enough that two of a transcript's words rarely share a hash, which only costs an analysis. */
function wordHash(word: string): number {
  return fnv1a(word) >>> 0;
}
