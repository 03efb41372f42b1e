import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { byPlace, describeMessage, errorMessage, infoMessage, placeAt, warningMessage, type JobmapMessage } from '../src/core/message.js';
import { JobmapErrors } from '../src/errors.js';
import { loadRules } from '../src/rules/load.js';
import { formatJson, formatMessage, formatMessages } from '../src/write/messages.js';
import { FIXTURES, folderOf, MINIMAL_STAGES, withTemporaryCache } from './helpers.js';

const RULES = path.join(FIXTURES, 'rules');
const GOOD = 'Q: What happened?\nA: I was trying to get the invoices out. It was a nightmare.\n';

async function jobmap(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'jobmap', ...withTemporaryCache(args)], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A command's `--format json` output: one document, with its messages. */
function messagesOf(stdout: string): JobmapMessage[] {
  return (JSON.parse(stdout) as { messages: JobmapMessage[] }).messages;
}

describe('messages: one shape for what jobmap tells a user', () => {
  it('an error is fatal, a warning is not, information is neither; only what is known is set, in one order', () => {
    const skipped = errorMessage('ingest', 'the file is empty', { ruleId: 'skipped', place: placeAt('b.txt') });
    expect(skipped).toEqual({ reason: 'the file is empty', source: 'ingest', ruleId: 'skipped', place: { file: 'b.txt' }, fatal: true });
    expect(warningMessage('review', 'no finding has this id').fatal).toBe(false);
    expect(infoMessage('ingest', 'not a transcript format').fatal).toBeNull();
    const unknownKey = errorMessage('rules', 'unknown key "word"', { place: placeAt('pain.yaml', 4, 5), expected: ['words'], actual: 'word' });
    expect(Object.keys(unknownKey)).toEqual(['reason', 'source', 'place', 'fatal', 'expected', 'actual']);
  });

  it('a place reads file:line:col, as far as it is known', () => {
    expect(placeAt('a.vtt', 6)).toEqual({ file: 'a.vtt', start: { line: 6 } });
    expect(describeMessage(errorMessage('rules', 'bad', { place: placeAt('p.yaml', 4, 13) }))).toBe('p.yaml:4:13: bad');
    expect(describeMessage(errorMessage('ingest', 'empty', { place: placeAt('b.txt') }))).toBe('b.txt: empty');
    expect(describeMessage(errorMessage('jobmap', 'no rule folders'))).toBe('no rule folders');
  });

  it('sorts by file, then line and column', () => {
    const at = (file: string, line?: number, column?: number) => infoMessage('ingest', file, { place: placeAt(file, line, column) });
    const sorted = [at('b.txt'), at('a.txt', 9), at('a.txt', 2, 7), at('a.txt', 2, 3)].sort(byPlace);
    expect(sorted.map((m) => describeMessage(m).split(': ')[0])).toEqual(['a.txt:2:3', 'a.txt:2:7', 'a.txt:9', 'b.txt']);
  });
});

describe('messages: one formatter', () => {
  const messages = [
    errorMessage('ingest', 'the file is empty', { ruleId: 'skipped', place: placeAt('b.txt') }),
    warningMessage('review', 'job.gone (accept): no candidate job has this id in this run; kept in the review file', { ruleId: 'unmatched', place: placeAt('out/review.yaml', 8) }),
    warningMessage('participants', '"P9" names no transcript (an id, a file name or a participant: value)', { ruleId: 'unmatched', place: placeAt('participants.yaml', 3) }),
    infoMessage('ingest', 'not a transcript format jobmap reads', { ruleId: 'ignored', place: placeAt('call.m4a') }),
    errorMessage('rules', 'unknown key "word" in a rule', { place: placeAt('pain.yaml', 4, 5) }),
  ];

  it('prints text the way the command line always has: a word where the place alone would not say what happened', () => {
    expect(formatMessages(messages).split('\n')).toEqual([
      'skipped b.txt: the file is empty',
      'review: out/review.yaml:8: job.gone (accept): no candidate job has this id in this run; kept in the review file',
      'participants: participants.yaml:3: "P9" names no transcript (an id, a file name or a participant: value)',
      'ignored call.m4a: not a transcript format jobmap reads',
      'pain.yaml:4:5: unknown key "word" in a rule',
      '',
    ]);
    expect(formatMessages([])).toBe('');
  });

  it('prints JSON as one object with the messages whole, indented so two runs diff line by line', () => {
    const json = formatJson({ messages });
    expect(JSON.parse(json)).toEqual({ messages });
    expect(json).toMatch(/^\{\n {2}"messages": \[\n {4}\{\n {6}"reason": "the file is empty",\n {6}"source": "ingest",\n {6}"ruleId": "skipped",/);
    expect(json.endsWith('}\n')).toBe(true);
  });
});

/** The one problem a rule file with this `patterns:` or `regex:` block reports, as the formatter prints it, and its place. */
function patternProblem(cues: string, lexicon?: string): { line: string; message: JobmapMessage } {
  const dir = folderOf({
    'stages.yaml': MINIMAL_STAGES,
    'job.yaml': `category: job\nrules:\n  - id: job.x\n${cues}`,
    ...(lexicon ? { 'lexicons/tools.yaml': lexicon } : {}),
  });
  try {
    loadRules(dir);
  } catch (error) {
    if (!(error instanceof JobmapErrors)) throw error;
    expect(error.messages).toHaveLength(1);
    const message = error.messages[0]!;
    return { line: formatMessage(message).replace(`${dir}/`, ''), message };
  }
  throw new Error('the rules loaded');
}

describe('messages: a bad pattern points inside the pattern', () => {
  it('at the piece that is wrong, with its end, in a plain value', () => {
    const { line, message } = patternProblem('    patterns:\n      - i was (a|b trying\n');
    expect(line).toBe('job.yaml:5:15: bad pattern "i was (a|b trying": "(a|b" has no closing ")"');
    expect(message.place).toMatchObject({ start: { line: 5, column: 15 }, end: { line: 5, column: 19 } });
  });

  it('past the quote and the escapes of a quoted value', () => {
    // 'it''s #Nope': the # is the 7th character after the opening quote, as written
    expect(patternProblem("    patterns: ['it''s #Nope']\n").line).toMatch(/^job\.yaml:4:23: bad pattern "it's #Nope": unknown tag "#Nope"/);
    // "caf\u00e9 #Nope": six characters of the file make the é
    expect(patternProblem('    patterns: ["caf\\u00e9 #Nope"]\n').line).toMatch(/^job\.yaml:4:27: bad pattern "café #Nope": unknown tag "#Nope"/);
    // spaces before the pattern count
    expect(patternProblem('    patterns: ["  i was #Nope"]\n').line).toMatch(/^job\.yaml:4:25: /);
  });

  it('at the character a regex cannot have', () => {
    expect(patternProblem('    regex: ["price [z-a]"]\n').line).toMatch(
      /^job\.yaml:4:21: bad regex "price \[z-a\]": not a valid regular expression \(RE2 syntax\): invalid character class range/,
    );
    expect(patternProblem('    regex: ["slow(?! enough)"]\n').message.place).toMatchObject({ start: { line: 4, column: 18 }, end: { line: 4, column: 21 } });
  });

  it('where the pattern names a lexicon, and after one, in the pattern as written', () => {
    const tools = 'lexicon: tools\nwords: [excel, notion]\n';
    expect(patternProblem('    patterns: ["(@tool|pen) #Verb"]\n', tools).line).toMatch(
      /^job\.yaml:4:18: bad pattern "\(@tool\|pen\) #Verb": unknown lexicon "@tool" \(did you mean "tools"\?\)/,
    );
    // the lexicon's words are longer than its name: the bad tag is still found where it was written
    expect(patternProblem('    patterns: ["use (@tools) #Nope"]\n', tools).line).toMatch(/^job\.yaml:4:30: bad pattern "use \(@tools\) #Nope": unknown tag "#Nope"/);
  });

  it('at the whole value where its characters cannot be told apart (a folded block)', () => {
    expect(patternProblem('    patterns:\n      - >-\n        i was\n        #Nope\n').line).toMatch(/^job\.yaml:5:9: bad pattern "i was #Nope": unknown tag "#Nope"/);
  });
});

describe('messages: --format json on run, rules check and eval', () => {
  it('run: the skipped and ignored files as JSON on stdout, nothing else; exit 1 for the skipped one', async () => {
    const input = folderOf({ 'a.txt': GOOD, 'b.txt': '', 'call.m4a': 'audio' });
    const result = await jobmap(input, '--out', path.join(folderOf({}), 'out'), '--rules', RULES, '--no-default-rules', '--format', 'json');
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(messagesOf(result.stdout)).toEqual([
      // named from the working folder (summary.yaml keeps the path in the input folder)
      { reason: 'the file is empty', source: 'ingest', ruleId: 'skipped', place: { file: path.join(input, 'b.txt') }, fatal: true },
      {
        reason: expect.stringMatching(/^not a transcript format jobmap reads/),
        source: 'ingest',
        ruleId: 'ignored',
        place: { file: path.join(input, 'call.m4a') },
        fatal: null,
      },
    ]);
  });

  it("run: what stops it is a message too (exit 2), with the rule file's place", async () => {
    const missing = await jobmap('/no/such/folder', '--format', 'json');
    expect(missing).toMatchObject({ code: 2, stderr: '' });
    expect(messagesOf(missing.stdout)).toEqual([{ reason: 'input folder not found: /no/such/folder', source: 'jobmap', fatal: true }]);
    const rules = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    word: [a]\n    words: [b]\n' });
    const bad = await jobmap(folderOf({ 'a.txt': GOOD }), '--rules', rules, '--out', path.join(rules, 'out'), '-f', 'json');
    expect(bad.code).toBe(2);
    expect(messagesOf(bad.stdout)).toEqual([
      expect.objectContaining({
        source: 'rules',
        fatal: true,
        place: { file: path.join(rules, 'pain.yaml'), start: { line: 4, column: 5 }, end: { line: 4, column: 9 } },
        actual: 'word',
        expected: expect.arrayContaining(['words']),
      }),
    ]);
  });

  it('rules check: every problem as a message, or none; text stays as it was', async () => {
    const dir = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [a]\n    negation: blok\n' });
    const json = await jobmap('rules', 'check', dir, '--no-default-rules', '--format', 'json');
    expect(json).toMatchObject({ code: 1, stderr: '' });
    expect(messagesOf(json.stdout)).toEqual([
      {
        reason: '`negation` should be one of: block, require, ignore (did you mean "block"?)',
        source: 'rules',
        place: { file: path.join(dir, 'pain.yaml'), start: { line: 5, column: 15 }, end: { line: 5, column: 19 } },
        fatal: true,
        expected: ['block', 'require', 'ignore'],
        actual: 'blok',
      },
    ]);
    const text = await jobmap('rules', 'check', dir, '--no-default-rules');
    expect(text.stderr).toBe(`${path.join(dir, 'pain.yaml')}:5:15: \`negation\` should be one of: block, require, ignore (did you mean "block"?)\nrules check: 1 problem(s)\n`);
    expect(await jobmap('rules', 'check', RULES, '--no-default-rules', '-f', 'json')).toEqual({ code: 0, stdout: formatJson({ messages: [] }), stderr: '' });
    // several problems: in file and line order, whichever check found each
    const several = folderOf({
      'stages.yaml': MINIMAL_STAGES,
      'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [a]\n    negation: blok\n  - id: pain.y\n    wordz: [b]\n',
    });
    const lines = (await jobmap('rules', 'check', several, '--no-default-rules', '-f', 'json')).stdout;
    expect(messagesOf(lines).map((m) => m.place?.start?.line)).toEqual([5, 6, 7]);
    // a folder that is not there is a wrong argument, as for every command: exit 2, not a problem found
    expect(await jobmap('rules', 'check', '/no/such/rules')).toEqual({ code: 2, stdout: '', stderr: 'jobmap: /no/such/rules: rule folder not found\n' });
  });

  it('eval --format yaml: what stops it is YAML on stdout, as json has it as JSON', async () => {
    expect(await jobmap('eval', '--gold', '/no/such/labels', '--format', 'yaml')).toEqual({
      code: 2,
      stdout: 'problems:\n  - "gold labels not found: /no/such/labels"\n',
      stderr: '',
    });
  });

  it('eval: the scores with the messages beside them', async () => {
    const gold = mkdtempSync(path.join(os.tmpdir(), 'jobmap-gold-'));
    writeFileSync(path.join(gold, 'p1.yaml'), 'transcript: p1.txt\nsentences:\n  - text: "Something nobody said."\n    labels: [job]\n');
    const result = await jobmap('eval', '--gold', gold, '--transcripts', path.join(FIXTURES, 'eval', 'transcripts'), '--rules', RULES, '--no-default-rules', '-f', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { transcripts: number; messages: JobmapMessage[] };
    expect(report.transcripts).toBe(1);
    expect(report.messages).toEqual([
      {
        reason: 'label text not found in p1.txt: "Something nobody said."',
        source: 'eval',
        ruleId: 'not-scored',
        place: { file: path.join(gold, 'p1.yaml'), start: { line: 3 } },
        fatal: false,
      },
    ]);
  });

  it('refuses a format a command does not have', async () => {
    expect(await jobmap('rules', 'check', RULES, '--format', 'yaml')).toMatchObject({ code: 2, stderr: 'jobmap: --format takes one of text, json, not "yaml"\n' });
  });
});
