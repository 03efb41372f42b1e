import path from 'node:path';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { CONFIG_FILE, loadConfig, withCommandLine, type CommandLineRules, type JobmapConfig } from '../config.js';
import { JobmapError } from '../errors.js';
import type { RunOptions } from '../pipeline.js';
import { REVIEW_FILE } from '../review/index.js';
import { ruleFolders } from '../rules/load.js';
import { defaultCacheDir } from '../run/cache.js';
import type { JobmapOptions } from '../run/engine.js';
import type { Output } from './output.js';

/** The options of `run` and `watch`; below, those shared by more commands, and how each becomes the library's options. */
export interface RunCommandOptions extends RuleOptions, InputOptions {
  out: string;
  review?: string;
  quiet?: boolean;
  segmentBy?: string;
  participants?: string;
  force?: boolean;
}

/** The formats of run, rules check, rules try, stats and explain; eval adds yaml. */
export const MESSAGE_FORMATS = ['text', 'json'] as const;

export const DEFAULT_CACHE = '.jobmap-cache/<folder>-<hash>';
export const DEFAULT_CACHE_ROOT = '.jobmap-cache';

export interface InputOptions {
  maxFileSize: string;
  csvText?: string;
  csvId?: string;
  followSymlinks?: boolean;
  threads?: string;
  cache: string | false;
}

/** How transcripts are read and analysed: the same on every command that reads them (run, watch, jobs suggest, export, rules try, stats, explain, eval). */
export function withInputOptions(command: Command): Command {
  return command
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 20MB, 500KB)', '20MB')
    .option('--csv-text <column>', 'CSV: the column with the interview text (default: text, transcript, ...)')
    .option('--csv-id <column>', 'CSV: the column with the interview id (default: transcript_id, id, ...; else the row number)')
    .option('--follow-symlinks', 'read links to files and folders outside the input folder (default: listed as ignored)')
    .option('-j, --threads <n>', 'worker threads (default: one per core, fewer for a small folder; at most one per core)')
    .option('--cache <dir>', 'keep parsed transcripts here, so a re-run after a rule edit does not parse again', DEFAULT_CACHE)
    .option('--no-cache', 'parse every transcript, and keep nothing');
}

/** The engine's options from the command line; `defaultCache`: the cache folder when --cache is not given (undefined: none). */
export function engineOptionsOf(options: InputOptions, defaultCache: string | undefined): JobmapOptions {
  return {
    ingest: { maxFileSize: parseSize(options.maxFileSize), csvText: options.csvText, csvId: options.csvId },
    cacheDir: options.cache === false ? false : options.cache === DEFAULT_CACHE ? (defaultCache ?? false) : options.cache,
    ...(options.threads ? { threads: Math.min(positiveInteger(options.threads, '--threads'), availableParallelism()) } : {}),
    ...(options.followSymlinks ? { followSymlinks: true } : {}),
    // the CLI owns its process: a large study may change how its heap is collected
    leanHeap: true,
  };
}

/** The options `run` and `watch` share. */
export function withRunOptions(command: Command): Command {
  return withRuleOptions(
    withInputOptions(command)
      .option('-o, --out <dir>', 'output folder', 'out')
      .option('--review <file>', 'review decisions to apply (default: review.yaml in the output folder); jobmap never writes it')
      .option('--segment-by <key>', 'the transcript attribute whose values are the segments to compare (default: segment, or segment_by in the config)')
      .option('--participants <file>', 'attributes per transcript (default: participants.yaml in the folder, if there is one)')
      .option('-q, --quiet', 'print only errors and warnings (no summary, no progress)')
      .option('--force', 'write into an output folder that holds files jobmap did not write (it still replaces none of them)'),
  );
}

/** A run's options from the command line; the config is read again each time, so watch mode sees it change. */
export function runOptionsOf(folder: string, options: RunCommandOptions): RunOptions {
  return {
    input: folder,
    outDir: options.out,
    config: configOf(options),
    reviewFile: options.review,
    ...(options.participants ? { participantsFile: options.participants } : {}),
    ...engineOptionsOf(options, defaultCacheDir(folder)),
    ...(options.force ? { force: true } : {}),
  };
}

/** More threads than cores only add workers that each load the model and wait: `-j 1000` ran out of memory. */
export function noteThreadCap(options: InputOptions, io: Output): void {
  const cores = availableParallelism();
  if (options.threads && Number(options.threads) > cores) io.err(`jobmap: --threads ${options.threads} is more than the ${cores} cores here; using ${cores}\n`);
}

/** The input folder, the rule folders, and the config, participants and review files, where they are. */
export function watchedPaths(folder: string, options: RunCommandOptions, config: JobmapConfig): string[] {
  return [
    folder,
    ...ruleFolders(config),
    ...(config.file ? [config.file] : [path.resolve(CONFIG_FILE)]),
    ...(options.participants ? [options.participants] : []),
    options.review ?? path.join(options.out, REVIEW_FILE),
  ];
}

export function wholeNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value)) throw new JobmapError(`${flag} takes a whole number (or all), not "${text}"`);
  return value;
}

export function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new JobmapError(`${flag} takes one of ${allowed.join(', ')}, not "${text}"`);
}

export function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new JobmapError(`${flag} takes a whole number of 1 or more, not "${text}"`);
  return value;
}

export interface RuleOptions extends CommandLineRules {
  config?: string;
}

/** `--config`, `--rules` and `--no-default-rules`, the same on every command that reads rules. */
export function withRuleOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', `project settings (default: ./jobmap.config.yaml if there is one)`)
    .option('-r, --rules <dir>', 'a folder of rule files layered over the shipped rules (repeatable)', (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option('--no-default-rules', "leave the shipped rules out: use only the --rules folders (and the config's)");
}

export function configOf(options: RuleOptions): JobmapConfig {
  return withCommandLine(loadConfig({ file: options.config }), options);
}

/** `20MB`, `500 KB`, `1.5GB` or a number of bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?\s*$/i.exec(text);
  if (!m) throw new JobmapError(`--max-file-size: "${text}" is not a size; write it like 20MB, 500KB or 1000000`);
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit]!;
  return Math.round(Number(m[1]) * scale);
}
