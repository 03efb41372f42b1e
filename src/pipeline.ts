import { stat } from 'node:fs/promises';
import { JobmapError, JobmapErrors } from './errors.js';
import { groupJobs } from './group/index.js';
import { findTranscripts } from './ingest/index.js';
import { configForRulesDir, type JobmapConfig } from './config.js';
import { loadRuleSet } from './rules/load.js';
import { createAnalyser } from './run/analyse.js';
import { defaultCacheDir, pruneCache } from './run/cache.js';
import { analyseAll, defaultThreads } from './run/pool.js';
import type { JobMap, TranscriptFindings } from './types.js';
import { assertOutputsAreOurs, writeOutputs } from './write/index.js';
import type { Skipped } from './write/summary.js';

export interface RunOptions {
  input: string;
  outDir: string;
  /** the project's settings (rule folders, stage model, threshold); plain data, so each worker thread loads the same rule set from it */
  config?: JobmapConfig;
  /** only the rules in this folder (tests); ignored when `config` is given */
  rulesDir?: string;
  /** parsed transcripts are kept here between runs (default: .jobmap-cache/<input folder> in the working folder); false: no cache */
  cacheDir?: string | false;
  /** worker threads (default: one per core, fewer for small batches) */
  threads?: number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  files: number;
  totalFiles: number;
  findings: number;
  fromCache: number;
}

export interface RunReport {
  results: TranscriptFindings[];
  jobMap: JobMap;
  skipped: Skipped[];
  written: string[];
  /** source files found, and how many of them had their parse in the cache */
  totalFiles: number;
  fromCache: number;
  threads: number;
  /** seconds spent in each part of the run, for the benchmark and for anyone asking where the time goes */
  seconds: { analyse: number; group: number; write: number };
}

/**
 * ingest -> segment -> extract -> classify per file, in worker threads, then
 * group -> write here. Bad transcripts are skipped and reported; the rest run.
 */
export async function run(options: RunOptions): Promise<RunReport> {
  const config = options.config ?? configForRulesDir(options.rulesDir);
  const rules = loadRuleSet(config);
  await requireFolder(options.input);
  const sources = await findTranscripts(options.input);
  if (sources.length === 0) throw new JobmapError(`no transcripts (.txt, .md) found in ${options.input}`);
  await assertOutputsAreOurs(options.outDir, sources.map((source) => source.id));

  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir(options.input));
  const threads = options.threads ?? defaultThreads(sources.length);
  const clock = stopwatch();
  const progress: Progress = { files: 0, totalFiles: sources.length, findings: 0, fromCache: 0 };
  const outcomes = await analyseAll(sources, {
    threads,
    config,
    cacheDir,
    analyser: () => createAnalyser(rules, cacheDir),
    onOutcome: (outcome) => {
      progress.files++;
      progress.findings += outcome.results.reduce((sum, r) => sum + r.findings.length, 0);
      if (outcome.fromCache) progress.fromCache++;
      options.onProgress?.({ ...progress });
    },
  });
  const analysed = clock();
  const results = outcomes.flatMap((outcome) => outcome.results);
  const skipped = outcomes.flatMap((outcome) => outcome.skipped);

  // With nothing read there is nothing to say; keep the last good output rather than replace it with an empty map.
  if (results.length === 0) {
    throw new JobmapErrors(skipped.map((skip) => new JobmapError(`${skip.error} (no transcript could be read; nothing written)`)));
  }
  const jobMap = groupJobs(results, rules.stages);
  const grouped = clock();
  const written = await writeOutputs({
    outDir: options.outDir,
    results,
    jobMap,
    skipped,
    ruleIds: rules.rules.map((rule) => rule.id),
  });
  if (cacheDir) await pruneCache(cacheDir, new Set(outcomes.flatMap((outcome) => (outcome.cacheKey ? [outcome.cacheKey] : []))));
  const seconds = { analyse: analysed, group: grouped - analysed, write: clock() - grouped };
  return { results, jobMap, skipped, written, totalFiles: sources.length, fromCache: progress.fromCache, threads, seconds };
}

/** Seconds since it was made. */
function stopwatch(): () => number {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new JobmapError(`input folder not found: ${dir}`);
}
