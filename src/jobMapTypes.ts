/** What grouping makes of the findings, as jobs.yaml and the report show it: candidate jobs by stage, with their quotes, cues, story and review. */

import type { CueCategory } from './categories.js';

export interface Quote {
  text: string;
  transcript: string;
  at: string;
  time?: string;
  speaker: string;
}

export interface RelatedCue {
  text: string;
  subtype?: string;
  at: string;
  time?: string;
}

/** What a reviewer decided about a candidate job (src/review), shown in jobs.yaml. */
export interface JobReview {
  status: 'pending' | 'accepted' | 'renamed';
  note?: string;
  /** the statement jobmap generated, when the reviewer renamed the job */
  generatedStatement?: string;
  /** ids of the jobs the reviewer merged into this one */
  merged?: string[];
}

/**
 * A job's story as data: the situation and the outcome said around the job,
 * each with its joining words. It is told with the job's statement only when
 * written, so a job renamed by review tells its story with the new name.
 */
export interface JobStory {
  /** "When my daughter was born", "After we moved in together" */
  situation?: string;
  /** "so I can see at a glance", "so that nothing slips", "without hunting for receipts" */
  outcome?: string;
}

/** A job the review took out of the map: rejected, or merged into another. Listed so the decision can be undone. */
export interface RemovedJob {
  id: string;
  statement: string;
  review: string;
  note?: string;
}

export interface CandidateJob {
  id: string;
  stage: string;
  statement: string;
  dimension: string;
  support: { participants: number; mentions: number };
  stages: Record<string, number>;
  variants: string[];
  quotes: Quote[];
  /** the pains, triggers, emotions, social cues, outcomes and forces said near it, the strongest few of each (none: no key) */
  cues: Partial<Record<CueCategory, RelatedCue[]>>;
  /** the situation and outcome around the job, told with its statement when written (src/group/story.ts) */
  story?: JobStory;
  /** `transcript/speaker` of everyone who said it, so merged jobs count each person once */
  speakers: string[];
  /** ids of the job findings it groups, in id order: each mention traces to its job */
  findings: string[];
  review?: JobReview;
  /** participants who said it, per segment (only when transcripts carry a segment) */
  segments?: Record<string, number>;
}

export interface JobMap {
  model: string;
  stages: { id: string; jobs: CandidateJob[] }[];
  /** jobs a reviewer rejected or merged away */
  removed?: RemovedJob[];
  /** support per segment and the jobs distinctive for each, when transcripts carry a segment */
  segments?: SegmentComparison;
}

/** A job said by a far larger share of one segment's participants than of everyone else's. */
export interface DistinctiveJob {
  job: string;
  statement: string;
  /** participants in the segment who said it */
  participants: number;
  /** share of the segment's participants who said it, and of the other segments' */
  share: number;
  elsewhere: number;
  /** share / elsewhere, with one participant added elsewhere so a job nobody else said is not infinitely distinctive */
  lift: number;
}

export interface SegmentComparison {
  /** the metadata attribute the segments come from */
  by: string;
  /** participants per segment; transcripts without the attribute are in no segment */
  participants: Record<string, number>;
  distinctive: Record<string, DistinctiveJob[]>;
}
