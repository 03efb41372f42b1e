// npm run bench: how fast jobmap is against bare wink-nlp, cold and after a rule edit,
// at 1x, 4x and 16x a corpus, and whether it meets the targets of issue 5.
// Uses ../shared/corpus when it is there, scaled copies of samples/ otherwise.
// Options: --scales 1,4,16   --record (write bench/RESULTS.md)   --threads N
// Rows: cold; stats after it, and again; warm, re-run and preview each with one rule edited that the cache has not seen (see scenarios below).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const scales = option('scales', '1,4,16').split(',').map(Number);
const threads = option('threads', undefined);
const record = args.includes('--record');

const SHARED_CORPUS = path.resolve(ROOT, '../shared/corpus/anthropic-interviewer/transcripts');
const corpus = existsSync(SHARED_CORPUS) ? SHARED_CORPUS : path.join(ROOT, 'samples');
const corpusName = corpus === SHARED_CORPUS ? '../shared/corpus/anthropic-interviewer/transcripts' : 'samples/ (../shared/corpus not found)';
// samples/ is small: scale it up first so a run takes long enough to measure
const baseCopies = corpus === SHARED_CORPUS ? 1 : 100;

const work = mkdtempSync(path.join(os.tmpdir(), 'jobmap-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** A folder holding `copies` links to the corpus: repeated files, as the issue asks, without copying gigabytes. */
function scaledCorpus(copies) {
  const dir = path.join(work, `corpus-x${copies}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= copies; i++) symlinkSync(corpus, path.join(dir, `copy-${String(i).padStart(3, '0')}`), 'dir');
  return dir;
}

/** Runs a script in a fresh process; returns its JSON lines and the wall time seen from outside (start-up included). */
function timed(script, scriptArgs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', script), ...scriptArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      resolve({
        wall: (performance.now() - started) / 1000,
        lines: out
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      });
    });
  });
}

/**
 * The edits of a tuning session, one more phrase each (a rule edit as a
 * researcher makes it). The first three, in a different rule each time, are
 * phrases the corpus does not hold; the last two are phrases people say
 * there (in 15 and 36 of the 1,234 interviews), so the run finds more pains
 * and rewrites what they change: a run is as fast as the files an edit could
 * touch allow, and these rows show it with files to touch. The last is one a
 * preview is for: "took so much time" is a pain, "saves so much time" is not.
 */
const EDITS = [
  ['pain.yaml', '"a total pain to set up"'],
  ['emotion.yaml', '"at the end of my rope"'],
  ['trigger.yaml', '"what finally pushed me"'],
  ['pain.yaml', '"rabbit hole"'],
  ['pain.yaml', '"so much time"'],
];

/**
 * The project's rules folder, as a researcher keeps it: a copy of the default
 * rules, edited in place between runs (one more edit each time).
 */
function rulesFolder(dir) {
  cpSync(path.join(ROOT, 'rules'), dir, { recursive: true });
  let made = 0;
  return {
    dir,
    /** Makes the edits up to `count`: each scenario after the first sees one rule more edited. */
    editedTo(count) {
      for (const [name, phrase] of EDITS.slice(made, count)) {
        const file = path.join(dir, name);
        const text = readFileSync(file, 'utf8');
        const edited = text.replace(/^(\s*phrases: \[)/m, `$1${phrase}, `);
        if (edited === text) throw new Error(`could not find a phrases list in rules/${name} to edit`);
        writeFileSync(file, edited);
      }
      made = Math.max(made, count);
      return dir;
    },
  };
}

const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const int = (n) => Math.round(n).toLocaleString('en-US');

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}, ${os.platform()}`;
// the machine may be shared: the load average (1 minute) says how much of it the runs had
const load = () => fmt(os.loadavg()[0], 2);
const loadAtStart = load();
console.log(`jobmap benchmark on ${corpusName}\nmachine: ${machine}\n`);

const base = baseCopies > 1 ? scaledCorpus(baseCopies) : corpus;
const wink = (await timed('wink.mjs', [base])).lines;
const words = wink[0].words;
const winkRate = wink[0].wordsPerSecond;
for (const w of wink) console.log(`bare wink-nlp (${w.name}, 1 thread): ${int(w.words)} words in ${fmt(w.seconds, 2)} s = ${int(w.wordsPerSecond)} words/s`);
console.log('');

const rows = [];
for (const scale of scales) {
  const input = baseCopies > 1 || scale > 1 ? scaledCorpus(scale * baseCopies) : corpus;
  const cache = path.join(work, `cache-x${scale}`);
  const project = rulesFolder(path.join(work, `rules-x${scale}`));
  const runArgs = (out, rulesDir, mode = 'run') => [input, path.join(work, out), cache, rulesDir, mode, ...(threads ? [threads] : [])];
  // cold: empty cache, the default rules (a copy, the project's rules folder). warm: a new output folder after one rule was edited (every file written).
  // re-run: the cold run's folder again, one more rule edited (only what changed is written); preview: `rules try`
  // with one more rule edited still, against that folder (nothing written). Each sees one rule the cache does not hold.
  // each edit is made just before its run, in the one rules folder, as a researcher edits and saves
  const scenarios = [
    ['cold', () => runArgs(`out-x${scale}`, project.editedTo(0))],
    // `jobmap stats` right after that run (from the hits it kept: no parse read), and again (from the counts the first kept)
    ['stats (first after the run)', () => runArgs(`out-x${scale}`, project.editedTo(0), 'stats')],
    ['stats (again)', () => runArgs(`out-x${scale}`, project.editedTo(0), 'stats')],
    ['warm (one rule edited)', () => runArgs(`out-x${scale}-warm`, project.editedTo(1))],
    ['re-run (one more rule edited)', () => runArgs(`out-x${scale}`, project.editedTo(2))],
    ['preview (rules try, one more)', () => runArgs(`out-x${scale}`, project.editedTo(3), 'try')],
    // the same two with a phrase said in the corpus: findings change, and the files that hold them are rewritten
    ['re-run (an edit that finds more)', () => runArgs(`out-x${scale}`, project.editedTo(4))],
    ['preview (one more that finds more)', () => runArgs(`out-x${scale}`, project.editedTo(5), 'try')],
  ];
  for (const [kind, scenarioArgs] of scenarios) {
    const result = await timed('child.mjs', scenarioArgs());
    // a count of rules is no throughput: only a run's rows are set against bare wink-nlp
    const rate = kind.startsWith('stats') ? null : (words * scale) / result.wall;
    rows.push({ scale, kind, wall: result.wall, run: result.lines[0], words: words * scale, rate });
  }
  rmSync(cache, { recursive: true, force: true });
}

const header = '| size | run | files | words | wall s | words/s | vs bare wink | analyse s | group s | write s | job statements | findings changed | peak MB | threads |';
const lines = [header, header.replace(/[^|]+/g, (cell) => '-'.repeat(cell.length))];
for (const { scale, kind, wall, run, words: w, rate } of rows) {
  const phases = run.seconds ? [fmt(run.seconds.analyse), fmt(run.seconds.group, 2), fmt(run.seconds.write)] : ['-', '-', '-'];
  const throughput = rate === null ? ['-', '-'] : [int(rate), `${fmt((100 * rate) / winkRate, 0)}%`];
  lines.push(
    `| ${scale}x | ${kind} | ${int(run.files)} | ${int(w)} | ${fmt(wall)} | ${throughput.join(' | ')} | ${phases.join(' | ')} | ` +
      `${run.statements === null ? '-' : int(run.statements)} | ${int(run.changed)} | ${int(run.peakMB)} | ${run.threads ?? '-'} |`,
  );
}
console.log(lines.join('\n'));

// How time grows with size: the ratio of each size's time to the 1x time, for the whole run and for grouping alone.
const growth = [];
const first = (kind) => rows.find((r) => r.kind === kind && r.scale === scales[0]);
for (const row of rows.filter((r) => r.kind === 'cold' && r.scale !== scales[0])) {
  const one = first('cold');
  const factor = row.scale / one.scale;
  growth.push(
    `${row.scale}x: ${fmt(row.wall / one.wall)} times the ${one.scale}x time for ${factor} times the words; ` +
      `grouping ${fmt(row.run.seconds.group / Math.max(one.run.seconds.group, 1e-3))} times for ${fmt(row.run.statements / one.run.statements)} times the statements`,
  );
}
if (growth.length) console.log('\nGrowth (cold):\n' + growth.map((g) => '  ' + g).join('\n'));

const verdicts = [];
const check = (ok, text) => verdicts.push(`${ok ? 'MET   ' : 'MISSED'} ${text}`);
const cold1 = rows.find((r) => r.kind === 'cold' && r.scale === 1);
const warm1 = rows.find((r) => r.kind.startsWith('warm') && r.scale === 1);
const rerun1 = rows.find((r) => r.kind.startsWith('re-run') && r.scale === 1);
const preview1 = rows.find((r) => r.kind.startsWith('preview') && r.scale === 1);
const findsMore = rows.filter((r) => r.kind.includes('finds more') && r.scale === 1);
const stats1 = rows.filter((r) => r.kind.startsWith('stats') && r.scale === 1);
if (cold1) check(cold1.rate >= 0.4 * winkRate, `cold end to end >= 40% of bare wink-nlp (default pipeline): ${fmt((100 * cold1.rate) / winkRate, 0)}%`);
if (corpus === SHARED_CORPUS && cold1) check(cold1.wall < 20, `1,234 interviews cold under 20 s: ${fmt(cold1.wall)} s`);
if (corpus === SHARED_CORPUS && warm1) check(warm1.wall < 5, `1,234 interviews after one rule edit under 5 s: ${fmt(warm1.wall)} s`);
if (corpus === SHARED_CORPUS && rerun1) check(rerun1.wall < 2.5, `1,234 interviews re-run after one rule edit, output written, under 2.5 s: ${fmt(rerun1.wall)} s`);
if (corpus === SHARED_CORPUS && preview1) check(preview1.wall < 1.5, `1,234 interviews, preview of one rule edit (rules try) under 1.5 s: ${fmt(preview1.wall)} s`);
for (const row of corpus === SHARED_CORPUS ? findsMore : []) {
  const [kind, limit] = row.kind.startsWith('re-run') ? ['re-run', 2.5] : ['preview', 1.5];
  check(row.wall < limit, `1,234 interviews, ${kind} of an edit that changes ${int(row.run.changed)} findings under ${limit} s: ${fmt(row.wall)} s`);
}
// issue 16: stats on the corpus under 3 s warm, the first time after a run as well as again
for (const row of corpus === SHARED_CORPUS ? stats1 : [])
  check(row.wall < 3, `1,234 interviews, ${row.kind.replace('stats ', 'stats, ').replace(/[()]/g, '')}, under 3 s: ${fmt(row.wall)} s`);
const cold16 = rows.find((r) => r.kind === 'cold' && r.scale === 16);
if (cold1 && cold16) check(cold16.wall <= 18 * cold1.wall, `16x corpus at most 18x the 1x time: ${fmt(cold16.wall / cold1.wall)}x`);
const peak = Math.max(...rows.map((r) => r.run.peakMB));
check(peak < 2048, `peak memory under 2 GB: ${int(peak)} MB`);
console.log('\nTargets:\n' + verdicts.map((v) => '  ' + v).join('\n'));

if (record) {
  const stamp = new Date().toISOString().slice(0, 10);
  const body = [
    `## ${stamp}: ${corpusName}`,
    '',
    `Machine: ${machine}; load average ${loadAtStart} at the start, ${load()} at the end.`,
    '',
    ...wink.map((w) => `- bare wink-nlp, ${w.name}, 1 thread: ${int(w.words)} words in ${fmt(w.seconds, 2)} s = ${int(w.wordsPerSecond)} words/s`),
    '',
    ...lines,
    '',
    ...(growth.length ? ['Growth (cold):', '', ...growth.map((g) => `- ${g}`), ''] : []),
    'Targets:',
    '',
    ...verdicts.map((v) => `- ${v}`),
    '',
  ].join('\n');
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // runs are the sections headed by a date; everything before the first one is kept as it is
  const [intro, ...runs] = previous.split(/^(?=## \d{4}-\d\d-\d\d)/m);
  writeFileSync(file, [intro?.trim() ? intro : '# Benchmark results\n\nWritten by `npm run bench -- --record`; newest first.\n\n', body + '\n', ...runs].join(''));
  console.log(`\nrecorded in ${path.relative(process.cwd(), file)}`);
}
