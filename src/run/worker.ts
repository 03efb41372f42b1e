import { parentPort, workerData } from 'node:worker_threads';
import { analyseSource, createAnalyser } from './analyse.js';
import type { Task, TaskDone, WorkerSetup } from './pool.js';

/** A worker thread: indexes the rules once (and loads the NLP model when a file needs parsing), then analyses the files it is sent, one message each. */
const setup = workerData as WorkerSetup;
const analyser = createAnalyser(setup.rules, setup.cacheDir, setup.ingest, setup.needs, setup.versions);

parentPort!.on('message', async (task: Task) => {
  const bytes = task.bytes instanceof Uint8Array ? task.bytes : new Error(task.bytes);
  const done: TaskDone = { index: task.index, outcome: await analyseSource(task.source, bytes, analyser) };
  parentPort!.postMessage(done);
});
