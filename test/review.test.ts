import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { JobmapError, JobmapErrors } from '../src/errors.js';
import { run } from '../src/pipeline.js';
import { parseReview } from '../src/review/file.js';
import { loadReview } from '../src/review/index.js';
import { FIXTURES } from './helpers.js';

const RULES = path.join(FIXTURES, 'rules');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'jobmap-review-'));
}

function study(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const interview = (answer: string) => `Interviewer: What were you trying to do?\nParticipant: ${answer}\n`;

/** Four people, five jobs: two of them the same job in words that grouping keeps apart, but a researcher merges. */
const INTERVIEWS = {
  'p1.txt': interview('I was trying to get the invoices out before month-end. It was a nightmare.'),
  'p2.txt': interview('I needed to bill my clients as soon as the work is done. Honestly a hassle.'),
  'p3.txt': interview('We were trying to find a cheaper plan for the team.'),
  'p4.txt': interview('I needed to track the hours of every freelancer. I tried to export the timesheets.'),
};

interface JobDoc {
  id: string;
  review?: string;
  statement: string;
  generated_statement?: string;
  merged?: string[];
  review_note?: string;
  support: { participants: number; mentions: number };
  variants?: string[];
  quotes: { transcript: string }[];
}

function jobsOf(out: string): { jobs: JobDoc[]; removed: { id: string; review: string; note?: string }[] } {
  const doc = parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8'));
  return { jobs: doc.stages.flatMap((s: { jobs: JobDoc[] }) => s.jobs), removed: doc.removed_by_review ?? [] };
}

describe('review: decisions file', () => {
  it('is optional: without it nothing is decided and jobs.yaml has no review fields', async () => {
    const review = await loadReview(path.join(tempDir(), 'review.yaml'));
    expect(review).toMatchObject({ exists: false, jobs: new Map(), findings: new Map() });
    const out = tempDir();
    await run({ input: study(INTERVIEWS), outDir: out, rulesDir: RULES });
    expect(jobsOf(out).jobs.every((job) => job.review === undefined)).toBe(true);
    expect(parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8')).review).toBeUndefined();
  });

  it('reads the short and the long forms', async () => {
    const file = path.join(tempDir(), 'review.yaml');
    writeFileSync(
      file,
      [
        'jobs:',
        '  job.a: accept',
        '  job.b: { decision: reject, note: not a job }',
        '  job.c:',
        '    rename: send invoices on time',
        '  job.d: { merge_into: job.c }',
        'findings:',
        '  "p1#abc123.pain": reject',
        '',
      ].join('\n'),
    );
    const review = await loadReview(file);
    expect([...review.jobs]).toEqual([
      ['job.a', { kind: 'accept', line: 2 }],
      ['job.b', { kind: 'reject', note: 'not a job', line: 3 }],
      ['job.c', { kind: 'rename', name: 'send invoices on time', line: 4 }],
      ['job.d', { kind: 'merge', into: 'job.c', line: 6 }],
    ]);
    expect([...review.findings]).toEqual([['p1#abc123.pain', { kind: 'reject', line: 8 }]]);
  });

  it('lists every mistake with file:line:col before any work is done', async () => {
    const file = path.join(tempDir(), 'review.yaml');
    writeFileSync(file, ['jobs:', '  job.a: acept', '  job.b: { rename: x, decision: accept }', '  job.c: { merge: job.a }', 'finding:', '  x: reject', ''].join('\n'));
    const error = await loadReview(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobmapErrors);
    expect((error as JobmapErrors).message.split('\n')).toEqual([
      `${file}:2:10: unknown decision "acept"; expected accept or reject (or rename:, merge_into: for jobs)`,
      `${file}:3:10: give one of: accept, reject, \`rename: <new statement>\` or \`merge_into: <job id>\``,
      `${file}:4:12: unknown key "merge"; expected one of: decision, rename, merge_into, note`,
      `${file}:5:1: unknown section "finding"; expected jobs, findings or add`,
    ]);
  });
});

describe('review: decisions applied on every run', () => {
  it('accepts, rejects, renames and merges jobs, rejects findings, and reports what no longer matches', async () => {
    const input = study(INTERVIEWS);
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    const before = jobsOf(out).jobs;
    const id = (words: string) => before.find((job) => job.statement.includes(words))!.id;
    const p4 = parse(readFileSync(path.join(out, 'transcripts', 'p4.yaml'), 'utf8')).findings as { id: string; quote: string }[];
    const exportFinding = p4.find((f) => f.quote.includes('export'))!.id;
    const reviewText = [
      '# decisions by Sam, 14 March',
      'jobs:',
      `  ${id('invoices out')}: { decision: accept, note: the core job }`,
      `  ${id('cheaper plan')}: reject`,
      `  ${id('track the hours')}:`,
      '    rename: know what each freelancer worked on',
      `  ${id('bill my clients')}: { merge_into: ${id('invoices out')} }`,
      '  job.gone-since-the-last-run: accept',
      'findings:',
      `  "${exportFinding}": reject`,
      '  "p9#000000.job": accept',
      '',
    ].join('\n');
    writeFileSync(path.join(out, 'review.yaml'), reviewText);

    let stderr = '';
    const code = await main(['node', 'jobmap', input, '--out', out, '--rules', RULES, '--no-default-rules', '-q', '--no-cache'], { out: () => {}, err: (t) => (stderr += t) });
    expect(code).toBe(0);
    const { jobs, removed } = jobsOf(out);
    expect(jobs.map((job) => [job.id, job.review, job.statement, job.support])).toEqual([
      [id('invoices out'), 'accepted', before.find((j) => j.id === id('invoices out'))!.statement, { participants: 2, mentions: 2 }],
      [id('track the hours'), 'renamed', 'know what each freelancer worked on', { participants: 1, mentions: 1 }],
    ]);
    expect(jobs[0]).toMatchObject({ merged: [id('bill my clients')], review_note: 'the core job' });
    expect(jobs[0]!.quotes.map((q) => q.transcript)).toEqual(['p1', 'p2']);
    expect(jobs[1]!.generated_statement).toMatch(/track the hours/);
    expect(removed).toEqual(
      [
        { id: id('cheaper plan'), statement: expect.any(String), review: 'rejected' },
        { id: id('bill my clients'), statement: expect.any(String), review: `merged into ${id('invoices out')}` },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );

    // the rejected finding stays in its transcript file, marked, and supports no job
    const rejected = parse(readFileSync(path.join(out, 'transcripts', 'p4.yaml'), 'utf8')).findings.find((f: { id: string }) => f.id === exportFinding);
    expect(rejected.review).toBe('rejected');

    const summary = parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8')).review;
    expect(summary).toMatchObject({ decisions: 7, applied: 5, jobs: { accepted: 1, rejected: 1, renamed: 1, merged: 1, pending: 0 }, findings: { rejected: 1 } });
    expect(summary.unmatched.map((u: { id: string; at: string }) => [u.id, u.at])).toEqual([
      ['p9#000000.job', `${path.join(out, 'review.yaml')}:11`],
      ['job.gone-since-the-last-run', `${path.join(out, 'review.yaml')}:8`],
    ]);
    expect(stderr).toContain(`review: ${path.join(out, 'review.yaml')}:8: job.gone-since-the-last-run (accept): no candidate job has this id in this run`);

    // never written by jobmap; a third run gives the same files
    expect(readFileSync(path.join(out, 'review.yaml'), 'utf8')).toBe(reviewText);
    const jobsYaml = readFileSync(path.join(out, 'jobs.yaml'), 'utf8');
    await run({ input, outDir: out, rulesDir: RULES });
    expect(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')).toBe(jobsYaml);
  });

  it('keeps decisions when another interview is added, and follows a job whose statement changed', async () => {
    const input = study(INTERVIEWS);
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    const before = jobsOf(out).jobs;
    const plan = before.find((job) => job.statement.includes('cheaper plan'))!;
    writeFileSync(path.join(out, 'review.yaml'), `jobs:\n  ${plan.id}: accept\n`);
    // two more people say it in other words: the most frequent wording, and so the id, changes
    writeFileSync(path.join(input, 'p5.txt'), interview('I needed to find a cheaper plan.'));
    writeFileSync(path.join(input, 'p6.txt'), interview('We tried to find a cheaper plan.'));
    const report = await run({ input, outDir: out, rulesDir: RULES });
    const after = jobsOf(out).jobs.find((job) => job.review === 'accepted')!;
    expect(after.id).not.toBe(plan.id);
    expect(after.variants).toContain(plan.statement);
    expect(report.review.followed).toEqual([{ from: plan.id, to: after.id }]);
    expect(report.review.unmatched).toEqual([]);
  });

  it('reads the review file from --review, wherever it is kept', async () => {
    const input = study(INTERVIEWS);
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    const reviews = tempDir();
    mkdirSync(path.join(reviews, 'team'));
    const file = path.join(reviews, 'team', 'decisions.yaml');
    writeFileSync(file, `jobs:\n  ${jobsOf(out).jobs[0]!.id}: reject\n`);
    const report = await run({ input, outDir: out, rulesDir: RULES, reviewFile: file });
    expect(report.review).toMatchObject({ file, applied: 1 });
  });
});

describe('review: a dry run (rules try) groups nothing', () => {
  it('applies the finding decisions and leaves the job decisions unread, not unmatched', async () => {
    const input = study(INTERVIEWS);
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    const job = jobsOf(out).jobs[0]!;
    const finding = (parse(readFileSync(path.join(out, 'transcripts', 'p4.yaml'), 'utf8')).findings as { id: string }[])[0]!.id;
    writeFileSync(path.join(out, 'review.yaml'), `jobs:\n  ${job.id}: accept\nfindings:\n  "${finding}": reject\n  "p9#000000.job": accept\n`);
    const report = await run({ input, outDir: out, rulesDir: RULES, dryRun: true });
    expect(report.jobMap.stages).toEqual([]);
    expect(report.findingDecisions.get(finding)?.kind).toBe('reject');
    expect(report.review.unmatched.map((u) => u.id)).toEqual(['p9#000000.job']);
  });
});

describe('review: any review file is decisions or a clear error', () => {
  const entry = fc.oneof(
    fc.constantFrom(
      'accept',
      'reject',
      'acept',
      '',
      '{ rename: new name }',
      '{ merge_into: job.x }',
      '{ decision: reject, note: dup }',
      '[a, b]',
      '{ rename: }',
      '{ merge_into: job.x, rename: y }',
      '7',
      'null',
    ),
    fc.string({ maxLength: 12 }),
  );
  const line = fc.oneof(
    fc.constantFrom('jobs:', 'findings:', 'decisions:', '---', '# note', ''),
    fc.tuple(fc.constantFrom('  job.a', '  job.b', '  "p1#abc.pain"', 'job.c', '  - job.d'), entry).map(([key, value]) => `${key}: ${value}`),
    fc.string({ maxLength: 20 }),
  );
  it('never throws anything but JobmapError(s)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        try {
          const review = parseReview(lines.join('\n'), 'review.yaml');
          for (const decision of [...review.jobs.values(), ...review.findings.values()]) expect(decision.line).toBeGreaterThanOrEqual(1);
        } catch (error) {
          expect(error instanceof JobmapErrors || error instanceof JobmapError).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
