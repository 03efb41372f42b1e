import type { DistinctiveJob, JobMap, SegmentComparison } from '../jobMapTypes.js';
import type { TranscriptFindings } from '../types.js';
import { segmentOf } from './participants.js';
import { compareIds } from '../group/related.js';

/** A job is distinctive for a segment when at least this many of its participants said it... */
export const MIN_DISTINCTIVE_PARTICIPANTS = 2;
/** ...and their share is at least this many times the (smoothed) share elsewhere. */
export const MIN_LIFT = 2;
const MAX_DISTINCTIVE = 10;

/**
 * Support per segment on every job, and the jobs distinctive for each segment.
 * Support counts people (`transcript/speaker`), so it stays right after a
 * reviewer merges two jobs. Undefined when no transcript carries a segment.
 *
 * Distinctiveness: share = participants in the segment who said the job /
 * participants in the segment; elsewhere = the same over every other segment;
 * lift = share / ((said elsewhere + 1) / (participants elsewhere + 1)). The
 * added one keeps a job nobody else said from being infinitely distinctive and
 * tempers small counts. Distinctive: lift >= 2 and said by at least two
 * participants of the segment; the ten with the highest lift per segment.
 */
export function compareSegments(jobMap: JobMap, results: TranscriptFindings[], segmentBy: string): SegmentComparison | undefined {
  const segmentOfTranscript = new Map<string, string>();
  const participants: Record<string, number> = {};
  for (const { transcript } of results) {
    const segment = segmentOf(transcript.metadata, segmentBy);
    if (segment === undefined) continue;
    segmentOfTranscript.set(transcript.id, segment);
    participants[segment] = (participants[segment] ?? 0) + Math.max(1, transcript.speakers.filter((s) => s.role === 'participant').length);
  }
  if (segmentOfTranscript.size === 0) return undefined;
  const segments = Object.keys(participants).sort(compareIds);
  const total = segments.reduce((sum, s) => sum + participants[s]!, 0);

  const jobs = jobMap.stages.flatMap((stage) => stage.jobs);
  for (const job of jobs) {
    const counts: Record<string, number> = {};
    for (const speaker of job.speakers) {
      const segment = segmentOfTranscript.get(speaker.slice(0, speaker.lastIndexOf('/')));
      if (segment !== undefined) counts[segment] = (counts[segment] ?? 0) + 1;
    }
    job.segments = Object.fromEntries(segments.filter((s) => counts[s]).map((s) => [s, counts[s]!]));
  }

  const distinctive: Record<string, DistinctiveJob[]> = {};
  if (segments.length > 1) {
    const said = (job: (typeof jobs)[number]) => Object.values(job.segments ?? {}).reduce((sum, n) => sum + n, 0);
    for (const segment of segments) {
      const inSegment = participants[segment]!;
      const elsewhere = total - inSegment;
      const found = jobs
        .map((job) => {
          const here = job.segments?.[segment] ?? 0;
          const there = said(job) - here;
          const share = here / inSegment;
          return { job, here, share, elsewhereShare: elsewhere ? there / elsewhere : 0, lift: share / ((there + 1) / (elsewhere + 1)) };
        })
        .filter((j) => j.here >= MIN_DISTINCTIVE_PARTICIPANTS && j.lift >= MIN_LIFT)
        .sort((a, b) => b.lift - a.lift || b.here - a.here || compareIds(a.job.id, b.job.id))
        .slice(0, MAX_DISTINCTIVE);
      if (found.length) {
        distinctive[segment] = found.map((j) => ({
          job: j.job.id,
          statement: j.job.statement,
          participants: j.here,
          share: round(j.share),
          elsewhere: round(j.elsewhereShare),
          lift: round(j.lift),
        }));
      }
    }
  }
  return { by: segmentBy, participants: Object.fromEntries(segments.map((s) => [s, participants[s]!])), distinctive };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
