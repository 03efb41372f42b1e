import { segmentOf } from '../../compare/participants.js';
import type { Layout } from '../../rules/types.js';
import { tellStory } from '../../group/story.js';
import { CUE_CATEGORIES } from '../../categories.js';
import type { CandidateJob, JobMap, RelatedCue } from '../../jobMapTypes.js';
import type { TranscriptFindings } from '../../types.js';

/**
 * A sentence quoted on a card: text, file:line, time ('' when the source has
 * none). Kept once in `sentences`: a pain said beside three jobs is written
 * once, which halves a large study's report. Arrays, not objects: thousands of
 * cards, so every key saved counts.
 */
export type ReportSentence = [text: string, at: string, time: string];
/** A cue on a card: index into `sentences`, subtype. */
export type ReportCue = [sentence: number, subtype: string];
/** A quote: index into `sentences`, index into `transcripts`, speaker. */
export type ReportQuote = [sentence: number, transcript: number, speaker: string];

/** A kind of evidence on a card, from the category registry: its key in `cues`, heading, one, many. */
export type ReportCueKind = [key: string, heading: string, one: string, many: string];

export interface ReportJob {
  id: string;
  /** index into `stages` */
  stage: number;
  statement: string;
  dimension: string;
  participants: number;
  mentions: number;
  /** participants per segment */
  segments?: Record<string, number>;
  /** indexes into `transcripts` of everyone who said it, for the participant filter */
  transcripts: number[];
  story?: string;
  review?: string;
  quotes: ReportQuote[];
  /** by the registry's cue key (pains, triggers, ..., forces) */
  cues: Record<string, ReportCue[]>;
}

/** A force said in an interview: index into `sentences`, index into `transcripts`, index into `stages`, speaker. */
export type ReportForceQuote = [sentence: number, transcript: number, stage: number, speaker: string];

export const FORCES = ['push', 'pull', 'anxiety', 'habit'] as const;

/**
 * The switch timeline's marks: per stage (in time order) how many findings
 * the interviews placed there, and the four forces, each with how often it
 * came up per stage and a few of its quotes.
 */
export interface ReportTimeline {
  findings: number[];
  forces: Record<(typeof FORCES)[number], { perStage: number[]; quotes: ReportForceQuote[] }>;
}

/** What the page needs to know of the stage model: each stage's description, and how to draw the stages. */
export interface ReportModel {
  descriptions: Record<string, string>;
  layout: Layout;
}

/** Everything the page shows, embedded once as JSON; the page's script draws the cards from it. */
export interface ReportData {
  model: string;
  stages: { id: string; description: string }[];
  /** the switch model is drawn as a timeline, with the forces, above its stage columns */
  timeline?: ReportTimeline;
  counts: { transcripts: number; findings: number; jobs: number };
  /** the kinds of evidence a card can show, in order (the category registry's) */
  cueKinds: ReportCueKind[];
  transcripts: { id: string; file: string; segment?: string }[];
  segmentBy?: string;
  segments?: { id: string; participants: number }[];
  distinctive?: Record<string, { job: string; participants: number; share: number; elsewhere: number; lift: number }[]>;
  /** the minimum support (participants) the page opens with */
  minSupport: number;
  jobs: ReportJob[];
  sentences: ReportSentence[];
}

/** Cues per kind on a card (jobs.yaml keeps five): the strongest few keep a 6,000-job report small. */
const CUES_PER_KIND = 3;
/** Quotes per force and stage on the timeline: enough to read what a force sounds like, never the whole study. */
const FORCE_QUOTES_PER_STAGE = 4;
/** The page opens showing at most about this many jobs; the minimum-support filter lowers it further. */
export const OPENING_JOBS = 400;

export function reportData(jobMap: JobMap, results: TranscriptFindings[], model: ReportModel = { descriptions: {}, layout: 'columns' }): ReportData {
  const transcriptIndex = new Map(results.map((r, i) => [r.transcript.id, i]));
  const sentences = new SentenceTable();
  const jobs = jobMap.stages.flatMap((stage, stageIndex) => stage.jobs.map((job) => reportJob(job, stageIndex, transcriptIndex, sentences)));
  const segments = jobMap.segments;
  return {
    model: jobMap.model,
    stages: jobMap.stages.map((stage) => ({ id: stage.id, description: model.descriptions[stage.id] ?? '' })),
    ...(model.layout === 'timeline'
      ? {
          timeline: timelineOf(
            jobMap.stages.map((stage) => stage.id),
            results,
            sentences,
          ),
        }
      : {}),
    counts: { transcripts: results.length, findings: results.reduce((sum, r) => sum + r.findings.length, 0), jobs: jobs.length },
    cueKinds: CUE_CATEGORIES.filter(({ cueKey, optional }) => !optional || jobs.some((job) => job.cues[cueKey])).map(({ cueKey, heading, one, many }) => [
      cueKey,
      heading,
      one,
      many,
    ]),
    transcripts: results.map((r) => {
      const segment = segments ? segmentOf(r.transcript.metadata, segments.by) : undefined;
      return { id: r.transcript.id, file: r.transcript.file, ...(segment === undefined ? {} : { segment }) };
    }),
    ...(segments
      ? {
          segmentBy: segments.by,
          segments: Object.entries(segments.participants).map(([id, participants]) => ({ id, participants })),
          distinctive: Object.fromEntries(
            Object.entries(segments.distinctive).map(([segment, list]) => [
              segment,
              list.map(({ job, participants, share, elsewhere, lift }) => ({ job, participants, share, elsewhere, lift })),
            ]),
          ),
        }
      : {}),
    minSupport: openingMinSupport(jobs),
    jobs,
    sentences: sentences.rows,
  };
}

/** The findings per stage and the forces, in transcript order (so the same run writes the same page). */
function timelineOf(stages: string[], results: TranscriptFindings[], sentences: SentenceTable): ReportTimeline {
  const findings = stages.map(() => 0);
  const forces = Object.fromEntries(FORCES.map((f) => [f, { perStage: stages.map(() => 0), quotes: [] as ReportForceQuote[] }])) as ReportTimeline['forces'];
  results.forEach((result, transcript) => {
    for (const finding of result.findings) {
      const stage = stages.indexOf(finding.stage);
      if (stage < 0) continue;
      findings[stage]!++;
      const force = finding.category === 'force' ? forces[finding.subtype as (typeof FORCES)[number]] : undefined;
      if (!force) continue;
      force.perStage[stage]!++;
      if (force.perStage[stage]! <= FORCE_QUOTES_PER_STAGE) {
        const at = `${finding.evidence.file}:${finding.evidence.line}`;
        force.quotes.push([sentences.add(finding.sentence, at, finding.evidence.time), transcript, stage, finding.evidence.speaker]);
      }
    }
  });
  return { findings, forces };
}

/** The lowest minimum support that leaves at most OPENING_JOBS jobs, so a large study opens on its best-supported jobs. */
export function openingMinSupport(jobs: { participants: number }[]): number {
  let min = 1;
  while (jobs.filter((job) => job.participants >= min).length > OPENING_JOBS) min++;
  return min;
}

/** Each distinct sentence once, numbered in the order first met (so the same run writes the same table). */
class SentenceTable {
  readonly rows: ReportSentence[] = [];
  private readonly index = new Map<string, number>();

  add(text: string, at: string, time = ''): number {
    const key = `${at}\u0000${text}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.rows.push([text, at, time]) - 1;
      this.index.set(key, i);
    }
    return i;
  }
}

function reportJob(job: CandidateJob, stage: number, transcriptIndex: Map<string, number>, sentences: SentenceTable): ReportJob {
  const transcripts = [...new Set(job.speakers.map((speaker) => transcriptIndex.get(speaker.slice(0, speaker.lastIndexOf('/')))))]
    .filter((i): i is number => i !== undefined)
    .sort((a, b) => a - b);
  const cues: Record<string, ReportCue[]> = {};
  for (const { id, cueKey } of CUE_CATEGORIES) {
    const said = job.cues[id];
    if (said?.length) cues[cueKey] = said.slice(0, CUES_PER_KIND).map((c: RelatedCue): ReportCue => [sentences.add(c.text, c.at, c.time), c.subtype ?? '']);
  }
  return {
    id: job.id,
    stage,
    statement: job.statement,
    dimension: job.dimension,
    participants: job.support.participants,
    mentions: job.support.mentions,
    ...(job.segments && Object.keys(job.segments).length ? { segments: job.segments } : {}),
    transcripts,
    ...(job.story ? { story: tellStory(job.statement, job.story) } : {}),
    ...(job.review && job.review.status !== 'pending' ? { review: job.review.status } : {}),
    quotes: job.quotes.map((q): ReportQuote => [sentences.add(q.text, q.at, q.time), transcriptIndex.get(q.transcript) ?? -1, q.speaker]),
    cues,
  };
}
