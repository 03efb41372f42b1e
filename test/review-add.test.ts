import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { JobmapErrors } from '../src/errors.js';
import { run } from '../src/pipeline.js';
import { parseReview } from '../src/review/file.js';
import { folderOf, MEALS_INTERVIEW } from './helpers.js';

/** A study where the rules miss a job said in other words, and find a pain. */
const STUDY = {
  'p1.txt': MEALS_INTERVIEW,
  'p2.txt': ['Interviewer: Tell me about your week.', 'Participant: Every Sunday I am planning the family meals for the week.', ''].join('\n'),
};

interface FindingDoc {
  id: string;
  category: string;
  stage: string;
  stage_because: string;
  quote: string;
  rules: string[];
  candidate_job?: string;
  review?: string;
  review_note?: string;
}

async function runWith(reviewText: string | undefined) {
  const input = folderOf(STUDY);
  const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-add-out-'));
  const reviewFile = path.join(out, 'review.yaml');
  if (reviewText !== undefined) writeFileSync(reviewFile, reviewText);
  // without a text, no review file: the run reads the output folder's default, which is not there yet
  const report = await run({ input, outDir: out, ...(reviewText !== undefined ? { reviewFile } : {}), cacheDir: false, threads: 1 });
  const findings = (id: string): FindingDoc[] => parse(readFileSync(path.join(out, 'transcripts', `${id}.yaml`), 'utf8')).findings;
  const jobs = parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')).stages.flatMap((s: { jobs: unknown[] }) => s.jobs);
  return { report, findings, jobs, summary: parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8')), reviewFile };
}

describe('review add: findings the rules missed', { timeout: 60_000 }, () => {
  it('reads at: file:line[:column], quote:, category, subtype, stage and note', () => {
    const review = parseReview(
      [
        'add:',
        '  - at: p1.txt:2',
        '    quote: planning the family meals',
        '    category: job',
        '    stage: use',
        '    note: said as "go to planning"',
        '  - { at: "p2.txt:2:14", category: pain, subtype: workaround }',
        '',
      ].join('\n'),
      'review.yaml',
    );
    expect(review.additions).toEqual([
      {
        line: 2,
        category: 'job',
        at: { file: 'p1.txt', line: 2 },
        quote: 'planning the family meals',
        note: 'said as "go to planning"',
        stage: 'use',
        stageAt: { line: 5, col: 12 },
      },
      { line: 7, category: 'pain', at: { file: 'p2.txt', line: 2, column: 14 }, subtype: 'workaround' },
    ]);
  });

  it('points every mistake in an add: entry at review.yaml file:line:col', () => {
    const text = [
      'add:',
      '  - { at: p1.txt, category: job }',
      '  - { quote: hello, category: joy }',
      '  - { category: pain }',
      '  - { at: p1.txt:2, category: pain, when: now }',
      '',
    ].join('\n');
    const error = (() => {
      try {
        return parseReview(text, 'review.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(JobmapErrors);
    expect((error as JobmapErrors).message.split('\n')).toEqual([
      'review.yaml:2:11: `at:` should be file:line or file:line:column, as in a finding\'s `at:`, not "p1.txt"',
      'review.yaml:3:31: unknown category "joy"; expected one of: job, pain, trigger, emotion, social, outcome, force',
      "review.yaml:4:5: an added finding needs `at:` (file:line, as in a finding's `at:`) or `quote:` (words of the sentence), or both",
      'review.yaml:5:37: unknown key "when" in an added finding; expected one of: at, quote, category, subtype, stage, note',
    ]);
  });

  it('stops the run on a stage the stage model does not have, at the stage in review.yaml', async () => {
    const error = await runWith('add:\n  - at: p1.txt:2\n    category: job\n    stage: usage\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobmapErrors);
    expect((error as JobmapErrors).message).toMatch(
      /review\.yaml:4:12: unknown stage "usage"; this run's stage model has: awareness, consideration, purchase, use, post_purchase$/,
    );
  });

  it('adds the finding marked as added by review, with its stage and note, and it founds a candidate job like any other', async () => {
    const before = await runWith(undefined);
    expect(before.findings('p1').filter((f) => f.category === 'job')).toEqual([]);

    const after = await runWith(
      [
        'add:',
        '  - at: p1.txt:2',
        '    quote: planning the family meals',
        '    category: job',
        '    stage: use',
        '    note: the rules miss "go to planning"',
        '  - quote: I am planning the family meals',
        '    category: job',
        '',
      ].join('\n'),
    );
    const added = after.findings('p1').find((f) => f.category === 'job')!;
    expect(added).toMatchObject({
      rules: [],
      stage: 'use',
      stage_because: 'set by review (add: entry on line 2)',
      quote: 'Sunday afternoons go to planning the family meals for the week.',
      review: 'added',
      review_note: 'the rules miss "go to planning"',
    });
    // the rules find p2's wording themselves: the second entry accepts their finding
    const other = after.findings('p2').find((f) => f.category === 'job')!;
    expect(other.review).toBe('accepted');
    expect(other.candidate_job).toBe(added.candidate_job);
    const job = after.jobs.find((j: { id: string }) => j.id === added.candidate_job);
    expect(job).toMatchObject({ statement: 'plan the family meals for the week', support: { participants: 2, mentions: 2 } });
    expect(after.summary.review).toMatchObject({ decisions: 2, applied: 2, findings: { accepted: 1, rejected: 0, added: 1 } });
  });

  it("accepts the rules' own finding when they found the sentence already", async () => {
    const { findings, summary } = await runWith('add:\n  - { quote: "It was a nightmare before", category: pain, note: yes }\n');
    const pain = findings('p1').find((f) => f.category === 'pain')!;
    expect(pain).toMatchObject({ rules: ['pain.difficulty', 'pain.struggle-words'], review: 'accepted', review_note: 'yes' });
    expect(summary.review.findings).toEqual({ accepted: 1, rejected: 0, added: 0 });
  });

  it('reports an entry that names no sentence, or several, and adds nothing for it', async () => {
    const { findings, report } = await runWith(
      ['add:', '  - { quote: nobody said this, category: emotion }', '  - { quote: planning the family meals for the week, category: job }', ''].join('\n'),
    );
    expect(findings('p1').filter((f) => f.review === 'added')).toEqual([]);
    expect(report.review.unmatched.map((u) => [u.at.replace(/.*\//, ''), u.id, u.decision, u.reason])).toEqual([
      [
        'review.yaml:2',
        '"nobody said this"',
        'add emotion',
        'no participant sentence has the words "nobody said this" in this run (check the file and line in a finding\'s `at:`)',
      ],
      ['review.yaml:3', '"planning the family meals for the week"', 'add job', '2 sentences match (p1.txt:2:14, p2.txt:2:14); name one with `at: file:line:column`'],
    ]);
  });
});
