import { describe, expect, it } from 'vitest';
import type { ReportData, ReportJob } from '../src/write/report/data.js';
import { filterJobs, LOGIC_SOURCE, searchableText, sourceLabel, type ReportFilters } from '../src/write/report/logic.js';
import { REPORT_SCRIPT } from '../src/write/report/script.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';

/** A small study as the page holds it: three jobs, two segments, two transcripts. */
const data: Pick<ReportData, 'jobs' | 'sentences'> = {
  sentences: [
    ['I send the invoices every Friday.', 'p1.txt:4', '00:01:05'],
    ['Chasing late payments drives me mad.', 'p1.txt:6', ''],
    ['I plan the week on Sunday night.', 'p2.txt:3', ''],
    ['My accountant wants the export by March.', 'sheet.csv:12', ''],
  ],
  jobs: [
    job({
      id: 'job.send-invoices',
      statement: 'send invoices',
      participants: 3,
      segments: { agency: 1, freelance: 2 },
      transcripts: [0, 1],
      quotes: [[0, 0, 'Ana']],
      cues: { pains: [[1, 'struggle']] },
    }),
    job({ id: 'job.plan-the-week', statement: 'plan the week', dimension: 'emotional', participants: 2, segments: { agency: 2 }, transcripts: [1], quotes: [[2, 1, 'Ben']] }),
    job({ id: 'job.export-for-taxes', statement: 'export the year for taxes', participants: 1, transcripts: [1], quotes: [[3, 1, 'Ben']], cues: { social: [[3, '']] } }),
  ],
};

function job(fields: Partial<ReportJob> & Pick<ReportJob, 'id' | 'statement' | 'participants'>): ReportJob {
  return { stage: 0, dimension: 'functional', mentions: fields.participants, transcripts: [], quotes: [], cues: {}, ...fields };
}

const ALL: ReportFilters = { search: '', minSupport: 1, category: '', dimension: '', segment: '', participant: -1 };
const kept = (filters: Partial<ReportFilters>) => filterJobs(data, { ...ALL, ...filters }, (j) => searchableText(j, data)).map((j) => j.id);

describe('the report page: which cards the filters keep', () => {
  it('keeps every job without filters, in the order of the data', () => {
    expect(kept({})).toEqual(['job.send-invoices', 'job.plan-the-week', 'job.export-for-taxes']);
  });

  it('needs every search word somewhere on the card: statement, quotes, speakers or evidence, in any case', () => {
    expect(kept({ search: 'LATE payments' })).toEqual(['job.send-invoices']); // in a pain, not the statement
    expect(kept({ search: 'ben week' })).toEqual(['job.plan-the-week']); // a speaker and a word of the statement
    expect(kept({ search: '  march   accountant ' })).toEqual(['job.export-for-taxes']);
    expect(kept({ search: 'invoices sunday' })).toEqual([]);
  });

  it('keeps jobs said by at least the minimum support; nonsense there counts as 1', () => {
    expect(kept({ minSupport: 2 })).toEqual(['job.send-invoices', 'job.plan-the-week']);
    expect(kept({ minSupport: 4 })).toEqual([]);
    expect(kept({ minSupport: Number.NaN })).toHaveLength(3);
  });

  it('filters by evidence kind, dimension and participant', () => {
    expect(kept({ category: 'pains' })).toEqual(['job.send-invoices']);
    expect(kept({ category: 'triggers' })).toEqual([]);
    expect(kept({ dimension: 'emotional' })).toEqual(['job.plan-the-week']);
    expect(kept({ participant: 0 })).toEqual(['job.send-invoices']);
  });

  it("shows a segment's jobs ordered by their support in that segment", () => {
    expect(kept({ segment: 'agency' })).toEqual(['job.plan-the-week', 'job.send-invoices']);
    expect(kept({ segment: 'freelance' })).toEqual(['job.send-invoices']);
  });
});

describe('the report page: where a quote comes from', () => {
  it('names the transcript only when its file:line does not already', () => {
    expect(sourceLabel({ id: 'p1' }, 'p1.txt:4', '00:01:05', 'Ana')).toBe('p1.txt:4 \u00b7 00:01:05 \u00b7 Ana');
    expect(sourceLabel({ id: 'sheet--P07' }, 'sheet.csv:12', '', 'Ben')).toBe('sheet--P07 \u00b7 sheet.csv:12 \u00b7 Ben');
    expect(sourceLabel(undefined, 'p2.txt:3', '', '')).toBe('p2.txt:3');
  });
});

describe('the report page script', () => {
  it('runs the very text the tests above call, and parses as a script', () => {
    expect(REPORT_SCRIPT).toContain(LOGIC_SOURCE);
    expect(() => new Function(REPORT_SCRIPT)).not.toThrow();
  });

  it('is the same text as built into dist/ (what users run), so report.html does not depend on the compiler', async () => {
    const built = (await import(pathToFileURL(path.join(ROOT, 'dist', 'write', 'report', 'script.js')).href)) as { REPORT_SCRIPT: string };
    expect(built.REPORT_SCRIPT).toBe(REPORT_SCRIPT);
  });
});
