import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` that always ends. Node's recursive mkdir loops for ever where
 * making a folder fails with ENOENT although its parent is there (under /proc,
 * `--out /proc/x` kept a run at 100% CPU). So the missing folders are made one
 * at a time, from the nearest one that exists, and the first failure is thrown
 * with the folder it names. Synchronous inside: a run makes or checks a
 * folder for each of a thousand small files, and each call through the thread
 * pool waited its turn.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !isFolder(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // made meanwhile by another run or worker: fine, if it is a folder
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder(folder)) throw error;
    }
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
