import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { MAX_ID_BYTES } from '../src/ingest/index.js';
import { run } from '../src/pipeline.js';
import { OUTCOMES_FILE } from '../src/run/outcomeMemo.js';
import { describeMessage } from '../src/core/message.js';
import { fsChangeSource } from '../src/watch/index.js';
import { recoverStaging } from '../src/write/stage.js';
import { FIXTURES, folderOf, programRun, ROOT, withTemporaryCache } from './helpers.js';

// Everything a hostile (or unlucky) user did to jobmap in issue 17, each kept from coming back.
// No assertion depends on timing: a run is stopped at a named point (JOBMAP_PAUSE_AT) and
// killed once it says it is there, and a hang would show as the test's timeout.

const CLI = path.join(ROOT, 'dist', 'bin.js');
const RULES = path.join(FIXTURES, 'rules');
const INTERVIEW = 'Interviewer: What happened?\nParticipant: I was trying to get the invoices out. It was a nightmare.\n';
const OTHER = 'Interviewer: And then?\nParticipant: I was trying to find a cheaper plan. The price was a pain.\n';

const temp = (prefix = 'jobmap-hostile-') => mkdtempSync(path.join(os.tmpdir(), prefix));

async function jobmap(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'jobmap', ...withTemporaryCache(args)], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Every file under a folder with its text, jobmap's own run files left out. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (name.startsWith('.jobmap-')) continue;
    const file = path.join(dir, name);
    if (
      !readdirSync(path.dirname(file), { withFileTypes: true })
        .find((e) => e.name === path.basename(name))
        ?.isDirectory()
    )
      files[name] = readFileSync(file, 'utf8');
  }
  return files;
}

const runArgs = (input: string, out: string) => ['run', input, '--out', out, '--rules', RULES, '--no-default-rules', '--no-cache', '-q', '-j', '1'];

/** The built CLI in a child process, stopped at `point` (see src/write/pause.ts); resolves once it is there. */
async function pausedRun(args: string[], point: string): Promise<ChildProcess> {
  const signal = path.join(temp(), 'paused');
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, JOBMAP_PAUSE_AT: point, JOBMAP_PAUSE_FILE: signal }, stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    const look = setInterval(() => {
      if (existsSync(signal)) {
        clearInterval(look);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(look);
      reject(new Error(`the run ended (exit ${code}) before reaching "${point}"`));
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('hostile: the output folder as a unit', () => {
  it('refuses a second run into a folder another run is writing, naming it; takes over once that run is killed', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const out = path.join(temp(), 'out');
    const first = await pausedRun(runArgs(input, out), 'locked');
    const second = await jobmap(...runArgs(input, out));
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another jobmap run is writing this output folder (pid ${first.pid} on ${os.hostname()}, started 20`);
    await kill(first);
    const third = await jobmap(...runArgs(input, out));
    expect(third).toMatchObject({ code: 0, stderr: '' });
    expect(Object.keys(snapshot(out))).toEqual(['jobs.yaml', 'report.html', 'summary.yaml', 'transcripts/a.yaml']);
    expect(existsSync(path.join(out, '.jobmap-lock'))).toBe(false);
  });

  it('a run killed (SIGKILL) after writing its files, before making them current, leaves the previous output whole', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const out = path.join(temp(), 'out');
    expect((await jobmap(...runArgs(input, out))).code).toBe(0);
    const before = snapshot(out);
    writeFileSync(path.join(input, 'b.txt'), OTHER);
    await kill(await pausedRun(runArgs(input, out), 'staged'));
    expect(snapshot(out)).toEqual(before);
    const next = await jobmap(...runArgs(input, out).filter((a) => a !== '-q'));
    expect(next.stderr).toContain('an earlier run into this output folder was stopped before it finished; what it had written was thrown away');
    expect(Object.keys(snapshot(out))).toContain('transcripts/b.yaml');
  });

  it('a run killed while moving its files into place is finished before anything else reads the folder: the new output, whole', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const out = path.join(temp(), 'out');
    expect((await jobmap(...runArgs(input, out))).code).toBe(0);
    writeFileSync(path.join(input, 'b.txt'), OTHER);
    const expected = path.join(temp(), 'expected');
    expect((await jobmap(...runArgs(input, expected))).code).toBe(0);
    await kill(await pausedRun(runArgs(input, out), 'moving'));
    expect(await recoverStaging(out)).toBe('finished');
    expect(snapshot(out)).toEqual(snapshot(expected));
  });

  it('a read-only transcripts folder fails the run before anything is replaced (exit 2)', async () => {
    const base = temp();
    chmodSync(base, 0o755);
    const input = path.join(base, 'in');
    mkdirSync(input);
    writeFileSync(path.join(input, 'a.txt'), INTERVIEW);
    const out = path.join(base, 'out');
    expect((await jobmap(...runArgs(input, out))).code).toBe(0);
    const before = snapshot(out);
    writeFileSync(path.join(input, 'a.txt'), INTERVIEW + OTHER);
    chmodSync(path.join(out, 'transcripts'), 0o555);
    // root writes into a read-only folder anyway, so as root the run is made by nobody, who owns the output folder
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (asNobody.uid) chownSync(out, 65534, 65534);
    const result = await programRun(process.execPath, [CLI, ...runArgs(input, out)], asNobody);
    chmodSync(path.join(out, 'transcripts'), 0o755);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`jobmap: ${path.join(out, 'transcripts')}: cannot write here (EACCES); the previous output is left as it was\n`);
    expect(snapshot(out)).toEqual(before);
    // no lock or staging left behind; the last good run's state stays, for the next run to compare with
    expect(readdirSync(out).filter((name) => name.startsWith('.jobmap-'))).toEqual(['.jobmap-run.json']);
  });
});

describe("hostile: only jobmap's own files are removed or replaced", () => {
  it("keeps a user's *.tmp files in the output folder", async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const out = path.join(temp(), 'out');
    expect((await jobmap(...runArgs(input, out))).code).toBe(0);
    for (const name of ['data.yaml.2024.tmp', 'index.html.1.tmp']) writeFileSync(path.join(out, name), 'mine');
    expect((await jobmap(...runArgs(input, out))).code).toBe(0);
    expect(readFileSync(path.join(out, 'data.yaml.2024.tmp'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(out, 'index.html.1.tmp'), 'utf8')).toBe('mine');
  });

  it("keeps a user's files in a --cache folder: *.tmp, 40-hex .json, base-forms.json", async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const cache = temp();
    const theirs = { 'notes.tmp': 'mine', [`${'ab'.repeat(20)}.json`]: '{"mine":1}', 'base-forms.json': '{"mine":2}' };
    for (const [name, text] of Object.entries(theirs)) writeFileSync(path.join(cache, name), text);
    await run({ input, outDir: path.join(temp(), 'out'), rulesDir: RULES, cacheDir: cache, threads: 1 });
    for (const [name, text] of Object.entries(theirs)) expect(readFileSync(path.join(cache, name), 'utf8')).toBe(text);
    expect(readdirSync(cache).filter((name) => name.startsWith('jobmap-parse-'))).toHaveLength(1);
  });
});

describe('hostile: jobs suggest', () => {
  it('does not overwrite a --to file it did not write', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const to = path.join(temp(), 'codebook.yaml');
    writeFileSync(to, 'codebook: mine\n');
    const result = await jobmap('jobs', 'suggest', input, '--to', to, '--out', path.join(temp(), 'out'), '--rules', RULES, '--no-default-rules', '-q');
    expect(result).toMatchObject({ code: 2, stderr: `jobmap: ${to}: exists and was not written by jobs suggest; not overwriting it (choose another --to file)\n` });
    expect(readFileSync(to, 'utf8')).toBe('codebook: mine\n');
  });
});

describe('hostile: the parse cache is checked, never trusted', () => {
  it('rebuilds an entry edited into valid JSON of the wrong shape, or with other sentence text', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW, 'b.txt': OTHER });
    const cacheDir = temp();
    const out = path.join(temp(), 'out');
    await run({ input, outDir: out, rulesDir: RULES, cacheDir, threads: 1 });
    const before = snapshot(out);
    // each file's parse and the rules' hits kept beside it, edited alike: a finding is quoted from either
    const [nulled, edited] = readdirSync(cacheDir)
      .filter((name) => name.startsWith('jobmap-parse-'))
      .sort()
      .map((name) => [name, name.replace('jobmap-parse-', 'jobmap-hits-')].map((entry) => path.join(cacheDir, entry)));
    // and the last run's outcome of each file, one a line
    const outcomes = path.join(cacheDir, OUTCOMES_FILE);
    for (const file of [...nulled!, outcomes]) writeFileSync(file, readFileSync(file, 'utf8').replace(/"transcript":\{/, '"transcript":null,"was":{'));
    for (const file of [...edited!, outcomes]) writeFileSync(file, readFileSync(file, 'utf8').replaceAll('invoices', 'passwords').replaceAll('cheaper plan', 'secret plan'));
    const report = await run({ input, outDir: out, rulesDir: RULES, cacheDir, threads: 1 });
    expect(report.fromCache).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('hostile: rule regexes cannot hang a run', () => {
  it('accepts (\\w?\\w)+$ and (a?b|b)+$ and runs them on a long word', async () => {
    const rules = folderOf({
      'stages.yaml': 'model: journey\nstages:\n  - id: use\n',
      'pain.yaml': "category: pain\nrules:\n  - id: pain.long-word\n    regex: ['(\\w?\\w)+$', '(a?b|b)+$']\n",
    });
    expect((await jobmap('rules', 'check', rules, '--no-default-rules')).code).toBe(0);
    const input = folderOf({ 'a.txt': `Interviewer: What happened?\nParticipant: ${'b'.repeat(5000)}!\n` });
    const result = await jobmap('run', input, '--out', path.join(temp(), 'out'), '--rules', rules, '--no-default-rules', '-q');
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('hostile: paths', () => {
  it("refuses --out at the root, at the input folder and inside it (exit 2), and a folder of someone else's files unless --force", async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    expect(await jobmap(...runArgs(input, '/'))).toMatchObject({ code: 2, stderr: 'jobmap: /: is the root of the file system; choose a folder of its own for --out\n' });
    const file = path.join(input, 'a.txt');
    expect(await jobmap(...runArgs(input, file))).toMatchObject({ code: 2, stderr: `jobmap: ${file}: the output folder is a file; choose another --out folder\n` });
    for (const out of [input, path.join(input, 'out')]) {
      const result = await jobmap(...runArgs(input, out));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${out}: is inside the input folder ${input}, so the next run would read its own output`);
    }
    const theirs = folderOf({ 'thesis.docx': 'chapter one', 'notes.md': 'mine' });
    const refused = await jobmap(...runArgs(input, theirs));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds files jobmap did not write (notes.md, thesis.docx); choose an empty or new --out folder, or add --force');
    expect((await jobmap(...runArgs(input, theirs), '--force')).code).toBe(0);
    expect(readFileSync(path.join(theirs, 'notes.md'), 'utf8')).toBe('mine');
  });

  it('does not follow a link out of the input folder unless --follow-symlinks, and reads a link loop once', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const elsewhere = folderOf({ 'b.txt': OTHER });
    symlinkSync('/etc/passwd', path.join(input, 'passwd.txt'));
    symlinkSync(path.join(elsewhere, 'b.txt'), path.join(input, 'b.txt'));
    symlinkSync('.', path.join(input, 'self'));
    const out = path.join(temp(), 'out');
    const report = await run({ input, outDir: out, rulesDir: RULES, cacheDir: false, threads: 1 });
    expect(report.results.map((r) => r.transcript.id)).toEqual(['a']);
    expect(report.messages.map(describeMessage)).toEqual([
      `b.txt: a link to outside the input folder (${path.join(elsewhere, 'b.txt')}); --follow-symlinks reads it`,
      'passwd.txt: a link to outside the input folder (/etc/passwd); --follow-symlinks reads it',
      expect.stringMatching(/^self: a link to a folder read where it is/),
    ]);
    expect(JSON.stringify(snapshot(out))).not.toContain('root:');
    const followed = await run({ input, outDir: out, rulesDir: RULES, cacheDir: false, threads: 1, followSymlinks: true });
    expect(followed.results.map((r) => r.transcript.id)).toEqual(['a', 'b', 'passwd']);
  });

  it('keeps ids within file-name limits: a 251-letter file name and 200 nested folders', async () => {
    const longName = `${'p'.repeat(246)}x.txt`;
    const deep = Array.from({ length: 200 }, () => 'a').join('/');
    const input = folderOf({ [longName]: INTERVIEW, [`${deep}/interview.txt`]: OTHER });
    const out = path.join(temp(), 'out');
    const report = await run({ input, outDir: out, rulesDir: RULES, cacheDir: false, threads: 1 });
    expect(report.results).toHaveLength(2);
    for (const { transcript } of report.results) expect(Buffer.byteLength(transcript.id)).toBeLessThanOrEqual(MAX_ID_BYTES);
    expect(report.results.map((r) => r.transcript.id)).toEqual([expect.stringMatching(/^[0-9a-f]{8}-(a--)+interview$/), expect.stringMatching(/^[0-9a-f]{8}-p+x$/)]);
    expect(readdirSync(path.join(out, 'transcripts'))).toHaveLength(2);
  });
});

describe('hostile: watch', () => {
  /** The next change the source reports, as a promise. */
  function changes(folder: string) {
    const seen: string[] = [];
    let wake: (() => void) | undefined;
    const stop = fsChangeSource([folder], [], () => undefined).start((file) => {
      seen.push(file);
      wake?.();
    });
    const next = async (file: string) => {
      while (!seen.includes(file)) await new Promise<void>((resolve) => (wake = resolve));
      seen.splice(0);
    };
    return { next, stop };
  }

  it('still sees a file after it was saved by renaming a new copy over it, and files in a new folder', async () => {
    const folder = folderOf({ 'a.txt': INTERVIEW });
    const file = path.join(folder, 'a.txt');
    const source = changes(folder);
    for (const edit of ['first', 'second']) {
      writeFileSync(`${file}.new`, `${INTERVIEW}Participant: ${edit} edit.\n`);
      renameSync(`${file}.new`, file);
      await source.next(file);
    }
    mkdirSync(path.join(folder, 'later'));
    writeFileSync(path.join(folder, 'later', 'b.txt'), OTHER);
    await source.next(path.join(folder, 'later', 'b.txt'));
    source.stop();
  });

  it('refuses a folder that does not exist, exit 2', async () => {
    expect(await jobmap('watch', '/nonexistent-jobmap-folder')).toMatchObject({
      code: 2,
      stderr: 'jobmap: /nonexistent-jobmap-folder: input folder not found; jobmap watch needs a folder or file that exists\n',
    });
  });
});

describe('hostile: the command line', () => {
  it('prints its version', async () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await jobmap('--version')).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('eval: -f json is JSON, an unknown format or -e abc is refused (exit 2)', async () => {
    const gold = path.join(ROOT, 'samples', 'labels');
    const json = await jobmap('eval', '--gold', gold, '-f', 'json');
    expect(JSON.parse(json.stdout)).toHaveProperty('transcripts');
    expect(await jobmap('eval', '--gold', gold, '-e', 'abc')).toMatchObject({ code: 2, stderr: 'jobmap: --errors takes a whole number (or all), not "abc"\n' });
  });

  it('names a missing --review or --participants file, and a --segment-by no transcript has (exit 2)', async () => {
    const input = folderOf({ 'a.txt': `---\nplan: team\n---\n${INTERVIEW}` });
    const out = () => path.join(temp(), 'out');
    expect(await jobmap(...runArgs(input, out()), '--review', 'missing.yaml')).toMatchObject({
      code: 2,
      stderr: 'jobmap: missing.yaml: the review file (--review) does not exist\n',
    });
    expect(await jobmap(...runArgs(input, out()), '--participants', 'missing.yaml')).toMatchObject({
      code: 2,
      stderr: 'jobmap: missing.yaml: the participants file (--participants) does not exist\n',
    });
    expect(await jobmap(...runArgs(input, out()), '--segment-by', 'plann')).toMatchObject({
      code: 2,
      stderr: 'jobmap: segment attribute "plann" (--segment-by or segment_by in the config) is not set on any transcript; the attributes they have: plan\n',
    });
  });

  it('caps -j at the cores, with a note', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const result = await jobmap('run', input, '--out', path.join(temp(), 'out'), '--rules', RULES, '--no-default-rules', '--no-cache', '-j', '1000');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`jobmap: --threads 1000 is more than the ${os.availableParallelism()} cores here; using ${os.availableParallelism()}\n`);
  });

  it('skips a CSV whose quote never closes on its own row, at the line where it opened (exit 1)', async () => {
    const input = folderOf({ 'a.txt': INTERVIEW, 'study.csv': `id,text\nP1,"${INTERVIEW.replace(/\n/g, ' ')}\nP2,"${OTHER.replace(/\n/g, ' ')}"\n` });
    const result = await jobmap(...runArgs(input, path.join(temp(), 'out')));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('study.csv:2: a quoted field opened here is not closed where its field ends (it runs on to line 3, swallowing the rows between)');
  });
});
