import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JobmapError } from '../errors.js';
import { makeFolder } from '../core/folder.js';

/** The file that says which run owns an output folder; only jobmap writes or removes it. */
export const LOCK_FILE = '.jobmap-lock';

interface LockHolder {
  pid: number;
  host: string;
  started: string;
}

export interface OutputLock {
  release: () => Promise<void>;
}

/**
 * One run at a time writes an output folder: two runs into one folder would
 * interleave their files. The lock is made complete under a private name and
 * then hard-linked into place, which fails if a lock is there, so no run ever
 * reads half a lock. A lock left by a process of this host that is gone (a
 * run killed with SIGKILL) is taken over.
 */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  await makeFolder(outDir);
  const lock = path.join(outDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  const mine = `${lock}.${process.pid}.jobmap-tmp`;
  await writeFile(mine, JSON.stringify(me));
  try {
    if (!(await linked(mine, lock))) {
      const holder = await readHolder(lock);
      if (holder && !isGone(holder)) throw heldBy(holder, outDir, lock);
      // the holder is gone: take its place; a rename replaces the stale lock in one step
      await rename(mine, lock);
      const now = await readHolder(lock);
      if (now?.pid !== me.pid || now.host !== me.host) throw heldBy(now ?? me, outDir, lock);
    }
  } finally {
    await rm(mine, { force: true });
  }
  return {
    release: async () => {
      const holder = await readHolder(lock);
      if (holder?.pid === me.pid && holder.host === me.host) await rm(lock, { force: true });
    },
  };
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readHolder(lock: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(lock, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.started === 'string') return holder as LockHolder;
  } catch {
    // unreadable: treated as a lock nobody holds
  }
  return undefined;
}

/** Only a process of this host can be seen to be gone; one elsewhere (a shared drive) is taken to be alive. */
function isGone(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function heldBy(holder: LockHolder, outDir: string, lock: string): JobmapError {
  return new JobmapError(
    `another jobmap run is writing this output folder (pid ${holder.pid} on ${holder.host}, started ${holder.started}); ` +
      `wait for it to finish, or choose another --out folder (if that run is gone, remove ${lock})`,
    outDir,
  );
}
