import { dot, type Meaning } from './meaning.js';
import { MergeHeap } from './mergeHeap.js';

/**
 * What clustering needs of the vectors it compares: a statement's meaning is a
 * dense vector (word vectors); a sentence's topic, a sparse one (its words).
 */
export interface VectorSpace<V> {
  dot(a: V, b: V): number;
  /** adds `vector` into `sum`, in place */
  addInto(sum: V, vector: V): void;
  copy(vector: V): V;
}

export const DENSE: VectorSpace<Float32Array> = {
  dot,
  addInto(sum, vector) {
    for (let d = 0; d < sum.length; d++) sum[d]! += vector[d]!;
  },
  copy: (vector) => Float32Array.from(vector),
};

/**
 * How alike two jobs must be to become one: the mean cosine between the
 * meanings of their statements (average linkage). Lower it for broader jobs,
 * raise it for narrower ones (docs/rules.md, "Grouping jobs").
 */
export const JOIN_THRESHOLD = 0.5;
/** The statements each statement is linked to (its nearest, at JOIN_THRESHOLD or more): the only pairs ever compared directly. */
const NEIGHBOURS = 6;
/**
 * Statements looked at per key a statement has. A statement of common words
 * ("write emails") shares a key with hundreds; a sample of them is enough to
 * link it to its job, and keeps each statement's work bounded, so grouping
 * grows with the number of statements, not its square. The sample is the
 * statements whose meanings hash lowest, so one statement more or less in a
 * study changes it by one at most (an even spread over the list would shift
 * whole).
 */
const SAMPLE_PER_KEY = 12;

export interface Cluster<T, V = Float32Array> {
  /** the statements in the order given, then the findings that followed them (participant.ts) */
  members: T[];
  /** the sum of the members' meanings: its direction is the job's centre */
  sum: V;
}

/**
 * Agglomerative clustering by meaning, average linkage: every statement starts
 * as its own job, and the two most alike jobs are merged, again and again,
 * while their statements are at least `threshold` alike on average. With unit
 * vectors the mean cosine of two jobs is the dot product of their sums over
 * the product of their sizes, so a merge costs one dot product per neighbour.
 * Statements are linked only to their nearest among those sharing a key (a
 * stem, a related-words group, a hash of the vector: Meaning.keys). Which
 * pair merges next depends on the scores only (ties go to the lower index), so
 * neither the jobs nor the samples depend on the order of the transcripts;
 * the same statements always give the same jobs.
 */
export function clusterByMeaning<T>(items: T[], meaningOf: (item: T) => Meaning, threshold?: number): Cluster<T>[];
export function clusterByMeaning<T, V>(items: T[], meaningOf: (item: T) => Meaning<V>, threshold: number, space: VectorSpace<V>): Cluster<T, V>[];
export function clusterByMeaning<T, V>(items: T[], meaningOf: (item: T) => Meaning<V>, threshold = JOIN_THRESHOLD, space = DENSE as unknown as VectorSpace<V>): Cluster<T, V>[] {
  const { meanings, itemsOf } = samePoints(items.map(meaningOf));
  const neighbours = nearestNeighbours(meanings, threshold, space);
  // a point said n times starts as a job of n statements: its sum is n times its meaning
  const sums = meanings.map((m, p) => {
    const sum = space.copy(m.vector);
    for (let n = 1; n < itemsOf[p]!.length; n++) space.addInto(sum, m.vector);
    return sum;
  });
  const sizes = itemsOf.map((list) => list.length);
  const members = itemsOf.map((list) => [...list]);
  const parent = meanings.map((_, i) => i);
  const version = meanings.map(() => 0);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const heap = new MergeHeap();
  neighbours.forEach((list, i) => {
    for (const j of list) if (i < j) heap.push({ score: space.dot(meanings[i]!.vector, meanings[j]!.vector), a: i, b: j, va: 0, vb: 0 });
  });
  for (let merge = heap.pop(); merge; merge = heap.pop()) {
    const { a, b } = merge;
    if (parent[a] !== a || parent[b] !== b || version[a] !== merge.va || version[b] !== merge.vb) continue;
    // the job with the lower index takes the other in, so ids and order follow the statements' order
    parent[b] = a;
    space.addInto(sums[a]!, sums[b]!);
    sizes[a]! += sizes[b]!;
    // the smaller list goes into the larger (the lists are sorted at the end), so a job that grows by thousands is not copied each time
    const [larger, smaller] = members[a]!.length >= members[b]!.length ? [members[a]!, members[b]!] : [members[b]!, members[a]!];
    for (const m of smaller) larger.push(m);
    members[a] = larger;
    members[b] = [];
    version[a]!++;
    const linked = new Set<number>();
    for (const n of [...neighbours[a]!, ...neighbours[b]!]) {
      const other = root(n);
      if (other !== a) linked.add(other);
    }
    neighbours[a] = [...linked];
    neighbours[b] = [];
    for (const other of linked) {
      const score = space.dot(sums[a]!, sums[other]!) / (sizes[a]! * sizes[other]!);
      if (score >= threshold) heap.push({ score, a: Math.min(a, other), b: Math.max(a, other), va: version[Math.min(a, other)]!, vb: version[Math.max(a, other)]! });
    }
  }
  return meanings
    .map((_, i) => i)
    .filter((i) => parent[i] === i)
    .map((i) => ({ members: members[i]!.sort((x, y) => x - y).map((m) => items[m]!), sum: sums[i]! }));
}

/**
 * The distinct meanings (by identity: the same words in the same sentence
 * words), in the order first met, and the items of each. A statement said
 * the same way many times is one point with that many members, not many
 * points each linked to its twins: in a study that holds the same interviews
 * twice the twins would fill every key's sample and every merge would
 * re-score all of them, so grouping would grow faster than the study.
 */
function samePoints<V>(all: Meaning<V>[]): { meanings: Meaning<V>[]; itemsOf: number[][] } {
  const pointOf = new Map<string, number>();
  const meanings: Meaning<V>[] = [];
  const itemsOf: number[][] = [];
  all.forEach((meaning, i) => {
    const point = pointOf.get(meaning.identity);
    if (point !== undefined) itemsOf[point]!.push(i);
    else {
      pointOf.set(meaning.identity, meanings.length);
      meanings.push(meaning);
      itemsOf.push([i]);
    }
  });
  return { meanings, itemsOf };
}

/** For each statement, its nearest statements at `threshold` or more among those sharing a key with it. */
function nearestNeighbours<V>(meanings: Meaning<V>[], threshold: number, space: VectorSpace<V>): number[][] {
  const keys = meanings.map((m) => m.keys);
  const postings = sampledPostings(keys, meanings.map(rankOf));
  const linked = meanings.map(() => new Set<number>());
  // which statement last looked at each one: a candidate shared by several keys is scored once
  const seenBy = new Int32Array(meanings.length).fill(-1);
  meanings.forEach((meaning, i) => {
    const nearest = new Nearest(NEIGHBOURS);
    for (const key of keys[i]!) {
      for (const j of postings.get(key)!) {
        if (j === i || seenBy[j] === i) continue;
        seenBy[j] = i;
        const score = space.dot(meaning.vector, meanings[j]!.vector);
        if (score >= threshold) nearest.offer(j, score);
      }
    }
    for (const j of nearest.indexes) {
      linked[i]!.add(j);
      linked[j]!.add(i);
    }
  });
  return linked.map((set) => [...set].sort((a, b) => a - b));
}

/** The `size` best-scored indexes offered, best first (ties to the lower index). */
class Nearest {
  readonly indexes: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly size: number) {}

  offer(index: number, score: number): void {
    let at = this.indexes.length;
    while (at > 0 && (this.scores[at - 1]! < score || (this.scores[at - 1] === score && this.indexes[at - 1]! > index))) at--;
    if (at >= this.size) return;
    this.indexes.splice(at, 0, index);
    this.scores.splice(at, 0, score);
    if (this.indexes.length > this.size) {
      this.indexes.pop();
      this.scores.pop();
    }
  }
}

/** For each key, the items that have it: at most SAMPLE_PER_KEY of them, those of lowest rank (ties: the lower index). */
function sampledPostings(keysOf: string[][], ranks: number[]): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const posting = postings.get(key);
      if (posting) posting.push(i);
      else postings.set(key, [i]);
    }
  });
  for (const [key, items] of postings) {
    if (items.length <= SAMPLE_PER_KEY) continue;
    const kept = [...items].sort((a, b) => ranks[a]! - ranks[b]! || a - b).slice(0, SAMPLE_PER_KEY);
    postings.set(
      key,
      kept.sort((a, b) => a - b),
    );
  }
  return postings;
}

/** A fixed pseudo-random rank of a statement (a hash of its words): the same statement ranks the same in any study. */
function rankOf(meaning: Pick<Meaning, 'identity'>): number {
  let hash = 2166136261;
  for (let i = 0; i < meaning.identity.length; i++) hash = Math.imul(hash ^ meaning.identity.charCodeAt(i), 16777619) >>> 0;
  return hash;
}
