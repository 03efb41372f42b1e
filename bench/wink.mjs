// The reference: bare wink-nlp reading every file of a folder, one thread, nothing else.
// Prints one JSON line per pipeline: words, seconds, words per second.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const [input] = process.argv.slice(2);
const files = (await fg('**/*.{txt,md}', { cwd: input, ignore: ['**/README.*', '**/SOURCES.*', '**/LICENSE.*'] })).sort();
const texts = await Promise.all(files.map((file) => readFile(path.join(input, file), 'utf8')));
const words = texts.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0);

for (const [name, pipe] of [
  ['default pipeline', undefined],
  ['sbd, negation, pos', ['sbd', 'negation', 'pos']],
]) {
  const nlp = pipe ? winkNLP(model, pipe) : winkNLP(model);
  const started = performance.now();
  for (const text of texts) nlp.readDoc(text);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ name, words, seconds, wordsPerSecond: words / seconds }) + '\n');
}
