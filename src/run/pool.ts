import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { readSourceBytes, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { skippedMessage } from '../ingest/messages.js';
import type { RuleSet } from '../rules/types.js';
import { analyseSource, type Analyser, type AnalyserExtras, type SourceOutcome } from './analyse.js';

export interface WorkerSetup {
  /** the rules the main thread loaded and checked, copied to each worker (cheaper than reading the files again) */
  rules: RuleSet;
  cacheDir?: string;
  ingest?: IngestOptions;
  extras?: AnalyserExtras;
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
  /** the in-thread analyser, for threads = 1 and for small batches */
  analyser: () => Analyser;
  onOutcome?: (outcome: SourceOutcome, index: number) => void;
}

/** Files read at once: enough to keep the workers fed, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 8;
/** Tasks queued at each worker, so it never waits for the main thread between two files. */
const TASKS_PER_WORKER = 2;

/** One worker per core, but never more than the batch can use: each worker loads the model (~0.3 s) before it helps. */
export function defaultThreads(sourceCount: number): number {
  return Math.max(1, Math.min(availableParallelism(), 8, Math.floor(sourceCount / 8)));
}

/**
 * Runs the per-transcript stages on every source, in worker threads when there
 * are several, and returns the outcomes in source order (so output does not
 * depend on which worker finished first).
 */
export async function analyseAll(sources: TranscriptSource[], options: PoolOptions): Promise<SourceOutcome[]> {
  const read = pLimit(READ_CONCURRENCY);
  const readBytes = (source: TranscriptSource) =>
    read(() => readSourceBytes(source, options.ingest).then((b): Uint8Array | Error => b, (error: Error) => error));
  const outcomes: SourceOutcome[] = new Array(sources.length);
  const finish = (index: number, outcome: SourceOutcome) => {
    outcomes[index] = outcome;
    options.onOutcome?.(outcome, index);
  };

  const script = workerScript();
  if (options.threads <= 1 || !script) {
    const analyser = options.analyser();
    for (const [index, source] of sources.entries()) finish(index, await analyseSource(source, await readBytes(source), analyser));
    return outcomes;
  }

  let next = 0;
  const setup: WorkerSetup = { rules: options.rules, cacheDir: options.cacheDir, ingest: options.ingest, extras: options.extras };
  const feed = async (worker: AnalysisWorker) => {
    while (next < sources.length) {
      const index = next++;
      const source = sources[index]!;
      const bytes = await readBytes(source);
      finish(index, await worker.analyse({ index, source, bytes: bytes instanceof Error ? bytes.message : bytes }));
    }
  };
  const workers = Array.from({ length: options.threads }, () => new AnalysisWorker(script, setup));
  try {
    await Promise.all(workers.flatMap((worker) => Array.from({ length: TASKS_PER_WORKER }, () => feed(worker))));
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
  return outcomes;
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
  private thread: Worker;
  private readonly pending = new Map<number, { task: Task; resolve: (outcome: SourceOutcome) => void }>();

  constructor(
    private readonly script: URL,
    private readonly setup: WorkerSetup,
  ) {
    this.thread = this.start();
  }

  analyse(task: Task): Promise<SourceOutcome> {
    return new Promise((resolve) => {
      this.pending.set(task.index, { task, resolve });
      this.thread.postMessage(task);
    });
  }

  async stop(): Promise<void> {
    await this.thread.terminate();
  }

  private start(): Worker {
    const thread = new Worker(this.script, { workerData: this.setup });
    thread.on('message', ({ index, outcome }: TaskDone) => {
      this.pending.get(index)?.resolve(outcome);
      this.pending.delete(index);
    });
    const fail = (reason: string) => {
      if (this.thread !== thread || this.pending.size === 0) return;
      for (const { task, resolve } of this.pending.values()) {
        resolve({ results: [], skipped: [skippedMessage(task.source.file, `could not analyse: ${reason}`)], fromCache: false });
      }
      this.pending.clear();
      this.thread = this.start();
    };
    thread.on('error', (error) => fail(error.message));
    thread.on('exit', (code) => fail(`the worker thread stopped (exit code ${code})`));
    return thread;
  }
}
