import { clusterByMeaning, type Cluster, type VectorSpace } from './cluster.js';
import { addInto, type Meaning } from './meaning.js';
import { compareIds } from './related.js';

/**
 * How alike two of one participant's sentences must be, on average, to speak
 * of one job: the cosine of their topics (the sentences' nouns and verbs, rare
 * ones weighing more). Far lower than the bar across participants
 * (JOIN_THRESHOLD): a participant who comes back to "pyRevit" or "the
 * literature review" is still on the job they named before, whatever verb
 * they use this time ("develop a pyRevit tool", "code custom tools in
 * pyRevit"), while two people who share a rare word may still mean two jobs.
 */
export const SAME_PARTICIPANT_THRESHOLD = 0.1;

/** A sentence's topic: its words, each weighing by how rare it is in the study, at unit length. */
export type Topic = Map<string, number>;

// forEach, not for...of over entries: each entry read that way is a new [word, weight] array, and a large study compares millions of pairs
export const SPARSE: VectorSpace<Topic> = {
  dot(a, b) {
    const small = a.size <= b.size ? a : b;
    const large = small === a ? b : a;
    let sum = 0;
    small.forEach((weight, word) => {
      const other = large.get(word);
      if (other !== undefined) sum += weight * other;
    });
    return sum;
  },
  addInto(sum, vector) {
    vector.forEach((weight, word) => sum.set(word, (sum.get(word) ?? 0) + weight));
  },
  copy: (vector) => new Map(vector),
};

/** What is read of a job finding to find one participant's mentions of one job. */
export interface SaidBy {
  /** who said it: "<transcript>/<speaker>" */
  participant: string;
  /** the finding's id: the same mention ranks the same in any study */
  id: string;
  /** the lemmas of its sentence's nouns and verbs */
  topic: string[];
}

/**
 * Each participant's mentions of one job: their sentences clustered by topic,
 * average linkage at SAME_PARTICIPANT_THRESHOLD (a mention is compared only
 * with its own speaker's, through the words they share). Returns groups of
 * indexes into `mentions`, each in index order; a mention alike to none of
 * its speaker's others is a group of its own.
 */
export function sameParticipantJobs(mentions: SaidBy[], threshold = SAME_PARTICIPANT_THRESHOLD): number[][] {
  const topics = new TopicSpace(mentions.map((m) => m.topic));
  const byParticipant = new Map<string, number[]>();
  mentions.forEach(({ participant }, index) => {
    const own = byParticipant.get(participant);
    if (own) own.push(index);
    else byParticipant.set(participant, [index]);
  });
  const meaningOf = (index: number): Meaning<Topic> => ({ vector: topics.topicOf(mentions[index]!.topic), keys: mentions[index]!.topic, identity: mentions[index]!.id });
  // one participant at a time: their mentions are never compared with anyone else's
  const threads = [...byParticipant.values()].flatMap((own) => clusterByMeaning(own, meaningOf, threshold, SPARSE).map((thread) => thread.members));
  return threads.sort((a, b) => a[0]! - b[0]!);
}

/** What followTheirJob reads of a mention. */
export interface Follower<T> {
  participant(mention: T): string;
  id(mention: T): string;
  /** a statement that is a job (not "use AI", "do this"): only these found or anchor a job */
  isJob(mention: T): boolean;
  vector(mention: T): Float32Array;
}

/**
 * One participant's mentions of one job (sameParticipantJobs) follow the job
 * the best-supported of them joined across participants, its anchor: a
 * statement that found no one else's ("code custom tools in pyRevit", alone
 * or with this participant's words only) and a finding whose statement is no
 * job ("I use AI in lots of ways during the day") join the anchor. A
 * statement already in another participant's company stays there. Clusters
 * left with no statement that is a job are dropped; returns the mentions of
 * the threads that had no statement that is a job, which found no job.
 */
export function followTheirJob<T>(clusters: Cluster<T>[], threads: T[][], read: Follower<T>): { clusters: Cluster<T>[]; unplaced: T[] } {
  const clusterOf = new Map(clusters.flatMap((cluster, c) => cluster.members.map((m) => [m, c] as const)));
  const participants = clusters.map((cluster) => new Set(cluster.members.map(read.participant)).size);
  // the first finding id of a cluster breaks ties whatever the order of the transcripts
  const firstId = clusters.map((cluster) => cluster.members.map(read.id).sort(compareIds)[0] ?? '');
  const moves = new Map<T, number>();
  const unplaced: T[] = [];
  for (const thread of threads) {
    const joined = [...new Set(thread.flatMap((m) => (clusterOf.has(m) ? [clusterOf.get(m)!] : [])))];
    if (joined.length === 0) {
      unplaced.push(...thread);
      continue;
    }
    const anchor = joined.sort(
      (a, b) => participants[b]! - participants[a]! || clusters[b]!.members.length - clusters[a]!.members.length || compareIds(firstId[a]!, firstId[b]!),
    )[0]!;
    for (const m of thread) {
      const own = clusterOf.get(m);
      if (own === undefined || (own !== anchor && participants[own] === 1)) moves.set(m, anchor);
    }
  }
  const moved = clusters.map((cluster) => cluster.members.filter((m) => !moves.has(m)));
  for (const [m, c] of moves) moved[c]!.push(m);
  const kept = moved.filter((members) => members.some(read.isJob));
  // summed in id order: the same floating-point sum, so the same name, whatever the order of the transcripts
  const sumOfJobs = (members: T[]) =>
    sumOf(
      members
        .filter(read.isJob)
        .sort((a, b) => compareIds(read.id(a), read.id(b)))
        .map(read.vector),
    );
  return { clusters: kept.map((members) => ({ members, sum: sumOfJobs(members) })), unplaced };
}

function sumOf(vectors: Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]?.length ?? 0);
  for (const vector of vectors) addInto(sum, vector, 1);
  return sum;
}

/** Topics weighted by rarity: a word said in fewer of the study's job sentences says more about which job it is. */
class TopicSpace {
  private readonly sentences = new Map<string, number>();
  private readonly count: number;

  constructor(topics: string[][]) {
    for (const topic of topics) for (const word of new Set(topic)) this.sentences.set(word, (this.sentences.get(word) ?? 0) + 1);
    this.count = topics.length;
  }

  topicOf(words: string[]): Topic {
    const topic: Topic = new Map();
    for (const word of new Set(words)) topic.set(word, Math.log(this.count / (this.sentences.get(word) ?? 1)));
    let norm = 0;
    for (const weight of topic.values()) norm += weight * weight;
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [word, weight] of topic) topic.set(word, weight / norm);
    return topic;
  }
}
