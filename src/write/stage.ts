import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pauseAt } from './pause.js';
import { infoMessage, placeAt, type JobmapMessage } from '../core/message.js';
import { makeFolder } from '../core/folder.js';
import type { Content, FileStamp } from './files.js';

/**
 * A run writes its whole output into a staging folder inside the output
 * folder, then makes it current: a commit record lists what moves into place
 * and which of the last run's files go, and only then do the files move (one
 * rename each). A run that fails or is killed before the commit record leaves
 * the previous output as it was; one killed while moving is finished by the
 * next run, which reads the commit record before anything else.
 */
export const STAGING_DIR = '.jobmap-staging';
const COMMIT_FILE = '.jobmap-commit';

interface Commit {
  /** paths relative to the output folder, each staged under the same path */
  files: string[];
  /** jobmap's files of an earlier run that this run did not write (a transcript was removed) */
  remove: string[];
}

/** An empty staging folder; what an earlier run left there (never committed) is thrown away. */
export async function openStaging(outDir: string): Promise<void> {
  await discardStaging(outDir);
  await makeFolder(path.join(outDir, STAGING_DIR));
}

/** Throws away what was staged: a run that failed before its commit leaves the folder as it found it. */
export async function discardStaging(outDir: string): Promise<void> {
  await rm(path.join(outDir, STAGING_DIR), { recursive: true, force: true });
}

/**
 * Writes a file of the new output into the staging folder, under its place in
 * the output folder; returns its size and time as written, which its move into
 * place keeps (a rename).
 */
export async function stageFile(outDir: string, relative: string, content: Content): Promise<FileStamp> {
  const file = path.join(outDir, STAGING_DIR, relative);
  await makeFolder(path.dirname(file));
  return writePieces(file, content);
}

/**
 * A file written piece by piece, synchronously: a run writes a thousand small
 * files, and through the thread pool each write waited its turn; the pieces
 * (the run state's) are never one string.
 */
function writePieces(file: string, content: Content): FileStamp {
  const fd = openSync(file, 'w');
  try {
    for (const piece of typeof content === 'string' ? [content] : content) {
      const bytes = Buffer.from(piece, 'utf8');
      // a write may take fewer bytes than it was given (a full disk): the rest is written, or the error thrown
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    }
    const { size, mtimeMs } = fstatSync(fd);
    return { size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Makes the staged output current. */
export async function commitStaging(outDir: string, commit: Commit): Promise<void> {
  const record = path.join(outDir, STAGING_DIR, COMMIT_FILE);
  await writeFile(`${record}.jobmap-tmp`, JSON.stringify(commit));
  await rename(`${record}.jobmap-tmp`, record);
  await pauseAt('committed');
  await applyCommit(outDir, commit);
}

export type Recovery = 'none' | 'discarded' | 'finished';

const RECOVERED = {
  discarded:
    'an earlier run into this output folder was stopped before it finished; what it had written was thrown away, and the output it found was kept until this run replaced it',
  finished: 'an earlier run into this output folder was stopped while making its output current; that was finished before this run',
} as const;

/** What the user is told about a recovery: nothing, or what was found in the output folder and done with it. */
export function recoveryMessages(recovery: Recovery, outDir: string): JobmapMessage[] {
  return recovery === 'none' ? [] : [infoMessage('output', RECOVERED[recovery], { ruleId: 'recovered', place: placeAt(outDir) })];
}

/**
 * What an interrupted run left: a staging folder without a commit record is
 * thrown away (the previous output is whole); one with it is moved into place.
 */
export async function recoverStaging(outDir: string): Promise<Recovery> {
  const staging = path.join(outDir, STAGING_DIR);
  if (!(await stat(staging).catch(() => undefined))) return 'none';
  const commit = await readCommit(path.join(staging, COMMIT_FILE));
  if (!commit) {
    await discardStaging(outDir);
    return 'discarded';
  }
  await applyCommit(outDir, commit);
  return 'finished';
}

async function readCommit(file: string): Promise<Commit | undefined> {
  try {
    const commit = JSON.parse(await readFile(file, 'utf8')) as Partial<Commit>;
    const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string' && !item.split(/[\\/]/).includes('..'));
    return strings(commit.files) && strings(commit.remove) ? (commit as Commit) : undefined;
  } catch {
    return undefined;
  }
}

/** Moves every staged file into place and removes what the commit says; safe to repeat after an interruption. Synchronous, as the staging was. */
async function applyCommit(outDir: string, commit: Commit): Promise<void> {
  const staging = path.join(outDir, STAGING_DIR);
  let moved = 0;
  for (const relative of commit.files) {
    const from = path.join(staging, relative);
    const to = path.join(outDir, relative);
    if (!existsSync(from)) continue; // moved before an interruption
    await makeFolder(path.dirname(to));
    renameSync(from, to);
    if (++moved === 1) await pauseAt('moving');
  }
  for (const relative of commit.remove) rmSync(path.join(outDir, relative), { force: true });
  rmSync(staging, { recursive: true, force: true });
}
