import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { configForRulesDir, type JobmapConfig } from '../config.js';
import { JobmapError } from '../errors.js';
import { DEFAULT_INGEST_OPTIONS, findTranscripts, SUPPORTED_EXTENSIONS, type FoundSources, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { loadRuleSet } from '../rules/load.js';
import type { RuleSet } from '../rules/types.js';
import type { Needs, SourceOutcome } from './analyse.js';
import { pruneCache } from './cache.js';
import { OUTCOMES_FILE } from './outcomeMemo.js';
import { openRuleFileStore } from './ruleFileStore.js';
import { startWorkersEarly } from './early.js';
import { growHeapForStudy } from './heapGrowth.js';
import { analyseInOrder, defaultThreads } from './pool.js';

/** How jobmap reads a study: the same for every command that reads transcripts (run, stats, explain, eval). */
export interface JobmapOptions {
  /** the project's settings (rule folders, stage model, threshold); the rule set is loaded from it once and copied to the workers */
  config?: JobmapConfig;
  /** only the rules in this folder (tests); ignored when `config` is given */
  rulesDir?: string;
  /** the rules `config` gives, already loaded and checked (a command that runs the engine twice loads them once) */
  loadedRules?: RuleSet;
  /** how files are read (size limit, CSV columns); defaults for what is not given */
  ingest?: Partial<IngestOptions>;
  /** parsed transcripts are kept here between runs (the CLI's default: defaultCacheDir(input)); none when not given */
  cacheDir?: string | false;
  /** worker threads (default: one per core, fewer for a small batch, by files and bytes; never more than there are files) */
  threads?: number;
  /** read files and folders linked from the input folder to elsewhere (default: listed as ignored) */
  followSymlinks?: boolean;
  /**
   * When a study is large (heapGrowth.ts), have V8 collect garbage sooner,
   * for the rest of the process and its threads: a setting of the whole
   * process, so only a program that owns it asks (the CLI does); a library
   * user keeps V8's own choice unless asking too.
   */
  leanHeap?: boolean;
}

/** The engine every command folds over: rules loaded once, transcripts analysed over the worker pool and the parse cache. */
export interface Jobmap {
  readonly config: JobmapConfig;
  /** the rules, loaded and checked once, when first asked for (a rule file's mistake is thrown then) */
  readonly rules: RuleSet;
  /** Starts the worker threads these sources will be analysed on, so they load their code and parse the first files while the rules are read (unless the last run's outcomes are kept, which answer most files here): call it before `rules` is first read, and analyse the same list. */
  startThreads: (sources: TranscriptSource[]) => Promise<void>;
  readonly ingest: IngestOptions;
  /** the transcript files in a folder (recursively, sorted by path) or the one file named; an error when there is none */
  sources: (input: string) => Promise<FoundSources>;
  /** the worker threads a stream over these files would run on: as many as asked, or as the files' number and bytes are worth */
  threadsFor: (sources: TranscriptSource[]) => Promise<number>;
  /** the threads the last stream ran on (1: this thread alone, as when the last run's outcomes answer most files); undefined before one has started */
  readonly threadsUsed: number | undefined;
  /**
   * Each source's outcome (its transcripts' findings and what else `needs`
   * asks for, the files and rows it skipped), in the order of the sources
   * (for a folder, sorted by path), whichever worker finished first.
   */
  analyse: (input: string | TranscriptSource[], needs?: Needs) => AsyncIterable<SourceOutcome>;
  /** Removes the parse cache's entries none of these outcomes used: a command that read its whole input calls it last. */
  pruneCache: (outcomes: Iterable<SourceOutcome>) => Promise<void>;
}

export function createJobmap(options: JobmapOptions = {}): Jobmap {
  const config = options.config ?? configForRulesDir(options.rulesDir);
  const cacheDir = options.cacheDir || undefined;
  let loaded = options.loadedRules;
  const rules = () => (loaded ??= loadRules(config, cacheDir));
  const ingest: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...options.ingest };
  const measured = new WeakMap<TranscriptSource[], Promise<number>>();
  const bytesOf = (list: TranscriptSource[]) => {
    if (!measured.has(list)) measured.set(list, totalBytes(list));
    return measured.get(list)!;
  };
  // files are weighed only when the threads are not given
  const threadsFor = async (list: TranscriptSource[]) => Math.max(1, Math.min(options.threads ?? defaultThreads(list.length, await bytesOf(list)), list.length));
  let used: number | undefined;
  const sources = async (input: string) => {
    const found = await findTranscripts(input, { followSymlinks: options.followSymlinks });
    if (found.sources.length === 0) throw new JobmapError(`no transcripts (${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}) found in ${input}`);
    return found;
  };
  return {
    config,
    get rules() {
      return rules();
    },
    async startThreads(list) {
      // with the last run's outcomes kept, most files are answered in this thread: threads loading their code would only take its cores
      if (cacheDir && existsSync(path.join(cacheDir, OUTCOMES_FILE))) return;
      startWorkersEarly(await threadsFor(list), list, cacheDir, ingest);
    },
    ingest,
    sources,
    threadsFor,
    get threadsUsed() {
      return used;
    },
    async *analyse(input, needs = { findings: true }) {
      const list = typeof input === 'string' ? (await sources(input)).sources : input;
      if (options.leanHeap) growHeapForStudy(await bytesOf(list));
      yield* analyseInOrder(list, { threads: await threadsFor(list), rules: rules(), cacheDir, ingest, needs, ranOn: (threads) => (used = threads) });
    },
    async pruneCache(outcomes) {
      if (cacheDir) await pruneCache(cacheDir, new Set([...outcomes].flatMap((outcome) => (outcome.cacheKey ? [outcome.cacheKey] : []))));
    },
  };
}

/** The rules a config names; with a cache, the rule files it compiled before are taken from it (run/ruleFileStore.ts). */
function loadRules(config: JobmapConfig, cacheDir: string | undefined): RuleSet {
  if (!cacheDir) return loadRuleSet(config);
  const store = openRuleFileStore(cacheDir);
  const rules = loadRuleSet(config, store);
  store.save();
  return rules;
}

/** The bytes of these files together: a file that cannot be read weighs nothing. */
async function totalBytes(sources: TranscriptSource[]): Promise<number> {
  const sizes = await Promise.all(
    sources.map((source) =>
      stat(source.absolutePath).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
