import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p` that always ends. Node's recursive mkdir loops for ever where
 * making a folder fails with ENOENT although its parent is there (under /proc,
 * `--out /proc/x` kept a run at 100% CPU). So the missing folders are made one
 * at a time, from the nearest one that exists, and the first failure is thrown
 * with the folder it names.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !(await isFolder(at)); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      // made meanwhile by another run or worker: fine, if it is a folder
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await isFolder(folder))) throw error;
    }
  }
}

async function isFolder(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
