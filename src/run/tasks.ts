import v8 from 'node:v8';
import type { IngestOptions, TranscriptSource } from '../ingest/index.js';
import type { RuleSet } from '../rules/types.js';
import type { Needs, SourceOutcome } from './analyse.js';
import type { RuleVersions } from './ruleVersions.js';

/*
 * What the main thread and a worker thread send each other (pool.ts,
 * early.ts, worker.ts), in a file of its own so that none of them imports
 * another for it.
 */

/** A worker's setup: what it analyses with, sent once. */
export interface WorkerSetup {
  /** the rules the main thread loaded and checked, copied to each worker (cheaper than reading the files again) */
  rules: RuleSet;
  cacheDir?: string;
  ingest?: IngestOptions;
  needs?: Needs;
  /** what earlier versions of the rules were made of, read (and brought up to date) from the cache once per run */
  versions?: RuleVersions;
}

/**
 * A setup serialised once for all the threads it is sent to: posted as an
 * object, it was serialised again for each (its rules are 7 MB so, about 0.2 s
 * a thread in the main thread at a cold run's start, while the threads
 * waited). What cannot be sent (a library caller's rules holding a function)
 * throws the DataCloneError posting it would.
 */
export function serialiseSetup(setup: WorkerSetup): Uint8Array {
  try {
    return v8.serialize(setup);
  } catch (error) {
    throw new DOMException((error as Error).message, 'DataCloneError');
  }
}

export function deserialiseSetup(bytes: Uint8Array): WorkerSetup {
  return v8.deserialize(bytes) as WorkerSetup;
}

/** One file to analyse, numbered by its place in the run's sources. */
export interface Task {
  index: number;
  source: TranscriptSource;
  /** the file's bytes, or why they could not be read */
  bytes: Uint8Array | string;
}

/** A file's outcome, under its number. */
export interface TaskDone {
  index: number;
  outcome: SourceOutcome;
}
