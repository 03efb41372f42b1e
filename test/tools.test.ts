import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { displayPath } from '../src/errors.js';
import { formatStats, type RuleStats, type StatsReport } from '../src/tools/stats.js';
import { FIXTURES, folderOf, MINIMAL_STAGES, withTemporaryCache } from './helpers.js';

async function jobmap(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'jobmap', ...withTemporaryCache(args)], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const FIXTURE_RULES = path.join(FIXTURES, 'rules');

describe('jobmap rules test', () => {
  it('passes on the shipped rules', async () => {
    const result = await jobmap('rules', 'test');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^rules test: \d+ rules, \d+ examples: all passed\n$/);
  });

  it('prints each failure like a test runner: rule, file:line of the example, the sentence, what happened; exit 1', async () => {
    const dir = folderOf({
      'stages.yaml': MINIMAL_STAGES,
      'pain.yaml': [
        'category: pain',
        'rules:',
        '  - id: pain.hassle',
        '    words: [hassle]',
        '    examples:',
        '      match: ["It was no hassle."]',
        '      no_match: ["What a hassle."]',
        '',
      ].join('\n'),
    });
    const result = await jobmap('rules', 'test', dir, '--no-default-rules');
    expect(result.code).toBe(1);
    const file = displayPath(path.join(dir, 'pain.yaml'));
    expect(result.stdout).toBe(
      [
        `FAIL pain.hassle  ${file}:6`,
        '     expected a match: "It was no hassle."',
        '     got: blocked-by-negation on "hassle"',
        '',
        `FAIL pain.hassle  ${file}:7`,
        '     expected no match: "What a hassle."',
        '     got: fired on "hassle"',
        '',
        'rules test: 1 rules, 2 examples: 2 failed',
        '',
      ].join('\n'),
    );
  });
});

describe('jobmap rules check', () => {
  it('says what it loaded', async () => {
    const result = await jobmap('rules', 'check', FIXTURE_RULES, '--no-default-rules');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^rules check: 4 rules in 2 files, 0 lexicons, stage model "journey" \(\S*stages\.yaml\), no time file; no problems/);
  });

  it('lists every problem as file:line:col, exit 1', async () => {
    const dir = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    word: [a]\n    regex: ["(a|ab)+", "(\\\\w+) \\\\1"]\n' });
    const result = await jobmap('rules', 'check', dir, '--no-default-rules');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pain\.yaml:4:5: unknown key "word" in a rule \(did you mean "words"\?\)/);
    // a regex that would backtrack badly is fine on the linear-time engine; a back-reference it cannot run is named
    expect(result.stderr).not.toMatch(/\(a\|ab\)/);
    // pointed at the back-reference itself, past the quote and the escaped backslashes
    expect(result.stderr).toMatch(/pain\.yaml:5:32: bad regex "\(\\w\+\) \\1": a back-reference \("\\1", "\\k<name>"\) is not supported/);
    expect(result.stderr).toMatch(/rules check: 2 problem\(s\)\n$/);
  });

  it('checks the config file too', async () => {
    const dir = folderOf({ 'jobmap.config.yaml': 'stages: job-map\nthreshold: 0.5\n' });
    const result = await jobmap('rules', 'check', '--config', path.join(dir, 'jobmap.config.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /jobmap\.config\.yaml:2:1: unknown key "threshold" in jobmap\.config\.yaml; expected one of: rules, stages, categories, min_confidence, segment_by\nrules check: 1 problem\(s\)\n$/,
    );
  });
});

describe('jobmap explain', () => {
  it('shows each rule that fired or was blocked, on which words, and the finding with its stage and why', async () => {
    const result = await jobmap('explain', '--rules', FIXTURE_RULES, '--no-default-rules', '--text', "I couldn't find the export. It was no hassle though.");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'text.txt:1:1 Participant (participant): "I couldn\'t find the export."',
        '  fired   pain.could-not  on "find" (word "find", weight 0.5)',
        '  => pain (obstacle), confidence 0.5, stage use: no stage cue and no time; default stage',
        '',
        'text.txt:1:29 Participant (participant): "It was no hassle though."',
        '  blocked pain.hassle  blocked-by-negation on "hassle"',
        '  => no finding',
        '',
      ].join('\n'),
    );
  });

  it('names every condition that stops a rule, not only the first, since fixing one alone would not make it fire', async () => {
    const result = await jobmap('explain', '--text', 'Interviewer: What do you think?\nParticipant: Would it not be frustrating, I wonder?');
    expect(result.stdout).toContain(
      [
        '  blocked pain.frustrating-because  blocked-by-negation on "frustrating"',
        '                                    and needs-context on "frustrating" (no what or why (requires))',
      ].join('\n'),
    );
  });

  it('--format json gives the same as data: each rule with every condition that stops it, and the findings', async () => {
    const result = await jobmap('explain', '--format', 'json', '--text', 'Interviewer: What do you think?\nParticipant: Would it not be frustrating, I wonder? It took forever.');
    expect(result.code).toBe(0);
    const { sentences, messages } = JSON.parse(result.stdout);
    expect(messages).toEqual([]);
    expect(sentences.map((s: { text: string; at: { line: number } }) => [s.text, s.at.line])).toEqual([
      ['Would it not be frustrating, I wonder?', 2],
      ['It took forever.', 2],
    ]);
    expect(sentences[0].rules.find((r: { id: string }) => r.id === 'pain.frustrating-because')).toEqual({
      id: 'pain.frustrating-because',
      verdict: 'blocked',
      on: 'frustrating',
      entry: { kind: 'word', source: 'frustrating' },
      weight: 0.75,
      stoppedBy: [
        { status: 'blocked-by-negation', why: null },
        { status: 'needs-context', why: 'no what or why (requires)' },
      ],
    });
    expect(sentences[0].findings).toEqual([]);
    expect(sentences[1].findings).toEqual([expect.objectContaining({ category: 'pain', rules: ['pain.time-cost'], stage: 'use' })]);
    const missing = await jobmap('explain', '--format', 'json', path.join(folderOf({ 'a.txt': 'A: Fine.\n' }), 'a.txt:9'));
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).messages[0].reason).toMatch(/no sentence on line 9/);
  });

  it('FILE:LINE explains only the sentences on that line', async () => {
    const dir = folderOf({ 'a.txt': 'Q: How did you first hear about it?\nA: A friend told me.\nQ: And?\nA: Setting it up was a hassle.\n' });
    const result = await jobmap('explain', `${path.join(dir, 'a.txt')}:2`, '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(result.stdout).toBe(`${path.join(dir, 'a.txt')}:2:4 A (participant): "A friend told me."\n  no rule matched any of its words\n`);
    const hassle = await jobmap('explain', `${path.join(dir, 'a.txt')}:4`, '--rules', FIXTURE_RULES, '--no-default-rules');
    // "And?" is a follow-up: it goes on from the question before it
    expect(hassle.stdout).toContain(
      '  fired   pain.hassle  on "hassle" (word "hassle", weight 0.8)\n  time    past tense\n  => pain (struggle), confidence 0.8, stage awareness: follow-up to the question before, which has phrase "how did you first hear"\n',
    );
    const missing = await jobmap('explain', `${path.join(dir, 'a.txt')}:9`);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/a\.txt:9: no sentence on line 9\n/) });
  });
});

describe('jobmap stats', () => {
  it('counts fires and transcripts per rule, and lists rules that never fire and rules that fire too often', async () => {
    const dir = folderOf({
      'a.txt': 'Q: How was it?\nA: It was a hassle. A real nightmare. Then I was trying to fix it.\n',
      'b.txt': 'Q: And then?\nA: Another hassle.\n',
    });
    const result = await jobmap('stats', dir, '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('jobmap stats: 2 transcripts, 4 participant sentences, 4 rules');
    expect(result.stdout).toMatch(/pain\.hassle\s+3\s+2\s+75\.0%\s+0/);
    expect(result.stdout).toMatch(/Never fired \(2\):\n {2}pain\.could-not .*\n {2}pain\.workaround/);
    expect(result.stdout).toMatch(/Too broad: fire on more than 5% of the sentences they read \(2\):\n {2}job\.trying-to +25\.0%/);
  });

  it("--format json gives every rule's counts, the rules that never fire or fire too often by id, and the files skipped as messages", async () => {
    const dir = folderOf({
      'a.txt': 'Q: How was it?\nA: It was a hassle. A real nightmare. Then I was trying to fix it.\n',
      'b.txt': 'Q: And then?\nA: Another hassle.\n',
    });
    const result = await jobmap('stats', dir, '--rules', FIXTURE_RULES, '--no-default-rules', '--format', 'json');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ transcripts: 2, participantSentences: 4, neverFired: ['pain.could-not', 'pain.workaround'], messages: [] });
    expect(document.tooBroad).toContain('job.trying-to');
    expect(document.rules.find((r: RuleStats) => r.id === 'pain.hassle')).toMatchObject({ fired: 3, transcripts: 2, blocked: 0, share: 0.75 });
    const unread = await jobmap('stats', folderOf({ 'sheet.csv': 'pid,note\nP1,hello\n' }), '--rules', FIXTURE_RULES, '--no-default-rules', '--format', 'json');
    expect(unread.code).toBe(2);
    expect(JSON.parse(unread.stdout)).toMatchObject({ transcripts: 0, messages: [{ place: { file: expect.stringMatching(/sheet\.csv$/) }, fatal: true }] });
  });

  it('says which too-broad rules are weak cues, which never make a finding alone', () => {
    const rule = (id: string, weakCue: boolean): RuleStats => ({
      id,
      category: 'job',
      at: `rules/job.yaml:${id.length}`,
      fired: 50,
      transcripts: 5,
      blocked: 0,
      share: 0.1,
      weakCue,
    });
    const report: StatsReport = { transcripts: 5, participantSentences: 500, rules: [rule('job.cue', true), rule('job.strong', false)], neverFired: [], skipped: [], tooBroad: [] };
    report.tooBroad = report.rules;
    const text = formatStats(report);
    expect(text).toContain('  job.cue  10.0%  rules/job.yaml:7  (a weak cue: never a finding alone, it only adds to another rule)\n');
    expect(text).toContain('  job.strong  10.0%  rules/job.yaml:10\n');
  });

  it('reads transcripts the way run does: --csv-text and --csv-id too, and says when nothing could be read (exit 2)', async () => {
    const dir = folderOf({ 'sheet.csv': 'pid,answer\nP1,"Q: How was it?\nA: It was a hassle."\nP2,"Q: And?\nA: Another hassle."\n' });
    const unread = await jobmap('stats', dir, '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(unread.code).toBe(2);
    expect(unread.stdout).toMatch(/^jobmap stats: no transcript could be read \(1 skipped\):\n {2}sheet\.csv:1: no interview text column .* name it with --csv-text\n$/);
    const read = await jobmap('stats', dir, '--csv-text', 'answer', '--csv-id', 'pid', '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/pain\.hassle\s+2\s+2\s/);
    // explain finds the row that holds the line
    const second = await jobmap('explain', `${path.join(dir, 'sheet.csv')}:5`, '--csv-text', 'answer', '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(second.stdout).toMatch(/sheet\.csv:5:4 A \(participant\): "Another hassle\."/);
    // a blank line inside a cell belongs to its row
    const gap = folderOf({ 'gap.csv': 'pid,answer\nP1,"A: Fine."\nP2,"Q: And?\n\nA: Another hassle."\n' });
    const blank = await jobmap('explain', `${path.join(gap, 'gap.csv')}:4`, '--csv-text', 'answer', '--rules', FIXTURE_RULES, '--no-default-rules');
    expect(blank.stderr).toMatch(/gap\.csv:4: no sentence on line 4 \(the next one starts on line 5\)/);
  });
});
