import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { FIXTURES } from './helpers.js';

async function jobmap(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'jobmap', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
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
    const result = await jobmap(folder({ 'a.txt': GOOD, 'b.txt': '' }), '-o', out, '-q', '-r', path.join(FIXTURES, 'rules'), '--no-default-rules');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'skipped b.txt: the file is empty\n' });
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
    expect((await jobmap(empty)).stderr).toBe(`jobmap: no transcripts (.txt, .md) found in ${empty}\n`);
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
    // only the project's invoice rule clears 0.85; the shipped job rule (0.7) does not
    expect(result.stdout).toContain('jobmap: 1 transcripts, 1 findings (0 job, 1 pain, 0 trigger');
    expect(result.stdout).toContain('across 8 stages');
    expect((await jobmap('rules', 'check', '--config', path.join(project, 'nope.yaml'))).stderr).toMatch(/config file not found/);
  });
});
