import { createHash } from 'node:crypto';
import type { ClassifiedFinding } from '../types.js';

/**
 * Clustering by meaning is the costliest step after analysis (about 1.5 s for
 * the corpus's 13,000 job statements), and most re-runs leave its input alone:
 * a pain, emotion or stage rule edited, a review decision on another finding,
 * participants.yaml. A memo keeps the last clusters under the hash of all
 * that clustering reads, so such a run names the same jobs without clustering
 * again. What a candidate job says besides its members and name (stage,
 * quotes, cues, story) is still built from this run's findings.
 */
export interface GroupingMemo {
  /** the clusters an earlier run stored under this key, if any */
  recall(key: string): RememberedJob[] | undefined;
  remember(key: string, jobs: RememberedJob[]): void;
}

/** One inductive candidate job as clustering left it: its name, and its members' finding ids in member order. */
export interface RememberedJob {
  statement: string;
  members: string[];
}

/** What clustering reads of one job finding (besides the rules): the memo's key is made of these, in the order given. */
export interface ClusteringInput {
  finding: ClassifiedFinding;
  statement: string;
  participant: string;
}

/**
 * The hash of everything clustering reads: the related-words groups, the
 * general nouns, the codebook's ids (its jobs take their mentions out of
 * clustering), and each job mention's id, speaker, statement, its words, head
 * and topic, whether it is a job and its codebook job. The code and the word
 * vectors are the memo keeper's to add (a new jobmap clusters otherwise).
 */
export function clusteringKey(mentions: ClusteringInput[], rules: { related: string[][]; generalNouns: ReadonlySet<string>; codebook: string[] }): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(rules.related)).update('\0');
  hash.update(JSON.stringify([...rules.generalNouns].sort())).update('\0');
  hash.update(JSON.stringify(rules.codebook)).update('\0');
  for (const { finding, statement, participant } of mentions) {
    const read = [finding.statementWords, finding.statementHead, finding.topicWords, finding.notAJob, finding.codebookJob].map((value) => value ?? null);
    hash.update(JSON.stringify([finding.id, participant, statement, ...read]));
    hash.update('\n');
  }
  return hash.digest('hex');
}
