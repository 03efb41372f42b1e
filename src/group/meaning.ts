import { stem } from '../segment/nlp.js';
import type { WordVectors } from '../segment/vectors.js';
import type { RelatedWords } from '../rules/types.js';

/**
 * What a job statement means, for grouping: a vector made of its verb's word
 * vector, the noun it acts on (with, lightly, the rest of its words) and the
 * sentence it was said in, and the keys that find its likely neighbours.
 * Words a researcher listed as related (rules/lexicons/related-words.yaml)
 * are pulled onto their group's centre, so "draft" and "compose" meet even
 * where the vectors keep them apart; a word without a vector gets one of its
 * own, so it matches itself only.
 */
export interface Meaning<V = Float32Array> {
  /** unit length: the verb's part, the object's, then the sentence's */
  vector: V;
  /**
   * what finds its likely neighbours: the verb's and object's stems and
   * related-word groups ("v:write", "o:g12"), and hashes of the vector that
   * close meanings mostly share whatever their words ("h1:302")
   */
  keys: string[];
  /** the words it was made of, as one string: the same statement has the same identity in any study */
  identity: string;
}

/** What grouping reads of one job statement. */
export interface StatementWords {
  /** content lemmas, verb first */
  words: string[];
  /** the noun the job acts on, when it has one */
  head?: string;
  /** the sentence's nouns and verbs */
  topic?: string[];
}

/**
 * How much the verb weighs. A job is mostly what it acts on ("emails", "lesson
 * plans"): "write emails" and "polish emails" are one job more often than
 * "write emails" and "write code" are.
 */
export const VERB_WEIGHT = 0.3;
/** How much the object weighs: its head noun, and its other words at CLARIFIER_WEIGHT ("the whole email for me"). */
export const OBJECT_WEIGHT = 0.55;
const CLARIFIER_WEIGHT = 0.3;
const DIMENSIONS = 100;
/** How much the rest of the sentence weighs: the job's topic ("as an editor", "for my students"). */
export const TOPIC_WEIGHT = 0.3;
/** A statement that is no job is found by its rarest words only: they say what it is about. */
const MAX_KEYED_WORDS = 4;

export class MeaningSpace {
  private readonly groupsOf = new Map<string, number[]>();
  private readonly groupCentres: (Float32Array | undefined)[] = [];
  private readonly wordCache = new Map<string, Float32Array>();
  private readonly keyCache = new Map<string, string[]>();
  private readonly weightCache = new Map<string, number>();
  private readonly idf = new Map<string, number>();
  private readonly meanings = new Map<string, Meaning>();
  private readonly statements: number;
  /** what all words of these statements share (the drift of common speech): taken out so words differ by what they mean */
  private readonly common = new Float32Array(DIMENSIONS);

  constructor(
    related: RelatedWords,
    private readonly vectors: WordVectors | undefined,
    /** every statement's content lemmas, verb first: how rare each word is */
    documents: string[][],
  ) {
    const said = new Map<string, number>();
    for (const words of documents) for (const word of words) said.set(word, (said.get(word) ?? 0) + 1);
    let seen = 0;
    // word by word in a fixed order: the same floating-point sum whatever the order of the transcripts
    for (const word of [...said.keys()].sort()) {
      const own = this.vectors?.vector(word);
      if (own) {
        addInto(this.common, own, said.get(word)!);
        seen += said.get(word)!;
      }
    }
    if (seen > 0) for (let d = 0; d < DIMENSIONS; d++) this.common[d]! /= seen;
    related.groups.forEach((group, g) => {
      for (const word of group) for (const form of new Set([word, stem(word)])) this.groupsOf.set(form, [...(this.groupsOf.get(form) ?? []), g]);
    });
    this.groupCentres = related.groups.map((group) => centre(group.map((word) => this.ownVector(word))));
    for (const words of documents) for (const word of new Set(words.slice(1))) this.idf.set(word, (this.idf.get(word) ?? 0) + 1);
    this.statements = documents.length;
  }

  /**
   * The meaning of a job statement; a statement that is no job (`asJob` false)
   * is its words, without a verb. The same words said in the same sentence
   * words share one meaning, so a statement repeated across a study is made
   * (and held) once.
   */
  meaningOf(statement: StatementWords, asJob = true): Meaning {
    const identity = [asJob ? 'job' : 'no job', statement.head ?? '', statement.words.join(' '), (statement.topic ?? []).join(' ')].join('|');
    let meaning = this.meanings.get(identity);
    if (!meaning) {
      meaning = this.newMeaning(statement, asJob, identity);
      this.meanings.set(identity, meaning);
    }
    return meaning;
  }

  private newMeaning({ words, head, topic = [] }: StatementWords, asJob: boolean, identity: string): Meaning {
    const vector = new Float32Array(3 * DIMENSIONS);
    const keys: string[] = [];
    const [verb, ...rest] = asJob ? words : ['', ...words];
    const clarifier = rest.filter((word) => word !== head);
    if (verb) {
      addInto(vector.subarray(0, DIMENSIONS), this.wordVector(verb), VERB_WEIGHT);
      // a statement's neighbours share what it acts on; the verb finds them only when it acts on nothing named
      if (!head && clarifier.length === 0) keys.push(...this.keysOf(verb).map((k) => `v:${k}`));
    }
    if (head || clarifier.length > 0) {
      const object = new Float32Array(DIMENSIONS);
      if (head) addInto(object, this.wordVector(head), 1);
      // without a head noun ("automate tasks", "figure out which colour") the verb says most of what the job is
      if (clarifier.length > 0) addInto(object, this.bagOf(clarifier), CLARIFIER_WEIGHT);
      addInto(vector.subarray(DIMENSIONS, 2 * DIMENSIONS), object, OBJECT_WEIGHT);
      const keyed = head ? [head] : [...new Set(clarifier)].sort((a, b) => this.weightOf(b) - this.weightOf(a) || (a < b ? -1 : 1)).slice(0, MAX_KEYED_WORDS);
      for (const word of keyed) keys.push(...this.keysOf(word).map((k) => `o:${k}`));
    }
    if (topic.length > 0) addInto(vector.subarray(2 * DIMENSIONS), this.bagOf(topic), TOPIC_WEIGHT);
    normalised(vector);
    return { vector, keys: [...keys, ...hashKeys(vector)], identity };
  }

  /** Words as one unit vector, each weighing by its rarity. */
  private bagOf(words: string[]): Float32Array {
    const sum = new Float32Array(DIMENSIONS);
    for (const word of new Set(words)) addInto(sum, this.wordVector(word), this.weightOf(word));
    return normalised(sum);
  }

  /** Rare words say more about a job than common ones ("lesson" over "work"). */
  private weightOf(word: string): number {
    let weight = this.weightCache.get(word);
    if (weight === undefined) {
      weight = Math.log(1 + this.statements / (this.idf.get(word) ?? 1));
      this.weightCache.set(word, weight);
    }
    return weight;
  }

  private keysOf(word: string): string[] {
    let keys = this.keyCache.get(word);
    if (!keys) {
      const groups = this.groupsOf.get(word) ?? this.groupsOf.get(stem(word)) ?? [];
      keys = [stem(word), ...groups.map((g) => `g${g}`)];
      this.keyCache.set(word, keys);
    }
    return keys;
  }

  /** A word's vector, moved onto the centre of every related-words group it is in. */
  wordVector(word: string): Float32Array {
    let vector = this.wordCache.get(word);
    if (vector) return vector;
    const groups = this.groupsOf.get(word) ?? this.groupsOf.get(stem(word)) ?? [];
    const own = this.ownVector(word);
    const centres = groups.map((g) => this.groupCentres[g]).filter((c): c is Float32Array => c !== undefined);
    if (centres.length) {
      vector = new Float32Array(DIMENSIONS);
      addInto(vector, own, 0.3);
      for (const c of centres) addInto(vector, c, 1);
      normalised(vector);
    } else vector = own;
    this.wordCache.set(word, vector);
    return vector;
  }

  private ownVector(word: string): Float32Array {
    const own = this.vectors?.vector(word) ?? this.vectors?.vector(stem(word));
    if (!own) return hashedVector(word);
    const centred = new Float32Array(own);
    addInto(centred, this.common, -1);
    return normalised(centred);
  }
}

/** A fixed pseudo-random unit vector for a word without one: equal to itself, unrelated to everything else. */
function hashedVector(word: string): Float32Array {
  let seed = 2166136261;
  for (let i = 0; i < word.length; i++) seed = Math.imul(seed ^ word.charCodeAt(i), 16777619) >>> 0;
  const vector = new Float32Array(DIMENSIONS);
  for (let d = 0; d < DIMENSIONS; d++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    vector[d] = seed / 4294967296 - 0.5;
  }
  return normalised(vector);
}

function centre(vectors: Float32Array[]): Float32Array | undefined {
  return vectors.length ? normalised(addAll(vectors)) : undefined;
}

function addAll(vectors: Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]!.length);
  for (const v of vectors) addInto(sum, v, 1);
  return sum;
}

export function addInto(sum: Float32Array, vector: Float32Array, weight: number): void {
  for (let d = 0; d < vector.length; d++) sum[d]! += vector[d]! * weight;
}

/** The vector scaled to unit length, in place (a zero vector stays zero). */
export function normalised(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, vector));
  if (norm > 0) for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return vector;
}

/** The dot product; four sums at once, because grouping a large study spends most of its time here. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const length = a.length;
  let d = 0;
  for (; d + 3 < length; d += 4) {
    s0 += a[d]! * b[d]!;
    s1 += a[d + 1]! * b[d + 1]!;
    s2 += a[d + 2]! * b[d + 2]!;
    s3 += a[d + 3]! * b[d + 3]!;
  }
  for (; d < length; d++) s0 += a[d]! * b[d]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Random hyperplanes that find neighbours sharing no word: a few tables of a
 * few bits each. Each plane reads a few coordinates with random signs (a
 * sparse random projection), so hashing a statement costs little.
 */
const HASH_TABLES = 2;
const HASH_BITS = 10;
const PLANE_COORDINATES = 24;

interface Plane {
  at: Int32Array;
  sign: Float32Array;
}

let planes: Plane[] | undefined;

/** Locality-sensitive hashes: statements whose meanings are close mostly share one, whatever their words. */
function hashKeys(vector: Float32Array): string[] {
  planes ??= randomPlanes(vector.length);
  const keys: string[] = [];
  for (let t = 0; t < HASH_TABLES; t++) {
    let bits = 0;
    for (let b = 0; b < HASH_BITS; b++) {
      const { at, sign } = planes[t * HASH_BITS + b]!;
      let side = 0;
      for (let k = 0; k < at.length; k++) side += vector[at[k]!]! * sign[k]!;
      if (side > 0) bits |= 1 << b;
    }
    keys.push(`h${t}:${bits}`);
  }
  return keys;
}

/** Fixed planes from a seeded generator, so every run hashes alike. */
function randomPlanes(dimensions: number): Plane[] {
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  return Array.from({ length: HASH_TABLES * HASH_BITS }, () => ({
    at: Int32Array.from({ length: PLANE_COORDINATES }, () => Math.floor(next() * dimensions)),
    sign: Float32Array.from({ length: PLANE_COORDINATES }, () => (next() < 0.5 ? -1 : 1)),
  }));
}
