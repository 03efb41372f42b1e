import { stem } from '../segment/nlp.js';
import type { WordVectors } from '../segment/vectors.js';
import type { RelatedWords } from '../rules/types.js';

/**
 * What a job statement means, for grouping: a vector made of its verb's and
 * its object's word vectors, and the keys that find its likely neighbours.
 * Words a researcher listed as related (rules/lexicons/related-words.yaml)
 * are pulled onto their group's centre, so "draft" and "compose" meet even
 * where the vectors keep them apart; a word without a vector gets one of its
 * own, so it matches itself only.
 */
export interface Meaning {
  /** unit length: the verb's part, then the object's */
  vector: Float32Array;
  /** the verb's and object's lemmas and related-word groups ("v:write", "o:g12"): statements that share one are compared */
  keys: string[];
}

/** How much the verb weighs against what it acts on: a job is mostly its object ("emails", "lesson plans"). */
export const VERB_WEIGHT = 0.45;
const DIMENSIONS = 100;
/** How much the rest of the sentence weighs: the job's topic ("as an editor", "for my students"). */
export const TOPIC_WEIGHT = 0.3;

export class MeaningSpace {
  private readonly groupsOf = new Map<string, number[]>();
  private readonly groupCentres: (Float32Array | undefined)[] = [];
  private readonly wordCache = new Map<string, Float32Array>();
  private readonly idf = new Map<string, number>();
  private readonly statements: number;
  /** what all words of these statements share (the drift of common speech): taken out so words differ by what they mean */
  private readonly common = new Float32Array(DIMENSIONS);

  constructor(
    related: RelatedWords,
    private readonly vectors: WordVectors | undefined,
    /** every statement's content lemmas, verb first: how rare each word is */
    documents: string[][],
  ) {
    let seen = 0;
    for (const words of documents) for (const word of words) {
      const own = this.vectors?.vector(word);
      if (own) {
        addInto(this.common, own, 1);
        seen++;
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

  meaningOf(words: string[], topic: string[] = []): Meaning {
    const [verb, ...object] = words;
    const vector = new Float32Array(3 * DIMENSIONS);
    const keys: string[] = [];
    if (verb) {
      vector.set(scaled(this.wordVector(verb), VERB_WEIGHT), 0);
      keys.push(...this.keysOf(verb).map((k) => `v:${k}`));
    }
    const parts = [...new Set(object)].map((word) => ({ word, weight: this.weightOf(word) }));
    if (parts.length > 0) {
      const sum = new Float32Array(DIMENSIONS);
      for (const { word, weight } of parts) addInto(sum, this.wordVector(word), weight);
      vector.set(scaled(normalised(sum), 1 - VERB_WEIGHT), DIMENSIONS);
      for (const { word } of parts) keys.push(...this.keysOf(word).map((k) => `o:${k}`));
    }
    if (topic.length > 0) {
      const sum = new Float32Array(DIMENSIONS);
      for (const word of topic) addInto(sum, this.wordVector(word), this.weightOf(word));
      vector.set(scaled(normalised(sum), TOPIC_WEIGHT), 2 * DIMENSIONS);
    }
    return { vector: normalised(vector), keys };
  }

  /** Rare words say more about a job than common ones ("lesson" over "work"). */
  private weightOf(word: string): number {
    return Math.log(1 + this.statements / (this.idf.get(word) ?? 1));
  }

  private keysOf(word: string): string[] {
    const groups = this.groupsOf.get(word) ?? this.groupsOf.get(stem(word)) ?? [];
    return [stem(word), ...groups.map((g) => `g${g}`)];
  }

  /** A word's vector, moved onto the centre of every related-words group it is in. */
  wordVector(word: string): Float32Array {
    let vector = this.wordCache.get(word);
    if (vector) return vector;
    const groups = this.groupsOf.get(word) ?? this.groupsOf.get(stem(word)) ?? [];
    const own = this.ownVector(word);
    const centres = groups.map((g) => this.groupCentres[g]).filter((c): c is Float32Array => c !== undefined);
    vector = centres.length ? normalised(addAll([scaled(own, 0.3), ...centres])) : own;
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

function scaled(vector: Float32Array, factor: number): Float32Array {
  return vector.map((x) => x * factor);
}

export function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d]! * vector[d]!;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d]! * b[d]!;
  return sum;
}
