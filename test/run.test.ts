import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/pipeline.js';
import { entryOf, entryText } from '../src/run/cache.js';
import { parserLibraries } from '../src/run/codeVersion.js';
import { CachedGroupingMemo } from '../src/run/groupingMemo.js';
import { keptUnread } from '../src/run/keptFindings.js';
import { OUTCOMES_FILE } from '../src/run/outcomeMemo.js';
import { progressBar, progressLine } from '../src/progress.js';
import { programOutput, ROOT } from './helpers.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'jobmap-run-'));
}

/** A study folder holding three of the samples, so each test may change it. */
function study(): string {
  const dir = tempDir();
  for (const name of ['01-budgeting-app-switch.txt', '02-mattress-online.md', '06-home-security-cameras.txt']) {
    cpSync(path.join(ROOT, 'samples', name), path.join(dir, name));
  }
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, name);
    if (name.endsWith('.yaml')) files[name] = readFileSync(file, 'utf8');
  }
  return files;
}

const cacheEntries = (cacheDir: string) => readdirSync(cacheDir).filter((name) => /^jobmap-parse-[0-9a-f]{40}\.json$/.test(name));

describe('run: the parse cache', () => {
  it('parses on the first run, reads the cache on the next, and writes the same output', async () => {
    const input = study();
    const cacheDir = path.join(tempDir(), 'cache');
    const [coldOut, warmOut] = [tempDir(), tempDir()];
    const cold = await run({ input, outDir: coldOut, cacheDir, threads: 1 });
    const warm = await run({ input, outDir: warmOut, cacheDir, threads: 1 });
    expect([cold.fromCache, warm.fromCache]).toEqual([0, 3]);
    expect(cacheEntries(cacheDir)).toHaveLength(3);
    expect(snapshot(warmOut)).toEqual(snapshot(coldOut));
  });

  it('parses only the transcript that was added or changed, and drops the entry of the old version', async () => {
    const input = study();
    const cacheDir = path.join(tempDir(), 'cache');
    const out = tempDir();
    await run({ input, outDir: out, cacheDir, threads: 1 });
    cpSync(path.join(ROOT, 'samples', '04-meal-kit-cancel.md'), path.join(input, '04-meal-kit-cancel.md'));
    writeFileSync(path.join(input, '02-mattress-online.md'), readFileSync(path.join(input, '02-mattress-online.md'), 'utf8') + '\nInterviewer: Thanks!\n');
    const report = await run({ input, outDir: out, cacheDir, threads: 1 });
    expect(report.fromCache).toBe(2);
    expect(cacheEntries(cacheDir)).toHaveLength(4);
  });

  it('rebuilds a corrupt or truncated entry instead of trusting it', async () => {
    const input = study();
    const cacheDir = path.join(tempDir(), 'cache');
    const [firstOut, secondOut] = [tempDir(), tempDir()];
    await run({ input, outDir: firstOut, cacheDir, threads: 1 });
    const [broken, truncated] = cacheEntries(cacheDir);
    // the rules' hits are kept beside each parse: broken too, or the run would not need the parse
    const hitsOf = (parse: string) => parse.replace('jobmap-parse-', 'jobmap-hits-');
    // and each file's outcome, which would answer without either: gone, as after a new jobmap
    rmSync(path.join(cacheDir, OUTCOMES_FILE));
    for (const name of [broken!, hitsOf(broken!)]) writeFileSync(path.join(cacheDir, name), 'not json at all');
    for (const name of [truncated!, hitsOf(truncated!)]) {
      const entry = readFileSync(path.join(cacheDir, name), 'utf8');
      writeFileSync(path.join(cacheDir, name), entry.slice(0, entry.length / 2));
    }
    const report = await run({ input, outDir: secondOut, cacheDir, threads: 1 });
    expect(report.fromCache).toBe(1);
    expect(snapshot(secondOut)).toEqual(snapshot(firstOut));
    for (const name of [broken!, hitsOf(broken!)]) expect(readFileSync(path.join(cacheDir, name), 'utf8')).toMatch(/^jobmap parse cache, sha256 [0-9a-f]{64}\n\{"key"/);
  });

  it('names its entries by every library the parse comes from, so a new version of any of them parses again', () => {
    // tokens and lemmas (wink-nlp and its model), stems (natural), Word text (mammoth), front matter (yaml)
    expect(parserLibraries()).toEqual(expect.arrayContaining(['mammoth', 'natural', 'wink-eng-lite-web-model', 'wink-nlp', 'yaml']));
    const code: [string, string][] = [
      ['x.ts', "import a from 'natural/lib/x.js';\nimport b from '@scope/pkg/sub';\nimport c from 'node:fs';\nimport d from './local.js';\nconst words = 'to from ' + 'by';"],
      // a library loaded when first needed counts as much as one imported
      ['y.ts', "const { default: late } = await import('late-lib');\nconst local = await import('./here.js');"],
    ];
    expect(parserLibraries(code)).toEqual(['@scope/pkg', 'late-lib', 'natural', 'wink-eng-lite-web-model']);
  });

  it('keeps classifications under the word vectors they were made with, since they say what verb a noun names', async () => {
    const versionWith = async (identity: string) => {
      vi.resetModules();
      vi.doMock('../src/segment/vectors.js', async (original) => ({ ...(await original<object>()), wordVectorsIdentity: () => identity }));
      const { classifierVersion } = await import('../src/run/codeVersion.js');
      return classifierVersion();
    };
    try {
      expect(await versionWith('vectors one')).toBe(await versionWith('vectors one'));
      expect(await versionWith('vectors one')).not.toBe(await versionWith('vectors two'));
    } finally {
      vi.doUnmock('../src/segment/vectors.js');
      vi.resetModules();
    }
  });

  it('keeps nothing with cacheDir: false', async () => {
    const input = study();
    const before = existsSync('.jobmap-cache') ? readdirSync('.jobmap-cache') : [];
    const report = await run({ input, outDir: tempDir(), cacheDir: false, threads: 1 });
    expect(report.fromCache).toBe(0);
    expect(existsSync('.jobmap-cache') ? readdirSync('.jobmap-cache') : []).toEqual(before);
  });
});

function editedRules(phrase = 'a total pain to set up'): string {
  const dir = path.join(tempDir(), 'rules');
  cpSync(path.join(ROOT, 'rules'), dir, { recursive: true });
  const file = path.join(dir, 'pain.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/^(\s*phrases: \[)/m, `$1"${phrase}", `));
  return dir;
}

describe('run: the grouping memo', () => {
  /** The shipped rules copied, with one more pain phrase: an edit that leaves every job finding as it was. */

  interface StoredMemo {
    key: string;
    value: { statement: string; members: unknown }[];
  }
  const memoFile = (cacheDir: string) => path.join(cacheDir, 'jobmap-grouping.json');
  const readMemo = (cacheDir: string) => entryOf(readFileSync(memoFile(cacheDir), 'utf8')) as StoredMemo;

  it('keeps the last clusters in the cache folder, and a run after a pain rule edit takes them and writes what a run from scratch writes', async () => {
    const input = study();
    const cacheDir = path.join(tempDir(), 'cache');
    await run({ input, outDir: tempDir(), cacheDir, threads: 1 });
    const memo = readMemo(cacheDir);
    expect(memo.value.length).toBeGreaterThan(0);
    // a phrase the study says: pain findings change (so the map is made again), job findings do not
    const rulesDir = editedRules('mattress');
    const [remembered, fromScratch] = [tempDir(), tempDir()];
    const recall = vi.spyOn(CachedGroupingMemo.prototype, 'recall');
    try {
      const report = await run({ input, outDir: remembered, cacheDir, rulesDir, threads: 1 });
      expect(report.results.flatMap((r) => r.findings).filter((f) => f.rules.some((id) => id.startsWith('pain.'))).length).toBeGreaterThan(0);
      expect(recall.mock.results.map((result) => result.value)).toEqual([memo.value]);
    } finally {
      recall.mockRestore();
    }
    await run({ input, outDir: fromScratch, cacheDir: false, rulesDir, threads: 1 });
    expect(snapshot(remembered)).toEqual(snapshot(fromScratch));
    // the job findings did not change, so neither did the memo
    expect(readMemo(cacheDir).key).toBe(memo.key);
  });

  it('ignores a memo that was damaged, edited, of another shape, or that does not place every job finding once', async () => {
    const input = study();
    const cacheDir = path.join(tempDir(), 'cache');
    const fromScratch = tempDir();
    await run({ input, outDir: fromScratch, cacheDir: false, threads: 1 });
    await run({ input, outDir: tempDir(), cacheDir, threads: 1 });
    const good = readFileSync(memoFile(cacheDir), 'utf8');
    const memo = readMemo(cacheDir);
    const rewritten = (change: (jobs: StoredMemo['value']) => void) => {
      const copy = structuredClone(memo);
      change(copy.value);
      return entryText(copy);
    };
    const spoilt = [
      good.replace(memo.value[0]!.statement, 'a name nobody said'), // edited without its checksum
      good.slice(0, good.length / 2), // cut short
      rewritten((jobs) => jobs.splice(0, 1)),
      rewritten((jobs) => (jobs[1]!.members = [...(jobs[1]!.members as string[]), ...(jobs[0]!.members as string[])])),
      rewritten((jobs) => (jobs[0]!.members = 5)),
    ];
    for (const [i, text] of spoilt.entries()) {
      writeFileSync(memoFile(cacheDir), text);
      // the same input again: without this, the last map (run/mapMemo.ts) would be taken and nothing clustered
      rmSync(path.join(cacheDir, 'jobmap-map.json'));
      const out = tempDir();
      await run({ input, outDir: out, cacheDir, threads: 1 });
      expect(snapshot(out), `memo spoilt in way ${i}`).toEqual(snapshot(fromScratch));
    }
  });
});

describe('run: the job map memo', () => {
  it('takes the last map when an edit changed no finding: nothing grouped, no kept finding read, no file but the run state rewritten, the output a run from scratch writes', async () => {
    const input = study();
    const [cacheDir, out, fromScratch] = [path.join(tempDir(), 'cache'), tempDir(), tempDir()];
    await run({ input, outDir: out, cacheDir, threads: 1 });
    const rulesDir = editedRules('a total pain to set up');
    const recall = vi.spyOn(CachedGroupingMemo.prototype, 'recall');
    try {
      const report = await run({ input, outDir: out, cacheDir, rulesDir, threads: 1 });
      expect(recall).not.toHaveBeenCalled();
      // read only where the transcript's segment is joined to each finding
      const unsegmented = report.results.filter((r) => r.transcript.metadata.segment === undefined);
      expect(unsegmented.length).toBeGreaterThan(0);
      expect(unsegmented.every(keptUnread)).toBe(true);
      expect(report.changes?.rules.changed.length).toBe(1);
      expect(report.changes?.files).toEqual({ rewritten: 1, unchanged: report.written.files.length - 1, removed: 0 });
      expect(report.jobMap.stages.flatMap((stage) => stage.jobs).length).toBeGreaterThan(0);
    } finally {
      recall.mockRestore();
    }
    await run({ input, outDir: fromScratch, cacheDir: false, rulesDir, threads: 1 });
    expect(snapshot(out)).toEqual(snapshot(fromScratch));
  });

  it('renders a file of the map again when it is not as the last run left it, and ignores a map memo that was edited', async () => {
    const input = study();
    const [cacheDir, out, fromScratch] = [path.join(tempDir(), 'cache'), tempDir(), tempDir()];
    await run({ input, outDir: fromScratch, cacheDir: false, threads: 1 });
    await run({ input, outDir: out, cacheDir, threads: 1 });
    const jobs = path.join(out, 'jobs.yaml');
    writeFileSync(jobs, readFileSync(jobs, 'utf8').replace(/statement: .*/, 'statement: renamed by hand'));
    const memo = path.join(cacheDir, 'jobmap-map.json');
    writeFileSync(memo, readFileSync(memo, 'utf8').replace(/"statement":"[^"]*"/, '"statement":"a name nobody said"'));
    const report = await run({ input, outDir: out, cacheDir, threads: 1 });
    expect(report.changes?.files?.rewritten).toBe(2);
    expect(snapshot(out)).toEqual(snapshot(fromScratch));
  });
});

describe('run: worker threads', () => {
  it('writes byte-identical output on one thread and on two (the built CLI, so real workers run)', async () => {
    const cli = path.join(ROOT, 'dist', 'bin.js');
    expect(existsSync(cli), 'dist/bin.js is missing: npm test builds it first').toBe(true);
    const input = path.join(ROOT, 'samples');
    const outputs: ReturnType<typeof snapshot>[] = [];
    for (const threads of ['1', '2']) {
      const out = path.join(tempDir(), 'out');
      const stdout = await programOutput(process.execPath, [cli, 'run', input, '--out', out, '--threads', threads, '--no-cache']);
      expect(stdout).toContain(`${threads} thread`);
      outputs.push(snapshot(out));
    }
    expect(Object.keys(outputs[0]!).length).toBeGreaterThan(3);
    expect(outputs[1]).toEqual(outputs[0]);
  }, 60_000);

  it('says how many threads the analysis ran on: none started when the last run\u2019s outcomes answer every file', async () => {
    const cli = path.join(ROOT, 'dist', 'bin.js');
    const [out, cache] = [path.join(tempDir(), 'out'), path.join(tempDir(), 'cache')];
    const runs = () => programOutput(process.execPath, [cli, 'run', path.join(ROOT, 'samples'), '--out', out, '--threads', '2', '--cache', cache]);
    expect(await runs()).toContain(', 2 threads,');
    expect(await runs()).toContain(', 1 thread,');
  }, 60_000);
});

describe('the built command', () => {
  // npx jobmap in a clone runs dist/bin.js itself, not through node: without the bit, "Permission denied" (README quick start)
  it.skipIf(process.platform === 'win32')('runs as a program, as npx jobmap runs it in a clone', async () => {
    const cli = path.join(ROOT, 'dist', 'bin.js');
    expect((await programOutput(cli, ['--version'])).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('run: the progress bar', () => {
  const progress = { files: 3, totalFiles: 12, findings: 41, fromCache: 2 };

  it('shows files done, findings, elapsed time, rate and cache use on one line', () => {
    expect(progressLine(progress, 1.5)).toBe('[######------------------] 3/12 files, 41 findings, 1.5 s, 2 files/s, 2 from cache');
  });

  it('draws on a terminal once a run has taken a moment, and clears its line at the end', () => {
    let clock = 0;
    let written = '';
    const bar = progressBar({ isTTY: true, columns: 120, write: (t) => (written += t) }, () => clock);
    bar.update(progress);
    expect(written).toBe('');
    clock = 2000;
    bar.update(progress);
    bar.done();
    expect(written).toBe(`\r${progressLine(progress, 2)}\x1b[K\r\x1b[K`);
  });

  it('never writes a control character where output is not a terminal', () => {
    let clock = 0;
    let written = '';
    const bar = progressBar({ isTTY: false, write: (t) => (written += t) }, () => clock);
    clock = 10_000;
    bar.update(progress);
    bar.done();
    expect(written).toBe('');
  });
});
