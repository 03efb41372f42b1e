import { addInto, dot, type Meaning } from './meaning.js';

/** How alike a statement and a job's centre must be for the statement to join it (cosine of their meanings). */
export const JOIN_THRESHOLD = 0.55;
/**
 * Jobs looked at per key a statement has. A statement of common words ("write
 * emails") has long postings; the oldest jobs are the large ones it would join,
 * and the cap keeps each statement's work bounded, so grouping stays linear.
 */
const MAX_CANDIDATES_PER_KEY = 25;
/** Random hyperplanes that find neighbours sharing no word: a few tables of a few bits each. */
const HASH_TABLES = 3;
const HASH_BITS = 9;

export interface Cluster<T> {
  members: T[];
  /** the sum of the members' meanings: its direction is the job's centre */
  sum: Float32Array;
  /** the sum's squared length, kept as members join so a comparison costs one dot product */
  normSquared: number;
}

/**
 * Greedy single-pass clustering by meaning: each statement joins the job whose
 * centre is nearest, if near enough, else founds a new one. It is compared
 * only with jobs that share one of its keys (a lemma, a related-words group, a
 * hash of its vector), so time grows with the number of statements, not its
 * square. Statements are taken in the order given, so runs are reproducible.
 */
export function clusterByMeaning<T>(items: T[], meaningOf: (item: T) => Meaning, threshold = JOIN_THRESHOLD): Cluster<T>[] {
  const index = new ClusterIndex<T>();
  for (const item of items) {
    const meaning = meaningOf(item);
    const best = index.nearest(meaning);
    if (best && best.score >= threshold) index.add(best.cluster, item, meaning);
    else index.found(item, meaning);
  }
  return index.clusters;
}

/** The jobs so far, found by the keys of their members. */
export class ClusterIndex<T> {
  readonly clusters: Cluster<T>[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly keysOf: Set<string>[] = [];

  nearest(meaning: Meaning): { cluster: number; score: number } | undefined {
    const candidates = new Set<number>();
    for (const key of [...meaning.keys, ...hashKeys(meaning.vector)]) {
      const list = this.postings.get(key);
      if (list) for (let i = 0; i < list.length && i < MAX_CANDIDATES_PER_KEY; i++) candidates.add(list[i]!);
    }
    let best: { cluster: number; score: number } | undefined;
    // ascending order makes ties go to the older job
    for (const c of [...candidates].sort((a, b) => a - b)) {
      const cluster = this.clusters[c]!;
      const score = cluster.normSquared === 0 ? 0 : dot(meaning.vector, cluster.sum) / Math.sqrt(cluster.normSquared);
      if (!best || score > best.score) best = { cluster: c, score };
    }
    return best;
  }

  found(item: T, meaning: Meaning): number {
    this.clusters.push({ members: [], sum: new Float32Array(meaning.vector.length), normSquared: 0 });
    this.keysOf.push(new Set());
    const c = this.clusters.length - 1;
    this.add(c, item, meaning);
    return c;
  }

  add(c: number, item: T, meaning: Meaning): void {
    const cluster = this.clusters[c]!;
    cluster.members.push(item);
    addInto(cluster.sum, meaning.vector, 1);
    cluster.normSquared = dot(cluster.sum, cluster.sum);
    const known = this.keysOf[c]!;
    for (const key of [...meaning.keys, ...hashKeys(meaning.vector)]) {
      if (known.has(key)) continue;
      known.add(key);
      const list = this.postings.get(key) ?? [];
      list.push(c);
      this.postings.set(key, list);
    }
  }
}

export function cosineToCentre(vector: Float32Array, sum: Float32Array): number {
  const norm = Math.sqrt(dot(sum, sum));
  return norm === 0 ? 0 : dot(vector, sum) / norm;
}

let planes: Float32Array[] | undefined;

/** Locality-sensitive hashes: statements whose meanings are close mostly share one, whatever their words. */
function hashKeys(vector: Float32Array): string[] {
  planes ??= randomPlanes(vector.length);
  const keys: string[] = [];
  for (let t = 0; t < HASH_TABLES; t++) {
    let bits = 0;
    for (let b = 0; b < HASH_BITS; b++) if (dot(vector, planes[t * HASH_BITS + b]!) > 0) bits |= 1 << b;
    keys.push(`h${t}:${bits}`);
  }
  return keys;
}

/** Fixed hyperplanes from a seeded generator, so every run hashes alike. */
function randomPlanes(dimensions: number): Float32Array[] {
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  return Array.from({ length: HASH_TABLES * HASH_BITS }, () => Float32Array.from({ length: dimensions }, next));
}
