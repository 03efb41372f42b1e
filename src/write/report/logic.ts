import type { ReportData, ReportJob } from './data.js';

/**
 * What the page decides without a browser: which cards the filters keep, in
 * what order, and how a quote's source reads. The page runs this very text
 * (script.ts embeds LOGIC_SOURCE), and Node runs it through the typed
 * functions below, which test/report-logic.test.ts unit-tests. Kept as text,
 * not as compiled functions, so report.html is the same bytes whichever
 * compiler built jobmap (tsc for the package, esbuild under vitest).
 * Plain browser JavaScript: no imports, nothing but its arguments.
 */
export const LOGIC_SOURCE = String.raw`
  // Everything a search word can be found in: the job, its story, quotes, speakers and cues, lower-cased.
  function searchableText(job, data) {
    var parts = [job.id, job.statement, job.story || '', job.dimension];
    job.quotes.forEach(function (quote) { parts.push(data.sentences[quote[0]][0], quote[2]); });
    Object.keys(job.cues).forEach(function (kind) {
      job.cues[kind].forEach(function (cue) { parts.push(data.sentences[cue[0]][0]); });
    });
    return parts.join('\n').toLowerCase();
  }

  // The jobs the filters keep, in the data's order (most participants first), or by their support in
  // the chosen segment. Every search word must occur somewhere on the card; textOf remembers each card's text.
  function filterJobs(data, filters, textOf) {
    var words = filters.search.toLowerCase().split(/\s+/).filter(Boolean);
    var least = Math.max(1, Math.floor(filters.minSupport) || 1);
    var segment = filters.segment;
    var kept = data.jobs.filter(function (job) {
      if (job.participants < least) return false;
      if (filters.category && !job.cues[filters.category]) return false;
      if (filters.dimension && job.dimension !== filters.dimension) return false;
      if (segment && !(job.segments && job.segments[segment])) return false;
      if (filters.participant >= 0 && job.transcripts.indexOf(filters.participant) < 0) return false;
      var haystack = words.length ? textOf(job) : '';
      return words.every(function (word) { return haystack.indexOf(word) >= 0; });
    });
    // sort is stable: jobs equally supported in the segment keep the data's order
    var support = function (job) { return (job.segments && job.segments[segment]) || 0; };
    return segment ? kept.slice().sort(function (a, b) { return support(b) - support(a); }) : kept;
  }

  // "interview-3 · sheet.csv:12 · 00:04:10 · Dana": the transcript is named unless its file:line already names it.
  function sourceLabel(transcript, at, time, speaker) {
    var named = transcript !== undefined && at.indexOf(transcript.id + '.') === 0;
    return [transcript && !named ? transcript.id : '', at, time, speaker].filter(Boolean).join(' \u00b7 ');
  }
`;

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

interface ReportLogic {
  searchableText(job: ReportJob, data: Pick<ReportData, 'sentences'>): string;
  filterJobs(data: Pick<ReportData, 'jobs' | 'sentences'>, filters: ReportFilters, textOf: (job: ReportJob) => string): ReportJob[];
  sourceLabel(transcript: { id: string } | undefined, at: string, time: string, speaker: string): string;
}

// the page's own text, run once here: what the tests call is what the page runs
const logic = new Function(`${LOGIC_SOURCE}\nreturn { searchableText: searchableText, filterJobs: filterJobs, sourceLabel: sourceLabel };`)() as ReportLogic;

export const { searchableText, filterJobs, sourceLabel } = logic;
