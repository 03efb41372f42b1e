import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordVectorsIdentity } from '../segment/vectors.js';

/**
 * The versions of jobmap's own code that cached results depend on: a parse on
 * the ingest and segment code and the libraries it reads with, a count or a
 * rule hit on the matching code too, a classification on classify's. Each is
 * a hash of the code's text, so an upgrade, or an edit while developing,
 * starts new entries instead of trusting old ones.
 */

let version: string | undefined;
let matcher: string | undefined;
let classifier: string | undefined;
let hits: string | undefined;
let writer: string | undefined;

/** The model is loaded by name at run time rather than imported, so no import statement names it. */
const MODEL = 'wink-eng-lite-web-model';

/**
 * What a parse depends on besides the file: the cache format, this jobmap's
 * ingest and segment code, and the version of every library that code
 * imports (wink-nlp and its model for tokens, natural for stems, mammoth for
 * Word text, yaml for front matter): a new version of any of them may parse
 * differently, so it starts new entries.
 */
export function parserVersion(): string {
  version ??= codeVersion('cache-format-4', sourceCode(['ingest', 'segment']));
  return version;
}

/**
 * What a count depends on besides the parse and the rule: this jobmap's rule
 * and matching code (rules/, extract/) and the libraries it imports (re2js
 * for regexes).
 */
export function matcherVersion(): string {
  matcher ??= codeVersion(parserVersion(), sourceCode(['rules', 'extract']));
  return matcher;
}

/** What a hits entry depends on besides the parse and the rules: the matching code, and this code, which keeps and reads the entries. */
export function hitsVersion(): string {
  hits ??= codeVersion(matcherVersion(), sourceCode(['run']));
  return hits;
}

/**
 * What a finding's classification depends on besides its place in the parse
 * and the rule set (rules/fingerprint.ts, classifierFingerprint): this
 * jobmap's classify code, on top of the matching code, and the word vectors'
 * vocabulary, which tells what verb a noun names ("coding" -> code) in a job
 * statement (classify/deverbal.ts): vectors derived anew (another
 * wink-embeddings, more words) may name other verbs.
 */
export function classifierVersion(): string {
  classifier ??= codeVersion(`${matcherVersion()} ${wordVectorsIdentity()}`, sourceCode(['classify']));
  return classifier;
}

/** What a transcript's file is rendered with: the writing code (write/), so a new jobmap renders every file again rather than trust the last run's. */
export function writerVersion(): string {
  writer ??= codeVersion('writer-1', sourceCode(['write']));
  return writer;
}

export function codeVersion(seed: string, code: [string, string][]): string {
  const hash = createHash('sha256').update(seed);
  for (const name of parserLibraries(code)) hash.update(`${name}@${packageVersion(name)}`);
  for (const [name, text] of code) hash.update(name).update(text);
  return hash.digest('hex');
}

/** The modules of these stages, their folders' too (rules/conditions/), by path, in a stable order. */
export function sourceCode(stages: string[]): [string, string][] {
  return stages.flatMap((stage) => modulesIn(fileURLToPath(new URL(`../${stage}/`, import.meta.url)), ''));
}

/** Modules at the top of src/ (types.ts, categories.ts, config.ts), by name: as built (.js) or, running from the sources, as written (.ts). */
export function topModules(names: string[]): [string, string][] {
  return names.map((name) => {
    const built = fileURLToPath(new URL(`../${name}.js`, import.meta.url));
    const file = existsSync(built) ? built : built.replace(/\.js$/, '.ts');
    return [name, readFileSync(file, 'utf8')];
  });
}

function modulesIn(dir: string, prefix: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry): [string, string][] => {
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) return modulesIn(path.join(dir, entry.name), `${name}/`);
      return /\.[jt]s$/.test(entry.name) ? [[name, readFileSync(path.join(dir, entry.name), 'utf8')]] : [];
    });
}

/** The packages the code imports (`natural/lib/...` is natural), when it loads or first needs them (`await import('mammoth')`), and the model. */
export function parserLibraries(code: [string, string][] = sourceCode(['ingest', 'segment'])): string[] {
  const names = new Set([MODEL]);
  for (const [, text] of code) {
    // import and export statements and import() calls only: code may well say "from '" in a string
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s+'([^'.][^']*)'/gm), ...text.matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g)];
    for (const [, specifier] of specifiers) {
      if (specifier!.startsWith('node:')) continue;
      const parts = specifier!.split('/');
      names.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return [...names].sort();
}

/** A dependency's version, read from its package.json (found from its entry point, since not every package exports the file). */
function packageVersion(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level; keep climbing
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
