// node bench/size.mjs [--sizes 1,4,16] [--unlabelled]: how one transcript's run time grows with its size.
// Each size is one interview made of the corpus's interviews one after another (the samples
// when the corpus is not there), run alone in a fresh process, one thread, no cache.
// --unlabelled drops the speaker labels: notes read as one long turn of one participant.
// Issue 17 asks that a 16 MB transcript take at most about 4 times a 4 MB one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--sizes');
const sizes = (at >= 0 ? args[at + 1] : '1,4,16').split(',').map(Number);
const unlabelled = args.includes('--unlabelled');

const SHARED_CORPUS = path.resolve(ROOT, '../shared/corpus/anthropic-interviewer/transcripts');
const corpus = existsSync(SHARED_CORPUS) ? SHARED_CORPUS : path.join(ROOT, 'samples');
const work = mkdtempSync(path.join(os.tmpdir(), 'jobmap-size-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** The interviews' labelled turns, without their headers, as one long conversation. */
function turns() {
  const texts = readdirSync(corpus)
    .filter((name) => /\.(md|txt)$/.test(name))
    .sort()
    .map((name) => readFileSync(path.join(corpus, name), 'utf8'));
  const body = texts.map((text) => text.slice(Math.max(0, text.indexOf('\n---\n') + 5))).join('\n\n');
  // no colon is left, so no line reads as a speaker label, a timestamp or a header
  return unlabelled ? body.replace(/:/g, ',') : body;
}

function transcriptOf(megabytes) {
  const body = turns();
  const bytes = megabytes * 1024 * 1024;
  let text = '';
  while (text.length < bytes) text += body + '\n\n';
  const dir = path.join(work, `${megabytes}mb`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'interview.md'), text.slice(0, bytes));
  return dir;
}

const rows = [];
for (const megabytes of sizes) {
  const input = transcriptOf(megabytes);
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [
    path.join(ROOT, 'dist/bin.js'),
    'run',
    input,
    '--out',
    path.join(work, `out-${megabytes}`),
    '--no-cache',
    '-j',
    '1',
    '-q',
    '--max-file-size',
    '1GB',
  ]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push({ megabytes, seconds });
  console.log(`${String(megabytes).padStart(4)} MB  ${seconds.toFixed(1).padStart(7)} s`);
}
const base = rows.find((row) => row.megabytes === 4);
const top = rows.find((row) => row.megabytes === 16);
if (base && top) console.log(`16 MB / 4 MB: ${(top.seconds / base.seconds).toFixed(2)} (at most about 4 wanted)`);
