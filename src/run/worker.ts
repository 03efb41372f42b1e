import { parentPort, workerData } from 'node:worker_threads';
import { analyseSource, createAnalyser } from './analyse.js';
import { WAIT_FOR_SETUP, type Task, type TaskDone, type WorkerSetup } from './pool.js';

/**
 * A worker thread: indexes the rules once (and loads the NLP model when a
 * file needs parsing), then analyses the files it is sent, one message each.
 * A thread started before the rules were loaded gets its setup as its first
 * message (pool.ts, startWorkersEarly).
 */
const analyserOf = (setup: WorkerSetup) => createAnalyser(setup.rules, setup.cacheDir, setup.ingest, setup.needs, setup.versions);
let analyser = workerData === WAIT_FOR_SETUP ? undefined : analyserOf(workerData as WorkerSetup);

parentPort!.on('message', async (message: Task | WorkerSetup) => {
  if (!analyser) {
    analyser = analyserOf(message as WorkerSetup);
    return;
  }
  const task = message as Task;
  const bytes = task.bytes instanceof Uint8Array ? task.bytes : new Error(task.bytes);
  const done: TaskDone = { index: task.index, outcome: await analyseSource(task.source, bytes, analyser) };
  parentPort!.postMessage(done);
});
