import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { FIXTURES, withTemporaryCache } from './helpers.js';

async function jobmap(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'jobmap', ...withTemporaryCache(args)], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = 'Q: What happened?\nA: I was trying to get the invoices out. It was a nightmare.\n';

describe('cli', () => {
  it('runs a folder and says what it found', async () => {
    const out = path.join(folder({}), 'out');
    const result = await jobmap(folder({ 'a.txt': GOOD }), '--out', out, '--rules', path.join(FIXTURES, 'rules'), '--no-default-rules');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('jobmap: 1 transcripts, 2 findings (1 job, 1 pain, 0 trigger');
    expect(result.stdout).toContain(`1 candidate jobs across 5 stages -> ${out}/jobs.yaml`);
  });

  it('exits 1 and names each skipped file, after writing the rest', async () => {
    const out = path.join(folder({}), 'out');
    const input = folder({ 'a.txt': GOOD, 'b.txt': '' });
    const result = await jobmap(input, '-o', out, '-q', '-r', path.join(FIXTURES, 'rules'), '--no-default-rules');
    // named from the working folder, so it can be opened from where the command ran
    expect(result).toEqual({ code: 1, stdout: '', stderr: `skipped ${path.join(input, 'b.txt')}: the file is empty\n` });
  });

  it('exits 2 with file:line:col when a rule file is malformed, before reading anything', async () => {
    const rules = folder({ 'stages.yaml': 'stages:\n  - id: use\n', 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    word: [a]\n' });
    const result = await jobmap(folder({ 'a.txt': GOOD }), '--rules', rules, '--out', path.join(rules, 'out'));
    expect(result.code).toBe(2);
    expect(existsSync(path.join(rules, 'out'))).toBe(false);
    expect(result.stderr).toMatch(/^jobmap: \S*pain\.yaml:4:5: unknown key "word" in a rule \(did you mean "words"\?\)/);
  });

  it('exits 2 for a missing folder or a folder without transcripts', async () => {
    expect(await jobmap('/no/such/folder')).toMatchObject({ code: 2, stderr: 'jobmap: input folder not found: /no/such/folder\n' });
    const empty = folder({});
    mkdirSync(path.join(empty, 'sub'));
    expect((await jobmap(empty)).stderr).toBe(`jobmap: no transcripts (.txt, .md, .markdown, .vtt, .srt, .json, .csv, .tsv, .docx) found in ${empty}\n`);
  });

  it('reads every bad file it can, names each skipped one with its reason, lists ignored files, and exits 1', async () => {
    const dir = folder({
      'good.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nQ: What happened?\n\n00:00:04.000 --> 00:00:09.000\nA: I was trying to get the invoices out. It was a nightmare.\n',
      'empty.txt': '',
      'broken.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nQ: Why?\n\n00:00:04 --> soon\nA: Fees.\n',
      'rows.csv': 'id,notes\nP1,"A: fees"\n',
      'big.txt': GOOD + 'A: and more. '.repeat(200),
      'notes.pdf': '%PDF-1.4',
      'recording.m4a': 'audio',
      'labels.yaml': 'transcript: good.vtt\n',
    });
    writeFileSync(path.join(dir, 'photo.srt'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    const out = path.join(folder({}), 'out');
    const result = await jobmap(dir, '-o', out, '-r', path.join(FIXTURES, 'rules'), '--max-file-size', '1KB');
    expect(result.code).toBe(1);
    expect(result.stderr.replaceAll(`${dir}/`, '').split('\n')).toEqual([
      'skipped big.txt: the file is 2.6 KB, over the 1 KB limit; raise it with --max-file-size',
      'skipped broken.vtt:6: broken cue timing "00:00:04 --> soon"; expected "00:00:01.000 --> 00:00:04.000"',
      'skipped empty.txt: the file is empty',
      'skipped notes.pdf: not a transcript format jobmap reads (.pdf); export the transcript as .txt, .docx or .vtt instead of PDF',
      'skipped photo.srt: this looks like a binary file, not a transcript',
      'skipped rows.csv:1: no interview text column (looked for text, transcript, transcript_text, content, body, dialogue, conversation); the columns are: id, notes; name it with --csv-text',
      'ignored recording.m4a: not a transcript format jobmap reads (.txt, .md, .markdown, .vtt, .srt, .json, .csv, .tsv, .docx)',
      '',
    ]);
    expect(result.stdout).toContain('jobmap: 1 transcripts');
    expect(result.stdout).toContain('6 file(s) skipped');
    const summary = parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8'));
    expect(summary.skipped.map((s: { file: string }) => s.file)).toEqual(['big.txt', 'broken.vtt', 'empty.txt', 'notes.pdf', 'photo.srt', 'rows.csv']);
    expect(summary.ignored).toEqual([{ file: 'recording.m4a', reason: expect.stringContaining('not a transcript format') }]);
  });

  it('reads one named file; a named file of an unknown type is an error (exit 2)', async () => {
    const dir = folder({
      'a.srt': '1\n00:00:01,000 --> 00:00:02,000\nQ: What happened?\n\n2\n00:00:03,000 --> 00:00:06,000\nA: I was trying to get the invoices out.\n',
      'b.rtf': '{\\rtf1 hi}',
    });
    const out = path.join(folder({}), 'out');
    expect(await jobmap(path.join(dir, 'a.srt'), '-o', out, '-q', '-r', path.join(FIXTURES, 'rules'))).toMatchObject({ code: 0, stderr: '' });
    const bad = await jobmap(path.join(dir, 'b.rtf'), '-o', out, '-q');
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'jobmap: b.rtf: not a transcript format jobmap reads (.rtf); save it as .docx or .txt (no transcript could be read; nothing written)\n',
    });
  });

  it('refuses a size it cannot read', async () => {
    expect(await jobmap(folder({ 'a.txt': GOOD }), '--max-file-size', 'lots')).toMatchObject({ code: 2, stderr: expect.stringContaining('--max-file-size: "lots" is not a size') });
  });

  it('exits 2 with usage when the folder is missing', async () => {
    const result = await jobmap();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'folder'");
  });

  it('reads the project settings from --config: its rule folders, stage model and threshold', async () => {
    const project = folder({});
    mkdirSync(path.join(project, 'rules'));
    writeFileSync(path.join(project, 'rules', 'pain.yaml'), 'category: pain\nrules:\n  - id: pain.invoices\n    words: [invoice]\n    weight: 0.9\n');
    writeFileSync(path.join(project, 'jobmap.config.yaml'), 'rules:\n  folders: [rules]\nstages: job-map\nmin_confidence: 0.85\n');
    const out = path.join(project, 'out');
    const result = await jobmap(folder({ 'a.txt': GOOD }), '--out', out, '--config', path.join(project, 'jobmap.config.yaml'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // the project's invoice rule (0.9) clears 0.85, and so do two shipped pain rules agreeing on "a nightmare" (0.95); the shipped job rule (0.7) does not
    expect(result.stdout).toContain('jobmap: 1 transcripts, 2 findings (0 job, 2 pain, 0 trigger');
    expect(result.stdout).toContain('across 8 stages');
    expect((await jobmap('rules', 'check', '--config', path.join(project, 'nope.yaml'))).stderr).toMatch(/config file not found/);
  });
});
