import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { formatEvalText } from '../src/eval/report.js';
import { evaluate } from '../src/eval/score.js';
import { FIXTURES } from './helpers.js';

const EVAL = path.join(FIXTURES, 'eval');
const options = { goldDir: path.join(EVAL, 'gold'), transcriptsDir: path.join(EVAL, 'transcripts'), rulesDir: path.join(FIXTURES, 'rules') };

describe('eval: findings against hand labels', () => {
  it('scores each category: labelled, found, precision, recall, F1', async () => {
    const report = await evaluate(options);
    const byCategory = Object.fromEntries(report.categories.map((c) => [c.category, c]));
    // job: 1 labelled, found on it. pain: 2 labelled; "nightmare" found, "chase clients ... happily" blocked by unless;
    // "couldn't find" is a pain nobody labelled (a false positive).
    expect(byCategory.job).toEqual({ category: 'job', labelled: 1, found: 1, precision: 1, recall: 1, f1: 1 });
    expect(byCategory.pain).toEqual({ category: 'pain', labelled: 2, found: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(byCategory.emotion).toMatchObject({ labelled: 1, found: 0, precision: null, recall: 0, f1: 0 });
    expect(byCategory.trigger).toMatchObject({ labelled: 0, found: 0, precision: null, recall: null, f1: null });
    expect(report.macroF1).toBe(0.5); // job 1, pain 0.5, emotion 0; trigger and social are not labelled
    expect(report.stage).toEqual({ accuracy: 0.5, judged: 2 });
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
    expect(text).toContain('category  labelled  found precision  recall    F1\njob              1      1      1.00    1.00  1.00\npain             2      2      0.50    0.50  0.50');
    expect(text).toContain('trigger          0      0         -       -     -');
    expect(text).toContain('False negatives (2):');
    expect(text).toContain('no emotion rule matched any of its words');
  });

  it('reports a label whose text is not in the transcript, and exits 1', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'p1.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "Something nobody said."\n    labels: [job]\n');
    let out = '';
    const code = await main(['node', 'jobmap', 'eval', '--gold', gold, '--transcripts', options.transcriptsDir, '--rules', options.rulesDir, '--no-default-rules', '--format', 'yaml'], {
      out: (t) => (out += t),
      err: () => undefined,
    });
    expect(code).toBe(1);
    expect(parse(out).problems).toEqual([`${path.join(gold, 'p1.yaml')}:3: label text not found in p1.txt: "Something nobody said."`]);
  });

  it('names file:line:col for a malformed gold file', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'bad.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "x"\n    labels: [jobs]\n');
    await expect(evaluate({ ...options, goldDir: gold })).rejects.toThrow(/bad\.yaml:4:14: unknown label "jobs"; expected one of: job, pain, trigger, emotion, social/);
  });
});
