// Lists the participant sentences of corpus interviews, as jobmap splits them,
// numbered, each turn under the interviewer's question before it: what the
// silver set's annotators labelled (bench/silver/README.md).
//   node bench/silver/list-sentences.mjs FROM TO OUTDIR
// takes the corpus ids not in ../shared/eval/dev, sorted by the SHA-256 of
// `silver:<id>`, from FROM to TO (0 24 gave tune/, 24 49 without 00889 gave
// measure/), and writes OUTDIR/<id>.txt. Reads the built code: npm run build first.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTranscripts, readTranscripts } from '../../dist/index.js';
import { segmentTranscript } from '../../dist/segment/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/anthropic-interviewer/transcripts');
const DEV = path.resolve(ROOT, '../shared/eval/dev');
const [from, to, outDir] = process.argv.slice(2);
if (!outDir) throw new Error('usage: node bench/silver/list-sentences.mjs FROM TO OUTDIR');

const dev = new Set(readdirSync(DEV).map((name) => name.replace(/\.yaml$/, '')));
const order = (id) => createHash('sha256').update(`silver:${id}`).digest('hex');
const ids = readdirSync(CORPUS)
  .map((name) => name.replace(/\.md$/, ''))
  .filter((id) => !dev.has(id))
  .sort((a, b) => order(a).localeCompare(order(b)))
  .slice(Number(from), Number(to));

mkdirSync(outDir, { recursive: true });
const { sources } = await findTranscripts(CORPUS);
for (const id of ids) {
  const { transcripts } = await readTranscripts(sources.find((source) => source.file === `${id}.md`));
  const [transcript] = transcripts;
  let text = `# ${id}.md: participant sentences, numbered; "Q:" is the interviewer's turn before them\n`;
  let [turn, n] = [-1, 0];
  for (const sentence of segmentTranscript(transcript).sentences) {
    if (sentence.role !== 'participant') continue;
    if (sentence.turn !== turn) {
      const question = transcript.turns[sentence.turn - 1];
      if (question) text += `\nQ: ${question.text.replace(/\s+/g, ' ').slice(0, 600)}\n`;
      turn = sentence.turn;
    }
    text += `${++n}. ${sentence.text.replace(/\s+/g, ' ')}\n`;
  }
  writeFileSync(path.join(outDir, `${id}.txt`), text);
  console.log(`${id}: ${n} participant sentences`);
}
