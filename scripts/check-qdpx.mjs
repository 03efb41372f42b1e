#!/usr/bin/env node
// Exports the first N transcripts of a folder (by name) as a REFI-QDA project
// and checks it: project.qde against the QDA-XML 1.0 schema (xmllint), and
// every coded selection, cut out of its source's text by character position,
// against the quote of the finding it codes. For corpora that are not part of
// the project (../shared/corpus), so not a test:
//   node scripts/check-qdpx.mjs ../shared/corpus/anthropic-interviewer/transcripts 100
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { parse } from 'yaml';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [folder, count = '100'] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node scripts/check-qdpx.mjs <folder> [how many transcripts, by name; default 100]');
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'jobmap-check-qdpx-'));
const study = path.join(work, path.basename(path.resolve(folder)));
execFileSync('mkdir', [study]);
const names = readdirSync(folder)
  .filter((n) => !n.startsWith('.') && /\.(txt|md|vtt|srt|json|docx|csv|tsv)$/i.test(n))
  .sort()
  .slice(0, Number(count));
// links to the chosen transcripts, read as the study (links out of a folder are read only when asked)
for (const name of names) symlinkSync(path.resolve(folder, name), path.join(study, name));

const qdpx = path.join(work, 'study.qdpx');
execFileSync('node', [path.join(root, 'dist', 'bin.js'), 'export', 'qdpx', study, '--out', path.join(work, 'out'), '--to', qdpx, '-q', '--no-cache', '--follow-symlinks'], {
  stdio: 'inherit',
});

const archive = await JSZip.loadAsync(readFileSync(qdpx));
const qde = await archive.file('project.qde').async('string');
writeFileSync(path.join(work, 'project.qde'), qde);
execFileSync('xmllint', ['--noout', '--schema', path.join(root, 'test', 'fixtures', 'refi-qda', 'Project.xsd'), path.join(work, 'project.qde')], { stdio: 'inherit' });

const quotes = new Map();
for (const name of readdirSync(path.join(work, 'out', 'transcripts'))) {
  for (const finding of parse(readFileSync(path.join(work, 'out', 'transcripts', name), 'utf8')).findings ?? []) quotes.set(finding.id, finding.quote);
}
let sources = 0;
let selections = 0;
let codings = 0;
const wrong = [];
for (const source of qde.matchAll(/<TextSource [^>]*plainTextPath="internal:\/\/([^"]+)"[^>]*>([\s\S]*?)<\/TextSource>/g)) {
  sources++;
  const characters = Array.from(await archive.file(`sources/${source[1]}`).async('string'));
  for (const selection of source[2].matchAll(/<PlainTextSelection [^>]*name="([^"]+)" startPosition="(\d+)" endPosition="(\d+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)) {
    selections++;
    codings += [...selection[4].matchAll(/<Coding /g)].length;
    const cut = characters.slice(Number(selection[2]), Number(selection[3])).join('').replace(/\s/g, ' ');
    if (cut !== quotes.get(selection[1])) wrong.push(`${selection[1]}: "${cut}" is not "${quotes.get(selection[1])}"`);
  }
}
console.log(
  `${names.length} transcripts -> ${sources} sources, ${selections} coded selections (${codings} codings); project.qde valid; ${selections - wrong.length} of ${selections} selections are their finding's sentence`,
);
for (const line of wrong.slice(0, 20)) console.log(`  ${line}`);
process.exit(wrong.length ? 1 : 0);
