import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledStore } from '../rules/compiled.js';
import { temporaryName } from '../write/files.js';
import { codeVersion, matcherVersion, sourceCode, topModules } from './codeVersion.js';

/** `jobmap-rule-file-<key>.bin`: named, like the cache's other files, so only jobmap touches them (cache.ts, pruneCache). */
const FILE_NAME = /^jobmap-rule-file-([0-9a-f]{40})\.bin$/;
const fileOf = (cacheDir: string, key: string) => path.join(cacheDir, `jobmap-rule-file-${key}.bin`);
/**
 * Compiled rule files kept: the least recently used go first. The shipped
 * rules are about forty files (2.6 MB compiled); a tuning session adds one
 * per edit.
 */
const MAX_FILES = 300;

/** A CompiledStore kept in the parse cache's folder; `save` writes what a run compiled that it did not hold. */
export interface RuleFileStore extends CompiledStore {
  save(): void;
}

/**
 * Compiled rule files in the cache's folder, one file each, with a checksum,
 * so a damaged or half-written one is never trusted (its rule file is read
 * from its YAML again, as without a cache). Read and written synchronously:
 * the rules are loaded before anything else runs.
 */
export function openRuleFileStore(cacheDir: string): RuleFileStore {
  const used: string[] = [];
  const added = new Map<string, Uint8Array>();
  return {
    version: rulesReaderVersion(),
    get(key) {
      const compiled = readChecked(fileOf(cacheDir, key));
      if (compiled) used.push(key);
      return compiled;
    },
    set(key, compiled) {
      added.set(key, compiled);
    },
    save() {
      if (added.size === 0) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        for (const [key, compiled] of added) writeChecked(fileOf(cacheDir, key), compiled);
        // the files this run read are the most recently used: the oldest others go when there are too many
        const now = new Date();
        for (const key of used) utimesSync(fileOf(cacheDir, key), now, now);
        pruneOldest(cacheDir);
      } catch {
        // only speed is lost: the next run reads those rule files again
      }
    },
  };
}

function readChecked(file: string): Uint8Array | undefined {
  try {
    const bytes = readFileSync(file);
    const body = bytes.subarray(CHECKSUM_BYTES);
    return checksum(body).equals(bytes.subarray(0, CHECKSUM_BYTES)) ? body : undefined;
  } catch {
    return undefined;
  }
}

function writeChecked(file: string, body: Uint8Array): void {
  const temporary = temporaryName(file);
  try {
    writeFileSync(temporary, Buffer.concat([checksum(body), body]));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function pruneOldest(cacheDir: string): void {
  const kept = readdirSync(cacheDir).filter((name) => FILE_NAME.test(name));
  if (kept.length <= MAX_FILES) return;
  const byAge = kept.map((name) => ({ name, time: statSync(path.join(cacheDir, name)).mtimeMs })).sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, kept.length - MAX_FILES)) rmSync(path.join(cacheDir, name), { force: true });
}

const CHECKSUM_BYTES = 32;
const checksum = (body: Uint8Array) => createHash('sha256').update(body).digest();

let version: string | undefined;

/** What a compiled rule file depends on besides its text: the code that reads and compiles it (rules/, core/'s YAML reader, the categories and config it checks against) and the matching code it compiles for. */
function rulesReaderVersion(): string {
  version ??= codeVersion(matcherVersion(), [...sourceCode(['core']), ...topModules(['types', 'categories', 'config', 'errors'])]);
  return version;
}
