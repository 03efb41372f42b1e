import type { FindingDecision } from '../review/file.js';
import type { JobMap } from '../jobMapTypes.js';
import type { TranscriptFindings } from '../types.js';
import { candidateJobOfFindings } from './index.js';

/** Spreadsheets (Excel above all) read a CSV as UTF-8 only when it starts with a byte order mark. */
const BOM = '\ufeff';

/**
 * RFC 4180: fields apart by commas, records ending in CRLF, a field with a
 * comma, a double quote or a line break inside double quotes, its quotes
 * doubled. A quote that spans two lines stays one field.
 */
export function toCsv(rows: (string | number | undefined)[][]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const FINDING_COLUMNS = [
  'transcript',
  'speaker',
  'file',
  'line',
  'column',
  'time',
  'category',
  'subtype',
  'stage',
  'statement',
  'candidate_job',
  'confidence',
  'rules',
  'quote',
  'review',
  'review_note',
  'id',
] as const;

/** One row per finding, in transcript and sentence order; rejected ones too, with the decision, so a filter shows them. */
export function findingsCsv(results: TranscriptFindings[], jobMap: JobMap, decisions: Map<string, FindingDecision>): string {
  const jobOf = candidateJobOfFindings(jobMap);
  const rows = results.flatMap(({ findings }) =>
    findings.map((f) => {
      const decision = decisions.get(f.id);
      return [
        f.transcript,
        f.evidence.speaker,
        f.evidence.file,
        f.evidence.line,
        f.evidence.column,
        f.evidence.time,
        f.category,
        f.subtype,
        f.stage,
        f.statement,
        jobOf.get(f.id),
        f.confidence,
        f.rules.join(' '),
        f.sentence,
        decision ? `${decision.kind}ed` : undefined,
        decision?.note,
        f.id,
      ];
    }),
  );
  return toCsv([[...FINDING_COLUMNS], ...rows]);
}

/** One row per candidate job, stage by stage, with the participants who said it in each segment as a column each. */
export function jobsCsv(jobMap: JobMap): string {
  const segments = Object.keys(jobMap.segments?.participants ?? {}).sort();
  const header = ['stage', 'id', 'statement', 'dimension', 'participants', 'mentions', 'review', ...segments.map((s) => `participants: ${s}`)];
  const rows = jobMap.stages.flatMap((stage) =>
    stage.jobs.map((job) => [
      stage.id,
      job.id,
      job.statement,
      job.dimension,
      job.support.participants,
      job.support.mentions,
      job.review?.status,
      ...segments.map((s) => job.segments?.[s] ?? 0),
    ]),
  );
  return toCsv([header, ...rows]);
}
