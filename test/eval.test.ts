import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { formatEvalText } from '../src/eval/report.js';
import { evaluate } from '../src/eval/score.js';
import { bcubed, cohensKappa } from '../src/eval/measures.js';
import { FIXTURES, withTemporaryCache } from './helpers.js';
import { formatMessage } from '../src/write/messages.js';

const EVAL = path.join(FIXTURES, 'eval');
const options = { gold: [path.join(EVAL, 'gold')], transcriptsDir: path.join(EVAL, 'transcripts'), rulesDir: path.join(FIXTURES, 'rules') };

describe('eval: findings against hand labels', () => {
  it('scores each category: labelled, found, precision, recall, F1', async () => {
    const report = await evaluate(options);
    const byCategory = Object.fromEntries(report.categories.map((c) => [c.category, c]));
    // job: 1 labelled, found on it. pain: 2 labelled; "nightmare" found, "chase clients ... happily" blocked by unless;
    // "couldn't find" is a pain nobody labelled (a false positive).
    expect(byCategory.job).toEqual({ category: 'job', labelled: 1, found: 1, right: 1, recalled: 1, precision: 1, recall: 1, f1: 1, kappa: 1 });
    // kappa over the 5 participant sentences: 1 both, 1 labels only, 1 rules only, 2 neither -> (0.6 - 0.52) / 0.48
    expect(byCategory.pain).toEqual({ category: 'pain', labelled: 2, found: 2, right: 1, recalled: 1, precision: 0.5, recall: 0.5, f1: 0.5, kappa: 0.17 });
    expect(byCategory.emotion).toMatchObject({ labelled: 1, found: 0, precision: null, recall: 0, f1: 0 });
    expect(byCategory.trigger).toMatchObject({ labelled: 0, found: 0, precision: null, recall: null, f1: null });
    expect(report.macroF1).toBe(0.5); // job 1, pain 0.5, emotion 0; trigger and social are not labelled
    expect(report.stages).toMatchObject([{ model: 'journey', accuracy: 0.5, judged: 2 }]);
  });

  it('lists false positives with the rules that fired and false negatives with the nearest rule', async () => {
    const report = await evaluate(options);
    expect(report.errors).toContainEqual({
      kind: 'false_positive',
      category: 'pain',
      sentence: "I couldn't find the export button for ages.",
      at: expect.stringMatching(/p1\.txt:5$/),
      rules: ['pain.could-not'],
    });
    expect(report.errors).toContainEqual({
      kind: 'false_negative',
      category: 'pain',
      sentence: 'We kept having to chase clients by phone though, happily.',
      at: expect.stringMatching(/p1\.txt:4$/),
      rules: ['pain.workaround (blocked-by-unless "happily" on "We kept having to chase")'],
    });
    expect(report.errors.find((e) => e.kind === 'false_negative' && e.category === 'emotion')?.rules).toEqual([]);
  });

  it('prints a table, then the misses', async () => {
    const text = formatEvalText(await evaluate(options));
    expect(text).toContain('category  labelled  found precision  recall    F1  kappa');
    expect(text).toMatch(/job +1 +1 +1\.00 +1\.00 +1\.00 +\S+\npain +2 +2 +0\.50 +0\.50 +0\.50/);
    expect(text).toContain('trigger          0      0         -       -     -');
    expect(text).toContain('False negatives (2):');
    expect(text).toContain('no emotion rule matched any of its words');
  });

  it('reports a label whose text is not in the transcript, and exits 1', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'p1.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "Something nobody said."\n    labels: [job]\n');
    let out = '';
    const code = await main(
      [
        'node',
        'jobmap',
        ...withTemporaryCache(['eval', '--gold', gold, '--transcripts', options.transcriptsDir, '--rules', options.rulesDir, '--no-default-rules', '--format', 'yaml']),
      ],
      {
        out: (t) => (out += t),
        err: () => undefined,
      },
    );
    expect(code).toBe(1);
    expect(parse(out).problems).toEqual([`${path.join(gold, 'p1.yaml')}:3: label text not found in p1.txt: "Something nobody said."`]);
  });

  it('names file:line:col for a malformed gold file', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'bad.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "x"\n    labels: [jobs]\n');
    await expect(evaluate({ ...options, gold: [gold] })).rejects.toThrow(/bad\.yaml:4:14: unknown label "jobs"; expected one of: job, pain, trigger, emotion, social/);
  });
});

describe('eval: switch interviews, their stage model and the forces', () => {
  /** The fixture rules, a switch model beside the journey, and one force rule. */
  function switchRules(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-switch-rules-'));
    for (const name of ['job.yaml', 'pain.yaml', 'stages.yaml']) writeFileSync(path.join(dir, name), readFileSync(path.join(FIXTURES, 'rules', name)));
    writeFileSync(
      path.join(dir, 'switch.yaml'),
      [
        'model: switch',
        'default: consuming',
        'categories: [force]',
        'stages:',
        '  - id: first_thought',
        '    question_cues: { phrases: ["back then"] }',
        '  - id: deciding',
        '  - id: consuming',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'forces.yaml'), 'category: force\nrules:\n  - id: force.push\n    subtype: push\n    words: [nightmare]\n');
    return dir;
  }

  it("scores a gold file that says `stages: switch` with the switch model, and the rest with the run's", async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'journey.yaml'), readFileSync(path.join(EVAL, 'gold', 'p1.yaml')));
    writeFileSync(
      path.join(gold, 'switch.yaml'),
      [
        'transcript: p1.txt',
        'stages: switch',
        'sentences:',
        '  - text: "I was trying to get the invoices out before month-end."',
        '    labels: [job]',
        '    stage: first_thought',
        '  - text: "Honestly, it was a nightmare."',
        '    labels: []',
        '    stage: first_thought',
        '    force: push',
      ].join('\n'),
    );
    const report = await evaluate({ ...options, gold: [gold], rulesDir: switchRules() });
    expect(report.messages).toEqual([]);
    expect(report.stages.map((s) => [s.model, s.transcripts, s.accuracy, s.judged])).toEqual([
      ['journey', 1, 0.5, 2],
      // "back then" in the question before both answers puts them on first_thought, the force included
      ['switch', 1, 1, 2],
    ]);
    expect(report.forces).toEqual({ transcripts: 1, labelled: 1, found: 1, precision: 1, recall: 1, f1: 1, subtypeAccuracy: 1 });
  });

  it('names a gold file whose stage model no rule folder defines', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'x.yaml'), 'transcript: p1.txt\nstages: swich\nsentences: []\n');
    const report = await evaluate({ ...options, gold: [gold], rulesDir: switchRules() });
    expect(report.messages.map(formatMessage)).toEqual([
      `${path.join(gold, 'x.yaml')}: stages: unknown stage model "swich" (did you mean "switch"?); the rule folders define: journey, switch`,
    ]);
  });

  it('rejects a force that is none of the four', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'bad.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "x"\n    labels: []\n    force: pul\n');
    await expect(evaluate({ ...options, gold: [gold] })).rejects.toThrow(/bad\.yaml:5:12: `force` should be one of: push, pull, anxiety, habit \(did you mean "pull"\?\)/);
  });
});

describe('eval: agreement measures', () => {
  it("Cohen's kappa is agreement beyond what the two coders' yes-rates give by chance", () => {
    // 50 sentences: observed agreement 0.7; yes-rates 0.5 and 0.6 agree by chance 0.5 -> (0.7 - 0.5) / (1 - 0.5)
    expect(cohensKappa({ both: 20, goldOnly: 5, rulesOnly: 10, neither: 15 })).toBeCloseTo(0.4, 10);
    expect(cohensKappa({ both: 10, goldOnly: 0, rulesOnly: 0, neither: 40 })).toBe(1);
    expect(cohensKappa({ both: 0, goldOnly: 0, rulesOnly: 0, neither: 40 })).toBeNull();
  });

  it('B-cubed averages, per item, the share of its cluster in its group and of its group in its cluster', () => {
    const items = [
      { cluster: 'c1', group: 'invoices' },
      { cluster: 'c1', group: 'payments' },
      { cluster: 'c2', group: 'payments' },
      { cluster: 'c3', group: 'week' },
      { cluster: 'c3', group: 'week' },
    ];
    expect(bcubed(items)).toEqual({ precision: 0.8, recall: 0.8, f1: expect.closeTo(0.8, 10) });
    expect(bcubed(items.map((item, i) => ({ ...item, cluster: `alone-${i}` })))?.precision).toBe(1);
    expect(bcubed([])).toBeNull();
  });
});

describe('eval: several gold sources, CSV interviews, stages, groups and rules', () => {
  const sheet = { gold: [path.join(EVAL, 'sheet-gold')], transcriptsDir: path.join(EVAL, 'sheet'), rulesDir: path.join(FIXTURES, 'rules') };

  it('scores one interview of a CSV named as sheet.csv#row-id', async () => {
    const report = await evaluate(sheet);
    expect(report.messages).toEqual([]);
    expect(report.transcripts).toBe(2);
    expect(report.categories.find((c) => c.category === 'job')).toMatchObject({ labelled: 5, found: 5, f1: 1 });
  });

  it('takes folders and single files together, each file once', async () => {
    const one = path.join(EVAL, 'sheet-gold', 'p1.yaml');
    expect((await evaluate({ ...sheet, gold: [one] })).transcripts).toBe(1);
    expect((await evaluate({ ...sheet, gold: [one, path.join(EVAL, 'sheet-gold')] })).transcripts).toBe(2);
  });

  it('names a CSV interview that is not there', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'x.yaml'), 'transcript: interviews.csv#P9\nsentences: []\n');
    const report = await evaluate({ ...sheet, gold: [gold] });
    expect(report.messages.map(formatMessage)).toEqual([`${path.join(gold, 'x.yaml')}: no interview "P9" in interviews.csv`]);
  });

  it('reads a CSV the way run does: --csv-text and --csv-id name its columns', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(dir, 'answers.csv'), 'who,answer\nP1,"Interviewer: What was hard?\nParticipant: Honestly it was a hassle every single time."\n');
    writeFileSync(path.join(dir, 'p1.yaml'), 'transcript: answers.csv#P1\nsentences:\n  - { text: "Honestly it was a hassle every single time.", labels: [pain] }\n');
    const unread = await evaluate({ ...sheet, gold: [path.join(dir, 'p1.yaml')], transcriptsDir: dir });
    expect(formatMessage(unread.messages[0]!)).toMatch(/no interview text column/);
    const read = await evaluate({ ...sheet, gold: [path.join(dir, 'p1.yaml')], transcriptsDir: dir, ingest: { csvText: 'answer', csvId: 'who' } });
    expect(read.messages).toEqual([]);
    expect(read.categories.find((c) => c.category === 'pain')).toMatchObject({ labelled: 1, found: 1 });
  });

  it('counts a CSV row that could not be read as an interview, and says why a named one was skipped', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(dir, 's.csv'), 'id,text\nP1,\nP2,"Interviewer: What was hard?\nParticipant: It was a hassle."\n');
    writeFileSync(path.join(dir, 'whole.yaml'), 'transcript: s.csv\nsentences: []\n');
    writeFileSync(path.join(dir, 'p1.yaml'), 'transcript: s.csv#P1\nsentences: []\n');
    const report = await evaluate({ ...sheet, gold: [path.join(dir, 'whole.yaml'), path.join(dir, 'p1.yaml')], transcriptsDir: dir });
    expect(report.messages.map(formatMessage)).toEqual([
      `${path.join(dir, 'whole.yaml')}: s.csv holds 2 interviews; name one as s.csv#<id> (P2)`,
      expect.stringMatching(/p1\.yaml: interview "P1" of s\.csv was skipped: .*s\.csv:2: row "P1": the "text" column is empty/),
    ]);
  });

  it('asks which interview a gold file means when it names a CSV of several without #id', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'x.yaml'), 'transcript: interviews.csv\nsentences: []\n');
    const report = await evaluate({ ...sheet, gold: [gold] });
    expect(report.messages.map(formatMessage)).toEqual([`${path.join(gold, 'x.yaml')}: interviews.csv holds 2 interviews; name one as interviews.csv#<id> (P1, P2)`]);
  });

  it('puts stage accuracy beside always answering the commonest stage, with a confusion table', async () => {
    const { stages } = await evaluate(sheet);
    expect(stages).toEqual([
      {
        model: 'journey',
        transcripts: 2,
        accuracy: 0.8,
        right: 4,
        judged: 5,
        baseline: { stage: 'use', accuracy: 0.8 },
        perStage: [
          { stage: 'consideration', labelled: 1, right: 0, accuracy: 0 },
          { stage: 'use', labelled: 4, right: 4, accuracy: 1 },
        ],
        confusion: { consideration: { use: 1 }, use: { use: 4 } },
        errors: [expect.objectContaining({ labelled: 'consideration', placed: 'use', because: 'no stage cue and no time; default stage' })],
      },
    ]);
  });

  it("scores job grouping against the researcher's job: groups, with the merges and splits", async () => {
    const report = await evaluate(sheet);
    const { grouping } = report;
    // "send invoices to clients faster" and "... on time" make one candidate job, which the researcher split
    // into getting invoices out and getting paid; the week plans group as labelled.
    expect(grouping).toMatchObject({ sentences: 5, groups: 3, candidateJobs: 3, precision: 0.8, recall: 0.8, f1: 0.8 });
    expect(grouping?.merges).toEqual([{ job: 'send invoices to clients', groups: { 'get invoices out': 1, 'get paid on time': 1 } }]);
    expect(grouping?.splits).toEqual([{ group: 'get paid on time', jobs: { 'chase late payments': 1, 'send invoices to clients': 1 } }]);
    // cut at participants, every mention stands alone: the invoices job joined P1's invoices with P2's payments and the
    // week plans are two people's, so all this grouping does is join people; the labelled jobs, cut the same way, are
    // one mention each too, so a grouping that never joins two people could do no better (F1 0.75 both)
    expect(grouping?.withinParticipants).toEqual({ precision: 1, recall: 0.6, f1: 0.75, ceiling: 0.75 });
    const text = formatEvalText(report, { maxErrors: 0 });
    expect(text).toContain('within one participant: precision 1.00, recall 0.60, F1 0.75; the labelled jobs cut the same way (never joining two people) would score F1 0.75');
  });

  it('scores each rule on its own: fired, right, on other labels, on unlabelled sentences, and what only it finds', async () => {
    const { rules } = await evaluate(options);
    expect(rules.find((r) => r.rule === 'pain.could-not')).toMatchObject({ fired: 1, correct: 0, otherLabel: 0, unlabelled: 1, precision: 0, only: [] });
    expect(rules.find((r) => r.rule === 'pain.hassle')).toMatchObject({ fired: 1, correct: 1, precision: 1, only: [{ sentence: 'Honestly, it was a nightmare.' }] });
    expect(rules.find((r) => r.rule === 'pain.workaround')).toMatchObject({ fired: 0, precision: null });
    const text = formatEvalText(await evaluate(options), { byRule: true, maxErrors: 0 });
    expect(text).toMatch(/pain\.could-not +0\.50 +1 +0 +0 +1 +0\.00 +0 {2}< 0\.5/);
    expect(text).toContain('never fired here (1): pain.workaround');
  });

  it('refuses an unknown --format or --errors instead of guessing', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t) };
    const args = ['node', 'jobmap', 'eval', '--gold', options.gold[0]!, '--transcripts', options.transcriptsDir, '--rules', options.rulesDir, '--no-default-rules'];
    expect(await main([...args, '--format', 'jsn'], io)).toBe(2);
    expect(err).toContain('--format takes one of text, yaml, json, not "jsn"');
    expect(await main([...args, '--errors', 'abc'], io)).toBe(2);
    expect(err).toContain('--errors takes a whole number (or all), not "abc"');
  });
});
