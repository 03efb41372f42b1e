import { terms } from '../segment/terms.js';

const BLOCKING_TERMS = 3;
/**
 * Clusters looked at per blocking term. A statement of common words only ("use
 * AI") has long postings; the oldest clusters are the large ones it would join,
 * and the cap keeps each statement's work bounded, so grouping stays linear.
 */
const MAX_CANDIDATES_PER_TERM = 200;

export interface Clusterable {
  statement: string;
}

/**
 * Greedy single-pass clustering on TF-IDF cosine similarity. Each statement is
 * compared only with a bounded number of clusters that share one of its rarest
 * terms (an inverted index), so time grows with the number of statements, not
 * with its square.
 */
export function clusterStatements<T extends Clusterable>(items: T[], threshold = 0.5): T[][] {
  const termLists = items.map((item) => terms(item.statement));
  const idf = inverseDocumentFrequency(termLists);
  const clusters: { members: T[]; centroid: Map<string, number>; normSquared: number }[] = [];
  const postings = new Map<string, number[]>();

  items.forEach((item, i) => {
    const vector = new Map(termLists[i]!.map((term) => [term, idf.get(term)!] as const));
    const candidates = new Set<number>();
    for (const term of blockingTerms(vector)) for (const c of (postings.get(term) ?? []).slice(0, MAX_CANDIDATES_PER_TERM)) candidates.add(c);
    let best = -1;
    let bestScore = -1;
    // Ascending cluster order makes ties go to the older cluster, so runs are reproducible.
    for (const c of [...candidates].sort((a, b) => a - b)) {
      const cluster = clusters[c]!;
      if (!sharesEnough(vector, cluster.centroid)) continue;
      const score = cosine(vector, cluster.centroid, Math.sqrt(cluster.normSquared));
      if (score >= threshold && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best < 0) {
      best = clusters.length;
      clusters.push({ members: [], centroid: new Map(), normSquared: 0 });
    }
    const cluster = clusters[best]!;
    cluster.members.push(item);
    for (const [term, weight] of vector) {
      const old = cluster.centroid.get(term);
      if (old === undefined) {
        const list = postings.get(term) ?? [];
        list.push(best);
        postings.set(term, list);
      }
      cluster.centroid.set(term, (old ?? 0) + weight);
      cluster.normSquared += ((old ?? 0) + weight) ** 2 - (old ?? 0) ** 2;
    }
  });
  return clusters.map((cluster) => cluster.members);
}

/**
 * One rare shared word is not a shared job ("use it in the past year" and
 * "create resumes in the past"): a statement must share two of its terms with
 * the cluster, or its only term.
 */
function sharesEnough(vector: Map<string, number>, centroid: Map<string, number>): boolean {
  let shared = 0;
  for (const term of vector.keys()) if (centroid.has(term)) shared++;
  return shared >= Math.min(2, vector.size);
}

/** A statement's rarest terms: a similar statement shares at least one, and rare terms have short postings. */
function blockingTerms(vector: Map<string, number>): string[] {
  return [...vector]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, BLOCKING_TERMS)
    .map(([term]) => term);
}

function inverseDocumentFrequency(termLists: string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const list of termLists) for (const term of list) df.set(term, (df.get(term) ?? 0) + 1);
  const n = termLists.length;
  return new Map([...df].map(([term, count]) => [term, Math.log(1 + n / count)]));
}

function cosine(vector: Map<string, number>, centroid: Map<string, number>, centroidNorm: number): number {
  let dot = 0;
  let norm = 0;
  for (const [term, weight] of vector) {
    dot += weight * (centroid.get(term) ?? 0);
    norm += weight * weight;
  }
  return norm === 0 || centroidNorm === 0 ? 0 : dot / (Math.sqrt(norm) * centroidNorm);
}
