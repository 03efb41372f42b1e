import type { ReportData, ReportJob } from './data.js';

/**
 * What the page decides without a browser: which cards the filters keep, in
 * what order, and how a quote's source reads. Typed and unit-tested here
 * (test/report-logic.test.ts); the page runs these very functions, embedded
 * as their compiled source (script.ts), so each must stand alone: no imports,
 * no module constants, nothing but its arguments.
 */

/** The filters as the page's controls hold them. */
export interface ReportFilters {
  /** the search box, as typed */
  search: string;
  /** minimum support: participants who said the job */
  minSupport: number;
  /** a cue kind the job must have evidence of (pains, triggers...), or '' */
  category: string;
  dimension: string;
  segment: string;
  /** index into `transcripts`, or -1 for anyone */
  participant: number;
}

/** Everything a search word can be found in: the job, its story, quotes, speakers and cues, lower-cased. */
export function searchableText(job: ReportJob, data: Pick<ReportData, 'sentences'>): string {
  const parts = [job.id, job.statement, job.story ?? '', job.dimension];
  for (const quote of job.quotes) parts.push(data.sentences[quote[0]]![0], quote[2]);
  for (const cues of Object.values(job.cues)) for (const cue of cues ?? []) parts.push(data.sentences[cue[0]]![0]);
  return parts.join('\n').toLowerCase();
}

/**
 * The jobs the filters keep, in the data's order (most participants first),
 * or by their support in the chosen segment. Every search word must occur
 * somewhere on the card; `textOf` lets the page remember each card's text.
 */
export function filterJobs(data: Pick<ReportData, 'jobs' | 'sentences'>, filters: ReportFilters, textOf: (job: ReportJob) => string): ReportJob[] {
  const words = filters.search.toLowerCase().split(/\s+/).filter(Boolean);
  const least = Math.max(1, Math.floor(filters.minSupport) || 1);
  const segment = filters.segment;
  const kept = data.jobs.filter((job) => {
    if (job.participants < least) return false;
    if (filters.category && !job.cues[filters.category]) return false;
    if (filters.dimension && job.dimension !== filters.dimension) return false;
    if (segment && !job.segments?.[segment]) return false;
    if (filters.participant >= 0 && !job.transcripts.includes(filters.participant)) return false;
    const haystack = words.length ? textOf(job) : '';
    return words.every((word) => haystack.includes(word));
  });
  // Array.prototype.sort is stable: jobs as supported in the segment keep the data's order among equals
  return segment ? kept.slice().sort((a, b) => (b.segments?.[segment] ?? 0) - (a.segments?.[segment] ?? 0)) : kept;
}

/** "interview-3 · sheet.csv:12 · 00:04:10 · Dana": the transcript is named unless its file:line already names it. */
export function sourceLabel(transcript: { id: string } | undefined, at: string, time: string, speaker: string): string {
  const named = transcript !== undefined && at.startsWith(transcript.id + '.');
  return [transcript && !named ? transcript.id : '', at, time, speaker].filter(Boolean).join(' \u00b7 ');
}
