import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_INGEST_OPTIONS, readSourceBytesSync, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import type { Task, WorkerSetup } from './tasks.js';

/*
 * Worker threads started before the rules are read (run/engine.ts,
 * startThreads), and what they do while they wait: the pool (pool.ts) takes
 * them, with the files they parsed ahead, when the analysis starts.
 */

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
export function takeWaiting(setup: WorkerSetup, sources: TranscriptSource[], serialised: () => Uint8Array): { thread: Worker; ahead: Task[] } | undefined {
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
    thread.postMessage(serialised());
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
export function stopWaiting(): void {
  for (const { thread } of waiting.splice(0)) void thread.terminate();
}

/** The compiled worker; absent when running from TypeScript sources (tests), which then run in one thread. */
export function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}
