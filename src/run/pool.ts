import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { DEFAULT_INGEST_OPTIONS, readSourceBytes, readSourceBytesSync, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { skippedMessage } from '../ingest/messages.js';
import type { RuleSet } from '../rules/types.js';
import { analyseSource, asksOnlyRunFindings, createAnalyser, sourceKey, type Needs, type SourceOutcome } from './analyse.js';
import { OutcomeMemo } from './outcomeMemo.js';
import { rememberRuleVersions, type RuleVersions } from './ruleVersions.js';
import { SharedStrings, shareStrings } from './sharedStrings.js';

export interface WorkerSetup {
  /** the rules the main thread loaded and checked, copied to each worker (cheaper than reading the files again) */
  rules: RuleSet;
  cacheDir?: string;
  ingest?: IngestOptions;
  needs?: Needs;
  /** what earlier versions of the rules were made of, read (and brought up to date) from the cache once per run */
  versions?: RuleVersions;
}

export interface Task {
  index: number;
  source: TranscriptSource;
  /** the file's bytes, or why they could not be read */
  bytes: Uint8Array | string;
}

export interface TaskDone {
  index: number;
  outcome: SourceOutcome;
}

export interface PoolOptions extends WorkerSetup {
  /** worker threads; 1 runs everything in this thread */
  threads: number;
  /** told how many threads the analysis ran on: fewer than asked when the last run's outcomes answered most files, 1 when this thread did it all */
  ranOn?: (threads: number) => void;
}

/** Files read at once: enough to keep the workers fed, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 8;
/** Tasks queued at each worker, so it never waits for the main thread between two files. */
const TASKS_PER_WORKER = 2;

/**
 * Source bytes that make a worker worth starting. Each worker loads the code,
 * the rules and the model (~0.5 s) before it helps: the 16 samples (0.14 MB)
 * or eval's 24 interviews (0.26 MB) ran in 2.4 and 2.8 s on one thread
 * cold, 2.9 to 4.3 s on two.
 */
const BYTES_PER_WORKER = 512 * 1024;

/** One worker per core, but never more than the batch can use: by the number of files and by their bytes. */
export function defaultThreads(sourceCount: number, bytes = Infinity): number {
  return Math.max(1, Math.min(availableParallelism(), 8, Math.floor(sourceCount / 8), Math.floor(bytes / BYTES_PER_WORKER)));
}

/**
 * Threads started before the rules are loaded, waiting for their setup. A
 * thread spends about 0.2 s loading its code before it can help; started
 * while the main thread reads the rules, that time is not waited for (a
 * re-run of the corpus after a rule edit takes about 2.6 s in all). Each is
 * sent the first files of the study to parse while it waits (`ahead`), which
 * it analyses when the setup comes. Held unreferenced, so a run that stops
 * before it analyses (bad rules) is not kept alive by them.
 */
const waiting: EarlyThread[] = [];

interface EarlyThread {
  thread: Worker;
  /** what the thread parses with: an analysis with other options cannot take its parses */
  start: EarlyStart;
  /** the files sent to it before its setup, numbered by their place in `sources` */
  ahead: Task[];
  sources: TranscriptSource[];
}

/** The workerData of a thread started early: how to parse the files it is sent before its setup (which comes as a message). */
export interface EarlyStart {
  early: true;
  cacheDir: string | undefined;
  ingest: IngestOptions;
}

export function isEarlyStart(data: unknown): data is EarlyStart {
  return typeof data === 'object' && data !== null && (data as Partial<EarlyStart>).early === true;
}

/**
 * Files each thread started early parses before its setup comes: the main
 * thread reads the rules meanwhile (about 0.7 s cold), and the first files
 * parse slowly (the model loads, the code is not yet compiled, three threads
 * share two cores): on the corpus 24 files kept each thread busy until its
 * setup came. Each file parsed ahead is held until then (48 made the peak
 * 70 MB higher, 24 about 18 MB). At most a quarter of a thread's share, so
 * the rest is still shared out as the threads finish.
 */
const AHEAD_PER_THREAD = 24;

/**
 * Starts threads for the analysis of these sources to come, up to `count` in
 * all (none when running from TypeScript sources, which run in one thread),
 * and sends each the first files to parse while the rules are read.
 */
export function startWorkersEarly(count: number, sources: TranscriptSource[] = [], cacheDir?: string, ingest: IngestOptions = DEFAULT_INGEST_OPTIONS): void {
  const script = workerScript();
  if (!script || count <= 1) return;
  const start: EarlyStart = { early: true, cacheDir, ingest };
  const first = waiting.length;
  while (waiting.length < count) {
    const thread = new Worker(script, { workerData: start });
    thread.unref();
    // one that fails before it is taken is dropped: the analysis starts a thread of its own
    const drop = () => waiting.splice(waiting.findIndex((early) => early.thread === thread) >>> 0, 1);
    thread.once('error', drop).once('exit', drop);
    waiting.push({ thread, start, ahead: [], sources });
  }
  sendAhead(waiting.slice(first), sources, ingest);
}

/** The study's first files, dealt out in turn to the new threads (a file that cannot be read is left to the analysis, which reports it). */
function sendAhead(threads: EarlyThread[], sources: TranscriptSource[], ingest: IngestOptions): void {
  const perThread = Math.min(AHEAD_PER_THREAD, Math.floor(sources.length / (threads.length * 4)));
  for (let index = 0; index < perThread * threads.length; index++) {
    const early = threads[index % threads.length]!;
    const source = sources[index]!;
    let bytes: Uint8Array;
    try {
      bytes = readSourceBytesSync(source, ingest);
    } catch {
      continue;
    }
    const task: Task = { index, source, bytes };
    early.thread.postMessage(task);
    early.ahead.push(task);
  }
}

/**
 * A thread started early, given its setup, and the files it was sent ahead;
 * undefined when none is waiting. One started for other files or options (a
 * command analysing twice) is ended: its parses are of no use here.
 */
function takeWaiting(setup: WorkerSetup, sources: TranscriptSource[]): { thread: Worker; ahead: Task[] } | undefined {
  let early = waiting.shift();
  while (early && !fits(early, setup, sources)) {
    early.thread.removeAllListeners();
    void early.thread.terminate();
    early = waiting.shift();
  }
  if (!early) return undefined;
  const { thread, ahead } = early;
  thread.removeAllListeners();
  try {
    thread.postMessage(setup);
  } catch (error) {
    // a setup that cannot be sent (a library caller's rules holding a function) fails as it would with a new thread, and this one ends
    void thread.terminate();
    throw error;
  }
  thread.ref();
  return { thread, ahead };
}

/** Were the thread's files parsed as this analysis would parse them, and are they its files? */
function fits(early: EarlyThread, setup: WorkerSetup, sources: TranscriptSource[]): boolean {
  const ingest = setup.ingest ?? DEFAULT_INGEST_OPTIONS;
  if (early.start.cacheDir !== setup.cacheDir || JSON.stringify(early.start.ingest) !== JSON.stringify(ingest)) return false;
  return early.sources === sources || early.ahead.every(({ index, source }) => sources[index]?.absolutePath === source.absolutePath && sources[index]?.id === source.id);
}

/** Ends the threads started early that no analysis took (a run that used fewer, or none). */
function stopWaiting(): void {
  for (const { thread } of waiting.splice(0)) void thread.terminate();
}

/**
 * Runs the per-transcript stages on every source, in worker threads when there
 * are several, and yields the outcomes in source order (so what is made of
 * them does not depend on which worker finished first). What the cache
 * answers alone (a re-run, stats again) is answered in the workers too: the
 * main thread holds every finding of the run, and reading back thousands of
 * cache entries beside them made its heap peak a fifth higher (4x the corpus,
 * 620 -> 500 MB), and slower, with a core idle. But a run that asks only
 * for its findings first takes from the last run's outcomes (outcomeMemo.ts)
 * every file a rule edit cannot touch, here, one line per file, and gives the
 * workers only the others: after a typical edit, none or a few. Stopping
 * early (a `break`, an error in the loop) stops the workers.
 */
export async function* analyseInOrder(sources: TranscriptSource[], options: PoolOptions): AsyncGenerator<SourceOutcome> {
  const read = pLimit(READ_CONCURRENCY);
  const readBytes = (source: TranscriptSource) =>
    read(() =>
      readSourceBytes(source, options.ingest).then(
        (b): Uint8Array | Error => b,
        (error: Error) => error,
      ),
    );

  // what a worker posts, or the cache gives back, holds its own copy of every string: shared again here, where every finding is kept until the map is written
  const shared = new SharedStrings();
  const script = workerScript();
  // what earlier versions of the rules were: kept where the hits are, for a run that makes findings
  const makesFindings = !options.needs || Boolean(options.needs.findings);
  const versions = options.cacheDir && makesFindings ? await rememberRuleVersions(options.cacheDir, options.rules.rules) : undefined;
  const memo = options.cacheDir && asksOnlyRunFindings(options.needs ?? { findings: true }) ? OutcomeMemo.open(options.cacheDir, options.rules) : undefined;
  const answered = memo ? await answeredByMemo(memo, sources, options.ingest ?? DEFAULT_INGEST_OPTIONS, readBytes) : [];
  const toAnalyse = sources.flatMap((_, index) => (answered[index] ? [] : [index]));
  const kept = (outcome: SourceOutcome) => (memo ? memo.keep(outcome) : outcome);
  // the files left after the memo answered are a batch of their own: a few are analysed here sooner than a thread gets its setup
  const threads = toAnalyse.length < sources.length ? Math.min(options.threads, defaultThreads(toAnalyse.length)) : options.threads;
  if (toAnalyse.length === 0 || threads <= 1 || !script) {
    stopWaiting();
    options.ranOn?.(1);
    const analyser = toAnalyse.length > 0 ? createAnalyser(options.rules, options.cacheDir, options.ingest, options.needs, versions) : undefined;
    for (const [index, source] of sources.entries()) {
      yield shareStrings(answered[index] ?? kept(await analyseSource(source, await readBytes(source), analyser!)), shared);
    }
    await memo?.save();
    return;
  }

  const outcomes = sources.map((_, index) => settleable<SourceOutcome>(answered[index]));
  const setup: WorkerSetup = { rules: options.rules, cacheDir: options.cacheDir, ingest: options.ingest, needs: options.needs, ...(versions && { versions }) };
  const workers = Array.from({ length: threads }, () => new AnalysisWorker(script, setup, sources));
  options.ranOn?.(threads);
  let next = 0;
  let stopped = false;
  try {
    // taken now, so none is left waiting for a setup that never comes
    for (const worker of workers) worker.start();
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  } finally {
    stopWaiting();
  }
  // the files a thread started early was sent before its setup are its first outcomes; the rest are dealt out as threads finish
  const adopted = workers.flatMap((worker) => worker.adopted);
  const sentAhead = new Set(adopted.map(({ task }) => task.index));
  const left = toAnalyse.filter((index) => !sentAhead.has(index));
  const takeAdopted = adopted.map(async ({ task, outcome }) => {
    const done = await outcome;
    if (!answered[task.index]) outcomes[task.index]!.resolve(kept(done));
  });
  const feed = async (worker: AnalysisWorker) => {
    while (!stopped && next < left.length) {
      const index = left[next++]!;
      const source = sources[index]!;
      const bytes = await readBytes(source);
      outcomes[index]!.resolve(kept(await worker.analyse({ index, source, bytes: bytes instanceof Error ? bytes.message : bytes })));
    }
  };
  const feeding = Promise.all([...takeAdopted, ...workers.flatMap((worker) => Array.from({ length: TASKS_PER_WORKER }, () => feed(worker)))]);
  try {
    for (const outcome of outcomes) yield shareStrings(await outcome.promise, shared);
    await memo?.save();
  } finally {
    stopped = true;
    await Promise.all(workers.map((worker) => worker.stop()));
    await feeding;
  }
}

/** A promise and the function that fulfils it (Promise.withResolvers, which Node 20 lacks); fulfilled at once with a value already known. */
function settleable<T>(known?: T): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = known === undefined ? new Promise<T>((fulfil) => (resolve = fulfil)) : Promise.resolve(known);
  return { promise, resolve };
}

/**
 * Each source's outcome as the memo answers it (undefined: to analyse), its
 * bytes read and hashed here and let go. Nothing is asked of an empty memo
 * (a first run): every file is analysed and reads its bytes once.
 */
async function answeredByMemo(
  memo: OutcomeMemo,
  sources: TranscriptSource[],
  ingest: IngestOptions,
  readBytes: (source: TranscriptSource) => Promise<Uint8Array | Error>,
): Promise<(SourceOutcome | undefined)[]> {
  if (!memo.mayAnswer()) return [];
  return Promise.all(
    sources.map(async (source) => {
      const bytes = await readBytes(source);
      return bytes instanceof Error ? undefined : memo.answer(sourceKey(source, bytes, ingest));
    }),
  );
}

/** The compiled worker; absent when running from TypeScript sources (tests), which then run in one thread. */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * A worker thread and the tasks sent to it. If the thread dies (a transcript
 * that crashes the parser, out of memory), its tasks are reported as skipped
 * and a new thread takes the next ones.
 */
class AnalysisWorker {
  private thread: Worker | undefined;
  private stopping = false;
  private readonly pending = new Map<number, { task: Task; resolve: (outcome: SourceOutcome) => void }>();

  /** the files a thread started early was sent before its setup, and their outcomes to come */
  readonly adopted: { task: Task; outcome: Promise<SourceOutcome> }[] = [];

  constructor(
    private readonly script: URL,
    private readonly setup: WorkerSetup,
    private readonly sources: TranscriptSource[],
  ) {}

  /** Starts the thread now (one started early when there is one), not with the first task. */
  start(): void {
    this.thread ??= this.spawn();
  }

  /** A task for the thread, started with the first one. */
  analyse(task: Task): Promise<SourceOutcome> {
    if (this.stopping) return Promise.resolve(notAnalysed(task, STOPPED));
    this.thread ??= this.spawn();
    return new Promise((resolve) => {
      this.pending.set(task.index, { task, resolve });
      this.thread!.postMessage(task);
    });
  }

  /** Ends the thread; tasks still pending are answered as not analysed, so nothing waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.thread?.terminate();
    this.answerPending(STOPPED);
  }

  private spawn(): Worker {
    const early = takeWaiting(this.setup, this.sources);
    const thread = early?.thread ?? new Worker(this.script, { workerData: this.setup });
    for (const task of early?.ahead ?? []) this.adopted.push({ task, outcome: new Promise((resolve) => this.pending.set(task.index, { task, resolve })) });
    thread.on('message', ({ index, outcome }: TaskDone) => {
      this.pending.get(index)?.resolve(outcome);
      this.pending.delete(index);
    });
    const fail = (reason: string) => {
      if (this.stopping || this.thread !== thread) return;
      // a thread that died with nothing to do (one started early, before its first task) is replaced when a task comes
      if (this.pending.size === 0) {
        this.thread = undefined;
        return;
      }
      // the file it was on is most likely the first still pending (a thread works through its files in the order sent, though one may
      // start while another waits for the disk): that one is not analysed, the others go to a new thread, so a file that kills a
      // thread costs at most one other (a thread started early holds a score of them); one that kills the next thread too is reported then
      const [index, lost] = this.pending.entries().next().value!;
      this.pending.delete(index);
      lost.resolve(notAnalysed(lost.task, reason));
      const next = this.spawn();
      this.thread = next;
      for (const { task } of this.pending.values()) next.postMessage(task);
    };
    thread.on('error', (error) => fail(error.message));
    thread.on('exit', (code) => fail(`the worker thread stopped (exit code ${code})`));
    return thread;
  }

  private answerPending(reason: string): void {
    for (const { task, resolve } of this.pending.values()) resolve(notAnalysed(task, reason));
    this.pending.clear();
  }
}

const STOPPED = 'the analysis was stopped';

function notAnalysed(task: Task, reason: string): SourceOutcome {
  return { results: [], skipped: [skippedMessage(task.source.file, `could not analyse: ${reason}`)], unread: true, fromCache: false };
}
