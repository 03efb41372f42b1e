import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { sentenceHash } from '../src/extract/ids.js';
import { folderOf, MEALS, MEALS_INTERVIEW, NIGHTMARE, withTemporaryCache } from './helpers.js';

/** A study, and a reviewer's decisions on it: one pain accepted, one social cue rejected, one job the rules missed. */
const study = folderOf({ 'p1.txt': MEALS_INTERVIEW });
const reviewFile = path.join(study, '..', `${path.basename(study)}-review.yaml`);
writeFileSync(
  reviewFile,
  [
    'findings:',
    `  "p1#${sentenceHash(NIGHTMARE)}.pain": accept`,
    `  "p1#${sentenceHash(MEALS)}.social": { decision: reject, note: the family is no social cue here }`,
    'add:',
    '  - { quote: planning the family meals, category: job }',
    '',
  ].join('\n'),
);

/** A project rule that finds "go to planning the meals" as a job, and one that switches the accepted pain's rule off. */
const jobRule = folderOf({
  'job.yaml': [
    'category: job',
    'rules:',
    '  - id: job.go-to-planning',
    '    description: Time that goes to a task.',
    '    subtype: goal',
    '    phrases: ["go to planning"]',
    '    weight: 0.7',
    '    examples: { match: ["Sunday afternoons go to planning the meals."] }',
    '',
  ].join('\n'),
});
// both pain rules that read "a nightmare" as a struggle
const painOff = folderOf({ 'off.yaml': 'category: pain\nrules:\n  - { id: pain.struggle-words, disabled: true }\n  - { id: pain.difficulty, disabled: true }\n' });

interface Scored {
  review: { accepted: number; rejected: number; added: number; unreviewed: number };
  categories: { category: string; labelled: number; found: number; precision: number | null; recall: number | null }[];
  rules: { rule: string; correct: number; otherLabel: number }[];
  errors: { kind: string; category: string; sentence: string; rules: string[] }[];
}

async function evalReview(...rules: string[]): Promise<{ code: number; scored: Scored; text: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  const args = ['node', 'jobmap', ...withTemporaryCache(['eval', '--review', reviewFile, '--transcripts', study, ...rules.flatMap((r) => ['--rules', r])])];
  const code = await main([...args, '--format', 'yaml'], io);
  expect(err).toBe('');
  const yaml = out;
  out = '';
  await main(args, io);
  return { code, scored: parse(yaml), text: out };
}

const row = (scored: Scored, category: string) => scored.categories.find((c) => c.category === category);

describe('jobmap eval --review: the review as a test set', { timeout: 60_000 }, () => {
  it('scores accepted as right, rejected as wrong and added as missed, per category and per rule', async () => {
    const { code, scored, text } = await evalReview();
    expect(code).toBe(0);
    expect(scored.review).toMatchObject({ accepted: 1, rejected: 1, added: 1 });
    expect(row(scored, 'pain')).toMatchObject({ labelled: 1, found: 1, right: 1, recalled: 1, precision: 1, recall: 1 });
    expect(row(scored, 'social')).toMatchObject({ labelled: 0, found: 1, precision: 0, recall: null });
    expect(row(scored, 'job')).toMatchObject({ labelled: 1, found: 0, precision: null, recall: 0 });
    expect(scored.rules.find((r) => r.rule === 'social.people-in-the-story')).toMatchObject({ correct: 0, otherLabel: 1 });
    expect(scored.errors.map((e) => [e.kind, e.category, e.sentence])).toEqual([
      ['false_negative', 'job', MEALS],
      ['false_positive', 'social', MEALS],
    ]);
    expect(text).toContain('the reviewer accepted 1, rejected 1, added 1');
    expect(text).toMatch(/rule +weight +fired +accepted +rejected +unreviewed +precision +only it\n/);
    expect(text).toContain('Accepted or added by the reviewer, not found (1):');
  });

  it('shows what a rule edit did on the study: the added job is found, the switched-off pain is missed', async () => {
    const { scored } = await evalReview(jobRule, painOff);
    expect(row(scored, 'job')).toMatchObject({ labelled: 1, found: 1, precision: 1, recall: 1 });
    expect(scored.rules.find((r) => r.rule === 'job.go-to-planning')).toMatchObject({ correct: 1, otherLabel: 0 });
    expect(row(scored, 'pain')).toMatchObject({ labelled: 1, found: 0, recall: 0 });
    expect(scored.errors).toContainEqual(expect.objectContaining({ kind: 'false_negative', category: 'pain', sentence: NIGHTMARE }));
  });

  it('needs the study: --review without --transcripts is an error, and so is eval without --gold or --review', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t) };
    expect(await main(['node', 'jobmap', 'eval', '--review', reviewFile], io)).toBe(2);
    expect(err).toContain('eval --review needs --transcripts <folder>');
    expect(await main(['node', 'jobmap', 'eval'], io)).toBe(2);
    expect(err).toContain('eval needs --gold <labels> or --review <review.yaml>');
  });
});
