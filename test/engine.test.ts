import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Library from '../src/index.js';
import type { SourceOutcome } from '../src/run/analyse.js';
import { defaultCacheDir } from '../src/run/cache.js';
import { createJobmap } from '../src/run/engine.js';
import { heapGrowthPercentFor, LARGE_STUDY_BYTES } from '../src/run/heapGrowth.js';
import { engineOptionsOf } from '../src/cli/options.js';
import { leftWork } from '../src/run/pool.js';
import { ruleStats } from '../src/tools/stats.js';
import { folderOf, MINIMAL_STAGES, programOutput, ROOT } from './helpers.js';

const SAMPLES = path.join(ROOT, 'samples');
const EVERYTHING = { findings: true, turns: true, ruleCounts: true, parse: true };

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'jobmap-engine-'));
}

async function outcomesOf(stream: AsyncIterable<SourceOutcome>): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = [];
  for await (const outcome of stream) outcomes.push(outcome);
  return outcomes;
}

/** The file each outcome is about: its first transcript's, or its first skipped entry's. */
const fileOf = (outcome: SourceOutcome) => outcome.results[0]?.transcript.file ?? outcome.skipped[0]!.place!.file;

/** The library as built into dist/: only there do worker threads run (the tests run the TypeScript sources in one thread). */
async function built(): Promise<typeof Library> {
  const entry = path.join(ROOT, 'dist', 'index.js');
  expect(existsSync(entry), 'dist/ is missing: npm test builds it first').toBe(true);
  return (await import(entry)) as typeof Library;
}

/** The counts entries stats left in a cache folder. */
function countsEntries(cacheDir: string): string[] {
  return readdirSync(cacheDir)
    .filter((name) => name.startsWith('jobmap-counts-'))
    .map((name) => path.join(cacheDir, name));
}

/** A cache entry written back with another body, and a checksum that matches it. */
function rewriteEntry(file: string, change: (body: Record<string, unknown>) => void): void {
  const text = readFileSync(file, 'utf8');
  const body = JSON.parse(text.slice(text.indexOf('\n') + 1)) as Record<string, unknown>;
  change(body);
  const json = JSON.stringify(body);
  writeFileSync(file, `jobmap parse cache, sha256 ${createHash('sha256').update(json).digest('hex')}\n${json}`);
}

describe('createJobmap: the stream of analysed files', () => {
  it('yields one outcome per file, sorted by path, a file it cannot read in its place', async () => {
    const dir = folderOf({
      'b.txt': 'Participant: I plan the meals.\n',
      'a.txt': 'Participant: It was a hassle.\n',
      'sub/c.md': 'Participant: We export the data.\n',
      'notes.pdf': '%PDF',
      // not a format anyone exports transcripts in, so not listed (and no advice found on Object)
      'build.constructor': 'x',
    });
    const outcomes = await outcomesOf(createJobmap().analyse(dir));
    expect(outcomes.map(fileOf)).toEqual(['a.txt', 'b.txt', 'notes.pdf', 'sub/c.md']);
    expect(outcomes[2]).toMatchObject({ results: [], unread: true, skipped: [{ place: { file: 'notes.pdf' }, reason: expect.stringMatching(/^not a transcript format/) }] });
  });

  it('computes what the command asks for, and only that', async () => {
    const jobmap = createJobmap();
    const [byDefault] = await outcomesOf(jobmap.analyse(path.join(SAMPLES, '01-budgeting-app-switch.txt')));
    const [counts] = await outcomesOf(jobmap.analyse(path.join(SAMPLES, '01-budgeting-app-switch.txt'), { ruleCounts: true }));
    expect(byDefault!.results[0]!.findings.length).toBeGreaterThan(5);
    expect(Object.keys(byDefault!.results[0]!)).toEqual(['transcript', 'sentenceCount', 'findings']);
    expect(counts!.results[0]!.findings).toEqual([]);
    expect(Object.keys(counts!.results[0]!)).toEqual(['transcript', 'sentenceCount', 'findings', 'ruleCounts']);
    expect(counts!.results[0]!.ruleCounts!.rules.size).toBeGreaterThan(5);
  });

  it('gives the same outcomes, in the same order, on two worker threads as on one, and from the cache as from parsing', async () => {
    const library = await built();
    const cacheDir = tempDir();
    const passes = await Promise.all([
      outcomesOf(library.createJobmap({ threads: 1 }).analyse(SAMPLES, EVERYTHING)),
      outcomesOf(library.createJobmap({ threads: 2 }).analyse(SAMPLES, EVERYTHING)),
    ]);
    const cold = await outcomesOf(library.createJobmap({ threads: 2, cacheDir }).analyse(SAMPLES, EVERYTHING));
    const warm = await outcomesOf(library.createJobmap({ threads: 2, cacheDir }).analyse(SAMPLES, EVERYTHING));
    expect(passes[0]!.map(fileOf)).toEqual(
      readdirSync(SAMPLES)
        .filter((name) => /\.(txt|md|vtt|docx|json)$/.test(name))
        .sort(),
    );
    // the sources' own (TypeScript) engine, in this thread, agrees with the built one
    const inThread = await outcomesOf(createJobmap().analyse(SAMPLES, EVERYTHING));
    const withoutCacheFacts = (outcomes: SourceOutcome[]) => outcomes.map(({ results, skipped }) => ({ results, skipped }));
    for (const outcomes of [passes[1]!, cold, warm, inThread]) expect(withoutCacheFacts(outcomes)).toEqual(withoutCacheFacts(passes[0]!));
    expect(cold.filter((outcome) => outcome.fromCache)).toEqual([]);
    expect(warm.every((outcome) => outcome.fromCache)).toBe(true);
  }, 120_000);

  it('starts its worker threads before the rules are read, and ends them when the rules have a mistake, so the process can end', async () => {
    const script = path.join(tempDir(), 'early.mjs');
    const badRules = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    wrds: [a]\n' });
    writeFileSync(
      script,
      [
        `import { createJobmap } from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};`,
        // threads started early, then given their setup: the same outcomes as threads started with it
        `const early = createJobmap({ threads: 2 });`,
        `const { sources } = await early.sources(${JSON.stringify(SAMPLES)});`,
        `await early.startThreads(sources);`,
        `const found = [];`,
        `for await (const outcome of early.analyse(sources)) found.push(outcome.results.map((r) => r.findings.length).join(','));`,
        `const late = [];`,
        `for await (const outcome of createJobmap({ threads: 2 }).analyse(sources)) late.push(outcome.results.map((r) => r.findings.length).join(','));`,
        `console.log(found.length, JSON.stringify(found) === JSON.stringify(late));`,
        // threads started for rules that turn out to be wrong are not waited for
        `const bad = createJobmap({ threads: 2, rulesDir: ${JSON.stringify(badRules)} });`,
        `await bad.startThreads(sources);`,
        `try { bad.rules; } catch (error) { console.log(error.message.includes('wrds')); }`,
        // nor ones whose setup cannot be sent (a library caller's rules holding a function)
        `const unsendable = createJobmap({ threads: 2, loadedRules: { ...early.rules, hook: () => 0 } });`,
        `await unsendable.startThreads(sources);`,
        `try { for await (const outcome of unsendable.analyse(sources)) void outcome; } catch (error) { console.log(error.name); }`,
      ].join('\n'),
    );
    const files = readdirSync(SAMPLES).filter((name) => /\.(txt|md|vtt|docx|json)$/.test(name)).length;
    expect(await programOutput(process.execPath, [script], { timeout: 60_000 })).toBe(`${files} true\ntrue\nDataCloneError\n`);
  }, 60_000);

  it('has the threads it started early parse the first files while the rules are read, and hands them only their own files', async () => {
    const script = path.join(tempDir(), 'ahead.mjs');
    const cacheDir = tempDir();
    writeFileSync(
      script,
      [
        `import { readdirSync } from 'node:fs';`,
        `import { createJobmap } from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};`,
        `const parses = () => readdirSync(${JSON.stringify(cacheDir)}).filter((name) => name.startsWith('jobmap-parse-')).length;`,
        `const jobmap = createJobmap({ threads: 2, cacheDir: ${JSON.stringify(cacheDir)} });`,
        `const { sources } = await jobmap.sources(${JSON.stringify(SAMPLES)});`,
        `await jobmap.startThreads(sources);`,
        // no rule is read yet: the parses written now are the threads' own (without them this waits until the test fails)
        `while (parses() < 2) await new Promise((resolve) => setTimeout(resolve, 20));`,
        `const summary = (outcomes) => JSON.stringify(outcomes.map((o) => o.results.map((r) => [r.transcript.id, r.findings.map((f) => f.id)])));`,
        `const ahead = [];`,
        `for await (const outcome of jobmap.analyse(sources)) ahead.push(outcome);`,
        `const plain = [];`,
        `for await (const outcome of createJobmap({ threads: 1 }).analyse(sources)) plain.push(outcome);`,
        // a parse made ahead is this run's own, not one read back from the cache
        `console.log(summary(ahead) === summary(plain), ahead.filter((o) => o.fromCache).length);`,
        // threads started for some files, then asked for others: their parses are not taken
        `const other = createJobmap({ threads: 2 });`,
        `await other.startThreads(sources);`,
        `const reversed = [...sources].reverse();`,
        `const got = [];`,
        `for await (const outcome of other.analyse(reversed)) got.push(outcome);`,
        `console.log(summary(got) === summary([...plain].reverse()));`,
      ].join('\n'),
    );
    expect(await programOutput(process.execPath, [script], { timeout: 60_000 })).toBe('true 0\ntrue\n');
  }, 60_000);

  it('loses only the file a thread died on: the files it held are analysed by the thread that replaces it', async () => {
    const script = path.join(tempDir(), 'dies.mjs');
    writeFileSync(
      script,
      [
        `import { createJobmap } from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};`,
        `const summary = (outcomes) => outcomes.map((o) => o.skipped.length ? 'skipped ' + o.skipped[0].reason : o.results.map((r) => r.transcript.id + ' ' + r.findings.length).join(','));`,
        `const jobmap = createJobmap({ threads: 2 });`,
        `const { sources } = await jobmap.sources(${JSON.stringify(SAMPLES)});`,
        // threads started early hold files parsed ahead; the one given the third file dies on it (a thread reads the variable when it starts)
        `process.env.JOBMAP_DIE_ON = sources[2].file;`,
        `await jobmap.startThreads(sources);`,
        `const died = [];`,
        `for await (const outcome of jobmap.analyse(sources)) died.push(outcome);`,
        // the same files in this thread, where nothing dies
        `const whole = [];`,
        `for await (const outcome of createJobmap({ threads: 1 }).analyse(sources)) whole.push(outcome);`,
        `const [a, b] = [summary(died), summary(whole)];`,
        `console.log(a.filter((line, i) => line !== b[i]).join('\\n'));`,
      ].join('\n'),
    );
    expect(await programOutput(process.execPath, [script], { timeout: 60_000, env: { ...process.env } })).toBe(
      'skipped could not analyse: the worker thread stopped (exit code 70)\n',
    );
  }, 60_000);

  it('stops its worker threads when the command stops reading early, so the process can end', async () => {
    const script = path.join(tempDir(), 'first.mjs');
    writeFileSync(
      script,
      [
        `import { createJobmap } from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};`,
        `for await (const outcome of createJobmap({ threads: 2 }).analyse(${JSON.stringify(SAMPLES)})) { console.log(outcome.results.length, JSON.stringify(outcome.skipped)); break; }`,
        "console.log('after the loop');",
      ].join('\n'),
    );
    // a worker left running would keep the process alive until the timeout; a stream that never finished stopping, never reach the line after the loop
    expect(await programOutput(process.execPath, [script], { timeout: 60_000 })).toBe('1 []\nafter the loop\n');
  }, 60_000);
});

describe('stats over the cache: what it counted is kept, by rule', () => {
  const PAIN = ['category: pain', 'rules:', '  - id: pain.hassle', '    words: [hassle]', '  - id: pain.chore', '    words: [chore]', ''].join('\n');
  const rulesWith = (pain: string) => folderOf({ 'stages.yaml': MINIMAL_STAGES, 'pain.yaml': pain });
  const interviews = () => {
    const dir = tempDir();
    for (const name of ['01-budgeting-app-switch.txt', '04-meal-kit-cancel.md', '12-accounting-switch-notes.docx']) cpSync(path.join(SAMPLES, name), path.join(dir, name));
    writeFileSync(path.join(dir, 'p1.txt'), 'Interviewer: How was it?\nParticipant: It was a hassle. Cooking is a chore, a real chore.\n');
    return dir;
  };
  const parses = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'));

  it('counts again with neither the parse nor a rule when nothing changed, and gives what a count from scratch gives', async () => {
    const [dir, cacheDir, rulesDir] = [interviews(), tempDir(), rulesWith(PAIN)];
    const fresh = await ruleStats(dir, { rulesDir, cacheDir: false });
    expect(await ruleStats(dir, { rulesDir, cacheDir })).toEqual(fresh);
    expect(countsEntries(cacheDir)).toHaveLength(4);
    // without the parses, only the counts can answer
    for (const name of parses(cacheDir)) rmSync(path.join(cacheDir, name));
    expect(await ruleStats(dir, { rulesDir, cacheDir })).toEqual(fresh);
    expect(parses(cacheDir)).toEqual([]);
  });

  it('runs an edited rule again, and reads the others back', async () => {
    const [dir, cacheDir] = [interviews(), tempDir()];
    await ruleStats(dir, { rulesDir: rulesWith(PAIN), cacheDir });
    // a count planted in every entry shows where a count is read back rather than made
    for (const entry of countsEntries(cacheDir)) {
      rewriteEntry(entry, (body) => {
        for (const transcript of body.transcripts as { hits: number[][] }[])
          transcript.hits = [
            [0, 99, 0],
            [1, 99, 0],
          ];
      });
    }
    // a description (which moves the lines of the rules after it) leaves a rule's meaning as it was; other words do not
    const edited = rulesWith(PAIN.replace('words: [hassle]', 'description: Hassles.\n    words: [hassle]').replace('words: [chore]', 'words: [chore, hassle]'));
    const fresh = await ruleStats(dir, { rulesDir: edited, cacheDir: false });
    const counted = await ruleStats(dir, { rulesDir: edited, cacheDir });
    expect(counted.rules.find((r) => r.id === 'pain.hassle')).toMatchObject({ fired: 4 * 99, transcripts: 4 });
    expect(counted.rules.find((r) => r.id === 'pain.chore')).toEqual(fresh.rules.find((r) => r.id === 'pain.chore'));
  });

  it('does not trust a counts entry edited by hand, or one counted by other matching code', async () => {
    const [dir, cacheDir, rulesDir] = [interviews(), tempDir(), rulesWith(PAIN)];
    const fresh = await ruleStats(dir, { rulesDir, cacheDir });
    const [edited, otherCode] = countsEntries(cacheDir).sort();
    const inflate = (body: Record<string, unknown>) => {
      for (const transcript of body.transcripts as { hits: number[][] }[]) transcript.hits = [[0, 99, 0]];
    };
    // the same change twice: once with a checksum that no longer matches, once as counted by another version of jobmap
    rewriteEntry(edited!, inflate);
    writeFileSync(edited!, readFileSync(edited!, 'utf8').replace(/sha256 [0-9a-f]{64}/, `sha256 ${'0'.repeat(64)}`));
    rewriteEntry(otherCode!, (body) => {
      inflate(body);
      body.version = 'other code';
    });
    expect(await ruleStats(dir, { rulesDir, cacheDir })).toEqual(fresh);
  });
});

describe('the commands on the engine: one thread or two, cache cold or warm, the same answer', () => {
  it('stats, explain, eval and eval --review', async () => {
    const library = await built();
    const { evaluateReview } = (await import(path.join(ROOT, 'dist', 'eval', 'review.js'))) as typeof import('../src/eval/review.js');
    const study = tempDir();
    for (const name of ['01-budgeting-app-switch.txt', '04-meal-kit-cancel.md', '10-internet-provider-switch.vtt', '12-accounting-switch-notes.docx'])
      cpSync(path.join(SAMPLES, name), path.join(study, name));
    const review = path.join(tempDir(), 'review.yaml');
    writeFileSync(review, 'findings:\n  "04-meal-kit-cancel#000000.pain": accept\nadd:\n  - quote: copying the numbers into a spreadsheet by hand\n    category: job\n');
    // each command its own cache folder, as the CLI gives them, so none prunes another's entries
    const commands = (threads: number, cache: string | false) => {
      const options = (name: string) => ({ threads, cacheDir: cache && path.join(cache, name) });
      return Promise.all([
        library.ruleStats(study, options('stats')),
        library.explain({ file: path.join(study, '10-internet-provider-switch.vtt') }, options('explain')),
        library.evaluate({ gold: [path.join(SAMPLES, 'labels')], ...options('eval') }),
        evaluateReview({ review, transcriptsDir: study, ...options('review') }),
      ]);
    };
    const cacheDir = tempDir();
    const oneThread = await commands(1, false);
    expect([oneThread[0].transcripts, oneThread[2].transcripts, oneThread[3].transcripts]).toEqual([4, 7, 4]);
    expect(oneThread[1].length).toBeGreaterThan(5);
    // two threads parse on a cold cache, then read it back
    expect(await commands(2, cacheDir)).toEqual(oneThread);
    expect(await commands(2, cacheDir)).toEqual(oneThread);
    expect(readdirSync(cacheDir).sort()).toEqual(['eval', 'explain', 'review', 'stats']);
  }, 180_000);
});

describe('the files a rule edit leaves to analyse', () => {
  // a file the last run analysed is read from its cached parse and hits: about a twentieth of one parsed anew,
  // so a few dozen of them are analysed on the main thread rather than wait a second for threads to start
  it('count a file the last run analysed as a twentieth of a new one', () => {
    const left = Array.from({ length: 60 }, (_, i) => i);
    expect(
      leftWork(
        left,
        left.map(() => true),
      ),
    ).toBe(3);
    expect(
      leftWork(
        left,
        left.map(() => false),
      ),
    ).toBe(60);
    expect(
      leftWork(
        left,
        left.map((_, i) => i < 40),
      ),
    ).toBe(20 + 2);
    expect(leftWork([], [])).toBe(0);
  });
});

describe('the default cache folders', () => {
  it('are one per input; explain and eval, which name their files otherwise, keep their own apart from the run', () => {
    expect(defaultCacheDir('samples')).toMatch(/^\.jobmap-cache\/samples-[0-9a-f]{8}$/);
    expect(defaultCacheDir('samples/a.txt', 'explain')).toMatch(/^\.jobmap-cache\/explain-a\.txt-[0-9a-f]{8}$/);
    expect(defaultCacheDir('samples', 'eval')).toMatch(/^\.jobmap-cache\/eval-samples-[0-9a-f]{8}$/);
    expect(new Set([defaultCacheDir('samples'), defaultCacheDir('samples', 'eval'), defaultCacheDir('samples', 'explain')]).size).toBe(3);
  });
});

describe('how far the heap grows before it is collected', () => {
  it("is V8's own choice for a study up to about twice the corpus, and 1.3 times what is live above it, where memory runs short", () => {
    // the corpus: 1,234 interviews, 11.4 MB; 16 copies of it peaked at 1.9 to 2.2 GB with V8's choice
    expect(heapGrowthPercentFor(11_362_622)).toBeUndefined();
    expect(heapGrowthPercentFor(LARGE_STUDY_BYTES - 1)).toBeUndefined();
    expect(heapGrowthPercentFor(LARGE_STUDY_BYTES)).toBe(30);
    expect(heapGrowthPercentFor(16 * 11_362_622)).toBe(30);
  });

  it('is asked for by the CLI, which owns its process (a library user asks with `leanHeap`)', () => {
    expect(engineOptionsOf({ maxFileSize: '20MB', cache: false }, undefined).leanHeap).toBe(true);
  });
});
