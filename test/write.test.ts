import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JobmapError } from '../src/errors.js';
import { sentenceHash } from '../src/extract/ids.js';
import { run } from '../src/pipeline.js';
import { openStaging, recoverStaging, stageFile } from '../src/write/stage.js';
import { FIXTURES } from './helpers.js';

const RULES = path.join(FIXTURES, 'rules');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'jobmap-write-'));
}

function studyFolder(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const INTERVIEW = 'Interviewer: What happened?\nParticipant: I was trying to get the invoices out. It was a nightmare.\n';

/** Every file under a folder with its text, jobmap's own run files (.jobmap-run.json) left out. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      if (name.name.startsWith('.jobmap-')) continue;
      const rel = path.join(sub, name.name);
      if (name.isDirectory()) walk(rel);
      else files[rel] = readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return files;
}

describe('write: outputs', () => {
  it('writes one YAML per transcript, jobs.yaml and summary.yaml, byte-identical on a second run', async () => {
    const input = studyFolder({ 'a.txt': INTERVIEW, 'nested/b.md': INTERVIEW, 'README.md': '# My study\nNotes.', 'nested/readme.txt': 'How we ran it.', 'photo.png': 'x' });
    const first = tempDir();
    const second = tempDir();
    await run({ input, outDir: first, rulesDir: RULES });
    await run({ input, outDir: second, rulesDir: RULES });
    const files = snapshot(first);
    expect(Object.keys(files).sort()).toEqual(['jobs.yaml', 'report.html', 'summary.yaml', 'transcripts/a.yaml', 'transcripts/nested--b.yaml']);
    expect(snapshot(second)).toEqual(files);
    const transcript = parse(files['transcripts/a.yaml']!);
    expect(transcript.findings.map((f: { id: string }) => f.id)).toEqual([
      `a#${sentenceHash('I was trying to get the invoices out.')}.job`,
      `a#${sentenceHash('It was a nightmare.')}.pain`,
    ]);
    expect(transcript.findings[0]).toMatchObject({ statement: 'get the invoices out', stage: 'use', at: 'a.txt:2:14', match: 'trying to get' });
    const [start, end] = transcript.findings[0].span;
    expect(transcript.findings[0].quote.slice(start, end)).toBe('trying to get');
    expect(parse(files['summary.yaml']!)).toMatchObject({ transcripts: 2, findings: 4, categories: { job: 2, pain: 2 } });
  });

  it('skips a bad transcript with its file and reason, and still writes the rest', async () => {
    const input = studyFolder({ 'good.txt': INTERVIEW, 'empty.txt': '', 'latin1.txt': new Uint8Array([0x41, 0x3a, 0x20, 0xe9]) });
    const out = tempDir();
    const report = await run({ input, outDir: out, rulesDir: RULES });
    expect(report.messages).toEqual([
      { reason: 'the file is empty', source: 'ingest', ruleId: 'skipped', place: { file: 'empty.txt' }, fatal: true },
      {
        reason: 'the file is not valid UTF-8 text (it may be Windows-1252 or Latin-1); save it as UTF-8 and run again',
        source: 'ingest',
        ruleId: 'skipped',
        place: { file: 'latin1.txt', start: { line: 1 } },
        fatal: true,
      },
    ]);
    expect(parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8')).skipped).toEqual([
      { file: 'empty.txt', error: 'empty.txt: the file is empty' },
      { file: 'latin1.txt', error: 'latin1.txt:1: the file is not valid UTF-8 text (it may be Windows-1252 or Latin-1); save it as UTF-8 and run again' },
    ]);
    expect(report.results.map((r) => r.transcript.id)).toEqual(['good']);
  });

  it('never overwrites a file it did not write', async () => {
    const input = studyFolder({ 'a.txt': INTERVIEW });
    const out = tempDir();
    writeFileSync(path.join(out, 'jobs.yaml'), 'my own notes\n');
    await expect(run({ input, outDir: out, rulesDir: RULES })).rejects.toThrow(
      /holds files jobmap did not write \(jobs\.yaml\); choose an empty or new --out folder, or add --force/,
    );
    await expect(run({ input, outDir: out, rulesDir: RULES, force: true })).rejects.toThrow(/was not written by jobmap; not overwriting it/);
    expect(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')).toBe('my own notes\n');
  });

  it('removes its own output for a transcript that is gone, and nothing else', async () => {
    const input = studyFolder({ 'a.txt': INTERVIEW, 'b.txt': INTERVIEW });
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    writeFileSync(path.join(out, 'transcripts', 'notes.yaml'), 'mine: true\n');
    await run({ input: studyFolder({ 'a.txt': INTERVIEW }), outDir: out, rulesDir: RULES });
    expect(existsSync(path.join(out, 'transcripts', 'b.yaml'))).toBe(false);
    expect(readdirSync(path.join(out, 'transcripts')).sort()).toEqual(['a.yaml', 'notes.yaml']);
  });
});

describe('write: ids from CSV rows', () => {
  const CSV = ['transcript_id,text', `P1,"${INTERVIEW}"`, `../../../escape,"${INTERVIEW}"`, `P1,"${INTERVIEW}"`, `/etc/passwd,"${INTERVIEW}"`].join('\n');

  it('gives every row a unique id that stays inside the output folder, and leaves no temporary file', async () => {
    const input = studyFolder({ 'study.csv': CSV, 'study/P1.md': INTERVIEW });
    const out = tempDir();
    const report = await run({ input, outDir: out, rulesDir: RULES });
    expect(report.messages).toEqual([]);
    expect(report.results.map((r) => r.transcript.id)).toEqual(['study--P1', 'study--escape', 'study--P1-2', 'study--etc--passwd', 'study--P1-3']);
    expect(Object.keys(snapshot(out)).sort()).toEqual([
      'jobs.yaml',
      'report.html',
      'summary.yaml',
      'transcripts/study--P1-2.yaml',
      'transcripts/study--P1-3.yaml',
      'transcripts/study--P1.yaml',
      'transcripts/study--escape.yaml',
      'transcripts/study--etc--passwd.yaml',
    ]);
    const row = parse(readFileSync(path.join(out, 'transcripts', 'study--escape.yaml'), 'utf8'));
    expect(row).toMatchObject({ file: 'study.csv', metadata: { transcript_id: '../../../escape' } });
    expect(row.findings[0].at).toBe('study.csv:6:14');
  });

  it("checks a row's output file is its own before writing anything", async () => {
    const input = studyFolder({ 'study.csv': CSV });
    const out = tempDir();
    mkdirSync(path.join(out, 'transcripts'));
    writeFileSync(path.join(out, 'transcripts', 'study--escape.yaml'), 'my notes on this participant\n');
    const error = await run({ input, outDir: out, rulesDir: RULES, force: true }).catch((e: JobmapError) => e);
    expect((error as JobmapError).format()).toBe(
      `${path.join(out, 'transcripts', 'study--escape.yaml')}: exists and was not written by jobmap; not overwriting it (choose another --out folder)`,
    );
    expect(readdirSync(out).sort()).toEqual(['transcripts']);
    expect(readdirSync(path.join(out, 'transcripts'))).toEqual(['study--escape.yaml']);
  });
});

describe('write: the output folder as a unit', () => {
  it('throws away what a run staged but never made current, and leaves the previous output as it was', async () => {
    const input = studyFolder({ 'a.txt': INTERVIEW });
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    const before = snapshot(out);
    await openStaging(out);
    await stageFile(out, 'jobs.yaml', 'half of a new run\n');
    expect(await recoverStaging(out)).toBe('discarded');
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(path.join(out, '.jobmap-staging'))).toBe(false);
  });

  it("leaves files that only look like leftovers: a user's *.tmp files are never removed", async () => {
    const input = studyFolder({ 'a.txt': INTERVIEW });
    const out = tempDir();
    await run({ input, outDir: out, rulesDir: RULES });
    for (const name of ['jobs.yaml.4242.tmp', 'data.yaml.2024.tmp', 'index.html.1.tmp', 'transcripts/a.yaml.4242.tmp']) writeFileSync(path.join(out, name), 'mine');
    await run({ input, outDir: out, rulesDir: RULES });
    expect(Object.keys(snapshot(out)).sort()).toEqual([
      'data.yaml.2024.tmp',
      'index.html.1.tmp',
      'jobs.yaml',
      'jobs.yaml.4242.tmp',
      'report.html',
      'summary.yaml',
      'transcripts/a.yaml',
      'transcripts/a.yaml.4242.tmp',
    ]);
  });
});
