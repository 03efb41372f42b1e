import { parentPort, workerData } from 'node:worker_threads';
import { aheadParser, analyseSource, createAnalyser, type Parsed } from './analyse.js';
import { isEarlyStart, type EarlyStart } from './early.js';
import { deserialiseSetup, type Task, type TaskDone, type WorkerSetup } from './tasks.js';

/**
 * A worker thread: indexes the rules once (and loads the NLP model when a
 * file needs parsing), then analyses the files it is sent, one message each.
 * A thread started before the rules were loaded gets its setup later, as a
 * message (early.ts, startWorkersEarly); the files it is sent before that are
 * parsed while it waits, and analysed when the setup comes.
 */
const analyserOf = (setup: WorkerSetup) => createAnalyser(setup.rules, setup.cacheDir, setup.ingest, setup.needs, setup.versions);
const early = isEarlyStart(workerData) ? (workerData as EarlyStart) : undefined;
let analyser = early ? undefined : analyserOf(deserialiseSetup(workerData as Uint8Array));
const parse = early && aheadParser(early.cacheDir, early.ingest);
/** the files sent before the setup, parsed one after another in the order sent */
const held: { task: Task; parsed: Promise<Parsed | undefined> }[] = [];
let lastParse: Promise<unknown> = Promise.resolve();

parentPort!.on('message', async (message: Task | Uint8Array) => {
  if (analyser) return answer(message as Task);
  // the setup, serialised (tasks.ts, serialiseSetup)
  if (message instanceof Uint8Array) {
    analyser = analyserOf(deserialiseSetup(message));
    for (const { task, parsed } of held.splice(0)) await answer(task, await parsed);
    return;
  }
  const task = message;
  // a parse that throws is left to the analysis, which parses the file again and reports what goes wrong
  const parsed = lastParse.then(() => parse!(task.source, task.bytes as Uint8Array)).catch(() => undefined);
  lastParse = parsed;
  held.push({ task, parsed });
});

async function answer(task: Task, parsed?: Parsed): Promise<void> {
  // a thread that dies on a file (out of memory, a crash in a parser): JOBMAP_DIE_ON=<file> makes it, so a test can see what it costs
  if (process.env.JOBMAP_DIE_ON && task.source.file === process.env.JOBMAP_DIE_ON) process.exit(70);
  const bytes = task.bytes instanceof Uint8Array ? task.bytes : new Error(task.bytes);
  const done: TaskDone = { index: task.index, outcome: await analyseSource(task.source, bytes, analyser!, parsed) };
  parentPort!.postMessage(done);
}
