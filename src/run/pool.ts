import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { DEFAULT_INGEST_OPTIONS, readSourceBytes, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { skippedMessage } from '../ingest/messages.js';
import { analyseSource, asksOnlyRunFindings, createAnalyser, sourceKey, type SourceOutcome } from './analyse.js';
import { stopWaiting, takeWaiting, workerScript } from './early.js';
import { OutcomeMemo } from './outcomeMemo.js';
import { rememberRuleVersions } from './ruleVersions.js';
import { SharedStrings, shareStrings } from './sharedStrings.js';
import { serialiseSetup, type Task, type TaskDone, type WorkerSetup } from './tasks.js';

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
  const share = (outcome: SourceOutcome) => shareStrings(outcome, shared);
  const script = workerScript();
  // what earlier versions of the rules were: kept where the hits are, for a run that makes findings, or stats, which counts from them
  const readsHits = !options.needs || Boolean(options.needs.findings) || Boolean(options.needs.ruleCounts);
  const versions = options.cacheDir && readsHits ? await rememberRuleVersions(options.cacheDir, options.rules.rules) : undefined;
  const memo = options.cacheDir && asksOnlyRunFindings(options.needs ?? { findings: true }) ? OutcomeMemo.open(options.cacheDir, options.rules) : undefined;
  const { answered, known } = memo ? await answeredByMemo(memo, sources, options.ingest ?? DEFAULT_INGEST_OPTIONS, readBytes) : { answered: [], known: [] };
  const toAnalyse = sources.flatMap((_, index) => (answered[index] ? [] : [index]));
  const kept = (outcome: SourceOutcome) => (memo ? memo.keep(outcome) : outcome);
  // the files left after the memo answered are a batch of their own: a few are analysed here sooner than a thread gets its setup
  const threads = toAnalyse.length < sources.length ? Math.min(options.threads, defaultThreads(leftWork(toAnalyse, known))) : options.threads;
  if (toAnalyse.length === 0 || threads <= 1 || !script) {
    stopWaiting();
    options.ranOn?.(1);
    const analyser = toAnalyse.length > 0 ? createAnalyser(options.rules, options.cacheDir, options.ingest, options.needs, versions) : undefined;
    try {
      for (const [index, source] of sources.entries()) {
        yield share(answered[index] ?? kept(await analyseSource(source, await readBytes(source), analyser!)));
      }
      await memo?.save();
    } finally {
      memo?.discard();
    }
    return;
  }

  const outcomes = sources.map((_, index) => settleable<SourceOutcome>(answered[index]));
  const setup: WorkerSetup = { rules: options.rules, cacheDir: options.cacheDir, ingest: options.ingest, needs: options.needs, ...(versions && { versions }) };
  // serialised once, when the first thread is given it
  let serialised: Uint8Array | undefined;
  const sent = () => (serialised ??= serialiseSetup(setup));
  const workers = Array.from({ length: threads }, () => new AnalysisWorker(script, setup, sent, sources));
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
    for (const outcome of outcomes) yield share(await outcome.promise);
    await memo?.save();
  } finally {
    stopped = true;
    await Promise.all(workers.map((worker) => worker.stop()));
    await feeding;
    memo?.discard();
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
): Promise<{ answered: (SourceOutcome | undefined)[]; known: boolean[] }> {
  if (!memo.mayAnswer()) return { answered: [], known: [] };
  const keys = await Promise.all(
    sources.map(async (source) => {
      const bytes = await readBytes(source);
      return bytes instanceof Error ? undefined : sourceKey(source, bytes, ingest);
    }),
  );
  return { answered: keys.map((key) => (key === undefined ? undefined : memo.answer(key))), known: keys.map((key) => key !== undefined && memo.knows(key)) };
}

/**
 * The files left after the memo answered, counted as files to parse: one the
 * last run analysed (its parse and rule hits in the cache) costs about a
 * twentieth of one read anew (12 ms against a quarter of a second), and a
 * thread takes about a second to start. Measured on the corpus: 26 such
 * files took 2.1 s on two threads, 1.6 s on one; 307 the same on both.
 */
export function leftWork(left: number[], known: boolean[]): number {
  const cheap = left.filter((index) => known[index]).length;
  return left.length - cheap + Math.floor(cheap / 20);
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
    /** the setup as sent to a thread (serialiseSetup) */
    private readonly sent: () => Uint8Array,
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
    const early = takeWaiting(this.setup, this.sources, this.sent);
    const thread = early?.thread ?? new Worker(this.script, { workerData: this.sent() });
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
